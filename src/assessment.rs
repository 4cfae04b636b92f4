//! The answers document: the raw serde types that mirror the file (YAML or TOML), and `resolve`,
//! which checks every attribute id and level against the rubric and produces an [`Assessment`].

use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::source::{Date, Source, UniqueMap};
use serde::{Deserialize, Serialize};

/// The words an answers file reads as "not sure", and the test it applies (kept with the rubric,
/// whose validation refuses a level named so).
pub use crate::rubric::{reads_as_unsure, UNSURE_WORDS};

/// Longest note, organization, respondent name or role, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
pub const MAX_LABEL_CHARS: usize = 200;

// ---- the file, as written ----

/// An answers file. The program file `check` reads is the same document with more sections.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswers {
    /// `id` or `id@version` of the rubric the answers are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub respondent: Option<RawRespondent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub answers: UniqueMap<RawAnswer>,
    /// Program file only: the personas, buyer and negative.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_vec_map_only"
    )]
    pub personas: Option<Vec<crate::program::RawPersona>>,
    /// Program file only: how much of the customer database is mapped to personas.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub database: Option<crate::program::RawDatabase>,
    /// Program file only: the team's bar for `check`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub policy: Option<crate::program::RawPolicy>,
    /// Program file only: the persona measures (KPIs) the team records, with when and who
    /// answers for them.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_vec_map_only"
    )]
    pub measures: Option<Vec<crate::program::RawMeasure>>,
    /// Program file only: the files its evidence is measured from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub evidence: Option<crate::program::RawEvidence>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRespondent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// One answer: a level name, `unsure`/null, or `{ level, note }`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnswer {
    /// The level as typed; `None` for null.
    pub level: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswerMap {
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawAnswer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a level name (e.g. `advancing`), `unsure`, or `{ level, note }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawAnswer, E> {
                Ok(RawAnswer {
                    level: Some(v.to_string()),
                    note: None,
                })
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawAnswer, E> {
                Ok(RawAnswer {
                    level: None,
                    note: None,
                })
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<RawAnswer, E> {
                Ok(RawAnswer {
                    level: None,
                    note: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawAnswer, A::Error> {
                let m =
                    RawAnswerMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawAnswer {
                    level: m.level,
                    note: m.note,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl Serialize for RawAnswer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let level = self.level.as_deref().unwrap_or("unsure");
        match &self.note {
            None => s.serialize_str(level),
            Some(note) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("level", level)?;
                m.serialize_entry("note", note)?;
                m.end()
            }
        }
    }
}

// ---- the domain ----

/// The state of one attribute in an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Not in the file (not reached yet, in a questionnaire).
    Missing,
    /// Explicitly left unanswered ("not sure").
    Unsure,
    /// A level index, 0 = lowest.
    Level(usize),
}

impl Answer {
    pub fn level(self) -> Option<usize> {
        match self {
            Answer::Level(l) => Some(l),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Respondent {
    pub name: Option<String>,
    pub role: Option<String>,
}

/// Answers resolved against a rubric: one entry per rubric attribute, in rubric order.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub organization: Option<String>,
    pub respondent: Respondent,
    pub date: Option<Date>,
    pub answers: Vec<Answer>,
    pub notes: Vec<Option<String>>,
}

impl Assessment {
    /// An assessment with nothing answered yet.
    pub fn empty(rubric: &Rubric) -> Assessment {
        Assessment {
            organization: None,
            respondent: Respondent::default(),
            date: None,
            answers: vec![Answer::Missing; rubric.attributes.len()],
            notes: vec![None; rubric.attributes.len()],
        }
    }

    /// Load an answers file: read, parse, resolve. Warnings (e.g. another rubric version) are
    /// returned for the caller to show.
    pub fn load(src: &Source, rubric: &Rubric) -> Result<(Assessment, Vec<String>), Diagnostic> {
        let raw: RawAnswers = src.parse()?;
        resolve(&raw, rubric, src)
    }

    /// Load a program file: the assessment plus personas, database and policy.
    pub fn load_program(
        src: &Source,
        rubric: &Rubric,
    ) -> Result<(Assessment, crate::program::Program, Vec<String>), Diagnostic> {
        let raw: RawAnswers = src.parse()?;
        let (a, warnings) = resolve(&raw, rubric, src)?;
        let program = crate::program::resolve(
            raw.personas.as_deref(),
            raw.database.as_ref(),
            raw.policy.as_ref(),
            raw.measures.as_deref(),
            raw.evidence.as_ref(),
            rubric,
            src,
        )?;
        Ok((a, program, warnings))
    }

    /// The file form, for saving: answered and explicitly unsure attributes, in rubric order.
    pub fn to_raw(&self, rubric: &Rubric) -> RawAnswers {
        let answers = rubric
            .attributes
            .iter()
            .zip(self.answers.iter().zip(&self.notes))
            .filter_map(|(attr, (answer, note))| {
                let level = match answer {
                    Answer::Missing => return None,
                    Answer::Unsure => None,
                    Answer::Level(l) => Some(rubric.levels[*l].id.clone()),
                };
                Some((
                    attr.id.clone(),
                    RawAnswer {
                        level,
                        note: note.clone(),
                    },
                ))
            })
            .collect();
        let respondent = if self.respondent == Respondent::default() {
            None
        } else {
            Some(RawRespondent {
                name: self.respondent.name.clone(),
                role: self.respondent.role.clone(),
            })
        };
        RawAnswers {
            rubric: Some(format!("{}@{}", rubric.id, rubric.version)),
            organization: self.organization.clone(),
            respondent,
            date: self.date,
            answers: UniqueMap(answers),
            personas: None,
            database: None,
            policy: None,
            measures: None,
            evidence: None,
        }
    }

    /// The answers file's text: `header` (comment lines, each starting with `#`), then the
    /// document in `syntax`.
    pub fn to_text(&self, rubric: &Rubric, syntax: crate::source::Syntax, header: &str) -> String {
        if syntax == crate::source::Syntax::Yaml {
            if let Some(body) = self.plain_yaml(rubric) {
                return format!("{header}{body}");
            }
        }
        let raw = self.to_raw(rubric);
        // Serialising these plain structs cannot fail (string keys, no maps as keys).
        let body = match syntax {
            crate::source::Syntax::Yaml => serde_yaml::to_string(&raw).unwrap_or_default(),
            crate::source::Syntax::Toml => toml_date(toml::to_string(&raw).unwrap_or_default()),
        };
        format!("{header}{body}")
    }

    /// The YAML body written directly, when every text in it is a plain scalar that YAML reads
    /// back as the same string (the usual case: names, roles, ids); `None` sends the caller to
    /// the YAML serialiser, which quotes and folds. Byte for byte what the serialiser writes for
    /// the same document (a property test compares them); many times faster, which is what
    /// `import` of a large export spends its time on.
    fn plain_yaml(&self, rubric: &Rubric) -> Option<String> {
        use std::fmt::Write;
        let mut out = String::with_capacity(1024);
        let rubric_ref = format!("{}@{}", rubric.id, rubric.version);
        let _ = writeln!(out, "rubric: {}", plain(&rubric_ref)?);
        if let Some(o) = &self.organization {
            let _ = writeln!(out, "organization: {}", plain(o)?);
        }
        if self.respondent != Respondent::default() {
            out.push_str("respondent:\n");
            if let Some(n) = &self.respondent.name {
                let _ = writeln!(out, "  name: {}", plain(n)?);
            }
            if let Some(r) = &self.respondent.role {
                let _ = writeln!(out, "  role: {}", plain(r)?);
            }
        }
        if let Some(d) = self.date {
            let _ = writeln!(out, "date: {d}");
        }
        let mut any = false;
        for (attr, (answer, note)) in rubric
            .attributes
            .iter()
            .zip(self.answers.iter().zip(&self.notes))
        {
            let level = match answer {
                Answer::Missing => continue,
                Answer::Unsure => "unsure",
                Answer::Level(l) => rubric.levels[*l].id.as_str(),
            };
            if !any {
                out.push_str("answers:\n");
                any = true;
            }
            let id = plain(&attr.id)?;
            match note {
                None => {
                    let _ = writeln!(out, "  {id}: {}", plain(level)?);
                }
                Some(n) => {
                    let _ = writeln!(
                        out,
                        "  {id}:\n    level: {}\n    note: {}",
                        plain(level)?,
                        plain(n)?
                    );
                }
            }
        }
        // An empty map is written in flow style: left to the serialiser.
        any.then_some(out)
    }

    /// Number of questions reached: answered, or explicitly left unanswered.
    pub fn reached(&self) -> usize {
        self.answers
            .iter()
            .filter(|a| **a != Answer::Missing)
            .count()
    }

    /// Number of attributes with a level.
    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.level().is_some()).count()
    }
}

/// `s` itself when YAML writes it as a plain scalar that reads back as this string: letters,
/// digits, spaces inside and a few marks (`-._@/+()`), starting with an ASCII letter, and not a
/// word YAML 1.1 reads as a boolean or null. Anything else (`:`, `#`, quotes, a leading digit or
/// dash, line breaks, non-ASCII) is left to the serialiser.
fn plain(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    let safe = first.is_ascii_alphabetic()
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" -._@/+()".contains(&b));
    const WORDS: [&str; 11] = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf",
    ];
    let word = s.to_ascii_lowercase();
    (safe && !WORDS.contains(&word.as_str())).then_some(s)
}

/// A TOML answers file's `date` as a TOML date (`date = 2026-03-14`), as people write it, rather
/// than the string serde writes.
fn toml_date(text: String) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return text;
    };
    let date = doc
        .get("date")
        .and_then(|d| d.as_str())
        .and_then(|d| d.parse::<toml_edit::Datetime>().ok());
    match date {
        Some(d) => {
            doc["date"] = toml_edit::value(d);
            doc.to_string()
        }
        None => text,
    }
}

/// Check `rubric: id@version` against the loaded rubric: another id is an error, another version a
/// warning.
fn check_rubric_ref(
    reference: &str,
    rubric: &Rubric,
    src: &Source,
) -> Result<Option<String>, Diagnostic> {
    let (id, version) = match reference.split_once('@') {
        Some((id, v)) => (id.trim(), Some(v.trim())),
        None => (reference.trim(), None),
    };
    if id != rubric.id {
        return Err(src
            .error_at(
                "rubric",
                format!(
                    "answers are for rubric `{id}`, but the loaded rubric is `{}`",
                    rubric.id
                ),
            )
            .help(format!(
                "load that rubric with --rubric FILE, or change `rubric:` to `{}`",
                rubric.id
            )));
    }
    Ok(match version {
        Some(v) if v != rubric.version => Some(format!(
            "{}: answers were given for {id} version {v}; scoring with version {}",
            src.name, rubric.version
        )),
        _ => None,
    })
}

fn check_label(
    src: &Source,
    path: &str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, Diagnostic> {
    match value {
        Some(v) if v.chars().count() > max => {
            Err(src.error_at(path, format!("longer than {max} characters")))
        }
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => Ok(Some(v.trim().to_string())),
        None => Ok(None),
    }
}

/// Turn a parsed answers document into an [`Assessment`]: every id and level checked.
pub fn resolve(
    raw: &RawAnswers,
    rubric: &Rubric,
    src: &Source,
) -> Result<(Assessment, Vec<String>), Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(r) = &raw.rubric {
        warnings.extend(check_rubric_ref(r, rubric, src)?);
    }
    let mut a = Assessment::empty(rubric);
    a.organization = check_label(src, "organization", &raw.organization, MAX_LABEL_CHARS)?;
    if let Some(r) = &raw.respondent {
        a.respondent.name = check_label(src, "respondent.name", &r.name, MAX_LABEL_CHARS)?;
        a.respondent.role = check_label(src, "respondent.role", &r.role, MAX_LABEL_CHARS)?;
    }
    a.date = raw.date;
    for (key, answer) in &raw.answers.0 {
        let path = format!("answers.{key}");
        let Some(i) = rubric.attribute_index(key) else {
            return Err(src
                .error_at(&path, format!("unknown attribute `{key}`"))
                .help_opt(crate::suggest::did_you_mean(key, rubric.attributes.iter().map(|a| a.id.as_str())))
                .help(format!(
                    "expected an attribute id of `{}`; list them with `persona-maturity rubric show`",
                    rubric.id
                )));
        };
        a.answers[i] = match answer.level.as_deref().map(str::trim) {
            None => Answer::Unsure,
            Some(t) if reads_as_unsure(t) => Answer::Unsure,
            Some(t) => match rubric.level_index(t) {
                Some(l) => Answer::Level(l),
                None => {
                    return Err(src
                        .error_at(&path, format!("unknown level `{t}`"))
                        .help(format!(
                            "expected one of: {} (or `unsure` to leave it unanswered)",
                            rubric.level_ids().join(", ")
                        ))
                        .help_opt(crate::suggest::did_you_mean(
                            t,
                            rubric.levels.iter().map(|l| l.id.as_str()),
                        )))
                }
            },
        };
        // A multi-line TOML string in a CRLF file holds its CR LF line breaks as they are: a line
        // break in a note is one LF, whatever file it came from (YAML reads them so already).
        a.notes[i] = check_label(src, &format!("{path}.note"), &answer.note, MAX_NOTE_CHARS)?
            .map(|n| n.replace("\r\n", "\n"));
    }
    Ok((a, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A level id as people write them, now and then a word an answers file reads as "not sure".
    fn level_id() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[a-z]{1,8}(-[a-z]{1,5})?",
            1 => proptest::sample::select(vec!["unsure", "skip", "unanswered", "not-sure", "n-a", "unsure-yet"])
                .prop_map(str::to_string),
        ]
    }

    /// A level name: words, or one of the "not sure" words in some case with spaces around.
    fn level_name() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[A-Z][a-z]{1,8}( [a-z]{1,6})?",
            1 => (
                proptest::sample::select(crate::rubric::UNSURE_WORDS.to_vec()),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(w, upper, padded)| {
                    let w = if upper { w.to_uppercase() } else { w.to_string() };
                    if padded { format!(" {w} ") } else { w }
                }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// A rubric is refused exactly when one of its level ids or names reads as "not sure";
        /// every rubric accepted has each level read back as itself from an answers file, by id.
        #[test]
        fn a_rubric_is_accepted_only_when_every_level_reads_back_as_itself(
            levels in proptest::collection::vec((level_id(), level_name()), 2..5),
        ) {
            let mut seen = std::collections::HashSet::new();
            let levels: Vec<(String, String)> = levels
                .into_iter()
                .filter(|(id, _)| seen.insert(id.clone()))
                .collect();
            prop_assume!(levels.len() >= 2);
            let mut yaml = String::from("id: r\nversion: \"1\"\nname: R\nlevels:\n");
            for (id, name) in &levels {
                yaml.push_str(&format!("  - {{ id: {id}, name: \"{name}\" }}\n"));
            }
            yaml.push_str("sections:\n  - id: s\n    name: S\n    attributes:\n      - id: a\n        name: A\n        question: Q?\n        levels:\n");
            for (k, (id, _)) in levels.iter().enumerate() {
                yaml.push_str(&format!("          {id}: Description number {k} of a level.\n"));
            }
            let reserved = levels.iter().any(|(id, name)| {
                crate::rubric::reads_as_unsure(id) || crate::rubric::reads_as_unsure(name)
            });
            let loaded = crate::rubric::Rubric::load(&crate::source::Source::from_text("r.yaml", yaml.clone(), crate::source::Syntax::Yaml));
            match loaded {
                Err(e) => {
                    prop_assert!(reserved, "refused: {e}\n{yaml}");
                    prop_assert!(e.to_string().contains("means \"not sure\""), "{e}");
                }
                Ok((rubric, _)) => {
                    prop_assert!(!reserved, "accepted:\n{yaml}");
                    for (k, (id, _)) in levels.iter().enumerate() {
                        let answers = format!("answers:\n  a: {id}\n");
                        let (a, _) = Assessment::load(
                            &crate::source::Source::from_text("a.yaml", answers, crate::source::Syntax::Yaml),
                            &rubric,
                        )
                        .unwrap();
                        prop_assert_eq!(&a.answers[0], &Answer::Level(k), "{}", id);
                    }
                }
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            // What plain_yaml writes itself...
            "[A-Za-z][A-Za-z0-9 ._@/+()-]{0,14}",
            // ...and what it must leave to the serialiser.
            "[A-Za-z0-9 :#'\"\\-\\n,!&*?|>%@`{}\\[\\]é]{0,10}",
            Just("yes".to_string()),
            Just("No".to_string()),
            Just("null".to_string()),
            Just("Off".to_string()),
            Just("a ".to_string()),
            Just("a  b".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn the_direct_yaml_is_what_the_serialiser_writes(
            organization in proptest::option::of(text()),
            name in proptest::option::of(text()),
            role in proptest::option::of(text()),
            answers in proptest::collection::vec(0usize..6, 17),
            notes in proptest::collection::vec(proptest::option::weighted(0.1, text()), 17),
            dated in any::<bool>(),
        ) {
            let rubric = Rubric::builtin();
            let mut a = Assessment::empty(&rubric);
            a.organization = organization;
            a.respondent = Respondent { name, role };
            a.date = dated.then(|| crate::source::Date::parse("2026-06-02").unwrap());
            for (k, v) in answers.iter().enumerate() {
                a.answers[k] = match v {
                    0 => Answer::Missing,
                    1 => Answer::Unsure,
                    l => Answer::Level(l - 2),
                };
            }
            a.notes = notes;
            let serialised = serde_yaml::to_string(&a.to_raw(&rubric)).unwrap();
            if let Some(direct) = a.plain_yaml(&rubric) {
                prop_assert_eq!(direct, serialised);
            }
        }
    }

    #[test]
    fn an_ordinary_response_is_written_directly() {
        let rubric = Rubric::builtin();
        let mut a = Assessment::empty(&rubric);
        a.organization = Some("Client 0000".into());
        a.respondent.name = Some("Dana O'Neil".into());
        a.answers[0] = Answer::Level(2);
        // An apostrophe is left to the serialiser; without it, written directly.
        assert!(a.plain_yaml(&rubric).is_none());
        a.respondent.name = Some("Dana Reyes".into());
        let direct = a.plain_yaml(&rubric).unwrap();
        assert_eq!(direct, serde_yaml::to_string(&a.to_raw(&rubric)).unwrap());
    }
}
