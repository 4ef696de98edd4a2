//! Property tests: random mutations of a valid map, and random bytes, never
//! panic; they either load or yield errors. A map that loads is planned
//! and rendered with random options (level, mode, annotations, timing,
//! format) and its DOCX must be well-formed XML. Mutations insert
//! non-ASCII text (curly quotes, accents, CJK, invisible and bidi
//! characters, characters XML forbids), including at the start of labels.

use proptest::prelude::*;

use essayplan::plan::{Level, Mode, PRESETS, PlanOptions, Timing};
use essayplan::render::{self, Format, Templates};

const MAP: &str = include_str!("../fixtures/valid/weighted.yaml");

/// Plan and render choices, drawn at random.
#[derive(Debug, Clone)]
struct Choice {
    level: u8,
    mode: u8,
    annotate: bool,
    timing: u16,
    format: u8,
    question: usize,
}

fn choice() -> impl Strategy<Value = Choice> {
    (0u8..3, 0u8..3, any::<bool>(), 0u16..700, 0u8..3, 0usize..4).prop_map(
        |(level, mode, annotate, timing, format, question)| Choice {
            level,
            mode,
            annotate,
            timing,
            format,
            question,
        },
    )
}

impl Choice {
    fn options(&self) -> PlanOptions {
        PlanOptions {
            brevity: Default::default(),
            level: [Level::Support, Level::Core, Level::Stretch][self.level as usize],
            mode: [Mode::Plan, Mode::Model, Mode::Bank][self.mode as usize % 3],
            annotate: self.annotate,
            // 0: none; 1–20: a preset; otherwise minutes.
            timing: match self.timing {
                0 => None,
                n if (n as usize) <= PRESETS.len() => {
                    Some(Timing::from_preset(&PRESETS[n as usize - 1]))
                }
                n => Some(Timing::from_minutes(u32::from(n).clamp(5, 600))),
            },
            student: Some("Zoë “A” 王".into()),
            headings: self.annotate,
            limits: None,
        }
    }

    fn format(&self) -> Format {
        [Format::Markdown, Format::Docx, Format::Json][self.format as usize]
    }
}

fn check(bytes: &[u8], choice: &Choice) {
    match essayplan::map::from_bytes("p.yaml", bytes) {
        Ok(loaded) => {
            // A map that loads must plan and render, in the chosen options.
            let questions = &loaded.map.questions;
            let q = &questions[choice.question % questions.len()];
            let plan =
                essayplan::make_plan(&loaded.map, q, &choice.options(), &Templates::builtin())
                    .expect("a valid map plans");
            essayplan::plan::consistency::check(&loaded.map, &plan)
                .unwrap_or_else(|e| panic!("inconsistent plan: {e:?}"));
            let out = render::render(
                &plan,
                choice.format(),
                &Templates::builtin(),
                &Default::default(),
            )
            .expect("a valid map renders");
            if choice.format() == Format::Docx {
                let xml = crate::support::docx_part(&out, "word/document.xml");
                assert!(xml.chars().all(render::xmltext::is_xml_char));
                roxmltree::Document::parse(&xml).expect("well-formed document.xml");
            }
        }
        Err(report) => {
            assert!(report.errors() > 0);
            let _ = report.render(false);
            let _ = report.render(true);
        }
    }
}

/// Text to insert: ASCII YAML syntax, and the non-ASCII characters that
/// broke 0.1 or could (a curly quote before `A`, accents, CJK, zero-width
/// and bidi marks, a combining accent, U+FFFF and YAML escapes of
/// controls).
const TEXT: &str = "(\\PC|[\\n\\t:\\[\\]{}#&*!|>'\"%@`“”‘’«»王é\u{0301}\u{200b}\u{202e}\u{FFFF}-]|A|\\\\u0001|\\\\uFFFF|\\\\e){0,12}";

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_maps_never_panic(
        line in 0usize..80,
        op in 0u8..5,
        text in TEXT,
        choice in choice(),
    ) {
        let mut lines: Vec<String> = MAP.lines().map(str::to_string).collect();
        let i = line % lines.len();
        match op {
            0 => { lines.remove(i); }
            1 => { let l = lines[i].clone(); lines.insert(i, l); }
            2 => { lines[i].push_str(&text); }
            3 => { lines.insert(i, text.clone()); }
            _ => {
                // Replace a value (a label, a claim, an id…) with the text,
                // quoted as YAML would need it.
                if let Some((key, _)) = lines[i].split_once(": ") {
                    let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " "));
                    lines[i] = format!("{key}: {quoted}");
                }
            }
        }
        check(lines.join("\n").as_bytes(), &choice);
    }

    #[test]
    fn labels_in_any_script_render_in_any_option(
        text in "[“”‘’«»—… ]{1,3}|\\PC{1,10}",
        choice in choice(),
    ) {
        // Every label starts with the text, then its own words ("A strong
        // rival"): the “A… panic lived here.
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        let map: Vec<String> = MAP
            .lines()
            .map(|l| match l.strip_prefix("    label: ") {
                Some(rest) => format!("    label: \"{escaped}{rest}\""),
                None => l.to_string(),
            })
            .collect();
        check(map.join("\n").as_bytes(), &choice);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), choice in choice()) {
        check(&bytes, &choice);
    }
}
