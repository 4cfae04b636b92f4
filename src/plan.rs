//! A roadmap from where a program stands to a target level: each attribute one level at a time,
//! at most N steps a quarter, never two steps of one attribute in one quarter, and never a step
//! before the steps it rests on.
//!
//! Steps come in rounds of work: a step's round is the level it reaches, except that an
//! attribute whose lower levels describe where programs start rather than a goal (the rubric's
//! `first_target`) takes its steps up to that target in the first round. Within a round, the
//! stages are priorities (an owner, interviews, written personas, sharing and training, use,
//! surveys and data, the database, maintenance), then the largest gap, then rubric order. A
//! step also rests on the attributes the rubric names for it (`rests_on`, each of an earlier
//! stage): it waits until each has reached what it reaches in the step's round (or its own
//! target, when lower); one reached in the same quarter counts. Training follows the interviews
//! and the written personas; writing personas down does not wait for surveys or data. Each
//! quarter takes, in that order (`--order` may ask for another), up to N steps whose
//! prerequisites are met. Where a program file's personas have gone stale, the refresh comes
//! first, alone. Unanswered attributes have no plan and hold nothing back: they are listed, to
//! answer first.

use crate::source::Date;
use chrono::{Datelike, NaiveDate};

/// One step: an attribute from one level to the next (`gap`: levels to the target before it).
pub use crate::score::NextStep as Step;

/// A quarter of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub quarter: u32,
    pub steps: Vec<Step>,
}

impl Quarter {
    /// `2027-Q1`.
    pub fn label(&self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }

    /// The quarter's last day: the steps are due then.
    pub fn due(&self) -> Date {
        let (y, m) = if self.quarter == 4 {
            (self.year + 1, 1)
        } else {
            (self.year, self.quarter * 3 + 1)
        };
        let first_of_next = NaiveDate::from_ymd_opt(y, m, 1).expect("a valid month");
        Date(first_of_next.pred_opt().expect("a day before"))
    }
}

/// The roadmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub target: usize,
    pub per_quarter: usize,
    pub start: Date,
    pub quarters: Vec<Quarter>,
    /// Attributes without an answer: no plan until they are answered.
    pub unanswered: Vec<usize>,
    /// The level each attribute is planned toward (`target` for most; a policy or
    /// `--target ATTRIBUTE=LEVEL` may set others).
    pub targets: Vec<usize>,
    /// Who takes each attribute's steps, when named (`--owner`, or the program's targets).
    pub owners: Vec<Option<String>>,
    /// Planned from a program file: its answers above what its facts support (planned from the
    /// supported level).
    pub lowered: Vec<crate::score::Lowered>,
    /// Planned from a program file: per step (attribute, next level), what the file must show
    /// for it. Empty for a plain answers file, whose reports name no file fields.
    pub in_file: std::collections::BTreeMap<(usize, usize), String>,
}

impl Plan {
    /// Why step `s` starts below the answer, when a program file's facts support less.
    pub fn lowered_for(&self, s: &Step) -> Option<&crate::score::Lowered> {
        self.lowered
            .iter()
            .find(|l| l.attribute == s.attribute && l.supported == s.current)
    }

    /// The owner of attribute `i`'s steps, or "".
    pub fn owner(&self, i: usize) -> &str {
        self.owners.get(i).and_then(|o| o.as_deref()).unwrap_or("")
    }

    /// Whether some attribute is planned toward another level than `target`.
    pub fn varied(&self) -> bool {
        self.targets.iter().any(|&t| t != self.target)
    }
}

impl Plan {
    pub fn steps(&self) -> usize {
        self.quarters.iter().map(|q| q.steps.len()).sum()
    }
}

/// The first day of the quarter after the one `today` is in.
pub fn next_quarter_start(today: Date) -> Date {
    let (y, q) = (today.0.year(), (today.0.month() - 1) / 3 + 1);
    let (y, m) = if q == 4 { (y + 1, 1) } else { (y, q * 3 + 1) };
    Date(NaiveDate::from_ymd_opt(y, m, 1).expect("a valid month"))
}

/// The order steps are taken in within the plan (whichever, a step never comes before the
/// steps it rests on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// What the work depends on (as `score`'s next steps): each level across the stages in
    /// order (ownership, research, written personas, sharing and training, use, maintenance),
    /// the largest gap within a stage.
    #[default]
    Stages,
    /// The largest remaining gap first, then rubric order.
    Gap,
    /// The smallest remaining gap first: what is nearly there, then rubric order.
    QuickWins,
    /// Rubric order: the foundation sections first.
    Rubric,
}

/// What the order of the work rests on, per attribute in rubric order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependencies {
    /// Each attribute's stage, by its position in the order of priority.
    pub stages: Vec<usize>,
    /// The attributes (of earlier stages) each one's steps rest on.
    pub rests_on: Vec<Vec<usize>>,
    /// `waves[i][l]`: the round of work a step of attribute `i` up to level `l` belongs to
    /// (never decreasing in `l`).
    pub waves: Vec<Vec<usize>>,
}

impl Dependencies {
    /// The rubric's: each attribute's stage rank, what it rests on, its rounds.
    pub fn of(rubric: &crate::rubric::Rubric) -> Dependencies {
        Dependencies {
            stages: (0..rubric.attributes.len())
                .map(|i| rubric.stage_rank(i))
                .collect(),
            rests_on: rubric
                .attributes
                .iter()
                .map(|a| a.rests_on.clone())
                .collect(),
            waves: (0..rubric.attributes.len())
                .map(|i| {
                    (0..rubric.levels.len())
                        .map(|l| rubric.wave(i, l))
                        .collect()
                })
                .collect(),
        }
    }

    /// Every attribute in one stage, resting on nothing, each step in the round of its level.
    pub fn flat(attributes: usize, levels: usize) -> Dependencies {
        Dependencies {
            stages: vec![0; attributes],
            rests_on: vec![Vec::new(); attributes],
            waves: vec![(0..levels).collect(); attributes],
        }
    }

    /// The round of attribute `i`'s step up to level `next`.
    pub fn wave(&self, i: usize, next: usize) -> usize {
        self.waves[i].get(next).copied().unwrap_or(next)
    }

    /// The highest level attribute `j` reaches within round `w`.
    pub fn reach(&self, j: usize, w: usize) -> usize {
        (1..self.waves[j].len())
            .rev()
            .find(|&l| self.waves[j][l] <= w)
            .unwrap_or(0)
    }
}

/// Plan `levels` (per attribute, in rubric order; every attribute in one stage) toward `target`,
/// `per_quarter` steps a quarter (at least 1), from the quarter `start` is in.
#[cfg(test)]
pub fn plan(levels: &[Option<usize>], target: usize, per_quarter: usize, start: Date) -> Plan {
    plan_each(
        &Goals {
            levels,
            targets: &vec![target; levels.len()],
            target,
            deps: &Dependencies::flat(levels.len(), target.max(3) + 1),
            first: &[],
        },
        per_quarter,
        start,
        Order::Stages,
    )
}

/// Where a plan starts and where it goes, per attribute in rubric order.
pub struct Goals<'a> {
    /// The levels now (`None`: unanswered).
    pub levels: &'a [Option<usize>],
    /// The level each attribute is planned toward.
    pub targets: &'a [usize],
    /// The one most attributes have, for headings.
    pub target: usize,
    /// Stages, what each attribute rests on, rounds.
    pub deps: &'a Dependencies,
    /// Attributes whose next step comes before any other (a stale program's refresh).
    pub first: &'a [usize],
}

/// Does the step of attribute `i` to level `next` have what it rests on, with the levels `at`:
/// every attribute it rests on at the level it reaches in the step's round, or at its own
/// target if lower? Unanswered attributes hold nothing back.
pub fn ready(g: &Goals, at: &[Option<usize>], i: usize, next: usize) -> bool {
    let w = g.deps.wave(i, next);
    g.deps.rests_on[i]
        .iter()
        .all(|&j| at[j].is_none_or(|l| l >= g.deps.reach(j, w).min(g.targets[j])))
}

/// The same with a target per attribute, and an order.
pub fn plan_each(g: &Goals, per_quarter: usize, start: Date, order: Order) -> Plan {
    let (levels, targets) = (g.levels, g.targets);
    let per_quarter = per_quarter.max(1);
    // Where each attribute stands as the plan goes on.
    let mut at: Vec<Option<usize>> = levels.to_vec();
    let step = |attribute: usize, current: usize| Step {
        attribute,
        current,
        next: current + 1,
        gap: targets[attribute] - current,
        stage: g.deps.stages[attribute],
        wave: g.deps.wave(attribute, current + 1),
    };
    let key = |s: &Step| -> (usize, usize, usize, usize) {
        match order {
            Order::Stages => (s.wave, s.stage, usize::MAX - s.gap, s.attribute),
            Order::Gap => (usize::MAX - s.gap, 0, 0, s.attribute),
            Order::QuickWins => (s.gap, 0, 0, s.attribute),
            Order::Rubric => (0, 0, 0, s.attribute),
        }
    };
    let unanswered = levels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_none())
        .map(|(i, _)| i)
        .collect();
    let (mut year, mut quarter) = (start.0.year(), (start.0.month() - 1) / 3 + 1);
    let mut quarters = Vec::new();
    loop {
        // In the order asked for, of what remains: the first step whose prerequisites are met
        // (with this quarter's steps taken), until the quarter is full.
        let mut steps: Vec<Step> = Vec::new();
        // A quarter that takes a refresh that must come first takes nothing else.
        let mut refresh = false;
        while steps.len() < per_quarter {
            let candidates: Vec<Step> = at
                .iter()
                .enumerate()
                .filter_map(|(i, l)| l.map(|l| (i, l)))
                .filter(|&(i, l)| l < targets[i] && !steps.iter().any(|s| s.attribute == i))
                .map(|(i, l)| step(i, l))
                .filter(|s| ready(g, &at, s.attribute, s.next))
                .collect();
            // The refresh steps not taken yet, while one is ready: only them.
            let pending =
                |s: &Step| g.first.contains(&s.attribute) && at[s.attribute] == levels[s.attribute];
            refresh |= steps.is_empty() && candidates.iter().any(pending);
            let next = candidates
                .into_iter()
                .filter(|s| !refresh || pending(s))
                .min_by_key(key);
            let Some(s) = next else { break };
            at[s.attribute] = Some(s.next);
            steps.push(s);
        }
        // The step that reaches the lowest round in the earliest stage is always ready, so
        // only a finished plan takes no step.
        if steps.is_empty() {
            break;
        }
        steps.sort_by_key(key);
        quarters.push(Quarter {
            year,
            quarter,
            steps,
        });
        if quarter == 4 {
            year += 1;
            quarter = 1;
        } else {
            quarter += 1;
        }
    }
    Plan {
        target: g.target,
        per_quarter,
        start,
        quarters,
        unanswered,
        targets: targets.to_vec(),
        owners: vec![None; levels.len()],
        lowered: Vec::new(),
        in_file: std::collections::BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn quarters_are_labelled_and_due_on_their_last_day() {
        let q = |year, quarter| Quarter {
            year,
            quarter,
            steps: vec![],
        };
        assert_eq!(q(2027, 1).label(), "2027-Q1");
        assert_eq!(q(2027, 1).due(), d("2027-03-31"));
        assert_eq!(q(2028, 1).due(), d("2028-03-31"));
        assert_eq!(q(2027, 2).due(), d("2027-06-30"));
        assert_eq!(q(2027, 4).due(), d("2027-12-31"));
        assert_eq!(next_quarter_start(d("2026-11-23")), d("2027-01-01"));
        assert_eq!(next_quarter_start(d("2026-01-01")), d("2026-04-01"));
    }

    #[test]
    fn the_largest_gap_goes_first_and_every_quarter_until_it_is_closed() {
        // Target 3 (fully optimized): attribute 2 is 3 levels away, 0 is 1 away, 1 is at it.
        let p = plan(&[Some(2), Some(3), Some(0), None], 3, 2, d("2027-01-15"));
        let q: Vec<Vec<(usize, usize)>> = p
            .quarters
            .iter()
            .map(|q| q.steps.iter().map(|s| (s.attribute, s.next)).collect())
            .collect();
        assert_eq!(q, vec![vec![(2, 1), (0, 3)], vec![(2, 2)], vec![(2, 3)]]);
        assert_eq!(p.quarters[0].label(), "2027-Q1");
        assert_eq!(p.quarters[2].label(), "2027-Q3");
        assert_eq!(p.unanswered, vec![3]);
    }

    proptest! {
        #[test]
        fn no_step_is_planned_before_what_it_rests_on_and_every_gap_is_closed(
            attributes in proptest::collection::vec(
                (
                    proptest::option::of(0usize..4),
                    0usize..4,
                    0usize..8,
                    proptest::collection::vec(0usize..24, 0..4),
                    proptest::option::of(1usize..4),
                ),
                1..24,
            ),
            per_quarter in 1usize..5,
            order in prop_oneof![
                Just(Order::Stages),
                Just(Order::Gap),
                Just(Order::QuickWins),
                Just(Order::Rubric)
            ],
            first in proptest::collection::vec(0usize..24, 0..3),
        ) {
            let n = attributes.len();
            let levels: Vec<Option<usize>> = attributes.iter().map(|a| a.0).collect();
            let targets: Vec<usize> = attributes.iter().map(|a| a.1).collect();
            let stages: Vec<usize> = attributes.iter().map(|a| a.2).collect();
            // What each rests on: attributes of earlier stages only, as the rubric's validation
            // requires.
            let rests_on: Vec<Vec<usize>> = attributes
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let mut on: Vec<usize> = a.3.iter().map(|j| j % n)
                        .filter(|&j| stages[j] < stages[i]).collect();
                    on.sort();
                    on.dedup();
                    on
                })
                .collect();
            // Rounds: a first target puts the steps up to it in round 1.
            let waves: Vec<Vec<usize>> = attributes
                .iter()
                .map(|a| (0..4).map(|l| match a.4 { Some(t) if l <= t => l.min(1), _ => l }).collect())
                .collect();
            let deps = Dependencies { stages: stages.clone(), rests_on: rests_on.clone(), waves };
            let first: Vec<usize> = first.iter().map(|j| j % n).collect();
            let g = Goals { levels: &levels, targets: &targets, target: 3, deps: &deps, first: &first };
            let p = plan_each(&g, per_quarter, d("2027-01-01"), order);
            let mut at = levels.clone();
            for (k, q) in p.quarters.iter().enumerate() {
                prop_assert!(!q.steps.is_empty() && q.steps.len() <= per_quarter);
                for s in &q.steps {
                    prop_assert_eq!(at[s.attribute], Some(s.current));
                    at[s.attribute] = Some(s.next);
                }
                // By the quarter's end, every attribute a step rests on is at what it reaches
                // in the step's round (or at its own target, if lower).
                for s in &q.steps {
                    let w = deps.wave(s.attribute, s.next);
                    for &j in &rests_on[s.attribute] {
                        if let Some(l) = at[j] {
                            prop_assert!(
                                l >= deps.reach(j, w).min(targets[j]),
                                "{} to {} before {} reaches it", s.attribute, s.next, j
                            );
                        }
                    }
                }
                // A refresh that comes first, when it can be taken at the start, is alone in the
                // first quarter.
                let refresh_ready = first.iter().any(|&i| {
                    levels[i].is_some_and(|l| l < targets[i] && ready(&g, &levels, i, l + 1))
                });
                if k == 0 && refresh_ready {
                    prop_assert!(q.steps.iter().all(|s| first.contains(&s.attribute)));
                    prop_assert!(q.steps.iter().any(|s| first.contains(&s.attribute)));
                }
            }
            for (i, l) in at.iter().enumerate() {
                if let Some(l) = l {
                    prop_assert_eq!(*l, levels[i].unwrap().max(targets[i]));
                }
            }
        }

        #[test]
        fn every_gap_is_planned_one_level_at_a_time_within_the_quarterly_limit(
            levels in proptest::collection::vec(proptest::option::of(0usize..4), 1..30),
            target in 0usize..4,
            per_quarter in 1usize..6,
            day in 0u32..2000,
        ) {
            let start = Date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(day)));
            let p = plan(&levels, target, per_quarter, start);
            let gaps: usize = levels.iter().flatten().map(|&l| target.saturating_sub(l)).sum();
            prop_assert_eq!(p.steps(), gaps);
            let mut at: Vec<Option<usize>> = levels.clone();
            let mut due_before = None;
            for q in &p.quarters {
                prop_assert!(!q.steps.is_empty() && q.steps.len() <= per_quarter);
                prop_assert!(due_before.is_none_or(|d| d < q.due()), "quarters in order");
                due_before = Some(q.due());
                let mut seen = std::collections::HashSet::new();
                for s in &q.steps {
                    prop_assert!(seen.insert(s.attribute), "two steps of one attribute in a quarter");
                    prop_assert_eq!(at[s.attribute], Some(s.current), "from where it stands");
                    prop_assert_eq!(s.next, s.current + 1, "one level at a time");
                    at[s.attribute] = Some(s.next);
                }
                // Within a quarter, in next-step order: the larger gap first, then rubric order.
                for w in q.steps.windows(2) {
                    prop_assert_eq!(w[0].gap, target - w[0].current);
                    prop_assert!(
                        (std::cmp::Reverse(w[0].gap), w[0].attribute)
                            < (std::cmp::Reverse(w[1].gap), w[1].attribute)
                    );
                }
            }
            for (i, l) in at.iter().enumerate() {
                if let Some(l) = l {
                    prop_assert!(*l >= target || levels[i].is_none(), "every gap closed");
                }
            }
            prop_assert!(p.quarters.first().is_none_or(|q| q.due() >= start));
        }
    }
}
