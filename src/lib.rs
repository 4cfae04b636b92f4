//! persona-maturity: measure how mature a buyer-persona program is against the Persona
//! Optimization Framework, see what to do next, and keep the program from slipping.
//!
//! The flow runs one way: a `rubric::Rubric` is loaded and validated; an answers file is parsed
//! (`source`) and resolved against it into an `assessment::Assessment` (a form export is read by
//! `import` into the same); [`score::score`] turns that into a `score::Scorecard` (`combine` does
//! so for several respondents, `check` adds the program file's verdict); `view` gathers everything
//! a report shows, once; a renderer in `render` lays it out in one format. `history` (versions from
//! git) and `plan` (a roadmap) are domain modules of their own, rendered the same way; `form` is
//! the questionnaire as a form, and `questionnaire` the terminal one. `commands` runs each command
//! (printing through `output`), `app` the process. No module depends on one that depends on it:
//! `.ci/modules.py` fails the build on a circle.

// Every module is private and the documentation is for the people who work on the code, built
// with `--document-private-items` (CI fails on a link that does not resolve): a `pub` item of a
// private module linking another is the normal case here, not a leak.
#![allow(rustdoc::private_intra_doc_links)]

mod app;
mod assessment;
mod check;
mod cli;
mod combine;
mod commands;
mod completions;
mod contradiction;
mod diagnostic;
mod error;
mod escape;
mod evidence;
mod form;
mod history;
mod import;
mod man;
mod outcome;
mod output;
mod plan;
mod program;
mod progress;
mod questionnaire;
mod render;
mod rubric;
mod rule;
mod rule_help;
mod save;
mod schema;
mod score;
mod source;
mod style;
mod suggest;
mod template;
mod view;
mod words;

/// The program: parse the arguments, run the command, return the exit code.
pub use app::main;

/// The parts the test suite, the benches and the fuzz targets drive directly, at the paths they
/// use. Not an API: everything else in the crate is private, so the compiler reports what nothing
/// uses.
#[doc(hidden)]
pub mod hooks {
    pub mod app {
        pub use crate::app::answers_file_text;
    }
    pub mod assessment {
        pub use crate::assessment::{Answer, Assessment};
    }
    pub mod check {
        pub use crate::check::{run, Input, Severity};
        pub mod evidence {
            pub use crate::check::evidence::{
                database_completeness, depth_of_personas, frequency_of_updates, from_sources,
                highest, number_of_personas, persona_depth, use_of_data_to_refine, SOURCED,
            };
        }
    }
    pub mod cli {
        pub use crate::cli::Format;

        /// The command line as clap knows it: every command, flag and value.
        pub fn command() -> clap::Command {
            <crate::cli::Cli as clap::CommandFactory>::command()
        }
    }
    pub mod combine {
        pub use crate::combine::Tally;
    }
    pub mod commands {
        pub mod check {
            pub use crate::commands::check::render;
        }
        pub mod import {
            pub use crate::commands::import::slug;
        }
        pub mod score {
            pub use crate::commands::score::render;
        }
    }
    pub mod diagnostic {
        pub use crate::diagnostic::Diagnostic;
    }
    pub mod escape {
        pub use crate::escape::yaml_quoted;
    }
    pub mod import {
        pub use crate::import::Response;
        pub mod collect {
            pub use crate::import::collect::{read_csv_export, Options, Sink, Slot};
        }
    }
    pub mod program {
        pub use crate::program::Program;
    }
    pub mod questionnaire {
        pub mod edit {
            pub use crate::questionnaire::edit::edit;
        }
        pub mod file {
            pub use crate::questionnaire::file::AnswersFile;
        }
        pub mod flow {
            pub use crate::questionnaire::flow::{Counts, Pass, Question, Review};
        }
        pub mod layout {
            pub use crate::questionnaire::layout::*;
        }
    }
    pub mod render {
        pub mod rubric {
            /// `rubric show`'s text: the rubric's view, rendered.
            pub fn render(rubric: &crate::rubric::Rubric, style: &crate::style::Style) -> String {
                crate::render::rubric::render(&crate::view::rubric::RubricView::new(rubric), style)
            }
        }
    }
    pub mod rubric {
        pub use crate::rubric::Rubric;
    }
    pub mod plan {
        pub use crate::plan::Dependencies;
    }
    pub mod score {
        pub use crate::score::{score, score_levels, Scorecard};
    }
    pub mod source {
        pub use crate::source::{Date, Source, Syntax};
    }
    pub mod style {
        pub use crate::style::Style;
    }
    pub mod view {
        pub use crate::view::score::ProgramFacts;
        pub use crate::view::{CheckView, ScoreInput, ScoreView};
    }
}
