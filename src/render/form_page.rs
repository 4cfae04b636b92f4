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

/// Values to fill in before anyone answers.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub organization: Option<String>,
    pub role: Option<String>,
}

/// Most characters a respondent field and a note may have (the answers file's limits).
const MAX_LABEL: usize = crate::assessment::MAX_LABEL_CHARS;
const MAX_NOTE: usize = crate::assessment::MAX_NOTE_CHARS;

pub fn page(f: &Form, prefill: &Prefill) -> String {
    let r = f.rubric;
    let total = f.questions.len();
    let rubric_ref = format!("{}@{}", r.id, r.version);
    let field = |id: &str, label: &str, hint: &str, value: Option<&str>, autocomplete: &str| {
        html! {
            label for={"f-" (id)} { (label) }
            p class="hint" id={"h-" (id)} { (hint) }
            input type="text" id={"f-" (id)} name=(id) maxlength=(MAX_LABEL)
                autocomplete=(autocomplete) aria-describedby={"h-" (id)} value=[value.map(h)];
        }
    };
    let markup: Markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (f.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a class="skip" href="#questions" { "Skip to the first question" }
                main {
                    header {
                        h1 { (f.title) }
                        p { (h(&f.intro)) }
                        p class="howto screen-only" {
                            "Fill it in on this page: every answer is kept in this browser as you go, "
                            "so you can close it and come back. When you are done, press "
                            strong { "Download answers" }
                            " at the end and send the file back to whoever asked you to fill this in. "
                            "Nothing is sent anywhere by this page."
                        }
                        p class="howto print-only" {
                            "On paper: write your name, role and organization, tick one box per "
                            "question (or Not sure), and give the pages back to whoever asked you to "
                            "fill this in."
                        }
                        noscript {
                            p class="howto" {
                                "This page needs JavaScript to keep your answers and write the answers "
                                "file. Open it in a web browser (Chrome, Edge, Firefox or Safari), or "
                                "print it and fill it in by hand."
                            }
                        }
                    }
                    form id="questionnaire" data-rubric=(rubric_ref) autocomplete="off" {
                        section class="about" aria-labelledby="about-h" {
                            h2 id="about-h" { "About you" }
                            (field("respondent", "Your name", "Names your answers file.", None, "name"))
                            (field("role", "Your role or team",
                                "For example marketing, sales, product or leadership: the report compares teams.",
                                prefill.role.as_deref(), "organization-title"))
                            (field("organization", "Your organization",
                                "The company or business unit assessed.",
                                prefill.organization.as_deref(), "organization"))
                        }
                        div id="questions" {
                            @for (s, section) in r.sections.iter().enumerate() {
                                section aria-labelledby={"s-" (h(&section.id))} {
                                    h2 id={"s-" (h(&section.id))} {
                                        (h(&section.name))
                                    }
                                    @for q in f.section_questions(s) {
                                        (question(f, q, total))
                                    }
                                }
                            }
                        }
                        section id="finish" aria-labelledby="finish-h" {
                            h2 id="finish-h" { "Send your answers" }
                            p id="progress" role="status" aria-live="polite" { "0 of " (total) " answered" }
                            div id="open-list" {}
                            p class="screen-only" {
                                "Press " strong { "Download answers" } " to save them as a file, then "
                                "send the file back to whoever asked you to fill this in (attach it to "
                                "an email or a chat message). If downloading does not work, press "
                                strong { "Copy" } " and paste the text into the message instead."
                            }
                            div class="buttons" {
                                button type="button" id="download" class="primary" { "Download answers" }
                                button type="button" id="copy" { "Copy" }
                            }
                            p id="status" class="status" role="status" aria-live="polite" {}
                            div id="answers-file-block" {
                                label for="answers-file" { "Your answers file (updated as you answer)" }
                                textarea id="answers-file" readonly rows="12" spellcheck="false" {}
                            }
                            p id="saved" class="saved" role="status" {}
                            div class="buttons" {
                                button type="button" id="clear" class="danger" { "Clear all answers…" }
                            }
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
                nav class="bar" aria-label="Progress" {
                    span id="bar-progress" { "0 of " (total) " answered" }
                    a href="#finish" { "Finish" }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    markup.into_string()
}

fn question(f: &Form, q: &crate::form::Question, total: usize) -> Markup {
    let r = f.rubric;
    let a = &r.attributes[q.attribute];
    let id = h(&a.id);
    html! {
        fieldset id={"q-" (id)} class="question" data-attribute=(id) {
            legend {
                span class="num" { (q.number) " of " (total) }
                " "
                span class="title" { (h(&a.name)) }
            }
            p class="question-text" { (h(&q.description)) }
            @if let Some(note) = &q.note {
                p class="level-note" { "Note: " (h(note)) }
            }
            div class="options" {
                @for (l, level) in r.levels.iter().enumerate() {
                    label class="option" {
                        input type="radio" name=(id) value=(h(&level.id));
                        span class="level" { (l + 1) ". " (h(&level.name)) }
                        span class="desc" { (h(&a.descriptions[l])) }
                    }
                }
                label class="option unsure" {
                    input type="radio" name=(id) value="unsure";
                    span class="level" { (NOT_SURE) }
                    span class="desc" { "Leave it unanswered for now." }
                }
            }
            @if !a.tips.is_empty() {
                details class="tips" {
                    summary { "What helps to get to the next level" }
                    ul {
                        @for t in &a.tips {
                            li { (h(&t.text)) }
                        }
                    }
                }
            }
            label class="note-label" for={"n-" (id)} { "Note (optional)" }
            textarea id={"n-" (id)} name={"note-" (id)} rows="2" maxlength=(MAX_NOTE) {}
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
        // Exactly one script element: the page's own.
        assert_eq!(p.matches("<script>").count(), 1);
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
            },
        );
        assert!(p.contains("value=\"Acme &quot;&lt;Corp&gt;&quot;\""));
        assert!(p.contains("value=\"sales\""));
    }
}
