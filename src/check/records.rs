//! Evidence from the systems of record: the interview log a research team keeps gives
//! Qualitative Interviews its level, and figures measured from a CRM grow stale.
//!
//! The interview rule reads the framework's four level texts over a window of the last 12
//! months, cut into four 3-month periods ending today (the rule in words is [`RULE`], which
//! `explain qualitative-interviews` prints and the README repeats). Pure: the interviews and
//! today's date are passed in.

use super::evidence::{Found, Met};
use super::{Collector, Rule};
use crate::program::{Interview, InterviewKind, Program};
use crate::source::Date;
use chrono::Months;

/// The window the interview rule counts: the last 12 months.
pub const WINDOW_MONTHS: u32 = 12;
/// The window's periods: four of 3 months, the most recent ending today.
pub const PERIOD_MONTHS: u32 = 3;
pub const PERIODS: usize = 4;
const _: () = assert!(PERIOD_MONTHS * PERIODS as u32 == WINDOW_MONTHS);

/// The interview counting rule, as `explain qualitative-interviews` prints it and the README
/// states it.
pub const RULE: &str = "\
From an interview log (`evidence interviews LOG`, or a program's `evidence: { interviews: PATH }`). \
The window is the 12 months up to today: interviews dated after the same day 12 months earlier \
and on or before today (interviews after today are not counted yet). The window is cut into four \
3-month periods, the most recent ending today, each starting the day after the one before it \
ends. Customers are `customer` interviews; non-customers are `prospect`, `non-customer`, \
`lost-deal` and `churned`; a buyer interview is either; `partner` and `internal` are neither. \
Experimenting: only internal stakeholders or existing content (no buyer interview in the \
window). Emerging, \"small number of qualitative interviews conducted primarily with clients\": \
at least one buyer interview in the window. Advancing, \"a regular cadence ... with both \
customers & non-customers\": Emerging, and in the window at least one customer and one \
non-customer interview, a buyer interview in every one of the four periods, and internal \
interviews under half of all interviews in the window (exactly half is the \"heavy reliance on \
internal employee interviews\" of Emerging). Fully Optimized: Advancing, and every period holds a \
customer interview and a `lost-deal` or `churned` interview: lost deals and churned customers \
interviewed as routinely as customers. Every entry of the log is taken as persona research.";

/// One period of the window: after `from`, up to and including `to`; interviews by kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    /// Interviews in the period, by kind (in [`InterviewKind::ALL`] order).
    pub by_kind: [u64; 7],
}

impl Period {
    /// Its first day (the day after `from`).
    pub fn first_day(&self) -> Date {
        Date(self.from.0.succ_opt().unwrap_or(self.from.0))
    }

    fn count(&self, want: impl Fn(InterviewKind) -> bool) -> u64 {
        InterviewKind::ALL
            .iter()
            .zip(self.by_kind)
            .filter(|(k, _)| want(**k))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn buyer(&self) -> u64 {
        self.count(InterviewKind::is_buyer_side)
    }

    pub fn customers(&self) -> u64 {
        self.count(|k| k == InterviewKind::Customer)
    }

    pub fn non_customers(&self) -> u64 {
        self.count(InterviewKind::is_non_customer)
    }

    pub fn lost_or_churned(&self) -> u64 {
        self.count(|k| matches!(k, InterviewKind::LostDeal | InterviewKind::Churned))
    }

    pub fn internal(&self) -> u64 {
        self.count(|k| k == InterviewKind::Internal)
    }

    pub fn total(&self) -> u64 {
        self.by_kind.iter().sum()
    }
}

/// An interview log counted against today.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub today: Date,
    /// The four periods, oldest first.
    pub periods: Vec<Period>,
    /// Interviews dated before the window, and after today.
    pub before: u64,
    pub after: u64,
}

fn months_before(d: Date, months: u32) -> Date {
    Date(
        d.0.checked_sub_months(Months::new(months))
            .unwrap_or(chrono::NaiveDate::MIN),
    )
}

impl Tally {
    /// Count `interviews` against `today`.
    pub fn new<'a>(interviews: impl IntoIterator<Item = &'a Interview>, today: Date) -> Tally {
        let mut periods: Vec<Period> = (0..PERIODS)
            .rev()
            .map(|k| Period {
                from: months_before(today, PERIOD_MONTHS * (k as u32 + 1)),
                to: months_before(today, PERIOD_MONTHS * k as u32),
                by_kind: [0; 7],
            })
            .collect();
        let (mut before, mut after) = (0, 0);
        for i in interviews {
            if i.date > today {
                after += 1;
                continue;
            }
            match periods
                .iter_mut()
                .find(|p| i.date > p.from && i.date <= p.to)
            {
                Some(p) => p.by_kind[kind_index(i.kind)] += 1,
                None => before += 1,
            }
        }
        Tally {
            today,
            periods,
            before,
            after,
        }
    }

    /// The window's first excluded day: interviews must be after it.
    pub fn from(&self) -> Date {
        self.periods[0].from
    }

    /// The window as one period.
    pub fn window(&self) -> Period {
        let mut by_kind = [0; 7];
        for p in &self.periods {
            for (k, n) in p.by_kind.iter().enumerate() {
                by_kind[k] += n;
            }
        }
        Period {
            from: self.from(),
            to: self.today,
            by_kind,
        }
    }

    /// The levels met, lowest first.
    pub fn met(&self) -> Met {
        let w = self.window();
        let emerging = w.buyer() > 0;
        let advancing = emerging
            && w.customers() > 0
            && w.non_customers() > 0
            && self.periods.iter().all(|p| p.buyer() > 0)
            && 2 * w.internal() < w.total();
        let fully = advancing
            && self
                .periods
                .iter()
                .all(|p| p.customers() > 0 && p.lost_or_churned() > 0);
        [true, emerging, advancing, fully]
    }

    /// The facts in words.
    pub fn basis(&self) -> String {
        let w = self.window();
        if w.total() == 0 {
            return format!(
                "no interviews in the 12 months to {} (after {}){}",
                self.today,
                self.from(),
                self.outside()
            );
        }
        let regular = self.periods.iter().filter(|p| p.buyer() > 0).count();
        let routine = self
            .periods
            .iter()
            .filter(|p| p.customers() > 0 && p.lost_or_churned() > 0)
            .count();
        format!(
            "{} in the 12 months to {}: {} customer, {} non-customer ({} lost deal or churned), \
             {} internal{}; {regular} of the 4 three-month periods {} a buyer interview, \
             {routine} a customer and a lost-deal or churned one{}",
            crate::words::count(w.total(), "interview", "interviews"),
            self.today,
            w.customers(),
            w.non_customers(),
            w.lost_or_churned(),
            w.internal(),
            match w.count(|k| k == InterviewKind::Partner) {
                0 => String::new(),
                n => format!(", {n} partner"),
            },
            crate::words::pick(regular, "holds", "hold"),
            self.outside()
        )
    }

    /// The interviews outside the window, said when there are any.
    fn outside(&self) -> String {
        let mut parts = Vec::new();
        if self.before > 0 {
            parts.push(format!("{} before the window", self.before));
        }
        if self.after > 0 {
            parts.push(format!("{} after today, not counted yet", self.after));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join(", "))
        }
    }

    /// What the log lacks for `level` (an index of the built-in scale), each in words; empty
    /// when it is met.
    pub fn needs(&self, level: usize) -> Vec<String> {
        let w = self.window();
        let mut needs = Vec::new();
        if level >= 1 && w.buyer() == 0 {
            needs.push("a customer or non-customer interview in the window".to_string());
        }
        if level >= 2 {
            if w.customers() == 0 && w.buyer() > 0 {
                needs.push("a customer interview".to_string());
            }
            if w.non_customers() == 0 {
                needs.push(
                    "a non-customer interview (prospect, non-customer, lost deal or churned)"
                        .to_string(),
                );
            }
            let quiet: Vec<String> = self
                .periods
                .iter()
                .filter(|p| p.buyer() == 0)
                .map(span)
                .collect();
            if !quiet.is_empty() {
                needs.push(format!(
                    "a customer or non-customer interview in {}",
                    quiet.join(", ")
                ));
            }
            if 2 * w.internal() >= w.total() && w.total() > 0 {
                // Internal under half: more buyer interviews than internal ones.
                let more = w.internal() - (w.total() - w.internal()) + 1;
                needs.push(format!(
                    "internal interviews under half: {} of {} are internal ({} more external \
                     {} would do it)",
                    w.internal(),
                    w.total(),
                    more,
                    crate::words::pick(more, "interview", "interviews")
                ));
            }
        }
        if level >= 3 {
            for p in &self.periods {
                let mut missing = Vec::new();
                if p.customers() == 0 {
                    missing.push("a customer");
                }
                if p.lost_or_churned() == 0 {
                    missing.push("a lost-deal or churned");
                }
                if !missing.is_empty() && needs.len() < 8 {
                    needs.push(format!(
                        "{} interview in {}",
                        missing.join(" and "),
                        span(p)
                    ));
                }
            }
        }
        needs
    }
}

/// A period as a reader names it: "2026-05-23 to 2026-08-22".
pub fn span(p: &Period) -> String {
    format!("{} to {}", p.first_day(), p.to)
}

fn kind_index(k: InterviewKind) -> usize {
    InterviewKind::ALL
        .iter()
        .position(|x| *x == k)
        .unwrap_or_default()
}

/// Qualitative Interviews from the log: measured, not a ceiling.
pub fn qualitative_interviews(interviews: &[Interview], today: Date) -> Found {
    let t = Tally::new(interviews, today);
    Found::new(t.met(), format!("interview log: {}", t.basis()), false)
}

/// What the log must show for `level` (built-in scale), for `plan` and a remediation.
pub fn requirement(level: usize) -> Option<&'static str> {
    Some(match level {
        1 => {
            "the interview log (evidence: interviews) holds a customer or non-customer \
             interview in the last 12 months"
        }
        2 => {
            "the interview log holds, in the last 12 months, customer and non-customer \
             interviews, a customer or non-customer interview in each of the four 3-month \
             periods, and fewer than half of its interviews internal"
        }
        3 => {
            "the interview log shows Advancing's cadence, and every 3-month period of the \
             last 12 months holds a customer interview and a lost-deal or churned interview"
        }
        _ => return None,
    })
}

/// Fewest mapped of `records` that reach `pct` percent: at least (`strict` false) or more than
/// (`strict` true).
pub fn fewest(records: u64, pct: u64, strict: bool) -> u64 {
    let (r, p) = (u128::from(records), u128::from(pct));
    let n = if strict {
        r * p / 100 + 1
    } else {
        (r * p).div_ceil(100)
    };
    n.min(u128::from(u64::MAX)) as u64
}

/// The records still to map on each side (`(records, mapped)` of customers and of prospects) for
/// Database Completeness at `level` (built-in scale), exactly, in words; empty when it is met.
pub fn to_reach(c: (u64, u64), p: (u64, u64), level: usize) -> Vec<String> {
    use crate::words::{pick, thousands};
    let side = |name: &str, one: &str, (records, mapped): (u64, u64), pct: u64| {
        if records == 0 {
            return Some(format!(
                "the database has no {name}: {pct}% of {name} cannot be mapped"
            ));
        }
        let want = fewest(records, pct, false);
        (want > mapped).then(|| {
            format!(
                "{} more {} with a persona ({pct}%: {} of {})",
                thousands(want - mapped),
                pick(want - mapped, one, name),
                thousands(want),
                thousands(records)
            )
        })
    };
    // Emerging and Advancing read the database as one: customers and prospects together.
    let whole = |pct: u64, strict: bool| {
        let (records, mapped) = (c.0 + p.0, c.1 + p.1);
        if records == 0 {
            return Some("the database has no records".to_string());
        }
        let want = fewest(records, pct, strict);
        (want > mapped).then(|| {
            format!(
                "{} more {} with a persona, customers or prospects ({}{pct}% of the whole \
                 database: {} of {})",
                thousands(want - mapped),
                pick(want - mapped, "record", "records"),
                if strict { "more than " } else { "" },
                thousands(want),
                thousands(records)
            )
        })
    };
    let needs = match level {
        1 => vec![whole(10, true)],
        2 => vec![whole(50, false)],
        3 => vec![
            side("customers", "customer", c, 90),
            side("prospects", "prospect", p, 50),
        ],
        _ => vec![],
    };
    needs.into_iter().flatten().collect()
}

/// `stale-evidence`: database figures measured longer ago than `policy.max_evidence_age_days`.
pub fn stale(program: &Program, today: Date, c: &mut Collector) {
    let Some(measured) = program.database.and_then(|d| d.measured) else {
        return;
    };
    let max = program.policy.max_evidence_age_days;
    let age = (today.0 - measured.on.0).num_days();
    let problem = (age > i64::from(max)).then(|| {
        (
            format!(
                "the database figures were measured {} ({age} days before {today}); evidence \
                 older than {max} days is stale",
                measured.on
            ),
            format!(
                "Measure again from a fresh export: persona-maturity evidence crm EXPORT --update \
                 FILE{}; or change policy.max_evidence_age_days.",
                match measured.source {
                    Some(s) => format!(" (last time, {})", s.described()),
                    None => String::new(),
                }
            ),
        )
    });
    let line = program.locations.measured_on.or(program.locations.database);
    c.check(Rule::StaleEvidence, "database", line, problem);
}

#[cfg(test)]
mod tests {
    use super::*;
    use InterviewKind::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn log(entries: &[(&str, InterviewKind)]) -> Vec<Interview> {
        entries
            .iter()
            .map(|(d, k)| Interview {
                date: date(d),
                kind: *k,
                persona: None,
            })
            .collect()
    }

    fn level(entries: &[(&str, InterviewKind)], today: &str) -> usize {
        super::super::evidence::highest(&Tally::new(&log(entries), date(today)).met())
    }

    const TODAY: &str = "2026-11-22";

    /// One interview of `kinds` in each period (mid-period dates).
    fn every_period(kinds: &[InterviewKind]) -> Vec<(&'static str, InterviewKind)> {
        let mut v = Vec::new();
        for d in ["2026-01-10", "2026-04-10", "2026-07-10", "2026-10-10"] {
            for k in kinds {
                v.push((d, *k));
            }
        }
        v
    }

    #[test]
    fn the_periods_end_today_and_tile_the_window() {
        let t = Tally::new(&[], date(TODAY));
        let spans: Vec<String> = t.periods.iter().map(span).collect();
        assert_eq!(
            spans,
            [
                "2025-11-23 to 2026-02-22",
                "2026-02-23 to 2026-05-22",
                "2026-05-23 to 2026-08-22",
                "2026-08-23 to 2026-11-22"
            ]
        );
    }

    #[test]
    fn the_window_edge_is_counted_on_one_side_only() {
        // Exactly 12 months before today is outside; the day after is inside.
        assert_eq!(level(&[("2025-11-22", Customer)], TODAY), 0);
        assert_eq!(level(&[("2025-11-23", Customer)], TODAY), 1);
        // Today is inside; tomorrow is not counted yet.
        assert_eq!(level(&[("2026-11-22", Customer)], TODAY), 1);
        let t = Tally::new(&log(&[("2026-11-23", Customer)]), date(TODAY));
        assert_eq!((t.after, t.window().total()), (1, 0));
    }

    #[test]
    fn internal_interviews_and_partners_alone_are_experimenting() {
        assert_eq!(level(&[("2026-10-01", Internal)], TODAY), 0);
        assert_eq!(level(&[("2026-10-01", Partner)], TODAY), 0);
        assert_eq!(level(&[], TODAY), 0);
        assert_eq!(level(&[("2026-10-01", LostDeal)], TODAY), 1);
    }

    #[test]
    fn advancing_needs_both_sides_a_buyer_interview_every_period_and_internal_under_half() {
        let both = every_period(&[Customer, Prospect]);
        assert_eq!(level(&both, TODAY), 2);
        // One period without a buyer interview: Emerging.
        let gap: Vec<_> = both
            .iter()
            .copied()
            .filter(|(d, _)| *d != "2026-04-10")
            .collect();
        assert_eq!(level(&gap, TODAY), 1);
        // Customers only: Emerging.
        assert_eq!(level(&every_period(&[Customer]), TODAY), 1);
        // Non-customers and customers, internal exactly half: Emerging; one fewer: Advancing.
        let mut half = both.clone();
        half.extend(std::iter::repeat_n(("2026-10-01", Internal), 8));
        assert_eq!(level(&half, TODAY), 1);
        half.pop();
        assert_eq!(level(&half, TODAY), 2);
    }

    #[test]
    fn fully_optimized_needs_customers_and_lost_deals_or_churn_in_every_period() {
        assert_eq!(level(&every_period(&[Customer, LostDeal]), TODAY), 3);
        assert_eq!(level(&every_period(&[Customer, Churned]), TODAY), 3);
        // A prospect is a non-customer but not a lost deal: Advancing.
        assert_eq!(level(&every_period(&[Customer, Prospect]), TODAY), 2);
        // One period without the lost deal: Advancing.
        let mut v = every_period(&[Customer, Prospect]);
        for d in ["2026-01-10", "2026-04-10", "2026-07-10"] {
            v.push((d, Churned));
        }
        assert_eq!(level(&v, TODAY), 2);
        v.push(("2026-10-10", LostDeal));
        assert_eq!(level(&v, TODAY), 3);
    }

    #[test]
    fn a_period_edge_is_counted_in_the_later_period() {
        // 2026-08-22 ends the third period; 2026-08-23 starts the fourth.
        let t = Tally::new(
            &log(&[("2026-08-22", Customer), ("2026-08-23", Prospect)]),
            date(TODAY),
        );
        assert_eq!(t.periods[2].customers(), 1);
        assert_eq!(t.periods[3].non_customers(), 1);
    }

    #[test]
    fn needs_name_what_is_missing_for_the_next_level() {
        let t = Tally::new(&log(&every_period(&[Customer])), date(TODAY));
        assert_eq!(
            t.needs(2),
            ["a non-customer interview (prospect, non-customer, lost deal or churned)"]
        );
        assert!(t.needs(1).is_empty());
        let t = Tally::new(&log(&[("2026-10-01", Internal)]), date(TODAY));
        assert_eq!(
            t.needs(1),
            ["a customer or non-customer interview in the window"]
        );
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// Dates a log holds, drawn near every edge the rule has (the window's start, each
        /// period's, today) and anywhere around them.
        fn dates(today: Date) -> impl Strategy<Value = Date> {
            let edge = (0u32..=4, -1i64..=1).prop_map(move |(k, d)| {
                Date(months_before(today, 3 * k).0 + chrono::Duration::days(d))
            });
            let any = (-30i64..420).prop_map(move |d| Date(today.0 - chrono::Duration::days(d)));
            prop_oneof![edge, any]
        }

        fn kinds() -> impl Strategy<Value = InterviewKind> {
            prop::sample::select(InterviewKind::ALL.to_vec())
        }

        /// The rule, written again from the README: which of the four periods a date is in
        /// (0 the oldest), by whole calendar months back from today.
        fn period_of(d: Date, today: Date) -> Option<usize> {
            if d > today {
                return None;
            }
            (0..4u32).find_map(|k| {
                let end = today.0.checked_sub_months(Months::new(3 * k))?;
                let start = today.0.checked_sub_months(Months::new(3 * (k + 1)))?;
                (d.0 > start && d.0 <= end).then_some(3 - k as usize)
            })
        }

        fn oracle(log: &[Interview], today: Date) -> usize {
            let inside: Vec<(usize, InterviewKind)> = log
                .iter()
                .filter_map(|i| period_of(i.date, today).map(|p| (p, i.kind)))
                .collect();
            let is = |k: InterviewKind, names: &[&str]| names.contains(&k.id());
            let buyer = [
                "customer",
                "prospect",
                "non-customer",
                "lost-deal",
                "churned",
            ];
            let non_customer = ["prospect", "non-customer", "lost-deal", "churned"];
            let has = |p: Option<usize>, names: &[&str]| {
                inside
                    .iter()
                    .any(|(q, k)| p.is_none_or(|p| p == *q) && is(*k, names))
            };
            let internal = inside.iter().filter(|(_, k)| is(*k, &["internal"])).count();
            let emerging = has(None, &buyer);
            let advancing = emerging
                && has(None, &["customer"])
                && has(None, &non_customer)
                && (0..4).all(|p| has(Some(p), &buyer))
                && internal * 2 < inside.len();
            let fully = advancing
                && (0..4).all(|p| {
                    has(Some(p), &["customer"]) && has(Some(p), &["lost-deal", "churned"])
                });
            [emerging, advancing, fully].iter().filter(|m| **m).count()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

            /// Whatever the log and the day, the level is the rule's; and the levels build on
            /// the lower ones.
            #[test]
            fn the_level_of_a_log_is_the_rules(
                (today, log) in (0i64..1500)
                    .prop_map(|d| Date(Date::parse("2024-01-31").unwrap().0 + chrono::Duration::days(d)))
                    .prop_flat_map(|today| (Just(today), prop::collection::vec((dates(today), kinds()), 0..40))),
            ) {
                let log: Vec<Interview> = log
                    .into_iter()
                    .map(|(date, kind)| Interview { date, kind, persona: None })
                    .collect();
                let t = Tally::new(&log, today);
                let met = t.met();
                let level = super::super::super::evidence::highest(&met);
                prop_assert_eq!(level, oracle(&log, today));
                for l in 1..4 {
                    prop_assert!(!met[l] || met[l - 1]);
                    prop_assert_eq!(met[l], t.needs(l).is_empty(), "level {} needs {:?}", l, t.needs(l));
                }
                let counted = t.window().total() + t.before + t.after;
                prop_assert_eq!(counted, log.len() as u64);
            }
        }
    }
}
