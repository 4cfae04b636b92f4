//! Scoring: a pure function from a rubric and an assessment to a [`Scorecard`].
//!
//! The rule, once, for everyone: levels are ordinal (lowest = 1). An attribute's level is its
//! answer. A section's score is the mean of its answered attributes; its level is the highest level
//! whose value is at most the score. The overall score is the mean of the section scores (each
//! section weighs the same), its level found the same way. Unanswered attributes are left out of
//! the means and reported as coverage; a section with nothing answered has no score and is left out
//! of the overall mean.

use crate::assessment::Assessment;
use crate::rubric::Rubric;

/// Scores are compared with this tolerance, so 2.9999999 from float arithmetic counts as 3.
const EPSILON: f64 = 1e-9;

/// A score (mean of level values) and the level it reaches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub value: f64,
    /// Level index, 0 = lowest.
    pub level: usize,
}

/// The level (index) a score reaches: the highest level whose value (index + 1) ≤ score.
pub fn level_for(value: f64, levels: usize) -> usize {
    let reached = (value + EPSILON).floor() as i64 - 1;
    reached.clamp(0, levels as i64 - 1) as usize
}

/// The mean of some level values, as a score.
fn mean_score(values: &[f64], levels: usize) -> Option<Score> {
    if values.is_empty() {
        return None;
    }
    let value = values.iter().sum::<f64>() / values.len() as f64;
    Some(Score {
        value,
        level: level_for(value, levels),
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionScore {
    /// Index into [`Rubric::sections`](crate::rubric::Rubric::sections).
    pub section: usize,
    pub score: Option<Score>,
    pub answered: usize,
    pub total: usize,
}

/// One gap-to-next-level recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// Index into [`Rubric::attributes`](crate::rubric::Rubric::attributes).
    pub attribute: usize,
    pub current: usize,
    pub next: usize,
    /// Levels between now and the target.
    pub gap: usize,
    /// The attribute's stage, by its position in the order of priority
    /// ([`Rubric::stage_rank`](crate::rubric::Rubric::stage_rank)).
    pub stage: usize,
    /// The round of work the step belongs to ([`Rubric::wave`](crate::rubric::Rubric::wave)):
    /// the level it reaches, or the first round for a step up to the attribute's first target.
    pub wave: usize,
}

impl NextStep {
    /// The step from `current` toward `target` for attribute `i`.
    pub fn new(rubric: &Rubric, attribute: usize, current: usize, target: usize) -> NextStep {
        NextStep {
            attribute,
            current,
            next: current + 1,
            gap: target - current,
            stage: rubric.stage_rank(attribute),
            wave: rubric.wave(attribute, current + 1),
        }
    }

    /// The order next steps are taken in (`score`'s list, `plan`'s quarters): by round of work
    /// (the level reached; steps up to an attribute's first target in the first round), then by
    /// stage, the stages being priorities (an owner, interviews, written personas, sharing and
    /// training, use, surveys and data, the database, maintenance); the gap (largest first)
    /// only within that, then rubric order.
    pub fn order(&self) -> (usize, usize, std::cmp::Reverse<usize>, usize) {
        (
            self.wave,
            self.stage,
            std::cmp::Reverse(self.gap),
            self.attribute,
        )
    }
}

/// An answer above what a program file's facts support: next steps and plans start from the
/// supported level, and say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lowered {
    /// Index into [`Rubric::attributes`](crate::rubric::Rubric::attributes).
    pub attribute: usize,
    /// The level answered.
    pub claimed: usize,
    /// The highest level the facts support (or allow, with `ceiling`).
    pub supported: usize,
    /// The facts, in words.
    pub basis: String,
    /// The facts only cap the level: "at most".
    pub ceiling: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// Per attribute, in rubric order: the level answered (the median, combined), if any.
    pub levels: Vec<Option<usize>>,
    pub sections: Vec<SectionScore>,
    pub overall: Option<Score>,
    pub answered: usize,
    pub total: usize,
    /// Level index the next steps aim for.
    pub target: usize,
    /// Answered attributes below the target, largest gap first, then rubric order.
    pub next_steps: Vec<NextStep>,
    /// Attribute indexes with no answer, in rubric order.
    pub unanswered: Vec<usize>,
    /// Answers the framework's level texts tie together that pull against each other.
    pub contradictions: Vec<crate::contradiction::Contradiction>,
    /// A program file's answers above what its facts support; next steps start from the
    /// supported levels ([`with_facts`]). Empty for a plain answers file.
    pub lowered: Vec<Lowered>,
}

/// Score per-attribute levels (one entry per rubric attribute) toward `target` (a level index).
pub fn score_levels(rubric: &Rubric, levels: &[Option<usize>], target: usize) -> Scorecard {
    let n_levels = rubric.levels.len();
    let sections: Vec<SectionScore> = rubric
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let values: Vec<f64> = levels[s.attributes.clone()]
                .iter()
                .flatten()
                .map(|&l| (l + 1) as f64)
                .collect();
            SectionScore {
                section: si,
                score: mean_score(&values, n_levels),
                answered: values.len(),
                total: s.attributes.len(),
            }
        })
        .collect();
    let section_values: Vec<f64> = sections
        .iter()
        .filter_map(|s| s.score.map(|x| x.value))
        .collect();
    let overall = mean_score(&section_values, n_levels);
    let mut next_steps: Vec<NextStep> = levels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let current = (*l)?;
            (current < target).then(|| NextStep::new(rubric, i, current, target))
        })
        .collect();
    next_steps.sort_by_key(NextStep::order);
    let unanswered = levels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_none())
        .map(|(i, _)| i)
        .collect();
    Scorecard {
        levels: levels.to_vec(),
        answered: levels.iter().flatten().count(),
        total: levels.len(),
        sections,
        overall,
        target,
        next_steps,
        unanswered,
        contradictions: crate::contradiction::find(rubric, levels),
        lowered: Vec::new(),
    }
}

/// The levels next steps start from: each answer, or what the file's facts support where the
/// answer is above it.
pub fn supported_levels(levels: &[Option<usize>], lowered: &[Lowered]) -> Vec<Option<usize>> {
    let mut out = levels.to_vec();
    for l in lowered {
        if let Some(Some(level)) = out.get_mut(l.attribute) {
            *level = (*level).min(l.supported);
        }
    }
    out
}

/// A scorecard whose next steps start from what a program file's facts support: the scores
/// stay those of the answers (the self-assessment), the steps start where the facts put each
/// attribute, and the lowered answers are kept to say why.
pub fn with_facts(rubric: &Rubric, mut sc: Scorecard, lowered: Vec<Lowered>) -> Scorecard {
    if lowered.is_empty() {
        return sc;
    }
    let from = supported_levels(&sc.levels, &lowered);
    let mut steps = score_levels(rubric, &from, sc.target).next_steps;
    // A stale program's refresh comes before anything else.
    let first = refresh_first(rubric, &lowered);
    steps.sort_by_key(|s| !first.contains(&s.attribute));
    sc.next_steps = steps;
    sc.lowered = lowered;
    sc
}

/// The steps that come first, alone: where a program file's facts show its personas not
/// updated for two years while the answers claim more, the refresh (Frequency of Updates, and
/// Use of Data to Refine when it too is lowered to the lowest level) comes before anything
/// else; every other step would build on out-of-date personas (the buyer-persona guide's second
/// mistake, failing to adapt).
pub fn refresh_first(rubric: &Rubric, lowered: &[Lowered]) -> Vec<usize> {
    let lowest = |id: &str| {
        rubric
            .attribute_index(id)
            .filter(|&i| lowered.iter().any(|l| l.attribute == i && l.supported == 0))
    };
    match lowest("frequency-of-updates") {
        Some(f) => std::iter::once(f)
            .chain(lowest("use-of-data-to-refine"))
            .collect(),
        None => Vec::new(),
    }
}

/// Score an assessment toward `target` (a level index).
pub fn score(rubric: &Rubric, assessment: &Assessment, target: usize) -> Scorecard {
    let levels: Vec<Option<usize>> = assessment.answers.iter().map(|a| a.level()).collect();
    score_levels(rubric, &levels, target)
}

/// One attribute whose level differs between a baseline and now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// Index into [`Rubric::attributes`](crate::rubric::Rubric::attributes).
    pub attribute: usize,
    pub from: Option<usize>,
    pub to: Option<usize>,
}

impl Move {
    /// Levels gained (negative: lost); `None` when either side is unanswered.
    pub fn change(&self) -> Option<i64> {
        Some(self.to? as i64 - self.from? as i64)
    }
}

/// What moved between `before` and `after` (scorecards of the same rubric): regressions first
/// (largest drop first), then improvements (largest rise first), then attributes answered on one
/// side only; ties in rubric order.
pub fn moves(before: &Scorecard, after: &Scorecard) -> Vec<Move> {
    level_moves(&before.levels, &after.levels)
}

/// [`moves`] between two lists of levels (one per attribute).
pub fn level_moves(before: &[Option<usize>], after: &[Option<usize>]) -> Vec<Move> {
    let mut moved: Vec<Move> = before
        .iter()
        .zip(after)
        .enumerate()
        .filter(|(_, (b, a))| b != a)
        .map(|(i, (&from, &to))| Move {
            attribute: i,
            from,
            to,
        })
        .collect();
    let rank = |m: &Move| match m.change() {
        Some(c) if c < 0 => (0, c),
        Some(c) => (1, -c),
        None => (2, 0),
    };
    moved.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.attribute.cmp(&b.attribute)));
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Rubric {
        Rubric::builtin()
    }

    /// Levels given as values 1–4 (0 = unanswered), in rubric order.
    fn levels(values: &[usize]) -> Vec<Option<usize>> {
        values
            .iter()
            .map(|&v| if v == 0 { None } else { Some(v - 1) })
            .collect()
    }

    #[test]
    fn section_score_is_the_mean_of_answered_attributes_and_level_is_the_floor() {
        let r = builtin();
        // Core (5): 3,2,4,1,2 = 2.4 -> Emerging. Creating (6): all 3. Using (3): 4,4,4. Maintaining: 1,2,2.
        let l = levels(&[3, 2, 4, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 1, 2, 2]);
        let sc = score_levels(&r, &l, 3);
        let core = sc.sections[0].score.unwrap();
        assert!((core.value - 2.4).abs() < 1e-12);
        assert_eq!(core.level, 1);
        assert_eq!(sc.sections[1].score.unwrap().level, 2);
        assert_eq!(sc.sections[2].score.unwrap().level, 3);
        let m = sc.sections[3].score.unwrap();
        assert!((m.value - 5.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.level, 0);
        // Overall = mean of section scores, each section weighing the same.
        let expect = (2.4 + 3.0 + 4.0 + 5.0 / 3.0) / 4.0;
        assert!((sc.overall.unwrap().value - expect).abs() < 1e-12);
        assert_eq!(sc.overall.unwrap().level, 1);
    }

    #[test]
    fn unanswered_attributes_are_left_out_of_the_mean_and_counted_in_coverage() {
        let r = builtin();
        let mut l = levels(&[4; 17]);
        l[0] = None; // core-attributes: 4 answered, all 4
        l[1] = Some(0);
        let sc = score_levels(&r, &l, 3);
        assert_eq!(sc.sections[0].answered, 4);
        assert_eq!(sc.sections[0].total, 5);
        assert!((sc.sections[0].score.unwrap().value - 13.0 / 4.0).abs() < 1e-12);
        assert_eq!((sc.answered, sc.total), (16, 17));
        assert_eq!(sc.unanswered, vec![0]);
    }

    #[test]
    fn a_section_with_nothing_answered_has_no_score_and_is_left_out_of_the_overall_mean() {
        let r = builtin();
        let mut l = levels(&[2; 17]);
        for i in r.sections[3].attributes.clone() {
            l[i] = None;
        }
        l[0] = Some(3); // core: (4+2+2+2+2)/5 = 2.4
        let sc = score_levels(&r, &l, 3);
        assert_eq!(sc.sections[3].score, None);
        let expect = (2.4 + 2.0 + 2.0) / 3.0;
        assert!((sc.overall.unwrap().value - expect).abs() < 1e-12);
    }

    #[test]
    fn nothing_answered_means_no_overall_score() {
        let r = builtin();
        let sc = score_levels(&r, &[None; 17], 3);
        assert_eq!(sc.overall, None);
        assert!(sc.next_steps.is_empty());
        assert_eq!(sc.unanswered.len(), 17);
    }

    #[test]
    fn a_score_exactly_on_a_level_value_reaches_that_level() {
        assert_eq!(level_for(3.0, 4), 2);
        assert_eq!(level_for(2.9999999999, 4), 2);
        assert_eq!(level_for(2.99, 4), 1);
        assert_eq!(level_for(4.0, 4), 3);
        assert_eq!(level_for(1.0, 4), 0);
    }

    #[test]
    fn next_steps_take_the_lowest_level_first_then_the_earlier_stage() {
        let r = builtin();
        // training (core, idx 3) at 1: gap 3; depth (creating, idx 10) at 1: gap 3;
        // sharing (core, idx 1) at 3: gap 1; frequency (maintaining, idx 14) at 2: gap 2.
        let mut l = levels(&[4; 17]);
        l[3] = Some(0);
        l[10] = Some(0);
        l[1] = Some(2);
        l[14] = Some(1);
        let sc = score_levels(&r, &l, 3);
        let order: Vec<usize> = sc.next_steps.iter().map(|s| s.attribute).collect();
        // Both to Emerging first: depth (written personas) before training (sharing and
        // training); then frequency to Advancing, then sharing to Fully Optimized.
        assert_eq!(order, vec![10, 3, 14, 1]);
        assert_eq!(sc.next_steps[0].next, 1);
        assert_eq!(sc.next_steps[0].gap, 3);
    }

    #[test]
    fn next_steps_only_list_attributes_below_the_target() {
        let r = builtin();
        let l = levels(&[1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1]);
        let sc = score_levels(&r, &l, 2); // target: advancing
        assert!(sc.next_steps.iter().all(|s| s.current < 2));
        assert_eq!(
            sc.next_steps.len(),
            l.iter().filter(|x| x.unwrap() < 2).count()
        );
        assert!(sc.next_steps.iter().all(|s| s.gap == 2 - s.current));
    }

    #[test]
    fn moves_list_regressions_first_then_rises_then_answered_on_one_side() {
        let r = builtin();
        let before = score_levels(
            &r,
            &levels(&[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0]),
            3,
        );
        let after = score_levels(
            &r,
            &levels(&[3, 1, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 4]),
            3,
        );
        let m = moves(&before, &after);
        let got: Vec<(usize, Option<i64>)> = m.iter().map(|m| (m.attribute, m.change())).collect();
        assert_eq!(
            got,
            vec![
                (1, Some(-1)),
                (2, Some(2)),
                (0, Some(1)),
                (15, None),
                (16, None)
            ]
        );
        assert!(moves(&after, &after).is_empty());
    }
}
