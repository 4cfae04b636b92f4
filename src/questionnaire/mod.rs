//! The questionnaire (`assess`): a state machine over the rubric and a partial assessment
//! (`flow`), screens laid out for the terminal's size (`layout`), a full-screen terminal front-end
//! (`tty`) and a line-by-line one for pipes, scripts and dumb terminals (`plain`), and the session
//! around them (`session`): the answers file (`file`, edited in place by `edit`), its lock
//! (`lock`), signals, the intro and the summary. A line being typed is a `field`.

pub mod edit;
pub mod field;
pub mod file;
pub mod flow;
pub mod layout;
pub mod lock;
pub mod plain;
pub mod session;
pub mod tty;
