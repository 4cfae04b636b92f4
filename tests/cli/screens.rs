//! The questionnaire's screens as a person sees them, at 80×24 and 60×20: reviewed like code.

use persona_maturity::hooks::assessment::{Answer, Assessment};
use persona_maturity::hooks::questionnaire::flow::{Counts, Pass, Question, Review};
use persona_maturity::hooks::questionnaire::layout::{self, plain_text};
use persona_maturity::hooks::rubric::Rubric;

fn question<'a>(r: &'a Rubric, a: &'a Assessment, id: &str, pass: Pass) -> Question<'a> {
    let index = r.attribute_index(id).unwrap();
    Question {
        rubric: r,
        index,
        current: a.answers[index],
        note: a.notes[index].as_deref(),
        pass,
        counts: Counts::of(a),
    }
}

/// A screen with its frame: every line padded to the width, so its size shows in the snapshot.
fn framed(lines: &[layout::Line], width: usize) -> String {
    plain_text(lines)
        .lines()
        .map(|l| format!("|{l:<width$}|"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn half_done(r: &Rubric) -> Assessment {
    let mut a = Assessment::empty(r);
    for i in 0..8 {
        a.answers[i] = Answer::Level(i % 4);
    }
    a.answers[3] = Answer::Unsure;
    a.notes[1] = Some("Only the enterprise segment".into());
    a
}

#[test]
fn question_screens() {
    let r = Rubric::builtin();
    let a = half_done(&r);
    for (name, id, w, h, cursor) in [
        ("first_80x24", "internal-persona-ownership", 80, 24, 0),
        ("interviews_80x24", "qualitative-interviews", 80, 24, 2),
        ("sharing_60x20", "sharing-personas", 60, 20, 1),
        ("interviews_60x20", "qualitative-interviews", 60, 20, 3),
    ] {
        let q = question(&r, &a, id, Pass::All);
        let lines = layout::question(&q, cursor, w, h, "");
        assert!(lines.len() <= h);
        insta::assert_snapshot!(format!("question_{name}"), framed(&lines, w));
    }
    let q = question(&r, &a, "training", Pass::Open { k: 1, n: 10 });
    let lines = layout::question(
        &q,
        4,
        80,
        24,
        "Press 1 to 4 to choose, s if you are not sure, or ? for help.",
    );
    insta::assert_snapshot!("question_open_with_hint_80x24", framed(&lines, 80));
}

#[test]
fn review_screens() {
    let r = Rubric::builtin();
    let a = half_done(&r);
    let review = Review {
        rubric: &r,
        answers: &a.answers,
        notes: &a.notes,
        cursor: 7,
        counts: Counts::of(&a),
        resume: None,
    };
    let rows = layout::review_rows(&review);
    let cursor = rows
        .iter()
        .position(|row| *row == layout::Row::Attribute(7))
        .unwrap();
    for (w, h) in [(80, 24), (60, 20)] {
        let mut scroll = 0;
        let lines = layout::review(&review, &rows, cursor, &mut scroll, w, h, "");
        assert_eq!(lines.len(), h);
        insta::assert_snapshot!(format!("review_{w}x{h}"), framed(&lines, w));
    }
}

/// Opened with `r` part-way at 40×12: scrolled down, the carry-on row is out of sight, and the
/// line that counts what is above still says `c` carries on.
#[test]
fn review_part_way_scrolled_at_40x12_still_says_c_carries_on() {
    let r = Rubric::builtin();
    let a = half_done(&r);
    let review = Review {
        rubric: &r,
        answers: &a.answers,
        notes: &a.notes,
        cursor: 8,
        counts: Counts::of(&a),
        resume: Some(10),
    };
    let rows = layout::review_rows(&review);
    let cursor = rows
        .iter()
        .position(|row| *row == layout::Row::Attribute(8))
        .unwrap();
    let mut scroll = 0;
    let lines = layout::review(&review, &rows, cursor, &mut scroll, 40, 12, "");
    assert_eq!(lines.len(), 12);
    insta::assert_snapshot!("review_part_way_40x12", framed(&lines, 40));
}

#[test]
fn intro_screens() {
    let r = Rubric::builtin();
    let a = Assessment::empty(&r);
    let intro = layout::Intro {
        rubric: &r,
        path: "/home/dana/persona-assessment.yaml",
        counts: Counts::of(&a),
    };
    let done = vec![("Your name".to_string(), "Dana Reyes".to_string())];
    for (w, h) in [(80, 24), (60, 20)] {
        let lines = layout::intro(&intro, &done, Some(("Your role or team", "mark", 4)), w, h);
        assert!(lines.len() <= h);
        insta::assert_snapshot!(format!("intro_{w}x{h}"), framed(&lines, w));
    }
}

#[test]
fn help_pager() {
    let r = Rubric::builtin();
    let a = half_done(&r);
    let q = question(&r, &a, "qualitative-interviews", Pass::All);
    let help = layout::question_help(&q, 80);
    let text = plain_text(&help);
    for d in &r.attributes[5].descriptions {
        assert!(text.contains(&d[..40]), "every level in full");
    }
    assert!(text.contains("choose that level at once"));
    insta::assert_snapshot!(
        "help_page_80x24",
        framed(&layout::pager(&help, 0, 80, 24), 80)
    );
}
