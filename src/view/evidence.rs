//! The reports of `evidence crm` and `evidence interviews`: the level the measured facts give,
//! why, what the next level needs, and the counts behind it, as sections every format lays out
//! the same way. Counts only: the values shown are persona and stage values and interview
//! kinds, the program's own vocabulary, never a contact's data.

use super::LevelRef;
use crate::check::records::{span, Tally};
use crate::evidence::crm::{Group, Matches, Measurement, SideCount};
use crate::program::InterviewKind;
use crate::rubric::Rubric;
use crate::source::Date;
use crate::words::{count, counted, thousands};

/// A table of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (set right-aligned).
    pub numeric: Vec<bool>,
}

/// One period of an interview log, counted.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodCount {
    /// Its first day, and its last.
    pub from: Date,
    pub to: Date,
    /// Interviews by kind (its id), in [`InterviewKind::ALL`] order.
    pub by_kind: Vec<(&'static str, u64)>,
    pub total: u64,
}

impl PeriodCount {
    fn of(p: &crate::check::records::Period) -> PeriodCount {
        PeriodCount {
            from: p.first_day(),
            to: p.to,
            by_kind: InterviewKind::ALL
                .iter()
                .zip(p.by_kind)
                .map(|(k, n)| (k.id(), n))
                .collect(),
            total: p.total(),
        }
    }
}

/// The counts behind `evidence interviews`, as its JSON lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct InterviewCounts {
    pub today: Date,
    /// The window's interviews are after this day and on or before `today`.
    pub window_after: Date,
    /// The window's periods, oldest first, and the whole window.
    pub periods: Vec<PeriodCount>,
    pub window: PeriodCount,
    /// Interviews before the window, and after today.
    pub before: u64,
    pub after: u64,
    /// Share of the window's interviews that are internal, a fraction of one rounded down as
    /// percentages are shown (0.333); none with no interviews in the window.
    pub internal_share: Option<f64>,
    /// Whether the log meets each level's reading (level id), lowest first.
    pub met: Vec<(String, bool)>,
}

impl InterviewCounts {
    pub fn new(rubric: &Rubric, t: &Tally) -> InterviewCounts {
        let w = t.window();
        InterviewCounts {
            today: t.today,
            window_after: t.from(),
            periods: t.periods.iter().map(PeriodCount::of).collect(),
            window: PeriodCount::of(&w),
            before: t.before,
            after: t.after,
            internal_share: crate::check::evidence::share_value(w.internal(), w.total()),
            met: rubric
                .levels
                .iter()
                .zip(t.met())
                .map(|(l, m)| (l.id.clone(), m))
                .collect(),
        }
    }
}

/// One evidence report.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceView {
    /// "Database Completeness from contacts.csv".
    pub title: String,
    /// The input as a report names it.
    pub file: String,
    /// What was read, in words.
    pub facts: Vec<String>,
    pub attribute: String,
    pub level: LevelRef,
    /// The level's text in the framework.
    pub level_text: String,
    /// The facts the level rests on.
    pub why: String,
    /// The next level and what it needs (none at the top).
    pub next: Option<(LevelRef, Vec<String>)>,
    pub sections: Vec<Section>,
    /// Things to look at: values that name no persona, personas no contact carries.
    pub notes: Vec<String>,
    /// One row for a tracking sheet: its header and its values.
    pub csv: (Vec<String>, Vec<String>),
}

fn pct(mapped: u64, records: u64) -> String {
    crate::check::evidence::pct_of(mapped, records)
}

/// A side's share of records with a persona as JSON gives it: the number the table shows
/// (`10.04` where `10.0` would read as the threshold), none with no records.
pub fn pct_number(s: SideCount) -> Option<f64> {
    crate::check::evidence::pct_value(s.mapped, s.records)
}

fn side_row(name: &str, s: SideCount) -> Vec<String> {
    vec![
        name.to_string(),
        thousands(s.records),
        thousands(s.mapped),
        pct(s.mapped, s.records),
        thousands(s.empty),
        thousands(s.blank),
        thousands(s.placeholder),
    ]
}

impl EvidenceView {
    /// The report of a CRM export measured on `on`, matched to a program's personas when given.
    pub fn crm(
        rubric: &Rubric,
        file: &str,
        m: &Measurement,
        on: Date,
        matches: Option<&Matches>,
    ) -> EvidenceView {
        let ai = rubric.attribute_index("database-completeness").unwrap_or(0);
        let found = m.found(on);
        let level = crate::check::evidence::highest(&found.met);
        let total = m.total();
        let mut facts = vec![format!(
            "{}, {} ({}, {}{})",
            capitalised(m.source.described()),
            counted(total.records, "record", "records"),
            counted(m.customers.records, "customer", "customers"),
            counted(m.prospects.records, "prospect", "prospects"),
            if m.excluded > 0 {
                format!("; {} left out", thousands(m.excluded))
            } else {
                String::new()
            }
        )];
        facts.push(format!(
            "persona column `{}`; customers are `{}` values {}; every other value is a prospect",
            m.persona_column,
            m.stage_column,
            m.customer_values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !m.exclude_values.is_empty() {
            facts.push(format!(
                "left out: `{}` values {}",
                m.stage_column,
                m.exclude_values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        facts.push(format!("measured {on}"));
        let mut sections = vec![Section {
            title: "Records with a persona".to_string(),
            header: [
                "",
                "Records",
                "Mapped",
                "%",
                "Empty",
                "Blank",
                "Placeholder",
            ]
            .map(String::from)
            .to_vec(),
            rows: vec![
                side_row("Customers", m.customers),
                side_row("Prospects", m.prospects),
                side_row("Total", total),
            ],
            numeric: vec![false, true, true, true, true, true, true],
        }];
        sections.push(persona_section(m, matches));
        sections.push(Section {
            title: format!("Stage values ({})", m.stage_column),
            header: ["Value", "Counted as", "Records"]
                .map(String::from)
                .to_vec(),
            rows: m
                .stages
                .iter()
                .map(|s| {
                    vec![
                        shown_value(&s.text),
                        match s.group {
                            Group::Customer => "customers",
                            Group::Prospect => "prospects",
                            Group::Excluded => "left out",
                        }
                        .to_string(),
                        thousands(s.records),
                    ]
                })
                .collect(),
            numeric: vec![false, false, true],
        });
        let next = (level + 1 < rubric.levels.len())
            .then(|| (LevelRef::new(rubric, level + 1), m.to_reach(level + 1)));
        EvidenceView {
            title: format!("{} from {}", rubric.attributes[ai].name, shown(file)),
            file: shown(file),
            facts,
            attribute: rubric.attributes[ai].id.clone(),
            level: LevelRef::new(rubric, level),
            level_text: rubric.attributes[ai].descriptions[level].clone(),
            why: found.basis,
            next,
            sections,
            notes: crm_notes(m, matches),
            csv: crm_csv(m, on, &rubric.levels[level].id),
        }
    }

    /// The report of an interview log counted against `today`.
    pub fn interviews(
        rubric: &Rubric,
        file: &str,
        t: &Tally,
        personas: &[(String, u64)],
    ) -> EvidenceView {
        let ai = rubric
            .attribute_index("qualitative-interviews")
            .unwrap_or(0);
        let met = t.met();
        let level = crate::check::evidence::highest(&met);
        let w = t.window();
        let mut header = vec!["Kind".to_string()];
        header.extend(t.periods.iter().map(|p| format!("to {}", p.to)));
        header.push("12 months".to_string());
        let periods: Vec<&crate::check::records::Period> =
            t.periods.iter().chain(std::iter::once(&w)).collect();
        let mut rows: Vec<Vec<String>> = InterviewKind::ALL
            .iter()
            .enumerate()
            .map(|(k, kind)| {
                std::iter::once(kind.id().to_string())
                    .chain(periods.iter().map(|p| thousands(p.by_kind[k])))
                    .collect()
            })
            .collect();
        rows.push(
            std::iter::once("all".to_string())
                .chain(periods.iter().map(|p| thousands(p.total())))
                .collect(),
        );
        let mut sections = vec![Section {
            title: "Interviews by kind and 3-month period".to_string(),
            numeric: header.iter().enumerate().map(|(k, _)| k > 0).collect(),
            header,
            rows,
        }];
        if !personas.is_empty() {
            sections.push(Section {
                title: "Interviews in the window by persona".to_string(),
                header: ["Persona", "Interviews"].map(String::from).to_vec(),
                rows: personas
                    .iter()
                    .map(|(p, n)| vec![p.clone(), thousands(*n)])
                    .collect(),
                numeric: vec![false, true],
            });
        }
        let next = (level + 1 < rubric.levels.len())
            .then(|| (LevelRef::new(rubric, level + 1), t.needs(level + 1)));
        let mut csv_header: Vec<String> = ["today", "window_after", "interviews"]
            .map(String::from)
            .to_vec();
        csv_header.extend(InterviewKind::ALL.iter().map(|k| k.id().replace('-', "_")));
        csv_header.extend(["periods_with_buyer_interviews", "level"].map(String::from));
        let mut csv_row = vec![
            t.today.to_string(),
            t.from().to_string(),
            w.total().to_string(),
        ];
        csv_row.extend(w.by_kind.iter().map(u64::to_string));
        csv_row.push(
            t.periods
                .iter()
                .filter(|p| p.buyer() > 0)
                .count()
                .to_string(),
        );
        csv_row.push(rubric.levels[level].id.clone());
        EvidenceView {
            title: format!("{} from {}", rubric.attributes[ai].name, shown(file)),
            file: shown(file),
            facts: vec![format!(
                "the 12 months to {} (interviews after {}), in four 3-month periods: {}",
                t.today,
                t.from(),
                t.periods.iter().map(span).collect::<Vec<_>>().join(", ")
            )],
            attribute: rubric.attributes[ai].id.clone(),
            level: LevelRef::new(rubric, level),
            level_text: rubric.attributes[ai].descriptions[level].clone(),
            why: t.basis(),
            next,
            sections,
            notes: Vec::new(),
            csv: (csv_header, csv_row),
        }
    }
}

fn shown(file: &str) -> String {
    super::shown_path(file)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A value as a table shows it; an empty one says so.
fn shown_value(s: &str) -> String {
    if s.is_empty() {
        "(empty)".to_string()
    } else {
        s.to_string()
    }
}

/// The persona values, with the persona each names when matched to a program.
fn persona_section(m: &Measurement, matches: Option<&Matches>) -> Section {
    let mut header: Vec<String> = ["Persona value", "Customers", "Prospects", "Records"]
        .map(String::from)
        .to_vec();
    let mut numeric = vec![false, true, true, true];
    if matches.is_some() {
        header.push("Persona".to_string());
        numeric.push(false);
    }
    let mut rows: Vec<Vec<String>> = m
        .personas
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let mut row = vec![
                v.text.clone(),
                thousands(v.customers),
                thousands(v.prospects),
                thousands(v.records()),
            ];
            if let Some(x) = matches {
                row.push(match &x.persona_of[k] {
                    Some(id) => id.clone(),
                    None => "(none)".to_string(),
                });
            }
            row
        })
        .collect();
    for p in &m.placeholders {
        let mut row = vec![
            format!("{} (placeholder)", p.text),
            thousands(p.customers),
            thousands(p.prospects),
            thousands(p.records()),
        ];
        if matches.is_some() {
            row.push(String::new());
        }
        rows.push(row);
    }
    Section {
        title: "Persona values".to_string(),
        header,
        rows,
        numeric,
    }
}

fn crm_notes(m: &Measurement, matches: Option<&Matches>) -> Vec<String> {
    let mut notes = Vec::new();
    for v in &m.unseen_customer_values {
        notes.push(format!(
            "no record has the customer value `{v}`: is it spelt as the export spells it?"
        ));
    }
    for (flag, v) in &m.absent_values {
        notes.push(absent_value(flag, v));
    }
    if let Some(x) = matches {
        for (value, n, hint) in &x.unmatched {
            notes.push(format!(
                "`{value}` ({}) names no persona of the program: a typo, a retired persona, or \
                 one to list in a persona's crm_values{}",
                count(*n, "record", "records"),
                hint.as_ref()
                    .map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_default()
            ));
        }
        for id in &x.uncarried {
            notes.push(format!(
                "buyer persona `{id}` is carried by no record: map contacts to it, or list the \
                 CRM's value for it in its crm_values"
            ));
        }
    }
    notes
}

/// The words for a value typed with `flag` that no record has, close to no stage value: in the
/// report's notes, and a warning of `evidence crm`.
pub fn absent_value(flag: &str, value: &str) -> String {
    format!(
        "{flag} `{value}`: no record has it, and no stage value of the export is close to it \
         (none this time, or spelt otherwise than the export spells it?)"
    )
}

fn crm_csv(m: &Measurement, on: Date, level: &str) -> (Vec<String>, Vec<String>) {
    let header = [
        "measured_on",
        "source",
        "customer_records",
        "customer_mapped",
        "customer_pct",
        "prospect_records",
        "prospect_mapped",
        "prospect_pct",
        "total_records",
        "total_mapped",
        "total_pct",
        "level",
    ]
    .map(String::from)
    .to_vec();
    let total = m.total();
    // The number alone; an empty cell for a side with no records (as JSON's null), which a
    // spreadsheet reads as no value where "–" would be text in a column of numbers.
    let bare =
        |mapped, records| crate::check::evidence::pct_digits(mapped, records).unwrap_or_default();
    let row = vec![
        on.to_string(),
        m.source.id().to_string(),
        m.customers.records.to_string(),
        m.customers.mapped.to_string(),
        bare(m.customers.mapped, m.customers.records),
        m.prospects.records.to_string(),
        m.prospects.mapped.to_string(),
        bare(m.prospects.mapped, m.prospects.records),
        total.records.to_string(),
        total.mapped.to_string(),
        bare(total.mapped, total.records),
        level.to_string(),
    ];
    (header, row)
}
