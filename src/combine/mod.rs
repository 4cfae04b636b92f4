//! Several assessments of one program, combined per attribute: the pure tally (this module) and
//! the walk over files and folders that feeds it (`walk`).
//!
//! Combining streams: every answers file is read, resolved, counted and dropped, so memory does
//! not grow with the number of files. What is kept is a [`Tally`]: per attribute, how many
//! respondents chose each level, overall and per respondent role. Everything the report shows
//! (median, min, max, spread, role medians) is read off those counters, and the section and
//! overall scores come from the medians by the one scoring rule in `score.rs`.
//!
//! The median of an even number of answers is the *lower* median (the ⌈n/2⌉-th smallest answer):
//! levels are ordinal, so the median must be a level someone actually chose, and of the two middle
//! answers the lower one is the conservative reading of a program's maturity.

use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::score::{score_levels, Scorecard};
use crate::source::Date;
use std::collections::BTreeMap;

mod walk;
pub use walk::{answer_files, combine_paths, is_answers_file, is_export};

/// Roles are compared only when the respondents name at most this many distinct roles; past it,
/// the role field is evidently not a team name, and the report says roles were not compared.
pub const MAX_ROLES: usize = 50;

pub use crate::words::role_key;

/// Spread (max − min, in levels) at which an attribute counts as a disagreement.
pub const DISAGREEMENT_SPREAD: usize = 2;

/// Per attribute, how many answers chose each level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    levels: usize,
    /// `attributes × levels`, row-major.
    cells: Vec<u64>,
}

impl Counts {
    fn new(attributes: usize, levels: usize) -> Counts {
        Counts {
            levels,
            cells: vec![0; attributes * levels],
        }
    }

    fn add(&mut self, answers: &[Option<usize>]) {
        for (i, l) in answers.iter().enumerate() {
            if let Some(l) = l {
                self.cells[i * self.levels + l] += 1;
            }
        }
    }

    fn sub(&mut self, answers: &[Option<usize>]) {
        for (i, l) in answers.iter().enumerate() {
            if let Some(l) = l {
                let c = &mut self.cells[i * self.levels + l];
                *c = c.saturating_sub(1);
            }
        }
    }

    fn merge(&mut self, other: &Counts) {
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            *a += b;
        }
    }

    /// The counts per level of one attribute.
    pub fn of(&self, attribute: usize) -> &[u64] {
        &self.cells[attribute * self.levels..(attribute + 1) * self.levels]
    }
}

/// The lower median of answers given as counts per level (see the module comment).
pub fn lower_median(counts: &[u64]) -> Option<usize> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // The ⌈n/2⌉-th smallest answer, 1-based.
    let rank = n.div_ceil(2);
    let mut seen = 0;
    for (level, &c) in counts.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return Some(level);
        }
    }
    None
}

/// A file that could not be combined, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub file: String,
    /// The row of a form export (`u64::MAX`: the line counting the rows not listed).
    pub row: Option<u64>,
    pub reason: String,
}

/// One organization or several, as the files name them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Org {
    #[default]
    Unseen,
    One(Option<String>),
    Several,
}

impl Org {
    fn add(&mut self, org: &Option<String>) {
        *self = match std::mem::take(self) {
            Org::Unseen => Org::One(org.clone()),
            Org::One(o) if &o == org => Org::One(o),
            _ => Org::Several,
        }
    }

    fn merge(&mut self, other: &Org) {
        match other {
            Org::Unseen => {}
            Org::One(o) => self.add(o),
            Org::Several => *self = Org::Several,
        }
    }
}

/// The running counters of a combination. `add` one assessment at a time; `merge` tallies made
/// in parallel; `finish` reads the result off.
#[derive(Debug, Clone)]
pub struct Tally {
    respondents: u64,
    counts: Counts,
    /// Per role: respondents and their counts. `None` once more than `MAX_ROLES` distinct roles
    /// were seen (which does not depend on the order files are read in).
    roles: Option<BTreeMap<String, (u64, Counts)>>,
    organization: Org,
    first_date: Option<Date>,
    last_date: Option<Date>,
    invalid: Vec<Invalid>,
    /// Files answered for another version of the rubric.
    other_version: u64,
    /// `role_key` of the roles seen (normalising is the costliest step of counting a row).
    role_keys: std::collections::HashMap<String, String>,
    /// What reading form exports found worth saying (columns not there, repeated
    /// submissions, dates not read).
    warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Submissions left out because the same person submitted again.
    repeats_dropped: u64,
    /// Respondents per organization named (`None` once more than `MAX_NAMES` were seen).
    organizations: Option<BTreeMap<String, u64>>,
    /// Respondents per input as the user named it (a file, a folder, an export).
    sources: BTreeMap<String, u64>,
    /// The input the files being read now came from.
    current_source: String,
}

/// Most organization names a combination counts one by one.
pub const MAX_NAMES: usize = 50;

impl Tally {
    pub fn new(rubric: &Rubric) -> Tally {
        Tally {
            respondents: 0,
            counts: Counts::new(rubric.attributes.len(), rubric.levels.len()),
            roles: Some(BTreeMap::new()),
            organization: Org::Unseen,
            first_date: None,
            last_date: None,
            invalid: Vec::new(),
            other_version: 0,
            role_keys: std::collections::HashMap::new(),
            warnings: Vec::new(),
            repeats_dropped: 0,
            organizations: Some(BTreeMap::new()),
            sources: BTreeMap::new(),
            current_source: String::new(),
        }
    }

    /// Count a respondent whose file was answered for another version of the rubric.
    pub fn note_other_version(&mut self) {
        self.other_version += 1;
    }

    /// Take back a respondent counted before (a later submission of the same person replaces
    /// it): their levels and role come off the counters. The organization and the date range
    /// keep what they saw (they are not counters).
    pub fn remove(&mut self, levels: &[Option<usize>], role: Option<&str>) {
        self.respondents = self.respondents.saturating_sub(1);
        if let Some(n) = self.sources.get_mut(&self.current_source) {
            *n = n.saturating_sub(1);
        }
        self.counts.sub(levels);
        if let (Some(role), Some(roles)) = (role, &mut self.roles) {
            let key = self
                .role_keys
                .get(role)
                .cloned()
                .unwrap_or_else(|| role_key(role));
            if let Some(entry) = roles.get_mut(&key) {
                entry.0 = entry.0.saturating_sub(1);
                entry.1.sub(levels);
                if entry.0 == 0 {
                    roles.remove(&key);
                }
            }
        }
    }

    /// The input the next respondents come from (their count per input is reported).
    pub fn set_source(&mut self, source: &str) {
        if self.current_source != source {
            self.current_source = source.to_string();
        }
    }

    /// Count one respondent's assessment.
    pub fn add(&mut self, a: &Assessment) {
        *self.sources.entry(self.current_source.clone()).or_insert(0) += 1;
        if let (Some(o), Some(orgs)) = (&a.organization, &mut self.organizations) {
            match orgs.get_mut(o) {
                Some(n) => *n += 1,
                None => {
                    orgs.insert(o.clone(), 1);
                    if orgs.len() > MAX_NAMES {
                        self.organizations = None;
                    }
                }
            }
        }
        let levels: Vec<Option<usize>> = a.answers.iter().map(|x| x.level()).collect();
        self.respondents += 1;
        self.counts.add(&levels);
        if let (Some(role), Some(roles)) = (&a.respondent.role, &mut self.roles) {
            let (levels_n, attributes_n) = (self.counts.levels, a.answers.len());
            let key = match self.role_keys.get(role) {
                Some(k) => k.clone(),
                None => {
                    let k = role_key(role);
                    if self.role_keys.len() < 4 * MAX_ROLES {
                        self.role_keys.insert(role.clone(), k.clone());
                    }
                    k
                }
            };
            let entry = roles
                .entry(key)
                .or_insert_with(|| (0, Counts::new(attributes_n, levels_n)));
            entry.0 += 1;
            entry.1.add(&levels);
            if roles.len() > MAX_ROLES {
                self.roles = None;
            }
        }
        self.organization.add(&a.organization);
        if let Some(d) = a.date {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
        }
    }

    /// Record a file that could not be read or resolved.
    pub fn reject(&mut self, file: String, reason: String) {
        self.invalid.push(Invalid {
            file,
            row: None,
            reason,
        });
    }

    /// Fold another tally into this one. The result does not depend on the order of merges.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.respondents += other.respondents;
        self.counts.merge(&other.counts);
        self.roles = match (self.roles, other.roles) {
            (Some(mut mine), Some(theirs)) => {
                for (role, (n, counts)) in theirs {
                    match mine.get_mut(&role) {
                        Some(e) => {
                            e.0 += n;
                            e.1.merge(&counts);
                        }
                        None => {
                            mine.insert(role, (n, counts));
                        }
                    }
                }
                (mine.len() <= MAX_ROLES).then_some(mine)
            }
            _ => None,
        };
        self.organization.merge(&other.organization);
        for d in [other.first_date, other.last_date].into_iter().flatten() {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
        }
        self.invalid.extend(other.invalid);
        self.other_version += other.other_version;
        self.warnings.extend(other.warnings);
        self.repeats_dropped += other.repeats_dropped;
        for (k, n) in other.sources {
            *self.sources.entry(k).or_insert(0) += n;
        }
        self.organizations = match (self.organizations, other.organizations) {
            (Some(mut mine), Some(theirs)) => {
                for (k, n) in theirs {
                    *mine.entry(k).or_insert(0) += n;
                }
                (mine.len() <= MAX_NAMES).then_some(mine)
            }
            _ => None,
        };
        self
    }

    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// Read the combined result off the counters; next steps aim for `target`.
    pub fn finish(mut self, rubric: &Rubric, target: usize) -> Combined {
        // By file, then by row as numbers (row 2 before row 10).
        self.invalid
            .sort_by(|a, b| a.file.cmp(&b.file).then(a.row.cmp(&b.row)));
        self.warnings
            .sort_by(|a, b| a.origin.cmp(&b.origin).then(a.message.cmp(&b.message)));
        let attributes: Vec<AttributeStats> = (0..rubric.attributes.len())
            .map(|i| {
                let counts = self.counts.of(i).to_vec();
                let n: u64 = counts.iter().sum();
                let min = counts.iter().position(|&c| c > 0);
                let max = counts.iter().rposition(|&c| c > 0);
                let by_role = self
                    .roles
                    .iter()
                    .flatten()
                    .filter_map(|(role, (_, c))| Some((role.clone(), lower_median(c.of(i))?)))
                    .collect();
                let total: u64 = counts
                    .iter()
                    .enumerate()
                    .map(|(l, c)| (l as u64 + 1) * c)
                    .sum();
                AttributeStats {
                    n,
                    mean: (n > 0).then(|| total as f64 / n as f64),
                    median: lower_median(&counts),
                    min,
                    max,
                    spread: match (min, max) {
                        (Some(lo), Some(hi)) => Some(hi - lo),
                        _ => None,
                    },
                    counts,
                    by_role,
                }
            })
            .collect();
        let medians: Vec<Option<usize>> = attributes.iter().map(|a| a.median).collect();
        let scorecard = score_levels(rubric, &medians, target);
        let disagreements = attributes
            .iter()
            .enumerate()
            .filter(|(_, a)| a.spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD))
            .map(|(i, _)| i)
            .collect();
        let role_gaps = role_gaps(&attributes);
        let several_organizations = self.organization == Org::Several;
        Combined {
            respondents: self.respondents,
            roles: self
                .roles
                .iter()
                .flatten()
                .map(|(r, (n, _))| (r.clone(), *n))
                .collect(),
            too_many_roles: self.roles.is_none(),
            organization: match self.organization {
                Org::One(o) => o,
                _ => None,
            },
            several_organizations,
            first_date: self.first_date,
            last_date: self.last_date,
            attributes,
            scorecard,
            disagreements,
            role_gaps,
            invalid: self.invalid,
            other_version: self.other_version,
            warnings: self.warnings,
            repeats_dropped: self.repeats_dropped,
            keep: None,
            organizations: self
                .organizations
                .map(|o| o.into_iter().collect())
                .unwrap_or_default(),
            sources: self.sources.into_iter().filter(|(_, n)| *n > 0).collect(),
            invited: None,
        }
    }
}

/// What the combination says about one attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeStats {
    /// Respondents who gave this attribute a level.
    pub n: u64,
    /// The mean level number (1 = the lowest level), beside the median that is the level.
    pub mean: Option<f64>,
    pub median: Option<usize>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// max − min, in levels.
    pub spread: Option<usize>,
    /// Answers per level, lowest level first.
    pub counts: Vec<u64>,
    /// The median per respondent role (roles with at least one answer here).
    pub by_role: BTreeMap<String, usize>,
}

/// Two roles that rate one attribute differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGap {
    pub attribute: usize,
    pub low_role: String,
    pub low: usize,
    pub high_role: String,
    pub high: usize,
}

impl RoleGap {
    pub fn gap(&self) -> usize {
        self.high - self.low
    }
}

/// Per attribute with at least two roles' medians apart: the lowest and the highest role. Largest
/// gap first, then rubric order.
fn role_gaps(attributes: &[AttributeStats]) -> Vec<RoleGap> {
    let mut gaps: Vec<RoleGap> = attributes
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            // The first role (by name) among equals, so the result is deterministic.
            let low = a.by_role.iter().min_by(|x, y| x.1.cmp(y.1))?;
            let high = a
                .by_role
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))?;
            (high.1 > low.1).then(|| RoleGap {
                attribute: i,
                low_role: low.0.clone(),
                low: *low.1,
                high_role: high.0.clone(),
                high: *high.1,
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.gap().cmp(&a.gap()).then(a.attribute.cmp(&b.attribute)));
    gaps
}

/// Several assessments combined.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    pub respondents: u64,
    /// Respondents per role, by role name.
    pub roles: Vec<(String, u64)>,
    /// More than `MAX_ROLES` distinct roles: roles were not compared.
    pub too_many_roles: bool,
    /// The organization, when every file names the same one.
    pub organization: Option<String>,
    pub several_organizations: bool,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Per attribute, in rubric order.
    pub attributes: Vec<AttributeStats>,
    /// Scored from the medians.
    pub scorecard: Scorecard,
    /// Attributes whose spread is at least `DISAGREEMENT_SPREAD`, in rubric order.
    pub disagreements: Vec<usize>,
    pub role_gaps: Vec<RoleGap>,
    /// Files that could not be combined, by file name.
    pub invalid: Vec<Invalid>,
    /// Files answered for another version of the rubric (combined all the same).
    pub other_version: u64,
    /// What reading form exports found worth saying (shown on standard error).
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Submissions left out because the same person submitted again (`--keep`).
    pub repeats_dropped: u64,
    /// Which submission of a person counted (set when form exports were read).
    pub keep: Option<crate::import::collect::Keep>,
    /// Respondents per organization, when the files name more than one (at most `MAX_NAMES`).
    pub organizations: Vec<(String, u64)>,
    /// Respondents per input as named on the command line.
    pub sources: Vec<(String, u64)>,
    /// How many people were asked (`--invited`), for a response rate.
    pub invited: Option<u64>,
}

impl Combined {
    /// The combined result as an assessment (medians as answers), for the parts of a report that
    /// show one.
    pub fn as_assessment(&self, rubric: &Rubric) -> Assessment {
        let mut a = Assessment::empty(rubric);
        a.organization = self.organization.clone();
        a.date = self.last_date;
        a.answers = self
            .attributes
            .iter()
            .map(|s| match s.median {
                Some(l) => crate::assessment::Answer::Level(l),
                None => crate::assessment::Answer::Unsure,
            })
            .collect();
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Answer;

    fn assessment(rubric: &Rubric, role: Option<&str>, levels: &[Option<usize>]) -> Assessment {
        let mut a = Assessment::empty(rubric);
        a.respondent.role = role.map(str::to_string);
        for (i, l) in levels.iter().enumerate() {
            a.answers[i] = l.map_or(Answer::Unsure, Answer::Level);
        }
        a
    }

    #[test]
    fn roles_are_one_role_after_unicode_case_folding_and_normalisation() {
        for (a, b) in [
            ("Marketing", "marketing"),
            (" MARKETING ", "marketing"),
            ("ｍarketing", "marketing"),
            ("Straße", "strasse"),
            ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
            ("product  ops", "product ops"),
        ] {
            assert_eq!(role_key(a), role_key(b), "{a} / {b}");
        }
        assert_ne!(role_key("sales"), role_key("marketing"));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_lower_middle_answer() {
        assert_eq!(lower_median(&[0, 0, 0, 0]), None);
        assert_eq!(lower_median(&[1, 0, 0, 0]), Some(0));
        // Emerging and Fully Optimized: the lower of the two.
        assert_eq!(lower_median(&[0, 1, 0, 1]), Some(1));
        // 1,1,2,3 -> second smallest = 1 (index 0 level value 1).
        assert_eq!(lower_median(&[2, 1, 1, 0]), Some(0));
        // Odd: the middle one.
        assert_eq!(lower_median(&[1, 1, 1, 0]), Some(1));
        assert_eq!(lower_median(&[0, 0, 0, 7]), Some(3));
    }

    #[test]
    fn one_respondent_combines_to_their_own_answers() {
        let r = Rubric::builtin();
        let mut levels = vec![Some(2); 17];
        levels[3] = None;
        levels[5] = Some(0);
        let a = assessment(&r, Some("sales"), &levels);
        let mut t = Tally::new(&r);
        t.add(&a);
        let c = t.finish(&r, 3);
        assert_eq!(c.respondents, 1);
        assert_eq!(c.scorecard, crate::score::score(&r, &a, 3));
        assert!(c.disagreements.is_empty());
        assert!(c.role_gaps.is_empty());
        assert_eq!(c.attributes[3].n, 0);
        assert_eq!(c.attributes[3].median, None);
        assert_eq!(c.attributes[3].spread, None);
        assert_eq!(c.attributes[5].by_role.get("sales"), Some(&0));
    }

    #[test]
    fn spread_of_two_levels_is_a_disagreement_and_roles_gaps_are_named() {
        let r = Rubric::builtin();
        let mut m = vec![Some(2); 17];
        m[1] = Some(3);
        let mut s = vec![Some(2); 17];
        s[1] = Some(1);
        s[2] = Some(1);
        let mut t = Tally::new(&r);
        t.add(&assessment(&r, Some("marketing"), &m));
        t.add(&assessment(&r, Some("sales"), &s));
        let c = t.finish(&r, 3);
        assert_eq!(c.disagreements, vec![1]);
        assert_eq!(c.attributes[1].spread, Some(2));
        assert_eq!(c.attributes[1].counts, vec![0, 1, 0, 1]);
        // Lower median of Emerging and Fully Optimized.
        assert_eq!(c.attributes[1].median, Some(1));
        assert_eq!(c.role_gaps.len(), 2);
        assert_eq!(c.role_gaps[0].attribute, 1);
        assert_eq!(c.role_gaps[0].low_role, "sales");
        assert_eq!(c.role_gaps[0].high_role, "marketing");
        assert_eq!(c.role_gaps[0].gap(), 2);
        assert_eq!(c.role_gaps[1].attribute, 2);
    }

    #[test]
    fn an_attribute_nobody_answered_has_no_median_and_its_section_scores_without_it() {
        let r = Rubric::builtin();
        let mut levels = vec![Some(1); 17];
        levels[0] = None;
        let mut t = Tally::new(&r);
        for _ in 0..3 {
            t.add(&assessment(&r, None, &levels));
        }
        let c = t.finish(&r, 3);
        assert_eq!(c.attributes[0].n, 0);
        assert_eq!(c.attributes[0].counts, vec![0; 4]);
        assert_eq!(c.scorecard.unanswered, vec![0]);
        assert_eq!(c.scorecard.sections[0].answered, 4);
    }

    #[test]
    fn merging_in_any_grouping_gives_the_same_result() {
        let r = Rubric::builtin();
        let people: Vec<Assessment> = (0..9)
            .map(|k| {
                let levels: Vec<Option<usize>> =
                    (0..17).map(|i| Some((i * 7 + k * 3) % 4)).collect();
                let role = ["marketing", "sales", "product"][k % 3];
                assessment(&r, Some(role), &levels)
            })
            .collect();
        let mut one = Tally::new(&r);
        people.iter().for_each(|a| one.add(a));
        let mut left = Tally::new(&r);
        let mut right = Tally::new(&r);
        people[..4].iter().for_each(|a| right.add(a));
        people[4..].iter().for_each(|a| left.add(a));
        assert_eq!(one.finish(&r, 3), left.merge(right).finish(&r, 3));
    }

    #[test]
    fn more_roles_than_the_limit_turns_role_comparison_off_in_any_order() {
        let r = Rubric::builtin();
        let levels = vec![Some(1); 17];
        let roles: Vec<String> = (0..=MAX_ROLES).map(|k| format!("team {k}")).collect();
        let mut one = Tally::new(&r);
        let mut halves = (Tally::new(&r), Tally::new(&r));
        for (k, role) in roles.iter().enumerate() {
            let a = assessment(&r, Some(role), &levels);
            one.add(&a);
            if k % 2 == 0 {
                halves.0.add(&a)
            } else {
                halves.1.add(&a)
            }
        }
        let c = one.finish(&r, 3);
        assert!(c.too_many_roles);
        assert!(c.roles.is_empty());
        assert!(c.attributes[0].by_role.is_empty());
        assert_eq!(c.respondents, MAX_ROLES as u64 + 1);
        assert_eq!(halves.0.merge(halves.1).finish(&r, 3), c);
    }
}
