//! The invariant of combining, checked on generated respondents: the combined result equals
//! combining each person once. Respondents are written the way the products write them (Google
//! Forms CSV in English US and UK, Microsoft Forms workbooks, answers files in YAML and TOML),
//! then given again the ways teams give them again: a backup copy of a file, a re-download of an
//! export, the same path twice, an export beside the folder `import` made from it or saved
//! inside it (a later download, with more rows than the one imported, where a row imported may
//! have been edited since), and in any order; a person known by email may leave it blank on a
//! row.
//! Timestamps carry the offsets of four time zones through 2025's clock changes, and some people
//! submit twice where their clock and UTC disagree on which came last (across the end of summer
//! time, or from two time zones). The oracle takes each person's latest submission by the
//! instant the README says it is read as, from the generated people directly, never through the
//! tool's combining, and counts their levels.

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

/// How a submission's time is read where it was placed: with the offset Google Forms in
/// English (US) writes (`GMT+2`), as written without one (English (UK), a Microsoft Forms date
/// cell: taken as UTC), or only its day (an answers file written by hand: its first second).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Read {
    Offset,
    AsWritten,
    Day,
}

/// One person and their submissions, each with how it is read.
#[derive(Debug)]
struct Person {
    role: &'static str,
    submissions: Vec<(Submission, Read)>,
}

/// The instant a submission is read as, in seconds (the oracle's rule, as the README states it).
fn instant(s: &Submission, read: Read) -> i64 {
    let t = match read {
        Read::Day => s.when.date().and_hms_opt(0, 0, 0).unwrap(),
        _ => s.when,
    };
    let offset = if read == Read::Offset { s.gmt } else { 0 };
    t.and_utc().timestamp() - i64::from(offset) * 60
}

/// Where a person's clock is: Central Europe (GMT+1, GMT+2 in summer time), the US East
/// (GMT-5, GMT-4 in summer time), India (GMT+5:30) or UTC; the offset on a day and hour, in
/// minutes east, as of 2025's clock changes (Europe: 30 March to 26 October at 03:00 summer
/// time; US: 9 March to 2 November).
fn offset_on(zone: usize, when: chrono::NaiveDateTime) -> i32 {
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    let date = when.date();
    match zone {
        0 => {
            use chrono::Timelike;
            let summer = date >= day(3, 30)
                && (date < day(10, 26) || (date == day(10, 26) && when.hour() < 3));
            if summer {
                120
            } else {
                60
            }
        }
        1 => {
            if date >= day(3, 9) && date < day(11, 2) {
                -240
            } else {
                -300
            }
        }
        2 => 330,
        _ => 0,
    }
}

/// What was generated: the people, and the inputs to give `score`.
#[derive(Debug)]
struct Case {
    people: Vec<Person>,
    /// People whose two latest submissions are ordered one way by their clocks and the other
    /// way in UTC (across a clock change, or between offsets).
    clock_pairs: usize,
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
    let read_as = |kind: Kind| match kind {
        Kind::Google(Locale::Us) => Read::Offset,
        _ => Read::AsWritten,
    };
    // The exports that write an offset with each timestamp.
    let with_offsets: Vec<usize> = (0..n_exports)
        .filter(|&j| kinds[j] == Kind::Google(Locale::Us))
        .collect();
    let mut rows: Vec<Vec<Submission>> = vec![Vec::new(); n_exports];
    let mut files: Vec<Submission> = Vec::new();
    let mut people = Vec::new();
    let mut clock_pairs = 0;
    for k in 0..1 + rng.below(6) {
        let role = ROLES[rng.below(3)];
        let email = rng.chance(50).then(|| format!("p{k}@acme.example"));
        let organization = rng.chance(80).then(|| "Acme".to_string());
        let zone = rng.below(4);
        let levels = |rng: &mut Rng| -> Vec<Option<usize>> {
            (0..qs.len())
                .map(|_| match rng.below(5) {
                    4 => None,
                    l => Some(l),
                })
                .collect()
        };
        let base = Submission {
            name: Some(format!("Person {k}")),
            email: email.clone(),
            role: Some(role.to_string()),
            organization: organization.clone(),
            when: at(2025, 1, 1, 0, 0, 0),
            gmt: 0,
            levels: Vec::new(),
        };
        // Distinct days before 26 October, so the latest is plain whatever the precision of
        // each input.
        let mut days: Vec<u32> = Vec::new();
        let mut submissions = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let day = loop {
                let d = rng.below(298) as u32;
                if !days.contains(&d) {
                    break d;
                }
            };
            days.push(day);
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
                + chrono::Days::new(u64::from(day));
            let when = date
                .and_hms_opt(
                    8 + rng.below(10) as u32,
                    rng.below(60) as u32,
                    rng.below(60) as u32,
                )
                .unwrap();
            let s = Submission {
                when,
                gmt: offset_on(zone, when),
                levels: levels(&mut rng),
                ..base.clone()
            };
            // A person known by email answers through a form; anyone else may also have
            // answered in a file.
            if email.is_some() || rng.chance(50) {
                let j = rng.below(n_exports);
                // The email left blank on one of their rows: the same person by name, role
                // and organization.
                let s = Submission {
                    email: s.email.clone().filter(|_| !rng.chance(20)),
                    ..s
                };
                rows[j].push(s.clone());
                submissions.push((s, read_as(kinds[j])));
            } else {
                files.push(s.clone());
                submissions.push((s, Read::Day));
            }
        }
        // Two last submissions whose clocks say the opposite of UTC: across the end of summer
        // time in Europe (2:40 AM GMT+2 is 00:40 UTC, before 2:10 AM GMT+1, 01:10 UTC), or a
        // person answering again from another time zone (10:00 AM GMT+2, then 5:00 AM GMT-4,
        // an hour later). Both in exports that write the offset, in either row order.
        if !with_offsets.is_empty() && rng.chance(40) {
            let pair = if rng.chance(50) {
                [
                    (at(2025, 10, 26, 2, 40, 22), 120),
                    (at(2025, 10, 26, 2, 10, 5), 60),
                ]
            } else {
                [
                    (at(2025, 10, 27, 10, 0, 0), 120),
                    (at(2025, 10, 27, 5, 0, 0), -240),
                ]
            };
            let mut made: Vec<Submission> = pair
                .iter()
                .map(|&(when, gmt)| Submission {
                    when,
                    gmt,
                    levels: levels(&mut rng),
                    ..base.clone()
                })
                .collect();
            if rng.chance(50) {
                made.reverse();
            }
            for s in made {
                let j = with_offsets[rng.below(with_offsets.len())];
                rows[j].push(s.clone());
                submissions.push((s, Read::Offset));
            }
            clock_pairs += 1;
        }
        people.push(Person { role, submissions });
    }
    let mut inputs = Vec::new();
    let mut flags = Vec::new();
    for (j, (kind, subs)) in kinds.iter().zip(&rows).enumerate() {
        if subs.is_empty() {
            continue;
        }
        // Imported, and the folder given beside the export; or the export (a later download
        // of it, with more rows than the one imported, and maybe one of the imported rows
        // edited since: new answers, a later time, the old row gone) saved inside the folder,
        // which is given alone.
        let import = rng.chance(50).then(|| rng.chance(50));
        let fewer = match (import, kind) {
            (Some(true), Kind::Google(_)) if subs.len() > 1 => Some(1 + rng.below(subs.len() - 1)),
            _ => None,
        };
        let earlier = subs.clone();
        let mut subs = subs.clone();
        // Only a row `import` wrote a file for can be edited and still be counted: of a person
        // with several rows in the earlier download, only the latest is written.
        let alone = |n: usize| -> Vec<usize> {
            (0..n)
                .filter(|&i| {
                    earlier[..n]
                        .iter()
                        .filter(|s| s.name == earlier[i].name)
                        .count()
                        == 1
                })
                .collect()
        };
        let edit = fewer.map(alone).filter(|c| !c.is_empty() && rng.chance(50));
        if let Some(candidates) = edit {
            let i = candidates[rng.below(candidates.len())];
            let edited = Submission {
                when: at(2025, 11, 20, 8 + rng.below(10) as u32, 0, 0),
                levels: (0..qs.len()).map(|_| Some(rng.below(4))).collect(),
                ..subs[i].clone()
            };
            let k: usize = edited.name.as_deref().unwrap()["Person ".len()..]
                .parse()
                .unwrap();
            people[k].submissions.push((edited.clone(), read_as(*kind)));
            subs[i] = edited;
        }
        let subs = &subs;
        let path = match kind {
            Kind::Google(locale) => {
                let p = dir.join(format!("responses-{j}.csv"));
                std::fs::write(&p, google_csv(qs, subs, *locale, &[])).unwrap();
                if *locale == Locale::Gb && day_open(subs) && flags.is_empty() {
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
        if let Some(inside) = import {
            let out = dir.join(format!("imported-{j}"));
            let imported = match (fewer, kind) {
                (Some(n), Kind::Google(locale)) => {
                    let p = dir.join(format!("earlier-{j}.csv"));
                    std::fs::write(&p, google_csv(qs, &earlier[..n], *locale, &[])).unwrap();
                    p
                }
                _ => path.clone(),
            };
            let mut args = vec![
                "import".to_string(),
                imported.display().to_string(),
                "--out".to_string(),
                out.display().to_string(),
            ];
            // An English (UK) download whose dates leave the order open is imported with
            // `--dates day-first`, as the warning says (the later download, with a day over 12,
            // may decide it for `score`, but a row edited since is no longer there to say).
            let rows_imported = fewer.map_or(&subs[..], |n| &earlier[..n]);
            if *kind == Kind::Google(Locale::Gb) && day_open(rows_imported) {
                args.extend(["--dates".to_string(), "day-first".to_string()]);
            }
            Pm::new(args).run().exits(0);
            if inside {
                let there = out.join(path.file_name().unwrap());
                std::fs::rename(&path, &there).unwrap();
                inputs.retain(|i| *i != path.display().to_string());
            }
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
        clock_pairs,
        inputs,
        flags,
    }
}

/// Whether an English (UK) export of these submissions leaves the order of day and month open
/// (no day over 12).
fn day_open(subs: &[Submission]) -> bool {
    use chrono::Datelike;
    subs.iter().all(|s| s.when.day() <= 12)
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
        let (latest, _) = p
            .submissions
            .iter()
            .max_by_key(|(s, read)| instant(s, *read))
            .unwrap();
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
    #![proptest_config(ProptestConfig::with_cases(32))]
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
        // People whose clocks and UTC disagree on their latest submission: counted by UTC.
        let pairs = case.clock_pairs;
        for (i, want) in counts.iter().enumerate() {
            let got: BTreeMap<String, u64> = serde_json::from_value(v["attributes"][i]["counts"].clone()).unwrap();
            prop_assert_eq!(&got, want, "attribute {} ({} clock pairs): {}\n{:#?}", i, pairs, r, case);
        }
        let got: BTreeMap<String, u64> = serde_json::from_value(v["roles"].clone()).unwrap();
        prop_assert_eq!(got, roles, "{}", r);
        let submissions: usize = case.people.iter().map(|p| p.submissions.len()).sum();
        let left_out = v["repeated_submissions"]["left_out"].as_u64().unwrap_or(0);
        prop_assert_eq!(left_out as usize, submissions - case.people.len(), "{}\n{:#?}", r, case);
    }
}
