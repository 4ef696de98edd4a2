//! `word/styles.xml`, written whole: docx-rs 0.4.22 always writes an empty
//! `Normal` style before ours, and Word, python-docx and the OOXML spec take
//! the *first* of two styles with one id, so the document could fall back to
//! Times New Roman 10 pt. Here there is one `Normal`, and the base font,
//! size, spacing and language sit in the document defaults as well, so they
//! hold whichever style a reader resolves.

use super::{Layout, xml_escape};

/// Sizes in half-points for a body size, scaled from the 11 pt design.
fn scaled(body: u32, at_11pt: u32) -> u32 {
    (body * at_11pt + 11) / 22
}

/// A paragraph style. `ppr` and `rpr` are the inner XML of its `w:pPr` and
/// `w:rPr`, in schema order.
fn style(out: &mut String, id: &str, name: &str, extra: &str, ppr: &str, rpr: &str) {
    // Normal is the default paragraph style: paragraphs without a style
    // (a section break's) take it, in Word and in python-docx alike.
    let default = if id == "Normal" {
        r#" w:default="1""#
    } else {
        ""
    };
    out.push_str(&format!(
        r#"<w:style w:type="paragraph"{default} w:styleId="{id}"><w:name w:val="{name}" />{extra}"#
    ));
    if !ppr.is_empty() {
        out.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
    }
    if !rpr.is_empty() {
        out.push_str(&format!("<w:rPr>{rpr}</w:rPr>"));
    }
    out.push_str("</w:style>");
}

fn spacing(before: u32, after: u32, line: u32) -> String {
    format!(
        r#"<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto" />"#
    )
}

fn size(half_points: u32) -> String {
    format!(r#"<w:sz w:val="{half_points}" /><w:szCs w:val="{half_points}" />"#)
}

/// The whole styles part for a layout.
pub fn xml(layout: &Layout) -> Vec<u8> {
    let font = xml_escape(&layout.font);
    let lang = xml_escape(&layout.lang);
    let body = layout.size;
    let fonts = format!(r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" />"#);
    let based = r#"<w:basedOn w:val="Normal" />"#;
    let based_next = r#"<w:basedOn w:val="Normal" /><w:next w:val="Normal" /><w:qFormat />"#;
    let navy = r#"<w:color w:val="1F3864" />"#;
    let grey = r#"<w:color w:val="595959" />"#;

    let mut out = String::with_capacity(4096);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(&format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{}<w:lang w:val="{lang}" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{}</w:pPr></w:pPrDefault></w:docDefaults>"#,
        size(body),
        spacing(0, 80, 240)
    ));
    style(
        &mut out,
        "Normal",
        "Normal",
        r#"<w:qFormat />"#,
        &spacing(0, 80, 240),
        &format!(r#"{fonts}{}<w:lang w:val="{lang}" />"#, size(body)),
    );
    style(
        &mut out,
        "Title",
        "Title",
        based_next,
        &format!("<w:keepNext />{}", spacing(0, 200, 240)),
        &format!("<w:b /><w:bCs />{navy}{}", size(scaled(body, 36))),
    );
    for (level, (id, at_11pt)) in [("Heading1", 30), ("Heading2", 26), ("Heading3", 23)]
        .into_iter()
        .enumerate()
    {
        style(
            &mut out,
            id,
            &format!("heading {}", level + 1),
            based_next,
            &format!(
                r#"<w:keepNext />{}<w:outlineLvl w:val="{level}" />"#,
                spacing(200, 60, 240)
            ),
            &format!("<w:b /><w:bCs />{navy}{}", size(scaled(body, at_11pt))),
        );
    }
    style(
        &mut out,
        "Quote",
        "Quote",
        &format!("{based}<w:qFormat />"),
        r#"<w:ind w:left="567" w:right="567" />"#,
        r#"<w:i /><w:iCs /><w:color w:val="404040" />"#,
    );
    style(
        &mut out,
        "ListParagraph",
        "List Paragraph",
        &format!("{based}<w:qFormat />"),
        &spacing(0, 40, 240),
        "",
    );
    style(
        &mut out,
        "TableText",
        "Table Text",
        based,
        &spacing(0, 0, 240),
        &size(scaled(body, 19)),
    );
    style(
        &mut out,
        "WritingSpace",
        "Writing Space",
        based,
        &spacing(0, 0, 480),
        "",
    );
    for (id, name) in [("Header", "header"), ("Footer", "footer")] {
        style(
            &mut out,
            id,
            name,
            based,
            "",
            &format!("{grey}{}", size(scaled(body, 18))),
        );
    }
    out.push_str("</w:styles>");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_normal_and_defaults_carry_the_font() {
        let xml = String::from_utf8(xml(&Layout::default())).unwrap();
        assert_eq!(xml.matches(r#"w:styleId="Normal""#).count(), 1);
        let defaults = xml.split("</w:docDefaults>").next().unwrap();
        assert!(defaults.contains(r#"w:ascii="Calibri""#));
        assert!(defaults.contains(r#"<w:sz w:val="22" />"#));
        assert!(defaults.contains(r#"<w:lang w:val="en-GB" />"#));
    }

    #[test]
    fn sizes_scale_with_the_body() {
        assert_eq!(scaled(22, 36), 36);
        assert_eq!(scaled(28, 36), 46);
        assert_eq!(scaled(22, 23), 23);
    }
}
