//! Output safety and robustness (issue 13, the findings F1–F23 of the
//! reliability review): nothing lost, nothing overwritten, nothing
//! unreadable. Each test names the finding it covers.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::root;

const MINIMAL: &str = "tests/fixtures/valid/minimal.yaml";
const WEIGHTED: &str = "tests/fixtures/valid/weighted.yaml";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn no_panic(o: &Output) {
    assert!(!err(o).contains("panicked"), "{}", err(o));
    assert_ne!(o.status.code(), Some(101));
}

/// A batch of the weighted fixture on `roster`, into `dir/out`.
fn batch_in(dir: &Path, roster: &str, extra: &[&str]) -> Output {
    let roster_path = dir.join("roster.csv");
    std::fs::write(&roster_path, roster).unwrap();
    let out = dir.join("out");
    let mut args = vec![
        "batch".to_string(),
        WEIGHTED.into(),
        "--roster".into(),
        roster_path.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

fn temporaries(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".essayplan-")
        })
        .count()
}

// ---------------------------------------------------------------- F1

#[cfg(unix)]
#[test]
fn f1_output_onto_a_device_or_fifo_writes_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null.md");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = run(&["render", MINIMAL, "-o", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    // The device itself (as root, the old code replaced /dev/null).
    let o = run(&["render", MINIMAL, "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A FIFO: the reader gets the plan, and the FIFO stays a FIFO.
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = run(&["render", MINIMAL, "-f", "md", "-o", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(reader.join().unwrap().starts_with(b"# "));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn f1_dash_is_standard_output_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args([
            "render",
            &root().join(MINIMAL).display().to_string(),
            "-o",
            "-",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(o.stdout.starts_with(b"# "));
    assert!(!dir.path().join("-").exists(), "no file named `-`");
    let map = std::fs::read(root().join(MINIMAL)).unwrap();
    let o = run_with_stdin(&["render", "-"], &map);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(o.stdout, run(&["render", MINIMAL]).stdout);
    let o = run_with_stdin(&["check", "-"], b"title: [oops\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("<stdin>"), "{}", err(&o));
}

// ---------------------------------------------------------------- F2

#[cfg(unix)]
#[test]
fn f2_modes_follow_the_umask_and_read_only_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    // What the umask gives a new file (the child inherits ours).
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let expected = mode(&probe);
    let plan = dir.path().join("plan.md");
    let o = run(&["render", MINIMAL, "-o", plan.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(mode(&plan), expected, "not 0600");
    // A batch and its manifest too.
    let o = batch_in(dir.path(), "name\nA\n", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(mode(&dir.path().join("out/A.md")), expected);
    assert_eq!(mode(&dir.path().join("out/manifest.csv")), expected);
    // A replaced file keeps its mode.
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = run(&["render", MINIMAL, "-o", plan.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(mode(&plan), 0o640);
    // A read-only file is refused, and says so.
    let ro = dir.path().join("ro.md");
    std::fs::write(&ro, "keep me").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&["render", MINIMAL, "-o", ro.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("read-only"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep me");
    assert_eq!(temporaries(dir.path()), 0);
}

// ---------------------------------------------------------------- F10

#[test]
fn f10_output_onto_the_input_map_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.yaml");
    std::fs::copy(root().join(MINIMAL), &map).unwrap();
    let before = std::fs::read(&map).unwrap();
    let o = run(&[
        "render",
        map.to_str().unwrap(),
        "-f",
        "md",
        "-o",
        map.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("would overwrite the map"), "{}", err(&o));
    assert_eq!(std::fs::read(&map).unwrap(), before);
}

// ---------------------------------------------------------------- F20

#[test]
fn f20_combined_may_not_overwrite_the_batch_or_be_other_than_docx() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A name that is not .docx is misuse (2); one the batch writes is
    // refused (1).
    for (name, why, code) in [
        ("A.docx", "the batch writes a file of that name", 1),
        ("manifest.csv", "name it .docx", 2),
        ("../all.md", "name it .docx", 2),
    ] {
        let combined = out.join(name);
        let o = batch_in(
            dir.path(),
            "name\nA\nB\n",
            &["--format", "docx", "--combined", combined.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(code), "{name}: {}", err(&o));
        assert!(err(&o).contains(why), "{name}: {}", err(&o));
    }
    // Written by a run before: A.docx must still be A's plan.
    let o = batch_in(dir.path(), "name\nA\nB\n", &["--format", "docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let a = std::fs::read(out.join("A.docx")).unwrap();
    let combined = out.join("a.DOCX");
    let o = batch_in(
        dir.path(),
        "name\nA\nB\n",
        &["--format", "docx", "--combined", combined.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "case-insensitive: {}", err(&o));
    assert_eq!(std::fs::read(out.join("A.docx")).unwrap(), a);
}

// ---------------------------------------------------------------- F4, F5

#[test]
fn f4_bad_rows_are_reported_by_their_line_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = batch_in(
        dir.path(),
        "name,level\nA One,core\n\nB Two,expert\nC Three,core\n\n\nD Four,bogus\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("line 4: unknown level \"expert\""), "{e}");
    assert!(e.contains("line 8: unknown level \"bogus\""), "{e}");
    assert!(!e.contains("line 5"), "{e}");
    let manifest = std::fs::read_to_string(dir.path().join("out/manifest.csv")).unwrap();
    assert!(manifest.starts_with("\u{feff}line,name"), "{manifest}");
    assert!(manifest.contains("\n8,D Four,"), "{manifest}");
}

#[test]
fn f5_an_unterminated_quote_is_an_error_at_the_line_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let o = batch_in(
        dir.path(),
        "name,level\nAnna,core\n\"Ben,core\nCara,core\nDan,core\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.contains("line 3: a quoted name or value opens here and is never closed"),
        "{e}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
    // A name holding a line break or the separator is written, with a warning.
    let o = batch_in(
        dir.path(),
        "name,level\n\"Ben\nCara\",core\n\"Dan, Eve\",\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("line 2: the name spans several lines"), "{e}");
    assert!(e.contains("line 4: the name contains the separator"), "{e}");
}

// ---------------------------------------------------------------- F6, F23

#[test]
fn f6_a_blocked_target_fails_its_row_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("out/Jean-Dupont.md")).unwrap();
    let o = batch_in(
        dir.path(),
        "name\nMarie Curie\nJean Dupont\nAmélie Poulain\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.contains("line 3: ") && e.contains("Jean-Dupont.md"),
        "{e}"
    );
    assert!(e.contains("2 plans written"), "{e}");
    let out = dir.path().join("out");
    assert!(out.join("Marie-Curie.md").is_file() && out.join("Amélie-Poulain.md").is_file());
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(
        manifest.contains("3,Jean Dupont,") && manifest.contains("failed"),
        "{manifest}"
    );
    assert_eq!(temporaries(&out), 0);
}

#[test]
fn f23_row_results_are_printed_when_the_manifest_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("out/manifest.csv")).unwrap();
    let o = batch_in(dir.path(), "name,level\nA,core\nB,bogus\n", &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("line 3: unknown level \"bogus\""), "{e}");
    assert!(
        e.contains("1 plan written") && e.contains("1 row failed"),
        "{e}"
    );
    assert!(e.contains("manifest.csv: cannot write"), "{e}");
    assert!(!e.contains("see manifest.csv"), "{e}");
    assert!(dir.path().join("out/A.md").is_file());
}

// ---------------------------------------------------------------- F8

#[test]
fn f8_temporary_files_of_a_killed_run_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // As a killed run leaves them: one of a process that is gone, one of 0.1.
    let dead = out.join(".essayplan-2147483632-x1.tmp");
    std::fs::write(&dead, "half").unwrap();
    let o = batch_in(dir.path(), "name\nA\n", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!dead.exists());
    assert_eq!(temporaries(&out), 0);
}

#[cfg(unix)]
#[test]
fn f8_ctrl_c_removes_the_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut roster = String::from("name\n");
    for i in 0..4000 {
        roster.push_str(&format!("Student {i}\n"));
    }
    std::fs::write(dir.path().join("roster.csv"), &roster).unwrap();
    // Custom templates: every row is converted in full, so staging is slow.
    let templates = dir.path().join("t");
    assert!(
        run(&["templates", "export", templates.to_str().unwrap()])
            .status
            .success()
    );
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args([
            "batch",
            WEIGHTED,
            "--roster",
            dir.path().join("roster.csv").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "docx",
            "--templates",
            templates.to_str().unwrap(),
        ])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until staging has begun, then interrupt.
    let start = std::time::Instant::now();
    while temporaries_or_zero(&out) == 0 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let staged = temporaries_or_zero(&out);
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    if staged > 0 && o.status.code() == Some(130) {
        assert_eq!(temporaries(&out), 0, "{}", err(&o));
    } else {
        // The run finished before the signal: nothing may be left either.
        assert_eq!(temporaries(&out), 0, "{}", err(&o));
    }
}

fn temporaries_or_zero(dir: &Path) -> usize {
    if dir.is_dir() { temporaries(dir) } else { 0 }
}

// ---------------------------------------------------------------- F9

#[cfg(target_os = "linux")]
#[test]
fn f9_a_full_disk_on_standard_output_is_an_error_not_a_panic() {
    for args in [
        &["schema"][..],
        &["new"],
        &["list"],
        &["check", "--format", "json", MINIMAL],
        &["render", MINIMAL],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_essayplan"))
            .args(args)
            .current_dir(root())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        assert!(
            err(&o).contains("cannot write to standard output"),
            "{args:?}"
        );
    }
}

#[test]
fn f9_a_closed_pipe_on_standard_output_is_not_a_panic() {
    for args in [
        &["schema"][..],
        &["new"],
        &["list"],
        &["check", "--format", "json", "tests/fixtures/invalid"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_essayplan"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        no_panic(&o);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            err(&o)
        );
    }
}

// ---------------------------------------------------------------- F17

#[test]
fn f17_check_on_a_folder_without_maps_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let named_like_a_map = dir.path().join("x.yaml");
    std::fs::create_dir(&named_like_a_map).unwrap();
    for path in [dir.path(), named_like_a_map.as_path()] {
        let o = run(&["check", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(err(&o).contains("no maps found"), "{}", err(&o));
    }
}

// ---------------------------------------------------------------- F3

/// Every XML part of a DOCX parses, and its text holds no character XML
/// 1.0 forbids.
fn assert_docx_opens(bytes: &[u8]) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    assert!(!zip.is_empty());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert!(
            text.chars().all(essayplan::render::xmltext::is_xml_char),
            "{name} holds a character XML forbids"
        );
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn f3_characters_xml_forbids_never_reach_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let map = std::fs::read_to_string(root().join(MINIMAL)).unwrap();
    let title = map.lines().find(|l| l.starts_with("title:")).unwrap();
    let hostile = map.replacen(
        title,
        r#"title: "Topic \u0001 \0 \x1b[31m \uFFFE \uFFFF end""#,
        1,
    );
    let path = dir.path().join("f3.yaml");
    std::fs::write(&path, hostile).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let docx = dir.path().join("f3.docx");
    let o = run(&[
        "render",
        path.to_str().unwrap(),
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_docx_opens(&std::fs::read(&docx).unwrap());
    // Roster names, through the built-in and custom templates.
    let templates = dir.path().join("t");
    assert!(
        run(&["templates", "export", templates.to_str().unwrap()])
            .status
            .success()
    );
    for extra in [&[][..], &["--templates", templates.to_str().unwrap()]] {
        let mut args = vec!["--format", "docx"];
        args.extend(extra);
        let o = batch_in(
            dir.path(),
            "name\nAnna \u{FFFF} Petrova\nBen \u{1} Okafor\n",
            &args,
        );
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        for f in ["Anna-Petrova.docx", "Ben-Okafor.docx"] {
            assert_docx_opens(&std::fs::read(dir.path().join("out").join(f)).unwrap());
        }
    }
}

// ---------------------------------------------------------------- F7

#[test]
fn f7_a_template_that_floods_the_docx_is_stopped_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.md"),
        "{% for i in range(100000) %}<!-- lines: 40 -->\n{% endfor %}",
    )
    .unwrap();
    let out = dir.path().join("x.docx");
    let start = std::time::Instant::now();
    let o = run(&[
        "render",
        MINIMAL,
        "--templates",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("more than 50000 paragraphs"),
        "{}",
        err(&o)
    );
    assert!(start.elapsed().as_secs() < 30);
    assert!(!out.exists());
}

#[test]
fn f7_combined_is_streamed_past_the_one_document_cap_and_opens() {
    // The combined document is built plan by plan, past the cap on one
    // document.
    let dir = tempfile::tempdir().unwrap();
    let mut roster = String::from("name,level,mode\n");
    // Evidence banks: about 370 paragraphs each, so 160 of them hold more
    // than one document may.
    for i in 0..160 {
        let level = ["support", "core", "stretch"][i % 3];
        let mode = if i == 0 { "model" } else { "bank" };
        roster.push_str(&format!("Student {i},{level},{mode}\n"));
    }
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let combined = dir.path().join("all.docx");
    let o = run(&[
        "batch",
        "arguments/great-purges.yaml",
        "--roster",
        dir.path().join("roster.csv").to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
        "--format",
        "docx",
        "--annotate",
        "--combined",
        combined.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let bytes = std::fs::read(&combined).unwrap();
    assert_docx_opens(&bytes);
    let doc = crate::support::docx_part(&bytes, "word/document.xml");
    assert!(doc.matches("<w:p>").count() + doc.matches("<w:p ").count() > 50_000);
    assert!(doc.matches(r#"w:type="page""#).count() >= 159);
    for i in [0, 159] {
        assert!(doc.contains(&format!("Student {i}")), "student {i}");
    }
    // Every comment referenced exists once; every list numbering exists.
    let comments = crate::support::docx_part(&bytes, "word/comments.xml");
    let refs: Vec<&str> = doc
        .split("<w:commentReference w:id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!refs.is_empty());
    let unique: std::collections::HashSet<&str> = refs.iter().copied().collect();
    assert_eq!(unique.len(), refs.len(), "comment ids are unique");
    let ids = |xml: &'_ str, tag: &str| -> Vec<String> {
        xml.split(tag)
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    };
    let defined = ids(&comments, "<w:comment w:id=\"");
    let defined_set: std::collections::HashSet<&str> = defined.iter().map(String::as_str).collect();
    assert_eq!(defined_set.len(), defined.len(), "comments defined once");
    assert!(unique.iter().all(|id| defined_set.contains(id)));
    let numbering = crate::support::docx_part(&bytes, "word/numbering.xml");
    let nums: std::collections::HashSet<String> =
        ids(&numbering, "<w:num w:numId=\"").into_iter().collect();
    for id in ids(&doc, "<w:numId w:val=\"") {
        assert!(nums.contains(&id), "numbering {id}");
    }
    let rels = crate::support::docx_part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("comments.xml"));
}

// ---------------------------------------------------------------- F13, F21

/// Render the minimal map with the templates in `dir`.
fn render_with(dir: &Path) -> Output {
    run(&["render", MINIMAL, "--templates", dir.to_str().unwrap()])
}

#[test]
fn f13_an_error_inside_an_include_keeps_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(&["templates", "export", dir.path().to_str().unwrap()])
            .status
            .success()
    );
    let question = dir.path().join("question.md");
    for (source, reason) in [
        ("{% include \"question.md\" %}\n", "recursion limit"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
            "ran out of fuel",
        ),
        ("{{ plan.typo }}\n", "`plan.typo` is undefined"),
    ] {
        std::fs::write(&question, source).unwrap();
        let o = render_with(dir.path());
        assert_eq!(o.status.code(), Some(1));
        let e = err(&o);
        assert!(e.contains("question.md:1") && e.contains(reason), "{e}");
        assert!(!e.contains("compare it with the built-in"), "{e}");
    }
}

#[cfg(unix)]
#[test]
fn f21_templates_links_out_of_the_folder_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "SECRET ORIGINAL").unwrap();
    let templates = dir.path().join("t");
    assert!(
        run(&["templates", "export", templates.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::remove_file(templates.join("question.md")).unwrap();
    std::os::unix::fs::symlink(&secret, templates.join("question.md")).unwrap();
    let o = render_with(&templates);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("SECRET"));
    assert!(
        err(&o).contains("outside the templates folder"),
        "{}",
        err(&o)
    );
}

#[test]
fn f21_a_folder_without_known_templates_is_warned_about_and_sizes_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("readme.txt"), "hello").unwrap();
    std::fs::write(dir.path().join("Plan.md"), "# mine").unwrap();
    let o = render_with(dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("no template here replaces a built-in one"),
        "{e}"
    );
    assert!(e.contains("template names are lower case (plan.md)"), "{e}");
    std::fs::write(dir.path().join("plan.md"), "x".repeat(2 * 1024 * 1024)).unwrap();
    let o = render_with(dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("larger than 1 MB"), "{}", err(&o));
}

// ---------------------------------------------------------------- F16, F19, F22

#[test]
fn f16_reserved_and_decomposed_names_make_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = batch_in(dir.path(), "name\nCOM¹\nLPT²\nZoe\u{308}\n", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let out = dir.path().join("out");
    for f in ["COM¹-plan.md", "LPT²-plan.md", "Zo\u{eb}.md"] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn f19_workbooks_and_utf16_rosters_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    let utf16: Vec<u8> = "name,level\nAnna,core\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for (bytes, what) in [
        (
            b"PK\x03\x04\x14\x00\x06\x00pk\x03\x04".to_vec(),
            "spreadsheet workbook",
        ),
        (utf16, "UTF-16"),
    ] {
        std::fs::write(&roster, &bytes).unwrap();
        let o = run(&[
            "batch",
            WEIGHTED,
            "--roster",
            roster.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        let e = err(&o);
        assert!(e.contains(what) && e.contains("CSV UTF-8"), "{e}");
        assert!(
            !e.contains("no `name` column") && !e.contains('\u{3}'),
            "{e}"
        );
    }
}

#[test]
fn f22_batch_help_offers_only_the_formats_batch_writes() {
    let o = run(&["batch", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    // The option's line and its possible values, up to the next option.
    let start = help.find("--format").unwrap();
    let rest = &help[start..];
    let section = &rest[..rest[2..].find("\n  -").map_or(rest.len(), |i| i + 2)];
    assert!(
        section.contains("docx") && !section.contains("json"),
        "{section}"
    );
}
