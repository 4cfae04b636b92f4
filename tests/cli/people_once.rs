//! The invariant of combining, checked on generated respondents: the combined result equals
//! combining each person once. Respondents are written the way the products write them (Google
//! Forms CSV in English US and UK, Microsoft Forms workbooks, answers files in YAML and TOML),
//! then given again the ways teams give them again: a backup copy of a file, a re-download of an
//! export, the same path twice, an export beside the folder `import` made from it, and in any
//! order. The oracle takes each person's latest submission from the generated people directly,
//! never through the tool's combining, and counts their levels.

use crate::common::Pm;
use crate::import::Question;
use crate::products::{
    answers_file, at, form_questions, google_csv, microsoft_xlsx, Locale, Submission,
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A small deterministic generator (the seed comes from proptest).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Google(Locale),
    Microsoft,
}

/// One person and their submissions.
#[derive(Debug)]
struct Person {
    role: &'static str,
    submissions: Vec<Submission>,
}

/// What was generated: the people, and the inputs to give `score`.
#[derive(Debug)]
struct Case {
    people: Vec<Person>,
    inputs: Vec<String>,
    /// `--dates day-first` for English (UK) exports whose dates leave the order open.
    flags: Vec<String>,
}

const ROLES: [&str; 3] = ["Sales", "Marketing", "Product"];

/// Build a case in `dir` from `seed`.
fn generate(dir: &Path, qs: &[Question], seed: u64) -> Case {
    let mut rng = Rng(seed);
    let n_exports = 1 + rng.below(3);
    let kinds: Vec<Kind> = (0..n_exports)
        .map(|_| match rng.below(3) {
            0 => Kind::Google(Locale::Us),
            1 => Kind::Google(Locale::Gb),
            _ => Kind::Microsoft,
        })
        .collect();
    let mut rows: Vec<Vec<Submission>> = vec![Vec::new(); n_exports];
    let mut files: Vec<Submission> = Vec::new();
    let mut people = Vec::new();
    for k in 0..1 + rng.below(6) {
        let role = ROLES[rng.below(3)];
        let email = rng.chance(50).then(|| format!("p{k}@acme.example"));
        let organization = rng.chance(80).then(|| "Acme".to_string());
        // Distinct days, so the latest is plain whatever the precision of each input.
        let mut days: Vec<u32> = Vec::new();
        let mut submissions = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let day = loop {
                let d = rng.below(300) as u32;
                if !days.contains(&d) {
                    break d;
                }
            };
            days.push(day);
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
                + chrono::Days::new(u64::from(day));
            use chrono::Datelike;
            let s = Submission {
                name: Some(format!("Person {k}")),
                email: email.clone(),
                role: Some(role.to_string()),
                organization: organization.clone(),
                when: at(
                    date.year(),
                    date.month(),
                    date.day(),
                    8 + rng.below(10) as u32,
                    rng.below(60) as u32,
                    rng.below(60) as u32,
                ),
                gmt: 60,
                levels: (0..qs.len())
                    .map(|_| match rng.below(5) {
                        4 => None,
                        l => Some(l),
                    })
                    .collect(),
            };
            // A person known by email answers through a form; anyone else may also have
            // answered in a file.
            if email.is_some() || rng.chance(50) {
                rows[rng.below(n_exports)].push(s.clone());
            } else {
                files.push(s.clone());
            }
            submissions.push(s);
        }
        people.push(Person { role, submissions });
    }
    let mut inputs = Vec::new();
    let mut flags = Vec::new();
    for (j, (kind, subs)) in kinds.iter().zip(&rows).enumerate() {
        if subs.is_empty() {
            continue;
        }
        let path = match kind {
            Kind::Google(locale) => {
                let p = dir.join(format!("responses-{j}.csv"));
                std::fs::write(&p, google_csv(qs, subs, *locale, &[])).unwrap();
                use chrono::Datelike;
                let open = subs.iter().all(|s| s.when.day() <= 12);
                if *locale == Locale::Gb && open && flags.is_empty() {
                    flags = vec!["--dates".to_string(), "day-first".to_string()];
                }
                p
            }
            Kind::Microsoft => {
                let p = dir.join(format!("responses-{j}.xlsx"));
                microsoft_xlsx(&p, qs, subs, &[]);
                p
            }
        };
        inputs.push(path.display().to_string());
        // Downloaded again, under the name a browser gives a second download.
        if rng.chance(30) {
            let again = dir.join(format!(
                "responses-{j} (1).{}",
                path.extension().unwrap().to_str().unwrap()
            ));
            std::fs::copy(&path, &again).unwrap();
            inputs.push(again.display().to_string());
        }
        // Imported, and the folder given beside the export.
        if rng.chance(50) {
            let out = dir.join(format!("imported-{j}"));
            let mut args = vec![
                "import".to_string(),
                path.display().to_string(),
                "--out".to_string(),
                out.display().to_string(),
            ];
            args.extend(flags.iter().cloned());
            Pm::new(args).run().exits(0);
            inputs.push(out.display().to_string());
        }
    }
    if !files.is_empty() {
        let folder = dir.join("answers");
        for (k, s) in files.iter().enumerate() {
            let toml = rng.chance(40);
            let name = format!("file-{k}.{}", if toml { "toml" } else { "yaml" });
            let text = answers_file(qs, s, toml);
            write(&folder.join(&name), &text);
            // A backup copy in a subfolder.
            if rng.chance(30) {
                write(&folder.join("old").join(&name), &text);
            }
        }
        inputs.push(folder.display().to_string());
    }
    // The same path given twice, and any order.
    if rng.chance(30) {
        let again = inputs[rng.below(inputs.len())].clone();
        inputs.push(again);
    }
    for i in (1..inputs.len()).rev() {
        inputs.swap(i, rng.below(i + 1));
    }
    Case {
        people,
        inputs,
        flags,
    }
}

fn write(path: &PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The oracle: each person once, by their latest submission; per attribute, the count of each
/// level id; and the respondents per role.
fn expected(case: &Case, qs: &[Question]) -> (Vec<BTreeMap<String, u64>>, BTreeMap<String, u64>) {
    let ids = ["experimenting", "emerging", "advancing", "fully-optimized"];
    let mut counts: Vec<BTreeMap<String, u64>> = qs
        .iter()
        .map(|_| ids.iter().map(|i| (i.to_string(), 0)).collect())
        .collect();
    let mut roles = BTreeMap::new();
    for p in &case.people {
        let latest = p.submissions.iter().max_by_key(|s| s.when).unwrap();
        for (i, l) in latest.levels.iter().enumerate() {
            if let Some(l) = l {
                *counts[i].get_mut(ids[*l]).unwrap() += 1;
            }
        }
        *roles.entry(p.role.to_lowercase()).or_insert(0) += 1;
    }
    (counts, roles)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn the_combined_result_equals_combining_each_person_once(seed in any::<u64>()) {
        let qs = form_questions();
        let dir = tempfile::tempdir().unwrap();
        let case = generate(dir.path(), &qs, seed);
        let mut args = vec!["score".to_string()];
        args.extend(case.inputs.iter().cloned());
        args.extend(case.flags.iter().cloned());
        args.extend(["--format".to_string(), "json".to_string()]);
        let r = Pm::new(&args).run();
        prop_assert_eq!(r.code, 0, "{}", r);
        let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
        let (counts, roles) = expected(&case, &qs);
        prop_assert_eq!(&v["respondents"], case.people.len(), "{}\n{:#?}", r, case);
        for (i, want) in counts.iter().enumerate() {
            let got: BTreeMap<String, u64> = serde_json::from_value(v["attributes"][i]["counts"].clone()).unwrap();
            prop_assert_eq!(&got, want, "attribute {}: {}\n{:#?}", i, r, case);
        }
        let got: BTreeMap<String, u64> = serde_json::from_value(v["roles"].clone()).unwrap();
        prop_assert_eq!(got, roles, "{}", r);
        let submissions: usize = case.people.iter().map(|p| p.submissions.len()).sum();
        let left_out = v["repeated_submissions"]["left_out"].as_u64().unwrap_or(0);
        prop_assert_eq!(left_out as usize, submissions - case.people.len(), "{}", r);
    }
}
