//! One row per attribute, for spreadsheets. Section and overall scores repeat on each row so any
//! row stands alone in a pivot table.

use super::ScoreReport;
use crate::render::json::round4;

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

pub fn render(r: &ScoreReport) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |v: Option<f64>| v.map(|x| round4(x).to_string()).unwrap_or_default();
    let _ = w.write_record(HEADER);
    for (i, a) in rubric.attributes.iter().enumerate() {
        let section = &rubric.sections[a.section];
        let ss = sc.sections[a.section].score;
        let level = sc.attributes[i];
        let record = [
            section.id.clone(),
            section.name.clone(),
            a.id.clone(),
            a.name.clone(),
            level
                .map(|l| rubric.levels[l].id.clone())
                .unwrap_or_default(),
            level
                .map(|l| rubric.levels[l].name.clone())
                .unwrap_or_default(),
            level.map(|l| (l + 1).to_string()).unwrap_or_default(),
            num(ss.map(|s| s.value)),
            ss.map(|s| rubric.levels[s.level].id.clone())
                .unwrap_or_default(),
            num(sc.overall.map(|s| s.value)),
            sc.overall
                .map(|s| rubric.levels[s.level].id.clone())
                .unwrap_or_default(),
            r.assessment.notes[i].clone().unwrap_or_default(),
        ];
        let _ = w.write_record(&record);
    }
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
