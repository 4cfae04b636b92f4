//! `rules`: the list, one rule explained, and every rule's example really firing that rule.

use crate::common::Pm;
use serde_json::Value;

#[test]
fn every_rules_example_fires_its_rule() {
    let r = Pm::new(["rules", "--format", "json"]).run().exits(0);
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 18, "{doc:#}");
    let dir = tempfile::tempdir().unwrap();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let file = dir.path().join(format!("{id}.yaml"));
        std::fs::write(&file, rule["example"].as_str().unwrap()).unwrap();
        let mut args = vec![
            "check".to_string(),
            file.to_str().unwrap().to_string(),
            "--today".into(),
            "2026-11-22".into(),
            "--format".into(),
            "json".into(),
        ];
        if id == "regression" {
            // The example's comment: the baseline says training: advancing.
            let base = dir.path().join("main-program.yaml");
            std::fs::write(&base, "answers: { training: advancing }\n").unwrap();
            args.extend(["--baseline".into(), base.to_str().unwrap().to_string()]);
        }
        let ran = Pm::new(&args).run();
        // A file that cannot be read exits 2, with its finding in the report all the same.
        let expected = if id == "invalid-input" {
            2
        } else {
            ran.code.min(1)
        };
        assert!(ran.code == expected, "{id}: {ran}");
        let v: Value = serde_json::from_str(&ran.out).unwrap();
        let fired = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == id);
        assert!(fired, "the example of {id} does not fire it: {v:#}");
        assert!(
            rule["help_uri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("#rule-{id}")),
            "{rule:#}"
        );
    }
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let r = Pm::new(["rules"]).run().exits(0);
    insta::assert_snapshot!("rules_list", r.out);
    let r = Pm::new(["rules", "evidence-overclaim"]).run().exits(0);
    insta::assert_snapshot!("rules_evidence_overclaim", r.out);
}

#[test]
fn an_unknown_rule_is_a_usage_error_with_the_closest_id() {
    Pm::new(["rules", "evidence-overclam"])
        .run()
        .exits(2)
        .says("unknown rule `evidence-overclam`")
        .says("did you mean `evidence-overclaim`?");
}

#[test]
fn every_rule_has_an_anchor_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let r = Pm::new(["rules", "--format", "json"]).run().exits(0);
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    for rule in doc["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        assert!(
            readme.contains(&format!("<a id=\"rule-{id}\"></a>")),
            "README has no anchor for {id}"
        );
    }
}

#[test]
fn invalid_input_is_a_listed_rule_that_cannot_be_waived_or_turned_off() {
    let r = Pm::new(["rules", "invalid-input"]).run().exits(0);
    assert!(r.out.contains("Cannot be waived"), "{}", r.out);
    assert!(
        r.out
            .contains("cannot be waived or turned off: correct the file"),
        "{}",
        r.out
    );
    let dir = tempfile::tempdir().unwrap();
    for policy in [
        "policy:\n  waivers: [ { rule: invalid-input, reason: later, expires: 2027-01-01 } ]\n",
        "policy:\n  severity: { invalid-input: off }\n",
    ] {
        let file = dir.path().join("p.yaml");
        std::fs::write(
            &file,
            format!("answers: {{ training: emerging }}\n{policy}"),
        )
        .unwrap();
        Pm::new(["check", file.to_str().unwrap()])
            .run()
            .exits(2)
            .says("`invalid-input` cannot be waived or turned off");
    }
    // A misspelt rule is named without a placeholder word.
    Pm::new(["rules", "stale-persna"])
        .run()
        .exits(2)
        .says("error: rules: unknown rule `stale-persna`")
        .says("did you mean `stale-persona`?");
}
