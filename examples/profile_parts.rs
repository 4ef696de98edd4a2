use essayplan::{
    map,
    plan::{self, PlanOptions},
    render::{Templates, docx},
};
use std::path::Path;
use std::time::Instant;
fn main() {
    let loaded = map::from_file(Path::new("arguments/great-purges.yaml")).unwrap();
    let q = &loaded.map.questions[0];
    let t = Templates::builtin();
    let n = 200;
    let s = Instant::now();
    for _ in 0..n {
        let _ = plan::build(&loaded.map, q, &PlanOptions::default());
    }
    println!("plan {:?}", s.elapsed() / n);
    let p = plan::build(&loaded.map, q, &PlanOptions::default());
    let s = Instant::now();
    for _ in 0..n {
        let _ = t.render(&p).unwrap();
    }
    println!("md {:?}", s.elapsed() / n);
    let md = t.render(&p).unwrap();
    let info = docx::DocInfo::for_plan(&p, Default::default());
    let s = Instant::now();
    for _ in 0..n {
        let _ = docx::from_markdown(&md, &info);
    }
    println!("docx {:?}", s.elapsed() / n);
    let d = docx::from_markdown(&md, &info);
    let dir = tempfile::tempdir().unwrap();
    let s = Instant::now();
    for i in 0..n {
        essayplan::output::write_atomic(&dir.path().join(format!("{i}.docx")), &d).unwrap();
    }
    println!("write {:?}", s.elapsed() / n);
    let s = Instant::now();
    for _ in 0..n {
        let _ = map::from_file(Path::new("arguments/great-purges.yaml")).unwrap();
    }
    println!("load {:?}", s.elapsed() / n);
}
