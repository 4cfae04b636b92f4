//! One row per attribute, for spreadsheets. Section and overall scores repeat on each row so any
//! row stands alone in a pivot table. A combined report adds the answer statistics (and one count
//! column per level); `--baseline` adds the level before and the change.

use super::ScoreReport;
use crate::render::json::round4;

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

pub fn render(r: &ScoreReport) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |v: Option<f64>| v.map(|x| round4(x).to_string()).unwrap_or_default();
    let level_id = |l: Option<usize>| l.map(|l| rubric.levels[l].id.clone()).unwrap_or_default();
    let mut header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    if r.combined.is_some() {
        header.extend(COMBINED.iter().map(|s| s.to_string()));
        header.extend(rubric.levels.iter().map(|l| format!("count_{}", l.id)));
    }
    if r.baseline.is_some() {
        header.extend(BASELINE.iter().map(|s| s.to_string()));
    }
    let _ = w.write_record(&header);
    for (i, a) in rubric.attributes.iter().enumerate() {
        let section = &rubric.sections[a.section];
        let ss = sc.sections[a.section].score;
        let level = sc.levels[i];
        let mut record = vec![
            section.id.clone(),
            section.name.clone(),
            a.id.clone(),
            a.name.clone(),
            level_id(level),
            level
                .map(|l| rubric.levels[l].name.clone())
                .unwrap_or_default(),
            level.map(|l| (l + 1).to_string()).unwrap_or_default(),
            num(ss.map(|s| s.value)),
            level_id(ss.map(|s| s.level)),
            num(sc.overall.map(|s| s.value)),
            level_id(sc.overall.map(|s| s.level)),
            r.assessment.notes[i].clone().unwrap_or_default(),
        ];
        if let Some(c) = r.combined {
            let s = &c.attributes[i];
            record.push(s.n.to_string());
            record.push(level_id(s.median));
            record.push(level_id(s.min));
            record.push(level_id(s.max));
            record.push(s.spread.map(|x| x.to_string()).unwrap_or_default());
            record.extend(s.counts.iter().map(|k| k.to_string()));
        }
        if let Some(b) = r.baseline {
            let before = b.scorecard.levels[i];
            let section_before = b.scorecard.sections[a.section].score;
            record.push(level_id(before));
            record.push(num(section_before.map(|s| s.value)));
            record.push(match (before, level) {
                (Some(b), Some(l)) => (l as i64 - b as i64).to_string(),
                _ => String::new(),
            });
            record.push(num(super::score_delta(section_before, ss)));
            record.push(num(b.scorecard.overall.map(|s| s.value)));
            record.push(num(super::score_delta(b.scorecard.overall, sc.overall)));
        }
        let _ = w.write_record(&record);
    }
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
