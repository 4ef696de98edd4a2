//! The command line follows the conventions users of such tools expect:
//! contradictions refused, --quiet/--verbose, colour only on a terminal,
//! completions and a man page, examples in help, maps built in, `new FILE`,
//! and PDF through LibreOffice.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::root;

fn essayplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_essayplan"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    essayplan().args(args).output().unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    essayplan().args(args).current_dir(dir).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SUBCOMMANDS: [&str; 10] = [
    "render",
    "list",
    "check",
    "batch",
    "new",
    "schema",
    "templates",
    "completions",
    "manpage",
    "serve",
];

#[test]
fn a_format_contradicting_the_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [("x.docx", "md"), ("x.md", "docx"), ("x.pdf", "json")] {
        let path = dir.path().join(name);
        let o = run(&[
            "render",
            "tests/fixtures/valid/minimal.yaml",
            "-o",
            path.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(2), "{name} --format {format}");
        assert!(err(&o).contains("--format asks for"), "{}", err(&o));
        assert!(!path.exists());
    }
    // An extension that implies nothing may be given a format.
    let path = dir.path().join("plan.txt");
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "-o",
        path.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn annotate_without_model_mode_is_refused_with_a_hint() {
    let o = run(&["render", "tests/fixtures/valid/minimal.yaml", "--annotate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("hint: add --mode model"), "{}", err(&o));
    assert!(o.stdout.is_empty());
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "--annotate",
        "--mode",
        "model",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn batch_annotate_needs_a_model_answer_somewhere() {
    let dir = tempfile::tempdir().unwrap();
    let batch = |roster: &str, extra: &[&str]| {
        std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
        let mut args = vec![
            "batch",
            "tests/fixtures/valid/minimal.yaml",
            "--roster",
            dir.path().join("roster.csv").to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
            "--annotate",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        args.extend(extra.iter().map(|s| s.to_string()));
        essayplan().args(&args).output().unwrap()
    };
    let o = batch("name\nAnna\n", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("hint: add --mode model"), "{}", err(&o));
    assert_eq!(batch("name,mode\nAnna,model\n", &[]).status.code(), Some(0));
    assert_eq!(
        batch("name\nAnna\n", &["--mode", "model"]).status.code(),
        Some(0)
    );
}

#[test]
fn batch_help_lists_only_the_formats_batch_writes() {
    let help = out(&run(&["batch", "--help"]));
    let format = help.split("--format").nth(1).unwrap();
    let format = format.split("\n  -").next().unwrap();
    for f in ["md", "docx", "pdf"] {
        assert!(format.contains(&format!("- {f}")), "{format}");
    }
    assert!(!format.contains("json"), "{format}");
    let o = run(&[
        "batch", "x.yaml", "--roster", "r.csv", "--out", "o", "--format", "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn combined_must_be_named_docx() {
    let o = run(&[
        "batch",
        "tests/fixtures/valid/minimal.yaml",
        "--roster",
        "r.csv",
        "--out",
        "o",
        "--combined",
        "all.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("name it .docx"), "{}", err(&o));
}

#[test]
fn every_command_takes_quiet_and_verbose_and_ends_its_help_with_examples() {
    for sub in SUBCOMMANDS {
        let help = out(&run(&[sub, "--help"]));
        assert!(help.contains("--quiet"), "{sub}");
        assert!(help.contains("--verbose"), "{sub}");
        let tail: Vec<&str> = help.trim_end().lines().rev().take(4).collect();
        assert!(
            tail.iter()
                .filter(|l| l.starts_with("  essayplan "))
                .count()
                >= 2,
            "{sub} --help does not end with examples:\n{help}"
        );
        assert!(help.contains("Examples:"), "{sub}");
    }
}

#[test]
fn quiet_says_nothing_and_verbose_says_more() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.md");
    let p = path.to_str().unwrap();
    // The warnings fixture warns on every load.
    let map = "tests/fixtures/valid/warnings.yaml";
    let normal = run(&["render", map, "-o", p]);
    assert!(err(&normal).contains("wrote") && err(&normal).contains("warning"));
    let quiet = run(&["--quiet", "render", map, "-o", p]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(err(&quiet), "");
    let verbose = run(&["render", map, "-o", p, "--verbose"]);
    assert!(err(&verbose).contains("rendered in"), "{}", err(&verbose));
    // Errors are still reported when quiet.
    let o = run(&[
        "render",
        "tests/fixtures/invalid/dangling-supports.yaml",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("error"));
    let o = run(&["--quiet", "--verbose", "list"]);
    assert_eq!(o.status.code(), Some(2), "the two contradict");
}

/// Run under a pseudo-terminal (util-linux `script`), returning what the
/// terminal showed; `None` where `script` is missing.
fn on_a_terminal(args: &str, envs: &[(&str, &str)], dir: &Path) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_essayplan");
    let mut c = Command::new("script");
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm");
    for (k, v) in envs {
        c.env(k, v);
    }
    let o = c.output().ok()?;
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

fn need_script() -> bool {
    let found = Command::new("script").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have util-linux `script`"
        );
        eprintln!("skipped: no `script` for a pseudo-terminal");
    }
    found
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    if !need_script() {
        return;
    }
    let bad = "check tests/fixtures/invalid/dangling-supports.yaml";
    let tty = on_a_terminal(bad, &[], &root()).unwrap();
    assert!(tty.contains('\u{1b}'), "no colour on a terminal: {tty}");
    let no_color = on_a_terminal(bad, &[("NO_COLOR", "1")], &root()).unwrap();
    assert!(!no_color.contains('\u{1b}'), "{no_color}");
    assert!(no_color.contains("error"));
    let piped = run(&["check", "tests/fixtures/invalid/dangling-supports.yaml"]);
    assert!(!err(&piped).contains('\u{1b}'));
}

#[test]
fn combined_assembly_shows_progress_on_a_terminal() {
    if !need_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..40).map(|i| format!("Student {i}")).collect();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("name\n{}\n", names.join("\n")),
    )
    .unwrap();
    let map = root().join("tests/fixtures/valid/weighted.yaml");
    let shown = on_a_terminal(
        &format!(
            "batch {} --roster roster.csv --out out --combined all.docx",
            map.display()
        ),
        &[],
        dir.path(),
    )
    .unwrap();
    assert!(shown.contains("plans into one document"), "{shown}");
    assert!(dir.path().join("all.docx").exists());
}

#[test]
fn completions_for_four_shells_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = out(&o);
        assert!(
            script.contains("essayplan") && script.contains("render"),
            "{shell}"
        );
        assert!(script.contains("font-size"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    let o = run(&["manpage"]);
    assert_eq!(o.status.code(), Some(0));
    let man = out(&o);
    assert!(man.contains(".TH essayplan"), "{man}");
    assert!(man.contains("render"));
}

#[test]
fn the_shipped_maps_are_built_in() {
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run_in(elsewhere.path(), &["list"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for f in crate::support::files("arguments", "yaml") {
        let stem = f.file_stem().unwrap().to_str().unwrap();
        assert!(out(&o).contains(&format!("{stem}\n")), "{stem} not listed");
    }
    // By name from anywhere, as the file would give.
    let by_name = run_in(elsewhere.path(), &["render", "great-purges"]);
    assert_eq!(by_name.status.code(), Some(0), "{}", err(&by_name));
    let by_file = run(&["render", "arguments/great-purges.yaml"]);
    assert_eq!(by_name.stdout, by_file.stdout);
    let o = run_in(elsewhere.path(), &["check", "great-purges"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // A file always wins.
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        elsewhere.path().join("great-purges"),
    )
    .unwrap();
    let file = run_in(elsewhere.path(), &["render", "great-purges"]);
    assert_eq!(file.status.code(), Some(0), "{}", err(&file));
    assert_ne!(file.stdout, by_file.stdout);
    // An unknown name is still a missing file.
    let o = run_in(elsewhere.path(), &["render", "no-such-map"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn new_file_writes_the_skeleton_and_the_schema_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("maps").join("my-map.yaml");
    std::fs::create_dir(dir.path().join("maps")).unwrap();
    let o = run(&["new", map.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let skeleton = std::fs::read_to_string(&map).unwrap();
    assert_eq!(skeleton.as_bytes(), run(&["new"]).stdout.as_slice());
    let modeline = skeleton.lines().next().unwrap();
    let schema_name = modeline.split("$schema=").nth(1).unwrap();
    let schema = std::fs::read(dir.path().join("maps").join(schema_name)).unwrap();
    assert_eq!(schema, run(&["schema"]).stdout, "the schema beside the map");
    let c = run(&["check", "--deny-warnings", map.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0), "{}", err(&c));
    // The skeleton keeps the default criteria.
    let plan = out(&run(&["render", map.to_str().unwrap()]));
    for criterion in ["Necessity", "Scale", "Timing"] {
        assert!(plan.contains(criterion), "{criterion} missing");
    }
    // Never overwritten.
    let o = run(&["new", map.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&map).unwrap(), skeleton);
}

fn have_soffice() -> bool {
    let found = essayplan::pdf::soffice().is_some();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (libreoffice-writer)"
        );
        eprintln!("skipped: no soffice on the PATH");
    }
    found
}

#[test]
fn pdf_without_libreoffice_names_the_package() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    let o = essayplan()
        .args([
            "render",
            "tests/fixtures/valid/minimal.yaml",
            "-o",
            path.to_str().unwrap(),
        ])
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("`soffice` is not on the PATH"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("libreoffice-writer"), "{}", err(&o));
    assert!(!path.exists());
}

#[test]
fn pdf_through_libreoffice_for_render_and_batch() {
    if !have_soffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));

    std::fs::write(dir.path().join("roster.csv"), "name\nAnna\nBen\n").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "batch",
            root()
                .join("tests/fixtures/valid/minimal.yaml")
                .to_str()
                .unwrap(),
            "--roster",
            "roster.csv",
            "--out",
            "out",
            "--format",
            "pdf",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for f in ["Anna.pdf", "Ben.pdf"] {
        let bytes = std::fs::read(dir.path().join("out").join(f)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{f}");
    }
}
