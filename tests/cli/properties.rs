//! Rules of the scoring and of combining, checked on many generated assessments (proptest).

use persona_maturity::hooks::assessment::{Answer, Assessment};
use persona_maturity::hooks::cli::Format;
use persona_maturity::hooks::combine::Tally;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::score::{score_levels, Scorecard};
use persona_maturity::hooks::source::{Source, Syntax};
use persona_maturity::hooks::view::{ScoreInput, ScoreView};
use proptest::prelude::*;

/// 17 answers: a level 0–3, or unanswered.
fn answers() -> impl Strategy<Value = Vec<Option<usize>>> {
    proptest::collection::vec(proptest::option::of(0usize..4), 17)
}

/// An assessment with these answers (unanswered = unsure) and role.
fn assessment(r: &Rubric, l: &[Option<usize>], role: Option<&str>) -> Assessment {
    let mut a = Assessment::empty(r);
    for (i, x) in l.iter().enumerate() {
        a.answers[i] = x.map_or(Answer::Unsure, Answer::Level);
    }
    a.respondent.role = role.map(str::to_string);
    a
}

fn all_scores(sc: &Scorecard) -> Vec<f64> {
    sc.sections
        .iter()
        .filter_map(|s| s.score.map(|x| x.value))
        .chain(sc.overall.map(|o| o.value))
        .collect()
}

proptest! {
    #[test]
    fn every_score_lies_between_the_lowest_and_highest_level_value(l in answers()) {
        let sc = score_levels(&Rubric::builtin(), &l, 3);
        for v in all_scores(&sc) {
            prop_assert!((1.0..=4.0).contains(&v));
        }
    }

    #[test]
    fn raising_one_answer_never_lowers_any_score(l in answers(), i in 0usize..17) {
        let r = Rubric::builtin();
        prop_assume!(matches!(l[i], Some(x) if x < 3));
        let mut raised = l.clone();
        raised[i] = raised[i].map(|x| x + 1);
        let (before, after) = (score_levels(&r, &l, 3), score_levels(&r, &raised, 3));
        for (b, a) in before.sections.iter().zip(&after.sections) {
            match (b.score, a.score) {
                (Some(b), Some(a)) => prop_assert!(a.value >= b.value - 1e-12 && a.level >= b.level),
                (None, None) => {}
                _ => prop_assert!(false, "raising an answer changed which sections have a score"),
            }
        }
        if let (Some(b), Some(a)) = (before.overall, after.overall) {
            prop_assert!(a.value >= b.value - 1e-12 && a.level >= b.level);
        }
    }

    #[test]
    fn a_section_level_lies_between_its_worst_and_best_attribute(l in answers()) {
        let r = Rubric::builtin();
        let sc = score_levels(&r, &l, 3);
        for s in &sc.sections {
            let levels: Vec<usize> = l[r.sections[s.section].attributes.clone()].iter().flatten().copied().collect();
            match s.score {
                Some(x) => {
                    prop_assert!(x.level >= *levels.iter().min().unwrap());
                    prop_assert!(x.level <= *levels.iter().max().unwrap());
                }
                None => prop_assert!(levels.is_empty()),
            }
        }
    }

    #[test]
    fn next_steps_never_list_an_attribute_at_or_above_the_target(l in answers(), target in 0usize..4) {
        let sc = score_levels(&Rubric::builtin(), &l, target);
        for s in &sc.next_steps {
            prop_assert!(s.current < target);
            prop_assert_eq!(s.gap, target - s.current);
        }
        let below = l.iter().flatten().filter(|&&x| x < target).count();
        prop_assert_eq!(sc.next_steps.len(), below);
        prop_assert_eq!(sc.answered + sc.unanswered.len(), 17);
    }

    #[test]
    fn the_order_of_answers_in_the_file_never_changes_the_result(l in answers(), seed in any::<u64>()) {
        let r = Rubric::builtin();
        let mut lines: Vec<String> = r.attributes.iter().zip(&l).map(|(a, x)| {
            format!("  {}: {}", a.id, x.map(|v| r.levels[v].id.as_str()).unwrap_or("unsure"))
        }).collect();
        let doc = |lines: &[String]| format!("answers:\n{}\n", lines.join("\n"));
        let load = |text: String| {
            let src = Source::from_text("t.yaml", text, Syntax::Yaml);
            Assessment::load(&src, &r).unwrap().0
        };
        let a = load(doc(&lines));
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..lines.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lines.swap(i, (s >> 33) as usize % (i + 1));
        }
        let b = load(doc(&lines));
        prop_assert_eq!(&a, &b);
        // And so every output is the same, byte for byte.
        let render = |a: &Assessment| {
            let sc = persona_maturity::hooks::score::score(&r, a, 3);
            let view = ScoreView::new(&ScoreInput {
                rubric: &r, assessment: a, scorecard: &sc, source: "t.yaml", top: Some(5),
                baseline: None, combined: None,
            program: None,
            });
            [Format::Table, Format::Json, Format::Markdown, Format::Csv, Format::Html]
                .map(|f| persona_maturity::hooks::commands::score::render(f, &view, &persona_maturity::hooks::style::Style::plain()))
        };
        prop_assert_eq!(render(&a), render(&b));
    }

    #[test]
    fn combining_one_assessment_with_itself_n_times_gives_its_own_levels(
        l in answers(), n in 1usize..12
    ) {
        let r = Rubric::builtin();
        let a = assessment(&r, &l, None);
        let mut t = Tally::new(&r);
        for _ in 0..n {
            t.add(&a);
        }
        let c = t.finish(&r, 3);
        prop_assert_eq!(&c.scorecard, &persona_maturity::hooks::score::score(&r, &a, 3));
        prop_assert!(c.disagreements.is_empty());
        for (stats, level) in c.attributes.iter().zip(&l) {
            prop_assert_eq!(stats.median, *level);
            prop_assert_eq!(stats.n, if level.is_some() { n as u64 } else { 0 });
            prop_assert_eq!(stats.spread, level.map(|_| 0));
        }
    }

    #[test]
    fn the_combined_median_is_an_answer_between_the_lowest_and_highest(
        people in proptest::collection::vec(answers(), 1..9)
    ) {
        let r = Rubric::builtin();
        let mut t = Tally::new(&r);
        for l in &people {
            t.add(&assessment(&r, l, None));
        }
        let c = t.finish(&r, 3);
        for (i, stats) in c.attributes.iter().enumerate() {
            let given: Vec<usize> = people.iter().filter_map(|l| l[i]).collect();
            prop_assert_eq!(stats.n as usize, given.len());
            match stats.median {
                Some(m) => {
                    prop_assert!(given.contains(&m));
                    prop_assert!(stats.min.unwrap() <= m && m <= stats.max.unwrap());
                    // The lower median: at least half the answers are at or below it.
                    prop_assert!(2 * given.iter().filter(|&&g| g <= m).count() >= given.len());
                    prop_assert!(2 * given.iter().filter(|&&g| g < m).count() < given.len());
                }
                None => prop_assert!(given.is_empty()),
            }
        }
    }

    #[test]
    fn the_order_files_are_combined_in_never_changes_the_result(
        people in proptest::collection::vec((answers(), 0usize..3), 1..9), split in 0usize..9
    ) {
        let r = Rubric::builtin();
        let roles = ["marketing", "sales", "product"];
        let all: Vec<Assessment> = people.iter().map(|(l, k)| assessment(&r, l, Some(roles[*k]))).collect();
        let mut forward = Tally::new(&r);
        all.iter().for_each(|a| forward.add(a));
        let mut backward = Tally::new(&r);
        all.iter().rev().for_each(|a| backward.add(a));
        let k = split.min(all.len());
        let (mut left, mut right) = (Tally::new(&r), Tally::new(&r));
        all[..k].iter().for_each(|a| left.add(a));
        all[k..].iter().for_each(|a| right.add(a));
        let forward = forward.finish(&r, 3);
        prop_assert_eq!(&forward, &backward.finish(&r, 3));
        prop_assert_eq!(&forward, &right.merge(left).finish(&r, 3));
    }

    #[test]
    fn writing_an_answers_file_and_reading_it_back_is_the_identity(
        l in answers(),
        note in proptest::option::of("[a-zA-Z0-9 ,.'\"#:{}\\[\\]|>&*!%@`-]{1,40}"),
        brackets in 0usize..250,
        toml in any::<bool>()
    ) {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        for (i, x) in l.iter().enumerate() {
            a.answers[i] = match x { Some(v) => Answer::Level(*v), None => Answer::Unsure };
        }
        a.notes[0] = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        a.organization = Some("Acme: \"Analytics\", Inc.".into());
        // Brackets in text are text, however many (a fuzzing find: 100 of them used to be read
        // as nesting, so a file the tool wrote did not read back).
        a.notes[1] = Some(format!("s{}ales", "{[".repeat(brackets)));
        a.respondent.role = Some(format!("s{}ales", "{".repeat(brackets.min(190))));
        let syntax = if toml { Syntax::Toml } else { Syntax::Yaml };
        let text = persona_maturity::hooks::app::answers_file_text(&r, &a, syntax).unwrap();
        let back = Assessment::load(&Source::from_text("t", text, syntax), &r).unwrap().0;
        prop_assert_eq!(back, a);
    }
}

/// The answers files people keep (the examples), with their comments.
fn example_files() -> Vec<(&'static str, Syntax)> {
    vec![
        ("examples/answers/acme.yaml", Syntax::Yaml),
        ("examples/answers/acme-q2.yaml", Syntax::Yaml),
        ("examples/answers/northwind-sales.toml", Syntax::Toml),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Changing answers in a person's file edits it in place: it reads back as exactly the new
    /// answers, and every comment line it had is still there.
    #[test]
    fn editing_a_kept_file_changes_only_the_answers_and_keeps_every_comment(
        file in 0usize..3,
        changes in proptest::collection::vec((0usize..17, proptest::option::of(0usize..4), proptest::option::of("[a-zA-Z0-9 ,.'\"#:{}\\[\\]|&*!%@`-]{1,30}")), 1..6),
    ) {
        let r = Rubric::builtin();
        let (path, syntax) = example_files()[file];
        let text = std::fs::read_to_string(path).unwrap();
        let before = Assessment::load(&Source::from_text(path, text.clone(), syntax), &r).unwrap().0;
        let mut after = before.clone();
        for (i, level, note) in changes {
            after.answers[i] = level.map_or(Answer::Unsure, Answer::Level);
            after.notes[i] = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        }
        let edited = persona_maturity::hooks::questionnaire::edit::edit(&text, syntax, &r, &before, &after)
            .map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
        let back = Assessment::load(&Source::from_text(path, edited.clone(), syntax), &r).unwrap().0;
        prop_assert_eq!(back, after);
        for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
            prop_assert!(edited.contains(line), "{} lost {:?}", path, line);
        }
    }
}

// ---- evidence: the levels build on the lower ones ----

use persona_maturity::hooks::check::evidence;
use persona_maturity::hooks::program::Program;
use persona_maturity::hooks::source::Date;

const ROLES: [&str; 5] = ["user", "champion", "economic-buyer", "influencer", "other"];
const SOURCES: [&str; 9] = [
    "customer-interviews",
    "non-customer-interviews",
    "survey",
    "crm",
    "third-party-data",
    "web-analytics",
    "sales-input",
    "industry-research",
    "internal-opinion",
];
const COVERS: [&str; 11] = [
    "demographics",
    "buying-role",
    "buying-preferences",
    "hobbies-interests",
    "goals-priorities",
    "drivers-motivators",
    "fears-challenges",
    "associations",
    "content-preferences",
    "success-metrics",
    "personality-traits",
];

/// A persona as people write one: kind, role, sources and covers (subsets, in any order), a
/// last update within the last four years or none.
#[derive(Debug, Clone)]
struct GenPersona {
    negative: bool,
    role: Option<usize>,
    sources: Vec<usize>,
    covers: Vec<usize>,
    days_ago: Option<u32>,
}

fn subset(n: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n).prop_shuffle()
}

fn gen_persona() -> impl Strategy<Value = GenPersona> {
    (
        proptest::bool::weighted(0.15),
        proptest::option::weighted(0.9, 0usize..5),
        subset(SOURCES.len()),
        subset(COVERS.len()),
        proptest::option::weighted(0.9, 0u32..1500),
    )
        .prop_map(|(negative, role, sources, covers, days_ago)| GenPersona {
            negative,
            role,
            sources,
            covers,
            days_ago,
        })
}

/// The database: per side, counts (records, mapped) or a percentage.
#[derive(Debug, Clone)]
enum GenSide {
    Counted(u64, u64),
    Pct(u32),
}

fn gen_side() -> impl Strategy<Value = GenSide> {
    prop_oneof![
        (0u64..5000)
            .prop_flat_map(|r| (Just(r), 0..=r))
            .prop_map(|(r, m)| GenSide::Counted(r, m)),
        (0u32..=1000).prop_map(GenSide::Pct),
    ]
}

const TODAY: &str = "2026-11-22";

/// The program file's text: block style or flow style, as hand-written files and generators
/// write them.
fn program_text(personas: &[GenPersona], db: &Option<(GenSide, GenSide)>, flow: bool) -> String {
    let today = Date::parse(TODAY).unwrap().0;
    let mut s = String::from("# generated program\nanswers:\n  training: emerging\npersonas:\n");
    for (k, p) in personas.iter().enumerate() {
        let list = |ids: &[usize], names: &[&str]| {
            ids.iter().map(|&i| names[i]).collect::<Vec<_>>().join(", ")
        };
        let mut fields = vec![
            format!("id: p{k}"),
            format!("kind: {}", if p.negative { "negative" } else { "buyer" }),
            format!("sources: [{}]", list(&p.sources, &SOURCES)),
            format!("covers: [{}]", list(&p.covers, &COVERS)),
        ];
        if let Some(r) = p.role {
            fields.push(format!("buying_role: {}", ROLES[r]));
        }
        if let Some(d) = p.days_ago {
            let date = today - chrono::Days::new(u64::from(d));
            fields.push(format!("last_updated: {}", date.format("%Y-%m-%d")));
        }
        if flow {
            s.push_str(&format!("  - {{ {} }}\n", fields.join(", ")));
        } else {
            s.push_str(&format!("  - {}\n", fields[0]));
            for f in &fields[1..] {
                s.push_str(&format!("    {f}   # {k}\n"));
            }
        }
    }
    if let Some((c, p)) = db {
        s.push_str("database:\n");
        for (name, side) in [("customers", c), ("prospects", p)] {
            match side {
                GenSide::Counted(r, m) => {
                    s.push_str(&format!("  {name}: {{ records: {r}, mapped: {m} }}\n"))
                }
                GenSide::Pct(t) => {
                    s.push_str(&format!("  {name}_mapped_pct: {}\n", f64::from(*t) / 10.0))
                }
            }
        }
    }
    s
}

/// The README's rules, written again from their text: the level each attribute's evidence
/// should be, whether it is a ceiling, and the lowest level a range allows.
fn oracle(
    personas: &[GenPersona],
    db: &Option<(GenSide, GenSide)>,
) -> Vec<(&'static str, usize, bool, Option<usize>)> {
    let has = |p: &GenPersona, s: &str| p.sources.iter().any(|&i| SOURCES[i] == s);
    let covers = |p: &GenPersona, c: &str| p.covers.iter().any(|&i| COVERS[i] == c);
    // A buyer persona on internal opinion or sales input alone is guesswork.
    let guesswork = |p: &GenPersona| {
        p.sources
            .iter()
            .all(|&i| SOURCES[i] == "internal-opinion" || SOURCES[i] == "sales-input")
    };
    let beyond = [
        "goals-priorities",
        "drivers-motivators",
        "fears-challenges",
        "personality-traits",
        "hobbies-interests",
        "content-preferences",
    ];
    let demographics_only =
        |p: &GenPersona| covers(p, "demographics") && !beyond.iter().any(|b| covers(p, b));
    let buyers: Vec<&GenPersona> = personas.iter().filter(|p| !p.negative).collect();
    let today = Date::parse(TODAY).unwrap().0;
    let mut out = Vec::new();
    if personas.is_empty() && db.is_none() {
        return out;
    }
    if !personas.is_empty() {
        // Number of personas: two groups or more is Advancing, whichever two.
        let counted: Vec<&&GenPersona> = buyers
            .iter()
            .filter(|p| p.role.is_some_and(|r| r < 4) && !guesswork(p) && !demographics_only(p))
            .collect();
        let mut roles: Vec<usize> = counted.iter().filter_map(|p| p.role).collect();
        roles.sort();
        roles.dedup();
        let decider = roles.iter().any(|&r| r == 1 || r == 2);
        let number = if roles.len() == 4 {
            3
        } else if roles.len() >= 2 {
            2
        } else if counted.len() >= 2 && decider {
            1
        } else {
            0
        };
        out.push(("number-of-personas", number, false, None));
    }
    if !buyers.is_empty() {
        // Depth of personas.
        let depth = |p: &GenPersona| -> usize {
            if guesswork(p) || !(covers(p, "goals-priorities") && covers(p, "fears-challenges")) {
                0
            } else if p.covers.len() >= 9 {
                3
            } else if p.covers.len() >= 6 {
                2
            } else {
                1
            }
        };
        let level = (0..4)
            .rev()
            .find(|&l| 2 * buyers.iter().filter(|p| depth(p) >= l).count() >= buyers.len())
            .unwrap();
        out.push(("depth-of-personas", level, false, None));
        // Frequency of updates: the oldest buyer persona's date, in calendar months.
        if let Some(oldest) = buyers.iter().filter_map(|p| p.days_ago).max() {
            let date = today - chrono::Days::new(u64::from(oldest));
            let within = |m: u32| date.checked_add_months(chrono::Months::new(m)).unwrap() >= today;
            let level = if within(6) {
                3
            } else if within(12) {
                2
            } else if within(24) {
                1
            } else {
                0
            };
            out.push(("frequency-of-updates", level, true, None));
        }
        // Sources, from the buyer personas only.
        let any = |ps: &[&GenPersona], s: &str| ps.iter().any(|p| has(p, s));
        let interviews = match (
            any(&buyers, "customer-interviews"),
            any(&buyers, "non-customer-interviews"),
        ) {
            (true, true) => 3,
            (false, false) => 0,
            _ => 1,
        };
        let data = |ps: &[&GenPersona]| match (any(ps, "crm"), any(ps, "third-party-data")) {
            (true, true) => 3,
            (_, true) => 1,
            _ => 0,
        };
        out.push(("qualitative-interviews", interviews, true, None));
        out.push((
            "quantitative-survey",
            if any(&buyers, "survey") { 3 } else { 0 },
            true,
            None,
        ));
        out.push(("data-analysis", data(&buyers), true, None));
        out.push((
            "industry-research",
            if any(&buyers, "industry-research") {
                3
            } else {
                0
            },
            true,
            None,
        ));
        // Refining: the data sources of buyer personas updated within 24 months (Emerging) or
        // 12 (above).
        let updated_within = |m: u32| -> Vec<&GenPersona> {
            buyers
                .iter()
                .copied()
                .filter(|p| {
                    p.days_ago.is_some_and(|d| {
                        let date = today - chrono::Days::new(u64::from(d));
                        date.checked_add_months(chrono::Months::new(m)).unwrap() >= today
                    })
                })
                .collect()
        };
        let refine = match data(&updated_within(12)) {
            3 => 3,
            _ if data(&updated_within(24)) >= 1 => 1,
            _ => 0,
        };
        out.push(("use-of-data-to-refine", refine, true, None));
    }
    if let Some((c, p)) = db {
        let pct = |s: &GenSide| match s {
            GenSide::Counted(0, _) => 0.0,
            GenSide::Counted(r, m) => 100.0 * *m as f64 / *r as f64,
            GenSide::Pct(t) => f64::from(*t) / 10.0,
        };
        let (cp, pp) = (pct(c), pct(p));
        // The whole database's share: known with counts on both sides, else between the two.
        let (low, high) = match (c, p) {
            (GenSide::Counted(cr, cm), GenSide::Counted(pr, pm)) if cr + pr > 0 => {
                let w = 100.0 * (cm + pm) as f64 / (cr + pr) as f64;
                (w, w)
            }
            (GenSide::Counted(..), GenSide::Counted(..)) => (0.0, 0.0),
            _ => (cp.min(pp), cp.max(pp)),
        };
        let at = |w: f64| {
            if cp >= 90.0 && pp >= 50.0 {
                3
            } else if w >= 50.0 {
                2
            } else if w > 10.0 {
                1
            } else {
                0
            }
        };
        let (lo, hi) = (at(low), at(high));
        out.push((
            "database-completeness",
            hi,
            lo != hi,
            (lo != hi).then_some(lo),
        ));
    }
    out
}

/// Meeting a level means meeting every level below it.
fn nested(met: &[bool; 4]) -> bool {
    met[0] && met.windows(2).all(|w| !w[1] || w[0])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_evidence_for_a_level_implies_the_evidence_for_every_level_below_it(
        personas in proptest::collection::vec(gen_persona(), 0..8),
        db in proptest::option::of((gen_side(), gen_side())),
        flow in any::<bool>(),
    ) {
        let rubric = Rubric::builtin();
        let text = program_text(&personas, &db, flow);
        let src = Source::from_text("program.yaml", &text, Syntax::Yaml);
        let (assessment, program, _): (Assessment, Program, _) =
            Assessment::load_program(&src, &rubric).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        let today = Date::parse(TODAY).unwrap();
        // Each rule's levels, one by one, nest.
        if let Some(ps) = &program.personas {
            for p in ps {
                prop_assert!(nested(&evidence::persona_depth(p)), "{p:?}");
            }
            prop_assert!(nested(&evidence::number_of_personas(ps).met));
            if let Some(f) = evidence::depth_of_personas(ps) {
                prop_assert!(nested(&f.met));
            }
            if let Some(f) = evidence::frequency_of_updates(ps, today, None) {
                prop_assert!(nested(&f.met));
            }
            for id in evidence::SOURCED {
                if let Some(f) = evidence::from_sources(id, ps) {
                    prop_assert!(nested(&f.met), "{id}");
                }
            }
            if let Some(f) = evidence::use_of_data_to_refine(ps, today) {
                prop_assert!(nested(&f.met));
            }
        }
        if let Some(d) = &program.database {
            let f = evidence::database_completeness(d);
            prop_assert!(nested(&f.met));
            // A range's lowest level is below its highest.
            prop_assert!(f.lowest.is_none_or(|lo| lo < evidence::highest(&f.met)));
        }
        // And `check` gives each attribute the level the README's rules give it.
        let verdict = persona_maturity::hooks::check::run(&persona_maturity::hooks::check::Input {
            rubric: &rubric,
            assessment: &assessment,
            program: &program,
            baseline: None,
            today,
            fail_on: persona_maturity::hooks::check::Severity::Error,
            target: 3,
            updates: None,
        });
        let got: Vec<(String, usize, bool, Option<usize>)> = verdict
            .evidence
            .iter()
            .map(|e| (rubric.attributes[e.attribute].id.clone(), e.evidence, e.ceiling, e.lowest))
            .collect();
        let mut want: Vec<(String, usize, bool, Option<usize>)> = oracle(&personas, &db)
            .into_iter()
            .map(|(id, l, c, lo)| (id.to_string(), l, c, lo))
            .collect();
        want.sort_by_key(|(id, _, _, _)| rubric.attribute_index(id).unwrap());
        prop_assert_eq!(got, want, "{}", text);
    }
}

/// A level id as rubric authors write them: words, and often what YAML reads as something else
/// when written as it is (a number, a boolean, no value), or what it reads as text although
/// another YAML would not (`yes`, `on`, a date).
fn level_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z]{1,8}(-[a-z0-9]{1,4})?",
        2 => "[0-9]{1,4}",
        1 => "[0-9]e[0-9]",
        1 => "0x[0-9a-f]{1,3}",
        1 => "0o[0-7]{1,3}",
        1 => "[0-9]{1,3}-[0-9]{1,2}",
        2 => proptest::sample::select(vec![
            "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "nan", "nil",
            "none", "2026-12-07", "1-2", "0", "00", "007",
        ])
        .prop_map(str::to_string),
    ]
}

/// A rubric of these levels and one attribute `a`, as a rubric file writes it (ids quoted, so
/// the rubric itself reads each as text).
fn rubric_text(ids: &[String]) -> String {
    let mut yaml = String::from("id: r\nversion: \"1\"\nname: R\nlevels:\n");
    for (k, id) in ids.iter().enumerate() {
        yaml.push_str(&format!(
            "  - {{ id: \"{id}\", name: \"Level number {k}\" }}\n"
        ));
    }
    yaml.push_str(
        "sections:\n  - id: s\n    name: S\n    attributes:\n      - id: a\n        name: A\n        question: Q?\n        levels:\n",
    );
    for (k, id) in ids.iter().enumerate() {
        yaml.push_str(&format!(
            "          \"{id}\": Description number {k} of a level.\n"
        ));
    }
    yaml
}

/// The answers file the offline page writes for attribute `a` (its script's own layout: the
/// level id as it is, a note quoted).
fn page_file(rubric_ref: &str, id: &str, note: Option<&str>) -> String {
    let head = format!("# Answers filled in on the offline questionnaire page (R).\n# Score it with: persona-maturity score --rubric r.yaml <this file>\nrubric: \"{rubric_ref}\"\ndate: 2026-12-07\nanswers:\n");
    match note {
        None => format!("{head}  a: {id}\n"),
        Some(n) => format!("{head}  a:\n    level: {id}\n    note: \"{n}\"\n"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A rubric is accepted exactly when every level id, written as it is in an answers file,
    /// reads back as that level (the oracle: the answers reader itself, on the same rubric
    /// built without the check); and every accepted id round-trips through every writer:
    /// `assess` and `import` (the YAML written directly or by the serialiser, and TOML), an
    /// edit in place of a person's file, and the offline page's layout.
    #[test]
    fn every_accepted_level_id_reads_back_as_itself_from_every_writer(
        ids in proptest::collection::vec(level_id(), 2..5),
        noted in any::<bool>(),
    ) {
        let mut seen = std::collections::HashSet::new();
        let ids: Vec<String> = ids.into_iter().filter(|id| seen.insert(id.clone())).collect();
        prop_assume!(ids.len() >= 2);
        // The same rubric with plain ids (always accepted), then given the generated ones
        // unchecked: what the reader makes of each, written as it is.
        let plain: Vec<String> = (0..ids.len()).map(|k| format!("lv-{k}")).collect();
        let (mut oracle, _) = Rubric::load(&Source::from_text("p.yaml", rubric_text(&plain), Syntax::Yaml)).unwrap();
        for (k, id) in ids.iter().enumerate() {
            oracle.levels[k].id = id.clone();
        }
        let reads_back = |r: &Rubric, text: String, syntax: Syntax, k: usize| {
            matches!(
                Assessment::load(&Source::from_text("t", text, syntax), r),
                Ok((a, _)) if a.answers[0] == Answer::Level(k)
            )
        };
        let every_id_reads_back = ids.iter().enumerate().all(|(k, id)| {
            reads_back(&oracle, format!("answers:\n  a: {id}\n"), Syntax::Yaml, k)
        });
        let loaded = Rubric::load(&Source::from_text("r.yaml", rubric_text(&ids), Syntax::Yaml));
        match loaded {
            Err(e) => {
                prop_assert!(!every_id_reads_back, "refused, yet every id reads back: {ids:?}\n{e}");
                prop_assert!(e.to_string().contains("in an answers file"), "{e}");
            }
            Ok((r, _)) => {
                prop_assert!(every_id_reads_back, "accepted, yet an id does not read back: {ids:?}");
                let rubric_ref = format!("{}@{}", r.id, r.version);
                let note = noted.then(|| "ask finance".to_string());
                for k in 0..ids.len() {
                    let mut a = Assessment::empty(&r);
                    a.answers[0] = Answer::Level(k);
                    a.notes[0] = note.clone();
                    for syntax in [Syntax::Yaml, Syntax::Toml] {
                        // assess and import write through this.
                        let text = persona_maturity::hooks::app::answers_file_text(&r, &a, syntax).unwrap();
                        prop_assert!(reads_back(&r, text.clone(), syntax, k), "{syntax:?} {}:\n{text}", ids[k]);
                        // assess editing a file in place: from another level to this one.
                        let mut before = a.clone();
                        before.answers[0] = Answer::Level((k + 1) % ids.len());
                        let old = persona_maturity::hooks::app::answers_file_text(&r, &before, syntax).unwrap();
                        if let Ok(edited) = persona_maturity::hooks::questionnaire::edit::edit(&old, syntax, &r, &before, &a) {
                            prop_assert!(reads_back(&r, edited.clone(), syntax, k), "edited {}:\n{edited}", ids[k]);
                        }
                    }
                    // The offline page.
                    let text = page_file(&rubric_ref, &ids[k], note.as_deref());
                    prop_assert!(reads_back(&r, text.clone(), Syntax::Yaml, k), "page {}:\n{text}", ids[k]);
                }
            }
        }
    }
}
