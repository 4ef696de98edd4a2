//! One Word document holding many plans (a batch's `--combined`), written
//! as a stream: each plan is converted on its own (so the per-document cap
//! [`super::docx::MAX_PARAGRAPHS`] applies to each), its body is copied into
//! the combined `word/document.xml` as it comes, and only a few counters
//! stay in memory. Memory is flat in the number of plans.
//!
//! Each plan is a section of its own: it starts on a new page, its running
//! header is the plan's own (the student's name) and its pages are
//! numbered from 1. A section ends where the next begins, so each plan
//! after the first is preceded by the previous plan's section properties;
//! the last plan's are the document's own.
//!
//! The plans' own ids are renumbered so that they stay unique in one
//! document: comments, ordered-list numberings, bookmarks and hyperlink
//! relationships. Paragraph ids (`w14:paraId`, optional) are dropped.
//! Comments, numberings and hyperlinks are spilled to temporary files and
//! appended to their parts at the end.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};

use super::docx::{DocInfo, DocxError, Package};

/// Ordered lists use numbering ids from here on (1 is docx-rs's own, 2 the
/// bullets); see `docx.rs`.
const FIRST_ORDERED: u64 = 3;

const HEADER_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
const HEADER_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";

/// A combined document being written into `W`.
pub(crate) struct Combined<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    frame: Package,
    /// The frame's `word/document.xml` after its body's content (the
    /// section properties and the closing tags).
    tail: String,
    abstracts: BufWriter<File>,
    nums: BufWriter<File>,
    comments: BufWriter<File>,
    links: BufWriter<File>,
    /// Each plan's header part, spilled: its name, a tab, its XML, a newline.
    headers: BufWriter<File>,
    /// `[Content_Types].xml` overrides for those headers.
    types: BufWriter<File>,
    /// The frame's section properties (`<w:sectPr …>…</w:sectPr>`).
    section: String,
    plans: usize,
    /// Whether any plan brought comments (the frame, empty, has none and
    /// so no relationship to its comments part).
    any_comments: bool,
    next_comment: u64,
    next_bookmark: u64,
    next_num: u64,
}

fn io(e: impl std::fmt::Display) -> DocxError {
    DocxError::Pack(e.to_string())
}

fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
}

fn part<'p>(package: &'p Package, name: &str) -> Result<&'p str, DocxError> {
    package
        .part(name)
        .and_then(|d| std::str::from_utf8(d).ok())
        .ok_or_else(|| io(format!("the package has no {name}")))
}

/// The content of `<w:body>` and what follows it (`<w:sectPr …>…`).
fn split_body(document: &str) -> Result<(&str, &str, &str), DocxError> {
    let open = document.find("<w:body>").ok_or_else(|| io("no <w:body>"))? + "<w:body>".len();
    let close = document
        .rfind("<w:sectPr")
        .filter(|&i| i >= open)
        .ok_or_else(|| io("no <w:sectPr>"))?;
    Ok((
        &document[..open],
        &document[open..close],
        &document[close..],
    ))
}

impl<W: Write + Seek> Combined<W> {
    /// Start a combined document titled by `info` (its header and core
    /// properties) into `out`.
    pub(crate) fn new(out: W, info: &DocInfo) -> Result<Self, DocxError> {
        let frame = Package::section_frame(info)?;
        let (head, _, tail) = split_body(part(&frame, "word/document.xml")?)?;
        let (head, tail) = (head.to_string(), tail.to_string());
        let section = tail[..tail
            .find("</w:sectPr>")
            .map_or(0, |i| i + "</w:sectPr>".len())]
            .to_string();
        let mut zip = zip::ZipWriter::new(out);
        zip.start_file("word/document.xml", options()).map_err(io)?;
        zip.write_all(head.as_bytes()).map_err(io)?;
        let spill = || tempfile::tempfile().map(BufWriter::new).map_err(io);
        Ok(Self {
            zip,
            frame,
            tail,
            abstracts: spill()?,
            nums: spill()?,
            comments: spill()?,
            links: spill()?,
            headers: spill()?,
            types: spill()?,
            section,
            plans: 0,
            any_comments: false,
            next_comment: 1,
            next_bookmark: 1_000_000,
            next_num: 1_000,
        })
    }

    /// Append one plan, on a new page.
    pub(crate) fn add(&mut self, plan: &Package) -> Result<(), DocxError> {
        let (_, body, _) = split_body(part(plan, "word/document.xml")?)?;
        let k = self.plans;
        self.plans += 1;
        // Ids of this plan → ids in the combined document.
        let comment_base = self.next_comment;
        let mut max_comment = 0;
        let num_base = self.next_num;
        let mut max_num = 0;
        let bookmark_base = self.next_bookmark;
        let mut max_bookmark = 0;
        let mut body = strip_attr(body, " w14:paraId=\"");
        for tag in [
            "<w:commentRangeStart w:id=\"",
            "<w:commentRangeEnd w:id=\"",
            "<w:commentReference w:id=\"",
        ] {
            body = remap(&body, tag, |n| {
                max_comment = max_comment.max(n);
                (comment_base + n).to_string()
            });
        }
        for tag in ["<w:bookmarkStart w:id=\"", "<w:bookmarkEnd w:id=\""] {
            body = remap(&body, tag, |n| {
                max_bookmark = max_bookmark.max(n);
                (bookmark_base + n).to_string()
            });
        }
        body = remap(&body, "<w:numId w:val=\"", |n| {
            if n >= FIRST_ORDERED {
                max_num = max_num.max(n);
                (num_base + n).to_string()
            } else {
                n.to_string()
            }
        });
        // Hyperlinks: their relationships, renamed.
        if let Ok(rels) = part(plan, "word/_rels/document.xml.rels") {
            for rel in elements(rels, "<Relationship ", "/>") {
                if !rel.contains("/hyperlink\"") {
                    continue;
                }
                let Some(id) = attr(rel, "Id=\"") else {
                    continue;
                };
                let new_id = format!("rIdP{k}{id}");
                body = body.replace(&format!("r:id=\"{id}\""), &format!("r:id=\"{new_id}\""));
                let rel = rel.replacen(&format!("Id=\"{id}\""), &format!("Id=\"{new_id}\""), 1);
                self.links.write_all(rel.as_bytes()).map_err(io)?;
            }
        }
        // The previous plan's section ends here; this plan's header is its own.
        if k > 0 {
            let previous = self.section_properties(k - 1);
            write!(self.zip, "<w:p><w:pPr>{previous}</w:pPr></w:p>").map_err(io)?;
        }
        self.zip.write_all(body.as_bytes()).map_err(io)?;
        let header = part(plan, "word/header1.xml").unwrap_or("");
        writeln!(
            self.headers,
            "word/headerS{k}.xml\t{}",
            header.replace('\n', " ")
        )
        .map_err(io)?;
        write!(
            self.links,
            r#"<Relationship Id="rIdHeaderS{k}" Type="{HEADER_TYPE}" Target="headerS{k}.xml" />"#
        )
        .map_err(io)?;
        write!(
            self.types,
            r#"<Override PartName="/word/headerS{k}.xml" ContentType="{HEADER_CONTENT}" />"#
        )
        .map_err(io)?;
        // The plan's comments and ordered-list numberings, renumbered.
        if let Ok(comments) = part(plan, "word/comments.xml") {
            for c in elements(comments, "<w:comment ", "</w:comment>") {
                let c = strip_attr(c, " w14:paraId=\"");
                let c = remap(&c, "<w:comment w:id=\"", |n| {
                    max_comment = max_comment.max(n);
                    (comment_base + n).to_string()
                });
                self.comments.write_all(c.as_bytes()).map_err(io)?;
                self.any_comments = true;
            }
        }
        if let Ok(numbering) = part(plan, "word/numbering.xml") {
            for a in elements(numbering, "<w:abstractNum ", "</w:abstractNum>") {
                if attr(a, "w:abstractNumId=\"")
                    .and_then(|n| n.parse::<u64>().ok())
                    .is_some_and(|n| n >= FIRST_ORDERED)
                {
                    let a = remap(a, "<w:abstractNum w:abstractNumId=\"", |n| {
                        max_num = max_num.max(n);
                        (num_base + n).to_string()
                    });
                    self.abstracts.write_all(a.as_bytes()).map_err(io)?;
                }
            }
            for n in elements(numbering, "<w:num ", "</w:num>") {
                if attr(n, "w:numId=\"")
                    .and_then(|n| n.parse::<u64>().ok())
                    .is_some_and(|n| n >= FIRST_ORDERED)
                {
                    let n = remap(n, "<w:num w:numId=\"", |v| (num_base + v).to_string());
                    let n = remap(&n, "<w:abstractNumId w:val=\"", |v| {
                        (num_base + v).to_string()
                    });
                    self.nums.write_all(n.as_bytes()).map_err(io)?;
                }
            }
        }
        self.next_comment = comment_base + max_comment + 1;
        self.next_bookmark = bookmark_base + max_bookmark + 1;
        self.next_num = num_base + max_num + 1;
        Ok(())
    }

    /// The frame's section properties with plan `k`'s header.
    fn section_properties(&self, k: usize) -> String {
        let Some(at) = self.section.find("<w:headerReference") else {
            return self.section.clone();
        };
        let reference = &self.section[at..];
        let end = reference.find("/>").map_or(0, |i| i + 2);
        format!(
            r#"{}<w:headerReference w:type="default" r:id="rIdHeaderS{k}" />{}"#,
            &self.section[..at],
            &reference[end..]
        )
    }

    /// Close the document and the package; the writer is returned.
    pub(crate) fn finish(mut self) -> Result<W, DocxError> {
        let tail = match self.plans {
            0 => self.tail.clone(),
            n => self
                .tail
                .replacen(&self.section, &self.section_properties(n - 1), 1),
        };
        self.zip.write_all(tail.as_bytes()).map_err(io)?;
        const COMMENTS_REL: &str =
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\"";
        let rels = part(&self.frame, "word/_rels/document.xml.rels").unwrap_or("");
        if self.any_comments && !rels.contains(COMMENTS_REL) {
            write!(
                self.links,
                r#"<Relationship Id="rIdCombinedComments" Type="{COMMENTS_REL} Target="comments.xml" />"#
            )
            .map_err(io)?;
        }
        let spilled = |w: BufWriter<File>| -> Result<File, DocxError> {
            let mut f = w.into_inner().map_err(io)?;
            f.seek(SeekFrom::Start(0)).map_err(io)?;
            Ok(f)
        };
        let mut abstracts = spilled(self.abstracts)?;
        let mut nums = spilled(self.nums)?;
        let mut comments = spilled(self.comments)?;
        let mut links = spilled(self.links)?;
        let mut types = spilled(self.types)?;
        let headers = std::io::BufReader::new(spilled(self.headers)?);
        for (name, data) in self.frame.parts() {
            if name == "word/document.xml" {
                continue;
            }
            self.zip.start_file(name, options()).map_err(io)?;
            let text = std::str::from_utf8(data).unwrap_or("");
            match name {
                "word/numbering.xml" => {
                    let first_num = text.find("<w:num ").unwrap_or(text.len());
                    let end = text.rfind("</w:numbering>").unwrap_or(text.len());
                    let (before, nums_and_end) = text.split_at(first_num.min(end));
                    self.zip.write_all(before.as_bytes()).map_err(io)?;
                    std::io::copy(&mut abstracts, &mut self.zip).map_err(io)?;
                    let (own_nums, rest) = nums_and_end.split_at(end - before.len());
                    self.zip.write_all(own_nums.as_bytes()).map_err(io)?;
                    std::io::copy(&mut nums, &mut self.zip).map_err(io)?;
                    self.zip.write_all(rest.as_bytes()).map_err(io)?;
                }
                "word/comments.xml" => {
                    append_before(&mut self.zip, text, "</w:comments>", &mut comments)?
                }
                "word/_rels/document.xml.rels" => {
                    append_before(&mut self.zip, text, "</Relationships>", &mut links)?
                }
                "[Content_Types].xml" => {
                    append_before(&mut self.zip, text, "</Types>", &mut types)?
                }
                _ => self.zip.write_all(data).map_err(io)?,
            }
        }
        for line in std::io::BufRead::lines(headers) {
            let line = line.map_err(io)?;
            let Some((name, xml)) = line.split_once('\t') else {
                continue;
            };
            self.zip.start_file(name, options()).map_err(io)?;
            self.zip.write_all(xml.as_bytes()).map_err(io)?;
        }
        self.zip.finish().map_err(io)
    }
}

/// Write `text`, with `extra`'s content inserted before its closing `tag`
/// (or a self-closed empty root expanded to hold it).
fn append_before<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    text: &str,
    tag: &str,
    extra: &mut File,
) -> Result<(), DocxError> {
    if let Some(i) = text.rfind(tag) {
        zip.write_all(&text.as_bytes()[..i]).map_err(io)?;
        std::io::copy(extra, zip).map_err(io)?;
        zip.write_all(&text.as_bytes()[i..]).map_err(io)?;
        return Ok(());
    }
    let trimmed = text.trim_end();
    if let Some(root) = trimmed.strip_suffix("/>") {
        let root = root.trim_end();
        zip.write_all(root.as_bytes()).map_err(io)?;
        zip.write_all(b">").map_err(io)?;
        std::io::copy(extra, zip).map_err(io)?;
        zip.write_all(tag.as_bytes()).map_err(io)?;
        return Ok(());
    }
    // Nothing to append to: keep the part as it is.
    zip.write_all(text.as_bytes()).map_err(io)
}

/// `xml` with each number that follows `prefix` (up to the closing quote)
/// replaced by `f(number)`.
fn remap(xml: &str, prefix: &str, mut f: impl FnMut(u64) -> String) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(prefix) {
        let start = i + prefix.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let len = after.find('"').unwrap_or(after.len());
        match after[..len].parse::<u64>() {
            Ok(n) => out.push_str(&f(n)),
            Err(_) => out.push_str(&after[..len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// `xml` without the attributes that start with `prefix` (` name="`).
fn strip_attr(xml: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(prefix) {
        out.push_str(&rest[..i]);
        let after = &rest[i + prefix.len()..];
        rest = match after.find('"') {
            Some(q) => &after[q + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The elements of `xml` that start with `open` and end with `close`.
fn elements<'x>(xml: &'x str, open: &str, close: &str) -> Vec<&'x str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(open) {
        let from = &rest[i..];
        let Some(j) = from.find(close) else { break };
        out.push(&from[..j + close.len()]);
        rest = &from[j + close.len()..];
    }
    out
}

/// The value of the first attribute `prefix` (` name="`) in `xml`.
fn attr<'x>(xml: &'x str, prefix: &str) -> Option<&'x str> {
    let start = xml.find(prefix)? + prefix.len();
    let len = xml[start..].find('"')?;
    Some(&xml[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaps_and_strips_attributes() {
        assert_eq!(
            remap(r#"<a w:id="1" /><a w:id="12" />"#, "<a w:id=\"", |n| (n
                + 10)
                .to_string()),
            r#"<a w:id="11" /><a w:id="22" />"#
        );
        assert_eq!(
            strip_attr(
                r#"<w:p w14:paraId="0003"><w:p w14:paraId="4">"#,
                " w14:paraId=\""
            ),
            "<w:p><w:p>"
        );
        assert_eq!(
            elements(
                "<x><w:num a/></w:num><w:numbering/><w:num b/></w:num>",
                "<w:num ",
                "</w:num>"
            ),
            ["<w:num a/></w:num>", "<w:num b/></w:num>"]
        );
    }
}
