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
//! run it), and the ratio. pandoc is skipped when it is not installed.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use essayplan::map;
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
        let doc = docx::from_markdown(&md, &docx::DocInfo::for_plan(&plan, Default::default()));
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
}
