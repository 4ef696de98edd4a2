//! Benchmark (not a test): DOCX plans of the shipped Great Purges map built
//! and written, against pandoc converting the same Markdown plan.
//!
//! ```text
//! cargo run --release --example bench [N]        # N documents, default 1000
//! ```
//!
//! Prints the time per document for essayplan (plan + Markdown + DOCX +
//! write, one shared template environment, one thread) and for pandoc
//! (`pandoc plan.md -o plan.docx`, a whole process per document, as users
//! run it), and the ratio. pandoc is skipped when it is not installed. Then a
//! batch: a 1,000-student roster (mixed questions and levels) to 1,000 DOCX
//! plans through `essayplan::batch`, wall time on all cores. Pictures: the
//! judgement line and the interpretation map, each drawn and rasterised. For peak
//! memory, run the same batch through the binary under `/usr/bin/time -v`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use essayplan::map;
use essayplan::picture;
use essayplan::plan::{self, PlanOptions};
use essayplan::render::{Templates, docx};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let loaded =
        map::from_file(Path::new("arguments/great-purges.yaml")).expect("the shipped map loads");
    let question = &loaded.map.questions[0];
    let templates = Templates::builtin();
    let dir = tempfile::tempdir().expect("a temporary folder");

    let start = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let options = PlanOptions {
            student: Some(format!("Student {i}")),
            ..Default::default()
        };
        let plan = plan::build(&loaded.map, question, &options);
        let md = templates.render(&plan).expect("built-in templates render");
        let doc = docx::from_markdown(&md, &docx::DocInfo::for_plan(&plan, &Default::default()));
        bytes = doc.len();
        essayplan::output::write_atomic(&dir.path().join(format!("{i}.docx")), &doc)
            .expect("write");
    }
    let ours = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "essayplan: {n} DOCX plans in {:.3} s, {:.3} ms per plan ({} bytes each)",
        ours * n as f64,
        ours * 1e3,
        bytes
    );

    let plan = plan::build(&loaded.map, question, &PlanOptions::default());
    // Pictures are drawn once per distinct plan: time one of each, SVG
    // written and rasterised to a 1,600 px PNG (A4 text width at 240 dpi).
    let line = picture::adapt::judgement_line(&plan);
    let map_picture = picture::adapt::interpretation_map(&plan);
    let runs = 20;
    let time = |draw: &dyn Fn() -> String| {
        let start = Instant::now();
        for _ in 0..runs {
            picture::png(&draw(), 1600).expect("the picture rasterises");
        }
        start.elapsed().as_secs_f64() * 1e3 / runs as f64
    };
    println!(
        "pictures:  judgement line {:.1} ms, interpretation map {:.1} ms (SVG + 1,600 px PNG each)",
        time(&|| picture::svg(&line)),
        time(&|| picture::svg_map(&map_picture))
    );
    let md_path = dir.path().join("plan.md");
    std::fs::write(&md_path, templates.render(&plan).expect("render")).expect("write");
    let runs = 20;
    let start = Instant::now();
    for i in 0..runs {
        let out = dir.path().join(format!("pandoc-{i}.docx"));
        match Command::new("pandoc")
            .arg(&md_path)
            .arg("-o")
            .arg(&out)
            .status()
        {
            Ok(s) if s.success() => {}
            _ => {
                println!("pandoc: not available; skipped");
                return;
            }
        }
    }
    let theirs = start.elapsed().as_secs_f64() / runs as f64;
    let size = std::fs::metadata(dir.path().join("pandoc-0.docx"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "pandoc:    {runs} conversions, {:.1} ms per document ({size} bytes)",
        theirs * 1e3
    );
    println!(
        "ratio:     essayplan is {:.0}x faster per document; its DOCX is {:.2}x pandoc's size",
        theirs / ours,
        bytes as f64 / size.max(1) as f64
    );

    let mut roster = String::from("name,question,level,mode\n");
    let questions = ["paranoia", "grassroots", "", "fifth-column"];
    let levels = ["support", "core", "stretch", ""];
    for i in 0..1000 {
        roster.push_str(&format!(
            "Student {i:04},{},{},\n",
            questions[i % 4],
            levels[(i / 4) % 4]
        ));
    }
    let roster = essayplan::batch::Roster::parse("roster.csv", roster.as_bytes()).expect("roster");
    let job = essayplan::batch::Job {
        map: &loaded.map,
        templates: &templates,
        format: essayplan::render::Format::Docx,
        defaults: PlanOptions::default(),
        rotate: false,
        question: None,
        layout: Default::default(),
        progress: false,
    };
    let out = dir.path().join("batch");
    let start = Instant::now();
    let result = essayplan::batch::run(&job, &roster, &out, None).expect("batch");
    let wall = start.elapsed().as_secs_f64();
    let per_plan = wall / result.written() as f64;
    println!(
        "batch:     {} DOCX plans from a 1,000-row roster in {:.2} s wall, {:.2} ms per plan (pandoc {:.0}x slower per plan)",
        result.written(),
        wall,
        per_plan * 1e3,
        theirs / per_plan
    );
}
