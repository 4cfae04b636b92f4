//! The questionnaire's state machine: which question comes next, what a reply does to the
//! assessment, and saving after every change. No terminal here: a `Frontend` asks and answers.

use crate::assessment::{Answer, Assessment};
use crate::rubric::Rubric;

/// What a person answered to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A level index (0 = lowest).
    Level(usize),
    /// Not sure: leave it unanswered and go on.
    Unsure,
    /// Go to the previous question.
    Back,
    /// Save and stop.
    Quit,
    /// Ctrl-C or Esc: save and stop with exit code 130.
    Interrupted,
    /// The input ended (plain front-end): save and stop.
    EndOfInput,
}

/// One screen's worth of question.
pub struct Question<'a> {
    pub rubric: &'a Rubric,
    /// Attribute index.
    pub index: usize,
    /// The answer given before (resume, back), where the cursor starts.
    pub current: Answer,
    pub note: Option<&'a str>,
}

/// A way of asking: a terminal, a pipe, or a script.
pub trait Frontend {
    /// Ask one question.
    fn ask(&mut self, q: &Question) -> Reply;
    /// Ask for an optional one-line note after an answer (the question carries the note given
    /// before, if any); `None` for no note.
    /// `Err(reply)` for an interruption or end of input.
    fn ask_note(&mut self, q: &Question) -> Result<Option<String>, Reply>;
    /// The answers file exists with `reached` of `total` questions reached: resume (`true`) or
    /// start over? `None` when the person stopped instead (interrupt or end of input).
    fn ask_resume(&mut self, reached: usize, total: usize) -> Option<bool>;
}

/// How the questionnaire ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Quit,
    Interrupted,
    EndOfInput,
}

/// Where to start: the first question not reached yet (answered and "not sure" ones were seen).
pub fn first_open(assessment: &Assessment) -> Option<usize> {
    assessment
        .answers
        .iter()
        .position(|a| *a == Answer::Missing)
}

/// Ask from `start` to the end. `save` is called after every change to the assessment, before
/// the next question is shown; a save that fails stops the questionnaire with that error.
pub fn run<E>(
    rubric: &Rubric,
    assessment: &mut Assessment,
    start: usize,
    notes: bool,
    frontend: &mut dyn Frontend,
    save: &mut dyn FnMut(&Assessment) -> Result<(), E>,
) -> Result<Outcome, E> {
    let n = rubric.attributes.len();
    let mut pos = start.min(n);
    while pos < n {
        let q = Question {
            rubric,
            index: pos,
            current: assessment.answers[pos],
            note: assessment.notes[pos].as_deref(),
        };
        match frontend.ask(&q) {
            Reply::Level(l) if l < rubric.levels.len() => {
                assessment.answers[pos] = Answer::Level(l);
                save(assessment)?;
                if notes {
                    let q = Question {
                        current: assessment.answers[pos],
                        ..q
                    };
                    match frontend.ask_note(&q) {
                        Ok(note) => {
                            if note != assessment.notes[pos] {
                                assessment.notes[pos] = note;
                                save(assessment)?;
                            }
                        }
                        Err(Reply::Interrupted) => return Ok(Outcome::Interrupted),
                        Err(_) => return Ok(Outcome::EndOfInput),
                    }
                }
                pos += 1;
            }
            Reply::Level(_) => {} // out of range: ask again
            Reply::Unsure => {
                assessment.answers[pos] = Answer::Unsure;
                save(assessment)?;
                pos += 1;
            }
            Reply::Back => pos = pos.saturating_sub(1),
            Reply::Quit => {
                save(assessment)?;
                return Ok(Outcome::Quit);
            }
            Reply::Interrupted => return Ok(Outcome::Interrupted),
            Reply::EndOfInput => return Ok(Outcome::EndOfInput),
        }
    }
    Ok(Outcome::Completed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replies from a script; records which question each was given to.
    struct Scripted {
        replies: Vec<Reply>,
        notes: Vec<Option<String>>,
        asked: Vec<(usize, Answer)>,
    }

    impl Frontend for Scripted {
        fn ask(&mut self, q: &Question) -> Reply {
            self.asked.push((q.index, q.current));
            if self.replies.is_empty() {
                Reply::EndOfInput
            } else {
                self.replies.remove(0)
            }
        }
        fn ask_note(&mut self, _q: &Question) -> Result<Option<String>, Reply> {
            if self.notes.is_empty() {
                Ok(None)
            } else {
                Ok(self.notes.remove(0))
            }
        }
        fn ask_resume(&mut self, _reached: usize, _total: usize) -> Option<bool> {
            Some(true)
        }
    }

    fn script(replies: Vec<Reply>) -> Scripted {
        Scripted {
            replies,
            notes: vec![],
            asked: vec![],
        }
    }

    /// Run and return the outcome and every saved state.
    fn run_script(
        fe: &mut Scripted,
        a: &mut Assessment,
        start: usize,
        notes: bool,
    ) -> (Outcome, Vec<Vec<Answer>>) {
        let r = Rubric::builtin();
        let mut saves = Vec::new();
        let outcome = run::<()>(&r, a, start, notes, fe, &mut |x: &Assessment| {
            saves.push(x.answers.clone());
            Ok(())
        })
        .unwrap();
        (outcome, saves)
    }

    #[test]
    fn questions_come_in_rubric_order_and_every_answer_is_saved_before_the_next_question() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script((0..17).map(|i| Reply::Level(i % 4)).collect());
        let (outcome, saves) = run_script(&mut fe, &mut a, 0, false);
        assert_eq!(outcome, Outcome::Completed);
        assert_eq!(
            fe.asked.iter().map(|x| x.0).collect::<Vec<_>>(),
            (0..17).collect::<Vec<_>>()
        );
        assert_eq!(saves.len(), 17);
        for (k, s) in saves.iter().enumerate() {
            assert_eq!(s.iter().filter(|x| **x != Answer::Missing).count(), k + 1);
        }
        assert_eq!(a.answers[5], Answer::Level(1));
    }

    #[test]
    fn back_returns_to_the_previous_question_showing_its_answer() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![
            Reply::Level(2),
            Reply::Back,
            Reply::Level(3),
            Reply::Quit,
        ]);
        let (outcome, _) = run_script(&mut fe, &mut a, 0, false);
        assert_eq!(outcome, Outcome::Quit);
        assert_eq!(
            fe.asked,
            vec![
                (0, Answer::Missing),
                (1, Answer::Missing),
                (0, Answer::Level(2)),
                (1, Answer::Missing)
            ]
        );
        assert_eq!(a.answers[0], Answer::Level(3));
    }

    #[test]
    fn back_on_the_first_question_stays_there() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Back, Reply::Quit]);
        run_script(&mut fe, &mut a, 0, false);
        assert_eq!(fe.asked[1].0, 0);
    }

    #[test]
    fn not_sure_records_an_explicit_unanswered_and_moves_on() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Unsure, Reply::Level(1)]);
        let (outcome, saves) = run_script(&mut fe, &mut a, 0, false);
        assert_eq!(outcome, Outcome::EndOfInput);
        assert_eq!(a.answers[0], Answer::Unsure);
        assert_eq!(a.answers[1], Answer::Level(1));
        assert_eq!(saves.len(), 2);
    }

    #[test]
    fn resume_starts_at_the_first_question_not_reached() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers[0] = Answer::Level(1);
        a.answers[1] = Answer::Unsure;
        assert_eq!(first_open(&a), Some(2));
        let mut fe = script(vec![Reply::Quit]);
        run_script(&mut fe, &mut a, 2, false);
        assert_eq!(fe.asked[0].0, 2);
    }

    #[test]
    fn an_interruption_keeps_every_confirmed_answer() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(0), Reply::Level(1), Reply::Interrupted]);
        let (outcome, saves) = run_script(&mut fe, &mut a, 0, false);
        assert_eq!(outcome, Outcome::Interrupted);
        assert_eq!(
            saves.last().unwrap()[..2],
            [Answer::Level(0), Answer::Level(1)]
        );
    }

    #[test]
    fn notes_are_asked_after_an_answer_and_saved_with_it() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(2), Reply::Level(1), Reply::Quit]);
        fe.notes = vec![Some("Dana owns it".into()), None];
        run_script(&mut fe, &mut a, 0, true);
        assert_eq!(a.notes[0].as_deref(), Some("Dana owns it"));
        assert_eq!(a.notes[1], None);
    }

    #[test]
    fn a_failing_save_stops_the_questionnaire() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(0), Reply::Level(0)]);
        let result = run(&r, &mut a, 0, false, &mut fe, &mut |_: &Assessment| {
            Err("disk full")
        });
        assert_eq!(result, Err("disk full"));
        assert_eq!(fe.asked.len(), 1);
    }
}
