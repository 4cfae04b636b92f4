//! The integration tests, one binary: the tool run as a user runs it (`common` has the helpers),
//! plus its screens, outputs, their consumers and the rules checked on generated input.
//!
//! They drive terminals (PTYs), signals, file modes, FIFOs and memory limits, so they build on
//! unix only; on Windows the product itself is checked by clippy in `.ci/run`.
#![cfg(unix)]

mod as_written;
mod assess;
mod assess_tty;
mod bad_input;
mod baseline;
mod browser;
mod check;
mod check_history;
mod ci;
mod combine;
mod common;
mod consumers;
mod contract;
mod edit_layouts;
mod evidence;
mod export_trust;
mod fuzz_regressions;
mod help;
mod history;
mod history_git;
mod history_oracle;
mod hostile;
mod html;
mod identity;
mod import;
mod organizations;
mod people_once;
mod products;
mod properties;
mod readme;
mod rubric;
mod rules;
mod score;
mod screens;
mod stopped;
mod untrusted;
