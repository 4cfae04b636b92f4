//! Changing an answers file the way a careful person would: only the values that changed, in
//! place, keeping every other byte (comments, key order, layout). YAML is edited on its bytes
//! (`yaml`: a level, a note, the top-level `organization`, `date` and `respondent`); TOML through
//! `toml_edit` (`toml`). Every edit is checked by reading the new text back: when it does not read
//! back as exactly the intended assessment, or the file's layout is beyond an exact edit
//! (flow-style `answers`, anchors, several documents, a comment inside a value that would go),
//! the caller is told why, keeps a copy, and rewrites the file whole.

mod toml;
mod yaml;

use crate::assessment::{Answer, Assessment};
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};

/// `text` with `before` changed into `after`, or why that cannot be done in place.
pub fn edit(
    text: &str,
    syntax: Syntax,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    let new = match syntax {
        Syntax::Yaml => yaml::yaml(text, rubric, before, after)?,
        Syntax::Toml => toml::toml(text, rubric, before, after)?,
    };
    let src = Source::from_text("<edited>", new.clone(), syntax);
    let (read, _) = Assessment::load(&src, rubric).map_err(|e| e.to_string())?;
    if read != *after {
        return Err("the edited file would not read back as the answers given".to_string());
    }
    Ok(new)
}

/// A string as YAML or TOML reads it: the one quoting rule
/// ([`escape::yaml_quoted`](crate::escape::yaml_quoted)).
fn quoted(s: &str) -> String {
    crate::escape::yaml_quoted(s)
}

fn level_word(rubric: &Rubric, a: Answer) -> Option<&str> {
    match a {
        Answer::Level(l) => Some(rubric.levels[l].id.as_str()),
        Answer::Unsure => Some("unsure"),
        Answer::Missing => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Date;

    fn load(text: &str, syntax: Syntax) -> Assessment {
        let src = Source::from_text("t", text, syntax);
        Assessment::load(&src, &Rubric::builtin()).unwrap().0
    }

    const YAML: &str = concat!(
        "# Acme: marketing's view.\n",
        "rubric: persona-optimization-framework@1.0.0\n",
        "organization: Acme Analytics   # the whole company\n",
        "respondent: { name: Dana Reyes, role: marketing }\n",
        "date: 2026-11-02\n",
        "answers:\n",
        "  # Core Attributes\n",
        "  internal-persona-ownership: advancing   # Dana's KPI\n",
        "  sharing-personas: { level: emerging, note: \"Only enterprise\" }\n",
        "  training: unsure\n",
        "  # Creating\n",
        "  data-analysis: experimenting\n",
    );

    #[test]
    fn a_changed_yaml_answer_is_edited_in_place_keeping_comments_and_order() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.answers[0] = Answer::Level(3);
        after.answers[3] = Answer::Level(1);
        after.notes[3] = Some("ask HR: \"onboarding\" #1".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        let expected = YAML
            .replace(
                "internal-persona-ownership: advancing   # Dana's KPI",
                "internal-persona-ownership: fully-optimized   # Dana's KPI",
            )
            .replace(
                "training: unsure",
                "training: { level: emerging, note: \"ask HR: \\\"onboarding\\\" #1\" }",
            )
            .replace("date: 2026-11-02", "date: 2026-11-23");
        assert_eq!(new, expected);
    }

    #[test]
    fn yaml_read_by_the_shared_tokenizer_keeps_comments_and_whole_entries() {
        let r = Rubric::builtin();
        // An apostrophe in plain text is not a quote, so the comment after it is kept; a note
        // written as a block scalar with a blank line, a `#` and a `- ` inside is one entry.
        let text = concat!(
            "answers:\n",
            "  internal-persona-ownership: { level: advancing, note: it's ours }   # keep\n",
            "  sharing-personas:\n",
            "    level: emerging\n",
            "    note: |\n",
            "      first\n",
            "\n",
            "      # not a comment\n",
            "      - not an item\n",
            "  # Core, continued\n",
            "  training: unsure\n",
        );
        let before = load(text, Syntax::Yaml);
        assert_eq!(
            before.notes[1].as_deref(),
            Some("first\n\n# not a comment\n- not an item")
        );
        let mut after = before.clone();
        after.answers[0] = Answer::Level(3);
        after.answers[1] = Answer::Level(2);
        after.notes[1] = None;
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert_eq!(
            new,
            concat!(
                "answers:\n",
                "  internal-persona-ownership: { level: fully-optimized, note: it's ours }   # keep\n",
                "  sharing-personas:\n",
                "    level: advancing\n",
                "  # Core, continued\n",
                "  training: unsure\n",
            )
        );
    }

    #[test]
    fn comments_inside_a_multi_line_answer_stay_when_its_level_or_note_changes() {
        let r = Rubric::builtin();
        let text = concat!(
            "answers:\n",
            "  sharing-personas:\n",
            "    level: emerging # checked with Jo\n",
            "    note: EMEA deck only # keep this comment\n",
            "  training: advancing\n",
        );
        let before = load(text, Syntax::Yaml);
        let mut after = before.clone();
        after.answers[1] = Answer::Level(2);
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert_eq!(
            new,
            text.replace("level: emerging #", "level: advancing #"),
            "only the level's word changes"
        );
        // A new note replaces only the old one's text; removing it keeps its comment.
        after.notes[1] = Some("EMEA and APAC".into());
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(
            new.contains("    note: \"EMEA and APAC\" # keep this comment\n"),
            "{new}"
        );
        after.notes[1] = None;
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(
            new.contains("    level: advancing # checked with Jo\n    # keep this comment\n"),
            "{new}"
        );
    }

    #[test]
    fn line_separators_in_a_name_are_quoted_and_edited_in_place() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.organization = Some("Acme\u{85}West\u{2028}Coast".into());
        after.respondent.name = Some("Dana\u{2029}Reyes".into());
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(
            new.contains("organization: \"Acme\\u0085West\\u2028Coast\"   # the whole company\n"),
            "{new}"
        );
        assert!(
            new.contains("respondent: { name: \"Dana\\u2029Reyes\", role: \"marketing\" }\n"),
            "{new}"
        );
        assert_eq!(new.lines().count(), YAML.lines().count());
    }

    #[test]
    fn a_new_yaml_answer_goes_next_to_its_section_neighbours() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.answers[2] = Answer::Level(0); // budget-allocation: after sharing-personas
        after.answers[5] = Answer::Unsure; // qualitative-interviews: before data-analysis, under "# Creating"
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(new.contains(
            "  sharing-personas: { level: emerging, note: \"Only enterprise\" }\n  budget-allocation: experimenting\n  training: unsure\n"
        ), "{new}");
        assert!(
            new.contains(
                "  # Creating\n  qualitative-interviews: unsure\n  data-analysis: experimenting\n"
            ),
            "{new}"
        );
    }

    #[test]
    fn metadata_missing_from_a_yaml_file_is_added_above_the_answers() {
        let r = Rubric::builtin();
        let text = "# my answers\nanswers:\n  training: emerging\n";
        let before = load(text, Syntax::Yaml);
        let mut after = before.clone();
        after.organization = Some("Acme: \"West\"".into());
        after.respondent.name = Some("Sam".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert_eq!(
            new,
            "# my answers\norganization: \"Acme: \\\"West\\\"\"\ndate: 2026-11-23\nrespondent: { name: \"Sam\" }\nanswers:\n  training: emerging\n"
        );
    }

    #[test]
    fn the_one_documents_markers_stay_and_the_answer_is_edited_in_place() {
        let r = Rubric::builtin();
        for (text, expected) in [
            (
                "---\nanswers:\n  training: emerging # t\n",
                "---\nanswers:\n  training: advancing # t\n",
            ),
            (
                "%YAML 1.2\n--- # q4\n# head\nanswers:\n  training: emerging\n...\n# end\n",
                "%YAML 1.2\n--- # q4\n# head\nanswers:\n  training: advancing\n...\n# end\n",
            ),
        ] {
            let before = load(text, Syntax::Yaml);
            let mut after = before.clone();
            after.answers[3] = Answer::Level(2);
            assert_eq!(
                edit(text, Syntax::Yaml, &r, &before, &after).as_deref(),
                Ok(expected)
            );
        }
        // Several documents: refused, named.
        let one = load("answers:\n  training: emerging\n", Syntax::Yaml);
        let mut after = one.clone();
        after.answers[3] = Answer::Level(2);
        for text in [
            "answers:\n  training: emerging\n---\nanswers: {}\n",
            "---\n---\nanswers:\n  training: emerging\n",
            "answers:\n  training: emerging\n...\nanswers: {}\n",
            "answers:\n  training: emerging\n%YAML 1.2\n",
        ] {
            let why = yaml::yaml(text, &r, &one, &after).unwrap_err();
            assert!(why.contains("several YAML documents"), "{text}: {why}");
        }
    }

    #[test]
    fn layouts_beyond_a_safe_edit_are_refused_with_a_reason() {
        let r = Rubric::builtin();
        for text in [
            "answers: { training: emerging }\n",
            "answers:\n  training: &a emerging\n  sharing-personas: *a\n",
        ] {
            let before = load(text, Syntax::Yaml);
            let mut after = before.clone();
            after.answers[0] = Answer::Level(1);
            assert!(
                edit(text, Syntax::Yaml, &r, &before, &after).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_toml_file_keeps_its_comments_and_its_date_stays_a_date() {
        let r = Rubric::builtin();
        let text = "# Northwind\nrubric = \"persona-optimization-framework\"\ndate = 2026-10-15 # last review\n\n[respondent]\nname = \"Sam Lee\"\n\n[answers]\ntraining = \"emerging\" # keep\nsharing-personas = { level = \"advancing\", note = \"x\" }\n";
        let before = load(text, Syntax::Toml);
        let mut after = before.clone();
        after.answers[3] = Answer::Level(2);
        after.answers[0] = Answer::Unsure;
        after.respondent.role = Some("sales".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(text, Syntax::Toml, &r, &before, &after).unwrap();
        assert!(new.contains("date = 2026-11-23 # last review\n"), "{new}");
        assert!(new.contains("training = \"advancing\" # keep\n"), "{new}");
        assert!(new.contains("role = \"sales\""), "{new}");
        assert!(new.starts_with("# Northwind\n"), "{new}");
        assert!(
            new.contains("internal-persona-ownership = \"unsure\""),
            "{new}"
        );
    }
}
