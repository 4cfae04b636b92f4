//! Persona lint: the common mistakes the persona guidance warns about (guesswork, stagnation,
//! demographics only, no negative personas, no sales alignment), checked on the personas listed.

use super::{Collector, Rule};
use crate::program::{Persona, PersonaKind, PersonaSource, Policy};
use crate::source::Date;

pub fn check(
    personas: &[Persona],
    policy: &Policy,
    at: &crate::program::Locations,
    today: Date,
    c: &mut Collector,
) {
    let program = "personas";
    let has_negative = personas.iter().any(|p| p.kind == PersonaKind::Negative);
    c.check(
        Rule::NoNegativePersona,
        program,
        at.personas,
        (!has_negative).then(|| {
            (
                format!(
                    "{} listed, none of them negative",
                    crate::words::count(personas.len(), "persona", "personas")
                ),
                "Add a negative (exclusionary) persona: who you should not target, with the disqualifiers that rule a lead out (from past leads that did not convert, churned customers and sales' experience).".to_string(),
            )
        }),
    );
    let sales = personas
        .iter()
        .any(|p| p.sources.contains(&PersonaSource::SalesInput));
    c.check(
        Rule::NoSalesInput,
        program,
        at.personas,
        (!sales).then(|| {
            (
                "no persona lists sales-input among its sources".to_string(),
                "Build and review the personas with the sales team, and record it as a `sales-input` source; personas marketing writes alone drift from what sales hears.".to_string(),
            )
        }),
    );

    duplicate_ids(personas, c);
    for p in personas {
        persona(p, c);
        dates(p, policy, today, c);
    }
}

/// A shared id is one finding naming every persona that uses it; one evaluation per distinct
/// id, in file order.
fn duplicate_ids(personas: &[Persona], c: &mut Collector) {
    let mut by_id: Vec<(&str, Vec<&Persona>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in personas {
        match index.get(p.id.as_str()) {
            Some(&k) => by_id[k].1.push(p),
            None => {
                index.insert(&p.id, by_id.len());
                by_id.push((&p.id, vec![p]));
            }
        }
    }
    for (id, same) in &by_id {
        c.check(
            Rule::DuplicatePersonaId,
            *id,
            same[0].line,
            (same.len() > 1).then(|| {
                let lines: Vec<String> = same
                    .iter()
                    .filter_map(|p| p.line.map(|l| l.to_string()))
                    .collect();
                let at = match lines.len() {
                    0 => String::new(),
                    1 => format!(" (line {})", lines[0]),
                    n => format!(
                        " (lines {} and {})",
                        lines[..n - 1].join(", "),
                        lines[n - 1]
                    ),
                };
                (
                    format!("persona id `{id}` is used by {} personas{at}", same.len()),
                    "Give every persona its own id.".to_string(),
                )
            }),
        );
    }
}

/// One persona's owner, sources and depth (or, for a negative persona, its disqualifiers).
fn persona(p: &Persona, c: &mut Collector) {
    let id = p.id.as_str();
    c.check(
        Rule::PersonaWithoutOwner,
        id,
        p.line,
        p.owner.is_none().then(|| {
            (
                format!("persona `{id}` has no owner"),
                "Name an owner who keeps this persona current (`owner:`).".to_string(),
            )
        }),
    );
    let guess = p.is_guesswork();
    c.check(
        Rule::Guesswork,
        id,
        p.line,
        guess.then(|| {
            (
                if p.sources.is_empty() {
                    format!("persona `{id}` lists no sources")
                } else if p.sources.contains(&PersonaSource::SalesInput) {
                    format!("persona `{id}` rests on sales input and internal opinion only: internal stakeholder input, not research")
                } else {
                    format!("persona `{id}` rests on internal opinion only")
                },
                "Validate it with research before relying on it: interviews with customers and lost deals (customer-interviews, non-customer-interviews), surveys, CRM and web analytics; sales input stays valuable beside them.".to_string(),
            )
        }),
    );
    match p.kind {
        PersonaKind::Buyer => {
            let shallow = p.is_demographics_only();
            c.check(
                Rule::DemographicsOnly,
                id,
                p.line,
                shallow.then(|| {
                    (
                        format!("persona `{id}` covers demographics but no goals, drivers, fears, personality, interests or content preferences"),
                        "Go beyond demographics: add goals and priorities, fears and challenges, drivers and motivators.".to_string(),
                    )
                }),
            );
        }
        PersonaKind::Negative => {
            c.check(
                Rule::NegativeWithoutDisqualifiers,
                id,
                p.line,
                p.disqualifiers.is_empty().then(|| {
                    (
                        format!("negative persona `{id}` lists no disqualifiers"),
                        "List the traits that rule a lead out (e.g. company size, required deployment, budget), so ads, email lists and sales qualification can use them.".to_string(),
                    )
                }),
            );
        }
    }
}

/// One persona's `last_updated`: not after today, and within the policy's age.
fn dates(p: &Persona, policy: &Policy, today: Date, c: &mut Collector) {
    let id = p.id.as_str();
    if let Some(updated) = p.last_updated {
        let future = updated > today;
        c.check(
            Rule::FutureDate,
            id,
            p.date_line.or(p.line),
            future.then(|| {
                (
                    format!(
                        "persona `{id}` was last updated {updated}, which is after today ({today})"
                    ),
                    "Correct `last_updated` to the day the persona was last reviewed; until then it counts as never updated.".to_string(),
                )
            }),
        );
        if !future {
            let age = (today.0 - updated.0).num_days();
            c.check(
                Rule::StalePersona,
                id,
                p.date_line.or(p.line),
                (age > i64::from(policy.max_persona_age_days)).then(|| {
                    (
                        format!(
                            "persona `{id}` was last updated {updated}, {age} days ago (the limit is {} days)",
                            policy.max_persona_age_days
                        ),
                        "Review it against fresh research and update `last_updated`; put reviews on a schedule.".to_string(),
                    )
                }),
            );
        }
    }
}
