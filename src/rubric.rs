//! The maturity rubric: levels, sections, attributes and the description of every cell.
//! Owns loading a rubric (the embedded Persona Optimization Framework, or a team's own file) and
//! validating it, with errors for what would make scoring meaningless and warnings for what would
//! confuse the people answering.

use crate::error::{InputError, InputErrors};
use crate::source::{Source, UniqueMap};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The embedded Persona Optimization Framework.
pub const BUILTIN_YAML: &str = include_str!("../rubric/persona-optimization-framework.yaml");

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
    pub sections: Vec<Section>,
    pub attributes: Vec<Attribute>,
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
    /// Indexes into `Rubric::attributes`.
    pub attributes: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub id: String,
    pub name: String,
    /// Index into `Rubric::sections`.
    pub section: usize,
    pub question: Option<String>,
    /// How to read this attribute's levels, where the source leaves room for doubt.
    pub note: Option<String>,
    /// One description per level, lowest first.
    pub descriptions: Vec<String>,
    pub tips: Vec<Tip>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    pub text: String,
    /// Id of the guidance it draws on.
    pub source: Option<String>,
}

/// A non-fatal finding from validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

// ---- the file, as written ----

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub id: String,
    pub version: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    #[serde(deserialize_with = "crate::source::vec_map_only")]
    pub levels: Vec<RawLevel>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::source::vec_map_only"
    )]
    pub guidance: Vec<RawGuidance>,
    #[serde(deserialize_with = "crate::source::vec_map_only")]
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuidance {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "crate::source::vec_map_only")]
    pub attributes: Vec<RawAttribute>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttribute {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub levels: UniqueMap<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::source::vec_map_only"
    )]
    pub tips: Vec<RawTip>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTip {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Is `s` a kebab-case id: lowercase ASCII letters and digits in words joined by single hyphens?
pub fn is_kebab_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lowercase, `&` read as "and", punctuation dropped, words split on white space.
fn normalized_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Two level descriptions are near-identical when, after normalising case, punctuation and
/// "&"/"and", they differ by at most one word (inserted, removed or replaced).
pub fn near_identical(a: &str, b: &str) -> bool {
    words_near(&normalized_words(a), &normalized_words(b))
}

/// Word lists at most one edit apart (lengths that differ by more cannot be).
#[allow(clippy::ptr_arg)] // strsim needs a sized collection
fn words_near(a: &Vec<String>, b: &Vec<String>) -> bool {
    a.len().abs_diff(b.len()) <= 1 && strsim::generic_levenshtein(a, b) <= 1
}

impl Rubric {
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

    /// Parse and validate a rubric file. Returns the rubric and any warnings, or every error found.
    pub fn load(src: &Source) -> Result<(Rubric, Vec<Warning>), InputErrors> {
        let raw: RawRubric = src.parse().map_err(|e| InputErrors(vec![e]))?;
        Self::from_raw(raw, src)
    }

    /// Validate a parsed rubric and build the domain value.
    pub fn from_raw(raw: RawRubric, src: &Source) -> Result<(Rubric, Vec<Warning>), InputErrors> {
        let mut p = Problems {
            src,
            errors: Vec::new(),
        };
        let mut warnings = Vec::new();

        check_id(&mut p, "id", &raw.id);
        check_name(&mut p, "name", &raw.name);
        if raw.version.trim().is_empty() {
            p.err(
                "version".into(),
                "version is empty; expected e.g. \"1.0.0\"".into(),
            );
        }
        if raw.levels.len() < MIN_LEVELS {
            p.err(
                "levels".into(),
                format!(
                    "has {}; a rubric needs at least {MIN_LEVELS} levels, lowest first",
                    crate::words::count(raw.levels.len(), "level", "levels")
                ),
            );
        }
        if raw.levels.len() > MAX_LEVELS {
            p.err(
                "levels".into(),
                format!(
                    "has {} levels; at most {MAX_LEVELS} are supported",
                    raw.levels.len()
                ),
            );
        }
        let mut level_ids: Vec<&str> = Vec::new();
        for (i, l) in raw.levels.iter().enumerate() {
            check_id(&mut p, &format!("levels[{i}].id"), &l.id);
            check_name(&mut p, &format!("levels[{i}].name"), &l.name);
            if level_ids.contains(&l.id.as_str()) {
                p.err(
                    format!("levels[{i}].id"),
                    format!("duplicate level id `{}`", l.id),
                );
            }
            level_ids.push(&l.id);
        }
        let guidance_ids: Vec<&str> = raw.guidance.iter().map(|g| g.id.as_str()).collect();
        for (i, g) in raw.guidance.iter().enumerate() {
            check_id(&mut p, &format!("guidance[{i}].id"), &g.id);
        }
        if raw.sections.is_empty() {
            p.err(
                "sections".into(),
                "no sections; a rubric needs at least one section with attributes".into(),
            );
        }
        if raw.sections.len() > MAX_SECTIONS {
            p.err(
                "sections".into(),
                format!("more than {MAX_SECTIONS} sections"),
            );
        }
        let total_attrs: usize = raw.sections.iter().map(|s| s.attributes.len()).sum();
        if total_attrs > MAX_ATTRIBUTES {
            p.err(
                "sections".into(),
                format!("{total_attrs} attributes; at most {MAX_ATTRIBUTES} are supported"),
            );
        }

        let mut section_ids: Vec<&str> = Vec::new();
        let mut attr_ids: Vec<&str> = Vec::new();
        let mut sections = Vec::new();
        let mut attributes = Vec::new();
        for (si, s) in raw.sections.iter().enumerate() {
            let sp = format!("sections[{si}]");
            check_id(&mut p, &format!("{sp}.id"), &s.id);
            check_name(&mut p, &format!("{sp}.name"), &s.name);
            if section_ids.contains(&s.id.as_str()) {
                p.err(
                    format!("{sp}.id"),
                    format!("duplicate section id `{}`", s.id),
                );
            }
            section_ids.push(&s.id);
            if s.attributes.is_empty() {
                p.err(
                    format!("{sp}.attributes"),
                    format!("section `{}` has no attributes", s.id),
                );
            }
            let start = attributes.len();
            for (ai, a) in s.attributes.iter().enumerate() {
                let ap = format!("{sp}.attributes[{ai}]");
                check_id(&mut p, &format!("{ap}.id"), &a.id);
                check_name(&mut p, &format!("{ap}.name"), &a.name);
                if attr_ids.contains(&a.id.as_str()) {
                    p.err(
                        format!("{ap}.id"),
                        format!("duplicate attribute id `{}`", a.id),
                    );
                }
                attr_ids.push(&a.id);
                let mut descriptions = vec![String::new(); raw.levels.len()];
                for (lid, text) in &a.levels.0 {
                    match level_ids.iter().position(|l| l == lid) {
                        Some(li) => {
                            if text.trim().is_empty() {
                                p.err(
                                    format!("{ap}.levels.{lid}"),
                                    format!("the description of level `{lid}` is empty"),
                                );
                            } else if text.chars().count() > MAX_TEXT_CHARS {
                                p.err(
                                    format!("{ap}.levels.{lid}"),
                                    format!("description longer than {MAX_TEXT_CHARS} characters"),
                                );
                            }
                            descriptions[li] = text.clone();
                        }
                        None => {
                            let mut e = src
                                .error_at(
                                    &format!("{ap}.levels.{lid}"),
                                    format!(
                                        "describes level `{lid}`, which the rubric does not define"
                                    ),
                                )
                                .help(format!("expected one of: {}", level_ids.join(", ")));
                            if let Some(d) =
                                crate::suggest::did_you_mean(lid, level_ids.iter().copied())
                            {
                                e = e.help(d);
                            }
                            p.push(e);
                        }
                    }
                }
                for lid in &level_ids {
                    if !a.levels.0.iter().any(|(k, _)| k == lid) {
                        p.err(
                            format!("{ap}.levels"),
                            format!("attribute `{}` has no description for level `{lid}`", a.id),
                        );
                    }
                }
                match &a.question {
                    None => warnings.push(Warning {
                        path: format!("{ap}.question"),
                        message: format!("attribute `{}` has no question; the questionnaire will show its name instead", a.id),
                    }),
                    Some(q) if q.trim().is_empty() => warnings.push(Warning {
                        path: format!("{ap}.question"),
                        message: format!("attribute `{}` has an empty question", a.id),
                    }),
                    _ => {}
                }
                let words: Vec<Vec<String>> =
                    descriptions.iter().map(|d| normalized_words(d)).collect();
                for i in 0..descriptions.len() {
                    for j in i + 1..descriptions.len() {
                        if !descriptions[i].is_empty() && words_near(&words[i], &words[j]) {
                            let mut message = format!(
                                "levels `{}` and `{}` of `{}` have near-identical descriptions",
                                level_ids[i], level_ids[j], a.id
                            );
                            if a.note.is_some() {
                                message.push_str(
                                    " (the attribute's note says how to tell them apart)",
                                );
                            } else {
                                message.push_str("; add a `note` saying how to tell them apart");
                            }
                            warnings.push(Warning {
                                path: format!("{ap}.levels"),
                                message,
                            });
                        }
                    }
                }
                for (ti, t) in a.tips.iter().enumerate() {
                    if let Some(gs) = &t.source {
                        if !guidance_ids.contains(&gs.as_str()) {
                            let mut e = src
                                .error_at(&format!("{ap}.tips[{ti}].source"), format!("tip names guidance `{gs}`, which the rubric's `guidance` list does not define"));
                            if let Some(d) =
                                crate::suggest::did_you_mean(gs, guidance_ids.iter().copied())
                            {
                                e = e.help(d);
                            }
                            p.push(e);
                        }
                    }
                }
                attributes.push(Attribute {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    section: si,
                    question: a.question.clone().filter(|q| !q.trim().is_empty()),
                    note: a.note.clone(),
                    descriptions,
                    tips: a
                        .tips
                        .iter()
                        .map(|t| Tip {
                            text: t.text.clone(),
                            source: t.source.clone(),
                        })
                        .collect(),
                });
            }
            sections.push(Section {
                id: s.id.clone(),
                name: s.name.clone(),
                attributes: start..attributes.len(),
            });
        }
        if !p.errors.is_empty() {
            return Err(InputErrors(p.errors));
        }
        Ok((
            Rubric {
                id: raw.id,
                version: raw.version,
                name: raw.name,
                source: raw.source,
                year: raw.year,
                levels: raw
                    .levels
                    .into_iter()
                    .map(|l| Level {
                        id: l.id,
                        name: l.name,
                    })
                    .collect(),
                guidance: raw
                    .guidance
                    .into_iter()
                    .map(|g| Guidance {
                        id: g.id,
                        title: g.title,
                    })
                    .collect(),
                sections,
                attributes,
            },
            warnings,
        ))
    }

    /// The file form of this rubric (for `rubric show --format yaml|json`).
    pub fn to_raw(&self) -> RawRubric {
        RawRubric {
            id: self.id.clone(),
            version: self.version.clone(),
            name: self.name.clone(),
            source: self.source.clone(),
            year: self.year,
            levels: self
                .levels
                .iter()
                .map(|l| RawLevel {
                    id: l.id.clone(),
                    name: l.name.clone(),
                })
                .collect(),
            guidance: self
                .guidance
                .iter()
                .map(|g| RawGuidance {
                    id: g.id.clone(),
                    title: g.title.clone(),
                })
                .collect(),
            sections: self
                .sections
                .iter()
                .map(|s| RawSection {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    attributes: self.attributes[s.attributes.clone()]
                        .iter()
                        .map(|a| RawAttribute {
                            id: a.id.clone(),
                            name: a.name.clone(),
                            question: a.question.clone(),
                            note: a.note.clone(),
                            levels: UniqueMap(
                                self.levels
                                    .iter()
                                    .zip(&a.descriptions)
                                    .map(|(l, d)| (l.id.clone(), d.clone()))
                                    .collect(),
                            ),
                            tips: a
                                .tips
                                .iter()
                                .map(|t| RawTip {
                                    text: t.text.clone(),
                                    source: t.source.clone(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Index of the attribute with this id.
    pub fn attribute_index(&self, id: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a.id == id)
    }

    /// The attribute with this id, or an error with "did you mean".
    pub fn find_attribute(&self, origin: &str, id: &str) -> Result<usize, InputError> {
        self.attribute_index(id).ok_or_else(|| {
            InputError::new(origin, format!("unknown attribute `{id}`"))
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
    pub fn parse_level_arg(&self, flag: &str, typed: &str) -> Result<usize, InputError> {
        self.level_index(typed).ok_or_else(|| {
            InputError::new(flag, format!("unknown level `{typed}`"))
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

    /// Title of a guidance entry, for citing a tip's source.
    pub fn guidance_title(&self, id: &str) -> Option<&str> {
        self.guidance
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.title.as_str())
    }
}

/// Collects every validation error, positioned in the rubric file.
struct Problems<'a> {
    src: &'a Source,
    errors: Vec<InputError>,
}

impl Problems<'_> {
    fn err(&mut self, path: String, message: String) {
        self.errors.push(self.src.error_at(&path, message));
    }

    fn push(&mut self, e: InputError) {
        self.errors.push(e);
    }
}

fn check_id(p: &mut Problems, path: &str, id: &str) {
    if id.trim().is_empty() {
        p.err(path.to_string(), "id is empty".into());
    } else if !is_kebab_id(id) {
        p.err(
            path.to_string(),
            format!("`{id}` is not a kebab-case id; expected lowercase letters, digits and single hyphens, e.g. `depth-of-personas`"),
        );
    }
}

fn check_name(p: &mut Problems, path: &str, name: &str) {
    if name.trim().is_empty() {
        p.err(path.to_string(), "name is empty".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        p.err(
            path.to_string(),
            format!("name longer than {MAX_NAME_CHARS} characters"),
        );
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
    fn near_identical_ignores_ampersand_and_case_but_not_a_changed_quantity() {
        assert!(near_identical(
            "with customers & non-customers",
            "With customers and non-customers"
        ));
        assert!(!near_identical(
            "All or most of the following are included in personas",
            "Most of the following are included in personas"
        ));
    }

    #[test]
    fn kebab_ids_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_kebab_id("depth-of-personas"));
        assert!(is_kebab_id("level2"));
        for bad in [
            "Depth",
            "depth of",
            "depth--of",
            "-depth",
            "depth-",
            "dépth",
            "",
        ] {
            assert!(!is_kebab_id(bad), "{bad}");
        }
    }

    #[test]
    fn the_built_in_rubric_generated_at_build_time_equals_the_yaml_file_loaded_and_validated() {
        let src = Source::from_text(BUILTIN_NAME, BUILTIN_YAML, crate::source::Syntax::Yaml);
        let (from_yaml, _) = Rubric::load(&src).unwrap();
        assert_eq!(Rubric::builtin(), from_yaml);
    }
}
