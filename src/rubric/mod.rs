//! The maturity rubric: levels, sections, attributes and the description of every cell, and
//! looking them up by id or name. Loading a team's own rubric file goes through `raw` (the file's
//! serde types) and `validate` (errors for what would make scoring meaningless, warnings for what
//! would confuse the people answering); the embedded Persona Optimization Framework is built from
//! code the build script generates.

mod raw;
mod validate;

pub use raw::RawRubric;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Source;
use std::ops::Range;

/// The embedded Persona Optimization Framework.
pub const BUILTIN_YAML: &str = include_str!("../../rubric/persona-optimization-framework.yaml");

// `fn builtin_rubric() -> Rubric`, the same rubric as Rust code, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin_rubric.rs"));
/// How errors name the embedded rubric.
pub const BUILTIN_NAME: &str = "<built-in rubric>";

/// Fewest and most levels a rubric may have.
pub const MIN_LEVELS: usize = 2;
pub const MAX_LEVELS: usize = 10;
/// Most sections and attributes a rubric may have.
pub const MAX_SECTIONS: usize = 50;
pub const MAX_ATTRIBUTES: usize = 500;
/// Longest name and longest description, in characters.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 5000;

/// A validated rubric. Attributes are stored flat, in rubric order; each section owns a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub id: String,
    pub version: String,
    pub name: String,
    pub source: Option<String>,
    pub year: Option<u32>,
    /// Lowest first; a level's value is its position + 1.
    pub levels: Vec<Level>,
    pub guidance: Vec<Guidance>,
    /// The stages the work goes through, in the order it depends on (empty: the rubric names
    /// none, and every attribute is in one stage).
    pub stages: Vec<Stage>,
    pub sections: Vec<Section>,
    pub attributes: Vec<Attribute>,
}

/// A stage of the work: what must be in place before the next stage can build on it (the
/// built-in framework's: an owner, research, written personas, sharing and training, use,
/// maintenance).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub id: String,
    pub name: String,
    /// Why it comes where it does.
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Guidance {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub name: String,
    /// Indexes into [`Rubric::attributes`].
    pub attributes: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub id: String,
    pub name: String,
    /// Index into [`Rubric::sections`].
    pub section: usize,
    pub question: Option<String>,
    /// How to read this attribute's levels, where the source leaves room for doubt.
    pub note: Option<String>,
    /// Index into [`Rubric::stages`], when the rubric names stages.
    pub stage: Option<usize>,
    /// The attributes (indexes, each of an earlier stage) whose work this one's rests on.
    pub rests_on: Vec<usize>,
    /// The level the first step aims for: steps up to it are taken with the first level's
    /// steps of the other attributes (its lower levels describe where programs start).
    pub first_target: Option<usize>,
    /// One description per level, lowest first.
    pub descriptions: Vec<String>,
    pub tips: Vec<Tip>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    /// The level (index) of the step this tip is for; `None`: a tip for every step.
    pub to: Option<usize>,
    /// The words of that level's description the tip answers (found in it when validated).
    pub quote: Option<String>,
    pub text: String,
    /// Id of the guidance it draws on.
    pub source: Option<String>,
}

impl Attribute {
    /// Whether level `l`'s description is near-identical to another level's: the attribute's
    /// note (how to tell them apart) then matters for a step to it.
    pub fn level_has_twin(&self, l: usize) -> bool {
        self.descriptions
            .iter()
            .enumerate()
            .any(|(k, d)| k != l && validate::near_identical(d, &self.descriptions[l]))
    }

    /// The tips for the step up to level `next`: the tips written for that step, then the
    /// tips written for every step. Empty when the rubric has none for it (reports then quote
    /// the level's own description).
    pub fn step_tips(&self, next: usize) -> impl Iterator<Item = &Tip> {
        self.tips
            .iter()
            .filter(move |t| t.to == Some(next))
            .chain(self.tips.iter().filter(|t| t.to.is_none()))
    }
}

impl Rubric {
    /// The same rubric with every text shown as a terminal may show it
    /// ([`escape::terminal`](crate::escape::terminal): control characters, bidi overrides and
    /// invisible characters as visible escapes), for the screens of `assess` and `explain`, which
    /// print a custom rubric's words. Ids are left as they are (validation allows no such
    /// characters in them).
    pub fn for_terminal(&self) -> Rubric {
        let t = |s: &str| crate::escape::terminal(s).into_owned();
        let mut r = self.clone();
        r.name = t(&r.name);
        r.version = t(&r.version);
        r.source = r.source.as_deref().map(t);
        for l in &mut r.levels {
            l.name = t(&l.name);
        }
        for g in &mut r.guidance {
            g.title = t(&g.title);
        }
        for g in &mut r.stages {
            g.name = t(&g.name);
            g.why = g.why.as_deref().map(t);
        }
        for s in &mut r.sections {
            s.name = t(&s.name);
        }
        for a in &mut r.attributes {
            a.name = t(&a.name);
            a.question = a.question.as_deref().map(t);
            a.note = a.note.as_deref().map(t);
            for d in &mut a.descriptions {
                *d = t(d);
            }
            for tip in &mut a.tips {
                tip.text = t(&tip.text);
                tip.quote = tip.quote.as_deref().map(t);
            }
        }
        r
    }

    /// The embedded Persona Optimization Framework.
    ///
    /// Built from code the build script generated from the YAML file (see build.rs): nothing is
    /// parsed at run time, and it is built once per process. The test suite checks that it equals
    /// the YAML file loaded and validated like any other rubric.
    pub fn builtin() -> Rubric {
        Self::builtin_ref().clone()
    }

    /// The built-in rubric, shared: built on first use.
    pub fn builtin_ref() -> &'static Rubric {
        static BUILTIN: std::sync::OnceLock<Rubric> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(builtin_rubric)
    }

    /// Parse and validate a rubric file. Returns the rubric and its warnings, or every error
    /// found.
    pub fn load(src: &Source) -> Result<(Rubric, Vec<Diagnostic>), Diagnostics> {
        let raw: RawRubric = src.parse().map_err(|e| Diagnostics(vec![e]))?;
        validate::validate(raw, src)
    }

    /// Index of the attribute with this id.
    pub fn attribute_index(&self, id: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a.id == id)
    }

    /// The attribute with this id, or an error with "did you mean".
    pub fn find_attribute(&self, origin: &str, id: &str) -> Result<usize, Diagnostic> {
        self.attribute_index(id).ok_or_else(|| {
            Diagnostic::new(origin, format!("unknown attribute `{id}`"))
                .help_opt(crate::suggest::did_you_mean(
                    id,
                    self.attributes.iter().map(|a| a.id.as_str()),
                ))
                .help("see all attributes with `persona-maturity rubric show`")
        })
    }

    /// Index (0-based) of the level a person named: its id or its display name, any case,
    /// with spaces, hyphens and underscores treated alike.
    pub fn level_index(&self, typed: &str) -> Option<usize> {
        let norm = normalize_name(typed);
        self.levels
            .iter()
            .position(|l| normalize_name(&l.id) == norm || normalize_name(&l.name) == norm)
    }

    /// A level named on the command line (`--target`), or an error listing the levels.
    pub fn parse_level_arg(&self, flag: &str, typed: &str) -> Result<usize, Diagnostic> {
        self.level_index(typed).ok_or_else(|| {
            Diagnostic::new(flag, format!("unknown level `{typed}`"))
                .help(format!("expected one of: {}", self.level_ids().join(", ")))
                .help_opt(crate::suggest::did_you_mean(
                    typed,
                    self.levels.iter().map(|l| l.id.as_str()),
                ))
        })
    }

    pub fn level_ids(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.id.as_str()).collect()
    }

    /// The highest level index.
    pub fn top_level(&self) -> usize {
        self.levels.len() - 1
    }

    /// The position of attribute `i`'s stage in the order the work depends on (0 when the
    /// rubric names no stages).
    pub fn stage_rank(&self, i: usize) -> usize {
        self.attributes[i].stage.unwrap_or(0)
    }

    /// The round of work a step of attribute `i` up to level `next` belongs to: the level it
    /// reaches, except that steps up to the attribute's `first_target` belong to the first
    /// round (level 1), with the other attributes' first steps. Never decreasing in `next`.
    pub fn wave(&self, i: usize, next: usize) -> usize {
        match self.attributes[i].first_target {
            Some(t) if next <= t => next.min(1),
            _ => next,
        }
    }

    /// A tip as a line for a list of all of an attribute's tips: "To reach Emerging: …" for a
    /// tip written for one step.
    pub fn tip_line(&self, tip: &Tip) -> String {
        match tip.to {
            Some(l) => format!("To reach {}: {}", self.levels[l].name, tip.text),
            None => tip.text.clone(),
        }
    }

    /// Title of a guidance entry, for citing a tip's source.
    pub fn guidance_title(&self, id: &str) -> Option<&str> {
        self.guidance
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.title.as_str())
    }
}

/// Words that mean "explicitly not answered" in an answers file (any case).
pub const UNSURE_WORDS: [&str; 5] = ["unsure", "not sure", "unanswered", "skip", "n/a"];

/// Whether an answers file reads `level` as "not sure": empty, or one of [`UNSURE_WORDS`] in
/// any case, around spaces. A rubric may not name a level so (its answers would be lost).
pub fn reads_as_unsure(level: &str) -> bool {
    let t = level.trim();
    t.is_empty() || UNSURE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t))
}

/// What an answers file makes of a level id written as it is, `attribute: ID`, when that is not
/// the id itself: YAML reads `1`, `1e3`, `0x1f` as numbers, `true` and `false` as booleans and
/// `null` as no value. Every writer (`assess`, `import`, the offline page, a person) writes a
/// level id unquoted, so a rubric may not use such an id. `None`: it reads back as itself.
pub fn level_id_reads_as(id: &str) -> Option<&'static str> {
    use serde_yaml::Value;
    let read: Result<Value, _> = serde_yaml::from_str(&format!("x: {id}"));
    match read.ok().as_ref().and_then(|doc| doc.get("x")) {
        Some(Value::String(s)) if s == id => None,
        Some(Value::Null) => Some("no value at all (an unanswered question)"),
        Some(Value::Bool(_)) => Some("true or false"),
        Some(Value::Number(_)) => Some("a number"),
        _ => Some("something other than this text"),
    }
}

/// Lowercase with runs of spaces, hyphens and underscores as one hyphen.
pub fn normalize_name(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .trim()
        .to_lowercase()
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rubric_has_four_sections_seventeen_attributes_four_levels() {
        let r = Rubric::builtin();
        assert_eq!(r.sections.len(), 4);
        assert_eq!(r.attributes.len(), 17);
        assert_eq!(
            r.level_ids(),
            ["experimenting", "emerging", "advancing", "fully-optimized"]
        );
        assert!(r
            .attributes
            .iter()
            .all(|a| a.descriptions.iter().all(|d| !d.is_empty())));
    }

    #[test]
    fn levels_are_found_by_id_or_display_name_in_any_case() {
        let r = Rubric::builtin();
        assert_eq!(r.level_index("fully-optimized"), Some(3));
        assert_eq!(r.level_index("Fully Optimized"), Some(3));
        assert_eq!(r.level_index("FULLY_OPTIMIZED"), Some(3));
        assert_eq!(r.level_index("emerging"), Some(1));
        assert_eq!(r.level_index("expert"), None);
    }

    #[test]
    fn the_built_in_rubric_generated_at_build_time_equals_the_yaml_file_loaded_and_validated() {
        let src = Source::from_text(BUILTIN_NAME, BUILTIN_YAML, crate::source::Syntax::Yaml);
        let (from_yaml, _) = Rubric::load(&src).unwrap();
        assert_eq!(Rubric::builtin(), from_yaml);
    }
}
