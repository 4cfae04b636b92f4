//! The questionnaire as one offline page (`form --format html`): a file to send by email or chat,
//! open in any browser, fill in (mouse, keyboard or phone), and send back as an answers file that
//! `score` reads unchanged. Inline CSS and a small inline script; no request of any kind. Printed,
//! it is a paper version to fill in by hand.
//!
//! The page's contract (kept stable for people who script it): respondent fields
//! `<input name="respondent">`, `<input name="role">`, `<input name="organization">`; per attribute
//! one radio group `<input type="radio" name="ATTRIBUTE-ID" value="LEVEL-ID">` plus
//! `value="unsure"` for *Not sure*, and a note `<textarea name="note-ATTRIBUTE-ID">`; the answers
//! file, always current, in `<textarea id="answers-file">`.

use crate::escape;
use crate::form::{Form, NOT_SURE};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const CSS: &str = include_str!("form_page.css");
const SCRIPT: &str = include_str!("form_page.js");

/// Text from a rubric or a flag, its control characters visible (maud escapes the rest).
fn h(s: &str) -> String {
    escape::html(s).into_owned()
}

/// Values to fill in before anyone answers, and who asked.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub organization: Option<String>,
    pub role: Option<String>,
    /// Who asks (`--from`), shown at the top.
    pub from: Option<String>,
    /// Where to send the answers (`--return-to`): the Email button's address.
    pub return_to: Option<String>,
    /// By when (`--due`).
    pub due: Option<crate::source::Date>,
    /// The page's identity: its stored answers are kept under it (with the rubric), so the same
    /// page opened from another folder finds them and another page never takes them on.
    pub form_id: String,
    /// When the page was made, UTC, fixed width (`2026-12-07T16:57:03.123456789Z`): of two pages
    /// with one form id, the later one's corrections win and the earlier one says it is older.
    pub made: String,
    /// The command that scores an answers file from this page, written at the top of the file
    /// (`persona-maturity score --rubric content.yaml <this file>` for a custom rubric).
    pub score_hint: String,
}

/// The time a page is made, as [`Prefill::made`] holds it.
pub fn made_now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.9fZ")
        .to_string()
}

/// A form id: the rubric, organization and role the page is for, and the moment it was made
/// (two pages generated for the same team are two forms). Sixteen hex digits.
pub fn form_id(rubric_ref: &str, prefill: &Prefill, stamp: u128) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms (the std hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        rubric_ref,
        prefill.organization.as_deref().unwrap_or(""),
        prefill.role.as_deref().unwrap_or(""),
        &stamp.to_string(),
    ] {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// "15 January 2027".
fn long_date(d: crate::source::Date) -> String {
    d.0.format("%-d %B %Y").to_string()
}

/// Most characters a respondent field and a note may have (the answers file's limits).
const MAX_LABEL: usize = crate::assessment::MAX_LABEL_CHARS;
const MAX_NOTE: usize = crate::assessment::MAX_NOTE_CHARS;

pub fn page(f: &Form, prefill: &Prefill) -> String {
    let r = &f.rubric;
    let total = f.questions.len();
    let rubric_ref = format!("{}@{}", r.id, r.version);
    let field = |id: &str, label: &str, hint: &str, value: Option<&str>, autocomplete: &str| {
        // "It names your answers file" means nothing on paper.
        let class = if id == "respondent" {
            "hint screen-only"
        } else {
            "hint"
        };
        html! {
            label for={"f-" (id)} { (label) }
            p class=(class) id={"h-" (id)} { (hint) }
            // No maxlength (it counts UTF-16 units: 100 emoji): the script keeps the limit in
            // characters, as the answers file counts them.
            input type="text" id={"f-" (id)} name=(id)
                autocomplete=(autocomplete) aria-describedby={"h-" (id)} value=[value.map(h)];
            p class="cut js-only screen-only" id={"fcut-" (id)} role="status" hidden {}
        }
    };
    let markup: Markup = html! {
        (DOCTYPE)
        html lang="en" class="no-js" {
            head {
                meta charset="utf-8";
                // Before anything is drawn: with JavaScript the page is interactive; without it
                // the CSS shows the paper instructions and hides what would not work.
                script { (PreEscaped("document.documentElement.className = 'js';")) }
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Tells `score`, handed this page by mistake, what it is.
                meta name="generator" content="persona-maturity questionnaire";
                title { (f.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a class="skip" href="#questions" { "Skip to the first question" }
                main {
                    (header(f, prefill))
                    form id="questionnaire" data-rubric=(rubric_ref) data-form-id=(prefill.form_id)
                        data-organization=[prefill.organization.as_deref()] data-role=[prefill.role.as_deref()]
                        data-return-to=[prefill.return_to.as_deref()] data-max-note=(MAX_NOTE)
                        data-max-label=(MAX_LABEL) data-made=(prefill.made) data-score=(prefill.score_hint)
                        autocomplete="off" {
                        // Disabled until the script runs: without it, nothing looks as if it records.
                        fieldset id="form-body" class="plain" disabled {
                        section class="about" aria-labelledby="about-h" {
                            h2 id="about-h" { "About you" }
                            (field("respondent", "Your name", "It names your answers file.", None, "name"))
                            (field("role", "Your role or team",
                                "For example marketing, sales, product or leadership: the report compares teams.",
                                prefill.role.as_deref(), "organization-title"))
                            (field("organization", "Your organization",
                                "The company or business unit assessed.",
                                prefill.organization.as_deref(), "organization"))
                        }
                        div id="questions" {
                            @for (s, section) in f.sections.iter().enumerate() {
                                section aria-labelledby={"s-" (h(&section.id))} {
                                    h2 id={"s-" (h(&section.id))} {
                                        (h(&section.name))
                                    }
                                    @for q in f.section_questions(s) {
                                        (question(q, total))
                                    }
                                }
                            }
                        }
                        (finish(total, prefill))
                        }
                    }
                    footer {
                        p {
                            (h(&r.name)) " " (h(&r.version))
                            @if let Some(src) = &r.source { " · " (h(src)) }
                            @if let Some(y) = r.year { " (" (y) ")" }
                            ". The level descriptions are the framework's own words."
                        }
                    }
                }
                // Only with JavaScript: without it there is no count to show and nothing to finish.
                nav class="bar js-only" aria-label="Progress" {
                    span id="bar-progress" { "0 of " (total) " answered" }
                    a href="#finish" { "Finish" }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    markup.into_string()
}

/// The page's header: its title, who asks, and how the page keeps and sends the answers (on
/// screen, with or without JavaScript, and on paper).
fn header(f: &Form, prefill: &Prefill) -> Markup {
    html! {
        header {
            h1 { (f.title) }
            @if prefill.from.is_some() || prefill.due.is_some() || prefill.return_to.is_some() {
                p class="request" id="request" {
                    @if let Some(from) = &prefill.from { strong { (h(from)) } " asks you to fill this in" }
                    @else { "Please fill this in" }
                    @if let Some(due) = prefill.due { " by " strong { (long_date(due)) } }
                    @if let Some(to) = &prefill.return_to { " and send your answers to " strong { (h(to)) } }
                    "."
                }
            }
            p { (h(&f.intro)) }
            p class="howto no-js-only" id="paper" {
                strong { "This page cannot keep or send your answers here" }
                " (JavaScript is off, or the page was opened where scripts do not run). "
                "Print it, tick one box per question and write your notes by hand, then give "
                "it back" @if let Some(to) = &prefill.return_to { " to " (h(to)) } "; "
                "or open the file in a web browser such as Chrome, Edge, Firefox or Safari."
            }
            // No promise a private window breaks: the page cannot tell it is in one.
            p class="howto js-only screen-only" id="promise" {
                "Fill it in on this page: this browser keeps your answers as you go, so you can "
                "close the page and come back, even if you move the file; a private (incognito) "
                "window forgets them when it closes. When you are done, press "
                strong { "Download answers" } " (or " strong { "Email answers" }
                ") at the end and send the file back. Nothing is sent anywhere by this page."
            }
            p class="howto js-only screen-only" id="corrected" role="status" hidden {}
            div class="howto earlier js-only screen-only" id="earlier" hidden {
                p id="earlier-text" {}
                div class="buttons" {
                    button type="button" id="earlier-use" { "Start from those answers" }
                    button type="button" id="earlier-no" { "Start empty" }
                }
            }
            p class="howto print-only" {
                "On paper: write your name, role and organization, tick one box per "
                "question (or Not sure), and give the pages back"
                @if let Some(to) = &prefill.return_to { " to " (h(to)) }
                @else { " to whoever asked you to fill this in" }
                "."
            }
        }
    }
}

/// The last section: progress, what is still open, and the ways to send the answers back.
fn finish(total: usize, prefill: &Prefill) -> Markup {
    html! {
        section id="finish" class="js-only screen-only" aria-labelledby="finish-h" {
            h2 id="finish-h" { "Send your answers" }
            p id="progress" role="status" { "0 of " (total) " answered" }
            // What was downloaded and whether it is still right (filled in by the script).
            div id="handed" class="handed" aria-live="polite" {}
            div id="open-list" {}
            p {
                "Press " strong { "Download answers" } " to save them as a file, then "
                "send the file back"
                @if let Some(to) = &prefill.return_to { " to " (h(to)) }
                @else { " to whoever asked you to fill this in" }
                " (attach it to an email or a chat message). "
                strong { "Email answers" } " opens your mail program with the answers in "
                "the message, for when attaching is awkward; " strong { "Copy" }
                " puts them on the clipboard."
            }
            div class="buttons" {
                button type="button" id="download" class="primary" { "Download answers" }
                a id="email" class="button" href="mailto:" { "Email answers" }
                button type="button" id="copy" { "Copy" }
            }
            p id="email-too-long" class="status" hidden {}
            p id="status" class="status" role="status" {}
            div id="answers-file-block" {
                label for="answers-file" { "Your answers file (updated as you answer)" }
                textarea id="answers-file" readonly rows="12" spellcheck="false" {}
            }
            p id="saved" class="saved" {}
            div class="buttons" {
                button type="button" id="clear" class="danger" { "Clear all answers…" }
            }
        }
    }
}

fn question(q: &crate::form::Question, total: usize) -> Markup {
    let id = h(&q.attribute_id);
    html! {
        fieldset id={"q-" (id)} class="question" data-attribute=(id) aria-describedby={"qt-" (id)} {
            legend {
                span class="num" { (q.number) " of " (total) }
                " "
                span class="title" { (h(&q.attribute_name)) }
            }
            p class="question-text" id={"qt-" (id)} { (h(&q.description)) }
            @if let Some(note) = &q.note {
                p class="level-note" { "Note: " (h(note)) }
            }
            div class="options" {
                @for (l, level) in q.levels.iter().enumerate() {
                    label class="option" {
                        input type="radio" name=(id) value=(h(&level.id));
                        span class="level" { (l + 1) ". " (h(&level.name)) }
                        span class="desc" { (h(&level.description)) }
                    }
                }
                label class="option unsure" {
                    input type="radio" name=(id) value="unsure";
                    span class="level" { (NOT_SURE) }
                    span class="desc" { "Leave it unanswered for now." }
                }
            }
            @if !q.tips.is_empty() {
                details class="tips" {
                    summary { "What helps to get to the next level" }
                    ul {
                        @for t in &q.tips {
                            li { (h(t)) }
                        }
                    }
                }
            }
            // Named after its question for a screen reader ("Note on Training (optional)"); the
            // limit is kept by the script, in characters as the answers file counts them (a
            // maxlength would count UTF-16 units: 1,000 emoji).
            label class="note-label" for={"n-" (id)} {
                "Note" span class="vh" { " on " (h(&q.attribute_name)) } " (optional)"
            }
            textarea id={"n-" (id)} name={"note-" (id)} rows="2" aria-describedby={"nc-" (id)} {}
            p class="count js-only screen-only" id={"nc-" (id)} hidden {}
            p class="cut js-only screen-only" id={"ncut-" (id)} role="status" hidden {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    fn page_of(r: &Rubric) -> String {
        page(&Form::new(r), &Prefill::default())
    }

    #[test]
    fn the_page_is_self_contained() {
        let p = page_of(&Rubric::builtin());
        for needle in [
            "src=",
            "href=\"http",
            "href=\"//",
            "url(",
            "@import",
            "<link",
            "<iframe",
            "fetch(",
            "XMLHttpRequest",
            "<img",
            "sendBeacon",
            "WebSocket",
        ] {
            assert!(!p.contains(needle), "the page contains {needle}");
        }
    }

    #[test]
    fn every_attribute_and_level_is_there_with_its_description_verbatim() {
        let r = Rubric::builtin();
        let p = page_of(&r);
        for a in &r.attributes {
            assert!(
                p.contains(&format!("<fieldset id=\"q-{}\"", a.id)),
                "{}",
                a.id
            );
            for (l, level) in r.levels.iter().enumerate() {
                assert!(p.contains(&format!(
                    "<input type=\"radio\" name=\"{}\" value=\"{}\">",
                    a.id, level.id
                )));
                let d = maud::html! { (a.descriptions[l]) }.into_string();
                assert!(p.contains(&d), "{}: {d}", a.id);
            }
            assert!(p.contains(&format!(
                "<input type=\"radio\" name=\"{}\" value=\"unsure\">",
                a.id
            )));
            // The question's text is the group's description: read out with its options.
            assert!(p.contains(&format!(
                "class=\"question\" data-attribute=\"{0}\" aria-describedby=\"qt-{0}\"",
                a.id
            )));
            assert!(p.contains(&format!("<p class=\"question-text\" id=\"qt-{}\">", a.id)));
        }
        for name in ["respondent", "role", "organization"] {
            assert!(p.contains(&format!("name=\"{name}\"")), "{name}");
        }
        assert!(p.contains("id=\"answers-file\""));
        let qi = r.attribute_index("qualitative-interviews").unwrap();
        let note = r.attributes[qi]
            .note
            .as_deref()
            .expect("the Qualitative Interviews note");
        assert!(p.contains(&maud::html! { (note) }.into_string()));
    }

    #[test]
    fn text_from_a_rubric_is_escaped() {
        let mut r = Rubric::builtin();
        r.attributes[0].name = "<script>alert(1)</script>".into();
        r.attributes[0].descriptions[0] = "a & b \"quoted\" </textarea>".into();
        r.name = "<b>Evil</b>".into();
        let p = page_of(&r);
        assert!(!p.contains("<script>alert(1)"));
        assert!(p.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(p.contains("a &amp; b &quot;quoted&quot; &lt;/textarea&gt;"));
        assert!(!p.contains("<b>Evil</b>"));
        // Exactly two script elements, the page's own: the class switch in the head and the
        // page's script.
        assert_eq!(p.matches("<script>").count(), 2);
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_colours_meet_wcag_aa_contrast() {
        let var = |name: &str| -> String {
            let at = CSS.find(&format!("--{name}: ")).unwrap() + name.len() + 4;
            CSS[at..at + 7].to_string()
        };
        let white = "#ffffff";
        // Text: 4.5:1.
        for (fg, bg) in [
            ("text", white),
            ("muted", white),
            ("accent", white),
            ("warn", white),
        ] {
            assert!(contrast(&var(fg), bg) >= 4.5, "{fg} on {bg}");
        }
        for fg in ["text", "muted", "accent"] {
            for bg in ["accent-bg", "soft"] {
                assert!(contrast(&var(fg), &var(bg)) >= 4.5, "{fg} on {bg}");
            }
        }
        assert!(contrast(white, &var("accent")) >= 4.5, "a primary button");
        // Borders and the focus ring: 3:1.
        for ui in ["line", "focus", "accent"] {
            assert!(contrast(&var(ui), white) >= 3.0, "{ui}");
        }
    }

    #[test]
    fn prefilled_values_are_escaped_into_the_fields() {
        let p = page(
            &Form::new(&Rubric::builtin()),
            &Prefill {
                organization: Some("Acme \"<Corp>\"".into()),
                role: Some("sales".into()),
                ..Prefill::default()
            },
        );
        assert!(p.contains("value=\"Acme &quot;&lt;Corp&gt;&quot;\""));
        assert!(p.contains("value=\"sales\""));
    }
}
