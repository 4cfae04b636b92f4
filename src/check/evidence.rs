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
    BuyingRole, Database, DepthElement, Measure, Persona, PersonaKind, PersonaSource, Program,
    UpdateHistory,
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
/// claim (a ceiling) rather than show it. Where the facts allow a range of levels (percentages
/// only), `met` holds the highest level they allow and `lowest` the lowest; where the file's
/// facts cannot tell something the level text asks, `note` says so as this tool's reading (a
/// note never lowers a claim).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub met: Met,
    pub basis: String,
    pub ceiling: bool,
    pub lowest: Option<usize>,
    pub note: Option<String>,
}

impl Found {
    /// A reading with no range and no note.
    pub fn new(met: Met, basis: String, ceiling: bool) -> Found {
        Found {
            met,
            basis,
            ceiling,
            lowest: None,
            note: None,
        }
    }
}

/// The buying roles that may make the decision: the economic buyer, who signs, and the
/// champion, who carries the decision inside the account. The framework does not define
/// "decision-maker": this tool reads the champion as one only where that lets a claim stand,
/// never to lower one.
fn may_decide(r: BuyingRole) -> bool {
    matches!(r, BuyingRole::EconomicBuyer | BuyingRole::Champion)
}

/// The buyer personas that count for coverage: with one of the four buying roles, resting on
/// research (not guesswork: internal opinion and sales input alone are internal stakeholder
/// input) and going beyond demographics.
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

/// Number of personas, level by level, by the letter of the framework:
/// - Experimenting, "covers primary buyer only": one persona, or none that counts.
/// - Emerging, "Only decision-maker personas are created": more than the one primary-buyer
///   persona, all in one buying group that may decide (economic buyer or champion).
/// - Advancing, "at least 2 of these groups (user, champion, economic buyer & influencers)":
///   counted personas in two groups or more, whichever two. Whether "most of the customer
///   community" is represented the file cannot tell: a note (this tool's reading) when no
///   persona is for the economic buyer, never a lower level.
/// - Fully Optimized, "user, champion, economic buyer and influencers": all four.
pub fn number_of_personas(personas: &[Persona]) -> Found {
    let counted = counted(personas);
    let roles = roles_of(&counted);
    let groups = roles.len();
    let a_decider = roles.iter().any(|r| may_decide(*r));
    let met = [
        true,
        groups >= 2 || (counted.len() >= 2 && a_decider),
        groups >= 2,
        groups == 4,
    ];
    let buyers = personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .count();
    let left_out = buyers - counted.len();
    let mut basis = format!(
        "{} {} of the 4 buying groups{}",
        crate::words::count(
            counted.len(),
            "counted buyer persona covers",
            "counted buyer personas cover"
        ),
        groups,
        if roles.is_empty() {
            String::new()
        } else {
            format!(": {}", roles_list(&roles))
        }
    );
    if left_out > 0 {
        let buyer = |p: &&Persona| p.kind == PersonaKind::Buyer;
        let guessed = personas
            .iter()
            .filter(buyer)
            .filter(|p| p.is_guesswork())
            .count();
        let shallow = personas
            .iter()
            .filter(buyer)
            .filter(|p| !p.is_guesswork() && p.is_demographics_only())
            .count();
        let why: Vec<String> = [
            (guessed, "on internal stakeholder input only"),
            (shallow, "demographics only"),
            (left_out - guessed - shallow, "no buying group"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        basis.push_str(&format!(
            "; {} not counted ({})",
            crate::words::count(left_out, "buyer persona", "buyer personas"),
            why.join(", ")
        ));
    }
    let mut found = Found::new(met, basis, false);
    found.note = if (2..4).contains(&groups) && !roles.contains(&BuyingRole::EconomicBuyer) {
        Some(
            "Advancing also asks that \"most of the customer community\" is represented, which \
             the file cannot show; no persona is for the economic buyer, the one who signs: \
             that is the gap a consultant would name (this tool's reading)"
                .to_string(),
        )
    } else if groups == 1 && met[EMERGING] && roles == [BuyingRole::Champion] {
        Some(
            "the framework does not define \"decision-maker\"; this tool reads the champion as \
             one (this tool's reading)"
                .to_string(),
        )
    } else {
        None
    };
    found
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
        "of {}, {} goals, priorities and fears, {} also {MOST} or more of the {} elements, {} \
         also {ALL_OR_MOST} or more; a level needs half",
        crate::words::count(n, "buyer persona", "buyer personas"),
        crate::words::count(at(EMERGING) as u64, "covers", "cover"),
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
    Some(Found::new(met, basis, false))
}

/// The share of the whole database mapped, as the level texts read it, and the levels it meets:
/// Emerging, "more than 10% of the database"; Advancing, "At least half of the prospect and
/// customer database" (the prospect and customer database as one: half of all its records).
fn whole_met(share: f64) -> [bool; 2] {
    [share > 10.0, share >= 50.0]
}

/// Database completeness, each level's own text read the same way:
/// - Experimenting: "Less than 10% of the database is mapped".
/// - Emerging, "Less than 50% but more than 10% of the database": the whole database, customers
///   and prospects together, more than 10% mapped (exactly 10% is not more than 10%).
/// - Advancing, "At least half of the prospect and customer database": the whole database at
///   50% or more. So a database at 50% or more is never Emerging's "less than 50%".
/// - Fully Optimized, "90%+ of the customer database … & 50%+ of the prospect database":
///   customers at 90% or more and prospects at 50% or more (which puts the whole at half or more
///   too).
///
/// The whole is known when both sides are counted (`records`, `mapped`). With a percentage on
/// either side it is not: it lies somewhere between the two sides' shares, so the facts allow a
/// range of levels. The evidence is then the highest level the range allows (a claim above it
/// is an overclaim) and `lowest` the lowest: the tool says what it cannot tell rather than
/// guess.
pub fn database_completeness(d: &Database) -> Found {
    let (c, p) = (d.customers.pct, d.prospects.pct);
    let fully = c >= 90.0 && p >= 50.0;
    let met_at = |share: f64| -> Met {
        let [emerging, advancing] = whole_met(share);
        [true, emerging || fully, advancing || fully, fully]
    };
    let side = |one: &str, many: &str, s: &crate::program::Side| match s.counts {
        Some((0, _)) => format!("0 of 0 {many} (no records)"),
        Some((records, mapped)) => format!(
            "{} of {} {} ({})",
            thousands(mapped),
            thousands(records),
            crate::words::pick(records, one, many),
            pct_of(mapped, records)
        ),
        None => format!("{} of {many}", pct_text(s.pct)),
    };
    let counted = d.customers.counts.is_some() && d.prospects.counts.is_some();
    let mut basis = format!(
        "{} and {} {}",
        side("customer", "customers", &d.customers),
        side("prospect", "prospects", &d.prospects),
        if counted {
            "carry a persona"
        } else {
            "mapped to a persona"
        }
    );
    // Where and when the figures were measured (`evidence crm --update`), after the reading.
    let measured = |basis: &mut String| {
        if let Some(m) = d.measured {
            basis.push_str(&format!(", measured {}", m.on));
            if let Some(source) = m.source {
                basis.push_str(&format!(" from {}", source.described()));
            }
        }
    };
    let (low, high) = (c.min(p), c.max(p));
    match (d.whole_pct(), d.customers.counts, d.prospects.counts) {
        (Some(w), Some((cr, cm)), Some((pr, pm))) => {
            basis.push_str(&format!(
                "; {} of the whole database",
                pct_of(cm + pm, cr + pr)
            ));
            measured(&mut basis);
            Found::new(met_at(w), basis, false)
        }
        _ => {
            let (top, bottom) = (met_at(high), met_at(low));
            let (hi, lo) = (highest(&top), highest(&bottom));
            if hi == lo {
                measured(&mut basis);
                return Found::new(top, basis, false);
            }
            basis.push_str(&format!(
                "; with a percentage, the whole database lies between {} and {} mapped: \
                 {} to {} (record counts would tell which)",
                pct_text(low),
                pct_text(high),
                LEVEL_NAMES[lo],
                LEVEL_NAMES[hi]
            ));
            measured(&mut basis);
            Found {
                met: top,
                basis,
                ceiling: true,
                lowest: Some(lo),
                note: None,
            }
        }
    }
}

/// The built-in scale's level names, for the words of a basis.
const LEVEL_NAMES: [&str; 4] = ["Experimenting", "Emerging", "Advancing", "Fully Optimized"];

/// A count with thousands separated: 22,000.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The thresholds Database Completeness reads, in percent (10% of the whole, 50% and 90% of a
/// side).
const THRESHOLDS: [u128; 3] = [10, 50, 90];

/// `mapped` of `records` as a report shows it, exactly: one decimal ("92.0%"), rounded down, so
/// that a share below a threshold never shows as reaching it; more decimals where one would show
/// a share just above a threshold as the threshold itself ("10.04%", not "10.0%"). No records:
/// "–" (a share of nothing is no percentage).
pub fn pct_of(mapped: u64, records: u64) -> String {
    match pct_digits(mapped, records) {
        Some(d) => format!("{d}%"),
        None => "–".to_string(),
    }
}

/// The number [`pct_of`] shows, as a number (JSON's `pct`); none with no records.
pub fn pct_value(mapped: u64, records: u64) -> Option<f64> {
    pct_digits(mapped, records).and_then(|d| d.parse().ok())
}

/// The share [`pct_of`] shows, as a fraction of one (JSON's `internal_share`): 1 of 3, shown as
/// "33.3%", is 0.333; 1 of 2 is 0.5; 5,001 of 10,000 ("50.01%") 0.5001; none with nothing to
/// divide by.
pub fn share_value(part: u64, whole: u64) -> Option<f64> {
    let digits = pct_digits(part, whole)?;
    let (percent, decimals) = digits.split_once('.')?;
    let percent: u64 = percent.parse().ok()?;
    format!("{}.{:02}{decimals}", percent / 100, percent % 100)
        .parse()
        .ok()
}

/// The digits of [`pct_of`] ("92.0", "10.04"); none with no records.
pub fn pct_digits(mapped: u64, records: u64) -> Option<String> {
    if records == 0 {
        return None;
    }
    let (m, r) = (u128::from(mapped), u128::from(records));
    for decimals in 1..=12u32 {
        let scale = 10u128.pow(decimals);
        let shown = m * 100 * scale / r;
        let at_threshold = THRESHOLDS.iter().any(|t| shown == t * scale);
        let exact = shown * r == m * 100 * scale;
        if !at_threshold || exact || decimals == 12 {
            let (whole, frac) = (shown / scale, shown % scale);
            return Some(format!("{whole}.{frac:0width$}", width = decimals as usize));
        }
    }
    unreachable!("the loop returns by its last pass")
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
    Some(Found::new(
        met,
        basis,
        history.is_none() || !unmeasured.is_empty(),
    ))
}

/// The sources the buyer personas list, together. A negative persona's research says who not
/// to target; it does not vouch for the research behind the buyer personas.
fn sources_of(personas: &[&Persona]) -> Vec<PersonaSource> {
    let mut all: Vec<PersonaSource> = personas.iter().flat_map(|p| p.sources.clone()).collect();
    all.sort();
    all.dedup();
    all
}

/// The buyer personas.
fn buyers(personas: &[Persona]) -> Vec<&Persona> {
    personas
        .iter()
        .filter(|p| p.kind == PersonaKind::Buyer)
        .collect()
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

/// The Creating attributes whose evidence is the sources the buyer personas list.
pub const SOURCED: [&str; 4] = [
    "qualitative-interviews",
    "quantitative-survey",
    "data-analysis",
    "industry-research",
];

/// The levels of `attribute` that the sources `have` meet.
fn met_by(attribute: &str, have: &[PersonaSource]) -> Met {
    let meets = |level: usize| {
        sources_needed(attribute, level)
            .is_some_and(|alts| alts.iter().any(|all| all.iter().all(|s| have.contains(s))))
    };
    [
        true,
        meets(EMERGING),
        meets(ADVANCING),
        meets(FULLY_OPTIMIZED),
    ]
}

/// Every source any level of `attribute` names, in order.
fn named_sources(attribute: &str) -> Vec<PersonaSource> {
    let mut named: Vec<PersonaSource> = Vec::new();
    for l in EMERGING..=FULLY_OPTIMIZED {
        for s in sources_needed(attribute, l)
            .into_iter()
            .flatten()
            .flat_map(|all| all.iter())
        {
            if !named.contains(s) {
                named.push(*s);
            }
        }
    }
    named
}

/// "personas list crm, third-party-data" or "no buyer persona lists crm or third-party-data".
fn sources_basis(attribute: &str, have: &[PersonaSource]) -> String {
    let named = named_sources(attribute);
    let relevant: Vec<&str> = have
        .iter()
        .filter(|s| named.contains(s))
        .map(|s| s.id())
        .collect();
    if relevant.is_empty() {
        format!(
            "no buyer persona lists {}",
            named
                .iter()
                .map(|s| s.id())
                .collect::<Vec<_>>()
                .join(" or ")
        )
    } else {
        format!("buyer personas list {}", relevant.join(", "))
    }
}

/// A Creating attribute from the sources the buyer personas list, as a ceiling: a source shows
/// that the research or data exists, not how regularly it is done. Negative personas do not
/// count (their research is about who not to target), nor does internal stakeholder input
/// (`internal-opinion`, `sales-input`): Qualitative Interviews' lowest level is "internal
/// stakeholder interviews", so a program whose personas rest on those alone is at most there.
/// - Qualitative Interviews: Emerging, interviews "primarily with clients": a customer or
///   non-customer interview source; Advancing and up, "both customers & non-customers": both.
///   When fewer than half the buyer personas rest on interviews, a note (this tool's reading:
///   a regular cadence would reach most of them), never a lower level.
/// - Quantitative Survey: Emerging and up: `survey`.
/// - Data Analysis: Emerging, "company level data is integrated from third parties":
///   `third-party-data`; Advancing and up, "internal CRM data with some external data
///   sources": `crm` and `third-party-data`.
/// - Industry Research: Emerging and up: `industry-research`.
///
/// `None` for another attribute, or without buyer personas (nothing to weigh).
pub fn from_sources(attribute: &str, personas: &[Persona]) -> Option<Found> {
    if !SOURCED.contains(&attribute) {
        return None;
    }
    let buyers = buyers(personas);
    if buyers.is_empty() {
        return None;
    }
    let have = sources_of(&buyers);
    let mut found = Found::new(
        met_by(attribute, &have),
        sources_basis(attribute, &have),
        true,
    );
    if attribute == "qualitative-interviews" && found.met[EMERGING] {
        let interviewed = buyers
            .iter()
            .filter(|p| {
                p.sources.contains(&PersonaSource::CustomerInterviews)
                    || p.sources.contains(&PersonaSource::NonCustomerInterviews)
            })
            .count();
        if 2 * interviewed < buyers.len() {
            found.note = Some(format!(
                "only {interviewed} of {} buyer personas {} on interviews; a regular cadence \
                 of interviews would reach most of them (this tool's reading)",
                buyers.len(),
                crate::words::pick(interviewed as u64, "rests", "rest")
            ));
        }
    }
    Some(found)
}

/// How recently a persona must have been updated for its data sources to count as refining it:
/// Emerging within 24 months (Frequency of Updates' "every 1 - 2 years"), Advancing and up
/// within 12 ("Regular leverage", as Frequency's "at least once a year").
const REFINED_WITHIN_MONTHS: [u32; 2] = [24, 12];

/// Use of Data to Refine Personas, as a ceiling. Refining is updating personas with data, so
/// the sources count only on buyer personas actually updated lately: Emerging, a buyer persona
/// listing `third-party-data` updated within 24 months; Advancing and up, buyer personas updated
/// within 12 months listing `crm` and `third-party-data` between them. Sources that created a
/// persona nobody has touched since show no refining. `None` without buyer personas.
pub fn use_of_data_to_refine(personas: &[Persona], today: Date) -> Option<Found> {
    let id = "use-of-data-to-refine";
    let buyers = buyers(personas);
    if buyers.is_empty() {
        return None;
    }
    let updated_within = |months: u32| -> Vec<&Persona> {
        buyers
            .iter()
            .copied()
            .filter(|p| {
                p.last_updated
                    .is_some_and(|d| d <= today && within(d, today, months))
            })
            .collect()
    };
    let recent_2y = updated_within(REFINED_WITHIN_MONTHS[0]);
    let recent_1y = updated_within(REFINED_WITHIN_MONTHS[1]);
    let in_2y = met_by(id, &sources_of(&recent_2y));
    let in_1y = met_by(id, &sources_of(&recent_1y));
    let met = [
        true,
        in_2y[EMERGING] || in_1y[EMERGING],
        in_1y[ADVANCING],
        in_1y[FULLY_OPTIMIZED],
    ];
    let all = sources_of(&buyers);
    let basis = if met_by(id, &all)[EMERGING] && !met[ADVANCING] {
        let newest = buyers
            .iter()
            .filter_map(|p| p.last_updated)
            .filter(|d| *d <= today)
            .max();
        format!(
            "{}; refining counts only on personas updated lately (within 24 months for \
             third-party data, 12 for CRM with it){}",
            sources_basis(id, &all),
            match newest {
                Some(d) => format!(": the newest buyer persona was updated {d}"),
                None => ": no buyer persona has a last_updated".to_string(),
            }
        )
    } else {
        sources_basis(id, &all)
    };
    Some(Found::new(met, basis, true))
}

/// Internal Persona Ownership from the measures the program file records. Fully Optimized is
/// "At least one internal resource with persona related KPI accountability": recorded persona
/// measures are the evidence of it. They can only show it, never lower a claim: where none
/// names who answers for it, or none is from the last 12 months, a note says what the file
/// cannot show. `None` without a `measures` section.
pub fn ownership_from_measures(measures: Option<&[Measure]>, today: Date) -> Option<Found> {
    let measures = measures?;
    if measures.is_empty() {
        return None;
    }
    let latest = measures
        .iter()
        .map(|m| m.as_of)
        .filter(|d| *d <= today)
        .max();
    let owned = measures.iter().filter(|m| m.owner.is_some()).count();
    let mut names: Vec<&str> = measures.iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let basis = format!(
        "{} recorded ({}){}",
        crate::words::count(measures.len(), "persona measure", "persona measures"),
        names.join(", "),
        latest
            .map(|d| format!(", the latest as of {d}"))
            .unwrap_or_default()
    );
    let mut found = Found::new([true; 4], basis, false);
    let fresh = latest.is_some_and(|d| within(d, today, 12));
    found.note = match (owned, fresh) {
        (0, _) => Some(
            "no measure names who answers for it (owner), so the file does not show \
             \"KPI accountability\" (this tool's reading)"
                .to_string(),
        ),
        (_, false) => Some(
            "no measure is from the last 12 months: accountability for a KPI nobody measures \
             is hard to see (this tool's reading)"
                .to_string(),
        ),
        _ => None,
    };
    Some(found)
}

/// What the program file's facts must show for `check` to accept a claim of `level` on an
/// evidence-checked attribute of the built-in framework (`None` for the others): the plan says it
/// beside each such step, so the evidence is built with the step.
pub fn requirement(attribute: &str, level: usize) -> Option<String> {
    if attribute == "qualitative-interviews" {
        let log = super::records::requirement(level)?;
        let alts = sources_needed(attribute, level)?;
        return Some(format!(
            "{log}; without a log, buyer personas' sources include {} (at most)",
            alts.iter()
                .map(|all| all.iter().map(|s| s.id()).collect::<Vec<_>>().join(" and "))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    if let Some(alts) = sources_needed(attribute, level) {
        let lists: Vec<String> = alts
            .iter()
            .map(|all| all.iter().map(|s| s.id()).collect::<Vec<_>>().join(" and "))
            .collect();
        return Some(if attribute == "use-of-data-to-refine" {
            format!(
                "buyer personas updated within the last {} months list {} in their sources",
                if level == EMERGING { 24 } else { 12 },
                lists.join(" or ")
            )
        } else {
            format!("buyer personas' sources include {}", lists.join(" or "))
        });
    }
    let text = match (attribute, level) {
        ("number-of-personas", EMERGING) => "two or more buyer personas from research that go \
             beyond demographics, for the people who decide (economic-buyer, or champion)"
            .to_string(),
        ("number-of-personas", ADVANCING) => "such buyer personas in 2 of the 4 buying groups \
             (buying_role: user, champion, economic-buyer, influencer)"
            .to_string(),
        ("number-of-personas", FULLY_OPTIMIZED) => "such buyer personas in all 4 buying groups \
             (user, champion, economic-buyer, influencer)"
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
        ("database-completeness", EMERGING) => "more than 10% of the whole database (customers \
             and prospects together) mapped to a persona (database: record counts tell; with \
             percentages, at least one side above 10%)"
            .to_string(),
        ("database-completeness", ADVANCING) => "at least half of the whole database (customers \
             and prospects together) mapped to a persona (database: record counts tell; with \
             percentages, at least one side at 50%)"
            .to_string(),
        ("database-completeness", FULLY_OPTIMIZED) => {
            "90% of customers and 50% of prospects mapped to a persona (database)".to_string()
        }
        ("frequency-of-updates", EMERGING | ADVANCING | FULLY_OPTIMIZED) => format!(
            "every buyer persona's last_updated within {} months{}",
            match level {
                EMERGING => 24,
                ADVANCING => 12,
                _ => 6,
            },
            if level == FULLY_OPTIMIZED {
                ", and the cadence measured from the file's git history (check --history)"
            } else {
                ""
            }
        ),
        _ => return None,
    };
    Some(text)
}

/// Every evidence item the file's facts allow, in rubric order. Evidence rules are written for
/// the built-in framework's attribute ids and 4-level scale; a rubric without those ids gets none.
pub fn derive(input: &super::Input) -> Vec<EvidenceItem> {
    derive_from(
        input.rubric,
        input.assessment,
        input.program,
        input.today,
        input.updates,
    )
}

/// [`derive()`] from its parts: what `score`, `explain` and `plan` of a program file use too.
pub fn derive_from(
    rubric: &Rubric,
    assessment: &crate::assessment::Assessment,
    program: &Program,
    today: Date,
    updates: Option<&UpdateHistory>,
) -> Vec<EvidenceItem> {
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
                lowest: f.lowest,
                note: f.note,
            });
        }
    };
    // An interview log measures Qualitative Interviews; without one, the sources cap it.
    let log = program
        .interviews
        .as_ref()
        .and_then(|l| l.interviews.as_deref());
    if let Some(interviews) = log {
        push(
            "qualitative-interviews",
            Some(super::records::qualitative_interviews(interviews, today)),
        );
    }
    if let Some(personas) = &program.personas {
        push("number-of-personas", Some(number_of_personas(personas)));
        push("depth-of-personas", depth_of_personas(personas));
        push(
            "frequency-of-updates",
            frequency_of_updates(personas, today, updates),
        );
        for id in SOURCED {
            if id == "qualitative-interviews" && log.is_some() {
                continue;
            }
            push(id, from_sources(id, personas));
        }
        push(
            "use-of-data-to-refine",
            use_of_data_to_refine(personas, today),
        );
    }
    if let Some(d) = &program.database {
        push("database-completeness", Some(database_completeness(d)));
    }
    push(
        "internal-persona-ownership",
        ownership_from_measures(program.measures.as_deref(), today),
    );
    items.sort_by_key(|i| i.attribute);
    items
}

/// The answers above what the file's facts support, each with the level to start from: what
/// `score`, `explain` and `plan` of a program file plan from.
pub fn lowered(items: &[EvidenceItem]) -> Vec<crate::score::Lowered> {
    items
        .iter()
        .filter_map(|e| {
            let claimed = e.claimed?;
            (claimed > e.evidence).then(|| crate::score::Lowered {
                attribute: e.attribute,
                claimed,
                supported: e.evidence,
                basis: e.basis.clone(),
                ceiling: e.ceiling,
            })
        })
        .collect()
}

/// How a persona is named in a remediation: its id and line.
fn named(p: &Persona) -> String {
    match p.line {
        Some(l) => format!("`{}` (line {l})", p.id),
        None => format!("`{}`", p.id),
    }
}

/// The depth elements persona `p` needs for `level`, all at once: grounding in research when it
/// rests on guesswork, then the `covers` to add.
fn depth_change(p: &Persona, level: usize) -> String {
    let code = |s: &str| format!("`{s}`");
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
            if n == 0 {
                String::new()
            } else if core.is_empty() {
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
    match (p.is_guesswork(), wanted.is_empty()) {
        (true, true) => format!(
            "persona {} rests on internal stakeholder input only: ground it in research (its \
             sources: customer or non-customer interviews, survey, crm, third-party-data)",
            named(p)
        ),
        (true, false) => format!(
            "persona {} rests on internal stakeholder input only: ground it in research (its \
             sources: customer or non-customer interviews, survey, crm, third-party-data) and \
             add {wanted} to `covers`",
            named(p)
        ),
        (false, _) => format!("persona {} needs {wanted} in `covers`", named(p)),
    }
}

/// For Database Completeness: the side that is short, by how many records where counted.
fn database_change(d: &Database, level: usize) -> Option<String> {
    let (c, p) = (&d.customers, &d.prospects);
    // Records more to reach `pct` of `records` already `mapped`.
    let more = |records: u64, mapped: u64, pct: u64| -> u64 {
        (records * pct).div_ceil(100).saturating_sub(mapped)
    };
    let side_short = |name: &str, s: &crate::program::Side, pct: u64| -> Option<String> {
        if s.pct >= pct as f64 {
            return None;
        }
        Some(match s.counts {
            Some((records, mapped)) => format!(
                "{name}: {} of {} mapped ({}); {} more {name} records need a persona for {pct}%",
                thousands(mapped),
                thousands(records),
                pct_text(s.pct),
                thousands(more(records, mapped, pct))
            ),
            None => format!("{name} at {}: bring them to {pct}%", pct_text(s.pct)),
        })
    };
    match level {
        FULLY_OPTIMIZED => {
            let parts: Vec<String> = [
                side_short("customers", c, 90),
                side_short("prospects", p, 50),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        EMERGING | ADVANCING => {
            match (c.counts, p.counts) {
                (Some((cr, cm)), Some((pr, pm))) => {
                    let (records, mapped) = (cr + pr, cm + pm);
                    let target = if level == ADVANCING { 50 } else { 10 };
                    let whole = d.whole_pct().unwrap_or(0.0);
                    if whole_met(whole)[level - 1] {
                        return None;
                    }
                    // More than 10%: one record past a tenth.
                    let need = if level == EMERGING {
                        (records / 10 + 1).saturating_sub(mapped)
                    } else {
                        more(records, mapped, target)
                    };
                    // Name the side with the most records unmapped: where the work is.
                    let (name, s) = if pr - pm >= cr - cm {
                        ("prospects", p)
                    } else {
                        ("customers", c)
                    };
                    Some(format!(
                        "{} of {} records mapped ({} of the whole database); {} more need a \
                         persona, most of the unmapped are {name} ({} mapped)",
                        thousands(mapped),
                        thousands(records),
                        pct_text(whole),
                        thousands(need),
                        pct_text(s.pct)
                    ))
                }
                _ => {
                    let (mark, share) = if level == ADVANCING {
                        ("reaches 50%", "half")
                    } else {
                        ("is above 10%", "more than a tenth")
                    };
                    Some(format!(
                        "with a percentage the whole database cannot be weighed: give record \
                         counts for both sides (`customers: {{ records, mapped }}` and \
                         `prospects: {{ records, mapped }}` under database) to show {share} of it \
                         mapped; with percentages, {} is possible only once a side {mark}",
                        LEVEL_NAMES[level]
                    ))
                }
            }
        }
        _ => None,
    }
}

/// The edit to the facts that would support a claim of `level`, named exactly: the personas and
/// the `covers` ids to add, the date the oldest personas must be reviewed by, the buying groups
/// missing, the sources to record, the side of the database that is short. `None` where
/// `requirement` already says all there is.
pub fn what_to_change(
    attribute: &str,
    level: usize,
    program: &Program,
    today: Date,
) -> Option<String> {
    if attribute == "qualitative-interviews" {
        if let Some(interviews) = program
            .interviews
            .as_ref()
            .and_then(|l| l.interviews.as_deref())
        {
            let needs = super::records::Tally::new(interviews, today).needs(level);
            return (!needs.is_empty()).then(|| {
                format!(
                    "the interview log ({}) needs {}",
                    program.interviews.as_ref().map_or("", |l| l.path.as_str()),
                    needs.join("; ")
                )
            });
        }
    }
    if attribute == "database-completeness" {
        return database_change(program.database.as_ref()?, level);
    }
    let personas = program.personas.as_deref()?;
    let buyers: Vec<&Persona> = buyers(personas);
    if attribute == "use-of-data-to-refine" {
        let alts = sources_needed(attribute, level)?;
        let months = if level == EMERGING { 24 } else { 12 };
        let lists: Vec<String> = alts
            .iter()
            .map(|all| {
                all.iter()
                    .map(|s| format!("`{}`", s.id()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        return Some(format!(
            "refine the buyer personas with {} and set their last_updated when you do (within \
             {months} months of today)",
            lists.join(" or ")
        ));
    }
    if let Some(alts) = sources_needed(attribute, level) {
        let have = sources_of(&buyers);
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
                "record {} in the sources of the buyer personas that research informed",
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

/// For Number of Personas: the buying groups to add, and, where a group is covered only by
/// personas that do not count, what would make them count (deepening, grounding) rather than
/// another persona.
fn number_change(personas: &[Persona], level: usize) -> Option<String> {
    let counted = counted(personas);
    let have = roles_of(&counted);
    let all = [
        BuyingRole::User,
        BuyingRole::Champion,
        BuyingRole::EconomicBuyer,
        BuyingRole::Influencer,
    ];
    // The buyer personas in a group that do not count, by group.
    let uncounted = |r: BuyingRole| -> Vec<&Persona> {
        personas
            .iter()
            .filter(|p| p.kind == PersonaKind::Buyer && p.buying_role == Some(r))
            .filter(|p| p.is_guesswork() || p.is_demographics_only())
            .collect()
    };
    let groups_needed: usize = match level {
        EMERGING => {
            if have.len() >= 2 || (counted.len() >= 2 && have.iter().any(|r| may_decide(*r))) {
                return None;
            }
            0
        }
        ADVANCING => 2,
        FULLY_OPTIMIZED => 4,
        _ => return None,
    };
    let mut parts = Vec::new();
    if level == EMERGING {
        parts.push(
            "write two or more buyer personas from research for the people who decide \
             (buying_role economic-buyer, or champion)"
                .to_string(),
        );
        for r in [BuyingRole::EconomicBuyer, BuyingRole::Champion] {
            for p in uncounted(r).into_iter().take(2) {
                parts.push(format!(
                    "{} does not count yet ({})",
                    named(p),
                    if p.is_guesswork() {
                        "it rests on internal stakeholder input only"
                    } else {
                        "it covers demographics only"
                    }
                ));
            }
        }
    }
    let missing: Vec<BuyingRole> = all.iter().copied().filter(|r| !have.contains(r)).collect();
    let short = groups_needed.saturating_sub(have.len());
    if short > 0 {
        // Groups whose personas exist but do not count first: deepening them is less work.
        let (fixable, absent): (Vec<BuyingRole>, Vec<BuyingRole>) =
            missing.iter().partition(|r| !uncounted(**r).is_empty());
        // One persona per group is enough to count it: the first of each.
        let firsts: Vec<&Persona> = fixable
            .iter()
            .take(short)
            .filter_map(|r| uncounted(*r).first().copied())
            .collect();
        let list = |ps: &[&&Persona]| {
            ps.iter()
                .map(|p| format!("{} ({})", named(p), p.buying_role.map_or("", role_id)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (guessed, shallow): (Vec<&&Persona>, Vec<&&Persona>) =
            firsts.iter().partition(|p| p.is_guesswork());
        let mut fixes: Vec<String> = Vec::new();
        if !shallow.is_empty() {
            fixes.push(format!(
                "{} {} demographics only and {} not count yet: add `goals-priorities` and \
                 `fears-challenges` to {} covers",
                list(&shallow),
                crate::words::pick(shallow.len() as u64, "covers", "cover"),
                crate::words::pick(shallow.len() as u64, "does", "do"),
                crate::words::pick(shallow.len() as u64, "its", "their"),
            ));
        }
        if !guessed.is_empty() {
            fixes.push(format!(
                "{} {} on internal stakeholder input only and {} not count yet: ground {} in \
                 research (customer or non-customer interviews, survey, crm)",
                list(&guessed),
                crate::words::pick(guessed.len() as u64, "rests", "rest"),
                crate::words::pick(guessed.len() as u64, "does", "do"),
                crate::words::pick(guessed.len() as u64, "it", "them"),
            ));
        }
        let still = short.saturating_sub(fixable.len().min(short));
        if still > 0 {
            let names: Vec<&str> = absent.iter().map(|r| role_id(*r)).collect();
            fixes.push(if level == FULLY_OPTIMIZED {
                format!("add buyer personas with buying_role {}", names.join(", "))
            } else {
                format!(
                    "add a buyer persona for {} more group{} (buying_role {})",
                    still,
                    if still == 1 { "" } else { "s" },
                    names.join(" or ")
                )
            });
        }
        parts.extend(fixes);
    }
    (!parts.is_empty()).then(|| parts.join("; "))
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
            date_line: None,
            name: None,
            kind: PersonaKind::Buyer,
            buying_role: role,
            owner: None,
            last_updated: None,
            sources: vec![PersonaSource::CustomerInterviews, PersonaSource::SalesInput],
            covers: vec![Demographics, GoalsPriorities, FearsChallenges],
            disqualifiers: vec![],
            crm_values: vec![],
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
    fn number_of_personas_emerging_is_more_than_one_persona_in_a_deciding_group() {
        // One primary-buyer persona: Experimenting ("covers primary buyer only").
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer]))),
            EXPERIMENTING
        );
        // Two personas of the economic buyer, or of the champion: Emerging ("only decision-maker
        // personas").
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, EconomicBuyer]))),
            EMERGING
        );
        let f = number_of_personas(&roles(&[Champion, Champion]));
        assert_eq!(level(f.clone()), EMERGING);
        assert!(f.note.unwrap().contains("reads the champion as one"));
        // Two user personas: one group, none of whom decides: not Emerging.
        assert_eq!(
            level(number_of_personas(&roles(&[User, User]))),
            EXPERIMENTING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[Influencer, Influencer]))),
            EXPERIMENTING
        );
    }

    #[test]
    fn number_of_personas_advancing_is_any_two_of_the_four_groups_by_the_letter() {
        // User and influencer: two groups, Advancing (the review's Brightpath), with a note on
        // "most of the customer community" and no lower level.
        let f = number_of_personas(&roles(&[User, Influencer]));
        assert_eq!(level(f.clone()), ADVANCING);
        let note = f.note.expect("a note on the missing economic buyer");
        assert!(note.contains("most of the customer community"), "{note}");
        assert!(note.contains("this tool's reading"), "{note}");
        // Economic buyer and champion: two groups, Advancing (the review's Corvane).
        let f = number_of_personas(&roles(&[EconomicBuyer, Champion]));
        assert_eq!(level(f.clone()), ADVANCING);
        assert_eq!(f.note, None, "the one who signs has a persona");
        assert_eq!(
            level(number_of_personas(&roles(&[EconomicBuyer, User]))),
            ADVANCING
        );
        assert_eq!(
            level(number_of_personas(&roles(&[Champion, Influencer]))),
            ADVANCING
        );
        // One group, however many personas: not Advancing.
        assert_eq!(
            level(number_of_personas(&roles(&[
                EconomicBuyer,
                EconomicBuyer,
                EconomicBuyer
            ]))),
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
            f.basis
                .contains("1 buyer persona not counted (1 on internal stakeholder input only)"),
            "{}",
            f.basis
        );
        // Sales input alone is internal stakeholder input too; with interviews it is research.
        all[3].sources = vec![PersonaSource::SalesInput];
        assert_eq!(level(number_of_personas(&all)), ADVANCING);
        all[3].sources = vec![PersonaSource::SalesInput, PersonaSource::IndustryResearch];
        assert_eq!(level(number_of_personas(&all)), FULLY_OPTIMIZED);
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
        // A negative persona may rest on sales input (the negative-persona guide's step 2); a
        // buyer persona may not.
        let mut neg = persona("n", None);
        neg.kind = PersonaKind::Negative;
        neg.sources = vec![PersonaSource::SalesInput];
        assert!(!neg.is_guesswork());
        neg.kind = PersonaKind::Buyer;
        assert!(neg.is_guesswork());
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
        p.sources = vec![PersonaSource::InternalOpinion, PersonaSource::SalesInput];
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
            measured: None,
        }
    }

    fn counted_db(cr: u64, cm: u64, pr: u64, pm: u64) -> Database {
        Database {
            customers: Side::counted(cr, cm),
            prospects: Side::counted(pr, pm),
            measured: None,
        }
    }

    #[test]
    fn database_completeness_fully_optimized_is_90_of_customers_and_50_of_prospects() {
        let d = |cm, pm| level(database_completeness(&counted_db(1_000, cm, 1_000, pm)));
        assert_eq!(d(900, 500), FULLY_OPTIMIZED);
        assert_eq!(d(899, 500), ADVANCING);
        assert_eq!(d(900, 499), ADVANCING, "the whole is 69.95%");
        // Percentages: Fully Optimized is read from the sides, which percentages give exactly.
        let f = database_completeness(&pct(90.0, 50.0));
        assert_eq!((level(f.clone()), f.lowest), (FULLY_OPTIMIZED, None));
        assert!(!f.ceiling);
    }

    #[test]
    fn with_record_counts_each_level_reads_the_whole_database() {
        // 600 of 1,000 customers and 800 of 10,000 prospects: 1,400 of 11,000 = 12.7%.
        let f = database_completeness(&counted_db(1_000, 600, 10_000, 800));
        assert_eq!(level(f.clone()), EMERGING);
        assert!(
            f.basis.contains("12.7% of the whole database"),
            "{}",
            f.basis
        );
        // 1,000 of 10,000 = exactly 10%: not more than 10%; one record more is.
        assert_eq!(
            level(database_completeness(&counted_db(1_000, 600, 9_000, 400))),
            EXPERIMENTING
        );
        assert_eq!(
            level(database_completeness(&counted_db(1_000, 601, 9_000, 400))),
            EMERGING
        );
        // "At least half of the prospect and customer database": the whole at 50% is Advancing,
        // never Emerging's "less than 50%"; one record under is Emerging.
        assert_eq!(
            level(database_completeness(&counted_db(100, 0, 100, 100))),
            ADVANCING
        );
        assert_eq!(
            level(database_completeness(&counted_db(100, 0, 100, 99))),
            EMERGING
        );
        // The review's Halvorsen: 8,300 of 9,000 customers, 500 of 6,000 prospects = 58.67%
        // (shown rounded down, as a measured share is): Advancing, not Emerging; prospects keep it
        // from Fully Optimized.
        let f = database_completeness(&counted_db(9_000, 8_300, 6_000, 500));
        assert_eq!((level(f.clone()), f.ceiling), (ADVANCING, false));
        assert!(
            f.basis.contains("58.6% of the whole database"),
            "{}",
            f.basis
        );
        // A side with no records is 0% mapped.
        assert_eq!(
            level(database_completeness(&counted_db(0, 0, 100, 60))),
            ADVANCING
        );
    }

    #[test]
    fn with_percentages_the_facts_allow_a_range_and_only_its_top_caps_a_claim() {
        // 92% of customers, 8% of prospects: the whole lies between 8% and 92%.
        let f = database_completeness(&pct(92.0, 8.0));
        assert_eq!(
            (level(f.clone()), f.lowest, f.ceiling),
            (ADVANCING, Some(EXPERIMENTING), true)
        );
        assert!(
            f.basis
                .contains("between 8% and 92% mapped: Experimenting to Advancing"),
            "{}",
            f.basis
        );
        // 60% and 8%: the same range (the examples' overclaiming team).
        let f = database_completeness(&pct(60.0, 8.0));
        assert_eq!(
            (level(f.clone()), f.lowest),
            (ADVANCING, Some(EXPERIMENTING))
        );
        // Both under 50%: Advancing is out of reach whatever the mix.
        let f = database_completeness(&pct(49.9, 8.0));
        assert_eq!(
            (level(f.clone()), f.lowest),
            (EMERGING, Some(EXPERIMENTING))
        );
        // Both above 10%, both under 50%: exactly Emerging, no range.
        let f = database_completeness(&pct(10.1, 49.9));
        assert_eq!(
            (level(f.clone()), f.lowest, f.ceiling),
            (EMERGING, None, false)
        );
        // Exactly 10% on both sides is not more than 10%.
        assert_eq!(
            level(database_completeness(&pct(10.0, 10.0))),
            EXPERIMENTING
        );
        // One side counted, the other a percentage: still a range.
        let mixed = Database {
            customers: Side::counted(1_000, 600),
            prospects: Side::pct(8.0),
            measured: None,
        };
        let f = database_completeness(&mixed);
        assert_eq!(
            (level(f.clone()), f.lowest),
            (ADVANCING, Some(EXPERIMENTING))
        );
    }

    #[test]
    fn the_database_remediation_names_the_side_that_is_short() {
        let program = Program {
            database: Some(counted_db(9_000, 8_300, 6_000, 500)),
            ..Program::default()
        };
        let today = date("2026-11-22");
        let change =
            what_to_change("database-completeness", FULLY_OPTIMIZED, &program, today).unwrap();
        assert!(
            change.contains("prospects: 500 of 6,000 mapped (8.3%); 2,500 more prospects records"),
            "{change}"
        );
        assert!(
            !change.contains("customers"),
            "customers are at 92%: {change}"
        );
        let program = Program {
            database: Some(counted_db(3_000, 300, 30_000, 1_000)),
            ..Program::default()
        };
        let change = what_to_change("database-completeness", ADVANCING, &program, today).unwrap();
        assert!(
            change.contains("most of the unmapped are prospects"),
            "{change}"
        );
    }

    #[test]
    fn measured_counts_read_as_the_report_says_them() {
        let d = Database {
            customers: Side::counted(1_000, 920),
            prospects: Side::counted(5_000, 2_600),
            measured: Some(crate::program::Measured {
                on: date("2026-12-01"),
                source: Some(crate::program::CrmSource::Hubspot),
            }),
        };
        let f = database_completeness(&d);
        assert_eq!(
            f.basis,
            "920 of 1,000 customers (92.0%) and 2,600 of 5,000 prospects (52.0%) carry a persona; \
             58.6% of the whole database, measured 2026-12-01 from a HubSpot export"
        );
        assert_eq!(level(f), FULLY_OPTIMIZED);
    }

    #[test]
    fn a_measured_share_never_shows_as_a_threshold_it_misses() {
        assert_eq!(pct_of(920, 1_000), "92.0%");
        assert_eq!(pct_of(8_999, 10_000), "89.9%");
        assert_eq!(pct_of(899_999, 1_000_000), "89.9%");
        assert_eq!(pct_of(9, 10), "90.0%");
        assert_eq!(pct_of(1_004, 10_000), "10.04%");
        assert_eq!(pct_of(1_000, 10_000), "10.0%");
        assert_eq!(pct_of(500_000_001, 1_000_000_000), "50.0000001%");
        assert_eq!(pct_of(923, 1_000), "92.3%");
        assert_eq!(pct_of(1, 3), "33.3%");
        assert_eq!(pct_of(0, 5), "0.0%");
        assert_eq!(pct_of(0, 0), "–");
        assert_eq!(pct_of(7, 7), "100.0%");
        // JSON's number is the one shown, and none for no records.
        assert_eq!(pct_value(91, 900), Some(10.1));
        assert_eq!(pct_value(1_004, 10_000), Some(10.04));
        assert_eq!(pct_value(0, 0), None);
        // The same share as a fraction of one: the digits shown, two places on.
        assert_eq!(share_value(1, 3), Some(0.333));
        assert_eq!(share_value(1, 10), Some(0.1));
        assert_eq!(share_value(1, 2), Some(0.5));
        assert_eq!(share_value(4_999, 10_000), Some(0.499));
        assert_eq!(share_value(5_001, 10_000), Some(0.5001));
        assert_eq!(share_value(7, 7), Some(1.0));
        assert_eq!(share_value(0, 4), Some(0.0));
        assert_eq!(share_value(0, 0), None);
    }

    #[test]
    fn a_side_with_no_records_is_said_to_have_none_and_one_record_is_singular() {
        let d = Database {
            customers: Side::counted(0, 0),
            prospects: Side::counted(1, 1),
            measured: None,
        };
        assert_eq!(
            database_completeness(&d).basis,
            "0 of 0 customers (no records) and 1 of 1 prospect (100.0%) carry a persona; 100.0% \
             of the whole database"
        );
        let none = Database {
            customers: Side::counted(0, 0),
            prospects: Side::counted(0, 0),
            measured: None,
        };
        assert_eq!(
            database_completeness(&none).basis,
            "0 of 0 customers (no records) and 0 of 0 prospects (no records) carry a persona"
        );
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
        let l = |s: &[PersonaSource]| level(from_sources("data-analysis", &sourced(s)).unwrap());
        assert_eq!(l(&[Crm]), EXPERIMENTING);
        assert_eq!(l(&[ThirdPartyData]), EMERGING);
        assert_eq!(l(&[Crm, ThirdPartyData]), FULLY_OPTIMIZED);
        let l = |id: &str, s: &[PersonaSource]| level(from_sources(id, &sourced(s)).unwrap());
        assert_eq!(l("quantitative-survey", &[Crm]), EXPERIMENTING);
        assert_eq!(l("quantitative-survey", &[Survey]), FULLY_OPTIMIZED);
        assert_eq!(l("industry-research", &[Survey]), EXPERIMENTING);
        assert_eq!(l("industry-research", &[IndustryResearch]), FULLY_OPTIMIZED);
        assert!(from_sources("training", &sourced(&[Survey])).is_none());
    }

    #[test]
    fn a_negative_persona_does_not_vouch_for_the_buyer_personas_research() {
        use PersonaSource::*;
        let mut neg = persona("n", None);
        neg.kind = PersonaKind::Negative;
        neg.sources = vec![NonCustomerInterviews, Crm, ThirdPartyData, Survey];
        let mut all = sourced(&[CustomerInterviews]);
        all.push(neg.clone());
        assert_eq!(
            level(from_sources("qualitative-interviews", &all).unwrap()),
            EMERGING
        );
        assert_eq!(
            level(from_sources("data-analysis", &all).unwrap()),
            EXPERIMENTING
        );
        assert_eq!(
            level(from_sources("quantitative-survey", &all).unwrap()),
            EXPERIMENTING
        );
        // The same sources on a buyer persona count.
        all[0].sources.push(NonCustomerInterviews);
        assert_eq!(
            level(from_sources("qualitative-interviews", &all).unwrap()),
            FULLY_OPTIMIZED
        );
        // Only negative personas: nothing to weigh.
        assert_eq!(from_sources("qualitative-interviews", &[neg]), None);
    }

    #[test]
    fn sales_input_alone_caps_interviews_at_internal_stakeholder_interviews() {
        use PersonaSource::*;
        let f = from_sources("qualitative-interviews", &sourced(&[SalesInput])).unwrap();
        assert_eq!((level(f.clone()), f.ceiling), (EXPERIMENTING, true));
        let f = from_sources(
            "qualitative-interviews",
            &sourced(&[SalesInput, CustomerInterviews]),
        )
        .unwrap();
        assert_eq!(level(f), EMERGING);
    }

    #[test]
    fn a_note_when_fewer_than_half_the_buyer_personas_rest_on_interviews() {
        use PersonaSource::*;
        let mut ps = sourced(&[CustomerInterviews, NonCustomerInterviews]);
        let mut other = persona("q", Some(User));
        other.sources = vec![Survey];
        ps.push(other.clone());
        // One of two: half, no note.
        let f = from_sources("qualitative-interviews", &ps).unwrap();
        assert_eq!((level(f.clone()), f.note), (FULLY_OPTIMIZED, None));
        // One of three: a note, and the level stands.
        ps.push(other);
        let f = from_sources("qualitative-interviews", &ps).unwrap();
        assert_eq!(level(f.clone()), FULLY_OPTIMIZED);
        assert!(f
            .note
            .unwrap()
            .contains("only 1 of 3 buyer personas rests on interviews"));
    }

    #[test]
    fn refining_needs_buyer_personas_updated_lately_with_the_data() {
        use PersonaSource::*;
        let today = date("2026-11-22");
        let with = |d: &str, s: &[PersonaSource]| {
            let mut p = persona("p", Some(User));
            p.sources = s.to_vec();
            p.last_updated = Some(date(d));
            level(use_of_data_to_refine(&[p], today).unwrap())
        };
        // Third-party data on a persona updated 24 months ago to the day, and a day more.
        assert_eq!(with("2024-11-22", &[ThirdPartyData]), EMERGING);
        assert_eq!(with("2024-11-21", &[ThirdPartyData]), EXPERIMENTING);
        // CRM with it: within 12 months for Advancing and up; 13 months is Emerging.
        assert_eq!(with("2025-11-22", &[Crm, ThirdPartyData]), FULLY_OPTIMIZED);
        assert_eq!(with("2025-11-21", &[Crm, ThirdPartyData]), EMERGING);
        // The review's Halvorsen: created with CRM and third-party data in 2023, untouched since.
        assert_eq!(with("2023-09-14", &[Crm, ThirdPartyData]), EXPERIMENTING);
        // No date: no refining seen.
        let mut p = persona("p", Some(User));
        p.sources = vec![Crm, ThirdPartyData];
        assert_eq!(
            level(use_of_data_to_refine(&[p], today).unwrap()),
            EXPERIMENTING
        );
    }

    #[test]
    fn recorded_measures_show_kpi_accountability_and_never_lower_a_claim() {
        let today = date("2026-11-22");
        assert_eq!(ownership_from_measures(None, today), None);
        let m = |as_of: &str, owner: Option<&str>| Measure {
            name: "win rate".into(),
            value: 31.0,
            as_of: date(as_of),
            persona: None,
            owner: owner.map(String::from),
            line: None,
        };
        let f = ownership_from_measures(Some(&[m("2026-10-01", Some("dana"))]), today).unwrap();
        assert_eq!(
            (level(f.clone()), f.ceiling, f.note),
            (FULLY_OPTIMIZED, false, None)
        );
        let f = ownership_from_measures(Some(&[m("2026-10-01", None)]), today).unwrap();
        assert_eq!(level(f.clone()), FULLY_OPTIMIZED);
        assert!(f.note.unwrap().contains("owner"));
        let f = ownership_from_measures(Some(&[m("2025-11-21", Some("dana"))]), today).unwrap();
        assert!(f.note.unwrap().contains("last 12 months"));
        let f = ownership_from_measures(Some(&[m("2025-11-22", Some("dana"))]), today).unwrap();
        assert_eq!(f.note, None, "12 months to the day is within");
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
            change.contains(
                "`it-ivan` (line 30) (user) rests on internal stakeholder input only and does \
                 not count yet: ground it in research"
            ),
            "{change}"
        );
        assert!(!change.contains("add a buyer persona"), "{change}");
        let change =
            what_to_change("number-of-personas", FULLY_OPTIMIZED, &program, today).unwrap();
        assert!(
            change.contains("add buyer personas with buying_role champion, influencer"),
            "{change}"
        );
        let change = what_to_change("qualitative-interviews", ADVANCING, &program, today).unwrap();
        assert_eq!(
            change,
            "record `non-customer-interviews` in the sources of the buyer personas that research \
             informed"
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
