//! The rubric loader, from bytes: read checks, parse (YAML or TOML), validate. Any input must give
//! a rubric or an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Source, Syntax};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the syntax, so one corpus exercises both parsers.
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let syntax = if first % 2 == 0 {
        Syntax::Yaml
    } else {
        Syntax::Toml
    };
    if let Ok(src) = Source::from_bytes("fuzz".into(), rest.to_vec(), syntax) {
        if let Ok((rubric, _warnings)) = Rubric::load(&src) {
            // A rubric that loads must survive what the tool does with it.
            let _ = rubric.to_raw();
            let _ = persona_maturity::hooks::render::rubric::render(
                &rubric,
                &persona_maturity::hooks::style::Style::plain(),
            );
        }
    }
});
