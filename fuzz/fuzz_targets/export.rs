//! A form export (CSV in any encoding) read by `import`: the columns matched, the rows read, and
//! every response that reads without problems written as an answers file that loads back with the
//! same answers, name, role and organization.
#![no_main]
use libfuzzer_sys::fuzz_target;
use persona_maturity::hooks::assessment::Assessment;
use persona_maturity::hooks::import::collect::{read_csv_export, Options, Sink, Slot};
use persona_maturity::hooks::import::Response;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Source, Syntax};
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

/// Keeps every response accepted.
struct Keep(Vec<Response>);

impl Sink for Keep {
    fn accept(
        &mut self,
        r: &Response,
        _: Slot,
    ) -> Result<(), persona_maturity::hooks::diagnostic::Diagnostic> {
        self.0.push(r.clone());
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let rubric = rubric();
    let mut kept = Keep(Vec::new());
    let opts = Options {
        allow_missing: true,
        ..Options::default()
    };
    if read_csv_export(data, "fuzz.csv", rubric, opts, &mut kept).is_err() {
        return;
    }
    for r in &kept.0 {
        for syntax in [Syntax::Yaml, Syntax::Toml] {
            let text = r.assessment.to_text(rubric, syntax, "# fuzz\n");
            let back = Source::from_text("saved", text, syntax);
            let Ok((again, _)) = Assessment::load(&back, rubric) else {
                // Text the loader refuses (a name over 200 characters after trimming, …) is
                // reported by `import` before it is written; nothing else may fail.
                continue;
            };
            assert_eq!(again.answers, r.assessment.answers);
            assert_eq!(again.respondent, r.assessment.respondent);
            assert_eq!(again.organization, r.assessment.organization);
        }
    }
});
