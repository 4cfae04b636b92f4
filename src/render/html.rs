//! One self-contained HTML page.
use super::ScoreReport;

pub fn render(_r: &ScoreReport) -> String {
    String::new()
}
