//! Policy: the team's own bar: minimum levels, completeness, targets with due dates, no
//! regression against a baseline, and waivers that have run out.

use super::{Collector, Input, Rule};
use crate::score::Scorecard;

pub fn check(input: &Input, sc: &Scorecard, c: &mut Collector) {
    let r = input.rubric;
    let policy = &input.program.policy;
    let at = &input.program.locations;
    let lvl = |l: usize| r.levels[l].name.as_str();

    if let Some(min) = policy.minimum_overall {
        let problem = match sc.overall {
            Some(o) if o.level >= min => None,
            Some(o) => Some(format!(
                "overall level is {} ({:.2}); the minimum is {}",
                lvl(o.level),
                o.value,
                lvl(min)
            )),
            None => Some(format!(
                "no overall score (nothing answered); the minimum is {}",
                lvl(min)
            )),
        };
        c.check(
            Rule::BelowMinimum,
            "overall",
            at.minimum_overall,
            problem.map(|m| {
                (
                    m,
                    "Work through the next steps, foundation first.".to_string(),
                )
            }),
        );
    }
    for &(si, min) in &policy.minimum_sections {
        let s = &sc.sections[si];
        let name = &r.sections[si].name;
        let problem = match s.score {
            Some(x) if x.level >= min => None,
            Some(x) => Some(format!(
                "{name} is {} ({:.2}); the minimum is {}",
                lvl(x.level),
                x.value,
                lvl(min)
            )),
            None => Some(format!(
                "{name} has no score (nothing answered); the minimum is {}",
                lvl(min)
            )),
        };
        c.check(
            Rule::BelowMinimum,
            r.sections[si].id.clone(),
            at.minimum_sections.get(si).copied().flatten(),
            problem.map(|m| (m, format!("Raise the lowest attributes in {name}; see `persona-maturity score` for next steps."))),
        );
    }
    for &(ai, min) in &policy.minimum_attributes {
        let a = &r.attributes[ai];
        let problem = match sc.levels[ai] {
            Some(l) if l >= min => None,
            Some(l) => Some(format!(
                "{} is {}; the minimum is {}",
                a.name,
                lvl(l),
                lvl(min)
            )),
            None => Some(format!(
                "{} is not answered; the minimum is {}",
                a.name,
                lvl(min)
            )),
        };
        c.check(
            Rule::BelowMinimum,
            a.id.clone(),
            at.minimum_attributes.get(ai).copied().flatten(),
            problem.map(|m| (m, format!("Reach {}: {}", lvl(min), a.descriptions[min]))),
        );
    }
    if policy.require_complete {
        let missing: Vec<&str> = sc
            .unanswered
            .iter()
            .map(|&i| r.attributes[i].id.as_str())
            .collect();
        c.check(
            Rule::Incomplete,
            "answers",
            at.answers,
            (!missing.is_empty()).then(|| {
                (
                    format!(
                        "{} of {} attributes {} unanswered: {}",
                        missing.len(),
                        sc.total,
                        crate::words::pick(missing.len(), "is", "are"),
                        missing.join(", ")
                    ),
                    "Answer them (`persona-maturity assess --out FILE` resumes where the file stops).".to_string(),
                )
            }),
        );
    }
    for (k, t) in policy.targets.iter().enumerate() {
        let a = &r.attributes[t.attribute];
        if t.due < input.today {
            let current = sc.levels[t.attribute];
            let problem = match current {
                Some(l) if l >= t.level => None,
                _ => Some((
                    format!(
                        "{} was due to reach {} by {}{}; it is {}",
                        a.name,
                        lvl(t.level),
                        t.due,
                        t.owner
                            .as_deref()
                            .map(|o| format!(" (owner: {o})"))
                            .unwrap_or_default(),
                        current.map(lvl).unwrap_or("not answered")
                    ),
                    format!(
                        "Reach {} ({}), or agree a new due date.",
                        lvl(t.level),
                        a.descriptions[t.level]
                    ),
                )),
            };
            let line = at.targets.get(k).copied().flatten();
            c.check(Rule::OverdueTarget, a.id.clone(), line, problem);
        }
    }
    for (k, w) in policy.waivers.iter().enumerate() {
        let subject = match &w.subject {
            Some(s) => format!("{}:{s}", w.rule.id()),
            None => w.rule.id().to_string(),
        };
        c.check(
            Rule::ExpiredWaiver,
            subject,
            at.waivers.get(k).copied().flatten(),
            (w.expires < input.today).then(|| {
                (
                    format!(
                        "the waiver for `{}` expired on {} (reason: {})",
                        w.rule.id(),
                        w.expires,
                        w.reason
                    ),
                    "Fix what it waived, or renew the waiver with a new expiry date and reason."
                        .to_string(),
                )
            }),
        );
    }
    if let Some(base) = input.baseline {
        let before = crate::score::score(r, base, sc.target);
        for (ai, a) in r.attributes.iter().enumerate() {
            if let (Some(was), Some(now)) = (before.levels[ai], sc.levels[ai]) {
                c.check(
                    Rule::Regression,
                    a.id.clone(),
                    at.answer.get(ai).copied().flatten(),
                    (now < was).then(|| {
                        (
                            format!("{} went down from {} to {}", a.name, lvl(was), lvl(now)),
                            "Restore the level, or explain the change in the pull request."
                                .to_string(),
                        )
                    }),
                );
            }
        }
        if let (Some(was), Some(now)) = (before.overall, sc.overall) {
            c.check(
                Rule::Regression,
                "overall",
                at.answers,
                (now.value + 1e-9 < was.value).then(|| {
                    (
                        format!(
                            "the overall score went down from {:.2} to {:.2}",
                            was.value, now.value
                        ),
                        "See which attributes went down above.".to_string(),
                    )
                }),
            );
        }
    }
}
