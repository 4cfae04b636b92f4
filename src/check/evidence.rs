//! Evidence: the level the program file's own facts support, for the attributes where facts
//! exist, compared with the level the self-assessment claims.

use super::{Collector, EvidenceItem, Rule};
use crate::assessment::Assessment;
use crate::program::{BuyingRole, Database, DepthElement, Persona, PersonaKind, Program};
use crate::rubric::Rubric;
use crate::source::Date;
use chrono::Months;

// Level indexes of the built-in framework's scale, which the evidence rules are written for.
const EXPERIMENTING: usize = 0;
const EMERGING: usize = 1;
const ADVANCING: usize = 2;
const FULLY_OPTIMIZED: usize = 3;

/// Number of personas: buying roles covered by buyer personas.
pub fn number_of_personas(personas: &[Persona]) -> (usize, String) {
    let buyers: Vec<&Persona> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .collect();
    let mut roles: Vec<BuyingRole> = buyers
        .iter()
        .filter_map(|p| p.buying_role)
        .filter(|r| *r != BuyingRole::Other)
        .collect();
    roles.sort();
    roles.dedup();
    let level = match roles.len() {
        4 => FULLY_OPTIMIZED,
        2 | 3 => ADVANCING,
        1 if buyers
            .iter()
            .filter(|p| p.buying_role == Some(roles[0]))
            .count()
            >= 2 =>
        {
            EMERGING
        }
        _ => EXPERIMENTING,
    };
    let basis = format!(
        "{} {} of the 4 buying roles{}",
        crate::words::count(buyers.len(), "buyer persona covers", "buyer personas cover"),
        roles.len(),
        if roles.is_empty() {
            String::new()
        } else {
            format!(": {}", roles_list(&roles))
        }
    );
    (level, basis)
}

fn roles_list(roles: &[BuyingRole]) -> String {
    roles
        .iter()
        .map(|r| match r {
            BuyingRole::User => "user",
            BuyingRole::Champion => "champion",
            BuyingRole::EconomicBuyer => "economic-buyer",
            BuyingRole::Influencer => "influencer",
            BuyingRole::Other => "other",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The depth level one persona's `covers` reach.
pub fn persona_depth(p: &Persona) -> usize {
    let n = p.covers.len();
    if n >= 9 {
        FULLY_OPTIMIZED
    } else if n >= 6 {
        ADVANCING
    } else if p.covers.contains(&DepthElement::GoalsPriorities)
        && p.covers.contains(&DepthElement::FearsChallenges)
    {
        EMERGING
    } else {
        EXPERIMENTING
    }
}

/// Depth of personas: the level that at least half of the buyer personas reach.
pub fn depth_of_personas(personas: &[Persona]) -> Option<(usize, String)> {
    let depths: Vec<usize> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .map(persona_depth)
        .collect();
    if depths.is_empty() {
        return None;
    }
    let n = depths.len();
    let level = (0..=FULLY_OPTIMIZED)
        .rev()
        .find(|&l| 2 * depths.iter().filter(|&&d| d >= l).count() >= n)
        .unwrap_or(EXPERIMENTING);
    let reaching = depths.iter().filter(|&&d| d >= level).count();
    Some((
        level,
        format!(
            "{reaching} of {} {} enough of the {} depth elements for this level",
            crate::words::count(n, "buyer persona", "buyer personas"),
            crate::words::pick(reaching, "covers", "cover"),
            DepthElement::COUNT
        ),
    ))
}

/// Database completeness from the mapped percentages.
pub fn database_completeness(d: &Database) -> (usize, String) {
    let (c, p) = (d.customers_mapped_pct, d.prospects_mapped_pct);
    let level = if c >= 90.0 && p >= 50.0 {
        FULLY_OPTIMIZED
    } else if c >= 50.0 && p >= 50.0 {
        ADVANCING
    } else if c > 10.0 || p > 10.0 {
        EMERGING
    } else {
        EXPERIMENTING
    };
    (
        level,
        format!("{c}% of customers and {p}% of prospects mapped to a persona"),
    )
}

/// Frequency of updates from the oldest buyer persona's last update. A date after today is a
/// mistake (`future-date`), not an update: such a persona is left out.
pub fn frequency_of_updates(personas: &[Persona], today: Date) -> Option<(usize, String)> {
    let (oldest, id) = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .filter_map(|p| p.last_updated.map(|d| (d, p.id.as_str())))
        .filter(|(d, _)| *d <= today)
        .min()?;
    let within = |months: u32| {
        oldest
            .0
            .checked_add_months(Months::new(months))
            .is_some_and(|d| d >= today.0)
    };
    let level = if within(6) {
        FULLY_OPTIMIZED
    } else if within(12) {
        ADVANCING
    } else if within(24) {
        EMERGING
    } else {
        EXPERIMENTING
    };
    Some((
        level,
        format!(
            "oldest buyer persona `{id}` last updated {oldest} ({} days before {today})",
            (today.0 - oldest.0).num_days()
        ),
    ))
}

/// What the program file's facts must show for `check` to accept a claim of `level` on an
/// evidence-checked attribute of the built-in framework (`None` for the others): the plan says it
/// beside each such step, so the evidence is built with the step.
pub fn requirement(attribute: &str, level: usize) -> Option<String> {
    let text = match (attribute, level) {
        ("number-of-personas", EMERGING) => {
            "at least two buyer personas with the same buying_role".to_string()
        }
        ("number-of-personas", ADVANCING) => {
            "buyer personas covering 2 of the 4 buying roles (user, champion, economic buyer, \
             influencer)"
                .to_string()
        }
        ("number-of-personas", FULLY_OPTIMIZED) => {
            "buyer personas covering all 4 buying roles (user, champion, economic buyer, \
             influencer)"
                .to_string()
        }
        ("depth-of-personas", EMERGING) => {
            "half the buyer personas' covers include goals-priorities and fears-challenges"
                .to_string()
        }
        ("depth-of-personas", ADVANCING) => format!(
            "half the buyer personas cover 6 of the {} depth elements (covers)",
            DepthElement::COUNT
        ),
        ("depth-of-personas", FULLY_OPTIMIZED) => format!(
            "half the buyer personas cover 9 of the {} depth elements (covers)",
            DepthElement::COUNT
        ),
        ("database-completeness", EMERGING) => {
            "more than 10% of customers or prospects mapped to a persona (database)".to_string()
        }
        ("database-completeness", ADVANCING) => {
            "50% of customers and 50% of prospects mapped to a persona (database)".to_string()
        }
        ("database-completeness", FULLY_OPTIMIZED) => {
            "90% of customers and 50% of prospects mapped to a persona (database)".to_string()
        }
        ("frequency-of-updates", EMERGING) => {
            "every buyer persona's last_updated within 24 months".to_string()
        }
        ("frequency-of-updates", ADVANCING) => {
            "every buyer persona's last_updated within 12 months".to_string()
        }
        ("frequency-of-updates", FULLY_OPTIMIZED) => {
            "every buyer persona's last_updated within 6 months".to_string()
        }
        _ => return None,
    };
    Some(text)
}

/// Every evidence item the file's facts allow, in rubric order. Evidence rules are written for
/// the built-in framework's attribute ids and 4-level scale; a rubric without those ids gets none.
pub fn derive(
    rubric: &Rubric,
    assessment: &Assessment,
    program: &Program,
    today: Date,
) -> Vec<EvidenceItem> {
    if rubric.levels.len() != 4 {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut push = |id: &str, found: Option<(usize, String)>| {
        if let (Some(ai), Some((level, basis))) = (rubric.attribute_index(id), found) {
            items.push(EvidenceItem {
                attribute: ai,
                claimed: assessment.answers[ai].level(),
                evidence: level,
                basis,
            });
        }
    };
    if let Some(personas) = &program.personas {
        push("number-of-personas", Some(number_of_personas(personas)));
        push("depth-of-personas", depth_of_personas(personas));
        push(
            "frequency-of-updates",
            frequency_of_updates(personas, today),
        );
    }
    if let Some(d) = &program.database {
        push("database-completeness", Some(database_completeness(d)));
    }
    items.sort_by_key(|i| i.attribute);
    items
}

/// The edit to the facts that would support a claim of `level`, named exactly: the personas and
/// the `covers` ids to add, the date the oldest personas must be reviewed by, the buying roles
/// missing. `None` where `requirement` already says all there is (database percentages).
pub fn what_to_change(
    attribute: &str,
    level: usize,
    program: &Program,
    today: Date,
) -> Option<String> {
    let personas = program.personas.as_deref()?;
    let buyers: Vec<&Persona> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .collect();
    let code = |s: &str| format!("`{s}`");
    let named = |p: &Persona| match p.line {
        Some(l) => format!("`{}` (line {l})", p.id),
        None => format!("`{}`", p.id),
    };
    match attribute {
        "depth-of-personas" => {
            // Half the buyer personas must reach the level: take the ones closest to it.
            let need = buyers.len().div_ceil(2);
            let reaching = buyers.iter().filter(|p| persona_depth(p) >= level).count();
            let mut short: Vec<&&Persona> =
                buyers.iter().filter(|p| persona_depth(p) < level).collect();
            short.sort_by_key(|p| std::cmp::Reverse(p.covers.len()));
            let adds: Vec<String> = short
                .iter()
                .take(need.saturating_sub(reaching))
                .map(|p| {
                    let missing: Vec<&str> = DepthElement::ALL
                        .iter()
                        .filter(|e| !p.covers.contains(e))
                        .map(|e| e.id())
                        .collect();
                    let wanted = match level {
                        EMERGING => [DepthElement::GoalsPriorities, DepthElement::FearsChallenges]
                            .iter()
                            .filter(|e| !p.covers.contains(e))
                            .map(|e| code(e.id()))
                            .collect::<Vec<_>>()
                            .join(" and "),
                        _ => {
                            let n = (if level == ADVANCING { 6 } else { 9 }) - p.covers.len();
                            format!(
                                "{} of {}",
                                n,
                                missing
                                    .iter()
                                    .map(|m| code(m))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                    };
                    format!("persona {} needs {wanted} in `covers`", named(p))
                })
                .collect();
            (!adds.is_empty()).then(|| adds.join("; "))
        }
        "frequency-of-updates" => {
            let months = match level {
                FULLY_OPTIMIZED => 6,
                ADVANCING => 12,
                EMERGING => 24,
                _ => return None,
            };
            let by = today.0.checked_sub_months(Months::new(months))?;
            let stale: Vec<String> = buyers
                .iter()
                .filter_map(|p| p.last_updated.map(|d| (d, p)))
                .filter(|(d, _)| d.0 < by && *d <= today)
                .map(|(d, p)| format!("{}, last updated {d}", named(p)))
                .collect();
            (!stale.is_empty()).then(|| {
                format!(
                    "review and set last_updated on or after {by}: {}",
                    stale.join("; ")
                )
            })
        }
        "number-of-personas" => {
            let have: Vec<BuyingRole> = buyers.iter().filter_map(|p| p.buying_role).collect();
            let missing: Vec<&str> = [
                (BuyingRole::User, "user"),
                (BuyingRole::Champion, "champion"),
                (BuyingRole::EconomicBuyer, "economic-buyer"),
                (BuyingRole::Influencer, "influencer"),
            ]
            .iter()
            .filter(|(r, _)| !have.contains(r))
            .map(|(_, id)| *id)
            .collect();
            let needed = match level {
                FULLY_OPTIMIZED => 4,
                ADVANCING => 2,
                _ => return None,
            };
            let covered = 4 - missing.len();
            (covered < needed).then(|| {
                format!(
                    "add buyer personas with buying_role {} of: {}",
                    needed - covered,
                    missing.join(", ")
                )
            })
        }
        _ => None,
    }
}

/// `evidence-overclaim` for every claim above its evidence.
pub fn check(
    rubric: &Rubric,
    evidence: &[EvidenceItem],
    program: &Program,
    today: Date,
    c: &mut Collector,
) {
    let at = &program.locations;
    for e in evidence {
        let a = &rubric.attributes[e.attribute];
        let problem = match e.claimed {
            Some(claimed) if claimed > e.evidence => Some((
                format!(
                    "{} is claimed at {}, but the file's facts support {} ({})",
                    a.name, rubric.levels[claimed].name, rubric.levels[e.evidence].name, e.basis
                ),
                match what_to_change(&a.id, claimed, program, today) {
                    Some(change) => format!(
                        "Lower the answer to {}, or support {}: {change}.",
                        rubric.levels[e.evidence].id, rubric.levels[claimed].name,
                    ),
                    None => format!(
                        "Lower the answer to {}, or update the facts that show {} ({}).",
                        rubric.levels[e.evidence].id,
                        rubric.levels[claimed].name,
                        a.descriptions[claimed]
                    ),
                },
            )),
            _ => None,
        };
        let line = at.answer.get(e.attribute).copied().flatten();
        c.check(Rule::EvidenceOverclaim, a.id.clone(), line, problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::PersonaSource;

    fn persona(id: &str, role: Option<BuyingRole>) -> Persona {
        Persona {
            id: id.into(),
            line: None,
            name: None,
            kind: PersonaKind::Buyer,
            buying_role: role,
            owner: None,
            last_updated: None,
            sources: vec![PersonaSource::SalesInput],
            covers: vec![],
            disqualifiers: vec![],
        }
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn number_of_personas_counts_buying_roles() {
        use BuyingRole::*;
        let all: Vec<Persona> = [User, Champion, EconomicBuyer, Influencer]
            .iter()
            .map(|r| persona("p", Some(*r)))
            .collect();
        assert_eq!(number_of_personas(&all).0, FULLY_OPTIMIZED);
        assert_eq!(number_of_personas(&all[..3]).0, ADVANCING);
        assert_eq!(number_of_personas(&all[..2]).0, ADVANCING);
        assert_eq!(number_of_personas(&all[..1]).0, EXPERIMENTING);
        let two_users = vec![persona("a", Some(User)), persona("b", Some(User))];
        assert_eq!(number_of_personas(&two_users).0, EMERGING);
        let other = vec![persona("a", Some(Other)), persona("b", Some(Other))];
        assert_eq!(number_of_personas(&other).0, EXPERIMENTING);
    }

    #[test]
    fn depth_is_the_level_at_least_half_of_the_buyer_personas_reach() {
        use DepthElement::*;
        let mut a = persona("a", None);
        a.covers = vec![
            Demographics,
            BuyingRole,
            BuyingPreferences,
            HobbiesInterests,
            GoalsPriorities,
            DriversMotivators,
            FearsChallenges,
            Associations,
            ContentPreferences,
        ];
        let mut b = persona("b", None);
        b.covers = vec![Demographics, GoalsPriorities, FearsChallenges];
        let mut c = persona("c", None);
        c.covers = vec![Demographics];
        assert_eq!(persona_depth(&a), FULLY_OPTIMIZED); // 9 of 11
        a.covers.pop();
        assert_eq!(persona_depth(&a), ADVANCING); // 8
        assert_eq!(persona_depth(&b), EMERGING);
        assert_eq!(persona_depth(&c), EXPERIMENTING);
        // a: advancing, b: emerging -> half reach advancing.
        assert_eq!(
            depth_of_personas(&[a.clone(), b.clone()]).unwrap().0,
            ADVANCING
        );
        // a, b, c: only 1 of 3 reaches advancing; 2 of 3 reach emerging.
        assert_eq!(depth_of_personas(&[a, b, c]).unwrap().0, EMERGING);
    }

    #[test]
    fn database_completeness_boundaries_are_inclusive_at_90_and_50() {
        let d = |c, p| {
            database_completeness(&Database {
                customers_mapped_pct: c,
                prospects_mapped_pct: p,
            })
            .0
        };
        assert_eq!(d(90.0, 50.0), FULLY_OPTIMIZED);
        assert_eq!(d(89.9, 50.0), ADVANCING);
        assert_eq!(d(90.0, 49.9), EMERGING);
        assert_eq!(d(50.0, 50.0), ADVANCING);
        assert_eq!(d(10.1, 0.0), EMERGING);
        assert_eq!(d(10.0, 10.0), EXPERIMENTING);
    }

    #[test]
    fn frequency_boundaries_are_calendar_months_inclusive() {
        let mut p = persona("p", None);
        let today = date("2026-11-22");
        let at = |p: &mut Persona, s: &str| {
            p.last_updated = Some(date(s));
            frequency_of_updates(std::slice::from_ref(p), today)
                .unwrap()
                .0
        };
        assert_eq!(at(&mut p, "2026-05-22"), FULLY_OPTIMIZED); // exactly 6 months
        assert_eq!(at(&mut p, "2026-05-21"), ADVANCING);
        assert_eq!(at(&mut p, "2025-11-22"), ADVANCING); // exactly 12 months
        assert_eq!(at(&mut p, "2025-11-21"), EMERGING);
        assert_eq!(at(&mut p, "2024-11-22"), EMERGING); // exactly 24 months
        assert_eq!(at(&mut p, "2024-11-21"), EXPERIMENTING);
    }

    #[test]
    fn a_persona_updated_after_today_is_no_evidence_of_updates() {
        let today = date("2026-11-22");
        let mut future = persona("future", None);
        future.last_updated = Some(date("2099-01-01"));
        assert_eq!(
            frequency_of_updates(std::slice::from_ref(&future), today),
            None
        );
        let mut old = persona("old", None);
        old.last_updated = Some(date("2023-01-01"));
        let (level, basis) = frequency_of_updates(&[future, old], today).unwrap();
        assert_eq!(level, EXPERIMENTING);
        assert!(basis.contains("`old`"), "{basis}");
    }
}
