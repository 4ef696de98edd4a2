//! Helpers shared by the integration tests.

use std::io::Read;
use std::path::{Path, PathBuf};

use essayplan::map::{self, LoadedMap};
use essayplan::plan::{self, EssayPlan, PlanOptions};
use essayplan::render::{Templates, docx};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files with the extension in a folder under the crate root, sorted.
pub(crate) fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// Load a map named relative to the crate root (so reports name it so).
pub(crate) fn load(rel: &Path) -> Result<LoadedMap, map::Report> {
    let bytes = std::fs::read(root().join(rel)).unwrap();
    map::from_bytes(&rel.display().to_string(), &bytes)
}

pub(crate) fn rel(path: &Path) -> PathBuf {
    path.strip_prefix(root()).unwrap().to_path_buf()
}

pub(crate) fn plan_for(loaded: &LoadedMap, question: &str, options: &PlanOptions) -> EssayPlan {
    let q = loaded.map.question(question).unwrap();
    let plan = essayplan::make_plan(&loaded.map, q, options, &Templates::builtin()).unwrap();
    plan::consistency::check(&loaded.map, &plan)
        .unwrap_or_else(|e| panic!("inconsistent plan for {question}: {e:?}"));
    plan
}

pub(crate) fn markdown(plan: &EssayPlan) -> String {
    Templates::builtin().render(plan).unwrap()
}

/// The text a reader sees when the Markdown is rendered (escapes undone).
pub(crate) fn rendered_text(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) => out.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&format!("<<HTML {h}>>")),
            _ => {}
        }
    }
    out
}

pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A part of a DOCX package, as text.
pub(crate) fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut s = String::new();
    part.read_to_string(&mut s).unwrap();
    s
}

pub(crate) fn docx_of(plan: &EssayPlan) -> Vec<u8> {
    let md = markdown(plan);
    docx::from_markdown(&md, &docx::DocInfo::for_plan(plan, &Default::default()))
}

/// XML with one element per line, indented, for snapshots.
pub(crate) fn pretty_xml(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = String::new();
    fn walk(node: roxmltree::Node, depth: usize, out: &mut String) {
        if node.is_element() {
            let name = node.tag_name().name();
            let attrs: Vec<String> = node
                .attributes()
                .map(|a| format!("{}=\"{}\"", a.name(), a.value()))
                .collect();
            out.push_str(&"  ".repeat(depth));
            out.push('<');
            out.push_str(name);
            for a in attrs {
                out.push(' ');
                out.push_str(&a);
            }
            out.push_str(">\n");
            for c in node.children() {
                walk(c, depth + 1, out);
            }
        } else if node.is_text() {
            let t = node.text().unwrap_or("");
            if !t.trim().is_empty() {
                out.push_str(&"  ".repeat(depth));
                out.push_str(&format!("{t:?}\n"));
            }
        }
    }
    walk(doc.root_element(), 0, &mut out);
    out
}
