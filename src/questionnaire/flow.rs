//! The questionnaire's state machine: which screen comes next, what a reply does to the
//! assessment, and saving after every change. No terminal and no clock here: a [`Frontend`] asks,
//! and `save` writes.
//!
//! Two modes. A **walk** asks questions one after another: all of them from where the person
//! stopped, only the not-sure and unanswered ones, or a single one chosen from the review list.
//! The **review list** shows every attribute with its answer; from it a person changes any answer
//! (and comes back to the list), walks the open ones, carries on with the walk they left for the
//! list, finishes or stops. A walk through all questions ends at the review list, and so does
//! resuming a file in which every question has been reached.

use crate::assessment::{Answer, Assessment};
use crate::rubric::Rubric;

/// How a person stopped before finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `q` or Esc: save and quit, to resume later.
    Quit,
    /// Ctrl-C: save and stop with exit code 130.
    Interrupted,
    /// The input ended (line mode).
    EndOfInput,
    /// Line mode: too many lines in a row meant nothing.
    TooManyBadLines,
}

/// What a person answered to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// A level index (0 = lowest).
    Level(usize),
    /// Not sure: leave it unanswered and go on.
    Unsure,
    /// The previous question of this walk (from a single changed answer: the review list).
    Back,
    /// The review list.
    Review,
    Stop(Stop),
}

/// What a person answered when asked for a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteReply {
    /// The note (`None`: no note, removing one given before).
    Note(Option<String>),
    /// Leave the note as it was (Esc).
    Keep,
    /// Stopped while typing; what they had typed (when it differs from the note given before)
    /// is kept as the note: nothing typed is lost.
    Stop(Stop, Option<String>),
}

/// What a person chose on the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewReply {
    /// Change the answer of this attribute.
    Change(usize),
    /// Walk the not-sure and unanswered questions.
    AnswerOpen,
    /// Carry on with the walk left for the list (`Review::resume`).
    Resume,
    Finish,
    Stop(Stop),
}

/// How far an assessment is. Every screen and message counts with this one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Attributes with a level.
    pub answered: usize,
    /// Attributes explicitly left unanswered.
    pub not_sure: usize,
    /// Attributes not reached yet.
    pub not_reached: usize,
    pub total: usize,
}

impl Counts {
    pub fn of(a: &Assessment) -> Counts {
        let count = |f: fn(&Answer) -> bool| a.answers.iter().filter(|x| f(x)).count();
        Counts {
            answered: count(|x| matches!(x, Answer::Level(_))),
            not_sure: count(|x| *x == Answer::Unsure),
            not_reached: count(|x| *x == Answer::Missing),
            total: a.answers.len(),
        }
    }

    /// Questions still open: not sure or not reached.
    pub fn open(&self) -> usize {
        self.not_sure + self.not_reached
    }

    /// "16 of 17 answered, 1 not sure" (the parts that are not zero after the first).
    pub fn sentence(&self) -> String {
        let mut parts = vec![format!("{} of {} answered", self.answered, self.total)];
        if self.not_sure > 0 {
            parts.push(format!("{} not sure", self.not_sure));
        }
        if self.not_reached > 0 {
            parts.push(format!("{} not reached yet", self.not_reached));
        }
        parts.join(", ")
    }
}

/// Which walk a question belongs to, for its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Every question in rubric order.
    All,
    /// Only the open questions: this is the `k`-th (1-based) of `n`.
    Open { k: usize, n: usize },
    /// One answer chosen from the review list.
    Change,
}

/// One screen's worth of question.
pub struct Question<'a> {
    pub rubric: &'a Rubric,
    /// Attribute index.
    pub index: usize,
    /// The answer given before (resume, back), where the cursor starts.
    pub current: Answer,
    pub note: Option<&'a str>,
    pub pass: Pass,
    pub counts: Counts,
}

/// The review list's content.
pub struct Review<'a> {
    pub rubric: &'a Rubric,
    pub answers: &'a [Answer],
    pub notes: &'a [Option<String>],
    /// The attribute to highlight: the one last answered or changed.
    pub cursor: usize,
    pub counts: Counts,
    /// The question a walk left for the list was at (`r` part-way): the list offers to carry on
    /// there.
    pub resume: Option<usize>,
}

/// A way of asking: a terminal, a pipe, or a script.
pub trait Frontend {
    /// Ask one question.
    fn ask(&mut self, q: &Question) -> Reply;
    /// Ask for an optional note after an answer (the question carries the note given before).
    fn ask_note(&mut self, q: &Question) -> NoteReply;
    /// Show the review list and take a choice.
    fn review(&mut self, r: &Review) -> ReviewReply;
}

/// How the questionnaire ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Finish was chosen on the review list.
    Finished,
    Stopped(Stop),
}

/// Where the questionnaire starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A walk through every question, from this attribute index.
    At(usize),
    /// The review list.
    Review,
    /// A walk through the open questions (the review list when there are none).
    Open,
}

/// Where to start a file: the first question not reached yet, or (every question reached) the
/// review list.
pub fn start_for(assessment: &Assessment) -> Start {
    match first_open(assessment) {
        Some(i) => Start::At(i),
        None => Start::Review,
    }
}

/// The first question not reached yet (answered and "not sure" ones were seen).
pub fn first_open(assessment: &Assessment) -> Option<usize> {
    assessment
        .answers
        .iter()
        .position(|a| *a == Answer::Missing)
}

enum Mode {
    Walk {
        order: Vec<usize>,
        pos: usize,
        pass: Walk,
    },
    Review,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    All,
    Open,
    Change,
}

fn open_questions(a: &Assessment) -> Vec<usize> {
    (0..a.answers.len())
        .filter(|&i| a.answers[i].level().is_none())
        .collect()
}

/// Run the questionnaire. `save` is called after every change to the assessment, before the next
/// screen is shown, and never when nothing changed; a save that fails stops the questionnaire with
/// that error.
pub fn run<E>(
    rubric: &Rubric,
    assessment: &mut Assessment,
    start: Start,
    notes: bool,
    frontend: &mut dyn Frontend,
    save: &mut dyn FnMut(&Assessment) -> Result<(), E>,
) -> Result<Outcome, E> {
    let n = rubric.attributes.len();
    let levels = rubric.levels.len();
    let mut cursor = 0;
    // The walk left for the review list part-way (`r`): the list offers to carry on with it
    // (after any number of answers changed from the list, each of which comes back to it).
    let mut paused: Option<Mode> = None;
    let mut mode = match start {
        Start::At(i) => Mode::Walk {
            order: (0..n).collect(),
            pos: i.min(n),
            pass: Walk::All,
        },
        Start::Review => Mode::Review,
        Start::Open => Mode::Walk {
            order: open_questions(assessment),
            pos: 0,
            pass: Walk::Open,
        },
    };
    loop {
        match &mut mode {
            Mode::Review => {
                let resume = match &paused {
                    Some(Mode::Walk { order, pos, .. }) => order.get(*pos).copied(),
                    _ => None,
                };
                let review = Review {
                    rubric,
                    answers: &assessment.answers,
                    notes: &assessment.notes,
                    cursor,
                    counts: Counts::of(assessment),
                    resume,
                };
                let reply = frontend.review(&review);
                match after_review(reply, n, assessment, &mut cursor, &mut paused) {
                    Ok(Some(next)) => mode = next,
                    Ok(None) => {}
                    Err(outcome) => return Ok(outcome),
                }
            }
            Mode::Walk { order, pos, pass } => {
                if *pos >= order.len() {
                    mode = Mode::Review;
                    continue;
                }
                let i = order[*pos];
                let q = Question {
                    rubric,
                    index: i,
                    current: assessment.answers[i],
                    note: assessment.notes[i].as_deref(),
                    pass: match pass {
                        Walk::All => Pass::All,
                        Walk::Open => Pass::Open {
                            k: *pos + 1,
                            n: order.len(),
                        },
                        Walk::Change => Pass::Change,
                    },
                    counts: Counts::of(assessment),
                };
                let answer = match frontend.ask(&q) {
                    Reply::Level(l) if l < levels => Answer::Level(l),
                    Reply::Level(_) => continue,
                    Reply::Unsure => Answer::Unsure,
                    Reply::Back => {
                        if *pass == Walk::Change {
                            mode = Mode::Review;
                        } else {
                            *pos = pos.saturating_sub(1);
                        }
                        continue;
                    }
                    Reply::Review => {
                        cursor = i;
                        if *pass != Walk::Change {
                            paused = Some(Mode::Walk {
                                order: order.clone(),
                                pos: *pos,
                                pass: *pass,
                            });
                        }
                        mode = Mode::Review;
                        continue;
                    }
                    Reply::Stop(s) => return Ok(Outcome::Stopped(s)),
                };
                cursor = i;
                if assessment.answers[i] != answer {
                    assessment.answers[i] = answer;
                    save(assessment)?;
                }
                if notes {
                    if let Some(outcome) = note_step(frontend, rubric, assessment, i, q.pass, save)?
                    {
                        return Ok(outcome);
                    }
                }
                *pos += 1;
            }
        }
    }
}

/// Where a reply on the review list leads: another mode, the same (`None`), or the end. The walk
/// left for the list (`paused`) waits through changes, and is carried on with `Resume`.
fn after_review(
    reply: ReviewReply,
    n: usize,
    assessment: &Assessment,
    cursor: &mut usize,
    paused: &mut Option<Mode>,
) -> Result<Option<Mode>, Outcome> {
    if !matches!(reply, ReviewReply::Change(_) | ReviewReply::Resume) {
        *paused = None;
    }
    Ok(match reply {
        ReviewReply::Change(i) if i < n => {
            *cursor = i;
            Some(Mode::Walk {
                order: vec![i],
                pos: 0,
                pass: Walk::Change,
            })
        }
        ReviewReply::Change(_) => None,
        ReviewReply::AnswerOpen => {
            let open = open_questions(assessment);
            (!open.is_empty()).then_some(Mode::Walk {
                order: open,
                pos: 0,
                pass: Walk::Open,
            })
        }
        ReviewReply::Resume => paused.take(),
        ReviewReply::Finish => return Err(Outcome::Finished),
        ReviewReply::Stop(s) => return Err(Outcome::Stopped(s)),
    })
}

/// Ask for attribute `i`'s note once it is answered, saving a changed one; the outcome when the
/// person stops there.
fn note_step<E>(
    frontend: &mut dyn Frontend,
    rubric: &Rubric,
    assessment: &mut Assessment,
    i: usize,
    pass: Pass,
    save: &mut dyn FnMut(&Assessment) -> Result<(), E>,
) -> Result<Option<Outcome>, E> {
    let q = Question {
        rubric,
        index: i,
        current: assessment.answers[i],
        note: assessment.notes[i].as_deref(),
        pass,
        counts: Counts::of(assessment),
    };
    match frontend.ask_note(&q) {
        NoteReply::Note(note) => {
            if note != assessment.notes[i] {
                assessment.notes[i] = note;
                save(assessment)?;
            }
        }
        NoteReply::Keep => {}
        NoteReply::Stop(s, typed) => {
            if typed.is_some() && typed != assessment.notes[i] {
                assessment.notes[i] = typed;
                save(assessment)?;
            }
            return Ok(Some(Outcome::Stopped(s)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replies from a script; records which question each was given to.
    #[derive(Default)]
    struct Scripted {
        replies: Vec<Reply>,
        notes: Vec<NoteReply>,
        reviews: Vec<ReviewReply>,
        asked: Vec<(usize, Answer, Pass)>,
        reviewed: Vec<(usize, Counts)>,
    }

    impl Frontend for Scripted {
        fn ask(&mut self, q: &Question) -> Reply {
            self.asked.push((q.index, q.current, q.pass));
            if self.replies.is_empty() {
                Reply::Stop(Stop::EndOfInput)
            } else {
                self.replies.remove(0)
            }
        }
        fn ask_note(&mut self, _q: &Question) -> NoteReply {
            if self.notes.is_empty() {
                NoteReply::Note(None)
            } else {
                self.notes.remove(0)
            }
        }
        fn review(&mut self, r: &Review) -> ReviewReply {
            self.reviewed.push((r.cursor, r.counts));
            if self.reviews.is_empty() {
                ReviewReply::Finish
            } else {
                self.reviews.remove(0)
            }
        }
    }

    fn script(replies: Vec<Reply>) -> Scripted {
        Scripted {
            replies,
            ..Scripted::default()
        }
    }

    /// Run and return the outcome and every saved state.
    fn run_script(
        fe: &mut Scripted,
        a: &mut Assessment,
        start: Start,
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
        let (outcome, saves) = run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(outcome, Outcome::Finished);
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
    fn the_last_question_leads_to_the_review_list_with_every_count() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut replies: Vec<Reply> = (0..16).map(|_| Reply::Level(2)).collect();
        replies.push(Reply::Unsure);
        let mut fe = script(replies);
        run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(fe.reviewed.len(), 1);
        let (cursor, counts) = fe.reviewed[0];
        assert_eq!(cursor, 16, "the review highlights the last answer");
        assert_eq!(
            counts,
            Counts {
                answered: 16,
                not_sure: 1,
                not_reached: 0,
                total: 17
            }
        );
        assert_eq!(counts.sentence(), "16 of 17 answered, 1 not sure");
    }

    #[test]
    fn an_answer_is_changed_from_the_review_list_and_the_list_comes_back() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers = vec![Answer::Level(1); 17];
        let mut fe = script(vec![Reply::Level(3)]);
        fe.reviews = vec![ReviewReply::Change(4), ReviewReply::Finish];
        let (outcome, saves) = run_script(&mut fe, &mut a, Start::Review, false);
        assert_eq!(outcome, Outcome::Finished);
        assert_eq!(fe.asked, vec![(4, Answer::Level(1), Pass::Change)]);
        assert_eq!(a.answers[4], Answer::Level(3));
        assert_eq!(saves.len(), 1);
        assert_eq!(fe.reviewed[1].0, 4);
    }

    #[test]
    fn back_from_a_changed_answer_returns_to_the_list_unchanged() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers = vec![Answer::Level(1); 17];
        let mut fe = script(vec![Reply::Back]);
        fe.reviews = vec![ReviewReply::Change(2), ReviewReply::Finish];
        let (_, saves) = run_script(&mut fe, &mut a, Start::Review, false);
        assert!(saves.is_empty());
        assert_eq!(fe.reviewed.len(), 2);
    }

    #[test]
    fn answering_the_open_ones_walks_only_not_sure_and_unanswered_questions() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers = vec![Answer::Level(2); 17];
        a.answers[3] = Answer::Unsure;
        a.answers[9] = Answer::Missing;
        let mut fe = script(vec![Reply::Level(0), Reply::Unsure]);
        fe.reviews = vec![ReviewReply::AnswerOpen, ReviewReply::Finish];
        run_script(&mut fe, &mut a, Start::Review, false);
        assert_eq!(
            fe.asked,
            vec![
                (3, Answer::Unsure, Pass::Open { k: 1, n: 2 }),
                (9, Answer::Missing, Pass::Open { k: 2, n: 2 })
            ]
        );
        assert_eq!(a.answers[3], Answer::Level(0));
        assert_eq!(a.answers[9], Answer::Unsure);
    }

    #[test]
    fn nothing_is_saved_when_nothing_changes() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers = vec![Answer::Level(2); 17];
        // Walk from the start, giving every answer it already has, then finish.
        let mut fe = script(vec![Reply::Level(2); 17]);
        let (outcome, saves) = run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(outcome, Outcome::Finished);
        assert!(saves.is_empty());
    }

    #[test]
    fn back_returns_to_the_previous_question_showing_its_answer() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![
            Reply::Level(2),
            Reply::Back,
            Reply::Level(3),
            Reply::Stop(Stop::Quit),
        ]);
        let (outcome, _) = run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(outcome, Outcome::Stopped(Stop::Quit));
        let asked: Vec<(usize, Answer)> = fe.asked.iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            asked,
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
        let mut fe = script(vec![Reply::Back, Reply::Stop(Stop::Quit)]);
        run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(fe.asked[1].0, 0);
    }

    #[test]
    fn review_at_any_question_opens_the_list_at_that_attribute() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(1), Reply::Review]);
        fe.reviews = vec![ReviewReply::Stop(Stop::Quit)];
        let (outcome, _) = run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(outcome, Outcome::Stopped(Stop::Quit));
        assert_eq!(fe.reviewed[0].0, 1);
    }

    #[test]
    fn a_change_made_from_the_list_part_way_comes_back_to_the_list_which_offers_to_carry_on() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        // Answer 0 and 1, open the list at question 2, change answer 0, back at the list carry
        // on: question 2 again.
        let mut fe = script(vec![
            Reply::Level(1),
            Reply::Level(1),
            Reply::Review,
            Reply::Level(3),
            Reply::Level(2),
        ]);
        fe.reviews = vec![ReviewReply::Change(0), ReviewReply::Resume];
        let (_, _) = run_script(&mut fe, &mut a, Start::At(0), false);
        let asked: Vec<usize> = fe.asked.iter().map(|(i, _, _)| *i).collect();
        assert_eq!(
            &asked[..5],
            &[0, 1, 2, 0, 2],
            "the walk carries on at question 2"
        );
        assert_eq!(a.answers[0], Answer::Level(3));
        assert_eq!(a.answers[2], Answer::Level(2));
        assert_eq!(fe.reviewed.len(), 2, "the list comes back after the change");
        assert_eq!(fe.reviewed[1].0, 0, "at the answer changed");
    }

    #[test]
    fn a_note_half_typed_when_the_person_stops_is_kept() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(2)]);
        fe.notes = vec![NoteReply::Stop(Stop::Interrupted, Some("ask fin".into()))];
        let (outcome, saves) = run_script(&mut fe, &mut a, Start::At(0), true);
        assert_eq!(outcome, Outcome::Stopped(Stop::Interrupted));
        assert_eq!(a.notes[0].as_deref(), Some("ask fin"));
        assert_eq!(saves.len(), 2, "the answer, then the note");
    }

    #[test]
    fn resume_starts_at_the_first_question_not_reached_or_the_review_list() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers[0] = Answer::Level(1);
        a.answers[1] = Answer::Unsure;
        assert_eq!(start_for(&a), Start::At(2));
        a.answers = vec![Answer::Unsure; 17];
        assert_eq!(start_for(&a), Start::Review);
    }

    #[test]
    fn an_interruption_keeps_every_confirmed_answer() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![
            Reply::Level(0),
            Reply::Level(1),
            Reply::Stop(Stop::Interrupted),
        ]);
        let (outcome, saves) = run_script(&mut fe, &mut a, Start::At(0), false);
        assert_eq!(outcome, Outcome::Stopped(Stop::Interrupted));
        assert_eq!(
            saves.last().unwrap()[..2],
            [Answer::Level(0), Answer::Level(1)]
        );
    }

    #[test]
    fn notes_follow_answers_and_not_sure_and_esc_keeps_the_level() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![
            Reply::Level(2),
            Reply::Unsure,
            Reply::Level(1),
            Reply::Stop(Stop::Quit),
        ]);
        fe.notes = vec![
            NoteReply::Note(Some("Dana owns it".into())),
            NoteReply::Note(Some("ask finance".into())),
            NoteReply::Keep,
        ];
        run_script(&mut fe, &mut a, Start::At(0), true);
        assert_eq!(a.notes[0].as_deref(), Some("Dana owns it"));
        assert_eq!(a.answers[1], Answer::Unsure);
        assert_eq!(a.notes[1].as_deref(), Some("ask finance"));
        assert_eq!(a.answers[2], Answer::Level(1));
        assert_eq!(a.notes[2], None);
    }

    #[test]
    fn a_failing_save_stops_the_questionnaire() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        let mut fe = script(vec![Reply::Level(0), Reply::Level(0)]);
        let result = run(
            &r,
            &mut a,
            Start::At(0),
            false,
            &mut fe,
            &mut |_: &Assessment| Err("disk full"),
        );
        assert_eq!(result, Err("disk full"));
        assert_eq!(fe.asked.len(), 1);
    }
}
