//! The chart of `history --format html`: the overall score and each section's at every version,
//! over the level bands, with the plan's steps where they are due.
//!
//! What it promises: time runs left to right and never back (a version is placed when it counts,
//! [`Point::at`](crate::history::Point::at): a date out of order or in the future moves nothing
//! back nor squeezes the rest); every version is its own mark (two of one day stand apart); every
//! version has a tick on the axis, and when there is no room to write a date under each, the page
//! says so; a line drawn over another leaves it visible (the overall is widest and drawn first,
//! each section has its own dashes and marker, and the legend names a line that is the same as
//! another at every version).

use crate::escape;
use crate::history::plan_check::Status;
use crate::view::fmt_score;
use crate::view::history::{HistoryView, PlanStepView, PointView};
use maud::{html, Markup};

/// Line colours: overall, then one per section (distinct, 3:1 or more on white).
const COLOURS: [&str; 7] = [
    "#1b1b1b", "#0a4f8f", "#b35900", "#1e6b2f", "#7b2d8e", "#9b1c1c", "#00677a",
];

/// Dashes per section (the overall is solid): where two lines run together, the one drawn
/// later shows its gaps and the one under it shows through.
const DASHES: [&str; 6] = ["9 4", "3 3", "12 3 3 3", "6 6", "2 5", "14 5"];

/// The size of the picture and of its margins.
const W: f64 = 880.0;
const H: f64 = 340.0;
const LEFT: f64 = 130.0;
const RIGHT: f64 = 56.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 54.0;
const PLOT_W: f64 = W - LEFT - RIGHT;
const PLOT_H: f64 = H - TOP - BOTTOM;
/// Room for one date under the axis.
const LABEL_ROOM: f64 = 92.0;

fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// Where things sit left to right: to scale by day, and each version at least `gap` px after
/// the one before.
struct Axis {
    /// Each version's day (when it counts), oldest first.
    days: Vec<i64>,
    first: i64,
    /// The last day drawn: the last version's, or a plan's due date a little later.
    last: i64,
    gap: f64,
    per_day: f64,
}

impl Axis {
    fn new(points: &[PointView], plan: &[PlanStepView]) -> Axis {
        let day = |d: crate::source::Date| i64::from(chrono::Datelike::num_days_from_ce(&d.0));
        let days: Vec<i64> = points.iter().map(|p| day(p.at)).collect();
        let first = days.first().copied().unwrap_or(0);
        let newest = days.last().copied().unwrap_or(0);
        // A plan's due dates widen the chart by a quarter, or a third of the history's span
        // if more: later ones are drawn at the right edge, so the history keeps its width.
        let horizon = newest + 92.max((newest - first) / 3);
        let last = plan
            .iter()
            .map(|s| day(s.due))
            .filter(|&d| d <= horizon)
            .fold(newest, i64::max);
        let n = days.len().max(1) as f64;
        let span = (last - first) as f64;
        let gap = if span > 0.0 {
            (PLOT_W / (n - 1.0).max(1.0) / 4.0).min(8.0)
        } else {
            (PLOT_W / (n - 1.0).max(1.0)).min(24.0)
        };
        let per_day = if span > 0.0 {
            (PLOT_W - gap * (n - 1.0)) / span
        } else {
            0.0
        };
        Axis {
            days,
            first,
            last,
            gap,
            per_day,
        }
    }

    /// The x of version `k`.
    fn point(&self, k: usize) -> f64 {
        if self.last == self.first {
            // One day: the versions side by side in the middle.
            let n = self.days.len() as f64;
            return LEFT + PLOT_W / 2.0 - self.gap * (n - 1.0) / 2.0 + self.gap * k as f64;
        }
        LEFT + self.gap * k as f64 + self.per_day * (self.days[k] - self.first) as f64
    }

    /// The x of a day (a due date), and whether it is past the right edge (drawn at the edge).
    fn day(&self, d: i64) -> (f64, bool) {
        if d > self.last {
            return (LEFT + PLOT_W, true);
        }
        if self.last == self.first || d < self.first {
            return (if d < self.first { LEFT } else { self.point(0) }, false);
        }
        let before = self.days.partition_point(|&x| x <= d);
        let x = LEFT
            + self.gap * before.saturating_sub(1) as f64
            + self.per_day * (d - self.first) as f64;
        (x, false)
    }
}

/// The y of a score on a scale of `levels` levels.
fn y(levels: usize, v: f64) -> f64 {
    let levels = levels as f64;
    TOP + PLOT_H * (1.0 - (v - 1.0) / (levels - 1.0).max(1.0))
}

/// One line of the chart: its name, colour, width, dashes and values.
struct Series {
    name: String,
    colour: &'static str,
    width: f64,
    dash: &'static str,
    values: Vec<Option<f64>>,
    /// The earlier series it is the same as at every version, if any.
    same_as: Option<String>,
}

fn series(v: &HistoryView, points: &[PointView]) -> Vec<Series> {
    let mut all = vec![Series {
        name: "Overall".to_string(),
        colour: COLOURS[0],
        width: 5.0,
        dash: "",
        values: points
            .iter()
            .map(|p| p.overall.as_ref().map(|s| s.value))
            .collect(),
        same_as: None,
    }];
    for (s, sec) in v.sections.iter().enumerate() {
        all.push(Series {
            name: sec.name.clone(),
            colour: COLOURS[1 + s % (COLOURS.len() - 1)],
            width: 2.5,
            dash: DASHES[s % DASHES.len()],
            values: points
                .iter()
                .map(|p| p.sections[s].score.as_ref().map(|x| x.value))
                .collect(),
            same_as: None,
        });
    }
    for k in 1..all.len() {
        let same = |a: &[Option<f64>], b: &[Option<f64>]| {
            a.iter().zip(b).all(|(x, y)| match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                (None, None) => true,
                _ => false,
            }) && a.iter().any(Option::is_some)
        };
        all[k].same_as = (0..k)
            .find(|&j| same(&all[j].values, &all[k].values))
            .map(|j| all[j].name.clone());
    }
    all
}

/// A marker of series `s` at (x, y): the overall a large circle (drawn first, under the
/// others), each section a smaller shape of its own.
fn marker(s: usize, x: f64, y: f64, colour: &str, hollow: bool, title: String) -> Markup {
    let fill = if hollow { "#ffffff" } else { colour };
    let shape = match s {
        0 => {
            html! { circle cx=(num(x)) cy=(num(y)) r="6" fill=(fill) stroke=(colour) stroke-width="2" { title { (title) } } }
        }
        _ => {
            let r = 3.5;
            let points = match s % 4 {
                1 => vec![
                    (x - r, y - r),
                    (x + r, y - r),
                    (x + r, y + r),
                    (x - r, y + r),
                ],
                2 => vec![
                    (x, y - r - 1.0),
                    (x + r + 1.0, y),
                    (x, y + r + 1.0),
                    (x - r - 1.0, y),
                ],
                3 => vec![(x, y - r - 1.0), (x + r + 1.0, y + r), (x - r - 1.0, y + r)],
                _ => vec![(x - r, y), (x, y - r), (x + r, y), (x, y + r)],
            };
            let p: Vec<String> = points
                .iter()
                .map(|(a, b)| format!("{},{}", num(*a), num(*b)))
                .collect();
            html! { polygon points=(p.join(" ")) fill=(fill) stroke=(colour) stroke-width="1.5" { title { (title) } } }
        }
    };
    shape
}

/// The date labels under the axis: left to right where they fit, the newest always; a day
/// already written is not written again. Returned too: how many versions' days are not written.
fn labels(points: &[PointView], axis: &Axis) -> (Vec<usize>, usize) {
    let n = points.len();
    let mut labelled: Vec<usize> = Vec::new();
    let fits = |labelled: &[usize], k: usize| {
        labelled
            .last()
            .is_none_or(|&j| axis.point(k) - axis.point(j) >= LABEL_ROOM)
    };
    for k in 0..n {
        let same_day = labelled
            .last()
            .is_some_and(|&j| points[j].at == points[k].at);
        if same_day {
            continue;
        }
        if fits(&labelled, k) {
            labelled.push(k);
        } else if k + 1 == n {
            // The newest version is always named; the label before it makes room.
            if labelled.len() > 1 {
                labelled.pop();
            }
            if fits(&labelled, k) {
                labelled.push(k);
            }
        }
    }
    let written: std::collections::BTreeSet<crate::source::Date> =
        labelled.iter().map(|&k| points[k].at).collect();
    let unwritten = points.iter().filter(|p| !written.contains(&p.at)).count();
    (labelled, unwritten)
}

/// Where a plan's diamond is: its due date (none past the right edge), level and x.
type Place = (Option<crate::source::Date>, usize, f64);

/// The plan's steps: a dashed line at each due date, and a diamond at each step's level there,
/// coloured by where it stands (several steps at one place share a diamond, all in its title).
fn plan(v: &HistoryView, axis: &Axis) -> Markup {
    let day = |d: crate::source::Date| i64::from(chrono::Datelike::num_days_from_ce(&d.0));
    // Steps at one place (a due date and level; past the edge, all due dates there) share a
    // diamond.
    let place = |s: &PlanStepView| {
        let (x, beyond) = axis.day(day(s.due));
        ((!beyond).then_some(s.due), s.level.index, x)
    };
    let mut places: Vec<(Place, Vec<&PlanStepView>)> = Vec::new();
    for s in &v.plan {
        let key = place(s);
        match places
            .iter_mut()
            .find(|(k, _)| (k.0, k.1) == (key.0, key.1))
        {
            Some((_, steps)) => steps.push(s),
            None => places.push((key, vec![s])),
        }
    }
    let mut dues: Vec<crate::source::Date> = v
        .plan
        .iter()
        .map(|s| s.due)
        .filter(|d| !axis.day(day(*d)).1)
        .collect();
    dues.sort();
    dues.dedup();
    let later: Vec<crate::source::Date> = v
        .plan
        .iter()
        .map(|s| s.due)
        .filter(|d| axis.day(day(*d)).1)
        .collect();
    let n = v.levels.len();
    let colour = |steps: &[&PlanStepView]| {
        if steps.iter().any(|s| {
            matches!(
                s.status,
                Status::Late(_) | Status::Slipped { .. } | Status::Missed
            )
        }) {
            "#9b1c1c"
        } else if steps.iter().all(|s| matches!(s.status, Status::Done(_))) {
            "#1e6b2f"
        } else {
            "#4a4a4a"
        }
    };
    html! {
        @for due in &dues {
            @let (x, _) = axis.day(day(*due));
            line x1=(num(x)) x2=(num(x)) y1=(TOP) y2=(TOP + PLOT_H) stroke="#6a6a6a" stroke-width="1" stroke-dasharray="2 3" {}
        }
        @if let Some(to) = later.iter().max() {
            text x=(num(LEFT + PLOT_W)) y=(TOP - 4.0) text-anchor="end" font-size="12" fill="#4a4a4a" {
                "steps due later, to " (to.to_string()) ", at the edge ›"
            }
        }
        @for ((_, level, x), steps) in &places {
            @let x = *x;
            @let yv = y(n, (*level + 1) as f64);
            @let c = colour(steps);
            @let title = steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join("\n");
            polygon points=(format!("{},{} {},{} {},{} {},{}", num(x), num(yv - 7.0), num(x + 7.0), num(yv), num(x), num(yv + 7.0), num(x - 7.0), num(yv)))
                fill="#ffffff" stroke=(c) stroke-width="2.5" { title { (escape::html(&title)) } }
        }
    }
}

/// The lines and markers of every series: the overall first (under the others).
fn lines(points: &[PointView], all: &[Series], axis: &Axis, n: usize) -> Markup {
    html! {
        @for (s, line) in all.iter().enumerate() {
            // Committed versions: one line; the working copy: a dashed step to a hollow mark.
            @let committed: Vec<String> = line.values.iter().enumerate()
                .filter(|(k, _)| !points[*k].working_copy)
                .filter_map(|(k, v)| v.map(|v| format!("{},{}", num(axis.point(k)), num(y(n, v))))).collect();
            @if committed.len() > 1 {
                polyline points=(committed.join(" ")) fill="none" stroke=(line.colour) stroke-width=(line.width)
                    stroke-dasharray=[(!line.dash.is_empty()).then_some(line.dash)] stroke-linejoin="round" {}
            }
            @let wc = line.values.iter().enumerate().rev()
                .find(|(k, _)| points[*k].working_copy)
                .and_then(|(k, v)| v.map(|v| (k, v)));
            @let before = line.values.iter().enumerate().rev()
                .filter(|(k, _)| !points[*k].working_copy)
                .find_map(|(k, v)| v.map(|v| (k, v)));
            @if let (Some((k, v)), Some((j, u))) = (wc, before) {
                line x1=(num(axis.point(j))) y1=(num(y(n, u))) x2=(num(axis.point(k))) y2=(num(y(n, v)))
                    stroke=(line.colour) stroke-width=(line.width.min(3.0)) stroke-dasharray="6 4" {}
            }
            @for (k, v) in line.values.iter().enumerate() {
                @if let Some(v) = v {
                    @let p = &points[k];
                    @let when = if p.at == p.date { p.date.to_string() } else { format!("{} (counts from {})", p.date, p.at) };
                    (marker(s, axis.point(k), y(n, *v), line.colour, p.working_copy,
                        format!("{} {when} ({}): {}", line.name, p.label, fmt_score(*v))))
                }
            }
        }
    }
}

/// The key: each line as drawn (its dashes and marker), and what is the same as what.
fn legend(all: &[Series], with_plan: bool) -> Markup {
    html! {
        ul class="legend" {
            @for (s, line) in all.iter().enumerate() {
                li {
                    svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true"
                        style="width:36px;min-width:0;height:14px;vertical-align:middle" {
                        line x1="1" x2="35" y1="7" y2="7" stroke=(line.colour) stroke-width=(line.width.min(4.0))
                            stroke-dasharray=[(!line.dash.is_empty()).then_some(line.dash)] {}
                        (marker(s, 18.0, 7.0, line.colour, false, line.name.clone()))
                    }
                    " " (escape::html(&line.name))
                    @if let Some(other) = &line.same_as {
                        " (the same as " (escape::html(other)) " at every version)"
                    }
                }
            }
            @if with_plan {
                li {
                    svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true"
                        style="width:36px;min-width:0;height:14px;vertical-align:middle" {
                        line x1="18" x2="18" y1="0" y2="14" stroke="#6a6a6a" stroke-dasharray="2 3" {}
                        polygon points="18,1 24,7 18,13 12,7" fill="#ffffff" stroke="#4a4a4a" stroke-width="2" {}
                    }
                    " A plan step: its level, at its due date (green done, red late, slipped or missed)"
                }
            }
        }
    }
}

/// The chart, its key, and a word on any date not written under it.
pub fn chart(v: &HistoryView, points: &[PointView]) -> Markup {
    let n = points.len();
    let levels = v.levels.len();
    let axis = Axis::new(points, &v.plan);
    let all = series(v, points);
    let (labelled, unwritten) = labels(points, &axis);
    html! {
        // Wider than a phone: it scrolls, so it can be reached and scrolled with the keyboard.
        figure tabindex="0" role="region" aria-label="Scores over time (scrolls sideways on a narrow screen)" {
            svg viewBox={"0 0 " (W) " " (H)} role="img"
                aria-label={"Overall and section scores over " (n) " versions"} {
                // The level bands: the value of each level, from the lowest to the top.
                @for (l, level) in v.levels.iter().enumerate() {
                    @let value = (l + 1) as f64;
                    @if l + 1 < levels {
                        rect x=(LEFT) y=(y(levels, value + 1.0)) width=(PLOT_W) height=(y(levels, value) - y(levels, value + 1.0))
                            fill=(if l % 2 == 0 { "#f4f4f4" } else { "#ffffff" }) {}
                    }
                    line x1=(LEFT) x2=(LEFT + PLOT_W) y1=(y(levels, value)) y2=(y(levels, value)) stroke="#8a8a8a" stroke-width="1" {}
                    text x=(LEFT - 8.0) y=(y(levels, value) + 4.0) text-anchor="end" font-size="14" fill="#4a4a4a" {
                        (escape::html(&level.name))
                    }
                }
                // A tick for every version, written under or not.
                @for k in 0..n {
                    line x1=(num(axis.point(k))) x2=(num(axis.point(k))) y1=(TOP + PLOT_H) y2=(TOP + PLOT_H + 5.0) stroke="#4a4a4a" stroke-width="1" {}
                }
                @for &k in &labelled {
                    @let p = &points[k];
                    text x=(num(axis.point(k))) y=(H - BOTTOM + 20.0) text-anchor="middle" font-size="14" fill="#4a4a4a" {
                        (p.at.to_string())
                    }
                    @if p.working_copy {
                        text x=(num(axis.point(k))) y=(H - BOTTOM + 36.0) text-anchor="middle" font-size="14" fill="#4a4a4a" { "working copy" }
                    }
                }
                (plan(v, &axis))
                (lines(points, &all, &axis, levels))
            }
            (legend(&all, !v.plan.is_empty()))
            @if unwritten > 0 {
                p class="muted" {
                    "The dates of " (unwritten) " of " (n) " versions are not written under the chart, for room: each has a tick, and the table below lists every one."
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::plan_check::Reached;
    use crate::history::{Dated, History, Point};
    use crate::rubric::Rubric;
    use crate::source::Date;

    fn day(d: i64) -> Date {
        Date(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(d))
    }

    /// Versions on these days (the working copy when flagged), each with the first attribute at
    /// the given level.
    fn history(versions: &[(i64, bool)]) -> (History, Rubric) {
        let r = Rubric::builtin();
        let points = versions
            .iter()
            .enumerate()
            .map(|(k, &(d, wc))| {
                let mut a = crate::assessment::Assessment::empty(&r);
                a.answers[0] = crate::assessment::Answer::Level(k % 3);
                Point {
                    date: day(d),
                    at: day(d),
                    dated: Dated::Commit,
                    revision: (!wc).then(|| format!("{k:07}")),
                    card: crate::history::Card::of(&crate::score::score(&r, &a, 3)),
                    respondents: None,
                    roles: Vec::new(),
                }
            })
            .collect();
        let h = History {
            source: "a.yaml".into(),
            points,
            invalid: Vec::new(),
            shallow: None,
            continued: Vec::new(),
            plan: Vec::new(),
            warnings: Vec::new(),
            today: day(0),
            after_today: 0,
        };
        (h, r)
    }

    fn page(h: &History, r: &Rubric) -> String {
        let v = HistoryView::new(h, r);
        let points: Vec<PointView> = v.points().collect();
        chart(&v, &points).into_string()
    }

    /// The x of every overall mark (circles of radius 6; the key's is at 18).
    fn marks(page: &str) -> Vec<f64> {
        page.split("<circle cx=\"")
            .skip(1)
            .filter(|t| t.contains("r=\"6\""))
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .filter(|&x: &f64| x > 100.0)
            .collect()
    }

    /// The x of every date label on the chart.
    fn label_xs(page: &str) -> Vec<f64> {
        page.split("<text x=\"")
            .skip(1)
            .filter(|t| t.contains("text-anchor=\"middle\"") && t.contains(">20"))
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn dates_are_placed_to_scale_and_labels_never_overlap() {
        // 0, 13 and 102 days: the second gap is 89 days, wider than the first.
        let (h, r) = history(&[(0, false), (13, false), (102, false)]);
        let cx = marks(&page(&h, &r));
        assert_eq!(cx.len(), 3, "{cx:?}");
        assert!(cx[2] - cx[1] > 5.0 * (cx[1] - cx[0]), "{cx:?}");
        // 500 weekly versions: labels at least 90 px apart, the newest one named, a tick for
        // every version and a word on the dates not written.
        let dates: Vec<(i64, bool)> = (0..500).map(|k| (k * 7, false)).collect();
        let (h, r) = history(&dates);
        let page = page(&h, &r);
        let xs = label_xs(&page);
        assert!(xs.len() >= 5, "{xs:?}");
        for w in xs.windows(2) {
            assert!(w[1] - w[0] >= 90.0, "{xs:?}");
        }
        let newest = h.points.last().unwrap().date.to_string();
        assert!(
            page.contains(&format!(">{newest}</text>")),
            "the newest is named"
        );
        let ticks = page
            .matches("stroke=\"#4a4a4a\" stroke-width=\"1\"")
            .count();
        assert_eq!(ticks, 500, "a tick for every version");
        assert!(
            page.contains(&format!(
                "The dates of {} of 500 versions are not written",
                500 - xs.len()
            )),
            "the dates left out are said"
        );
        // Every date written: no such word.
        let (h, r) = history(&[(0, false), (200, false)]);
        assert!(!page_has_note(&h, &r));
    }

    fn page_has_note(h: &History, r: &Rubric) -> bool {
        page(h, r).contains("are not written under the chart")
    }

    #[test]
    fn two_versions_of_one_day_are_two_marks_and_time_never_runs_back() {
        let (h, r) = history(&[
            (0, false),
            (40, false),
            (40, false),
            (40, false),
            (90, false),
        ]);
        let cx = marks(&page(&h, &r));
        assert_eq!(cx.len(), 5, "{cx:?}");
        for w in cx.windows(2) {
            assert!(w[1] - w[0] >= 5.0, "each version its own mark: {cx:?}");
        }
        // All on one day: side by side, in the middle.
        let (h, r) = history(&[(3, false), (3, false)]);
        let cx = marks(&page(&h, &r));
        assert_eq!(cx.len(), 2);
        assert!(cx[1] - cx[0] >= 5.0 && (cx[0] + cx[1]) / 2.0 - (LEFT + PLOT_W / 2.0) < 1.0);
        // A version dated in the future counts from today (`at`): drawn there, not years away.
        let (mut h, r) = history(&[(0, false), (30, false), (60, false)]);
        h.points[1].date = day(3000);
        let cx = marks(&page(&h, &r));
        assert!(cx[0] < cx[1] && cx[1] < cx[2], "{cx:?}");
        assert!(cx[2] - cx[0] > 600.0, "the versions use the width: {cx:?}");
    }

    #[test]
    fn the_working_copy_is_hollow_and_dashed_and_one_version_is_visible() {
        let (h, r) = history(&[(0, false), (30, true)]);
        let svg = page(&h, &r);
        assert!(
            svg.contains("stroke-dasharray=\"6 4\""),
            "dashed step to the working copy"
        );
        assert!(
            svg.contains("fill=\"#ffffff\""),
            "hollow working-copy point"
        );
        let (h, r) = history(&[(0, false)]);
        assert_eq!(
            marks(&page(&h, &r)).len(),
            1,
            "one version is a visible point"
        );
    }

    #[test]
    fn a_line_under_another_is_still_seen_and_named() {
        // Only the first attribute is answered: Core Attributes equals the overall everywhere.
        let (h, r) = history(&[(0, false), (30, false), (60, false)]);
        let page = page(&h, &r);
        assert!(
            page.contains("Core Attributes (the same as Overall at every version)"),
            "{page}"
        );
        // The overall is drawn first and widest; the section over it is dashed.
        let overall = page.find("stroke=\"#1b1b1b\" stroke-width=\"5\"").unwrap();
        let core = page
            .find("stroke=\"#0a4f8f\" stroke-width=\"2.5\" stroke-dasharray")
            .unwrap();
        assert!(overall < core);
    }

    #[test]
    fn the_plan_s_steps_are_drawn_at_their_due_dates_and_levels() {
        let (mut h, r) = history(&[(0, false), (60, false), (120, false)]);
        let step = |attribute, due| crate::history::plan_check::Step {
            attribute,
            level: 1,
            due,
            owner: None,
        };
        let reached = Reached {
            date: day(60),
            revision: "0000001".into(),
        };
        h.plan = vec![
            (step(0, day(90)), Status::Done(reached)),
            (step(1, day(90)), Status::Missed),
            (step(2, day(5000)), Status::Pending),
        ];
        let page = page(&h, &r);
        // One diamond for the two steps due together at one level, one past the right edge.
        assert_eq!(
            page.matches("stroke-width=\"2.5\"><title>Plan:").count(),
            2,
            "{page}"
        );
        assert!(page.contains("Plan: Internal Persona Ownership → Emerging by 2024-03-31: done"));
        assert!(page.contains("Plan: Sharing Personas → Emerging by 2024-03-31: missed"));
        assert!(
            page.contains("steps due later, to 2037-09-09, at the edge ›"),
            "a due date past the edge is written: {page}"
        );
        assert!(page.contains("A plan step: its level, at its due date"));
        // The due date's line sits between the versions it falls between.
        let cx = marks(&page);
        let due: f64 = page
            .split("stroke-dasharray=\"2 3\"")
            .next()
            .unwrap()
            .rsplit("<line x1=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(cx[1] < due && due < cx[2], "{cx:?} {due}");
    }
}
