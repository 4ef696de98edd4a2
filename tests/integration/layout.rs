//! The Word document's layout read back: one `Normal` style with the font,
//! size and language also in the document defaults; tables that print well;
//! a combined batch file with a section per student.

use std::process::{Command, Output};

use essayplan::render::docx::{DocInfo, from_markdown};

use crate::support::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.tag_name().name() == name)
}

/// (font, size in half-points, language) of the document defaults and of
/// every `Normal` style, as a reader resolving the styles part sees them.
fn base_formatting(styles_xml: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(styles_xml).unwrap();
    let mut found = Vec::new();
    let mut read = |rpr: roxmltree::Node| {
        let font = child(rpr, "rFonts").and_then(|f| attr(f, "ascii"));
        let size = child(rpr, "sz").and_then(|f| attr(f, "val"));
        let lang = child(rpr, "lang").and_then(|f| attr(f, "val"));
        found.push((
            font.unwrap_or("").to_string(),
            size.unwrap_or("").to_string(),
            lang.unwrap_or("").to_string(),
        ));
    };
    for n in doc.descendants() {
        match n.tag_name().name() {
            "rPrDefault" => read(child(n, "rPr").unwrap()),
            "style" if attr(n, "styleId") == Some("Normal") => read(child(n, "rPr").unwrap()),
            _ => {}
        }
    }
    found
}

#[test]
fn one_normal_style_and_the_base_formatting_in_the_defaults() {
    let bytes = docx_of(&plan_for(
        &load(std::path::Path::new("tests/fixtures/valid/minimal.yaml")).unwrap(),
        "alpha",
        &Default::default(),
    ));
    let styles = docx_part(&bytes, "word/styles.xml");
    let expected = ("Calibri".to_string(), "22".to_string(), "en-GB".to_string());
    // The defaults, then exactly one Normal.
    assert_eq!(base_formatting(&styles), [expected.clone(), expected]);
    // Single-spaced with 4 pt after each paragraph: the plans' page limits
    // (core 4, support 5, stretch 6 A4 pages) hold at 11 pt only so.
    assert!(
        styles.contains(r#"w:after="80" w:line="240""#),
        "single line spacing"
    );
    assert!(
        styles.contains(r#"w:default="1" w:styleId="Normal""#),
        "Normal is the default paragraph style"
    );
}

#[test]
fn lang_font_and_size_are_chosen_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.docx");
    let o = run(&[
        "render",
        "tests/fixtures/valid/minimal.yaml",
        "--lang",
        "fr-CH",
        "--font",
        "Liberation Serif",
        "--font-size",
        "12.5",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let styles = docx_part(&std::fs::read(&path).unwrap(), "word/styles.xml");
    let expected = (
        "Liberation Serif".to_string(),
        "25".to_string(),
        "fr-CH".to_string(),
    );
    assert_eq!(base_formatting(&styles), [expected.clone(), expected]);

    for (flag, value) in [
        ("--lang", "english"),
        ("--lang", "en_GB"),
        ("--font-size", "3"),
        ("--font-size", "11.3"),
        ("--font", ""),
    ] {
        let o = run(&["render", "tests/fixtures/valid/minimal.yaml", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
    }
}

fn info() -> DocInfo {
    DocInfo {
        title: "T".into(),
        subject: "S".into(),
        header: "H".into(),
        layout: Default::default(),
        images: Default::default(),
    }
}

fn tables(document_xml: &str) -> Vec<roxmltree::Node<'_, '_>> {
    // Leaked so the nodes can be returned; a test's few kilobytes.
    let doc = Box::leak(Box::new(roxmltree::Document::parse(document_xml).unwrap()));
    doc.descendants()
        .filter(|n| n.tag_name().name() == "tbl")
        .collect()
}

#[test]
fn tables_print_well() {
    let md = "| ✓ | Part | Words |\n|---|---|---:|\n| ☐ | Introduction to the essay and its line of argument | 150 |\n| ☑ | Conclusion | 1100 |\n";
    let bytes = from_markdown(md, &info());
    let xml = docx_part(&bytes, "word/document.xml");
    let table = tables(&xml)[0];
    let grid: Vec<usize> = table
        .descendants()
        .filter(|n| n.tag_name().name() == "gridCol")
        .map(|n| attr(n, "w").unwrap().parse().unwrap())
        .collect();
    assert_eq!(grid.len(), 3);
    assert!(grid[0] >= 454, "tick column too narrow: {grid:?}");
    assert!(
        grid[2] >= 5 * 125 + 230,
        "\"Words\" would wrap mid-word: {grid:?}"
    );
    assert!(
        table
            .descendants()
            .any(|n| n.tag_name().name() == "tblLayout" && attr(n, "type") == Some("fixed"))
    );
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.tag_name().name() == "tr")
        .collect();
    assert_eq!(rows.len(), 3);
    for (i, row) in rows.iter().enumerate() {
        let has = |name: &str| row.descendants().any(|n| n.tag_name().name() == name);
        assert!(has("cantSplit"), "row {i} may split across pages");
        assert_eq!(has("tblHeader"), i == 0, "row {i}");
        let cells: Vec<_> = row
            .children()
            .filter(|n| n.tag_name().name() == "tc")
            .collect();
        for (c, cell) in cells.iter().enumerate() {
            let width = cell
                .descendants()
                .find(|n| n.tag_name().name() == "tcW")
                .and_then(|n| attr(n, "w"))
                .unwrap();
            assert_eq!(width.parse::<usize>().unwrap(), grid[c]);
            let jc = cell
                .descendants()
                .find(|n| n.tag_name().name() == "jc")
                .and_then(|n| attr(n, "val"));
            let expected = match c {
                0 => Some("center"),
                1 => None,
                _ => Some("right"),
            };
            assert_eq!(jc, expected, "row {i} column {c}");
        }
    }
}

/// Each section's header part, in document order, through the
/// relationships (as Word resolves them).
fn section_headers(bytes: &[u8]) -> Vec<String> {
    let rels = docx_part(bytes, "word/_rels/document.xml.rels");
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        rels.descendants()
            .find(|n| attr(*n, "Id") == Some(id))
            .and_then(|n| attr(n, "Target"))
            .unwrap()
            .to_string()
    };
    let xml = docx_part(bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "sectPr")
        .map(|s| {
            let reference = s
                .children()
                .find(|n| n.tag_name().name() == "headerReference")
                .expect("every section has its header");
            let id = reference
                .attributes()
                .find(|a| a.name() == "id")
                .unwrap()
                .value();
            docx_part(bytes, &format!("word/{}", target(id)))
        })
        .collect()
}

#[test]
fn combined_file_has_a_section_per_student() {
    let names: Vec<String> = (1..=12).map(|i| format!("Student{i:02}")).collect();
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, format!("name\n{}\n", names.join("\n"))).unwrap();
    let combined = dir.path().join("all.docx");
    let o = run(&[
        "batch",
        "tests/fixtures/valid/weighted.yaml",
        "--roster",
        roster.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
        "--format",
        "docx",
        "--combined",
        combined.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&combined).unwrap();
    let headers = section_headers(&bytes);
    assert_eq!(headers.len(), names.len(), "one section per student");
    for (header, name) in headers.iter().zip(&names) {
        assert!(header.contains(&format!("· {name}<")), "{name}: {header}");
    }
    let xml = docx_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    for s in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "sectPr")
    {
        let start = s
            .children()
            .find(|n| n.tag_name().name() == "pgNumType")
            .and_then(|n| attr(n, "start"));
        assert_eq!(start, Some("1"), "page numbers restart for each student");
        // A section starts on a new page: no type, or nextPage.
        let kind = s
            .children()
            .find(|n| n.tag_name().name() == "type")
            .and_then(|n| attr(n, "val"));
        assert!(matches!(kind, None | Some("nextPage")));
        let children: Vec<&str> = s
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(
            &children[..3],
            ["headerReference", "footerReference", "pgSz"],
            "every section has the footer, in schema order"
        );
    }
    let footer = docx_part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE") && !footer.contains("NUMPAGES"));
}
