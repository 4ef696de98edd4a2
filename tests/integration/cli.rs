//! The real binary: commands, output files and exit codes (0 / 1 / 2).

use std::process::{Command, Output};

use crate::support::root;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn render_prints_markdown_and_is_deterministic() {
    let a = run(&["render", "arguments/great-purges.yaml"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert!(stdout(&a).starts_with("# How far was Stalin"));
    let b = run(&["render", "arguments/great-purges.yaml"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn render_json_has_the_documented_shape() {
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "schema",
        "question",
        "judgement",
        "ranking",
        "sections",
        "others",
        "conclusion",
        "checklist",
    ] {
        assert!(v.get(key).is_some(), "no `{key}`");
    }
    assert!(v["question"]["kind"].is_string());
    assert!(v["judgement"]["source"].is_string());
    for s in v["sections"].as_array().unwrap() {
        for key in [
            "interpretation",
            "role",
            "comparison",
            "criterion",
            "evidence",
        ] {
            assert!(s.get(key).is_some(), "a section has no `{key}`");
        }
    }
    assert_eq!(v["judgement"]["extent"], "some");
}

#[test]
fn output_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, magic) in [
        ("plan.docx", &b"PK"[..]),
        ("plan.json", b"{"),
        ("plan.md", b"# "),
    ] {
        let path = dir.path().join(name);
        let o = run(&[
            "render",
            "tests/fixtures/valid/minimal.yaml",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(std::fs::read(&path).unwrap().starts_with(magic), "{name}");
    }
}

#[test]
fn invalid_map_exits_1_with_file_line_and_column() {
    let o = run(&["render", "tests/fixtures/invalid/dangling-supports.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty(), "a refused map must produce no plan");
    let e = stderr(&o);
    assert!(
        e.contains("tests/fixtures/invalid/dangling-supports.yaml:15:16"),
        "{e}"
    );
    assert!(e.contains("did you mean `alpha`?"));
}

#[test]
fn check_exit_codes_and_deny_warnings() {
    assert_eq!(
        run(&["check", "tests/fixtures/valid/minimal.yaml"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "tests/fixtures/valid/warnings.yaml"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&[
            "check",
            "--deny-warnings",
            "tests/fixtures/valid/warnings.yaml"
        ])
        .status
        .code(),
        Some(1)
    );
    let o = run(&[
        "check",
        "tests/fixtures/valid/minimal.yaml",
        "tests/fixtures/invalid/multi-error.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("minimal.yaml: ok"));
}

#[test]
fn check_json_lists_diagnostics() {
    let o = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/invalid/unknown-key.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v[0];
    assert_eq!(d["file"], "tests/fixtures/invalid/unknown-key.yaml");
    assert_eq!(d["line"], 15);
    assert_eq!(d["column"], 5);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-key");
    assert!(d["hint"].as_str().unwrap().contains("supports"));
}

#[test]
fn misuse_exits_2() {
    let o = run(&[
        "render",
        "arguments/great-purges.yaml",
        "--question",
        "paranoya",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `paranoia`?"));
    assert_eq!(run(&["render"]).status.code(), Some(2));
    assert_eq!(
        run(&["render", "x.yaml", "--level", "expert"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "-o",
        "plan.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!root().join("plan.txt").exists());
}

#[test]
fn missing_file_is_refused_cleanly() {
    let o = run(&["render", "no/such/map.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/map.yaml"));
}

#[test]
fn list_shows_every_shipped_map() {
    let o = run(&["list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for f in crate::support::files("arguments", "yaml") {
        assert!(out.contains(f.file_stem().unwrap().to_str().unwrap()));
    }
    assert!(out.contains("How far was Stalin's paranoia responsible"));
}

#[test]
fn new_prints_a_map_that_passes_check() {
    let o = run(&["new"]);
    assert_eq!(o.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.yaml");
    std::fs::write(&path, &o.stdout).unwrap();
    let c = run(&["check", "--deny-warnings", path.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
}

#[test]
fn schema_is_draft_07() {
    let o = run(&["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(v["additionalProperties"], false);
}

#[test]
fn templates_export_and_override() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t");
    let o = run(&["templates", "export", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(t.join("plan.md").exists() && t.join("checklist.md").exists());
    // Override one file; the rest fall back to the built-ins.
    std::fs::remove_file(t.join("plan.md")).unwrap();
    std::fs::write(
        t.join("plan.md"),
        "# Custom: {{ plan.question.text }}\n{% include \"checklist.md\" %}",
    )
    .unwrap();
    std::fs::remove_file(t.join("checklist.md")).unwrap();
    let o = run(&[
        "render",
        "tests/fixtures/valid/specials.yaml",
        "--templates",
        t.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("# Custom: How far was Lenin's \\*leadership\\*"),
        "{out}"
    );
    assert!(out.contains("## 6. Evidence checklist"));
}

/// Render the minimal fixture with `plan.md` replaced by `source`.
fn render_with_plan_template(source: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.md"), source).unwrap();
    run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "--templates",
        dir.path().to_str().unwrap(),
    ])
}

#[test]
fn broken_or_runaway_templates_exit_1_naming_template_and_line() {
    for (source, expected) in [
        (
            "# {{ plan.question.text }}\n\n{{ plan.no_such_field }}\n",
            "template plan.md:3",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            "template plan.md",
        ),
        ("{% if %}", "template plan.md:1"),
    ] {
        let o = render_with_plan_template(source);
        assert_eq!(o.status.code(), Some(1), "{source}");
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
        assert!(o.stdout.is_empty(), "no partial plan");
    }
}

#[test]
fn hostile_inputs_are_refused_fast() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.yaml");
    std::fs::write(
        &huge,
        "format: 1\ncontext: ".to_string() + &"x".repeat(6 * 1024 * 1024),
    )
    .unwrap();
    let random = dir.path().join("random.yaml");
    std::fs::write(
        &random,
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    for path in [
        huge.to_str().unwrap(),
        random.to_str().unwrap(),
        "tests/fixtures/invalid/alias-bomb.yaml",
        "tests/fixtures/invalid/deep-nesting.yaml",
        "tests/fixtures/invalid/empty.yaml",
        "tests/fixtures/invalid/not-utf8.yaml",
        "tests/fixtures/invalid/not-a-mapping.yaml",
    ] {
        let o = run(&["check", path]);
        assert_eq!(o.status.code(), Some(1), "{path}: {}", stderr(&o));
        assert!(stderr(&o).contains("error:"), "{path}");
    }
}

#[test]
fn docx_is_not_written_to_a_pipe_unasked_but_is_with_format() {
    // stdout here is a pipe, so DOCX bytes may be redirected.
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "--format",
        "docx",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"PK"));
}

/// Pictures in every output (issue 15): the Word plan shows the judgement
/// line with alt text on its first page, a Markdown plan written to a file
/// links the line drawn as SVG beside it and carries the map as Mermaid,
/// and JSON has neither.
#[test]
fn plans_carry_their_pictures_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("plan.docx");
    let o = run(&[
        "render",
        "arguments/great-purges.yaml",
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let bytes = std::fs::read(&docx).unwrap();
    let xml = crate::support::docx_part(&bytes, "word/document.xml");
    let drawing = xml.find("<w:drawing>").expect("a picture in the plan");
    let first_heading = xml.find("4. The factors").unwrap();
    assert!(
        drawing < first_heading,
        "the judgement line comes before the factors"
    );
    let descr = xml[drawing..].split("descr=\"").nth(1).unwrap();
    assert!(descr.split('"').next().unwrap().len() > 40, "real alt text");
    assert!(
        descr.contains("Stalin"),
        "the alt text names the interpretations"
    );

    let md = dir.path().join("plan.md");
    let o = run(&[
        "render",
        "arguments/great-purges.yaml",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("![Judgement line](plan.judgement-line.svg)"));
    assert!(text.contains("```mermaid"));
    let svg = std::fs::read_to_string(dir.path().join("plan.judgement-line.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("the SVG beside the plan parses");

    let o = run(&["render", "arguments/great-purges.yaml"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("```mermaid") && !stdout.contains("judgement-line"));
    let o = run(&["render", "arguments/great-purges.yaml", "--format", "json"]);
    let json = String::from_utf8_lossy(&o.stdout);
    assert!(!json.contains("mermaid") && !json.contains("<svg"));
}
