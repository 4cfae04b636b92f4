//! Renderers: one module per output format, each layout only over a view ([`crate::view`]):
//! `table` (the terminal), `markdown`, `csv`, `json`, `html` (with `radar`, the SVG chart),
//! `junit` and `github` (check only). `explain` and `rubric` render the rubric itself.

pub mod csv;
pub mod evidence;
pub mod explain;
pub mod form;
pub mod form_page;
pub mod github;
pub mod gitlab;
pub mod history;
pub mod history_chart;
pub mod html;
pub mod input_error;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod plan;
pub mod radar;
pub mod rubric;
pub mod rules;
pub mod sarif;
pub mod table;
