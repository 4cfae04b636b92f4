//! The advice, read as a persona consultant reads it, on four organizations
//! (examples/organizations/): a startup with verbal personas, a mid-size firm strong in research
//! and weak in use, an enterprise that is advanced but stale, and a team that overclaims. Next
//! steps and plans come in the order the work depends on (an owner, research, written personas,
//! sharing and training, use, maintenance; each level across the stages before the next level),
//! and `check` holds each claim to the file's facts.

use crate::common::run;
use persona_maturity::hooks::rubric::Rubric;
use serde_json::Value;

const TODAY: &str = "2026-11-22";
const ORGANIZATIONS: [&str; 4] = ["startup", "midsize", "enterprise", "overclaiming"];

fn path(org: &str) -> String {
    format!("examples/organizations/{org}-program.yaml")
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `score`'s next steps as (attribute, next level).
fn next_steps(org: &str) -> Vec<(String, String)> {
    let v = json(&["score", &path(org), "--format", "json"]);
    v["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["attribute"].as_str().unwrap().to_string(),
                s["next"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn position(steps: &[(String, String)], attribute: &str) -> usize {
    steps
        .iter()
        .position(|(a, _)| a == attribute)
        .unwrap_or_else(|| panic!("{attribute} has a next step"))
}

/// The plan from 2027-Q1: per step (attribute, next level id, quarter index).
fn plan(org: &str) -> Vec<(String, String, usize)> {
    let v = json(&[
        "plan",
        &path(org),
        "--start",
        "2027-01-01",
        "--format",
        "json",
    ]);
    let mut out = Vec::new();
    for (qi, q) in v["quarters"].as_array().unwrap().iter().enumerate() {
        for s in q["steps"].as_array().unwrap() {
            out.push((
                s["attribute"].as_str().unwrap().to_string(),
                s["next"].as_str().unwrap().to_string(),
                qi,
            ));
        }
    }
    out
}

fn quarter_of(plan: &[(String, String, usize)], attribute: &str, level: &str) -> usize {
    plan.iter()
        .find(|(a, l, _)| a == attribute && l == level)
        .map(|(_, _, q)| *q)
        .unwrap_or_else(|| panic!("{attribute} to {level} is planned"))
}

#[test]
fn the_startup_starts_with_an_owner_then_research_and_trains_only_after_it() {
    let steps = next_steps("startup");
    let first: Vec<&str> = steps.iter().take(3).map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        first,
        [
            "internal-persona-ownership",
            "budget-allocation",
            "qualitative-interviews"
        ]
    );
    let at = |a: &str| position(&steps, a);
    // Research before written personas before sharing and training before use before upkeep.
    assert!(at("qualitative-interviews") < at("depth-of-personas"));
    assert!(at("depth-of-personas") < at("training"));
    assert!(at("depth-of-personas") < at("sharing-personas"));
    assert!(at("training") < at("organizational-use"));
    assert!(at("organizational-use") < at("frequency-of-updates"));
    let p = plan("startup");
    assert_eq!(quarter_of(&p, "qualitative-interviews", "emerging"), 0);
    assert!(
        quarter_of(&p, "training", "emerging")
            >= quarter_of(&p, "qualitative-interviews", "emerging"),
        "training follows research"
    );
    assert!(
        quarter_of(&p, "depth-of-personas", "emerging")
            >= quarter_of(&p, "qualitative-interviews", "emerging")
    );
    // Interviews reach Advancing before any later stage does.
    let qi = quarter_of(&p, "qualitative-interviews", "advancing");
    for a in ["training", "organizational-use", "frequency-of-updates"] {
        assert!(quarter_of(&p, a, "advancing") >= qi, "{a}");
    }
}

#[test]
fn the_midsize_firm_is_told_to_train_and_use_before_polishing_its_research() {
    let steps = next_steps("midsize");
    // The weak stages' first steps come first: their foundations (research, written personas)
    // are in place.
    let first: Vec<&str> = steps.iter().take(4).map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        first,
        [
            "training",
            "organizational-use",
            "database-segmentation",
            "database-completeness"
        ]
    );
    assert!(position(&steps, "organizational-use") < position(&steps, "qualitative-interviews"));
    let p = plan("midsize");
    assert_eq!(quarter_of(&p, "training", "emerging"), 0);
    assert!(quarter_of(&p, "organizational-use", "emerging") <= 1);
    assert!(
        quarter_of(&p, "qualitative-interviews", "fully-optimized")
            > quarter_of(&p, "organizational-use", "emerging")
    );
    // Its facts support its claims.
    let v = json(&[
        "check",
        &path("midsize"),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(v["passed"], true, "{}", v["findings"]);
}

#[test]
fn the_stale_enterprise_hears_that_its_updates_draw_on_nothing_and_are_old() {
    let steps = next_steps("enterprise");
    assert_eq!(
        steps[0],
        ("use-of-data-to-refine".to_string(), "advancing".to_string())
    );
    let v = json(&["score", &path("enterprise"), "--format", "json"]);
    let pairs: Vec<(String, String)> = v["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["attributes"][0].as_str().unwrap().to_string(),
                c["attributes"][1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(pairs.contains(&(
        "frequency-of-updates".into(),
        "use-of-data-to-refine".into()
    )));
    assert!(pairs.contains(&("training".into(), "accessibility-and-storage".into())));
    let (_, table, _) = run(&["score", &path("enterprise")]);
    assert!(
        table.contains("Answers that contradict each other"),
        "{table}"
    );
    // One fresh date could not show a cadence; these dates cannot even reach a year.
    let v = json(&[
        "check",
        &path("enterprise"),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    let freq = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["attribute"] == "frequency-of-updates")
        .unwrap();
    assert_eq!(freq["evidence"], "emerging");
    assert_eq!(freq["ceiling"], true);
    assert_eq!(v["passed"], false);
    // The plan never polishes a later stage to the top before the research it rests on.
    let p = plan("enterprise");
    let research_top = [
        "qualitative-interviews",
        "quantitative-survey",
        "industry-research",
    ]
    .iter()
    .map(|a| quarter_of(&p, a, "fully-optimized"))
    .max()
    .unwrap();
    for a in [
        "accessibility-and-storage",
        "database-segmentation",
        "database-completeness",
    ] {
        assert!(quarter_of(&p, a, "fully-optimized") >= research_top, "{a}");
    }
}

#[test]
fn the_overclaiming_team_is_held_to_its_facts() {
    let v = json(&[
        "check",
        &path("overclaiming"),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(v["passed"], false);
    let over: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "evidence-overclaim")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        over,
        [
            "qualitative-interviews",
            "quantitative-survey",
            "data-analysis",
            "industry-research",
            "number-of-personas",
            "depth-of-personas",
            "database-completeness",
            "use-of-data-to-refine"
        ]
    );
    let evidence = |id: &str| -> Value {
        v["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["attribute"] == id)
            .unwrap()
            .clone()
    };
    // Customer interviews only: at most Emerging, however often.
    assert_eq!(evidence("qualitative-interviews")["evidence"], "emerging");
    assert_eq!(evidence("qualitative-interviews")["ceiling"], true);
    // Four roles named, one persona from research beyond demographics: it covers one role.
    assert_eq!(evidence("number-of-personas")["evidence"], "experimenting");
    assert_eq!(evidence("number-of-personas")["ceiling"], false);
    // Nine elements without goals or fears is not even Emerging.
    assert_eq!(evidence("depth-of-personas")["evidence"], "experimenting");
    // 60% of customers, 8% of prospects: the whole database may be under 10%.
    assert_eq!(
        evidence("database-completeness")["evidence"],
        "experimenting"
    );
    // The one fresh date allows Fully Optimized at most; it is not a finding.
    assert_eq!(
        evidence("frequency-of-updates")["evidence"],
        "fully-optimized"
    );
    assert_eq!(evidence("frequency-of-updates")["ceiling"], true);
}

#[test]
fn every_plan_step_comes_after_what_it_rests_on_for_each_organization() {
    let r = Rubric::builtin();
    for org in ORGANIZATIONS {
        let v = json(&["score", &path(org), "--format", "json"]);
        let mut at: Vec<Option<usize>> = r
            .attributes
            .iter()
            .map(|a| {
                let level = v["attributes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["id"] == a.id.as_str())
                    .unwrap()["level"]
                    .as_str()
                    .map(String::from);
                level.and_then(|l| r.level_index(&l))
            })
            .collect();
        let p = plan(org);
        let quarters = p.iter().map(|s| s.2).max().map_or(0, |q| q + 1);
        for q in 0..quarters {
            let steps: Vec<&(String, String, usize)> = p.iter().filter(|s| s.2 == q).collect();
            for (a, l, _) in &steps {
                let i = r.attribute_index(a).unwrap();
                at[i] = Some(r.level_index(l).unwrap());
            }
            // By the end of the quarter, every attribute of an earlier stage is at the level
            // each step reaches.
            for (a, l, _) in &steps {
                let (i, next) = (r.attribute_index(a).unwrap(), r.level_index(l).unwrap());
                for (j, level) in at.iter().enumerate() {
                    if r.stage_rank(j) < r.stage_rank(i) {
                        assert!(
                            level.is_none_or(|x| x >= next),
                            "{org}: {a} to {l} in quarter {q} before {} reaches it",
                            r.attributes[j].id
                        );
                    }
                }
            }
        }
        // Score lists the steps in the same order: by level, then stage.
        let v = json(&["score", &path(org), "--format", "json"]);
        let keys: Vec<(usize, usize)> = v["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let i = r.attribute_index(s["attribute"].as_str().unwrap()).unwrap();
                (
                    r.level_index(s["next"].as_str().unwrap()).unwrap(),
                    r.stage_rank(i),
                )
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{org}: {keys:?}");
    }
}
