//! The package: docx-rs's parts ([`XMLDocx`], built once) patched where
//! docx-rs 0.4.22 falls short (document properties, the styles part,
//! header rows, picture descriptions, section properties in schema order)
//! and zipped once, deflated, with fixed
//! timestamps, so equal documents give equal bytes.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;

use super::{DocInfo, DocxError, FIXED_DATE, styles};
use crate::render::xmltext::escape as xml_escape;

fn core_properties(info: &DocInfo) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>essayplan</dc:creator><cp:lastModifiedBy>essayplan</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified></cp:coreProperties>"#,
        xml_escape(&info.title),
        xml_escape(&info.subject)
    )
    .into_bytes()
}

/// Give each picture's `wp:docPr` its own id, its name and its alt text
/// (docx-rs 0.4.22 writes `id="1" name="Figure"` for all, and no `descr`).
fn describe_pictures(document: Vec<u8>, placed: &[(String, String)]) -> Vec<u8> {
    const DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;
    if placed.is_empty() {
        return document;
    }
    let text = String::from_utf8_lossy(&document);
    let mut out = String::with_capacity(text.len() + 512);
    let mut rest: &str = &text;
    for (i, (name, alt)) in placed.iter().enumerate() {
        let Some(at) = rest.find(DOC_PR) else { break };
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            r#"<wp:docPr id="{}" name="{}" descr="{}" />"#,
            i + 1,
            xml_escape(name),
            xml_escape(alt)
        ));
        rest = &rest[at + DOC_PR.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Make each table's first row (its Markdown header) a header row that
/// repeats on every page (docx-rs 0.4.22 has no setter for `w:tblHeader`).
/// Every row is written with `cantSplit`; the first in each table gains
/// `tblHeader` beside it.
fn mark_header_rows(document: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&document);
    let mut out = String::with_capacity(text.len() + 64);
    for (i, chunk) in text.split("<w:tbl>").enumerate() {
        if i > 0 {
            out.push_str("<w:tbl>");
            out.push_str(&chunk.replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1));
        } else {
            out.push_str(chunk);
        }
    }
    out.into_bytes()
}

/// Rewrite every `w:sectPr` in the schema's order (docx-rs 0.4.22 writes
/// the header and footer references after the page size, which strict
/// readers refuse), and give every section the document's footer: docx-rs
/// drops a section's own footer when it also has a header, and a section
/// without a footer reference would print none.
fn order_section_properties(document: Vec<u8>) -> Vec<u8> {
    const ORDER: [&str; 12] = [
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "pgNumType",
        "cols",
        "titlePg",
        "textDirection",
        "docGrid",
    ];
    let text = String::from_utf8_lossy(&document);
    let footer = text
        .find("<w:footerReference ")
        .and_then(|at| text[at..].find("/>").map(|end| &text[at..at + end + 2]))
        .map(str::to_string);
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest: &str = &text;
    while let Some(start) = rest.find("<w:sectPr>") {
        let inner_start = start + "<w:sectPr>".len();
        let Some(len) = rest[inner_start..].find("</w:sectPr>") else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        out.push_str(&rest[..inner_start]);
        if inner.contains("</") {
            out.push_str(inner);
        } else {
            let mut elements: Vec<&str> = inner
                .split_inclusive("/>")
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .collect();
            if !inner.contains("<w:footerReference ")
                && let Some(f) = &footer
            {
                elements.push(f);
            }
            let rank = |e: &str| {
                let name = e
                    .trim_start_matches("<w:")
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                ORDER.iter().position(|o| *o == name).unwrap_or(ORDER.len())
            };
            elements.sort_by_key(|e| rank(e));
            out.push_str(&elements.concat());
        }
        out.push_str("</w:sectPr>");
        rest = &rest[inner_start + len + "</w:sectPr>".len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// A DOCX package in memory: its parts, uncompressed and in order, ready to
/// be zipped. A batch builds one per kind of plan and fills in each
/// student's name ([`Package::with_text_replaced`]) instead of converting
/// the same Markdown again.
#[derive(Debug, Clone)]
pub(crate) struct Package {
    parts: Vec<(String, Vec<u8>)>,
}

impl Package {
    /// The parts of docx-rs's document, in the order docx-rs itself writes
    /// them, patched: our properties and styles, header rows, pictures
    /// described, section properties ordered.
    pub(super) fn from_xml(xml: XMLDocx, info: &DocInfo, pictures: &[(String, String)]) -> Self {
        let XMLDocx {
            content_type,
            rels,
            doc_props,
            document,
            document_rels,
            settings,
            font_table,
            comments,
            numberings,
            comments_extended,
            footnotes,
            headers,
            header_rels,
            footers,
            footer_rels,
            media,
            ..
        } = xml;
        let mut parts = vec![
            ("[Content_Types].xml".to_string(), content_type),
            ("_rels/.rels".into(), rels),
            ("docProps/app.xml".into(), doc_props.app),
            ("docProps/core.xml".into(), core_properties(info)),
            ("docProps/custom.xml".into(), doc_props.custom),
            ("word/_rels/document.xml.rels".into(), document_rels),
            (
                "word/document.xml".into(),
                order_section_properties(describe_pictures(mark_header_rows(document), pictures)),
            ),
            ("word/styles.xml".into(), styles::xml(&info.layout)),
            ("word/settings.xml".into(), settings),
            ("word/fontTable.xml".into(), font_table),
            ("word/comments.xml".into(), comments),
            ("word/numbering.xml".into(), numberings),
            ("word/commentsExtended.xml".into(), comments_extended),
            ("word/footnotes.xml".into(), footnotes),
        ];
        for (kind, bodies, rels) in [
            ("header", headers, header_rels),
            ("footer", footers, footer_rels),
        ] {
            let mut rels = rels.into_iter();
            for (i, body) in bodies.into_iter().enumerate() {
                parts.push((format!("word/{kind}{}.xml", i + 1), body));
                if let Some(rel) = rels.next() {
                    parts.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), rel));
                }
            }
        }
        for (id, png) in media {
            parts.push((format!("word/media/{id}.png"), png));
        }
        Self { parts }
    }

    /// The same package with every occurrence of `from` in its text
    /// replaced by `to` (plain text, escaped here for XML). `from` must be
    /// text that XML leaves as it is (letters and digits).
    pub(crate) fn with_text_replaced(&self, from: &str, to: &str) -> Self {
        let to = xml_escape(to);
        let parts = self
            .parts
            .iter()
            .map(|(name, data)| {
                let data = match std::str::from_utf8(data) {
                    Ok(text) if text.contains(from) => text.replace(from, &to).into_bytes(),
                    _ => data.clone(),
                };
                (name.clone(), data)
            })
            .collect();
        Self { parts }
    }

    /// A part's bytes, by name (`word/document.xml`).
    pub(crate) fn part(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_slice())
    }

    /// The parts, in order: name and bytes.
    pub(crate) fn parts(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.parts.iter().map(|(n, d)| (n.as_str(), d.as_slice()))
    }

    /// Whether any part still contains `text` (ignoring ASCII case).
    pub(crate) fn contains_ignoring_case(&self, text: &str) -> bool {
        let needle = text.to_ascii_lowercase();
        self.parts.iter().any(|(_, d)| {
            String::from_utf8_lossy(d)
                .to_ascii_lowercase()
                .contains(&needle)
        })
    }

    /// The package zipped: every entry deflated, in order, dated
    /// 1980-01-01 (zip's fixed default), so equal packages give equal bytes.
    pub(crate) fn try_to_docx(&self) -> Result<Vec<u8>, DocxError> {
        if self.parts.is_empty() {
            return Err(DocxError::Pack("the package is empty".into()));
        }
        self.zip().map_err(|e| DocxError::Pack(e.to_string()))
    }

    fn zip(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        for (name, data) in &self.parts {
            out.start_file(name.as_str(), options)?;
            out.write_all(data)?;
        }
        Ok(out.finish()?.into_inner())
    }
}
