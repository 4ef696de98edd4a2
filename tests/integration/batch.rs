//! Batch generation from messy rosters: files, names, manifest, exit code.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::root;

fn batch(roster: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    batch_bytes(roster.as_bytes(), extra)
}

/// Run a batch of the weighted fixture on a roster of raw bytes, into
/// `out/` of a fresh temporary folder.
fn batch_bytes(roster: &[u8], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let roster_path = dir.path().join("roster.csv");
    std::fs::write(&roster_path, roster).unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "batch".to_string(),
        "tests/fixtures/valid/weighted.yaml".into(),
        "--roster".into(),
        roster_path.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args(&args)
        .current_dir(root())
        .output()
        .unwrap();
    (dir, o)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_clean_roster_writes_a_plan_each() {
    let (dir, o) = batch(
        "name,question,level,mode\nAnna Petrova,focus,support,plan\nBen Okafor,,stretch,\nChloé Martin,rival,,\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let out = dir.path().join("out");
    assert_eq!(
        names(&out),
        [
            "Anna-Petrova.md",
            "Ben-Okafor.md",
            "Chloé-Martin.md",
            "manifest.csv"
        ]
    );
    let anna = std::fs::read_to_string(out.join("Anna-Petrova.md")).unwrap();
    assert!(anna.contains("**Student:** Anna Petrova") && anna.contains("Sentence starters"));
    let ben = std::fs::read_to_string(out.join("Ben-Okafor.md")).unwrap();
    assert!(ben.contains("To what extent was the named factor") && ben.contains("Counterfactual"));
    assert!(err(&o).contains("3 plans written"));
}

#[test]
fn spreadsheet_exports_are_read() {
    // BOM, CRLF, `;`, quoted separators and newlines, extra columns.
    let roster = "\u{feff}Name ; Question;LEVEL;Mode;Email\r\n\"Okafor; Ben\";rival;core;plan;b@x\r\n\"Anna\nPetrova\";;;;a@x\r\n";
    let (dir, o) = batch(roster, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ignoring column email"));
    assert_eq!(
        names(&dir.path().join("out")),
        ["Anna-Petrova.md", "Okafor-Ben.md", "manifest.csv"]
    );
    let tabs = "name\tquestion\nDee\trival\n";
    let (dir, o) = batch(tabs, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(names(&dir.path().join("out")), ["Dee.md", "manifest.csv"]);
}

#[test]
fn utf16_rosters_are_read() {
    let text = "name,question\nÉmile,rival\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (dir, o) = batch_bytes(&bytes, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(dir.path().join("out/Émile.md").exists());
}

#[test]
fn bad_rows_are_reported_and_the_rest_written() {
    let roster = "name,question,level,mode\nGood One,,,\n,focus,,\nBad Q,nope,,\nBad L,,expert,\nBad M,,,essay\nGood Two,,,\n";
    let (dir, o) = batch(roster, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("line 3: the name is empty"), "{e}");
    assert!(e.contains("line 4: unknown question \"nope\""), "{e}");
    assert!(e.contains("line 5: unknown level \"expert\""), "{e}");
    assert!(e.contains("line 6: unknown mode \"essay\""), "{e}");
    assert!(
        e.contains("2 plans written") && e.contains("4 rows failed"),
        "{e}"
    );
    let out = dir.path().join("out");
    assert_eq!(names(&out), ["Good-One.md", "Good-Two.md", "manifest.csv"]);
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(manifest.starts_with("\u{feff}line,name,question,level,mode,file,status"));
    assert!(manifest.contains("2,Good One,focus,core,plan,Good-One.md,written"));
    assert!(manifest.contains("4,Bad Q,nope,,,,"));
}

#[test]
fn hostile_and_colliding_names_stay_inside_the_folder() {
    let roster = "name\n../../etc/passwd\n/abs/path\nCON\n.hidden\nAnna Petrova\nanna petrova\nAnna-Petrova\n=HYPERLINK(\"x\")\n";
    let (dir, o) = batch(roster, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let out = dir.path().join("out");
    assert_eq!(
        names(&out),
        [
            "Anna-Petrova-3.md",
            "Anna-Petrova.md",
            "CON-plan.md",
            "HYPERLINK-x.md",
            "abs-path.md",
            "anna-petrova-2.md",
            "etc-passwd.md",
            "hidden.md",
            "manifest.csv"
        ]
    );
    assert_eq!(
        names(dir.path()),
        ["out", "roster.csv"],
        "nothing outside the output folder"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(manifest.contains("'=HYPERLINK"), "formula not neutralised");
}

#[test]
fn rotate_deals_questions_row_by_row() {
    let (dir, o) = batch("name\nA\nB\nC\n", &["--rotate"]);
    assert_eq!(o.status.code(), Some(0));
    let out = dir.path().join("out");
    let q = |f: &str| {
        std::fs::read_to_string(out.join(f))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert!(q("A.md").contains("named factor"));
    assert!(q("B.md").contains("The rival was decisive"));
    assert_eq!(q("A.md"), q("C.md"));
}

#[test]
fn docx_batch_is_deterministic_and_combined() {
    let roster = "name\nA\nB\n";
    let (d1, o1) = batch(roster, &["--format", "docx"]);
    let combined = d1.path().join("all.docx");
    let (d2, o2) = batch(
        roster,
        &["--format", "docx", "--combined", combined.to_str().unwrap()],
    );
    assert_eq!(o1.status.code(), Some(0), "{}", err(&o1));
    assert_eq!(o2.status.code(), Some(0), "{}", err(&o2));
    for f in ["A.docx", "B.docx", "manifest.csv"] {
        assert_eq!(
            std::fs::read(d1.path().join("out").join(f)).unwrap(),
            std::fs::read(d2.path().join("out").join(f)).unwrap(),
            "{f}"
        );
    }
    let doc = crate::support::docx_part(&std::fs::read(&combined).unwrap(), "word/document.xml");
    assert!(doc.contains("Student:"));
    assert_eq!(
        doc.matches("<w:sectPr>").count(),
        2,
        "each plan in a section of its own, on a new page"
    );
    let header = crate::support::docx_part(
        &std::fs::read(d1.path().join("out/A.docx")).unwrap(),
        "word/header1.xml",
    );
    assert!(header.contains("· A"), "the header names the student");
}

#[test]
fn unreadable_rosters_exit_1_with_a_hint() {
    let (_d, o) = batch("email,level\nx@y,core\n", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no `name` column"));
    let (_d, o) = batch("name\n\"unterminated\n", &[]);
    assert!(matches!(o.status.code(), Some(0) | Some(1)));
}

/// The text of a DOCX part, run by run.
fn docx_text(bytes: &[u8], part: &str) -> String {
    let xml = crate::support::docx_part(bytes, part);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn batch_docx_says_what_a_single_conversion_says() {
    use essayplan::batch::{Job, Roster, run};
    use essayplan::plan::{Level, Mode, PlanOptions};
    use essayplan::render::{Format, Templates};
    let loaded = crate::support::load(Path::new("tests/fixtures/valid/weighted.yaml")).unwrap();
    let templates = Templates::builtin();
    let roster = Roster::parse(
        "r.csv",
        "name,level,mode\nAnna <Petrova> & *Co*,support,plan\n\"Ben\n  O'Kafor\",,model\nЧлое 王,stretch,\n".as_bytes(),
    )
    .unwrap();
    let job = Job {
        map: &loaded.map,
        templates: &templates,
        format: Format::Docx,
        defaults: PlanOptions::default(),
        rotate: false,
        question: None,
        layout: Default::default(),
        progress: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let result = run(&job, &roster, dir.path(), None).unwrap();
    assert!(result.failures.is_empty());
    let q = &loaded.map.questions[0];
    for (outcome, (name, level, mode)) in result.outcomes.iter().zip([
        ("Anna <Petrova> & *Co*", Level::Support, Mode::Plan),
        ("Ben O'Kafor", Level::Core, Mode::Model),
        ("Члое 王", Level::Stretch, Mode::Plan),
    ]) {
        let written = std::fs::read(dir.path().join(outcome.file.as_ref().unwrap())).unwrap();
        let options = PlanOptions {
            brevity: Default::default(),
            level,
            mode,
            student: Some(name.into()),
            ..Default::default()
        };
        let single = crate::support::docx_of(&essayplan::plan::build(&loaded.map, q, &options));
        for part in ["word/document.xml", "word/header1.xml"] {
            assert_eq!(
                docx_text(&written, part),
                docx_text(&single, part),
                "{name}: {part}"
            );
        }
        assert!(docx_text(&written, "word/header1.xml").contains(name));
    }
}

#[test]
fn a_default_question_fills_empty_cells() {
    let (dir, o) = batch("name,question\nA,\nB,focus\n", &["--question", "rival"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let first = |f: &str| {
        std::fs::read_to_string(dir.path().join("out").join(f))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert!(first("A.md").contains("The rival was decisive"));
    assert!(first("B.md").contains("named factor"));
    let (_d, o) = batch("name\nA\n", &["--question", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn windows_1252_rosters_are_read_with_a_warning() {
    let (dir, o) = batch_bytes(b"name,question\nChlo\xe9 Martin,rival\n", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("Windows-1252"));
    assert!(dir.path().join("out/Chloé-Martin.md").exists());
}
