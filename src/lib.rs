//! persona-maturity: measure how mature a buyer-persona program is against the Persona
//! Optimization Framework, see what to do next, and keep the program from slipping.
//!
//! The flow runs one way: a `rubric::Rubric` is loaded and validated; an answers file is parsed
//! (`source`) and resolved against it into an `assessment::Assessment`; `score::score` turns that
//! into a `score::Scorecard`; a renderer in `render` formats it.

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
pub mod plan;
pub mod program;
pub mod questionnaire;
pub mod render;
pub mod rubric;
pub mod rule;
pub mod save;
pub mod schema;
pub mod score;
pub mod source;
pub mod style;
pub mod suggest;
pub mod template;
pub mod view;
pub mod words;
