//! The interactive questionnaire (`assess`): a state machine over the rubric and a partial
//! assessment (`flow`), with the terminal behind a small trait: a real TTY front-end (`tty`), a
//! plain line-by-line one for pipes and scripts (`plain`), and a scripted one in the tests.

pub mod flow;
pub mod plain;
pub mod tty;

pub use flow::{run, Frontend, Outcome, Question, Reply};
