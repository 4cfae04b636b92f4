//! Evidence: the level the program file's own facts support, for the attributes where facts
//! exist, compared with the level the self-assessment claims.
//!
//! Each rule reads the level texts of the built-in framework, and the levels build on the
//! lower ones: for every attribute the facts are weighed against each level's text separately
//! ([`Met`], lowest first), and a level's reading includes what the levels below it ask for, so
//! meeting a level means meeting every level below it (a property test checks this on
//! generated program files). The evidence is the highest level met. Some facts can only cap a
//! claim, not show it: one `last_updated` date cannot show a cadence, a source listed cannot
//! show how regularly it is used. Those rules give a ceiling ([`Found::ceiling`]): a claim
//! above it is an overclaim, but an unanswered attribute is not told to claim it.

use super::{Collector, EvidenceItem, Rule};
use crate::program::{
    BuyingRole, Database, DepthElement, Persona, PersonaKind, PersonaSource, Program, UpdateHistory,
};
use crate::rubric::Rubric;
use crate::source::Date;
use chrono::Months;

// Level indexes of the built-in framework's scale, which the evidence rules are written for.
const EXPERIMENTING: usize = 0;
const EMERGING: usize = 1;
const ADVANCING: usize = 2;
const FULLY_OPTIMIZED: usize = 3;

/// Whether the facts meet each level's text, lowest first. Experimenting, where every program
/// starts, is always met.
pub type Met = [bool; 4];

/// The highest level met.
pub fn highest(met: &Met) -> usize {
    (0..met.len())
        .rev()
        .find(|&l| met[l])
        .unwrap_or(EXPERIMENTING)
}

/// What a rule found: the levels met, the facts in words, and whether the facts can only cap a
/// claim (a ceiling) rather than show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub met: Met,
    pub basis: String,
    pub ceiling: bool,
}

/// The buying roles that make the decision: the economic buyer, who signs, and the champion,
/// who carries the decision inside the account (the tool's reading of "decision-maker").
fn decides(r: BuyingRole) -> bool {
    matches!(r, BuyingRole::EconomicBuyer | BuyingRole::Champion)
}

/// The buyer personas that count for coverage: with one of the four buying roles, resting on
/// research (not guesswork) and going beyond demographics.
fn counted(personas: &[Persona]) -> Vec<&Persona> {
    personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .filter(|p| p.buying_role.is_some_and(|r| r != BuyingRole::Other))
        .filter(|p| !p.is_guesswork() && !p.is_demographics_only())
        .collect()
}

/// The buying roles counted personas cover, in order.
fn roles_of(personas: &[&Persona]) -> Vec<BuyingRole> {
    let mut roles: Vec<BuyingRole> = personas.iter().filter_map(|p| p.buying_role).collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Number of personas, level by level:
/// - Emerging, "Only decision-maker personas are created": more than the one primary-buyer
///   persona of Experimenting, at least two counted personas, a decision-maker among them.
/// - Advancing, "at least 2 of these groups": two or more of the four roles, a decision-maker
///   and someone beyond the decision-makers (a user or an influencer) among them; decision-makers
///   only is Emerging's "only decision-maker personas".
/// - Fully Optimized: all four roles.
pub fn number_of_personas(personas: &[Persona]) -> Found {
    let counted = counted(personas);
    let roles = roles_of(&counted);
    let a_decider = roles.iter().any(|r| decides(*r));
    let beyond = roles.iter().any(|r| !decides(*r));
    let met = [
        true,
        counted.len() >= 2 && a_decider,
        roles.len() >= 2 && a_decider && beyond,
        roles.len() == 4,
    ];
    let buyers = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .count();
    let left_out = buyers - counted.len();
    let mut basis = format!(
        "{} {} of the 4 buying roles{}",
        crate::words::count(
            counted.len(),
            "counted buyer persona covers",
            "counted buyer personas cover"
        ),
        roles.len(),
        if roles.is_empty() {
            String::new()
        } else {
            format!(": {}", roles_list(&roles))
        }
    );
    if left_out > 0 {
        basis.push_str(&format!(
            "; {} not counted (guesswork, demographics only, or no buying role)",
            crate::words::count(left_out, "buyer persona", "buyer personas")
        ));
    }
    Found {
        met,
        basis,
        ceiling: false,
    }
}

fn roles_list(roles: &[BuyingRole]) -> String {
    roles
        .iter()
        .map(|r| role_id(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_id(r: BuyingRole) -> &'static str {
    match r {
        BuyingRole::User => "user",
        BuyingRole::Champion => "champion",
        BuyingRole::EconomicBuyer => "economic-buyer",
        BuyingRole::Influencer => "influencer",
        BuyingRole::Other => "other",
    }
}

/// The depth elements "Most" of the 11 means (more than half), and "All or most" (at most two
/// missing): Fully Optimized must ask more than Advancing or the two levels would be one.
pub const MOST: usize = 6;
pub const ALL_OR_MOST: usize = 9;

/// The depth levels one persona's `covers` meet:
/// - Emerging, "go beyond demographic information to include organizational goals,
///   priorities and fears": goals-priorities and fears-challenges;
/// - Advancing, "Most of the following": those two and at least 6 of the 11 elements;
/// - Fully Optimized, "All or most of the following": those two and at least 9 of the 11.
///
/// A persona resting on guesswork meets only Experimenting: what it covers is assumed, not
/// found.
pub fn persona_depth(p: &Persona) -> Met {
    let n = p.covers.len();
    let beyond = p.covers.contains(&DepthElement::GoalsPriorities)
        && p.covers.contains(&DepthElement::FearsChallenges);
    let researched = !p.is_guesswork();
    [
        true,
        researched && beyond,
        researched && beyond && n >= MOST,
        researched && beyond && n >= ALL_OR_MOST,
    ]
}

/// Depth of personas: the highest level at least half of the buyer personas meet.
pub fn depth_of_personas(personas: &[Persona]) -> Option<Found> {
    let depths: Vec<Met> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .map(persona_depth)
        .collect();
    if depths.is_empty() {
        return None;
    }
    let n = depths.len();
    let mut met = [true; 4];
    for (l, m) in met.iter_mut().enumerate() {
        *m = 2 * depths.iter().filter(|d| d[l]).count() >= n;
    }
    let at = |l: usize| depths.iter().filter(|d| d[l]).count();
    let guessed = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer && p.is_guesswork())
        .count();
    let mut basis = format!(
        "of {}, {} cover goals, priorities and fears, {} also {MOST} or more of the {} \
         elements, {} also {ALL_OR_MOST} or more; a level needs half",
        crate::words::count(n, "buyer persona", "buyer personas"),
        at(EMERGING),
        at(ADVANCING),
        DepthElement::COUNT,
        at(FULLY_OPTIMIZED),
    );
    if guessed > 0 {
        basis.push_str(&format!(
            "; {} on guesswork, counted at Experimenting",
            crate::words::count(guessed, "persona rests", "personas rest")
        ));
    }
    Some(Found {
        met,
        basis,
        ceiling: false,
    })
}

/// Database completeness:
/// - Emerging, "more than 10% of the database has been mapped": the whole database, customers
///   and prospects together, when both are counted (`records`, `mapped`); with a percentage on
///   either side, the lower of the two percentages, which the whole database's share cannot
///   be below (prospects usually outnumber customers, so the higher one says little);
/// - Advancing, "At least half of the prospect and customer database": customers and
///   prospects each at 50% or more (which puts the whole at 50% or more too);
/// - Fully Optimized: customers at 90% or more and prospects at 50% or more.
pub fn database_completeness(d: &Database) -> Found {
    let (c, p) = (d.customers.pct, d.prospects.pct);
    let whole = d.whole_pct();
    let share = whole.unwrap_or(c.min(p));
    let met = [
        true,
        share > 10.0,
        c >= 50.0 && p >= 50.0,
        c >= 90.0 && p >= 50.0,
    ];
    let side = |name: &str, s: &crate::program::Side| match s.counts {
        Some((records, mapped)) => format!("{mapped} of {records} {name} ({})", pct_text(s.pct)),
        None => format!("{} of {name}", pct_text(s.pct)),
    };
    let mut basis = format!(
        "{} and {} mapped to a persona",
        side("customers", &d.customers),
        side("prospects", &d.prospects)
    );
    match whole {
        Some(w) => basis.push_str(&format!("; {} of the whole database", pct_text(w))),
        // The reading decides only where one side is above 10% and the other is not.
        None if c.min(p) <= 10.0 && c.max(p) > 10.0 => basis.push_str(&format!(
            "; the whole database is read as the lower {} (give record counts to weigh both)",
            pct_text(share)
        )),
        None => {}
    }
    Found {
        met,
        basis,
        ceiling: false,
    }
}

/// A percentage as a report shows it: at most one decimal, "10.1%", "60%".
fn pct_text(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}%")
    } else {
        format!("{r:.1}%")
    }
}

/// The levels Frequency of Updates reads, as the longest time between updates (calendar months):
/// Emerging "every 1 - 2 years", Advancing "at least once a year", Fully Optimized "at least once
/// every 6 months". A gap of exactly the months counts as within them.
const UPDATE_MONTHS: [u32; 3] = [24, 12, 6];

/// Whether `to` is within `months` calendar months of `from`.
fn within(from: Date, to: Date, months: u32) -> bool {
    from.0
        .checked_add_months(Months::new(months))
        .is_some_and(|d| d >= to.0)
}

/// One buyer persona's updates: the dates its `last_updated` moved forward to in the history,
/// up to its date now (an update later reverted is no update), and that date. Two or more
/// dates show a cadence; one shows only how long ago it was.
fn updates_of(p: &Persona, now: Date, today: Date, history: Option<&UpdateHistory>) -> Vec<Date> {
    let mut dates: Vec<Date> = history
        .map(|h| h.of(&p.id))
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|d| *d <= now)
        .chain(std::iter::once(now))
        .filter(|d| *d <= today)
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The longest gap between one persona's updates and from its last one to today: (from, to).
fn longest_gap(dates: &[Date], today: Date) -> (Date, Date) {
    let mut gaps: Vec<(Date, Date)> = dates.windows(2).map(|w| (w[0], w[1])).collect();
    if let Some(last) = dates.last() {
        gaps.push((*last, today));
    }
    gaps.into_iter()
        .max_by_key(|(a, b)| (b.0 - a.0, std::cmp::Reverse(a.0)))
        .unwrap_or((today, today))
}

/// Frequency of updates. Where the program file's git history shows a buyer persona's
/// `last_updated` moving (`check --history`), its cadence is measured: the longest gap between
/// its updates, and since the last one, must be within the level's months, every buyer persona.
/// A persona whose date never moved in the history, or any persona without history, shows only
/// how long ago it was updated: a ceiling, since one date cannot show "systematically … every 6
/// months". A date after today is a mistake (`future-date`), not an update: such a persona is
/// left out.
pub fn frequency_of_updates(
    personas: &[Persona],
    today: Date,
    history: Option<&UpdateHistory>,
) -> Option<Found> {
    // Per buyer persona with a date: its id, its updates, its longest gap.
    let read: Vec<(&str, Vec<Date>, (Date, Date))> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .filter_map(|p| p.last_updated.filter(|d| *d <= today).map(|d| (p, d)))
        .map(|(p, now)| {
            let dates = updates_of(p, now, today, history);
            let gap = longest_gap(&dates, today);
            (p.id.as_str(), dates, gap)
        })
        .collect();
    if read.is_empty() {
        return None;
    }
    let mut met = [true; 4];
    for (k, months) in UPDATE_MONTHS.iter().enumerate() {
        met[k + 1] = read.iter().all(|(_, _, (a, b))| within(*a, *b, *months));
    }
    // The persona whose gap decides: the longest.
    let (id, dates, (from, to)) = read
        .iter()
        .max_by_key(|(_, _, (a, b))| b.0 - a.0)
        .expect("not empty");
    let unmeasured: Vec<&str> = read
        .iter()
        .filter(|(_, d, _)| d.len() < 2)
        .map(|(id, _, _)| *id)
        .collect();
    let days = (to.0 - from.0).num_days();
    let basis = match history {
        None => format!(
            "oldest buyer persona `{id}` last updated {from} ({days} days before {today}); one date \
             shows no cadence (check --history measures it from git)"
        ),
        Some(h) => {
            let mut b = if dates.len() >= 2 && to != &today {
                format!(
                    "in {} of the file, the longest gap between updates: `{id}` {from} to {to} \
                     ({days} days)",
                    crate::words::count(h.versions, "committed version", "committed versions")
                )
            } else {
                format!(
                    "in {} of the file, the longest wait: `{id}` last updated {from}, {days} days \
                     before {today}",
                    crate::words::count(h.versions, "committed version", "committed versions")
                )
            };
            if !unmeasured.is_empty() {
                b.push_str(&format!(
                    "; {} never moved in the history (one date shows no cadence)",
                    unmeasured
                        .iter()
                        .map(|i| format!("`{i}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if h.shallow {
                b.push_str("; a shallow clone: updates before its boundary are not seen");
            }
            b
        }
    };
    Some(Found {
        met,
        basis,
        ceiling: history.is_none() || !unmeasured.is_empty(),
    })
}

/// The sources every persona lists, together (negative personas' research is research too).
fn sources_of(personas: &[Persona]) -> Vec<PersonaSource> {
    let mut all: Vec<PersonaSource> = personas.iter().flat_map(|p| p.sources.clone()).collect();
    all.sort();
    all.dedup();
    all
}

/// The sources a Creating (or refining) attribute's levels need, level by level, as the level
/// texts name them; `None` for an attribute without such a rule. Each level's list includes the
/// lists below it.
pub fn sources_needed(
    attribute: &str,
    level: usize,
) -> Option<&'static [&'static [PersonaSource]]> {
    use PersonaSource::*;
    // Alternatives: a level is met when every source of one of its lists is there.
    const INTERVIEWS_ANY: &[&[PersonaSource]] = &[&[CustomerInterviews], &[NonCustomerInterviews]];
    const INTERVIEWS_BOTH: &[&[PersonaSource]] = &[&[CustomerInterviews, NonCustomerInterviews]];
    const SURVEY: &[&[PersonaSource]] = &[&[Survey]];
    const THIRD_PARTY: &[&[PersonaSource]] = &[&[ThirdPartyData]];
    const CRM_AND_THIRD_PARTY: &[&[PersonaSource]] = &[&[Crm, ThirdPartyData]];
    const INDUSTRY: &[&[PersonaSource]] = &[&[IndustryResearch]];
    if level == EXPERIMENTING || level > FULLY_OPTIMIZED {
        return None;
    }
    Some(match (attribute, level) {
        ("qualitative-interviews", EMERGING) => INTERVIEWS_ANY,
        ("qualitative-interviews", _) => INTERVIEWS_BOTH,
        ("quantitative-survey", _) => SURVEY,
        ("data-analysis" | "use-of-data-to-refine", EMERGING) => THIRD_PARTY,
        ("data-analysis" | "use-of-data-to-refine", _) => CRM_AND_THIRD_PARTY,
        ("industry-research", _) => INDUSTRY,
        _ => return None,
    })
}

/// The attributes whose evidence is the sources the personas list.
pub const SOURCED: [&str; 5] = [
    "qualitative-interviews",
    "quantitative-survey",
    "data-analysis",
    "industry-research",
    "use-of-data-to-refine",
];

/// A Creating attribute (or Use of Data to Refine) from the sources the personas list, as a
/// ceiling: a source shows that the research or data exists, not how regularly it is used.
/// - Qualitative Interviews: Emerging, interviews "primarily with clients": a customer or
///   non-customer interview source; Advancing and up, "both customers & non-customers": both.
/// - Quantitative Survey: Emerging and up: `survey`.
/// - Data Analysis and Use of Data to Refine: Emerging, "company level data is integrated from
///   third parties": `third-party-data`; Advancing and up, "internal CRM data with some external
///   data sources": `crm` and `third-party-data`.
/// - Industry Research: Emerging and up: `industry-research`.
pub fn from_sources(attribute: &str, personas: &[Persona]) -> Option<Found> {
    sources_needed(attribute, EMERGING)?;
    let have = sources_of(personas);
    let meets = |level: usize| {
        sources_needed(attribute, level)
            .is_some_and(|alts| alts.iter().any(|all| all.iter().all(|s| have.contains(s))))
    };
    let met = [
        true,
        meets(EMERGING),
        meets(ADVANCING),
        meets(FULLY_OPTIMIZED),
    ];
    let relevant: Vec<&str> = have
        .iter()
        .filter(|s| {
            (EMERGING..=FULLY_OPTIMIZED).any(|l| {
                sources_needed(attribute, l)
                    .is_some_and(|alts| alts.iter().any(|all| all.contains(s)))
            })
        })
        .map(|s| s.id())
        .collect();
    let basis = if relevant.is_empty() {
        let mut named: Vec<&str> = Vec::new();
        for l in EMERGING..=FULLY_OPTIMIZED {
            for s in sources_needed(attribute, l)
                .into_iter()
                .flatten()
                .flat_map(|all| all.iter())
            {
                if !named.contains(&s.id()) {
                    named.push(s.id());
                }
            }
        }
        format!("no persona lists {}", named.join(" or "))
    } else {
        format!("personas list {}", relevant.join(", "))
    };
    Some(Found {
        met,
        basis,
        ceiling: true,
    })
}

/// What the program file's facts must show for `check` to accept a claim of `level` on an
/// evidence-checked attribute of the built-in framework (`None` for the others): the plan says it
/// beside each such step, so the evidence is built with the step.
pub fn requirement(attribute: &str, level: usize) -> Option<String> {
    if let Some(alts) = sources_needed(attribute, level) {
        let lists: Vec<String> = alts
            .iter()
            .map(|all| all.iter().map(|s| s.id()).collect::<Vec<_>>().join(" and "))
            .collect();
        return Some(format!("personas' sources include {}", lists.join(" or ")));
    }
    let text = match (attribute, level) {
        ("number-of-personas", EMERGING) => "at least two buyer personas from research that go \
             beyond demographics, one of them for a decision-maker (economic-buyer or champion)"
            .to_string(),
        ("number-of-personas", ADVANCING) => {
            "such buyer personas covering 2 of the 4 buying \
             roles, a decision-maker (economic-buyer, champion) and a user or influencer among them"
                .to_string()
        }
        ("number-of-personas", FULLY_OPTIMIZED) => "such buyer personas covering all 4 buying \
             roles (user, champion, economic buyer, influencer)"
            .to_string(),
        ("depth-of-personas", EMERGING) => {
            "half the buyer personas rest on research and cover goals-priorities and \
             fears-challenges"
                .to_string()
        }
        ("depth-of-personas", ADVANCING | FULLY_OPTIMIZED) => {
            format!(
            "half the buyer personas cover {} of the {} depth elements (covers), goals-priorities \
             and fears-challenges among them",
            if level == ADVANCING { MOST } else { ALL_OR_MOST },
            DepthElement::COUNT
        )
        }
        ("database-completeness", EMERGING) => "more than 10% of the whole database mapped to a \
             persona (database: record counts; with percentages only, customers and prospects each \
             above 10%)"
            .to_string(),
        ("database-completeness", ADVANCING) => {
            "50% of customers and 50% of prospects mapped to a persona (database)".to_string()
        }
        ("database-completeness", FULLY_OPTIMIZED) => {
            "90% of customers and 50% of prospects mapped to a persona (database)".to_string()
        }
        ("frequency-of-updates", EMERGING | ADVANCING | FULLY_OPTIMIZED) => format!(
            "every buyer persona's last_updated within {} months",
            match level {
                EMERGING => 24,
                ADVANCING => 12,
                _ => 6,
            }
        ),
        _ => return None,
    };
    Some(text)
}

/// Every evidence item the file's facts allow, in rubric order. Evidence rules are written for
/// the built-in framework's attribute ids and 4-level scale; a rubric without those ids gets none.
pub fn derive(input: &super::Input) -> Vec<EvidenceItem> {
    let (rubric, assessment, program) = (input.rubric, input.assessment, input.program);
    let (today, updates) = (input.today, input.updates);
    if rubric.levels.len() != 4 {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut push = |id: &str, found: Option<Found>| {
        if let (Some(ai), Some(f)) = (rubric.attribute_index(id), found) {
            items.push(EvidenceItem {
                attribute: ai,
                claimed: assessment.answers[ai].level(),
                evidence: highest(&f.met),
                basis: f.basis,
                ceiling: f.ceiling,
            });
        }
    };
    if let Some(personas) = &program.personas {
        push("number-of-personas", Some(number_of_personas(personas)));
        push("depth-of-personas", depth_of_personas(personas));
        push(
            "frequency-of-updates",
            frequency_of_updates(personas, today, updates),
        );
        for id in SOURCED {
            push(id, from_sources(id, personas));
        }
    }
    if let Some(d) = &program.database {
        push("database-completeness", Some(database_completeness(d)));
    }
    items.sort_by_key(|i| i.attribute);
    items
}

/// How a persona is named in a remediation: its id and line.
fn named(p: &Persona) -> String {
    match p.line {
        Some(l) => format!("`{}` (line {l})", p.id),
        None => format!("`{}`", p.id),
    }
}

/// The depth elements persona `p` needs for `level`.
fn depth_change(p: &Persona, level: usize) -> String {
    let code = |s: &str| format!("`{s}`");
    if p.is_guesswork() {
        return format!(
            "persona {} rests on guesswork: ground it in research (its sources)",
            named(p)
        );
    }
    let core: Vec<String> = [DepthElement::GoalsPriorities, DepthElement::FearsChallenges]
        .iter()
        .filter(|e| !p.covers.contains(e))
        .map(|e| code(e.id()))
        .collect();
    let wanted = match level {
        EMERGING => core.join(" and "),
        _ => {
            let total = if level == ADVANCING {
                MOST
            } else {
                ALL_OR_MOST
            };
            let n = total.saturating_sub(p.covers.len()).max(core.len());
            let others: Vec<String> = DepthElement::ALL
                .iter()
                .filter(|e| !p.covers.contains(e))
                .map(|e| code(e.id()))
                .filter(|e| !core.contains(e))
                .collect();
            if core.is_empty() {
                format!("{n} of {}", others.join(", "))
            } else if n == core.len() {
                core.join(" and ")
            } else {
                format!(
                    "{} and {} of {}",
                    core.join(" and "),
                    n - core.len(),
                    others.join(", ")
                )
            }
        }
    };
    format!("persona {} needs {wanted} in `covers`", named(p))
}

/// The edit to the facts that would support a claim of `level`, named exactly: the personas and
/// the `covers` ids to add, the date the oldest personas must be reviewed by, the buying roles
/// missing, the sources to record. `None` where `requirement` already says all there is.
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
    if let Some(alts) = sources_needed(attribute, level) {
        let have = sources_of(personas);
        let missing: Vec<String> = alts
            .iter()
            .map(|all| {
                all.iter()
                    .filter(|s| !have.contains(s))
                    .map(|s| format!("`{}`", s.id()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .filter(|m| !m.is_empty())
            .collect();
        return (!missing.is_empty()).then(|| {
            format!(
                "record {} in the sources of the personas that research informed",
                missing.join(" or ")
            )
        });
    }
    match attribute {
        "depth-of-personas" => {
            // Half the buyer personas must reach the level: take the ones closest to it.
            let need = buyers.len().div_ceil(2);
            let reaching = buyers.iter().filter(|p| persona_depth(p)[level]).count();
            let mut short: Vec<&&Persona> =
                buyers.iter().filter(|p| !persona_depth(p)[level]).collect();
            short.sort_by_key(|p| (p.is_guesswork(), std::cmp::Reverse(p.covers.len())));
            let adds: Vec<String> = short
                .iter()
                .take(need.saturating_sub(reaching))
                .map(|p| depth_change(p, level))
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
        "number-of-personas" => number_change(personas, level),
        _ => None,
    }
}

/// For Number of Personas: the buying roles to add and the personas that do not count.
fn number_change(personas: &[Persona], level: usize) -> Option<String> {
    let counted = counted(personas);
    let have = roles_of(&counted);
    let all = [
        BuyingRole::User,
        BuyingRole::Champion,
        BuyingRole::EconomicBuyer,
        BuyingRole::Influencer,
    ];
    let missing = |want: &dyn Fn(BuyingRole) -> bool| -> Vec<&str> {
        all.iter()
            .filter(|r| want(**r) && !have.contains(r))
            .map(|r| role_id(*r))
            .collect()
    };
    let mut parts = Vec::new();
    let deciders = missing(&decides);
    let others = missing(&|r| !decides(r));
    let a_decider = have.iter().any(|r| decides(*r));
    let beyond = have.iter().any(|r| !decides(*r));
    if level >= EMERGING && !a_decider {
        parts.push(format!(
            "add a buyer persona for a decision-maker (buying_role {})",
            deciders.join(" or ")
        ));
    }
    if level == EMERGING && counted.len() + usize::from(!a_decider) < 2 {
        parts.push("add a second buyer persona from research".to_string());
    }
    if level == ADVANCING && !beyond {
        parts.push(format!(
            "add a buyer persona beyond the decision-makers (buying_role {})",
            others.join(" or ")
        ));
    }
    if level == FULLY_OPTIMIZED {
        let all_missing = missing(&|_| true);
        if !all_missing.is_empty() {
            parts.push(format!(
                "add buyer personas with buying_role {}",
                all_missing.join(", ")
            ));
        }
    }
    let left_out: Vec<String> = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer && (p.is_guesswork() || p.is_demographics_only()))
        .map(|p| {
            format!(
                "{} does not count ({})",
                named(p),
                if p.is_guesswork() {
                    "guesswork: no research among its sources"
                } else {
                    "demographics only"
                }
            )
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.extend(left_out);
    Some(parts.join("; "))
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
        let supports = if e.ceiling {
            "support at most"
        } else {
            "support"
        };
        let problem = match e.claimed {
            Some(claimed) if claimed > e.evidence => Some((
                format!(
                    "{} is claimed at {}, but the file's facts {supports} {} ({})",
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
                        requirement(&a.id, claimed)
                            .unwrap_or_else(|| a.descriptions[claimed].clone())
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
    use crate::program::{PersonaSource, Side};
    use BuyingRole::{Champion, EconomicBuyer, Influencer, Other, User};
    use DepthElement::{
        Associations, Demographics, DriversMotivators, FearsChallenges, GoalsPriorities,
    };

    /// A researched buyer persona beyond demographics, in `role`.
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
            covers: vec![Demographics, GoalsPriorities, FearsChallenges],
            disqualifiers: vec![],
        }
    }

    fn level(f: Found) -> usize {
        highest(&f.met)
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn roles(rs: &[BuyingRole]) -> Vec<Persona> {
        rs.iter().map(|r| persona("p", Some(*r))).collect()
    }

    #[test]
    fn number_of_personas_emerging_needs_two_personas_with_a_decision_maker() {
        // One primary-buyer persona: Experimenting ("covers primary buyer only").
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer]))),
            EXPERIMENTING
        );
        // Two decision-maker personas: Emerging ("only decision-maker personas").
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, EconomicBuyer]))),
            EMERGING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, Champion]))),
            EMERGING
        );
        // Two user personas: no decision-maker, so not Emerging.
        assert_eq!(
            level(number_of_personas(&roles(&[User, User]))),
            EXPERIMENTING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[User, Influencer]))),
            EXPERIMENTING
        );
    }

    #[test]
    fn number_of_personas_advancing_needs_a_group_beyond_the_decision_makers() {
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, User]))),
            ADVANCING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[Champion, Influencer]))),
            ADVANCING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, Champion, User]))),
            ADVANCING
        );
        // Decision-makers only stays Emerging.
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, Champion]))),
            EMERGING
        );
        // All four: Fully Optimized; three: not.
        let all = roles(&[User, Champion, EconomicBuyer, Influencer]);
        assert_eq!(level(number_of_personas(&all)), FULLY_OPTIMIZED);
        assert_eq!(level(number_of_personas(&all[..3])), ADVANCING);
    }

    #[test]
    fn a_guessed_or_demographics_only_persona_does_not_cover_its_role() {
        let mut all = roles(&[User, Champion, EconomicBuyer, Influencer]);
        assert_eq!(level(number_of_personas(&all)), FULLY_OPTIMIZED);
        all[3].sources = vec![PersonaSource::InternalOpinion];
        let f = number_of_personas(&all);
        assert_eq!(level(f.clone()), ADVANCING);
        assert!(
            f.basis.contains("1 buyer persona not counted"),
            "{}",
            f.basis
        );
        all[3].sources = vec![PersonaSource::CustomerInterviews];
        all[3].covers = vec![Demographics, DepthElement::BuyingRole];
        assert_eq!(level(number_of_personas(&all)), ADVANCING);
        all[3].covers = vec![Demographics, DriversMotivators];
        assert_eq!(level(number_of_personas(&all)), FULLY_OPTIMIZED);
        // `other` and negative personas cover no role.
        let mut neg = persona("n", Some(User));
        neg.kind = PersonaKind::Negative;
        let mine = vec![
            persona("a", Some(EconomicBuyer)),
            persona("o", Some(Other)),
            neg,
        ];
        assert_eq!(level(number_of_personas(&mine)), EXPERIMENTING);
    }

    #[test]
    fn depth_emerging_needs_goals_and_fears_and_every_higher_level_builds_on_it() {
        let all: Vec<DepthElement> = DepthElement::ALL.to_vec();
        let mut p = persona("p", None);
        p.covers = all.clone();
        assert_eq!(highest(&persona_depth(&p)), FULLY_OPTIMIZED);
        // 9 of 11 without fears: the "7–9 elements but no goals or fears" case.
        p.covers = all
            .iter()
            .copied()
            .filter(|e| *e != FearsChallenges && *e != Associations)
            .collect();
        assert_eq!(p.covers.len(), 9);
        assert_eq!(highest(&persona_depth(&p)), EXPERIMENTING);
        p.covers.push(FearsChallenges); // 10, with both
        assert_eq!(highest(&persona_depth(&p)), FULLY_OPTIMIZED);
        // With both: 9 is Fully Optimized; 8 and 6 Advancing; 5 and 2 Emerging.
        let with_both = |n: usize| -> Vec<DepthElement> {
            let mut v = vec![GoalsPriorities, FearsChallenges];
            v.extend(
                all.iter()
                    .copied()
                    .filter(|e| *e != GoalsPriorities && *e != FearsChallenges)
                    .take(n - 2),
            );
            v
        };
        for (n, want) in [
            (9, FULLY_OPTIMIZED),
            (8, ADVANCING),
            (6, ADVANCING),
            (5, EMERGING),
            (2, EMERGING),
        ] {
            p.covers = with_both(n);
            assert_eq!(highest(&persona_depth(&p)), want, "{n} elements");
        }
        // Goals without fears: Experimenting.
        p.covers = vec![Demographics, GoalsPriorities];
        assert_eq!(highest(&persona_depth(&p)), EXPERIMENTING);
    }

    #[test]
    fn a_persona_resting_on_internal_opinion_counts_at_experimenting_for_depth() {
        let mut p = persona("p", None);
        p.covers = DepthElement::ALL.to_vec();
        p.sources = vec![PersonaSource::InternalOpinion];
        assert_eq!(highest(&persona_depth(&p)), EXPERIMENTING);
        p.sources = vec![];
        assert_eq!(highest(&persona_depth(&p)), EXPERIMENTING);
        p.sources = vec![PersonaSource::InternalOpinion, PersonaSource::Survey];
        assert_eq!(highest(&persona_depth(&p)), FULLY_OPTIMIZED);
    }

    #[test]
    fn depth_is_the_level_at_least_half_of_the_buyer_personas_reach() {
        let mut a = persona("a", None);
        a.covers = DepthElement::ALL[..9].to_vec(); // goals and fears among the first 9
        let b = persona("b", None); // emerging
        let mut c = persona("c", None);
        c.covers = vec![Demographics];
        assert_eq!(highest(&persona_depth(&a)), FULLY_OPTIMIZED);
        assert_eq!(
            level(depth_of_personas(&[a.clone(), b.clone()]).unwrap()),
            FULLY_OPTIMIZED
        );
        assert_eq!(level(depth_of_personas(&[a, b, c]).unwrap()), EMERGING);
    }

    fn pct(c: f64, p: f64) -> Database {
        Database {
            customers: Side::pct(c),
            prospects: Side::pct(p),
        }
    }

    #[test]
    fn database_completeness_boundaries_are_inclusive_at_90_and_50() {
        let d = |c, p| level(database_completeness(&pct(c, p)));
        assert_eq!(d(90.0, 50.0), FULLY_OPTIMIZED);
        assert_eq!(d(89.9, 50.0), ADVANCING);
        assert_eq!(d(90.0, 49.9), EMERGING);
        assert_eq!(d(50.0, 50.0), ADVANCING);
        assert_eq!(d(49.9, 50.0), EMERGING);
    }

    #[test]
    fn with_percentages_only_the_whole_database_is_read_as_the_lower_share() {
        let d = |c, p| level(database_completeness(&pct(c, p)));
        // 60% of customers and 8% of prospects may be under 10% overall.
        assert_eq!(d(60.0, 8.0), EXPERIMENTING);
        assert_eq!(d(10.1, 10.1), EMERGING);
        assert_eq!(d(10.0, 40.0), EXPERIMENTING);
        assert_eq!(d(40.0, 10.1), EMERGING);
        let f = database_completeness(&pct(60.0, 8.0));
        assert!(f.basis.contains("read as the lower 8%"), "{}", f.basis);
    }

    #[test]
    fn with_record_counts_the_whole_database_decides_more_than_ten_percent() {
        let counted = |cr, cm, pr, pm| Database {
            customers: Side::counted(cr, cm),
            prospects: Side::counted(pr, pm),
        };
        // 600 of 1,000 customers and 800 of 10,000 prospects: 1,400 of 11,000 = 12.7%.
        let f = database_completeness(&counted(1_000, 600, 10_000, 800));
        assert_eq!(level(f.clone()), EMERGING);
        assert!(
            f.basis.contains("12.7% of the whole database"),
            "{}",
            f.basis
        );
        // 600 of 1,000 and 400 of 9,000: 1,000 of 10,000 = exactly 10%: not more than 10%.
        assert_eq!(
            level(database_completeness(&counted(1_000, 600, 9_000, 400))),
            EXPERIMENTING
        );
        assert_eq!(
            level(database_completeness(&counted(1_000, 601, 9_000, 400))),
            EMERGING
        );
        // Advancing still asks each side for half.
        assert_eq!(
            level(database_completeness(&counted(100, 50, 100, 50))),
            ADVANCING
        );
        assert_eq!(
            level(database_completeness(&counted(100, 49, 100, 90))),
            EMERGING
        );
        assert_eq!(
            level(database_completeness(&counted(10, 9, 100, 50))),
            FULLY_OPTIMIZED
        );
        // A side with no records is 0% mapped.
        assert_eq!(
            level(database_completeness(&counted(0, 0, 100, 60))),
            EMERGING
        );
        // One side counted, the other a percentage: the lower share.
        let mixed = Database {
            customers: Side::counted(1_000, 600),
            prospects: Side::pct(8.0),
        };
        assert_eq!(level(database_completeness(&mixed)), EXPERIMENTING);
    }

    #[test]
    fn frequency_from_one_date_is_a_ceiling_with_calendar_month_boundaries() {
        let mut p = persona("p", None);
        let today = date("2026-11-22");
        let at = |p: &mut Persona, s: &str| {
            p.last_updated = Some(date(s));
            let f = frequency_of_updates(std::slice::from_ref(p), today, None).unwrap();
            assert!(f.ceiling);
            level(f)
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
            frequency_of_updates(std::slice::from_ref(&future), today, None),
            None
        );
        let mut old = persona("old", None);
        old.last_updated = Some(date("2023-01-01"));
        let f = frequency_of_updates(&[future, old], today, None).unwrap();
        assert_eq!(level(f.clone()), EXPERIMENTING);
        assert!(f.basis.contains("`old`"), "{}", f.basis);
    }

    fn sourced(sources: &[PersonaSource]) -> Vec<Persona> {
        let mut p = persona("p", Some(User));
        p.sources = sources.to_vec();
        vec![p]
    }

    #[test]
    fn interviews_need_an_interview_source_and_both_kinds_above_emerging() {
        use PersonaSource::*;
        let qi = |s: &[PersonaSource]| {
            let f = from_sources("qualitative-interviews", &sourced(s)).unwrap();
            assert!(f.ceiling);
            level(f)
        };
        assert_eq!(qi(&[SalesInput, Survey]), EXPERIMENTING);
        assert_eq!(qi(&[CustomerInterviews]), EMERGING);
        assert_eq!(qi(&[NonCustomerInterviews]), EMERGING);
        assert_eq!(
            qi(&[CustomerInterviews, NonCustomerInterviews]),
            FULLY_OPTIMIZED
        );
    }

    #[test]
    fn data_needs_third_party_data_and_crm_with_it_above_emerging() {
        use PersonaSource::*;
        for id in ["data-analysis", "use-of-data-to-refine"] {
            let l = |s: &[PersonaSource]| level(from_sources(id, &sourced(s)).unwrap());
            assert_eq!(l(&[Crm]), EXPERIMENTING, "{id}");
            assert_eq!(l(&[ThirdPartyData]), EMERGING, "{id}");
            assert_eq!(l(&[Crm, ThirdPartyData]), FULLY_OPTIMIZED, "{id}");
        }
        let l = |id: &str, s: &[PersonaSource]| level(from_sources(id, &sourced(s)).unwrap());
        assert_eq!(l("quantitative-survey", &[Crm]), EXPERIMENTING);
        assert_eq!(l("quantitative-survey", &[Survey]), FULLY_OPTIMIZED);
        assert_eq!(l("industry-research", &[Survey]), EXPERIMENTING);
        assert_eq!(l("industry-research", &[IndustryResearch]), FULLY_OPTIMIZED);
        assert!(from_sources("training", &sourced(&[Survey])).is_none());
    }

    #[test]
    fn a_negative_personas_research_counts_as_research() {
        use PersonaSource::*;
        let mut neg = persona("n", None);
        neg.kind = PersonaKind::Negative;
        neg.sources = vec![NonCustomerInterviews];
        let mut all = sourced(&[CustomerInterviews]);
        all.push(neg);
        assert_eq!(
            level(from_sources("qualitative-interviews", &all).unwrap()),
            FULLY_OPTIMIZED
        );
    }

    #[test]
    fn the_remediation_names_the_missing_roles_and_the_personas_that_do_not_count() {
        let mut guess = persona("it-ivan", Some(User));
        guess.sources = vec![PersonaSource::InternalOpinion];
        guess.line = Some(30);
        let personas = vec![guess, persona("dee", Some(EconomicBuyer))];
        let program = Program {
            personas: Some(personas),
            ..Program::default()
        };
        let today = date("2026-11-22");
        let change = what_to_change("number-of-personas", ADVANCING, &program, today).unwrap();
        assert!(
            change.contains("buying_role user or influencer"),
            "{change}"
        );
        assert!(
            change.contains("`it-ivan` (line 30) does not count (guesswork"),
            "{change}"
        );
        let change = what_to_change("qualitative-interviews", ADVANCING, &program, today).unwrap();
        assert!(
            change.contains("`customer-interviews` and `non-customer-interviews`"),
            "{change}"
        );
    }

    fn history(dates: &[(&str, &[&str])]) -> UpdateHistory {
        UpdateHistory {
            dates: dates
                .iter()
                .map(|(id, ds)| (id.to_string(), ds.iter().map(|d| date(d)).collect()))
                .collect(),
            versions: 4,
            shallow: false,
        }
    }

    fn dated(id: &str, d: &str) -> Persona {
        let mut p = persona(id, Some(User));
        p.last_updated = Some(date(d));
        p
    }

    #[test]
    fn with_git_history_the_longest_gap_between_updates_decides_both_sides_of_six_months() {
        let today = date("2026-11-22");
        let p = [dated("a", "2026-11-15")];
        // Every six months exactly, then a week ago: measured Fully Optimized.
        let h = history(&[("a", &["2025-11-20", "2026-05-20", "2026-11-15"])]);
        let f = frequency_of_updates(&p, today, Some(&h)).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (FULLY_OPTIMIZED, false));
        // One day more between the first two updates: Advancing, measured.
        let h = history(&[("a", &["2025-11-19", "2026-05-20", "2026-11-15"])]);
        let f = frequency_of_updates(&p, today, Some(&h)).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (ADVANCING, false));
        assert!(
            f.basis.contains("`a` 2025-11-19 to 2026-05-20 (182 days)"),
            "{}",
            f.basis
        );
        // Thirteen months between two updates: Emerging; 25: Experimenting.
        let h = history(&[("a", &["2025-10-14", "2026-11-15"])]);
        assert_eq!(
            level(frequency_of_updates(&p, today, Some(&h)).unwrap()),
            EMERGING
        );
        let h = history(&[("a", &["2024-10-14", "2026-11-15"])]);
        assert_eq!(
            level(frequency_of_updates(&p, today, Some(&h)).unwrap()),
            EXPERIMENTING
        );
    }

    #[test]
    fn a_persona_whose_date_never_moved_or_was_reverted_shows_no_cadence() {
        let today = date("2026-11-22");
        // Never moved: one date, a ceiling, however fresh.
        let p = [dated("a", "2026-11-15")];
        let h = history(&[("a", &["2026-11-15"])]);
        let f = frequency_of_updates(&p, today, Some(&h)).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (FULLY_OPTIMIZED, true));
        assert!(
            f.basis.contains("`a` never moved in the history"),
            "{}",
            f.basis
        );
        // Moved to September, then reverted to January: the reverted update does not count.
        let p = [dated("a", "2026-01-01")];
        let h = history(&[("a", &["2026-01-01", "2026-09-01", "2026-01-01"])]);
        let f = frequency_of_updates(&p, today, Some(&h)).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (ADVANCING, true));
        // Two personas: the slower decides; both measured, so no ceiling.
        let p = [dated("a", "2026-11-15"), dated("b", "2026-08-01")];
        let h = history(&[
            ("a", &["2026-05-20", "2026-11-15"]),
            ("b", &["2025-09-01", "2026-08-01"]),
        ]);
        let f = frequency_of_updates(&p, today, Some(&h)).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (ADVANCING, false));
        // Without history: a ceiling that says how to measure.
        let f = frequency_of_updates(&p, today, None).unwrap();
        assert!(
            f.ceiling && f.basis.contains("check --history"),
            "{}",
            f.basis
        );
    }
}
