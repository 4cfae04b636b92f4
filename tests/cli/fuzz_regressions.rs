//! Inputs the fuzzers found, kept as regression tests (tests/fixtures/fuzz/). Each runs through
//! what its fuzz target checks: it loads (or is refused with an error), and what loads can be
//! saved in both syntaxes and read back unchanged.

use persona_maturity::hooks::assessment::Assessment;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Source, Syntax};

#[test]
fn every_fuzz_finding_loads_saves_and_reads_back() {
    let rubric = Rubric::builtin();
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/fixtures/fuzz").unwrap() {
        let path = entry.unwrap().path();
        let src = Source::read(&path, None).unwrap();
        let Ok((a, _)) = Assessment::load(&src, &rubric) else {
            continue;
        };
        for syntax in [Syntax::Yaml, Syntax::Toml] {
            let text =
                persona_maturity::hooks::app::answers_file_text(&rubric, &a, syntax).unwrap();
            let back = Source::from_text("saved", text.clone(), syntax);
            let (again, _) = Assessment::load(&back, &rubric).unwrap_or_else(|e| {
                panic!(
                    "{}: saved {syntax:?} does not load: {e}\n{text}",
                    path.display()
                )
            });
            assert_eq!(again, a, "{}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 1);
}
