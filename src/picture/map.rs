//! The interpretation map: a box per interpretation, layered by score
//! (strongest on top), relations as arrows labelled with their kind.
//!
//! The layout is a small Sugiyama: rows by score; an edge that spans
//! several rows gets a waypoint in each row it passes, which takes a slot
//! in that row like a thin box, so no edge is drawn through a box; the
//! order within rows is chosen by barycentre sweeps and adjacent swaps to
//! reduce crossings; x positions follow each item's neighbours. Edges
//! within one row are straight when the boxes are neighbours and arc over
//! the row otherwise. Maps have a dozen interpretations at most, so this
//! is cheap.

use std::fmt::Write;

use super::font;
use super::line::spread_with;
use super::svgw::{Rect, Svg, TextStyle, block_height, escape, n};
use super::{InterpretationMap, NodeSummary, RelationKind, kind_colour, kind_dash, kind_name};

pub(crate) const WIDTH: f32 = 800.0;
const MARGIN: f32 = 24.0;
const MAX_ROW: usize = 4;
const BOX_MAX: f32 = 210.0;
const PAD: f32 = 8.0;
const LABEL: f32 = 15.0;
const SMALL: f32 = 12.5;
const ROW_GAP: f32 = 74.0;
const WAYPOINT: f32 = 12.0;
/// Space between two boxes, between a box or waypoint and a waypoint, and
/// between two boxes joined by a labelled edge.
const NODE_GAP: f32 = 36.0;
const VIA_GAP: f32 = 12.0;
const LINK_GAP: f32 = 100.0;
const ARC: f32 = 44.0;
const KINDS: [RelationKind; 3] = [
    RelationKind::Supports,
    RelationKind::Challenges,
    RelationKind::Qualifies,
];

type Point = (f32, f32);

/// A slot in a row: a box, or a waypoint of an edge passing through.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Node(usize),
    Via(usize),
}

/// How one edge is drawn.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    /// Through these points (box border to box border).
    Line(Vec<Point>),
    /// A cubic arc from the first point to the last over its row.
    Arc([Point; 4]),
}

/// A laid-out map.
pub(crate) struct Layout {
    pub boxes: Vec<Rect>,
    pub routes: Vec<Option<Route>>,
    /// Each box's text lines and their parts.
    texts: Vec<Vec<(String, Part)>>,
    pub bottom: f32,
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Tag,
    Label,
    Summary,
}

fn summary_lines(summary: &NodeSummary) -> Vec<String> {
    match summary {
        NodeSummary::Verdicts(v) => v
            .iter()
            .map(|(criterion, rating)| format!("{criterion}: {}", rating.name()))
            .collect(),
        NodeSummary::Counts {
            supporting,
            challenging,
        } => vec![format!(
            "{supporting} item{} for · {challenging} against",
            if *supporting == 1 { "" } else { "s" }
        )],
    }
}

/// Rows of node indices: one per distinct score, strongest first, split
/// when longer than `max_row`; nodes keep their given (ranking) order.
fn node_rows(map: &InterpretationMap, max_row: usize) -> Vec<Vec<usize>> {
    let mut scores: Vec<i32> = map.nodes.iter().map(|n| n.score).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    scores.dedup();
    let mut rows = Vec::new();
    for s in scores {
        let members: Vec<usize> = (0..map.nodes.len())
            .filter(|&i| map.nodes[i].score == s)
            .collect();
        let count = members.len().div_ceil(max_row.max(1));
        let per = members.len().div_ceil(count);
        rows.extend(members.chunks(per).map(<[usize]>::to_vec));
    }
    rows
}

fn style(part: Part) -> TextStyle {
    match part {
        Part::Tag => TextStyle::new(SMALL).bold().fill("#7A5A00"),
        Part::Label => TextStyle::new(LABEL).bold(),
        Part::Summary => TextStyle::new(SMALL).fill("#333333"),
    }
}

/// Extra space after a line: a little air between label and summary.
fn after(lines: &[(String, Part)], i: usize) -> f32 {
    let next_is_summary = lines.get(i + 1).is_some_and(|(_, p)| *p == Part::Summary);
    if lines[i].1 == Part::Label && next_is_summary {
        4.0
    } else {
        0.0
    }
}

fn text_height(lines: &[(String, Part)]) -> f32 {
    let mut h = 0.0;
    for (i, (_, part)) in lines.iter().enumerate() {
        let s = style(*part);
        h += if i + 1 == lines.len() {
            block_height(1, s)
        } else {
            s.leading()
        };
        h += after(lines, i);
    }
    h
}

fn valid(map: &InterpretationMap, e: usize) -> bool {
    let e = &map.edges[e];
    e.from != e.to && e.from < map.nodes.len() && e.to < map.nodes.len()
}

/// Where the ray from the centre of `r` towards `to` leaves it.
fn exit(r: &Rect, to: Point, offset: Point) -> Point {
    let (x, y) = (r.cx() + offset.0, r.cy() + offset.1);
    let (dx, dy) = (to.0 - x, to.1 - y);
    let tx = if dx.abs() > 1e-6 {
        (r.w / 2.0 - offset.0.abs()) / dx.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dy.abs() > 1e-6 {
        (r.h / 2.0 - offset.1.abs()) / dy.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (x + dx * t, y + dy * t)
}

/// Crossings between two adjacent rows, given each item's position.
fn crossings(segments: &[(usize, usize)], upper: &[f32], lower: &[f32]) -> usize {
    let mut count = 0;
    for (i, &(a, b)) in segments.iter().enumerate() {
        for &(c, d) in &segments[i + 1..] {
            let s = (upper[a] - upper[c]) * (lower[b] - lower[d]);
            if s < 0.0 {
                count += 1;
            }
        }
    }
    count
}

/// Rows of items and the box width they allow.
struct Grid {
    row_of: Vec<usize>,
    rows: Vec<Vec<Item>>,
    /// Each edge's items from its source to its target, with their rows.
    chains: Vec<Vec<(usize, Item)>>,
    /// Edges within one row, as (from, to).
    same_row: Vec<(usize, usize)>,
    box_w: f32,
}

/// The narrowest box worth drawing before rows are split further.
const MIN_BOX: f32 = 150.0;

fn grid(map: &InterpretationMap, max_row: usize) -> Grid {
    let count = map.nodes.len();
    let nrows = node_rows(map, max_row);
    let mut row_of = vec![0usize; count];
    for (r, row) in nrows.iter().enumerate() {
        for &i in row {
            row_of[i] = r;
        }
    }
    // Rows of items, with waypoints for edges spanning rows.
    let mut rows: Vec<Vec<Item>> = nrows
        .iter()
        .map(|r| r.iter().map(|&i| Item::Node(i)).collect())
        .collect();
    let mut chains: Vec<Vec<(usize, Item)>> = vec![Vec::new(); map.edges.len()];
    for (e, edge) in map.edges.iter().enumerate() {
        if !valid(map, e) {
            continue;
        }
        let (r1, r2) = (row_of[edge.from], row_of[edge.to]);
        let mut chain = vec![(r1, Item::Node(edge.from))];
        let between: Vec<usize> = if r1 < r2 {
            (r1 + 1..r2).collect()
        } else {
            (r2 + 1..r1).rev().collect()
        };
        for r in between {
            rows[r].push(Item::Via(e));
            chain.push((r, Item::Via(e)));
        }
        chain.push((r2, Item::Node(edge.to)));
        chains[e] = chain;
    }
    let same_row: Vec<(usize, usize)> = map
        .edges
        .iter()
        .enumerate()
        .filter(|(e, edge)| valid(map, *e) && row_of[edge.from] == row_of[edge.to])
        .map(|(_, edge)| (edge.from, edge.to))
        .collect();
    // Boxes as wide as the fullest row allows.
    let avail = WIDTH - 2.0 * MARGIN;
    let box_w = rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| {
            let k = nrows[r].len();
            let vias = row.len() - k;
            let links = same_row
                .iter()
                .filter(|(a, _)| row_of[*a] == r)
                .count()
                .min(k.saturating_sub(1));
            let gaps = k.saturating_sub(1) as f32 * NODE_GAP
                + vias as f32 * (WAYPOINT + 2.0 * VIA_GAP)
                + links as f32 * (LINK_GAP - NODE_GAP);
            (k > 0).then(|| (avail - gaps) / k as f32)
        })
        .fold(BOX_MAX, f32::min)
        .max(90.0);
    Grid {
        row_of,
        rows,
        chains,
        same_row,
        box_w,
    }
}

pub(crate) fn layout(map: &InterpretationMap, top: f32) -> Layout {
    let count = map.nodes.len();
    // Fewer boxes to a row until they are wide enough to read.
    let mut g = grid(map, MAX_ROW);
    for max_row in (1..MAX_ROW).rev() {
        if g.box_w >= MIN_BOX {
            break;
        }
        g = grid(map, max_row);
    }
    let Grid {
        row_of,
        mut rows,
        chains,
        same_row,
        box_w,
    } = g;
    let linked = |a: usize, b: usize| {
        same_row
            .iter()
            .any(|&(x, y)| (x, y) == (a, b) || (x, y) == (b, a))
    };
    let avail = WIDTH - 2.0 * MARGIN;
    let mut texts = Vec::with_capacity(count);
    let mut heights = Vec::with_capacity(count);
    for node in &map.nodes {
        let mut t: Vec<(String, Part)> = Vec::new();
        if node.focus {
            t.push(("FOCUS".into(), Part::Tag));
        }
        for l in font::wrap(&node.label, LABEL, true, box_w - 2.0 * PAD) {
            t.push((l, Part::Label));
        }
        for s in summary_lines(&node.summary) {
            for l in font::wrap(&s, SMALL, false, box_w - 2.0 * PAD) {
                t.push((l, Part::Summary));
            }
        }
        heights.push(text_height(&t) + 2.0 * PAD);
        texts.push(t);
    }
    // The gap after each item; two boxes joined by an edge keep room for
    // its label even with waypoints between them.
    let gaps_of = |row: &[Item]| -> Vec<f32> {
        let mut gaps: Vec<f32> = row
            .windows(2)
            .map(|w| match (w[0], w[1]) {
                (Item::Node(a), Item::Node(b)) if linked(a, b) => LINK_GAP,
                (Item::Node(_), Item::Node(_)) => NODE_GAP,
                _ => VIA_GAP,
            })
            .collect();
        for (i, item) in row.iter().enumerate() {
            let Item::Node(a) = *item else { continue };
            let next = row[i + 1..]
                .iter()
                .position(|x| matches!(x, Item::Node(_)))
                .map(|k| i + 1 + k);
            let Some(j) = next else { continue };
            let Item::Node(b) = row[j] else { continue };
            if j == i + 1 || !linked(a, b) {
                continue;
            }
            let between = gaps[i..j].iter().sum::<f32>() + (j - i - 1) as f32 * WAYPOINT;
            if between < LINK_GAP {
                gaps[i] += LINK_GAP - between;
            }
        }
        gaps
    };
    let width_of = |it: &Item| match it {
        Item::Node(_) => box_w,
        Item::Via(_) => WAYPOINT,
    };
    // Segments between row r and r+1 as (item index in r, item index in r+1).
    let segments = |rows: &[Vec<Item>], r: usize| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for chain in &chains {
            for pair in chain.windows(2) {
                let ((ra, a), (rb, b)) = (pair[0], pair[1]);
                let (ua, lb) = if ra == r && rb == r + 1 {
                    (a, b)
                } else if rb == r && ra == r + 1 {
                    (b, a)
                } else {
                    continue;
                };
                let (Some(i), Some(j)) = (
                    rows[r].iter().position(|x| *x == ua),
                    rows[r + 1].iter().position(|x| *x == lb),
                ) else {
                    continue;
                };
                out.push((i, j));
            }
        }
        out
    };
    // Same-row edges whose ends are not neighbours cost an arc.
    let same_row_gaps = |rows: &[Vec<Item>]| -> usize {
        let mut total = 0;
        for (e, edge) in map.edges.iter().enumerate() {
            if !valid(map, e) || row_of[edge.from] != row_of[edge.to] {
                continue;
            }
            let row = &rows[row_of[edge.from]];
            let nodes: Vec<usize> = row
                .iter()
                .filter_map(|x| match x {
                    Item::Node(i) => Some(*i),
                    Item::Via(_) => None,
                })
                .collect();
            let a = nodes.iter().position(|&i| i == edge.from).unwrap_or(0);
            let b = nodes.iter().position(|&i| i == edge.to).unwrap_or(0);
            total += a.abs_diff(b).saturating_sub(1);
        }
        total
    };
    let total_cost = |rows: &[Vec<Item>]| -> usize {
        let mut c = same_row_gaps(rows) * 2;
        for r in 0..rows.len().saturating_sub(1) {
            let idx = |k: usize| (0..rows[k].len()).map(|i| i as f32).collect::<Vec<_>>();
            c += crossings(&segments(rows, r), &idx(r), &idx(r + 1));
        }
        c
    };

    // Ordering: barycentre sweeps, keeping the best, then adjacent swaps.
    let mut best = rows.clone();
    let mut best_cost = total_cost(&rows);
    for sweep in 0..8 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let (segs, other) = if down {
                (segments(&rows, r - 1), r - 1)
            } else {
                (segments(&rows, r), r + 1)
            };
            let scale = rows[other].len().max(1) as f32;
            let mine = rows[r].len().max(1) as f32;
            let mut keyed: Vec<(f32, usize, Item)> = rows[r]
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let ns: Vec<f32> = segs
                        .iter()
                        .filter_map(|&(u, l)| {
                            if down {
                                (l == i).then_some(u as f32 / scale)
                            } else {
                                (u == i).then_some(l as f32 / scale)
                            }
                        })
                        .collect();
                    let key = if ns.is_empty() {
                        i as f32 / mine
                    } else {
                        ns.iter().sum::<f32>() / ns.len() as f32
                    };
                    (key, i, *it)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[r] = keyed.into_iter().map(|k| k.2).collect();
        }
        let c = total_cost(&rows);
        if c < best_cost {
            best_cost = c;
            best = rows.clone();
        }
    }
    rows = best;
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 20 {
        improved = false;
        rounds += 1;
        for r in 0..rows.len() {
            for i in 0..rows[r].len().saturating_sub(1) {
                rows[r].swap(i, i + 1);
                let c = total_cost(&rows);
                if c < best_cost {
                    best_cost = c;
                    improved = true;
                } else {
                    rows[r].swap(i, i + 1);
                }
            }
        }
    }

    // x: start packed and centred, then pull each item towards its
    // neighbours, row by row, down and up.
    let mut xs: Vec<Vec<f32>> = rows
        .iter()
        .map(|row| {
            let widths: Vec<f32> = row.iter().map(width_of).collect();
            let k = row.len().max(1) as f32;
            let desired: Vec<f32> = (0..row.len())
                .map(|i| MARGIN + (i as f32 + 0.5) * avail / k)
                .collect();
            spread_with(&desired, &widths, MARGIN, WIDTH - MARGIN, &gaps_of(row))
        })
        .collect();
    for pass in 0..6 {
        let down = pass % 2 == 0;
        let order: Vec<usize> = if down {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let mut pulls: Vec<Vec<f32>> = vec![Vec::new(); rows[r].len()];
            if r > 0 {
                for (u, l) in segments(&rows, r - 1) {
                    pulls[l].push(xs[r - 1][u]);
                }
            }
            if r + 1 < rows.len() {
                for (u, l) in segments(&rows, r) {
                    pulls[u].push(xs[r + 1][l]);
                }
            }
            let desired: Vec<f32> = pulls
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if p.is_empty() {
                        xs[r][i]
                    } else {
                        (xs[r][i] + p.iter().sum::<f32>()) / (p.len() + 1) as f32
                    }
                })
                .collect();
            let widths: Vec<f32> = rows[r].iter().map(width_of).collect();
            xs[r] = spread_with(
                &desired,
                &widths,
                MARGIN,
                WIDTH - MARGIN,
                &gaps_of(&rows[r]),
            );
        }
    }

    // y: rows stacked; an arc over a row needs room above it.
    let has_arc = |r: usize| {
        map.edges.iter().enumerate().any(|(e, edge)| {
            valid(map, e) && row_of[edge.from] == r && row_of[edge.to] == r && {
                let nodes: Vec<usize> = rows[r]
                    .iter()
                    .filter_map(|x| match x {
                        Item::Node(i) => Some(*i),
                        Item::Via(_) => None,
                    })
                    .collect();
                let a = nodes.iter().position(|&i| i == edge.from).unwrap_or(0);
                let b = nodes.iter().position(|&i| i == edge.to).unwrap_or(0);
                a.abs_diff(b) > 1
            }
        })
    };
    let gap = if map.edges.is_empty() { 28.0 } else { ROW_GAP };
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        count
    ];
    let mut bands: Vec<(f32, f32)> = Vec::with_capacity(rows.len());
    let mut y = top;
    for (r, row) in rows.iter().enumerate() {
        if r == 0 && has_arc(0) {
            y += ARC * 0.8;
        }
        let row_h = row
            .iter()
            .filter_map(|it| match it {
                Item::Node(i) => Some(heights[*i]),
                Item::Via(_) => None,
            })
            .fold(0.0, f32::max);
        for (slot, it) in row.iter().enumerate() {
            if let Item::Node(i) = it {
                boxes[*i] = Rect {
                    x: xs[r][slot] - box_w / 2.0,
                    y: y + (row_h - heights[*i]) / 2.0,
                    w: box_w,
                    h: heights[*i],
                };
            }
        }
        bands.push((y, y + row_h));
        y += row_h + gap;
    }
    let bottom = y - gap;

    // Routes.
    let position = |r: usize, it: Item| -> f32 {
        rows[r]
            .iter()
            .position(|x| *x == it)
            .map_or(WIDTH / 2.0, |i| xs[r][i])
    };
    let routes = map
        .edges
        .iter()
        .enumerate()
        .map(|(e, edge)| {
            if !valid(map, e) {
                return None;
            }
            let (a, b) = (boxes[edge.from], boxes[edge.to]);
            let paired = map
                .edges
                .iter()
                .any(|o| o.from == edge.to && o.to == edge.from);
            let (r1, r2) = (row_of[edge.from], row_of[edge.to]);
            if r1 == r2 {
                let between = {
                    let nodes: Vec<usize> = rows[r1]
                        .iter()
                        .filter_map(|x| match x {
                            Item::Node(i) => Some(*i),
                            Item::Via(_) => None,
                        })
                        .collect();
                    let p = nodes.iter().position(|&i| i == edge.from).unwrap_or(0);
                    let q = nodes.iter().position(|&i| i == edge.to).unwrap_or(0);
                    p.abs_diff(q) > 1
                };
                let dir = if b.cx() > a.cx() { 1.0 } else { -1.0 };
                if between {
                    // Over the row, from top to top.
                    let lift = if paired && edge.from > edge.to {
                        16.0
                    } else {
                        0.0
                    };
                    let s = (a.cx() + dir * a.w * 0.25, a.y);
                    let t = (b.cx() - dir * b.w * 0.25, b.y);
                    let up = a.y.min(b.y) - ARC - lift;
                    return Some(Route::Arc([s, (s.0, up), (t.0, up), t]));
                }
                let dy = if paired {
                    if edge.from < edge.to { -11.0 } else { 11.0 }
                } else {
                    0.0
                };
                let s = (if dir > 0.0 { a.right() } else { a.x }, a.cy() + dy);
                let t = (if dir > 0.0 { b.x } else { b.right() }, b.cy() + dy);
                return Some(Route::Line(vec![s, t]));
            }
            let mut inner: Vec<Point> = Vec::new();
            for &(r, it) in &chains[e][1..chains[e].len() - 1] {
                let x = position(r, it);
                let (top, bottom) = bands[r];
                if r1 < r2 {
                    inner.push((x, top));
                    inner.push((x, bottom));
                } else {
                    inner.push((x, bottom));
                    inner.push((x, top));
                }
            }
            let offset = if paired && inner.is_empty() {
                if edge.from < edge.to { 7.0 } else { -7.0 }
            } else {
                0.0
            };
            let first = inner.first().copied().unwrap_or((b.cx() + offset, b.cy()));
            let last = inner.last().copied().unwrap_or((a.cx() + offset, a.cy()));
            let s = exit(&a, first, (offset, 0.0));
            let t = exit(&b, last, (offset, 0.0));
            let mut points = vec![s];
            points.extend(inner);
            points.push(t);
            Some(Route::Line(points))
        })
        .collect();
    Layout {
        boxes,
        routes,
        texts,
        bottom,
    }
}

fn bezier(p: &[Point; 4], t: f32) -> Point {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
        a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
    )
}

/// Where a route's label may go, best first: the middle of its longest
/// stretch, then further along.
fn label_spots(route: &Route) -> Vec<Point> {
    match route {
        Route::Arc(p) => [0.5, 0.35, 0.65, 0.2, 0.8]
            .iter()
            .map(|&t| bezier(p, t))
            .collect(),
        Route::Line(points) => {
            let mut segs: Vec<(f32, Point, Point)> = points
                .windows(2)
                .map(|w| {
                    let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
                    ((dx * dx + dy * dy).sqrt(), w[0], w[1])
                })
                .collect();
            segs.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut out = Vec::new();
            for t in [0.5f32, 0.35, 0.65, 0.22, 0.78] {
                for (_, a, b) in &segs {
                    out.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
                }
            }
            out
        }
    }
}

fn path_d(route: &Route) -> String {
    match route {
        Route::Line(points) => {
            let mut d = String::new();
            for (i, p) in points.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{} {} ",
                    if i == 0 { "M " } else { "L " },
                    n(p.0),
                    n(p.1)
                );
            }
            d.trim_end().to_string()
        }
        Route::Arc(p) => format!(
            "M {} {} C {} {} {} {} {} {}",
            n(p[0].0),
            n(p[0].1),
            n(p[1].0),
            n(p[1].1),
            n(p[2].0),
            n(p[2].1),
            n(p[3].0),
            n(p[3].1)
        ),
    }
}

fn dash_attr(kind: RelationKind) -> String {
    match kind_dash(kind) {
        "none" => String::new(),
        dash => format!(r#" stroke-dasharray="{dash}""#),
    }
}

/// The interpretation map as SVG.
pub fn svg_map(map: &InterpretationMap) -> String {
    let mut svg = Svg::new();
    let title_lines = font::wrap(&map.title, 17.0, true, WIDTH - 2.0 * MARGIN);
    let title_h = svg.lines(MARGIN, MARGIN, &title_lines, TextStyle::new(17.0).bold());
    let top = MARGIN + title_h + 22.0;
    let lay = layout(map, top);

    // Arrowheads, one per kind.
    let mut defs = String::from("<defs>\n");
    for kind in KINDS {
        let _ = writeln!(
            defs,
            r#"<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>"#,
            name = kind_name(kind),
            colour = kind_colour(kind)
        );
    }
    defs.push_str("</defs>");
    svg.raw(&defs);

    // Edges first, boxes over them, labels on top.
    let mut taken: Vec<Rect> = lay.boxes.iter().map(|b| b.grown(2.0)).collect();
    let mut labels = Vec::new();
    for (e, route) in map.edges.iter().zip(&lay.routes) {
        let Some(route) = route else { continue };
        svg.raw(&format!(
            r#"<path d="{}" fill="none" stroke="{}" stroke-width="2.2"{} marker-end="url(#arrow-{})" class="edge {}"/>"#,
            path_d(route),
            kind_colour(e.kind),
            dash_attr(e.kind),
            kind_name(e.kind),
            kind_name(e.kind)
        ));
        let name = kind_name(e.kind);
        let w = font::width(name, SMALL, false) + 8.0;
        let h = SMALL + 6.0;
        let rect_at = |p: Point| Rect {
            x: p.0 - w / 2.0,
            y: p.1 - h / 2.0,
            w,
            h,
        };
        let spots = label_spots(route);
        let spot = spots
            .iter()
            .map(|&p| rect_at(p))
            .find(|r| r.x >= 0.0 && r.right() <= WIDTH && !taken.iter().any(|o| o.intersects(r)))
            .unwrap_or_else(|| rect_at(spots.first().copied().unwrap_or((0.0, 0.0))));
        taken.push(spot);
        labels.push((spot, e.kind));
    }

    for (i, node) in map.nodes.iter().enumerate() {
        let r = lay.boxes[i];
        let (stroke, width, fill) = if node.focus {
            ("#000000", "3", "#FFF6CC")
        } else {
            ("#555555", "1.3", "#FFFFFF")
        };
        svg.rect(
            r,
            6.0,
            &format!(
                r#"fill="{fill}" stroke="{stroke}" stroke-width="{width}" class="node{}" data-id="{}""#,
                if node.focus { " focus" } else { "" },
                escape(&node.id)
            ),
        );
        let mut y = r.y + PAD;
        let lines = &lay.texts[i];
        for (j, (text, part)) in lines.iter().enumerate() {
            let s = style(*part).anchor("middle");
            svg.text(r.cx(), y + s.size * 0.95, text, s);
            y += s.leading() + after(lines, j);
        }
    }

    for (r, kind) in labels {
        svg.rect(
            r,
            3.0,
            &format!(
                r##"fill="#FFFFFF" stroke="{}" stroke-width="0.8" class="edge-label""##,
                kind_colour(kind)
            ),
        );
        svg.text(
            r.cx(),
            r.y + SMALL + 1.5,
            kind_name(kind),
            TextStyle::new(SMALL).anchor("middle").fill(kind_text(kind)),
        );
    }

    // Legend.
    let mut y = lay.bottom.max(top) + 34.0;
    let mut x = MARGIN;
    for kind in KINDS {
        svg.raw(&format!(
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.2"{} marker-end="url(#arrow-{})" class="legend {}"/>"#,
            n(x),
            n(y),
            n(x + 46.0),
            n(y),
            kind_colour(kind),
            dash_attr(kind),
            kind_name(kind),
            kind_name(kind)
        ));
        svg.text(
            x + 54.0,
            y + 4.5,
            kind_name(kind),
            TextStyle::new(13.0).fill("#333333"),
        );
        x += 54.0 + font::width(kind_name(kind), 13.0, false) + 28.0;
    }
    svg.text(
        WIDTH - MARGIN,
        y + 4.5,
        "Higher rows: stronger interpretations",
        TextStyle::new(13.0).anchor("end").fill("#555555"),
    );
    y += 24.0;
    svg.finish(
        WIDTH,
        y,
        &format!("Interpretation map: {}", map.title),
        &super::alt_text_map(map),
    )
}

/// Label text in a darker shade of each kind's colour, for contrast on
/// white.
fn kind_text(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supports => "#00507D",
        RelationKind::Challenges => "#9A4100",
        RelationKind::Qualifies => "#8E3F6E",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_are_counted_by_order() {
        // 0→1 and 1→0 cross; 0→0 and 1→1 do not.
        let pos = [0.0, 1.0];
        assert_eq!(crossings(&[(0, 1), (1, 0)], &pos, &pos), 1);
        assert_eq!(crossings(&[(0, 0), (1, 1)], &pos, &pos), 0);
    }

    #[test]
    fn a_ray_leaves_a_box_on_its_border() {
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 40.0,
        };
        let p = exit(&r, (50.0, 200.0), (0.0, 0.0));
        assert_eq!(p, (50.0, 40.0));
        let p = exit(&r, (300.0, 20.0), (0.0, 0.0));
        assert_eq!(p, (100.0, 20.0));
    }
}
