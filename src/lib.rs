//! persona-maturity: measure how mature a buyer-persona program is against the Persona
//! Optimization Framework, see what to do next, and keep the program from slipping.
//!
//! The flow runs one way: a `rubric::Rubric` is loaded and validated; an answers file is parsed
//! (`source`) and resolved against it into an `assessment::Assessment` (a form export is read by
//! `import` into the same); `score::score` turns that into a `score::Scorecard` (`combine` does so
//! for several respondents, `check` adds the program file's verdict); `view` gathers everything a
//! report shows, once; a renderer in `render` lays it out in one format. `history` (versions from
//! git) and `plan` (a roadmap) are domain modules of their own, rendered the same way; `form` is the
//! questionnaire as a form, and `questionnaire` the terminal one. `commands` runs each command
//! (printing through `output`), `app` the process. No module depends on one that depends on it:
//! `.ci/modules.py` fails the build on a circle.

pub mod app;
pub mod assessment;
pub mod check;
pub mod cli;
pub mod combine;
pub mod commands;
pub mod completions;
pub mod diagnostic;
pub mod escape;
pub mod form;
pub mod history;
pub mod import;
pub mod man;
pub mod outcome;
pub mod output;
pub mod plan;
pub mod program;
pub mod questionnaire;
pub mod render;
pub mod rubric;
pub mod rule;
pub mod rule_help;
pub mod save;
pub mod schema;
pub mod score;
pub mod source;
pub mod style;
pub mod suggest;
pub mod template;
pub mod view;
pub mod words;
