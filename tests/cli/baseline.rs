//! `check --baseline`: the invariant, on generated pairs of program files. Any answer lowered or
//! removed (no level now: the line gone, `unsure`, `~`, an empty value) since the baseline is a
//! `regression`, unless it was lowered from above what the file's facts support to a level they
//! allow (a correction; with percentages the database's evidence is a range); a waived drop is
//! listed as waived and never fails the overall comparison on its own.

use persona_maturity::hooks::rubric::Rubric;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

const TODAY: &str = "2026-11-22";

/// How an answer is written now: a level, or one of the ways a file says "no level".
#[derive(Debug, Clone, Copy, PartialEq)]
enum Now {
    Level(usize),
    /// The line deleted.
    Removed,
    /// `unsure`, `not sure`, `~`, or nothing after the colon.
    NoLevel(u8),
}

fn now_strategy() -> impl Strategy<Value = Now> {
    prop_oneof![
        4 => (0usize..4).prop_map(Now::Level),
        1 => Just(Now::Removed),
        1 => (0u8..4).prop_map(Now::NoLevel),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    base: Vec<Option<usize>>,
    now: Vec<Now>,
    /// customers_mapped_pct, prospects_mapped_pct; `None`: no `database` section.
    database: Option<(u8, u8)>,
    /// Attributes with a `regression` waiver in force.
    waived: BTreeSet<usize>,
    /// Attributes with a `regression` waiver that has expired (silences nothing).
    expired: BTreeSet<usize>,
    toml: bool,
}

fn case() -> impl Strategy<Value = Case> {
    let n = Rubric::builtin().attributes.len();
    (
        prop::collection::vec(prop::option::weighted(0.85, 0usize..4), n),
        prop::collection::vec(now_strategy(), n),
        prop::option::of((0u8..=100, 0u8..=100)),
        prop::collection::btree_set(0..n, 0..4),
        prop::collection::btree_set(0..n, 0..2),
        any::<bool>(),
    )
        .prop_map(|(base, now, database, waived, expired, toml)| Case {
            expired: expired.difference(&waived).copied().collect(),
            base,
            now,
            database,
            waived,
            toml,
        })
}

/// The levels `database-completeness`'s facts support, as the README's table states it: with
/// percentages the whole database lies between the two sides' shares, so the evidence is a range,
/// (highest, lowest). Fully Optimized is read from the sides (customers 90%+, prospects 50%+);
/// the other levels from the whole: Emerging more than 10%, Advancing 50% or more.
fn database_evidence(customers: u8, prospects: u8) -> (usize, usize) {
    let fully = customers >= 90 && prospects >= 50;
    let at = |whole: u8| match whole {
        _ if fully => 3,
        w if w >= 50 => 2,
        w if w > 10 => 1,
        _ => 0,
    };
    (at(customers.max(prospects)), at(customers.min(prospects)))
}

/// The overall score as the README states it: each section the mean of its answered attributes'
/// values (lowest level = 1), overall the mean of the sections that have one.
fn overall(r: &Rubric, levels: &[Option<usize>]) -> Option<f64> {
    let sections: Vec<f64> = r
        .sections
        .iter()
        .filter_map(|s| {
            let v: Vec<f64> = levels[s.attributes.clone()]
                .iter()
                .flatten()
                .map(|&l| (l + 1) as f64)
                .collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    (!sections.is_empty()).then(|| sections.iter().sum::<f64>() / sections.len() as f64)
}

/// What the check must say: the attributes that regressed (waived or not), and whether the
/// overall comparison regressed.
fn oracle(r: &Rubric, c: &Case) -> (BTreeSet<usize>, bool) {
    let ev_attr = r.attribute_index("database-completeness").unwrap();
    let evidence = |ai: usize| {
        c.database
            .filter(|_| ai == ev_attr)
            .map(|(cu, pr)| database_evidence(cu, pr))
    };
    let now: Vec<Option<usize>> = c
        .now
        .iter()
        .map(|n| match n {
            Now::Level(l) => Some(*l),
            _ => None,
        })
        .collect();
    let mut regressed = BTreeSet::new();
    // The overall score compares the baseline with now, corrections and waived drops counted at
    // their baseline level.
    let mut held = now.clone();
    for ai in 0..r.attributes.len() {
        let Some(was) = c.base[ai] else { continue };
        let lowered = now[ai].is_none_or(|n| n < was);
        if !lowered {
            continue;
        }
        // The correction rule: lowered from above the evidence (the top of its range) to a
        // level the evidence allows (at least the bottom of its range).
        let correction = match (evidence(ai), now[ai]) {
            (Some((top, floor)), Some(n)) => was > top && n >= floor,
            _ => false,
        };
        if correction {
            held[ai] = Some(was);
            continue;
        }
        regressed.insert(ai);
        if c.waived.contains(&ai) {
            held[ai] = Some(was);
        }
    }
    let overall_down = match (overall(r, &c.base), overall(r, &held)) {
        (Some(b), Some(n)) => n + 1e-9 < b,
        _ => false,
    };
    (regressed, overall_down)
}

fn level_id(r: &Rubric, l: usize) -> &str {
    &r.levels[l].id
}

/// The two files as a person keeps them: the baseline, and the same file edited (a level
/// changed, a line deleted, an answer turned `unsure`).
fn files(r: &Rubric, c: &Case) -> (String, String) {
    let mut policy = Vec::new();
    for (set, expires) in [(&c.waived, "2027-06-30"), (&c.expired, "2026-01-31")] {
        for &ai in set {
            policy.push((r.attributes[ai].id.clone(), expires));
        }
    }
    let db = c.database;
    if c.toml {
        let write = |answers: &dyn Fn(usize) -> Option<String>| {
            let mut s = String::from("rubric = \"persona-optimization-framework\"\n\n[answers]\n");
            for (ai, a) in r.attributes.iter().enumerate() {
                if let Some(v) = answers(ai) {
                    s.push_str(&format!("{} = {v}\n", a.id));
                }
            }
            if let Some((cu, pr)) = db {
                s.push_str(&format!(
                    "\n[database]\ncustomers_mapped_pct = {cu}\nprospects_mapped_pct = {pr}\n"
                ));
            }
            for (id, expires) in &policy {
                s.push_str(&format!(
                    "\n[[policy.waivers]]\nrule = \"regression\"\nsubject = \"{id}\"\nreason = \"agreed\"\nexpires = {expires}\n"
                ));
            }
            s
        };
        let base = write(&|ai| c.base[ai].map(|l| format!("\"{}\"", level_id(r, l))));
        let now = write(&|ai| match c.now[ai] {
            Now::Level(l) => Some(format!("\"{}\"", level_id(r, l))),
            Now::Removed => None,
            Now::NoLevel(k) => {
                Some(["\"unsure\"", "\"not sure\"", "\"\"", "\"Unsure\""][k as usize % 4].into())
            }
        });
        return (base, now);
    }
    let write = |answers: &dyn Fn(usize) -> Option<String>| {
        let mut s = String::from(
            "# Our persona program\r\nrubric: persona-optimization-framework\r\nanswers:\r\n",
        );
        for (ai, a) in r.attributes.iter().enumerate() {
            if let Some(v) = answers(ai) {
                s.push_str(&format!("  {}: {v}\r\n", a.id));
            }
        }
        if let Some((cu, pr)) = db {
            s.push_str(&format!(
                "database: {{ customers_mapped_pct: {cu}, prospects_mapped_pct: {pr} }}\r\n"
            ));
        }
        if !policy.is_empty() {
            s.push_str("policy:\r\n  waivers:\r\n");
            for (id, expires) in &policy {
                s.push_str(&format!(
                    "    - {{ rule: regression, subject: {id}, reason: agreed, expires: {expires} }}\r\n"
                ));
            }
        }
        s
    };
    let base = write(&|ai| c.base[ai].map(|l| level_id(r, l).to_string()));
    let now = write(&|ai| match c.now[ai] {
        Now::Level(l) => Some(level_id(r, l).to_string()),
        Now::Removed => None,
        Now::NoLevel(k) => Some(["unsure", "not sure", "~", ""][k as usize % 4].into()),
    });
    (base, now)
}

fn subjects(v: &Value, key: &str) -> BTreeSet<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "regression")
        .map(|f| f["subject"].as_str().unwrap().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn every_answer_lowered_or_removed_since_the_baseline_is_a_regression(c in case()) {
        let r = Rubric::builtin();
        let (base, now) = files(&r, &c);
        let dir = tempfile::tempdir().unwrap();
        let ext = if c.toml { "toml" } else { "yaml" };
        let base_path = dir.path().join(format!("base.{ext}"));
        let now_path = dir.path().join(format!("persona-program.{ext}"));
        std::fs::write(&base_path, &base).unwrap();
        std::fs::write(&now_path, &now).unwrap();
        let ran = crate::common::Pm::new([
            "check", now_path.to_str().unwrap(), "--baseline", base_path.to_str().unwrap(),
            "--today", TODAY, "--format", "json",
        ]).run();
        prop_assert!(ran.code == 0 || ran.code == 1, "{}\n{now}", ran);
        let v: Value = serde_json::from_str(&ran.out).unwrap();
        let (regressed, overall_down) = oracle(&r, &c);
        let id = |ai: &usize| r.attributes[*ai].id.clone();
        let want_active: BTreeSet<String> =
            regressed.iter().filter(|a| !c.waived.contains(a)).map(id).collect();
        let want_waived: BTreeSet<String> =
            regressed.iter().filter(|a| c.waived.contains(a)).map(id).collect();
        let mut active = subjects(&v, "findings");
        let overall_fired = active.remove("overall");
        prop_assert_eq!(&active, &want_active, "{}\n{}", now, base);
        prop_assert_eq!(&subjects(&v, "waived"), &want_waived);
        prop_assert_eq!(overall_fired, overall_down, "{}\n{}", now, base);
        // Nothing regressed but waived drops: the comparison passes on regression's account.
        if want_active.is_empty() && !overall_down {
            prop_assert!(v["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "regression"));
        }
    }
}

fn check(base: &str, now: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.yaml"), base).unwrap();
    std::fs::write(dir.path().join("p.yaml"), now).unwrap();
    let ran = crate::common::Pm::new([
        "check",
        "p.yaml",
        "--baseline",
        "base.yaml",
        "--today",
        TODAY,
        "--format",
        "json",
    ])
    .dir(dir.path())
    .run();
    assert!(ran.code == 0 || ran.code == 1, "{ran}");
    serde_json::from_str(&ran.out).unwrap()
}

#[test]
fn two_answers_turned_unsure_are_two_regressions_though_the_mean_goes_up() {
    let base = "answers:\n  training: emerging\n  sharing-personas: emerging\n  depth-of-personas: advancing\n";
    let now = "answers:\n  training: unsure\n  sharing-personas: unsure\n  depth-of-personas: advancing\n";
    let v = check(base, now);
    assert_eq!(v["passed"], false);
    let f: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "regression")
        .collect();
    let subjects: Vec<&str> = f.iter().map(|f| f["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["training", "sharing-personas"], "{v:#}");
    assert_eq!(
        f[0]["message"],
        "Training was Emerging and now has no level (not sure)"
    );
    // A removed line says so.
    let v = check(
        base,
        "answers:\n  sharing-personas: emerging\n  depth-of-personas: advancing\n",
    );
    let f = v["findings"].as_array().unwrap();
    assert!(f.iter().any(|f| f["subject"] == "training"
        && f["message"] == "Training was Emerging and now has no level (not answered)"));
}

#[test]
fn a_waived_drop_does_not_fail_the_overall_comparison_it_alone_caused() {
    let base = "answers:\n  training: advancing\n  sharing-personas: emerging\n";
    let waiver = "policy:\n  waivers:\n    - { rule: regression, subject: training, reason: the trainer left, expires: 2027-03-31 }\n";
    let v = check(
        base,
        &format!("answers:\n  training: experimenting\n  sharing-personas: emerging\n{waiver}"),
    );
    assert_eq!(v["passed"], true, "{v:#}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "regression"),
        "{v:#}"
    );
    assert_eq!(v["waived"][0]["subject"], "training");
    // With a second, unwaived drop the overall finding names that one, not the waived one.
    let v = check(
        base,
        &format!(
            "answers:\n  training: experimenting\n  sharing-personas: experimenting\n{waiver}"
        ),
    );
    let overall = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "regression" && f["subject"] == "overall")
        .expect("overall");
    assert_eq!(overall["remediation"], "Went down: `sharing-personas`.");
}
