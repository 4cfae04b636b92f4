//! Policy: the team's own bar: minimum levels, completeness, targets with due dates, no
//! regression against a baseline, and waivers that have run out.

use super::{Collector, Input, Rule};
use crate::score::Scorecard;

/// What to raise for a section or the overall score to reach `min`: the answered attributes
/// of `range` below it, lowest first, each with its line and level ("`training` (line 4,
/// Emerging)"), then the unanswered ones (which the score leaves out). At most eight of each.
fn below(input: &Input, sc: &Scorecard, range: std::ops::Range<usize>, min: usize) -> String {
    let r = input.rubric;
    const SHOWN: usize = 8;
    let list = |items: Vec<String>| {
        let more = items.len().saturating_sub(SHOWN);
        let mut shown: Vec<String> = items.into_iter().take(SHOWN).collect();
        if more > 0 {
            shown.push(format!("and {more} more"));
        }
        shown.join(", ")
    };
    let mut low: Vec<(usize, usize)> = range
        .clone()
        .filter_map(|ai| sc.levels[ai].filter(|&l| l < min).map(|l| (l, ai)))
        .collect();
    low.sort();
    let raise = list(
        low.iter()
            .map(|&(l, ai)| {
                let line = input.program.locations.answer.get(ai).copied().flatten();
                let line = line.map(|l| format!("line {l}, ")).unwrap_or_default();
                format!("`{}` ({line}{})", r.attributes[ai].id, r.levels[l].name)
            })
            .collect(),
    );
    let unanswered = list(
        range
            .filter(|&ai| sc.levels[ai].is_none())
            .map(|ai| format!("`{}`", r.attributes[ai].id))
            .collect(),
    );
    match (raise.is_empty(), unanswered.is_empty()) {
        (false, true) => format!("raise {raise} to {}", r.levels[min].name),
        (false, false) => format!(
            "raise {raise} to {}; not answered yet: {unanswered}",
            r.levels[min].name
        ),
        (true, _) => format!("answer {unanswered}"),
    }
}

pub fn check(input: &Input, sc: &Scorecard, c: &mut Collector) {
    minimums(input, sc, c);
    completeness(input, sc, c);
    dates(input, sc, c);
    if let Some(base) = input.baseline {
        regression(input, base, sc, c);
    }
}

/// `below-minimum`: overall, each section and each attribute against `policy.minimum`.
fn minimums(input: &Input, sc: &Scorecard, c: &mut Collector) {
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
                    format!(
                        "Foundation first: {}.",
                        below(input, sc, 0..r.attributes.len(), min)
                    ),
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
            problem.map(|m| {
                (
                    m,
                    format!(
                        "In {name}: {}.",
                        below(input, sc, r.sections[si].attributes.clone(), min)
                    ),
                )
            }),
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
}

/// `incomplete`, with `policy.require_complete`.
fn completeness(input: &Input, sc: &Scorecard, c: &mut Collector) {
    let r = input.rubric;
    let policy = &input.program.policy;
    let at = &input.program.locations;

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
}

/// `overdue-target` and `expired-waiver`: the policy's dates against today.
fn dates(input: &Input, sc: &Scorecard, c: &mut Collector) {
    let r = input.rubric;
    let policy = &input.program.policy;
    let at = &input.program.locations;
    let lvl = |l: usize| r.levels[l].name.as_str();

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
    // Waivers for one rule and subject are one evaluation: expired ones named together, each
    // with its line, so a second expired waiver is never hidden behind the first.
    let mut by_subject: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, w) in policy.waivers.iter().enumerate() {
        let subject = match &w.subject {
            Some(s) => format!("{}:{s}", w.rule.id()),
            None => w.rule.id().to_string(),
        };
        match by_subject.iter_mut().find(|(s, _)| *s == subject) {
            Some((_, ks)) => ks.push(k),
            None => by_subject.push((subject, vec![k])),
        }
    }
    for (subject, ks) in by_subject {
        let expired: Vec<usize> = ks
            .iter()
            .copied()
            .filter(|&k| policy.waivers[k].expires < input.today)
            .collect();
        let line = |k: usize| at.waivers.get(k).copied().flatten();
        let problem = match expired.as_slice() {
            [] => None,
            [k] => {
                let w = &policy.waivers[*k];
                Some(format!(
                    "the waiver for `{}` expired on {} (reason: {})",
                    w.rule.id(),
                    w.expires,
                    w.reason
                ))
            }
            several => Some(format!(
                "{} waivers for `{subject}` expired: {}",
                several.len(),
                several
                    .iter()
                    .map(|&k| {
                        let w = &policy.waivers[k];
                        let on = line(k).map(|l| format!("line {l}, ")).unwrap_or_default();
                        format!("on {} ({on}reason: {})", w.expires, w.reason)
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        };
        c.check(
            Rule::ExpiredWaiver,
            subject,
            expired.first().or(ks.first()).and_then(|&k| line(k)),
            problem.map(|m| {
                (
                    m,
                    "Fix what it waived, or renew the waiver with a new expiry date and reason."
                        .to_string(),
                )
            }),
        );
    }
}

/// `regression` against a baseline: every answer that had a level there and has a lower one now,
/// or none (removed, or turned `unsure`). Lowering an answer to what the file's facts support (as
/// `evidence-overclaim` asks) is a correction, not a regression: such a drop passes. The overall
/// score is compared as if the corrected answers, and the drops a waiver in force silences, had
/// kept their baseline level, so a waived drop never fails the overall comparison on its own.
fn regression(
    input: &Input,
    base: &crate::assessment::Assessment,
    sc: &Scorecard,
    c: &mut Collector,
) {
    let r = input.rubric;
    let at = &input.program.locations;
    let lvl = |l: usize| r.levels[l].name.as_str();
    // The level the facts support, and the lowest they allow (a range, with percentages):
    // lowering an overclaim to any level in it is a correction.
    let supported: Vec<Option<(usize, usize)>> = {
        let mut v = vec![None; r.attributes.len()];
        for e in super::evidence::derive(input) {
            v[e.attribute] = Some((e.evidence, e.lowest.unwrap_or(e.evidence)));
        }
        v
    };
    let waived = |id: &str| {
        input.program.policy.waivers.iter().any(|w| {
            w.rule == Rule::Regression
                && w.expires >= input.today
                && w.subject.as_deref().is_none_or(|s| s == id)
        })
    };
    let before = crate::score::score(r, base, sc.target);
    let mut corrected = input.assessment.clone();
    let mut dropped = Vec::new();
    for (ai, a) in r.attributes.iter().enumerate() {
        let Some(was) = before.levels[ai] else {
            continue;
        };
        let now = sc.levels[ai];
        let problem = match (now, supported[ai]) {
            (Some(now), _) if now >= was => None,
            // The earlier level claimed more than the facts support; the new one does not.
            (Some(now), Some((ev, floor))) if was > ev && now >= floor => {
                corrected.answers[ai] = base.answers[ai];
                None
            }
            (Some(now), Some((ev, _))) if was > ev => Some((
                format!(
                    "{} went down from {} to {}, below the {} the file's facts support",
                    a.name,
                    lvl(was),
                    lvl(now),
                    lvl(ev)
                ),
                format!(
                    "Set it to {} (what the facts support; lowering an overclaim to it is not a \
                     regression), or waive `regression` for `{}` with a reason.",
                    r.levels[ev].id, a.id
                ),
            )),
            (Some(now), _) => Some((
                format!("{} went down from {} to {}", a.name, lvl(was), lvl(now)),
                format!(
                    "Restore the level; if the lower level is the true one, waive `regression` \
                     for `{}` with a reason and an expiry, or check against an updated baseline.",
                    a.id
                ),
            )),
            (None, _) => Some((
                format!(
                    "{} was {} and now has no level ({})",
                    a.name,
                    lvl(was),
                    if input.assessment.answers[ai] == crate::assessment::Answer::Unsure {
                        "not sure"
                    } else {
                        "not answered"
                    }
                ),
                format!(
                    "Answer it again (a removed or `unsure` answer counts as a drop); if no level \
                     is the truth, waive `regression` for `{}` with a reason and an expiry.",
                    a.id
                ),
            )),
        };
        if problem.is_some() {
            if waived(&a.id) {
                corrected.answers[ai] = base.answers[ai];
            } else {
                dropped.push(format!("`{}`", a.id));
            }
        }
        c.check(
            Rule::Regression,
            a.id.clone(),
            at.answer.get(ai).copied().flatten(),
            problem,
        );
    }
    overall_regression(input, &before, &corrected, &dropped, sc, c);
}

/// The overall score against the baseline's, with corrections and waived drops held at their
/// baseline level; its advice names the drops, or else the answers new since the baseline that
/// pull the mean down.
fn overall_regression(
    input: &Input,
    before: &Scorecard,
    corrected: &crate::assessment::Assessment,
    dropped: &[String],
    sc: &Scorecard,
    c: &mut Collector,
) {
    let r = input.rubric;
    let now = crate::score::score(r, corrected, sc.target).overall;
    let (Some(was), Some(now)) = (before.overall, now) else {
        return;
    };
    let advice = if dropped.is_empty() {
        let new: Vec<String> = (0..r.attributes.len())
            .filter(|&ai| before.levels[ai].is_none())
            .filter(|&ai| sc.levels[ai].is_some_and(|l| (l + 1) as f64 + 1e-9 < was.value))
            .map(|ai| format!("`{}`", r.attributes[ai].id))
            .collect();
        if new.is_empty() {
            "No single answer went down; the sections' means did.".to_string()
        } else {
            format!(
                "Answered since the baseline below its overall score: {}; if these levels are \
                 the truth, check against an updated baseline.",
                new.join(", ")
            )
        }
    } else {
        format!("Went down: {}.", dropped.join(", "))
    };
    c.check(
        Rule::Regression,
        "overall",
        input.program.locations.answers,
        (now.value + 1e-9 < was.value).then(|| {
            (
                match sc.overall {
                    Some(o) if (o.value - now.value).abs() > 1e-9 => format!(
                        "the overall score went down from {:.2} to {:.2} (corrections and waived \
                         drops counted at their baseline level; {:.2} as written)",
                        was.value, now.value, o.value
                    ),
                    _ => format!(
                        "the overall score went down from {:.2} to {:.2}",
                        was.value, now.value
                    ),
                },
                advice,
            )
        }),
    );
}
