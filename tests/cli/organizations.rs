//! The advice, read as a persona consultant reads it, on four organizations
//! (examples/organizations/): a startup with verbal personas, a mid-size firm strong in research
//! and weak in use, an enterprise that is advanced but stale, and a team that overclaims; and on
//! the organizations of a consultant's review (tests/fixtures/review/). Next steps and plans come
//! in rounds of work, the stages as priorities within a round (an owner, interviews, written
//! personas, sharing and training, use, surveys and data, the database, maintenance), each step
//! after what it rests on; a program file is planned from what its facts support, and `check`
//! holds each claim to the file's facts.

use crate::common::run;
use persona_maturity::hooks::plan::Dependencies;
use persona_maturity::hooks::rubric::Rubric;
use serde_json::Value;

const TODAY: &str = "2026-11-22";
const ORGANIZATIONS: [&str; 4] = ["startup", "midsize", "enterprise", "overclaiming"];

fn path(org: &str) -> String {
    format!("examples/organizations/{org}-program.yaml")
}

fn review(name: &str) -> String {
    format!("tests/fixtures/review/{name}.yaml")
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `score`'s next steps of a file as (attribute, next level).
fn steps_of(file: &str) -> Vec<(String, String)> {
    let v = json(&["score", file, "--format", "json", "--today", TODAY]);
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

fn next_steps(org: &str) -> Vec<(String, String)> {
    steps_of(&path(org))
}

fn position(steps: &[(String, String)], attribute: &str) -> usize {
    steps
        .iter()
        .position(|(a, _)| a == attribute)
        .unwrap_or_else(|| panic!("{attribute} has a next step"))
}

/// The plan of a file from 2027-Q1: per step (attribute, next level id, quarter index).
fn plan_of(file: &str) -> Vec<(String, String, usize)> {
    let v = json(&[
        "plan",
        file,
        "--start",
        "2027-01-01",
        "--today",
        TODAY,
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

fn plan(org: &str) -> Vec<(String, String, usize)> {
    plan_of(&path(org))
}

fn quarter_of(plan: &[(String, String, usize)], attribute: &str, level: &str) -> usize {
    plan.iter()
        .find(|(a, l, _)| a == attribute && l == level)
        .map(|(_, _, q)| *q)
        .unwrap_or_else(|| panic!("{attribute} to {level} is planned"))
}

fn check_json(file: &str) -> Value {
    json(&["check", file, "--today", TODAY, "--format", "json"])
}

fn evidence(v: &Value, id: &str) -> Value {
    v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["attribute"] == id)
        .unwrap_or_else(|| panic!("evidence for {id}"))
        .clone()
}

fn overclaims(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "evidence-overclaim")
        .map(|f| f["subject"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_startup_names_an_owner_interviews_writes_personas_and_gets_them_to_sales_first() {
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
    // Interviews, then written personas, then sharing and training, then use; surveys, data and
    // the database after them.
    assert!(at("qualitative-interviews") < at("depth-of-personas"));
    assert!(at("depth-of-personas") < at("sharing-personas"));
    assert!(at("sharing-personas") < at("training"));
    assert!(at("training") < at("organizational-use"));
    for later in [
        "quantitative-survey",
        "data-analysis",
        "industry-research",
        "database-segmentation",
    ] {
        assert!(at("organizational-use") < at(later), "{later}");
    }
    let p = plan("startup");
    let q = |a: &str, l: &str| quarter_of(&p, a, l);
    assert_eq!(q("internal-persona-ownership", "emerging"), 0);
    assert_eq!(q("qualitative-interviews", "emerging"), 0);
    // Customers and lost deals (non-customers) interviewed before the personas are written.
    assert!(q("qualitative-interviews", "advancing") <= q("depth-of-personas", "emerging"));
    assert!(q("qualitative-interviews", "advancing") <= 1);
    // Two groups with goals and fears, written down and taught to sales, in the first year.
    for (a, l) in [
        ("number-of-personas", "advancing"),
        ("depth-of-personas", "emerging"),
        ("sharing-personas", "emerging"),
        ("training", "emerging"),
        ("organizational-use", "emerging"),
    ] {
        assert!(q(a, l) <= 3, "{a} to {l} in quarter {}", q(a, l));
    }
    // Writing personas down does not wait for surveys or data purchases.
    for a in ["quantitative-survey", "data-analysis", "industry-research"] {
        assert!(q("sharing-personas", "emerging") <= q(a, "emerging"), "{a}");
        assert!(
            q("depth-of-personas", "emerging") <= q(a, "emerging"),
            "{a}"
        );
    }
}

#[test]
fn the_reviews_ledgerly_gets_the_consultants_sequence() {
    // Owner; interview customers and lost deals; two or three personas with goals and fears;
    // to sales. Surveys, data purchases and database mapping later.
    let p = plan_of(&review("ledgerly"));
    let q = |a: &str, l: &str| quarter_of(&p, a, l);
    let first: Vec<&str> = p
        .iter()
        .filter(|s| s.2 == 0)
        .map(|s| s.0.as_str())
        .collect();
    assert_eq!(
        first,
        [
            "internal-persona-ownership",
            "budget-allocation",
            "qualitative-interviews"
        ]
    );
    assert_eq!(q("qualitative-interviews", "advancing"), 0);
    assert_eq!(q("depth-of-personas", "emerging"), 1);
    assert_eq!(q("number-of-personas", "advancing"), 1);
    assert_eq!(q("sharing-personas", "emerging"), 1);
    assert_eq!(q("training", "emerging"), 2);
    assert_eq!(q("organizational-use", "emerging"), 2);
    for a in [
        "quantitative-survey",
        "data-analysis",
        "industry-research",
        "database-segmentation",
        "database-completeness",
    ] {
        assert!(q(a, "emerging") >= 3, "{a}");
    }
    // Its CEO sponsorship and messaging-only use contradict; the note quotes Experimenting.
    let v = json(&["score", &review("ledgerly"), "--format", "json"]);
    let note = v["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["attributes"][0] == "executive-sponsorship")
        .unwrap()["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        note.contains("\"but no where else in the organization\""),
        "{note}"
    );
    assert!(!note.contains("sales training"), "{note}");
}

#[test]
fn the_midsize_firm_is_told_to_train_and_use_before_polishing_its_research() {
    let steps = next_steps("midsize");
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
    assert_eq!(quarter_of(&p, "organizational-use", "emerging"), 0);
    assert!(
        quarter_of(&p, "qualitative-interviews", "fully-optimized")
            > quarter_of(&p, "organizational-use", "advancing")
    );
    // Its facts support its claims.
    let v = check_json(&path("midsize"));
    assert_eq!(v["passed"], true, "{}", v["findings"]);
}

#[test]
fn the_stale_enterprise_refreshes_its_personas_first() {
    // Claimed Fully Optimized; the personas were last updated 20 months ago: planned from
    // Emerging, first, and the report says why.
    let v = json(&[
        "score",
        &path("enterprise"),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    let first = &v["next_steps"][0];
    assert_eq!(
        (first["attribute"].as_str(), first["current"].as_str()),
        (Some("frequency-of-updates"), Some("emerging"))
    );
    assert!(first["from_facts"]
        .as_str()
        .unwrap()
        .contains("is answered Fully Optimized; the file's facts support at most Emerging"));
    assert_eq!(v["lowered"][0]["attribute"], "frequency-of-updates");
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
    let p = plan("enterprise");
    assert_eq!(quarter_of(&p, "frequency-of-updates", "advancing"), 0);
    // Its measures show the KPI; the note says none is recent.
    let v = check_json(&path("enterprise"));
    let freq = evidence(&v, "frequency-of-updates");
    assert_eq!(freq["evidence"], "emerging");
    assert_eq!(freq["ceiling"], true);
    let owner = evidence(&v, "internal-persona-ownership");
    assert_eq!(owner["evidence"], "fully-optimized");
    assert!(owner["note"].as_str().unwrap().contains("last 12 months"));
    assert_eq!(overclaims(&v), ["frequency-of-updates"]);
}

#[test]
fn the_reviews_halvorsen_refreshes_alone_before_anything_else() {
    // Personas untouched since 2023, the answers as in 2023.
    let steps = steps_of(&review("halvorsen"));
    assert_eq!(
        steps[..2],
        [
            ("frequency-of-updates".to_string(), "emerging".to_string()),
            ("use-of-data-to-refine".to_string(), "emerging".to_string())
        ]
    );
    let p = plan_of(&review("halvorsen"));
    let first: Vec<&str> = p
        .iter()
        .filter(|s| s.2 == 0)
        .map(|s| s.0.as_str())
        .collect();
    assert_eq!(first, ["frequency-of-updates", "use-of-data-to-refine"]);
    // check's own report plans the same.
    let (_, html, _) = run(&[
        "check",
        &review("halvorsen"),
        "--today",
        TODAY,
        "--format",
        "html",
    ]);
    let next = &html[html.find("Next steps toward").unwrap()..];
    let first_step = &next[..next.find("</li>").unwrap()];
    assert!(first_step.contains("Frequency of Updates"), "{first_step}");
    assert!(first_step.contains("From the file's facts"), "{first_step}");
    // 8,300 of 9,000 customers and 500 of 6,000 prospects: 58.67% of the whole database is
    // Advancing; explain names prospects as the gap to Fully Optimized.
    let v = check_json(&review("halvorsen"));
    assert_eq!(
        evidence(&v, "database-completeness")["evidence"],
        "advancing"
    );
    let (_, out, _) = run(&[
        "explain",
        "database-completeness",
        &review("halvorsen"),
        "--today",
        TODAY,
    ]);
    assert!(
        out.contains("prospects: 500 of 6,000 mapped (8.3%); 2,500 more prospects records"),
        "{out}"
    );
}

#[test]
fn percentages_allow_a_range_and_never_fail_a_claim_inside_it() {
    // 92% of customers, 8% of prospects, claimed Emerging: the whole lies between 8% and 92%.
    let v = check_json(&review("halvorsen-pct"));
    let e = evidence(&v, "database-completeness");
    assert_eq!(
        (e["lowest"].as_str(), e["evidence"].as_str()),
        (Some("experimenting"), Some("advancing"))
    );
    assert!(!overclaims(&v).contains(&"database-completeness".to_string()));
}

#[test]
fn number_of_personas_reads_the_four_groups_by_the_letter() {
    // User and influencer, no economic buyer: Advancing, with a note; the build does not fail
    // on it.
    let v = check_json(&review("brightpath"));
    let n = evidence(&v, "number-of-personas");
    assert_eq!(n["evidence"], "advancing");
    assert!(n["note"]
        .as_str()
        .unwrap()
        .contains("most of the customer community"));
    assert!(!overclaims(&v).contains(&"number-of-personas".to_string()));
    // Economic buyer and champion from research: Advancing too.
    let text = std::fs::read_to_string(review("corvane")).unwrap().replace(
        "sources: [sales-input]\n",
        "sources: [sales-input, customer-interviews]\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corvane-researched.yaml");
    std::fs::write(&file, text).unwrap();
    let v = check_json(file.to_str().unwrap());
    assert_eq!(evidence(&v, "number-of-personas")["evidence"], "advancing");
}

#[test]
fn sales_written_personas_are_sales_hypotheses_to_validate_with_interviews_first() {
    let v = check_json(&review("corvane"));
    let guessed: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "guesswork")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    // The CISO persona rests on sales input alone; the negative persona may (the negative-persona
    // guide engages sales teams).
    assert_eq!(guessed, ["ciso-claire"]);
    assert_eq!(
        evidence(&v, "qualitative-interviews")["evidence"],
        "experimenting"
    );
    assert_eq!(
        evidence(&v, "number-of-personas")["evidence"],
        "experimenting"
    );
    // The plan starts the interviews from Experimenting, in the first quarter.
    let p = plan_of(&review("corvane"));
    assert_eq!(quarter_of(&p, "qualitative-interviews", "emerging"), 0);
    let steps = steps_of(&review("corvane"));
    assert_eq!(steps[0].0, "qualitative-interviews");
    let (_, rules, _) = run(&["rules", "guesswork"]);
    assert!(rules.contains("internal stakeholder input"), "{rules}");
    assert!(!rules.contains("web-analytics, sales-input"), "{rules}");
}

#[test]
fn demographics_only_personas_are_told_to_add_goals_priorities_and_fears_first() {
    let (_, out, _) = run(&[
        "explain",
        "depth-of-personas",
        &review("northgate"),
        "--today",
        TODAY,
    ]);
    assert!(
        out.contains("What next: from Experimenting to Emerging"),
        "{out}"
    );
    assert!(
        out.contains("the file's facts support Experimenting"),
        "{out}"
    );
    assert!(
        out.contains(
            "In the program file: persona `vp-ops-fleet` (line 28) needs `goals-priorities` and"
        ),
        "{out}"
    );
    // Nine personas cover all four groups but none counts: deepen them, not add more.
    let v = check_json(&review("northgate"));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "evidence-overclaim" && f["subject"] == "number-of-personas")
        .unwrap()
        .clone();
    let fix = f["remediation"].as_str().unwrap();
    assert!(
        fix.contains("cover demographics only and do not count yet"),
        "{fix}"
    );
    assert!(!fix.contains("add buyer personas"), "{fix}");
}

#[test]
fn negative_personas_do_not_vouch_and_refining_needs_recent_updates() {
    let v = check_json(&review("skyward"));
    assert_eq!(
        evidence(&v, "qualitative-interviews")["evidence"],
        "emerging"
    );
    assert_eq!(evidence(&v, "data-analysis")["evidence"], "experimenting");
    assert_eq!(
        evidence(&v, "industry-research")["evidence"],
        "experimenting"
    );
    // The remediation asks for everything at once: grounding and covers.
    let depth = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "evidence-overclaim" && f["subject"] == "depth-of-personas")
        .unwrap()["remediation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(depth.contains("ground it in research"), "{depth}");
    assert!(depth.contains("and add 6 of"), "{depth}");
    // After grounding it, the same covers are asked for; nothing new.
    let v = check_json(&review("skyward-fix1"));
    let again = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "evidence-overclaim" && f["subject"] == "depth-of-personas")
        .unwrap()["remediation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(again.contains("needs 6 of"), "{again}");
    // Use of Data to Refine claimed Fully Optimized, nobody touched since 2023.
    let v = check_json(&review("halvorsen-refine"));
    let refine = evidence(&v, "use-of-data-to-refine");
    assert_eq!(refine["evidence"], "experimenting");
    assert!(overclaims(&v).contains(&"use-of-data-to-refine".to_string()));
    // A ceiling is no approval: the HTML report shows it without a level badge.
    let (_, html, _) = run(&[
        "check",
        &review("skyward"),
        "--today",
        TODAY,
        "--format",
        "html",
    ]);
    assert!(
        html.contains("<span class=\"ceiling\">at most Emerging</span>"),
        "{html}"
    );
}

#[test]
fn the_overclaiming_team_is_held_to_its_facts() {
    let v = check_json(&path("overclaiming"));
    assert_eq!(v["passed"], false);
    assert_eq!(
        overclaims(&v),
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
    // Customer interviews only: at most Emerging, however often.
    assert_eq!(
        evidence(&v, "qualitative-interviews")["evidence"],
        "emerging"
    );
    assert_eq!(evidence(&v, "qualitative-interviews")["ceiling"], true);
    // Four roles named, one persona from research beyond demographics: one group.
    assert_eq!(
        evidence(&v, "number-of-personas")["evidence"],
        "experimenting"
    );
    assert_eq!(evidence(&v, "number-of-personas")["ceiling"], false);
    // Nine elements without goals or fears is not even Emerging.
    assert_eq!(
        evidence(&v, "depth-of-personas")["evidence"],
        "experimenting"
    );
    // 60% of customers, 8% of prospects, counted: 11.3% of the whole database.
    assert_eq!(
        evidence(&v, "database-completeness")["evidence"],
        "emerging"
    );
    // The one fresh date allows Fully Optimized at most; it is not a finding.
    assert_eq!(
        evidence(&v, "frequency-of-updates")["evidence"],
        "fully-optimized"
    );
    assert_eq!(evidence(&v, "frequency-of-updates")["ceiling"], true);
}

#[test]
fn every_plan_step_comes_after_what_it_rests_on_and_score_lists_them_in_plan_order() {
    let r = Rubric::builtin();
    let deps = Dependencies::of(&r);
    let mut files: Vec<String> = ORGANIZATIONS.iter().map(|o| path(o)).collect();
    files.extend(
        [
            "brightpath",
            "corvane",
            "halvorsen",
            "ledgerly",
            "northgate",
            "skyward",
        ]
        .iter()
        .map(|n| review(n)),
    );
    for file in &files {
        let v = json(&[
            "plan",
            file,
            "--start",
            "2027-01-01",
            "--today",
            TODAY,
            "--format",
            "json",
        ]);
        // Where each attribute starts: the first step's current level, else its target.
        let mut at: Vec<Option<usize>> = vec![None; r.attributes.len()];
        let p = plan_of(file);
        for q in v["quarters"].as_array().unwrap() {
            for s in q["steps"].as_array().unwrap() {
                let i = r.attribute_index(s["attribute"].as_str().unwrap()).unwrap();
                if at[i].is_none() {
                    at[i] = r.level_index(s["current"].as_str().unwrap());
                }
            }
        }
        let score = json(&["score", file, "--format", "json", "--today", TODAY]);
        for (i, a) in r.attributes.iter().enumerate() {
            if at[i].is_none() {
                at[i] = score["attributes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["id"] == a.id.as_str())
                    .unwrap()["level"]
                    .as_str()
                    .and_then(|l| r.level_index(l));
            }
        }
        let quarters = p.iter().map(|s| s.2).max().map_or(0, |q| q + 1);
        for q in 0..quarters {
            let steps: Vec<&(String, String, usize)> = p.iter().filter(|s| s.2 == q).collect();
            for (a, l, _) in &steps {
                at[r.attribute_index(a).unwrap()] = r.level_index(l);
            }
            // By the end of the quarter, everything a step rests on is where its round needs it.
            for (a, l, _) in &steps {
                let (i, next) = (r.attribute_index(a).unwrap(), r.level_index(l).unwrap());
                let w = deps.wave(i, next);
                for &j in &deps.rests_on[i] {
                    assert!(
                        at[j].is_none_or(|x| x >= deps.reach(j, w)),
                        "{file}: {a} to {l} in quarter {q} before {} reaches it",
                        r.attributes[j].id
                    );
                }
            }
        }
        // Score lists the steps by round, then stage, after a stale program's refresh.
        let refresh = |s: &&Value| {
            (s["attribute"] == "frequency-of-updates" || s["attribute"] == "use-of-data-to-refine")
                && s["from_facts"]
                    .as_str()
                    .is_some_and(|f| f.contains("support at most Experimenting"))
        };
        let keys: Vec<(usize, usize)> = score["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !refresh(s))
            .map(|s| {
                let i = r.attribute_index(s["attribute"].as_str().unwrap()).unwrap();
                let next = r.level_index(s["next"].as_str().unwrap()).unwrap();
                (deps.wave(i, next), r.stage_rank(i))
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{file}: {keys:?}");
    }
}

#[test]
fn a_plain_answers_file_gets_words_for_a_marketing_lead() {
    // No file fields or command names in the advice on an answers file, in any format.
    for format in ["table", "markdown", "html", "csv"] {
        let (_, out, _) = run(&["score", "examples/answers/acme.yaml", "--format", format]);
        for word in [
            "covers",
            "last_updated",
            "record it as",
            "check reads",
            "third-party-data",
            "records, mapped",
            "In the program file",
        ] {
            assert!(!out.contains(word), "{format}: `{word}`");
        }
        if format == "markdown" {
            assert!(out.contains("customers & non-customers"), "{out}");
            assert!(!out.contains("&amp;"), "{out}");
        }
    }
    // Small companies have no CMO: the tip says who to go to.
    let (_, out, _) = run(&["explain", "executive-sponsorship"]);
    assert!(
        out.contains("the most senior marketing leader (the CMO where there is one)"),
        "{out}"
    );
    // Measuring starts when the personas first reach messaging and sales.
    let (_, out, _) = run(&["explain", "organizational-use"]);
    for m in [
        "conversion rate",
        "win rate",
        "sales-cycle length",
        "engagement",
    ] {
        assert!(out.contains(m), "{m}: {out}");
    }
}
