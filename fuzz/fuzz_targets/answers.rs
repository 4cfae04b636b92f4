//! The answers and program loader (YAML and TOML) against the built-in rubric, then scoring and
//! every `score` output format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use persona_maturity::hooks::assessment::Assessment;
use persona_maturity::hooks::cli::Format;
use persona_maturity::hooks::view::{ScoreInput, ScoreView};
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Source, Syntax};
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let syntax = if first % 2 == 0 {
        Syntax::Yaml
    } else {
        Syntax::Toml
    };
    let Ok(src) = Source::from_bytes("fuzz".into(), rest.to_vec(), syntax) else {
        return;
    };
    let rubric = rubric();
    if let Ok((a, _program, _warnings)) = Assessment::load_program(&src, rubric) {
        let target = (first as usize / 2) % rubric.levels.len();
        let scorecard = persona_maturity::hooks::score::score(rubric, &a, target);
        let view = ScoreView::new(&ScoreInput {
            rubric,
            assessment: &a,
            scorecard: &scorecard,
            source: &src.name,
            top: Some(5),
            baseline: None,
            combined: None,
            program: None,
        });
        for f in [
            Format::Table,
            Format::Json,
            Format::Markdown,
            Format::Csv,
            Format::Html,
        ] {
            let _ = persona_maturity::hooks::commands::score::render(
                f,
                &view,
                &persona_maturity::hooks::style::Style::plain(),
            );
        }
        // Saving and reading back must not fail for anything that loaded.
        for syntax in [Syntax::Yaml, Syntax::Toml] {
            let text = persona_maturity::hooks::app::answers_file_text(rubric, &a, syntax)
                .expect("a loaded assessment can be written");
            let back = Source::from_text("saved", text, syntax);
            let (again, _) = Assessment::load(&back, rubric).expect("a saved file loads");
            assert_eq!(again.answers, a.answers);
        }
    }
});
