//! The bugs the code review of 0.1 reproduced (two panics, wrong names,
//! timing by label, the summary printed first, carets under wide
//! characters), and the messages of the reliability review (F11–F19, F22).

use essayplan::map;
use essayplan::plan::{self, Level, Mode, PlanOptions, Timing};

const MINIMAL: &str = include_str!("../fixtures/valid/minimal.yaml");

fn report(yaml: &str) -> map::Report {
    match map::from_bytes("m.yaml", yaml.as_bytes()) {
        Ok(loaded) => loaded.report,
        Err(report) => report,
    }
}

fn messages(yaml: &str) -> String {
    report(yaml).render(false)
}

/// The minimal map with its interpretations replaced.
fn with_interpretations(list: &str) -> String {
    let start = MINIMAL.find("interpretations:").unwrap();
    let end = MINIMAL.find("evidence:").unwrap();
    format!(
        "{}interpretations:\n{list}{}",
        &MINIMAL[..start],
        &MINIMAL[end..]
    )
}

fn interp(id: &str, label: &str) -> String {
    format!("  - id: {id}\n    label: {label}\n    claim: {label} caused it.\n")
}

#[test]
fn a_duplicate_id_before_a_self_relation_does_not_panic() {
    let yaml =
        with_interpretations(&[interp("a", "A1"), interp("a", "A2"), interp("b", "B")].concat())
            .replace("supports: [alpha]", "supports: [a]")
            .replace("challenges: [beta]", "challenges: [b]")
            .replace("supports: [beta]", "supports: [b]")
            .replace("challenges: [alpha]", "challenges: [a]")
            .replace("from: beta\n    to: alpha", "from: b\n    to: b")
            .replace("focus: alpha", "focus: a");
    let text = messages(&yaml);
    assert!(text.contains("duplicate interpretation id `a`"), "{text}");
    assert!(text.contains("relates `b` to itself"), "{text}");
}

#[test]
fn a_duplicate_id_does_not_shift_the_names_in_later_messages() {
    let list = [
        interp("a", "A1"),
        interp("a", "A2"),
        interp("b", "B"),
        interp("c", "C"),
    ]
    .concat();
    let yaml = with_interpretations(&list)
        .replace(
            "supports: [alpha]\n    challenges: [beta]",
            "supports: [b]\n    challenges: [b]",
        )
        .replace(
            "supports: [beta]\n    challenges: [alpha]",
            "supports: [c]\n    challenges: [a]",
        )
        .replace("from: beta\n    to: alpha", "from: b\n    to: a")
        .replace("focus: alpha", "focus: a");
    let text = messages(&yaml);
    assert!(text.contains("both supports and challenges `b`"), "{text}");
    assert!(
        !text.contains("challenges `c`") && !text.contains("challenges ``"),
        "{text}"
    );
}

#[test]
fn a_label_opening_with_a_curly_quote_and_a_renders_in_every_option() {
    let yaml = MINIMAL.replace("label: Beta", "label: “A curly-quoted beta”");
    let loaded = map::from_bytes("m.yaml", yaml.as_bytes()).unwrap();
    for level in [Level::Support, Level::Core, Level::Stretch] {
        for mode in [Mode::Plan, Mode::Model] {
            for annotate in [false, true] {
                let options = PlanOptions {
                    brevity: Default::default(),
                    level,
                    mode,
                    annotate,
                    timing: Some(Timing::from_minutes(45)),
                    ..Default::default()
                };
                let plan = plan::build(&loaded.map, &loaded.map.questions[0], &options);
                let md = crate::support::markdown(&plan);
                assert!(md.contains("curly-quoted beta"));
            }
        }
    }
}

#[test]
fn section_timing_follows_the_section_not_its_label() {
    // Two interpretations share a label, and a third is called "Conclusion".
    let list = [
        interp("alpha", "Alpha"),
        interp("beta", "Alpha"),
        interp("gamma", "Conclusion"),
    ]
    .concat();
    let yaml = with_interpretations(&list).replace(
        "  - id: e2\n",
        "  - id: e3\n    point: Gamma.\n    date: \"1902\"\n    supports: [gamma]\n  - id: e2\n",
    );
    let loaded = map::from_bytes("m.yaml", yaml.as_bytes()).unwrap();
    let options = PlanOptions {
        brevity: Default::default(),
        timing: Some(Timing::from_minutes(60)),
        ..Default::default()
    };
    let plan = plan::build(&loaded.map, &loaded.map.questions[0], &options);
    let guide = plan.timing.as_ref().unwrap();
    assert_eq!(plan.sections.len(), 3);
    // Time is shared by the section's place in the plan, never looked up by
    // a label: one share per section, whatever it is called.
    assert!(guide.section_minutes > 0);
    assert_eq!(
        guide.planning_minutes
            + guide.intro_minutes
            + guide.section_minutes * plan.sections.len() as u32
            + guide.conclusion_minutes,
        guide.minutes
    );
}

#[test]
fn the_summary_of_problems_not_shown_comes_last_and_counts() {
    let mut yaml = MINIMAL.to_string();
    let mut extra = String::new();
    for i in 0..260 {
        extra.push_str(&format!(
            "  - id: x{i}\n    point: P.\n    date: \"1900\"\n    supports: [nope{i}]\n"
        ));
    }
    yaml = yaml.replace("relations:", &format!("{extra}relations:"));
    let r = report(&yaml);
    let last = r.diagnostics.last().unwrap();
    assert_eq!(last.code, "too-many-problems");
    assert!(r.diagnostics[0].location.is_some());
    assert_eq!(r.errors(), 260, "every problem counted, shown or not");
}

#[test]
fn carets_line_up_under_wide_characters() {
    let yaml = MINIMAL.replace("supports: [alpha]", "supports: [王王, alpah]");
    let text = messages(&yaml);
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("[王王, alpah]"))
        .expect(&text);
    let source = lines[i];
    let carets = lines[i + 1];
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let caret_at = width(&carets[..carets.find('^').unwrap()]);
    // The first problem is 王王 (an invalid id) or alpah; the carets start
    // under one of them and cover it.
    let wang = width(&source[..source.find("王王").unwrap()]);
    let alpah = width(&source[..source.find("alpah").unwrap()]);
    assert!(caret_at == wang || caret_at == alpah, "{source}\n{carets}");
    let n = carets.matches('^').count();
    if caret_at == wang {
        assert_eq!(n, 4, "{source}\n{carets}");
    } else {
        assert_eq!(n, 5, "{source}\n{carets}");
    }
}

#[test]
fn f18_invisible_and_lookalike_characters_are_shown_and_explained() {
    let yaml = MINIMAL
        .replace("supports: [alpha]", "supports: [\"alph\u{0430}\"]")
        .replace("supports: [beta]", "supports: [\"be\u{200b}ta\"]")
        .replace("challenges: [beta]", "challenges: [\"beta\\u202e\\e[31m\"]");
    let text = messages(&yaml);
    assert!(text.contains("U+0430"), "{text}");
    assert!(
        text.contains("\\u{200b}") && text.contains("U+200B"),
        "{text}"
    );
    assert!(!text.contains('\u{200b}') && !text.contains('\u{202e}') && !text.contains('\u{1b}'));
}

#[test]
fn a_shape_error_no_longer_hides_the_other_errors_of_the_file() {
    let yaml = MINIMAL
        .replacen(
            "    date: \"1900\"\n",
            "    date: \"1900\"\n    dat: 1900\n",
            1,
        )
        .replace("supports: [beta]", "supports: [alpah]");
    let r = report(&yaml);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["unknown-key", "unknown-interpretation"],
        "{}",
        r.render(false)
    );
    // Nothing the removed key may have caused is reported.
    let yaml = MINIMAL.replace("supports: [alpha]", "suports: [alpha]");
    let codes: Vec<&str> = report(&yaml).diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-key"]);
}

#[test]
fn f11_an_unclosed_quote_is_reported_where_it_opens() {
    let yaml = MINIMAL
        .replace("claim: Alpha caused it.", "claim: \"Alpha caused it.")
        .replace(
            "point: A fact that favours beta.",
            "point: \"A fact that favours beta.\"",
        );
    let r = report(&yaml);
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "unclosed-quote", "{}", r.render(false));
    assert_eq!(d.location.map(|l| (l.line, l.column)), Some((7, 12)));
    assert!(d.message.contains("never closed"));
    // Single quotes, with a doubled quote inside the text.
    let yaml = MINIMAL
        .replace("claim: Alpha caused it.", "claim: 'Alpha''s cause.")
        .replace("point: A fact that favours beta.", "point: 'A fact.'");
    let d = &report(&yaml).diagnostics[0];
    assert_eq!(d.code, "unclosed-quote");
    assert_eq!(d.location.map(|l| (l.line, l.column)), Some((7, 12)));
}

#[test]
fn f12_the_size_limit_message_does_not_invent_a_size() {
    let big = vec![b'#'; 6 * 1024 * 1024];
    let r = match map::from_bytes("big.yaml", &big) {
        Err(r) => r,
        Ok(_) => panic!("a 6 MB file loaded"),
    };
    assert!(
        r.diagnostics[0].message.contains("larger than 5 MB"),
        "{}",
        r.render(false)
    );
    assert!(!r.diagnostics[0].message.contains("5242881"));
}

#[test]
fn f13_a_very_large_map_is_refused_in_plain_words() {
    let mut yaml = MINIMAL.replace("relations:", "");
    let at = yaml.find("  - from: beta").unwrap();
    yaml.truncate(at);
    yaml.push_str("  - id: e3\n    point: P.\n    supports: [alpha]\n");
    let mut items = String::new();
    for i in 0..50_000 {
        items.push_str(&format!("  - {{id: x{i}, point: P, supports: [alpha]}}\n"));
    }
    let yaml = yaml.replace("evidence:\n", &format!("evidence:\n{items}"));
    assert!(yaml.len() < 5 * 1024 * 1024);
    let text = messages(&yaml);
    assert!(
        text.contains("too many values"),
        "{}",
        &text[..text.len().min(500)]
    );
    assert!(!text.contains("Nodes") && !text.contains("budget") && !text.contains("anchors"));
}

#[test]
fn f14_two_documents_get_advice_for_a_teacher() {
    let text = messages(&format!("{MINIMAL}---\nx: 1\n"));
    assert!(text.contains("more than one YAML document"), "{text}");
    assert!(!text.contains("from_str_multiple"), "{text}");
}

#[test]
fn f15_a_cr_only_file_starting_with_a_comment_is_read() {
    let yaml = format!("# a comment\n{MINIMAL}").replace('\n', "\r");
    let r = report(&yaml);
    assert!(
        r.diagnostics.iter().all(|d| d.code != "empty"),
        "{}",
        r.render(false)
    );
}

#[test]
fn f22_numbers_and_empty_keys_are_described_plainly() {
    let yaml = MINIMAL.replace("    label: Beta\n", "    label: Beta\n    weight: 4.5\n");
    let text = messages(&yaml);
    assert!(
        text.contains("should be a whole number, not a decimal"),
        "{text}"
    );
    let yaml = MINIMAL.replace("title: A minimal map", "title: null");
    let r = report(&yaml);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("title"))
        .unwrap();
    assert_eq!(d.location.map(|l| l.line), Some(2), "{}", r.render(false));
}

#[test]
fn the_timing_guide_adds_up_even_for_short_essays() {
    let loaded = crate::support::load(std::path::Path::new("arguments/great-purges.yaml")).unwrap();
    let mut timings: Vec<Timing> = [5, 6, 9, 13, 30, 45, 60, 90, 600]
        .into_iter()
        .map(Timing::from_minutes)
        .collect();
    timings.extend(plan::PRESETS.iter().map(Timing::from_preset));
    for timing in timings {
        let options = PlanOptions {
            brevity: Default::default(),
            timing: Some(timing),
            ..Default::default()
        };
        let plan = plan::build(&loaded.map, &loaded.map.questions[0], &options);
        let guide = plan.timing.unwrap();
        let parts = guide.planning_minutes
            + guide.intro_minutes
            + guide.section_minutes * plan.sections.len() as u32
            + guide.conclusion_minutes;
        assert_eq!(parts, guide.minutes, "{} minutes", timing.minutes);
        assert!(guide.words_low <= guide.words_high);
    }
}

#[test]
fn f18_an_invalid_id_is_never_suggested() {
    let yaml = MINIMAL
        .replace("  - id: beta\n", "  - id: \"rival\\u200b\"\n")
        .replace("supports: [beta]", "supports: [rivl]");
    let text = messages(&yaml);
    assert!(text.contains("unknown interpretation `rivl`"), "{text}");
    assert!(text.contains("did you mean `rival`?"), "{text}");
    assert!(!text.contains("rival\\u{200b}`?"), "{text}");
}
