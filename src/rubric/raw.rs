//! A rubric file as written: the serde types that mirror it, and the file form of a rubric (for
//! `rubric show --format yaml|json`).

use super::Rubric;
use crate::source::UniqueMap;
use serde::{Deserialize, Serialize};

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
    /// The stages the work goes through, in the order it depends on (optional).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::source::vec_map_only"
    )]
    pub stages: Vec<RawStage>,
    #[serde(deserialize_with = "crate::source::vec_map_only")]
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub id: String,
    pub name: String,
    /// Why the stage comes where it does, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
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
    /// The id of the stage the attribute's work belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// The attributes (of earlier stages) whose work this one's rests on: a step to a level
    /// waits until they reach it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rests_on: Vec<String>,
    /// The level the attribute's first step aims for when it starts below it: its lower levels
    /// describe where programs start rather than a goal, so steps up to it are taken with the
    /// other attributes' first steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_target: Option<String>,
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
    /// The level this tip is for the step up to (absent: a tip for every step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The words of that level's description the tip answers, quoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Rubric {
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
            stages: self
                .stages
                .iter()
                .map(|g| RawStage {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    why: g.why.clone(),
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
                            stage: a.stage.map(|i| self.stages[i].id.clone()),
                            rests_on: a
                                .rests_on
                                .iter()
                                .map(|&j| self.attributes[j].id.clone())
                                .collect(),
                            first_target: a.first_target.map(|l| self.levels[l].id.clone()),
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
                                    to: t.to.map(|l| self.levels[l].id.clone()),
                                    quote: t.quote.clone(),
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
}
