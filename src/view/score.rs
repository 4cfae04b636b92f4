//! [`ScoreView`]: everything a score report shows, resolved once from the rubric, the scorecard,
//! the report's facts (who, when, from where), an optional baseline and an optional combination
//! of respondents. Every score format (table, Markdown, CSV, JSON, HTML) is layout over this.

use super::{Change, LevelRef, ScoreRef};
use crate::assessment::Assessment;
use crate::combine::Combined;
use crate::escape::one_line;
use crate::rubric::Rubric;
use crate::score::{Score, Scorecard};
use crate::source::Date;

/// An earlier assessment, scored the same way, to show what moved.
pub struct Baseline {
    /// The file or folder, as the user named it.
    pub source: String,
    pub date: Option<Date>,
    pub scorecard: Scorecard,
    /// Set when the baseline itself combines several respondents.
    pub respondents: Option<u64>,
}

/// What a score report is made from.
pub struct ScoreInput<'a> {
    pub rubric: &'a Rubric,
    pub assessment: &'a Assessment,
    pub scorecard: &'a Scorecard,
    /// The answers file (or files and folders), as the user named it.
    pub source: &'a str,
    /// How many next steps the table shows (all, elsewhere).
    pub top: Option<usize>,
    pub baseline: Option<&'a Baseline>,
    /// Set when the report combines several respondents (`scorecard` is then its medians').
    pub combined: Option<&'a Combined>,
    /// Set for a program file: its facts, so each step says what the file must show.
    pub program: Option<ProgramFacts<'a>>,
}

/// A program file's facts, for the steps of a report on it.
#[derive(Clone, Copy)]
pub struct ProgramFacts<'a> {
    pub program: &'a crate::program::Program,
    /// The day the facts are weighed on (`--today`).
    pub today: Date,
}

impl ProgramFacts<'_> {
    /// What the program file must show for `check` to accept `next` on attribute `id`, in the
    /// file's words: the exact edit where the file says it (personas, covers, the side of the
    /// database that is short), else the rule.
    pub fn in_file(&self, id: &str, next: usize) -> Option<String> {
        crate::check::evidence::what_to_change(id, next, self.program, self.today)
            .or_else(|| crate::check::evidence::requirement(id, next))
    }
}

/// An answer above what the program file's facts support.
#[derive(Debug, Clone, PartialEq)]
pub struct LoweredView {
    pub attribute: usize,
    pub id: String,
    pub name: String,
    pub claimed: LevelRef,
    pub supported: LevelRef,
    pub basis: String,
    pub ceiling: bool,
    /// "Frequency of Updates is answered Advancing; the file's facts support at most
    /// Experimenting (…)".
    pub sentence: String,
}

/// The rubric as a report names it.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricInfo {
    pub id: String,
    pub version: String,
    pub name: String,
    pub source: Option<String>,
    pub year: Option<u32>,
    /// Every level, lowest first.
    pub levels: Vec<LevelRef>,
    /// The sections' names and ids, in order.
    pub sections: Vec<(String, String)>,
    /// The stages' names, in the order of priority (empty: the rubric names none).
    pub stages: Vec<String>,
    /// The names of attributes whose steps up to a first target go in the first round.
    pub first_targets: Vec<String>,
    /// That target's level (the highest among them).
    pub first_target_level: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub score: Option<ScoreRef>,
    pub answered: usize,
    pub total: usize,
    /// Indexes into [`ScoreView::attributes`].
    pub attributes: std::ops::Range<usize>,
    /// With a baseline: the score before (`Some(None)`: no score then).
    pub before: Option<Option<ScoreRef>>,
    /// With a baseline: the change in score points (when both sides have a score).
    pub change: Option<f64>,
}

/// What combining says about one attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsView {
    /// Respondents who gave a level.
    pub n: u64,
    /// The mean level number (1 = the lowest level), to one decimal where shown.
    pub mean: Option<f64>,
    pub median: Option<LevelRef>,
    pub min: Option<LevelRef>,
    pub max: Option<LevelRef>,
    /// max − min, in levels.
    pub spread: Option<usize>,
    /// Answers per level, lowest first (every level, zeros too).
    pub counts: Vec<(LevelRef, u64)>,
    /// "1 Emerging, 2 Advancing".
    pub counts_label: String,
    /// The median per respondent role.
    pub by_role: Vec<(String, LevelRef)>,
    /// Answers two or more levels apart.
    pub disagreement: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttributeView {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub section: usize,
    pub section_id: String,
    pub section_name: String,
    /// The level (combined: the median).
    pub level: Option<LevelRef>,
    /// The framework's description of that level.
    pub description: Option<String>,
    pub note: Option<String>,
    pub stats: Option<StatsView>,
    /// With a baseline: the level before (`Some(None)`: not answered then).
    pub before: Option<Option<LevelRef>>,
    /// With a baseline: how it moved (`None` when unanswered on both sides).
    pub change: Option<Change>,
    /// Left unanswered on purpose ("not sure", `unsure` in the file) by the one respondent, as
    /// against not reached.
    pub unsure: bool,
}

impl AttributeView {
    /// What a report says where the attribute has no level: the questionnaire's own words.
    pub fn no_level(&self) -> &'static str {
        crate::words::no_level(self.unsure)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TipView {
    pub text: String,
    /// The guidance id it draws on.
    pub source: Option<String>,
    /// "from the framework", "this tool's reading", "from the buyer-persona guide, mistake 1:
    /// guesswork instead of research".
    pub source_label: Option<String>,
    /// The words of the next level's description the tip answers.
    pub quote: Option<String>,
}

/// Two answers whose level texts pull against each other.
#[derive(Debug, Clone, PartialEq)]
pub struct ContradictionView {
    /// The two attributes' ids and names, the one claiming more first.
    pub ids: [String; 2],
    pub names: [String; 2],
    pub levels: [LevelRef; 2],
    /// What does not fit, in the level texts' words.
    pub note: String,
    /// "Sharing Personas is Fully Optimized and Accessibility/Storage of Information Emerging:
    /// personas …".
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    pub attribute: usize,
    pub id: String,
    pub name: String,
    pub section_id: String,
    pub section_name: String,
    pub current: LevelRef,
    pub next: LevelRef,
    /// Levels to the target.
    pub gap: usize,
    /// The next level's description.
    pub description: String,
    /// The attribute's note on reading its levels, when the next level is one it tells apart
    /// from a near-identical one.
    pub note: Option<String>,
    /// The stage of the work the step belongs to (when the rubric names stages): its id and
    /// name.
    pub stage: Option<(String, String)>,
    /// The tips for this step; when the rubric has none for it, one that quotes the next
    /// level's description.
    pub tips: Vec<TipView>,
    /// Set when the step starts below the answer because the program file's facts support
    /// less: why, in a sentence.
    pub from_facts: Option<String>,
    /// For a program file: what the file must show for the next level (the exact edit where
    /// the file says it).
    pub in_file: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoveView {
    pub attribute: usize,
    pub id: String,
    pub name: String,
    pub from: Option<LevelRef>,
    pub to: Option<LevelRef>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BaselineView {
    pub source: String,
    /// The baseline as a report names it ([`super::shown_path`]).
    pub shown_source: String,
    pub date: Option<String>,
    pub respondents: Option<u64>,
    pub overall: Option<ScoreRef>,
    pub overall_change: Option<f64>,
    /// What moved, regressions first.
    pub moved: Vec<MoveView>,
    /// The levels before, per attribute (for a chart).
    pub levels: Vec<Option<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoleGapView {
    pub attribute: usize,
    pub id: String,
    pub low_role: String,
    pub low: LevelRef,
    pub high_role: String,
    pub high: LevelRef,
    pub gap: usize,
    /// "sales rates Sharing Personas two levels below marketing (Emerging against …)".
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamView {
    pub respondents: u64,
    /// "12 respondents: 5 marketing, 4 sales, 3 with no role".
    pub label: String,
    pub roles: Vec<(String, u64)>,
    pub too_many_roles: bool,
    /// Attribute indexes whose answers are two or more levels apart.
    pub disagreements: Vec<usize>,
    pub role_gaps: Vec<RoleGapView>,
    /// Files (and export rows: `file`, row) left out, and why.
    pub skipped: Vec<(String, Option<u64>, String)>,
    /// Respondents per input as named.
    pub sources: Vec<(String, u64)>,
    /// Respondents per organization, when several are named.
    pub organizations: Vec<(String, u64)>,
    /// How many were asked (`--invited`), and respondents of them as a fraction.
    pub invited: Option<u64>,
    pub response_rate: Option<f64>,
    /// Submissions left out because the same person answered again, and which one counted.
    pub repeats_dropped: u64,
    pub keep: Option<&'static str>,
    /// Responses read more than once, each counted once.
    pub duplicates: u64,
    /// Respondents who name no organization, when others do.
    pub organization_unknown: u64,
    /// The roles drawn on a chart (the largest) with their medians per attribute.
    pub chart_roles: Vec<(String, Vec<Option<usize>>)>,
    /// The respondents' comments and notes: by attribute in rubric order (those on the whole
    /// questionnaire last), then by team (no team last), then as read (at most
    /// [`crate::combine::MAX_COMMENTS`] on one attribute).
    pub comments: Vec<CommentView>,
    /// How many comments there are on each attribute (`None`: the whole questionnaire), shown or
    /// not.
    pub comment_totals: Vec<(Option<usize>, u64)>,
}

/// A respondent's comment or note in a combined report.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentView {
    /// The attribute it is about (index, id, name); `None`: the whole questionnaire.
    pub attribute: Option<usize>,
    pub attribute_id: Option<String>,
    pub attribute_name: Option<String>,
    /// The team of whoever wrote it.
    pub role: Option<String>,
    pub text: String,
}

/// Comments a report for people shows on one attribute; JSON and CSV list them all.
pub const COMMENTS_SHOWN: usize = 10;

impl TeamView {
    /// The comments on attribute `i` (`None`: on the whole questionnaire).
    pub fn comments_on(&self, i: Option<usize>) -> impl Iterator<Item = &CommentView> {
        self.comments.iter().filter(move |c| c.attribute == i)
    }

    /// The comments grouped by what they are about, in order: each group's first
    /// [`COMMENTS_SHOWN`], and how many more there are.
    pub fn comment_groups(&self) -> Vec<(Vec<&CommentView>, u64)> {
        let mut groups: Vec<(Vec<&CommentView>, u64)> = Vec::new();
        for c in &self.comments {
            match groups.last_mut() {
                Some((list, _)) if list[0].attribute == c.attribute => {
                    if list.len() < COMMENTS_SHOWN {
                        list.push(c);
                    }
                }
                _ => groups.push((vec![c], 0)),
            }
        }
        for (list, more) in &mut groups {
            let total = self.comments_total(list[0].attribute);
            *more = total.saturating_sub(list.len() as u64);
        }
        groups
    }

    /// How many comments there are on attribute `i` (`None`: the whole questionnaire).
    pub fn comments_total(&self, i: Option<usize>) -> u64 {
        self.comment_totals
            .iter()
            .find(|(a, _)| *a == i)
            .map_or(0, |(_, n)| *n)
    }

    /// Comments there are but the report does not hold (past
    /// [`crate::combine::MAX_COMMENTS`] on one attribute).
    pub fn comments_left_out(&self) -> u64 {
        let total: u64 = self.comment_totals.iter().map(|(_, n)| n).sum();
        total.saturating_sub(self.comments.len() as u64)
    }
}

/// Most role outlines a chart draws; the largest roles.
pub const MAX_ROLE_OUTLINES: usize = 6;

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreView {
    pub rubric: RubricInfo,
    /// "Persona maturity: Acme Analytics".
    pub title: String,
    pub organization: Option<String>,
    pub respondent_name: Option<String>,
    pub respondent_role: Option<String>,
    pub date: Option<String>,
    /// The input as the user named it.
    pub source: String,
    /// The input as a report names it ([`super::shown_path`]).
    pub shown_source: String,
    /// Who answered, when, from where, compared with what: the report's second line, in pieces.
    pub meta: Vec<String>,
    pub target: LevelRef,
    pub overall: Option<ScoreRef>,
    pub answered: usize,
    pub total: usize,
    pub sections: Vec<SectionView>,
    /// Every attribute, in rubric order.
    pub attributes: Vec<AttributeView>,
    pub has_notes: bool,
    /// Answered attributes below the target, largest gap first.
    pub next_steps: Vec<StepView>,
    /// How many next steps the terminal shows.
    pub top: Option<usize>,
    /// Attribute indexes with no answer.
    pub unanswered: Vec<usize>,
    /// Answers that contradict each other (notes, not findings).
    pub contradictions: Vec<ContradictionView>,
    /// A program file's answers above what its facts support (next steps start below them).
    pub lowered: Vec<LoweredView>,
    pub baseline: Option<BaselineView>,
    pub team: Option<TeamView>,
}

impl ScoreView {
    /// How the next steps are ordered, in a sentence: "In the order of the work: ownership,
    /// interviews, …, each round before the next: …". `None` when the rubric names no stages.
    pub fn order_line(&self) -> Option<String> {
        if self.rubric.stages.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .rubric
            .stages
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        let mut line = format!(
            "In the order of the work: each round (the level a step reaches) before the next, and \
             within a round {}",
            names.join(", ")
        );
        if !self.rubric.first_targets.is_empty() {
            line.push_str(&format!(
                "; {} go to {} in the first round, their lower levels being where programs start",
                self.rubric.first_targets.join(" and "),
                self.rubric
                    .levels
                    .get(self.rubric.first_target_level)
                    .map_or("", |l| l.name.as_str())
            ));
        }
        line.push('.');
        Some(line)
    }

    /// Coverage as a percentage (0–100).
    pub fn coverage_pct(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.answered as f64 / self.total as f64
        }
    }

    /// The levels per attribute (for a chart).
    pub fn levels(&self) -> Vec<Option<usize>> {
        self.attributes
            .iter()
            .map(|a| a.level.as_ref().map(|l| l.index))
            .collect()
    }

    /// Whether this combines several respondents.
    pub fn combined(&self) -> bool {
        self.team.is_some()
    }
}

/// Where a tip comes from, in a few words: "from the framework", "this tool's reading", or
/// "from" and the guidance's title.
pub fn tip_source_label(rubric: &Rubric, source: Option<&str>) -> Option<String> {
    let s = source?;
    Some(match s {
        "framework" => "from the framework".to_string(),
        "tool" => "this tool's reading".to_string(),
        other => match rubric.guidance_title(other) {
            Some(t) => format!("from {t}"),
            None => format!("from {other}"),
        },
    })
}

/// The tips for attribute `ai`'s step up to level `next`; when the rubric has none for it, one
/// that quotes the level's own description, so every step has advice.
pub fn step_tips(r: &Rubric, ai: usize, next: usize) -> Vec<TipView> {
    let a = &r.attributes[ai];
    let tips: Vec<TipView> = a
        .step_tips(next)
        .map(|t| TipView {
            text: t.text.clone(),
            source: t.source.clone(),
            source_label: tip_source_label(r, t.source.as_deref()),
            quote: t.quote.clone(),
        })
        .collect();
    if !tips.is_empty() {
        return tips;
    }
    vec![TipView {
        text: format!(
            "Work toward {}'s own words: \u{201c}{}\u{201d}",
            r.levels[next].name, a.descriptions[next]
        ),
        source: None,
        source_label: Some("the rubric has no tip for this step".to_string()),
        quote: Some(a.descriptions[next].clone()),
    }]
}

/// "one level", "two levels", … "7 levels".
pub fn levels_word(n: usize) -> String {
    match n {
        1 => "one level".to_string(),
        2 => "two levels".to_string(),
        3 => "three levels".to_string(),
        4 => "four levels".to_string(),
        n => format!("{n} levels"),
    }
}

/// "12 respondents: 5 marketing, 4 sales, 3 with no role".
fn respondents_label(c: &Combined) -> String {
    let n = c.respondents;
    let mut out = crate::words::count(n, "respondent", "respondents");
    if c.too_many_roles {
        out.push_str(&format!(
            " in more than {} roles (roles not compared)",
            crate::combine::MAX_ROLES
        ));
        return out;
    }
    if !c.roles.is_empty() {
        let mut parts: Vec<String> = c
            .roles
            .iter()
            .map(|(r, k)| format!("{k} {}", one_line(r)))
            .collect();
        let with_role: u64 = c.roles.iter().map(|(_, k)| k).sum();
        if with_role < n {
            parts.push(format!("{} with no role", n - with_role));
        }
        out.push_str(&format!(": {}", parts.join(", ")));
    }
    out
}

/// "Dana Reyes (marketing)", "Dana Reyes", "a respondent in marketing" or nothing.
fn respondent_label(a: &Assessment) -> Option<String> {
    let (name, role) = (&a.respondent.name, &a.respondent.role);
    match (name.as_deref().map(one_line), role.as_deref().map(one_line)) {
        (Some(n), Some(r)) => Some(format!("{n} ({r})")),
        (Some(n), None) => Some(n.into_owned()),
        (None, Some(r)) => Some(format!("a respondent in {r}")),
        (None, None) => None,
    }
}

fn meta_line(input: &ScoreInput) -> Vec<String> {
    let mut meta = Vec::new();
    match input.combined {
        Some(c) => {
            meta.push(format!("combined from {}", respondents_label(c)));
            match (c.first_date, c.last_date) {
                (Some(a), Some(b)) if a != b => meta.push(format!("answered {a} to {b}")),
                (Some(a), _) => meta.push(format!("on {a}")),
                _ => {}
            }
            if c.organization.is_some() && c.organization_unknown > 0 {
                meta.push(format!(
                    "{} named no organization",
                    crate::words::count(c.organization_unknown, "respondent", "respondents")
                ));
            }
            if c.several_organizations {
                meta.push(if c.organizations.len() > 1 {
                    format!(
                        "organizations: {}",
                        c.organizations
                            .iter()
                            .map(|(o, n)| format!("{} ({n})", one_line(o)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    format!(
                        "several organizations (more than {})",
                        crate::combine::MAX_NAMES
                    )
                });
            }
            if let (Some(invited), Some(rate)) = (c.invited, c.response_rate()) {
                meta.push(format!(
                    "{} of {invited} invited answered ({:.0}%)",
                    c.respondents,
                    100.0 * rate
                ));
            }
            if c.repeats_dropped > 0 {
                let which = match c.keep {
                    Some(crate::import::collect::Keep::First) => "the first",
                    _ => "the latest",
                };
                meta.push(format!(
                    "{} by people who answered again left out ({which} of each person counted)",
                    crate::words::count(
                        c.repeats_dropped,
                        "repeated submission",
                        "repeated submissions"
                    )
                ));
            }
        }
        None => {
            if let Some(who) = respondent_label(input.assessment) {
                meta.push(format!("answered by {who}"));
            }
            if let Some(d) = input.assessment.date {
                meta.push(format!("on {d}"));
            }
        }
    }
    match input.combined {
        Some(c) if c.sources.len() > 1 => meta.push(format!(
            "from {}",
            c.sources
                .iter()
                .map(|(s, n)| format!("{} ({n})", super::shown_path(s)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => meta.push(format!("from {}", super::shown_path(input.source))),
    }
    if let Some(b) = input.baseline {
        let when = b.date.map(|d| format!(" of {d}")).unwrap_or_default();
        meta.push(format!(
            "compared with {}{when}",
            super::shown_path(&b.source)
        ));
    }
    meta
}

impl ScoreView {
    /// The teams to break the report down by: every role with its respondents, largest first
    /// (none when fewer than two roles were named, or roles were not compared).
    pub fn teams(&self) -> Vec<(String, u64)> {
        let Some(team) = &self.team else {
            return Vec::new();
        };
        if team.too_many_roles || team.roles.len() < 2 {
            return Vec::new();
        }
        let mut roles = team.roles.clone();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        roles
    }

    /// Attribute `i`'s median among the respondents of `role`.
    pub fn team_median(&self, i: usize, role: &str) -> Option<&LevelRef> {
        self.attributes[i]
            .stats
            .as_ref()?
            .by_role
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, l)| l)
    }

    /// Resolve everything a score report shows.
    pub fn new(input: &ScoreInput) -> ScoreView {
        let r = input.rubric;
        let sc = input.scorecard;
        let level = |l: usize| LevelRef::new(r, l);
        let score = |s: Option<Score>| s.map(|s| ScoreRef::new(r, s));
        let attributes = attribute_views(input);
        let sections = section_views(input);
        let next_steps = step_views(r, sc, input.program);
        let lowered = lowered_views(r, sc);
        let contradictions = contradiction_views(r, sc);
        let baseline = input.baseline.map(|b| baseline_view(r, sc, b));
        let team = input.combined.map(|c| team_view(r, c));
        let title = match &input.assessment.organization {
            Some(org) => format!("Persona maturity: {}", one_line(org)),
            None => "Persona maturity".to_string(),
        };
        ScoreView {
            rubric: RubricInfo {
                id: r.id.clone(),
                version: r.version.clone(),
                name: r.name.clone(),
                source: r.source.clone(),
                year: r.year,
                levels: (0..r.levels.len()).map(level).collect(),
                sections: r
                    .sections
                    .iter()
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect(),
                stages: r.stages.iter().map(|g| g.name.clone()).collect(),
                first_targets: r
                    .attributes
                    .iter()
                    .filter(|a| a.first_target.is_some())
                    .map(|a| a.name.clone())
                    .collect(),
                first_target_level: r
                    .attributes
                    .iter()
                    .filter_map(|a| a.first_target)
                    .max()
                    .unwrap_or(0),
            },
            title,
            organization: input.assessment.organization.clone(),
            respondent_name: input.assessment.respondent.name.clone(),
            respondent_role: input.assessment.respondent.role.clone(),
            date: input.assessment.date.map(|d| d.to_string()),
            source: input.source.to_string(),
            shown_source: super::shown_path(input.source),
            meta: meta_line(input),
            target: level(sc.target),
            overall: score(sc.overall),
            answered: sc.answered,
            total: sc.total,
            has_notes: attributes.iter().any(|a| a.note.is_some()),
            attributes,
            sections,
            next_steps,
            top: input.top,
            unanswered: sc.unanswered.clone(),
            contradictions,
            lowered,
            baseline,
            team,
        }
    }
}

/// The level shown for `l`.
fn level_of(r: &Rubric, l: usize) -> LevelRef {
    LevelRef::new(r, l)
}

/// Every attribute as the report shows it.
fn attribute_views(input: &ScoreInput) -> Vec<AttributeView> {
    let (r, sc) = (input.rubric, input.scorecard);
    let level = |l: usize| level_of(r, l);
    let before_sc = input.baseline.map(|b| &b.scorecard);
    r.attributes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let now = sc.levels[i];
            let stats = input.combined.map(|c| stats_view(r, c, i));
            let before = before_sc.map(|b| b.levels[i]);
            AttributeView {
                index: i,
                id: a.id.clone(),
                name: a.name.clone(),
                section: a.section,
                section_id: r.sections[a.section].id.clone(),
                section_name: r.sections[a.section].name.clone(),
                level: now.map(level),
                description: now.map(|l| a.descriptions[l].clone()),
                note: input.assessment.notes.get(i).cloned().flatten(),
                stats,
                before: before.map(|b| b.map(level)),
                change: before.and_then(|b| Change::between(b, now)),
                unsure: input.combined.is_none()
                    && input.assessment.answers.get(i) == Some(&crate::assessment::Answer::Unsure),
            }
        })
        .collect()
}

/// How the respondents answered attribute `i`.
fn stats_view(r: &Rubric, c: &Combined, i: usize) -> StatsView {
    let level = |l: usize| level_of(r, l);
    let s = &c.attributes[i];
    StatsView {
        n: s.n,
        mean: s.mean,
        median: s.median.map(level),
        min: s.min.map(level),
        max: s.max.map(level),
        spread: s.spread,
        counts: s
            .counts
            .iter()
            .enumerate()
            .map(|(l, &k)| (level(l), k))
            .collect(),
        counts_label: s
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0)
            .map(|(l, k)| format!("{k} {}", r.levels[l].name))
            .collect::<Vec<_>>()
            .join(", "),
        by_role: s
            .by_role
            .iter()
            .map(|(role, &l)| (role.clone(), level(l)))
            .collect(),
        disagreement: c.disagreements.contains(&i),
    }
}

/// Every section's score.
fn section_views(input: &ScoreInput) -> Vec<SectionView> {
    let (r, sc) = (input.rubric, input.scorecard);
    let score = |s: Option<Score>| s.map(|s| ScoreRef::new(r, s));
    let before_sc = input.baseline.map(|b| &b.scorecard);
    sc.sections
        .iter()
        .map(|s| {
            let section = &r.sections[s.section];
            let before = before_sc.map(|b| b.sections[s.section].score);
            SectionView {
                index: s.section,
                id: section.id.clone(),
                name: section.name.clone(),
                score: score(s.score),
                answered: s.answered,
                total: s.total,
                attributes: section.attributes.clone(),
                before: before.map(score),
                change: before.and_then(|b| Some(s.score?.value - b?.value)),
            }
        })
        .collect()
}

/// "Frequency of Updates is answered Advancing; the file's facts support at most Experimenting
/// (basis)".
pub fn lowered_sentence(r: &Rubric, l: &crate::score::Lowered) -> String {
    format!(
        "{} is answered {}; the file's facts support {}{} ({})",
        r.attributes[l.attribute].name,
        r.levels[l.claimed].name,
        if l.ceiling { "at most " } else { "" },
        r.levels[l.supported].name,
        l.basis
    )
}

/// The answers above the file's facts.
fn lowered_views(r: &Rubric, sc: &Scorecard) -> Vec<LoweredView> {
    sc.lowered
        .iter()
        .map(|l| LoweredView {
            attribute: l.attribute,
            id: r.attributes[l.attribute].id.clone(),
            name: r.attributes[l.attribute].name.clone(),
            claimed: level_of(r, l.claimed),
            supported: level_of(r, l.supported),
            basis: l.basis.clone(),
            ceiling: l.ceiling,
            sentence: lowered_sentence(r, l),
        })
        .collect()
}

/// The next steps, with their tips.
fn step_views(r: &Rubric, sc: &Scorecard, program: Option<ProgramFacts>) -> Vec<StepView> {
    let level = |l: usize| level_of(r, l);
    sc.next_steps
        .iter()
        .map(|s| {
            let a = &r.attributes[s.attribute];
            let from_facts = sc
                .lowered
                .iter()
                .find(|l| l.attribute == s.attribute && l.supported == s.current)
                .map(|l| {
                    format!(
                        "{}: this step starts from {}.",
                        lowered_sentence(r, l),
                        r.levels[l.supported].name
                    )
                });
            StepView {
                from_facts,
                in_file: program.and_then(|p| p.in_file(&a.id, s.next)),
                attribute: s.attribute,
                id: a.id.clone(),
                name: a.name.clone(),
                section_id: r.sections[a.section].id.clone(),
                section_name: r.sections[a.section].name.clone(),
                current: level(s.current),
                next: level(s.next),
                gap: s.gap,
                description: a.descriptions[s.next].clone(),
                // A note says how to tell near-identical levels apart: shown on a step to one.
                note: a.note.clone().filter(|_| a.level_has_twin(s.next)),
                stage: a
                    .stage
                    .map(|g| (r.stages[g].id.clone(), r.stages[g].name.clone())),
                tips: step_tips(r, s.attribute, s.next),
            }
        })
        .collect()
}

/// The answers that contradict each other, each in a sentence.
fn contradiction_views(r: &Rubric, sc: &Scorecard) -> Vec<ContradictionView> {
    sc.contradictions
        .iter()
        .map(|c| {
            let [a, b] = c.attributes;
            let [la, lb] = c.levels;
            let names = [r.attributes[a].name.clone(), r.attributes[b].name.clone()];
            let end = if c.note.ends_with('?') { "" } else { "." };
            ContradictionView {
                ids: [r.attributes[a].id.clone(), r.attributes[b].id.clone()],
                sentence: format!(
                    "{} is {} and {} {}: {}{end}",
                    names[0], r.levels[la].name, names[1], r.levels[lb].name, c.note
                ),
                names,
                levels: [level_of(r, la), level_of(r, lb)],
                note: c.note.to_string(),
            }
        })
        .collect()
}

/// The comparison with a baseline.
fn baseline_view(r: &Rubric, sc: &Scorecard, b: &Baseline) -> BaselineView {
    let level = |l: usize| level_of(r, l);
    let score = |s: Option<Score>| s.map(|s| ScoreRef::new(r, s));
    BaselineView {
        source: b.source.clone(),
        shown_source: super::shown_path(&b.source),
        date: b.date.map(|d| d.to_string()),
        respondents: b.respondents,
        overall: score(b.scorecard.overall),
        overall_change: match (sc.overall, b.scorecard.overall) {
            (Some(now), Some(was)) => Some(now.value - was.value),
            _ => None,
        },
        moved: crate::score::moves(&b.scorecard, sc)
            .iter()
            .map(|m| MoveView {
                attribute: m.attribute,
                id: r.attributes[m.attribute].id.clone(),
                name: r.attributes[m.attribute].name.clone(),
                from: m.from.map(level),
                to: m.to.map(level),
                change: Change::between(m.from, m.to).unwrap_or(Change::Same),
            })
            .collect(),
        levels: b.scorecard.levels.clone(),
    }
}

/// What a combined report shows about the team.
fn team_view(r: &Rubric, c: &Combined) -> TeamView {
    let level = |l: usize| level_of(r, l);
    let mut largest = c.roles.clone();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    largest.truncate(MAX_ROLE_OUTLINES);
    largest.sort();
    TeamView {
        respondents: c.respondents,
        label: respondents_label(c),
        roles: c.roles.clone(),
        too_many_roles: c.too_many_roles,
        disagreements: c.disagreements.clone(),
        role_gaps: c
            .role_gaps
            .iter()
            .map(|g| RoleGapView {
                attribute: g.attribute,
                id: r.attributes[g.attribute].id.clone(),
                low_role: g.low_role.clone(),
                low: level(g.low),
                high_role: g.high_role.clone(),
                high: level(g.high),
                gap: g.gap(),
                sentence: format!(
                    "{} rates {} {} below {} ({} against {})",
                    g.low_role,
                    r.attributes[g.attribute].name,
                    levels_word(g.gap()),
                    g.high_role,
                    r.levels[g.low].name,
                    r.levels[g.high].name
                ),
            })
            .collect(),
        skipped: c
            .invalid
            .iter()
            .map(|x| (x.file.clone(), x.row, x.reason.clone()))
            .collect(),
        sources: c.sources.clone(),
        organizations: c.organizations.clone(),
        invited: c.invited,
        response_rate: c.response_rate(),
        repeats_dropped: c.repeats_dropped,
        keep: c.keep.map(|k| k.id()),
        duplicates: c.duplicates,
        organization_unknown: c.organization_unknown,
        comments: {
            let mut out: Vec<CommentView> = c
                .comments
                .iter()
                .map(|x| CommentView {
                    attribute: x.attribute,
                    attribute_id: x.attribute.map(|i| r.attributes[i].id.clone()),
                    attribute_name: x.attribute.map(|i| r.attributes[i].name.clone()),
                    role: x.role.clone(),
                    text: x.text.clone(),
                })
                .collect();
            out.sort_by_key(|x| {
                (
                    x.attribute.is_none(),
                    x.attribute,
                    x.role.is_none(),
                    x.role.clone(),
                )
            });
            out
        },
        comment_totals: c.comment_totals.clone(),
        chart_roles: largest
            .into_iter()
            .map(|(role, _)| {
                let levels = c
                    .attributes
                    .iter()
                    .map(|a| a.by_role.get(&role).copied())
                    .collect();
                (role, levels)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Answer;
    use crate::combine::Tally;

    fn answered(r: &Rubric, levels: &[(&str, usize)], role: Option<&str>) -> Assessment {
        let mut a = Assessment::empty(r);
        for (id, l) in levels {
            a.answers[r.attribute_index(id).unwrap()] = Answer::Level(*l);
        }
        a.respondent.role = role.map(String::from);
        a
    }

    fn view(
        r: &Rubric,
        a: &Assessment,
        baseline: Option<&Baseline>,
        c: Option<&Combined>,
    ) -> ScoreView {
        let sc = match c {
            Some(c) => c.scorecard.clone(),
            None => crate::score::score(r, a, r.top_level()),
        };
        ScoreView::new(&ScoreInput {
            rubric: r,
            assessment: a,
            scorecard: &sc,
            source: "answers.yaml",
            top: None,
            baseline,
            combined: c,
            program: None,
        })
    }

    #[test]
    fn a_baseline_gives_each_attribute_its_change_and_puts_regressions_first() {
        let r = Rubric::builtin();
        let now = answered(&r, &[("training", 2), ("data-analysis", 0)], None);
        let was = answered(
            &r,
            &[
                ("training", 1),
                ("data-analysis", 2),
                ("budget-allocation", 1),
            ],
            None,
        );
        let baseline = Baseline {
            source: "last-year.yaml".into(),
            date: None,
            scorecard: crate::score::score(&r, &was, r.top_level()),
            respondents: None,
        };
        let v = view(&r, &now, Some(&baseline), None);
        let change = |id: &str| v.attributes[r.attribute_index(id).unwrap()].change;
        assert_eq!(change("training"), Some(Change::Up(1)));
        assert_eq!(change("data-analysis"), Some(Change::Down(2)));
        assert_eq!(change("budget-allocation"), Some(Change::Gone));
        assert_eq!(change("sharing-personas"), None, "unanswered on both sides");
        let b = v.baseline.as_ref().unwrap();
        assert_eq!(b.moved[0].id, "data-analysis", "the regression comes first");
        assert_eq!(b.moved.len(), 3);
        for s in &v.sections {
            let (now, before) = (s.score.as_ref(), s.before.clone().flatten());
            match (now, before) {
                (Some(n), Some(b)) => assert_eq!(s.change, Some(n.value - b.value)),
                _ => assert_eq!(s.change, None, "{}", s.id),
            }
        }
    }

    #[test]
    fn a_team_view_says_which_role_rates_an_attribute_lower_and_by_how_much() {
        let r = Rubric::builtin();
        let mut tally = Tally::new(&r);
        tally.add(&answered(&r, &[("training", 3)], Some("Marketing")));
        tally.add(&answered(&r, &[("training", 0)], Some("Sales")));
        let combined = tally.finish(&r, r.top_level());
        let a = Assessment::empty(&r);
        let v = view(&r, &a, None, Some(&combined));
        let team = v.team.as_ref().unwrap();
        assert_eq!(team.respondents, 2);
        let gap = &team.role_gaps[0];
        assert_eq!(
            (gap.low.id.as_str(), gap.high.id.as_str()),
            ("experimenting", "fully-optimized")
        );
        assert_eq!(
            gap.sentence,
            "sales rates Training three levels below marketing (Experimenting against Fully Optimized)"
        );
        let training = &v.attributes[r.attribute_index("training").unwrap()];
        let stats = training.stats.as_ref().unwrap();
        assert_eq!(stats.n, 2);
        assert_eq!(stats.counts_label, "1 Experimenting, 1 Fully Optimized");
        assert_eq!(v.teams().len(), 2);
    }
}
