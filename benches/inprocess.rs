//! In-process benchmarks (criterion) of the parts a run is made of, without process start-up:
//! `cargo bench --bench inprocess`. The whole-command figures against `cat` are in bench.sh.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use persona_maturity::hooks::assessment::Assessment;
use persona_maturity::hooks::check::{self, Severity};
use persona_maturity::hooks::cli::Format;
use persona_maturity::hooks::combine::Tally;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Date, Source, Syntax};
use persona_maturity::hooks::view::{ScoreInput, ScoreView};
use std::fmt::Write;

const ACME: &str = include_str!("../examples/answers/acme.yaml");

/// A program with `n` personas, the shape benches/gen_responses.py writes.
fn program(n: usize) -> String {
    let mut s = String::from("date: 2026-11-01\nanswers:\n  training: emerging\npersonas:\n");
    for k in 0..n {
        let _ = writeln!(
            s,
            "  - {{ id: p{k}, name: P{k}, kind: buyer, buying_role: user, owner: o, \
             last_updated: 2026-10-01, sources: [crm, survey], \
             covers: [demographics, goals-priorities, fears-challenges] }}"
        );
    }
    s
}

fn benches(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    c.bench_function("built-in rubric: get (built at compile time)", |b| {
        b.iter(|| black_box(Rubric::builtin()))
    });
    c.bench_function("answers file: read, resolve, score", |b| {
        b.iter(|| {
            let src = Source::from_text("acme.yaml", ACME, Syntax::Yaml);
            let (a, _) = Assessment::load(&src, &rubric).unwrap();
            black_box(persona_maturity::hooks::score::score(&rubric, &a, 3))
        })
    });
    let src = Source::from_text("acme.yaml", ACME, Syntax::Yaml);
    let (acme, _) = Assessment::load(&src, &rubric).unwrap();
    let sc = persona_maturity::hooks::score::score(&rubric, &acme, 3);
    let input = ScoreInput {
        rubric: &rubric,
        assessment: &acme,
        scorecard: &sc,
        source: "acme.yaml",
        top: Some(5),
        baseline: None,
        combined: None,
        program: None,
    };
    c.bench_function("score view: build", |b| {
        b.iter(|| black_box(ScoreView::new(&input)))
    });
    let view = ScoreView::new(&input);
    let style = persona_maturity::hooks::style::Style::plain();
    for f in [Format::Table, Format::Json, Format::Html] {
        c.bench_function(&format!("render {f:?}"), |b| {
            b.iter(|| {
                black_box(persona_maturity::hooks::commands::score::render(
                    f, &view, &style,
                ))
            })
        });
    }
    let text = program(1_000);
    let today = Date::parse("2026-11-22").unwrap();
    c.bench_function("check: 1,000 personas, bytes to verdict", |b| {
        b.iter(|| {
            let src = Source::from_text("p.yaml", text.as_str(), Syntax::Yaml);
            let (a, p, _) = Assessment::load_program(&src, &rubric).unwrap();
            black_box(check::run(&check::Input {
                rubric: &rubric,
                assessment: &a,
                program: &p,
                baseline: None,
                today,
                fail_on: Severity::Error,
                target: 3,
                updates: None,
            }))
        })
    });
    c.bench_function("combine: tally 1,000 assessments", |b| {
        b.iter(|| {
            let mut t = Tally::new(&rubric);
            for _ in 0..1_000 {
                t.add(&acme);
            }
            black_box(t.finish(&rubric, 3))
        })
    });
}

criterion_group! {
    name = inprocess;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(inprocess);
