//! DOCX read back as users' software does: unzip, parse the XML, check the
//! Word structure; and byte-for-byte determinism within one process.

use essayplan::plan::{Level, Mode, PlanOptions};
use essayplan::render::docx::{DocInfo, from_markdown};

use crate::support::*;

fn fixture_docx(name: &str, q: &str, options: &PlanOptions) -> Vec<u8> {
    let loaded = load(std::path::Path::new(&format!(
        "tests/fixtures/valid/{name}.yaml"
    )))
    .unwrap();
    docx_of(&plan_for(&loaded, q, options))
}

#[test]
fn docx_has_real_word_structure() {
    let bytes = fixture_docx(
        "weighted",
        "focus",
        &PlanOptions {
            brevity: Default::default(),
            level: Level::Support,
            ..Default::default()
        },
    );
    let xml = docx_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let styles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "pStyle")
        .filter_map(|n| {
            n.attributes()
                .find(|a| a.name() == "val")
                .map(|a| a.value())
        })
        .collect();
    for s in [
        "Title",
        "Heading1",
        "Heading2",
        "ListParagraph",
        "Quote",
        "WritingSpace",
    ] {
        assert!(styles.contains(&s), "no paragraph in style {s}");
    }
    assert!(
        doc.descendants().any(|n| n.tag_name().name() == "numPr"),
        "no real list"
    );
    let tables: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "tbl")
        .collect();
    assert!(!tables.is_empty(), "no table");
    for t in &tables {
        let first_row = t.children().find(|n| n.tag_name().name() == "tr").unwrap();
        assert!(
            first_row
                .descendants()
                .any(|n| n.tag_name().name() == "tblHeader"),
            "header row not repeated"
        );
        assert!(
            first_row
                .descendants()
                .any(|n| n.tag_name().name() == "shd"),
            "header row not shaded"
        );
    }
    let bank = fixture_docx(
        "weighted",
        "focus",
        &PlanOptions {
            brevity: Default::default(),
            mode: Mode::Bank,
            ..Default::default()
        },
    );
    assert!(
        docx_part(&bank, "word/document.xml").contains(r#"w:type="page""#),
        "no page break"
    );

    let styles_xml = docx_part(&bytes, "word/styles.xml");
    assert!(styles_xml.contains(r#"w:val="heading 1""#) && styles_xml.contains("outlineLvl"));
    let numbering = docx_part(&bytes, "word/numbering.xml");
    assert!(
        numbering.matches("<w:abstractNum ").count() >= 2,
        "our numbering is missing"
    );

    let core = docx_part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>To what extent was the named factor responsible?</dc:title>"));
    assert!(core.contains("<dc:subject>Weighted factors</dc:subject>"));
    assert!(core.contains("<dc:creator>essayplan</dc:creator>"));
    let header = docx_part(&bytes, "word/header1.xml");
    assert!(header.contains("Weighted factors"));
    let footer = docx_part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES") && footer.contains("Page "));
}

#[test]
fn docx_document_xml_snapshot() {
    let bytes = fixture_docx("minimal", "alpha", &PlanOptions::default());
    insta::assert_snapshot!(
        "docx-minimal-document",
        pretty_xml(&docx_part(&bytes, "word/document.xml"))
    );
}

#[test]
fn docx_text_is_plain_text() {
    let bytes = fixture_docx("specials", "lenin", &PlanOptions::default());
    let xml = docx_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text: String = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("");
    for s in [
        "April Theses: \"All power to the soviets\" | *Peace, Bread, Land* & <no> compromise.",
        "Lenin's *will* & the <party>",
        "工人和士兵",
        "$not math$, @not-a-citation",
    ] {
        assert!(squash(&text).contains(s), "missing as written: {s}");
    }
}

#[test]
fn same_plan_gives_identical_bytes_in_one_process() {
    let options = PlanOptions {
        brevity: Default::default(),
        mode: Mode::Model,
        annotate: true,
        ..Default::default()
    };
    let a = fixture_docx("weighted", "focus", &options);
    let _other = fixture_docx("specials", "lenin", &PlanOptions::default());
    let b = fixture_docx("weighted", "focus", &options);
    assert_eq!(a, b);
    // And from another thread.
    let c = std::thread::spawn(move || fixture_docx("weighted", "focus", &options))
        .join()
        .unwrap();
    assert_eq!(a, c);
}

#[test]
fn annotated_model_answer_has_word_comments() {
    let options = PlanOptions {
        brevity: Default::default(),
        mode: Mode::Model,
        annotate: true,
        ..Default::default()
    };
    let bytes = fixture_docx("weighted", "focus", &options);
    let comments = docx_part(&bytes, "word/comments.xml");
    assert!(comments.contains("Mini-judgement: the criterion of"));
    assert!(comments.contains("To reach the next level"));
    assert!(docx_part(&bytes, "word/document.xml").contains("commentRangeStart"));
}

#[test]
fn docx_is_deflated_and_dated_1980() {
    let bytes = fixture_docx("weighted", "focus", &PlanOptions::default());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(
            f.compression(),
            zip::CompressionMethod::Deflated,
            "{}",
            f.name()
        );
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
    }
}

#[test]
fn markdown_constructs_map_to_word() {
    let md = "# T\n\n## H\n\n- a\n  - nested\n\n1. one\n2. two\n\n> quote\n\n*em* **strong** `code` [link](https://example.org)\n\n<!-- pagebreak -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let info = DocInfo {
        title: "T".into(),
        subject: "S".into(),
        header: "H".into(),
        layout: Default::default(),
        images: Default::default(),
    };
    let bytes = from_markdown(md, &info);
    let xml = docx_part(&bytes, "word/document.xml");
    assert!(
        xml.contains("<w:ilvl w:val=\"1\" />"),
        "nested list not indented a level"
    );
    assert!(xml.contains("<w:i />") && xml.contains("<w:b />"));
    assert!(xml.contains("<w:hyperlink"));
    let rels = docx_part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("https://example.org"));
}
