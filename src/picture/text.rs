//! The interpretation map as Graphviz DOT and as a Mermaid flowchart, for
//! users who draw with Graphviz or on GitHub. Every label is escaped for
//! its syntax, so map text cannot break out of its string.

use std::fmt::Write;

use super::{InterpretationMap, MapNode, NodeSummary, RelationKind, kind_colour, kind_name};

fn node_lines(node: &MapNode) -> Vec<String> {
    let mut lines = Vec::new();
    if node.focus {
        lines.push("FOCUS".to_string());
    }
    lines.push(node.label.split_whitespace().collect::<Vec<_>>().join(" "));
    match &node.summary {
        NodeSummary::Verdicts(v) => {
            lines.extend(v.iter().map(|(c, r)| format!("{c}: {}", r.name())));
        }
        NodeSummary::Counts {
            supporting,
            challenging,
        } => lines.push(format!(
            "{supporting} item{} for · {challenging} against",
            if *supporting == 1 { "" } else { "s" }
        )),
    }
    lines
}

/// Text for a DOT double-quoted string: backslashes and quotes escaped,
/// line breaks as `\n`, other control characters dropped.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_style(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supports => "solid",
        RelationKind::Challenges => "dashed",
        RelationKind::Qualifies => "dotted",
    }
}

/// The map as a Graphviz digraph: boxes ranked by score (equal scores on
/// one rank), the focus bold and shaded, each relation kind its own colour
/// and line style.
pub fn dot(map: &InterpretationMap) -> String {
    let family = "DejaVu Sans,Liberation Sans,Arial,sans-serif";
    let mut out = String::new();
    out.push_str("digraph interpretations {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, labelloc=t, fontname=\"{family}\", fontsize=16, label=\"{}\"];",
        dot_escape(&map.title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded\", fontname=\"{family}\", fontsize=12, margin=\"0.15,0.08\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"{family}\", fontsize=10];");
    for (i, node) in map.nodes.iter().enumerate() {
        let label = node_lines(node)
            .iter()
            .map(|l| dot_escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let extra = if node.focus {
            ", style=\"rounded,filled,bold\", fillcolor=\"#FFF6CC\", penwidth=3"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  n{i} [label=\"{label}\", tooltip=\"{}\"{extra}];",
            dot_escape(&node.id)
        );
    }
    // Ranks by score, strongest on top: equal scores share a rank, and an
    // invisible edge chains each rank to the next; relations do not move
    // boxes between ranks.
    let mut scores: Vec<i32> = map.nodes.iter().map(|n| n.score).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    scores.dedup();
    let mut previous: Option<usize> = None;
    for s in scores {
        let members: Vec<usize> = (0..map.nodes.len())
            .filter(|&i| map.nodes[i].score == s)
            .collect();
        if members.len() > 1 {
            let names: Vec<String> = members.iter().map(|i| format!("n{i}")).collect();
            let _ = writeln!(out, "  {{ rank=same; {}; }}", names.join("; "));
        }
        if let (Some(p), Some(&first)) = (previous, members.first()) {
            let _ = writeln!(out, "  n{p} -> n{first} [style=invis];");
        }
        previous = members.first().copied();
    }
    for e in &map.edges {
        if e.from >= map.nodes.len() || e.to >= map.nodes.len() {
            continue;
        }
        // Graphviz mis-routes labelled edges within one rank: label those
        // from outside the edge instead.
        let same_rank = map.nodes[e.from].score == map.nodes[e.to].score;
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}=\"{}\", color=\"{c}\", fontcolor=\"{c}\", style={}, penwidth=2, constraint=false, tooltip=\"{}\"];",
            e.from,
            e.to,
            if same_rank { "xlabel" } else { "label" },
            kind_name(e.kind),
            dot_style(e.kind),
            dot_escape(&e.reason),
            c = kind_colour(e.kind),
        );
    }
    out.push_str("}\n");
    out
}

/// Text for a Mermaid quoted label: Mermaid's own entity codes for the
/// characters its grammar or HTML would read (`"`, `#`, `<`, `>`, `&`, a
/// backtick), line breaks as `<br/>`.
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The map as a Mermaid flowchart (renders on GitHub): the focus shaded
/// with a heavy border, `supports` solid, `challenges` dashed and
/// `qualifies` dotted, each in its colour.
pub fn mermaid(map: &InterpretationMap) -> String {
    let mut out = String::from("flowchart TB\n");
    for (i, node) in map.nodes.iter().enumerate() {
        let label = node_lines(node)
            .iter()
            .map(|l| mermaid_escape(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let _ = writeln!(out, "  n{i}[\"{label}\"]");
    }
    let mut styles = Vec::new();
    let mut index = 0;
    for e in &map.edges {
        if e.from >= map.nodes.len() || e.to >= map.nodes.len() {
            continue;
        }
        let arrow = match e.kind {
            RelationKind::Supports => "-->",
            RelationKind::Challenges | RelationKind::Qualifies => "-.->",
        };
        let _ = writeln!(
            out,
            "  n{} {arrow}|{}| n{}",
            e.from,
            kind_name(e.kind),
            e.to
        );
        let dash = match e.kind {
            RelationKind::Supports => String::new(),
            kind => format!(",stroke-dasharray:{}", super::kind_dash(kind)),
        };
        styles.push(format!(
            "  linkStyle {index} stroke:{},stroke-width:2px{dash}",
            kind_colour(e.kind)
        ));
        index += 1;
    }
    for s in styles {
        out.push_str(&s);
        out.push('\n');
    }
    let focus: Vec<String> = (0..map.nodes.len())
        .filter(|&i| map.nodes[i].focus)
        .map(|i| format!("n{i}"))
        .collect();
    if !focus.is_empty() {
        out.push_str("  classDef focus fill:#FFF6CC,stroke:#000000,stroke-width:3px\n");
        let _ = writeln!(out, "  class {} focus", focus.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keep_labels_inside_their_strings() {
        assert_eq!(dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(
            mermaid_escape(r#"<b>"x" & #1 `y`"#),
            "#lt;b#gt;#quot;x#quot; #amp; #35;1 #96;y#96;"
        );
    }
}
