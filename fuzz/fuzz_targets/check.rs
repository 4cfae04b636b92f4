//! The whole `check` pipeline from bytes to verdict, rendered in every format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use persona_maturity::hooks::assessment::Assessment;
use persona_maturity::hooks::check::{self, Severity};
use persona_maturity::hooks::cli::Format;
use persona_maturity::hooks::view::{CheckView, ProgramFacts};
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Date, Source, Syntax};
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
    let Ok((assessment, program, _)) = Assessment::load_program(&src, rubric) else {
        return;
    };
    let today = Date::parse("2026-11-22").expect("a valid date");
    let verdict = check::run(&check::Input {
        rubric,
        assessment: &assessment,
        program: &program,
        baseline: Some(&assessment),
        today,
        fail_on: Severity::Error,
        target: rubric.top_level(),
        updates: None,
    });
    let view = CheckView::new(
        rubric,
        &assessment,
        &verdict,
        &src.name,
        Some(ProgramFacts {
            program: &program,
            today,
        }),
    );
    for f in [
        Format::Table,
        Format::Json,
        Format::Markdown,
        Format::Github,
        Format::Junit,
        Format::Html,
    ] {
        let _ = persona_maturity::hooks::commands::check::render(
            f,
            &view,
            &persona_maturity::hooks::style::Style::plain(),
        );
    }
});
