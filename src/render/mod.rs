//! Renderers: one module per output format, each layout only over a view ([`crate::view`],
//! and the questionnaire's [`crate::form::Form`]): `table` (the terminal), `markdown`, `csv`,
//! `json`, `html` (with `radar`, the SVG chart), `junit`, `github`, `gitlab` and `sarif` (check
//! only); `history` (with `history_chart`) and `plan` in each of their formats; `evidence`,
//! `explain`, `rubric`, `rules`, `form` and `form_page` for their commands. None reads the
//! rubric, the checks or the environment (`.ci/render_views.py`).

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
