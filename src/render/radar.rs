//! The radar (spider) chart of an assessment, as inline SVG: one spoke per attribute, grouped and
//! coloured by section, one ring per level, and one outline per series (now, target, baseline,
//! each respondent role). Pure geometry; the text is escaped by maud.

use crate::view::score::ScoreView;
use maud::{html, Markup};
use std::f64::consts::PI;

/// Section colours, in rubric order (repeating past the sixth section).
pub const SECTION_COLORS: [&str; 6] = [
    "#2563eb", "#9333ea", "#0d9488", "#ea580c", "#db2777", "#65a30d",
];

/// Colours of role outlines, in role-name order (repeating): dark, earthy and grey hues kept
/// apart from the section colours (a test measures the distance), each with its own dash pattern
/// as a second cue.
pub const ROLE_COLORS: [&str; 6] = [
    "#111827", "#57534e", "#7f1d1d", "#6b7280", "#78350f", "#374151",
];
const ROLE_DASHES: [&str; 6] = ["none", "8 3", "3 3", "10 3 2 3", "1 3", "6 2 1 2"];

pub fn section_color(section: usize) -> &'static str {
    SECTION_COLORS[section % SECTION_COLORS.len()]
}

/// What an outline shows, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The assessment (or the combined medians): filled.
    Current,
    /// The level next steps aim for: dashed.
    Target,
    /// The earlier assessment: dotted.
    Baseline,
    /// One respondent role's medians (the index picks the colour): thin.
    Role(usize),
}

/// One outline on the chart: a value (level index) per attribute, `None` where unanswered.
pub struct Series {
    pub label: String,
    pub kind: Kind,
    pub levels: Vec<Option<usize>>,
}

/// The geometry of one drawing of the chart. A report carries two: `WIDE` for a screen of
/// 640 CSS pixels and more (narrower, it scrolls), `NARROW` for a phone, where it is drawn to the
/// screen's width with a smaller wheel and larger text; CSS shows the one that fits.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    width: f64,
    cx: f64,
    cy: f64,
    radius: f64,
    /// Labels start this far outside the outer ring.
    label_gap: f64,
    /// Longest label line, in characters, before it wraps.
    label_line: usize,
    label_size: f64,
    ring_label_size: f64,
    leading: f64,
    legend_row: f64,
    /// Legend entries a row: series, then sections.
    series_per_row: usize,
    sections_per_row: usize,
    /// Spokes and rings labelled with numbers, the names in a key below (`NARROW`: a phone
    /// cannot hold seventeen names around a wheel at a readable size).
    numbered: bool,
    /// The class the drawing carries (`wide`, `narrow`).
    class: &'static str,
}

/// Text sizes are in the chart's units: drawn at least 640 CSS pixels wide, 13 units are at
/// least 11.9 pixels on screen.
pub const WIDE: Layout = Layout {
    width: 700.0,
    cx: 350.0,
    cy: 262.0,
    radius: 178.0,
    label_gap: 14.0,
    label_line: 17,
    label_size: 13.0,
    ring_label_size: 12.5,
    leading: 15.0,
    legend_row: 22.0,
    series_per_row: 3,
    sections_per_row: 4,
    numbered: false,
    class: "wide",
};

/// For a phone: drawn at the screen's width (360 CSS pixels and up, so 15 units are at least
/// 11.7 pixels).
pub const NARROW: Layout = Layout {
    width: 440.0,
    cx: 220.0,
    cy: 200.0,
    radius: 160.0,
    label_gap: 14.0,
    label_line: 12,
    label_size: 16.0,
    ring_label_size: 14.0,
    leading: 18.0,
    legend_row: 26.0,
    series_per_row: 1,
    sections_per_row: 2,
    numbered: true,
    class: "narrow",
};

/// The angle of spoke `i` of `n`: the first points straight up, then clockwise.
fn angle(i: usize, n: usize) -> f64 {
    -PI / 2.0 + 2.0 * PI * i as f64 / n as f64
}

/// The point at `value` (0 = centre, `levels` = outer ring) on spoke `i` of `n`.
fn point(g: &Layout, i: usize, n: usize, value: f64, levels: usize) -> (f64, f64) {
    let r = g.radius * value / levels as f64;
    let a = angle(i, n);
    (g.cx + r * a.cos(), g.cy + r * a.sin())
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// An SVG `points` attribute for one series (unanswered attributes sit at the centre).
fn polygon_points(g: &Layout, levels: &[Option<usize>], n_levels: usize) -> String {
    let n = levels.len();
    levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let v = l.map_or(0.0, |l| (l + 1) as f64);
            let (x, y) = point(g, i, n, v, n_levels);
            format!("{},{}", fmt(x), fmt(y))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Break a label into lines of at most `max` characters, at spaces or after a slash.
pub fn label_lines(name: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let words = name.split(' ').flat_map(|w| {
        // "Accessibility/Storage" may break after the slash.
        let parts: Vec<String> = match w.split_once('/') {
            Some((a, b)) if w.chars().count() > max => vec![format!("{a}/"), b.to_string()],
            _ => vec![w.to_string()],
        };
        parts
    });
    for w in words {
        let glue = if line.is_empty() || line.ends_with('/') {
            ""
        } else {
            " "
        };
        if !line.is_empty() && line.chars().count() + glue.len() + w.chars().count() > max {
            lines.push(std::mem::take(&mut line));
            line.push_str(&w);
        } else {
            line.push_str(glue);
            line.push_str(&w);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn style_of(kind: Kind) -> (&'static str, &'static str, &'static str, &'static str) {
    // (stroke, fill, stroke-width, dasharray)
    match kind {
        Kind::Current => ("#1e3a8a", "rgba(37,99,235,0.18)", "2.5", "none"),
        Kind::Target => ("#15803d", "none", "1.5", "6 4"),
        Kind::Baseline => ("#b45309", "none", "2", "2 3"),
        Kind::Role(k) => (
            ROLE_COLORS[k % ROLE_COLORS.len()],
            "none",
            "1.75",
            ROLE_DASHES[k % ROLE_DASHES.len()],
        ),
    }
}

/// The chart. `title` is read by screen readers and shown as a tooltip.
pub fn radar(v: &ScoreView, series: &[Series], title: &str) -> Markup {
    let levels: Vec<String> = v
        .rubric
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| format!("{} {}", l + 1, level.name))
        .collect();
    html! {
        (drawing(&WIDE, v, series, title))
        (drawing(&NARROW, v, series, title))
        // The narrow drawing's key: what each number stands for.
        div class="radar-key" {
            p { "Rings, from the centre out: " (levels.join(", ")) "." }
            ol {
                @for a in &v.attributes {
                    li {
                        span class="swatch" style={"background:" (section_color(a.section))} {}
                        (a.name)
                    }
                }
            }
        }
    }
}

fn drawing(g: &Layout, v: &ScoreView, series: &[Series], title: &str) -> Markup {
    let n = v.attributes.len();
    let n_levels = v.rubric.levels.len();
    let legend_rows =
        series.len().div_ceil(g.series_per_row) + v.sections.len().div_ceil(g.sections_per_row);
    let height = g.cy + g.radius + 78.0 + legend_rows as f64 * g.legend_row;
    let view_box = format!("0 0 {} {}", g.width, fmt(height));
    let legend_top = g.cy + g.radius + 68.0;
    let label = |s: &str| crate::escape::html(s).into_owned();
    html! {
        svg class={"radar " (g.class)} xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) role="img"
            aria-label=(title) font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
            title { (title) }
            // Section wedges behind everything, so the grouping is visible.
            @for s in &v.sections {
                @if !s.attributes.is_empty() {
                    path class="wedge" d=(wedge(g, s.attributes.start, s.attributes.end, n))
                        fill=(section_color(s.index)) fill-opacity="0.06" stroke="none" {}
                }
            }
            // One ring per level, labelled on the first spoke.
            @for l in 1..=n_levels {
                circle class="ring" cx=(fmt(g.cx)) cy=(fmt(g.cy))
                    r=(fmt(g.radius * l as f64 / n_levels as f64))
                    fill="none" stroke="#cbd5e1" stroke-width="1" {}
            }
            @for (i, a) in v.attributes.iter().enumerate() {
                @let (x, y) = point(g, i, n, n_levels as f64, n_levels);
                line class="spoke" data-attribute=(a.id) x1=(fmt(g.cx)) y1=(fmt(g.cy))
                    x2=(fmt(x)) y2=(fmt(y)) stroke=(section_color(a.section)) stroke-opacity="0.55"
                    stroke-width="1" {}
            }
            @for s in series.iter().rev() {
                @let (stroke, fill, width, dash) = style_of(s.kind);
                polygon class="series" data-series=(s.label) points=(polygon_points(g, &s.levels, n_levels))
                    fill=(fill) stroke=(stroke) stroke-width=(width) stroke-dasharray=(dash)
                    stroke-linejoin="round" {}
            }
            // Dots on the current profile, in the section's colour.
            @if let Some(now) = series.iter().find(|s| s.kind == Kind::Current) {
                @for (i, l) in now.levels.iter().enumerate() {
                    @let (x, y) = point(g, i, n, l.map_or(0.0, |l| (l + 1) as f64), n_levels);
                    @if l.is_some() {
                        circle cx=(fmt(x)) cy=(fmt(y)) r="4" fill=(section_color(v.attributes[i].section)) stroke="#fff" stroke-width="1" {}
                    }
                }
            }
            @for l in 0..n_levels {
                @let (x, y) = point(g, 0, n, (l + 1) as f64, n_levels);
                text class="ring-label" x=(fmt(x + 5.0)) y=(fmt(y + 13.0)) font-size=(fmt(g.ring_label_size)) fill="#475569"
                    stroke="#fff" stroke-width="3" paint-order="stroke" {
                    @if g.numbered { (l + 1) } @else { (label(&v.rubric.levels[l].name)) }
                }
            }
            @for (i, a) in v.attributes.iter().enumerate() {
                @let (x, y) = point(g, i, n, n_levels as f64 + g.label_gap * n_levels as f64 / g.radius, n_levels);
                @let c = angle(i, n).cos();
                @let s = angle(i, n).sin();
                @let anchor = if c > 0.05 { "start" } else if c < -0.05 { "end" } else { "middle" };
                @let lines = if g.numbered { vec![(i + 1).to_string()] } else { label_lines(&label(&a.name), g.label_line) };
                // Labels near the top grow upward, near the bottom downward, the others are
                // centred on their spoke (so two neighbours above the centre do not meet).
                @let first_dy = if s < -0.8 { -(lines.len() as f64 - 1.0) * g.leading } else if s > 0.8 { g.label_size * 0.7 } else { -(lines.len() as f64 - 1.0) * g.leading / 2.0 + g.label_size * 0.3 };
                text class="label" x=(fmt(x)) y=(fmt(y + first_dy)) text-anchor=(anchor)
                    font-size=(fmt(g.label_size)) fill=(section_color(a.section)) {
                    @for (k, line) in lines.iter().enumerate() {
                        tspan x=(fmt(x)) dy=(if k == 0 { "0".to_string() } else { fmt(g.leading) }) { (line) }
                    }
                }
            }
            // Legend: the series, then the sections.
            @for (k, s) in series.iter().enumerate() {
                @let (stroke, _, width, dash) = style_of(s.kind);
                @let x = 30.0 + (k % g.series_per_row) as f64 * (g.width - 40.0) / g.series_per_row as f64;
                @let y = legend_top + (k / g.series_per_row) as f64 * g.legend_row;
                line x1=(fmt(x)) y1=(fmt(y)) x2=(fmt(x + 26.0)) y2=(fmt(y)) stroke=(stroke)
                    stroke-width=(width) stroke-dasharray=(dash) {}
                text class="legend" x=(fmt(x + 32.0)) y=(fmt(y + 4.5)) font-size=(fmt(g.label_size)) fill="#334155" { (s.label) }
            }
            @for s in &v.sections {
                @let x = 30.0 + (s.index % g.sections_per_row) as f64 * (g.width - 40.0) / g.sections_per_row as f64;
                @let y = legend_top + (series.len().div_ceil(g.series_per_row) + s.index / g.sections_per_row) as f64 * g.legend_row;
                rect x=(fmt(x)) y=(fmt(y - 6.0)) width="12" height="12" rx="2" fill=(section_color(s.index)) {}
                text class="legend" x=(fmt(x + 18.0)) y=(fmt(y + 4.5)) font-size=(fmt(g.label_size)) fill="#334155" { (label(&s.name)) }
            }
        }
    }
}

/// The path of the wedge covering spokes `start..end` of `n` (half a step either side).
fn wedge(g: &Layout, start: usize, end: usize, n: usize) -> String {
    let step = 2.0 * PI / n as f64;
    let a0 = angle(start, n) - step / 2.0;
    let a1 = angle(end - 1, n) + step / 2.0;
    let (x0, y0) = (g.cx + g.radius * a0.cos(), g.cy + g.radius * a0.sin());
    let (x1, y1) = (g.cx + g.radius * a1.cos(), g.cy + g.radius * a1.sin());
    let large = if a1 - a0 > PI { 1 } else { 0 };
    format!(
        "M{},{} L{},{} A{},{} 0 {large} 1 {},{} Z",
        fmt(g.cx),
        fmt(g.cy),
        fmt(x0),
        fmt(y0),
        fmt(g.radius),
        fmt(g.radius),
        fmt(x1),
        fmt(y1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_at_spaces_and_after_slashes() {
        assert_eq!(label_lines("Training", 17), vec!["Training"]);
        assert_eq!(
            label_lines("Accessibility/Storage of Information", 17),
            vec!["Accessibility/", "Storage of", "Information"]
        );
        assert_eq!(
            label_lines("Number of Personas Developed", 17),
            vec!["Number of", "Personas", "Developed"]
        );
    }

    /// Distance between two `#rrggbb` colours (0–441).
    fn distance(a: &str, b: &str) -> f64 {
        let rgb = |c: &str| -> [f64; 3] {
            let v = u32::from_str_radix(&c[1..], 16).unwrap();
            [
                (v >> 16) as f64,
                ((v >> 8) & 0xff) as f64,
                (v & 0xff) as f64,
            ]
        };
        let (x, y) = (rgb(a), rgb(b));
        ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2) + (x[2] - y[2]).powi(2)).sqrt()
    }

    #[test]
    fn role_outlines_are_coloured_apart_from_every_section() {
        for r in ROLE_COLORS {
            for s in SECTION_COLORS {
                assert!(distance(r, s) > 100.0, "{r} is too near {s}");
            }
        }
    }

    #[test]
    fn the_first_spoke_points_up_and_the_outer_ring_is_the_top_level() {
        let g = WIDE;
        let (x, y) = point(&g, 0, 17, 4.0, 4);
        assert!((x - g.cx).abs() < 1e-9);
        assert!((y - (g.cy - g.radius)).abs() < 1e-9);
        let (x, y) = point(&g, 5, 17, 0.0, 4);
        assert_eq!((x, y), (g.cx, g.cy));
    }
}
