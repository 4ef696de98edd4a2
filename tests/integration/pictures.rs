//! Pictures of the argument: SVG validity and content, byte-stable PNGs,
//! DOCX embedding with alt text, DOT and Mermaid text, layout without
//! overlaps, and the `graph` command.

use std::collections::BTreeMap;
use std::process::Command;

use essayplan::map::{Extent, RelationKind};
use essayplan::picture::{
    self, InterpretationMap, JudgementLine, LinePoint, MapEdge, MapNode, NodeSummary, Rating,
    Scale, Source, adapt,
};
use essayplan::plan::PlanOptions;
use essayplan::render::docx::{DocImage, DocInfo, from_markdown};

use crate::support::{docx_part, files, load, plan_for, rel, root, squash};

/// Every shipped map's first question: (map, line, interpretation map).
fn shipped() -> Vec<(String, JudgementLine, InterpretationMap)> {
    files("arguments", "yaml")
        .iter()
        .map(|path| {
            let loaded = load(&rel(path)).unwrap();
            let q = loaded.map.questions[0].id.clone();
            let plan = plan_for(&loaded, &q, &PlanOptions::default());
            (
                path.display().to_string(),
                adapt::judgement_line(&plan),
                adapt::interpretation_map(&plan),
            )
        })
        .collect()
}

/// The text of every `<text>` element, in order, joined by spaces.
fn svg_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    squash(&texts.join(" "))
}

/// The rectangles of elements whose class list has `class`.
fn rects(svg: &str, class: &str) -> Vec<(f32, f32, f32, f32)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .map(|n| {
            let f = |a| n.attribute(a).unwrap().parse::<f32>().unwrap();
            (f("x"), f("y"), f("width"), f("height"))
        })
        .collect()
}

fn assert_disjoint(rs: &[(f32, f32, f32, f32)], what: &str) {
    for (i, a) in rs.iter().enumerate() {
        for b in &rs[i + 1..] {
            let overlap = a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3;
            assert!(!overlap, "{what} overlap: {a:?} and {b:?}");
        }
    }
}

#[test]
fn svg_parses_and_shows_every_label() {
    for (name, line, map) in shipped() {
        let text = svg_text(&picture::svg(&line));
        for p in &line.points {
            assert!(
                text.contains(&squash(&p.label)),
                "{name}: line lacks {}",
                p.label
            );
        }
        assert!(text.contains(line.extent.phrase()), "{name}: {text}");
        let text = svg_text(&picture::svg_map(&map));
        for node in &map.nodes {
            assert!(
                text.contains(&squash(&node.label)),
                "{name}: map lacks {}",
                node.label
            );
        }
        for kind in ["supports", "challenges", "qualifies"] {
            assert!(text.contains(kind), "{name}: legend lacks {kind}");
        }
    }
}

#[test]
fn shipped_pictures_have_no_overlapping_boxes() {
    for (name, line, map) in shipped() {
        let svg = picture::svg(&line);
        let cards = rects(&svg, "card");
        assert_eq!(cards.len(), line.points.len(), "{name}");
        assert_disjoint(&cards, &format!("{name}: cards"));
        let svg = picture::svg_map(&map);
        let nodes = rects(&svg, "node");
        assert_eq!(nodes.len(), map.nodes.len(), "{name}");
        assert_disjoint(&nodes, &format!("{name}: boxes"));
    }
}

/// A map made to break layouts: long labels, Unicode, markup characters,
/// ties, opposite edges, same-row edges and edges spanning rows.
fn awkward_map() -> InterpretationMap {
    let labels = [
        "<b>Stalin's</b> paranoia & \"the cult\"",
        "Ünïcödé: Сталин, 斯大林, Ωμέγα — and an extraordinarily long label that goes on and on beyond any box",
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "x < y > z & { } [ ] # ` | \\ ' \"",
        "The NKVD's own momentum and the quotas (limits) that regions pushed up",
        "Grassroots pressure",
        "Fear of war",
        "Careerism",
        "Kirov",
        "Trotsky's 'revolution betrayed'",
    ];
    let scores = [5, 5, 5, 4, 3, 3, 2, 1, 1, 1];
    let nodes = labels
        .iter()
        .zip(scores)
        .enumerate()
        .map(|(i, (label, score))| MapNode {
            id: format!("n-{i}"),
            label: label.to_string(),
            focus: i == 0,
            score,
            summary: if i % 2 == 0 {
                NodeSummary::Verdicts(vec![
                    ("Necessity".into(), Rating::Strong),
                    ("Scale & <scope>".into(), Rating::Partial),
                    ("Timing".into(), Rating::Weak),
                ])
            } else {
                NodeSummary::Counts {
                    supporting: i,
                    challenging: 10 - i,
                }
            },
        })
        .collect();
    let kinds = [
        RelationKind::Supports,
        RelationKind::Challenges,
        RelationKind::Qualifies,
    ];
    let pairs = [
        (0, 1),
        (1, 0),
        (0, 2),
        (3, 0),
        (9, 0),
        (4, 5),
        (6, 1),
        (7, 8),
        (7, 9),
        (2, 8),
        (5, 3),
    ];
    let edges = pairs
        .iter()
        .enumerate()
        .map(|(i, &(from, to))| MapEdge {
            from,
            to,
            kind: kinds[i % 3],
            reason: format!("Reason {i} with \"quotes\" & <tags>"),
        })
        .collect();
    InterpretationMap {
        title: "How far <was> \"it\" & all that?".into(),
        nodes,
        edges,
    }
}

fn awkward_line() -> JudgementLine {
    let map = awkward_map();
    JudgementLine {
        question: map.title.clone(),
        extent: Extent::Large,
        source: Source::Author,
        scale: Scale::Grid,
        scale_min: 0,
        scale_max: 6,
        best_rival_score: 5,
        show_scores: true,
        points: map
            .nodes
            .iter()
            .map(|n| LinePoint {
                id: n.id.clone(),
                label: n.label.clone(),
                score: n.score,
                focus: n.focus,
            })
            .collect(),
    }
}

#[test]
fn long_unicode_and_markup_labels_draw_without_overlap() {
    let map = awkward_map();
    let svg = picture::svg_map(&map);
    let text = svg_text(&svg);
    assert!(text.contains("Сталин, 斯大林, Ωμέγα"));
    assert!(text.contains("<b>Stalin's</b> paranoia & \"the cult\""));
    let nodes = rects(&svg, "node");
    assert_eq!(nodes.len(), map.nodes.len());
    assert_disjoint(&nodes, "boxes");
    for r in &nodes {
        assert!(r.0 >= 0.0 && r.0 + r.2 <= 800.0, "box off the page: {r:?}");
    }

    let line = awkward_line();
    let svg = picture::svg(&line);
    let text = svg_text(&svg);
    assert!(
        text.contains("Author's judgement: to a large extent"),
        "{text}"
    );
    let cards = rects(&svg, "card");
    assert_eq!(cards.len(), line.points.len());
    assert_disjoint(&cards, "cards");
    for r in &cards {
        assert!(r.0 >= 0.0 && r.0 + r.2 <= 800.0, "card off the page: {r:?}");
    }
}

#[test]
fn relation_kinds_differ_in_dash_pattern() {
    let svg = picture::svg_map(&awkward_map());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut dash = BTreeMap::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("path")) {
        let Some(class) = n.attribute("class") else {
            continue;
        };
        let mut words = class.split(' ');
        if words.next() != Some("edge") {
            continue;
        }
        let kind = words.next().unwrap().to_string();
        let pattern = n
            .attribute("stroke-dasharray")
            .unwrap_or("none")
            .to_string();
        let stroke = n.attribute("stroke").unwrap().to_string();
        let old = dash.insert(kind.clone(), (pattern.clone(), stroke.clone()));
        assert!(
            old.is_none_or(|o| o == (pattern, stroke)),
            "{kind} drawn two ways"
        );
    }
    assert_eq!(dash.len(), 3, "{dash:?}");
    let patterns: std::collections::BTreeSet<_> = dash.values().map(|v| &v.0).collect();
    let colours: std::collections::BTreeSet<_> = dash.values().map(|v| &v.1).collect();
    assert_eq!(patterns.len(), 3, "{dash:?}");
    assert_eq!(colours.len(), 3, "{dash:?}");
}

#[test]
fn png_bytes_are_identical_across_runs_and_threads() {
    let line = awkward_line();
    let map = awkward_map();
    let draw = move || {
        (
            picture::png(&picture::svg(&line), 1200).unwrap(),
            picture::png(&picture::svg_map(&map), 1200).unwrap(),
        )
    };
    let first = draw();
    let second = draw();
    let threaded = std::thread::spawn({
        let draw = draw.clone();
        move || draw()
    })
    .join()
    .unwrap();
    assert!(first.0.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(&first.0[16..20], &1200u32.to_be_bytes(), "width");
    assert_eq!(first, second);
    assert_eq!(first, threaded);
}

#[test]
fn png_refuses_bad_input() {
    assert!(picture::png("<svg", 100).is_err());
    assert!(picture::png(&picture::svg(&awkward_line()), 0).is_err());
}

#[test]
fn docx_embeds_a_picture_with_alt_text() {
    let line = awkward_line();
    let png = picture::png(&picture::svg(&line), 1200).unwrap();
    let alt = picture::alt_text(&line);
    let info = DocInfo {
        title: "T".into(),
        subject: "S".into(),
        header: "H".into(),
        layout: Default::default(),
        images: BTreeMap::from([(
            "judgement-line.png".to_string(),
            DocImage {
                png: png.clone(),
                alt: alt.clone(),
                width_percent: 100,
            },
        )]),
    };
    let md = "# Plan\n\n![The judgement line](judgement-line.png)\n\nText after.\n\n![missing](nowhere.png)\n";
    let bytes = from_markdown(md, &info);
    assert_eq!(bytes, from_markdown(md, &info), "deterministic");
    let xml = docx_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let drawings: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("drawing"))
        .collect();
    assert_eq!(drawings.len(), 1, "one picture embedded");
    let doc_pr = drawings[0]
        .descendants()
        .find(|n| n.has_tag_name("docPr"))
        .unwrap();
    assert_eq!(doc_pr.attribute("descr"), Some(alt.as_str()));
    assert!(!alt.trim().is_empty());
    assert_eq!(doc_pr.attribute("id"), Some("1"));
    // An image we do not have keeps its alt text as text.
    assert!(xml.contains(">missing<"));
    let rels = docx_part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("media/rIdImage1.png"), "{rels}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut media = zip.by_name("word/media/rIdImage1.png").unwrap();
    let mut stored = Vec::new();
    std::io::Read::read_to_end(&mut media, &mut stored).unwrap();
    assert_eq!(stored, png);
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!(picture::mermaid(&awkward_map()));
}

#[test]
fn dot_escapes_every_label() {
    let dot = picture::dot(&awkward_map());
    assert!(dot.starts_with("digraph interpretations {"));
    assert!(
        dot.contains(r#"x < y > z & { } [ ] # ` | \\ ' \""#),
        "{dot}"
    );
    // Every quote inside a string is escaped: the quotes balance per line.
    for line in dot.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
    }
}

#[test]
fn alt_text_names_every_interpretation_and_relation() {
    let map = awkward_map();
    let alt = picture::alt_text_map(&map);
    for n in &map.nodes {
        assert!(alt.contains(&squash(&n.label)), "{}", n.label);
    }
    assert!(alt.contains("challenges") && alt.contains("qualifies"));
    let alt = picture::alt_text(&awkward_line());
    assert!(
        alt.contains("Author's judgement: to a large extent"),
        "{alt}"
    );
    assert!(alt.contains("side by side"), "{alt}");
}

fn graph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_essayplan"))
        .arg("graph")
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn graph_command_draws_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let o = graph(&["arguments/great-purges.yaml", "-o", png.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let o = graph(&["arguments/great-purges.yaml", "--picture", "line"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("<svg"));
    let o = graph(&["arguments/great-purges.yaml", "--format", "dot"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("digraph"));
    let o = graph(&["arguments/great-purges.yaml", "--format", "mermaid"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("flowchart TB"));
    let o = graph(&[
        "arguments/great-purges.yaml",
        "--picture",
        "line",
        "--format",
        "dot",
    ]);
    assert_eq!(o.status.code(), Some(2), "the line has no DOT form");
    let o = graph(&["arguments/great-purges.yaml", "-q", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bands_follow_the_spec_rule() {
    // Best rival 3 on 1–5: limited is 1, some is 2–3, large is 4–5.
    let mut line = awkward_line();
    line.scale = Scale::Evidence;
    line.scale_min = 1;
    line.scale_max = 5;
    line.best_rival_score = 3;
    line.source = Source::Evidence;
    line.extent = Extent::Some;
    let svg = picture::svg(&line);
    let bands = rects(&svg, "band");
    assert_eq!(bands.len(), 3);
    let cell = (bands[2].0 + bands[2].2 - bands[0].0) / 5.0;
    let cells: Vec<f32> = bands.iter().map(|b| (b.2 / cell).round()).collect();
    assert_eq!(cells, vec![1.0, 2.0, 2.0], "{bands:?}");
    let text = svg_text(&svg);
    assert!(
        text.contains("Judgement from the evidence: to some extent"),
        "{text}"
    );
    // Best rival 1: nothing can be limited, so no limited band is drawn.
    line.best_rival_score = 1;
    assert_eq!(rects(&picture::svg(&line), "band").len(), 2);
}

#[test]
fn degenerate_inputs_still_draw() {
    let empty_line = JudgementLine {
        question: String::new(),
        extent: Extent::Limited,
        source: Source::Grid,
        scale: Scale::Grid,
        scale_min: 9,
        scale_max: -3,
        best_rival_score: 100,
        show_scores: true,
        points: vec![LinePoint {
            id: "a".into(),
            label: String::new(),
            score: -50,
            focus: false,
        }],
    };
    let empty_map = InterpretationMap {
        title: String::new(),
        nodes: Vec::new(),
        edges: vec![MapEdge {
            from: 3,
            to: 3,
            kind: RelationKind::Supports,
            reason: String::new(),
        }],
    };
    for svg in [picture::svg(&empty_line), picture::svg_map(&empty_map)] {
        roxmltree::Document::parse(&svg).unwrap();
        picture::png(&svg, 200).unwrap();
    }
    picture::dot(&empty_map);
    picture::mermaid(&empty_map);
    picture::alt_text(&empty_line);
    picture::alt_text_map(&empty_map);
}

mod random {
    use super::*;
    use proptest::prelude::*;

    fn map_strategy() -> impl Strategy<Value = InterpretationMap> {
        (1usize..=12)
            .prop_flat_map(|n| {
                (
                    proptest::collection::vec(("[a-zA-Z<>&\"' ]{1,60}", 1i32..=5), n),
                    proptest::collection::vec((0..n, 0..n, 0u8..3), 0..=2 * n),
                )
            })
            .prop_map(|(nodes, edges)| InterpretationMap {
                title: "Random".into(),
                nodes: nodes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, score))| MapNode {
                        id: format!("n{i}"),
                        label,
                        focus: i == 0,
                        score,
                        summary: NodeSummary::Counts {
                            supporting: i,
                            challenging: 1,
                        },
                    })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|(from, to, k)| MapEdge {
                        from,
                        to,
                        kind: [
                            RelationKind::Supports,
                            RelationKind::Challenges,
                            RelationKind::Qualifies,
                        ][k as usize],
                        reason: String::new(),
                    })
                    .collect(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn random_maps_draw_without_overlap(map in map_strategy()) {
            let svg = picture::svg_map(&map);
            let nodes = rects(&svg, "node");
            prop_assert_eq!(nodes.len(), map.nodes.len());
            assert_disjoint(&nodes, "boxes");
            for r in &nodes {
                prop_assert!(r.0 >= -0.01 && r.0 + r.2 <= 800.01, "box off the page: {:?}", r);
            }
            let line = JudgementLine {
                question: "Q".into(),
                extent: Extent::Some,
                source: Source::Evidence,
                scale: Scale::Evidence,
                scale_min: 1,
                scale_max: 5,
                best_rival_score: 3,
                show_scores: false,
                points: map.nodes.iter().map(|n| LinePoint {
                    id: n.id.clone(),
                    label: n.label.clone(),
                    score: n.score,
                    focus: n.focus,
                }).collect(),
            };
            let svg = picture::svg(&line);
            let cards = rects(&svg, "card");
            assert_disjoint(&cards, "cards");
            for r in &cards {
                prop_assert!(r.0 >= -0.01 && r.0 + r.2 <= 800.01, "card off the page: {:?}", r);
            }
        }
    }
}

#[test]
fn a_students_line_shows_no_score_arithmetic() {
    use essayplan::plan::Mode;
    let loaded = load(std::path::Path::new("arguments/great-purges.yaml")).unwrap();
    let q = loaded.map.questions[0].id.clone();
    let student = adapt::judgement_line(&plan_for(&loaded, &q, &PlanOptions::default()));
    assert!(!student.show_scores);
    let teacher = adapt::judgement_line(&plan_for(
        &loaded,
        &q,
        &PlanOptions {
            brevity: Default::default(),
            mode: Mode::Model,
            ..Default::default()
        },
    ));
    assert!(teacher.show_scores);
    let words = svg_text(&picture::svg(&student));
    let numbers = svg_text(&picture::svg(&teacher));
    assert!(!words.contains("Score:") && numbers.contains("Score:"));
    for n in ["1", "2", "3", "4", "5"] {
        assert!(!words.split(' ').any(|w| w == n), "{words}");
        assert!(numbers.split(' ').any(|w| w == n), "{numbers}");
    }
    let alt = picture::alt_text(&student);
    assert!(!alt.contains(" at 5") && !alt.contains("score"), "{alt}");
}
