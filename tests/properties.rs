//! Rules of the scoring, checked on many generated assessments (proptest).

use persona_maturity::assessment::{Answer, Assessment};
use persona_maturity::rubric::Rubric;
use persona_maturity::score::{score_levels, Scorecard};
use persona_maturity::source::{Source, Syntax};
use proptest::prelude::*;

/// 17 answers: a level 0–3, or unanswered.
fn answers() -> impl Strategy<Value = Vec<Option<usize>>> {
    proptest::collection::vec(proptest::option::of(0usize..4), 17)
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
    }

    #[test]
    fn writing_an_answers_file_and_reading_it_back_is_the_identity(
        l in answers(), note in proptest::option::of("[a-zA-Z0-9 ,.'\"#:-]{1,40}"), toml in any::<bool>()
    ) {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        for (i, x) in l.iter().enumerate() {
            a.answers[i] = match x { Some(v) => Answer::Level(*v), None => Answer::Unsure };
        }
        a.notes[0] = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        a.organization = Some("Acme: \"Analytics\", Inc.".into());
        let syntax = if toml { Syntax::Toml } else { Syntax::Yaml };
        let text = persona_maturity::app::answers_file_text(&r, &a, syntax).unwrap();
        let back = Assessment::load(&Source::from_text("t", text, syntax), &r).unwrap().0;
        prop_assert_eq!(back, a);
    }
}
