//! One row per attribute, for spreadsheets. Section and overall scores repeat on each row so any
//! row stands alone in a pivot table. A combined report adds the answer statistics (and one count
//! column per level); `--baseline` adds the level before and the change. Text cells are escaped
//! against formula injection ([`escape::csv_text`](crate::escape::csv_text)); numbers are written
//! as numbers.

use crate::escape::csv_text;
use crate::view::score::ScoreView;
use crate::view::{LevelRef, ScoreRef};

/// Four decimals keeps the numbers free of float noise.
fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The columns every report has.
pub const HEADER: [&str; 12] = [
    "section_id",
    "section",
    "attribute_id",
    "attribute",
    "level_id",
    "level",
    "value",
    "section_score",
    "section_level",
    "overall_score",
    "overall_level",
    "note",
];

/// Columns of a combined report, after `HEADER`; then `count_<level id>` per level.
pub const COMBINED: [&str; 5] = ["answers", "median", "min", "max", "spread"];

/// Columns with `--baseline`, last: the attribute's level before and its change in levels, then
/// the section's and the overall score before and their change.
pub const BASELINE: [&str; 6] = [
    "baseline_level",
    "baseline_section_score",
    "change",
    "section_change",
    "baseline_overall_score",
    "overall_change",
];

/// The comments on attribute `i` (`None`: the whole questionnaire) in one cell, a line each:
/// `team: text` (`no team` when none was given), and how many more there are past those held.
fn comments_text(team: &crate::view::score::TeamView, i: Option<usize>) -> String {
    let mut lines: Vec<String> = team
        .comments_on(i)
        .map(|c| {
            format!(
                "{}: {}",
                c.role.as_deref().unwrap_or("no team"),
                c.text.replace('\n', " / ")
            )
        })
        .collect();
    let more = team.comments_total(i).saturating_sub(lines.len() as u64);
    if more > 0 {
        lines.push(format!("… and {more} more"));
    }
    lines.join("\n")
}

pub fn render(v: &ScoreView) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map(|x| round4(x).to_string()).unwrap_or_default();
    let id = |l: Option<&LevelRef>| l.map(|l| csv_text(&l.id)).unwrap_or_default();
    let score_num = |s: &Option<ScoreRef>| num(s.as_ref().map(|s| s.value));
    let score_id = |s: &Option<ScoreRef>| id(s.as_ref().map(|s| &s.level));
    let mut header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    if v.combined() {
        header.extend(COMBINED.iter().map(|s| s.to_string()));
        header.extend(
            v.rubric
                .levels
                .iter()
                .map(|l| csv_text(&format!("count_{}", l.id))),
        );
    }
    if v.baseline.is_some() {
        header.extend(BASELINE.iter().map(|s| s.to_string()));
    }
    // Added at the end, so the columns above keep their places: the mean, then each team's
    // median (a column per team, as a pivot table has).
    let teams = v.teams();
    if v.combined() {
        header.push("mean".to_string());
        header.extend(teams.iter().map(|(r, _)| csv_text(&format!("median:{r}"))));
    }
    let _ = w.write_record(&header);
    for a in &v.attributes {
        let section = &v.sections[a.section];
        let mut record = vec![
            csv_text(&section.id),
            csv_text(&section.name),
            csv_text(&a.id),
            csv_text(&a.name),
            id(a.level.as_ref()),
            a.level
                .as_ref()
                .map(|l| csv_text(&l.name))
                .unwrap_or_default(),
            a.level
                .as_ref()
                .map(|l| l.value.to_string())
                .unwrap_or_default(),
            score_num(&section.score),
            score_id(&section.score),
            score_num(&v.overall),
            score_id(&v.overall),
            match &v.team {
                // A combined report: the respondents' notes on it, each with its writer's team.
                Some(team) => csv_text(&comments_text(team, Some(a.index))),
                None => a.note.as_deref().map(csv_text).unwrap_or_default(),
            },
        ];
        if let Some(s) = &a.stats {
            record.push(s.n.to_string());
            record.push(id(s.median.as_ref()));
            record.push(id(s.min.as_ref()));
            record.push(id(s.max.as_ref()));
            record.push(s.spread.map(|x| x.to_string()).unwrap_or_default());
            record.extend(s.counts.iter().map(|(_, k)| k.to_string()));
        }
        if let Some(b) = &v.baseline {
            let before = a.before.clone().flatten();
            record.push(id(before.as_ref()));
            record.push(score_num(&section.before.clone().flatten()));
            record.push(
                a.change
                    .and_then(|c| c.levels())
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            );
            record.push(num(section.change));
            record.push(score_num(&b.overall));
            record.push(num(b.overall_change));
        }
        if let Some(s) = &a.stats {
            record.push(crate::view::fmt_mean(s.mean));
            record.extend(teams.iter().map(|(r, _)| id(v.team_median(a.index, r))));
        }
        let _ = w.write_record(&record);
    }
    // Comments on the whole questionnaire: one more row, no attribute, the comments as its note.
    if let Some(team) = v.team.as_ref() {
        let general = comments_text(team, None);
        if !general.is_empty() {
            let mut record = vec![String::new(); header.len()];
            record[3] = "(the whole questionnaire)".to_string();
            record[11] = csv_text(&general);
            let _ = w.write_record(&record);
        }
    }
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
