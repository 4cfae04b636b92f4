//! A roadmap from where a program stands to a target level: each attribute one level at a time,
//! at most N steps a quarter, never two steps of one attribute in one quarter.
//!
//! The order is `score`'s next steps, worked out again each quarter from what remains: the
//! largest remaining gap first, then rubric order (the foundation sections first). Each quarter
//! takes up to N attributes that still have a step to go, one step each. Unanswered attributes
//! have no plan: they are listed, to answer first.

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
}

impl Plan {
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

/// The order steps are taken in within the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Order {
    /// The largest remaining gap first, then rubric order (as `score`'s next steps).
    #[default]
    Gap,
    /// The smallest remaining gap first: what is nearly there, then rubric order.
    QuickWins,
    /// Rubric order: the foundation sections first.
    Rubric,
}

/// Plan `levels` (per attribute, in rubric order) toward `target`, `per_quarter` steps a quarter
/// (at least 1), from the quarter `start` is in.
#[cfg(test)]
pub fn plan(levels: &[Option<usize>], target: usize, per_quarter: usize, start: Date) -> Plan {
    plan_each(
        levels,
        &vec![target; levels.len()],
        target,
        per_quarter,
        start,
        Order::Gap,
    )
}

/// The same with a target per attribute (`targets`, in rubric order; `target` is the one most
/// attributes have, for headings) and an order.
pub fn plan_each(
    levels: &[Option<usize>],
    targets: &[usize],
    target: usize,
    per_quarter: usize,
    start: Date,
    order: Order,
) -> Plan {
    let per_quarter = per_quarter.max(1);
    // Where each answered attribute below its target stands: (attribute, level).
    let mut now: Vec<(usize, usize)> = levels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.map(|l| (i, l)))
        .filter(|&(i, l)| l < targets[i])
        .collect();
    let step = |&(attribute, current): &(usize, usize)| Step {
        attribute,
        current,
        next: current + 1,
        gap: targets[attribute] - current,
    };
    let key = |e: &(usize, usize)| -> (usize, usize) {
        let s = step(e);
        match order {
            Order::Gap => (usize::MAX - s.gap, s.attribute),
            Order::QuickWins => (s.gap, s.attribute),
            Order::Rubric => (0, s.attribute),
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
    while !now.is_empty() {
        // In the order asked for, of what remains.
        now.sort_by_key(key);
        let mut steps = Vec::new();
        for entry in now.iter_mut().take(per_quarter) {
            steps.push(step(entry));
            entry.1 += 1;
        }
        quarters.push(Quarter {
            year,
            quarter,
            steps,
        });
        now.retain(|&(i, l)| l < targets[i]);
        if quarter == 4 {
            year += 1;
            quarter = 1;
        } else {
            quarter += 1;
        }
    }
    Plan {
        target,
        per_quarter,
        start,
        quarters,
        unanswered,
        targets: targets.to_vec(),
        owners: vec![None; levels.len()],
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
