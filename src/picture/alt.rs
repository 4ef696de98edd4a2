//! The pictures described in words, for screen readers (DOCX `descr`, the
//! SVG's `<desc>`, HTML `alt`). Each description says what the picture
//! shows in the order a sighted reader takes it in.

use super::line::judgement_caption;
use super::{InterpretationMap, JudgementLine, NodeSummary, Scale, extent_of, kind_name};

/// "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The judgement line in words: the judgement, the scale, then each
/// interpretation from strongest to weakest with its band.
pub fn alt_text(line: &JudgementLine) -> String {
    let (min, max) = (
        line.scale_min.min(line.scale_max),
        line.scale_max.max(line.scale_min),
    );
    let scale = match line.scale {
        Scale::Grid => "criteria-grid scores",
        Scale::Evidence => "evidence scores",
    };
    let mut out = format!(
        "Judgement line for the question: {} {}. ",
        clean(&line.question),
        judgement_caption(line)
    );
    if line.show_scores {
        out.push_str(&format!(
            "It places the interpretations on a scale of {scale} from {min} (weaker) to {max} (stronger). "
        ));
        out.push_str(&format!(
        "Against the strongest rival's score of {}, the scale is divided into three bands: limited extent below {}, some extent from {} to {}, large extent above {}. ",
        line.best_rival_score,
        line.best_rival_score - 1,
        line.best_rival_score - 1,
        line.best_rival_score,
        line.best_rival_score
    ));
    } else {
        out.push_str(
            "It places the interpretations from weaker to stronger, with three bands read against the strongest rival: limited, some and large extent. ",
        );
    }
    // Strongest first; ties together.
    let mut order: Vec<usize> = (0..line.points.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(line.points[i].score), i));
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let score = line.points[order[i]].score;
        let mut names = Vec::new();
        let mut j = i;
        while j < order.len() && line.points[order[j]].score == score {
            let p = &line.points[order[j]];
            names.push(if p.focus {
                format!("{} (the focus)", clean(&p.label))
            } else {
                clean(&p.label)
            });
            j += 1;
        }
        let band = extent_of(score, line.best_rival_score);
        let band = match band {
            super::Extent::Large => "large",
            super::Extent::Some => "some",
            super::Extent::Limited => "limited",
        };
        let verb = if names.len() > 1 {
            "are side by side"
        } else {
            "is"
        };
        let at = if line.show_scores {
            format!(" at {score},")
        } else {
            String::new()
        };
        groups.push(format!(
            "{} {verb}{at} in the {band} band",
            and_list(&names)
        ));
        i = j;
    }
    if !groups.is_empty() {
        out.push_str("From strongest to weakest: ");
        out.push_str(&groups.join("; "));
        out.push('.');
    }
    out
}

/// The interpretation map in words: each box from the strongest row down,
/// with its verdicts or evidence counts, then each relation.
pub fn alt_text_map(map: &InterpretationMap) -> String {
    let mut out = format!(
        "Map of {} interpretation{} for {}, strongest at the top. ",
        map.nodes.len(),
        if map.nodes.len() == 1 { "" } else { "s" },
        clean(&map.title)
    );
    let mut order: Vec<usize> = (0..map.nodes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(map.nodes[i].score), i));
    let boxes: Vec<String> = order
        .iter()
        .map(|&i| {
            let node = &map.nodes[i];
            let summary = match &node.summary {
                NodeSummary::Verdicts(v) => v
                    .iter()
                    .map(|(c, r)| format!("{} {}", clean(c), r.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
                NodeSummary::Counts {
                    supporting,
                    challenging,
                } => format!(
                    "{supporting} item{} of evidence for, {challenging} against",
                    if *supporting == 1 { "" } else { "s" }
                ),
            };
            let focus = if node.focus { "the focus, " } else { "" };
            format!("{} ({focus}{summary})", clean(&node.label))
        })
        .collect();
    out.push_str(&format!("The boxes: {}. ", boxes.join("; ")));
    let relations: Vec<String> = map
        .edges
        .iter()
        .filter(|e| e.from < map.nodes.len() && e.to < map.nodes.len())
        .map(|e| {
            format!(
                "{} {} {}",
                clean(&map.nodes[e.from].label),
                kind_name(e.kind),
                clean(&map.nodes[e.to].label)
            )
        })
        .collect();
    if relations.is_empty() {
        out.push_str("No relations are drawn.");
    } else {
        out.push_str(&format!(
            "Arrows: {}. Supports is drawn solid, challenges dashed, qualifies dotted.",
            relations.join("; ")
        ));
    }
    out
}
