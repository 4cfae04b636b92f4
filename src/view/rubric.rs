//! [`RubricView`]: the rubric as `rubric show` prints it: its name, where it comes from, its
//! levels, and section by section each attribute with its description at every level.

use super::LevelRef;
use crate::rubric::Rubric;

/// An attribute and its words for every level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricAttribute {
    pub id: String,
    pub name: String,
    /// How to read its levels, where the rubric says.
    pub note: Option<String>,
    /// Its description at each level, lowest first.
    pub descriptions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricSection {
    pub name: String,
    pub attributes: Vec<RubricAttribute>,
}

/// Everything `rubric show` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricView {
    /// "Persona Optimization Framework 1.0.0".
    pub title: String,
    /// "id persona-optimization-framework · Cintell …, A framework for Persona Optimization (2016)".
    pub meta: String,
    /// Every level, lowest first.
    pub levels: Vec<LevelRef>,
    /// How many attributes, in every section.
    pub attributes: usize,
    pub sections: Vec<RubricSection>,
}

impl RubricView {
    pub fn new(r: &Rubric) -> RubricView {
        let mut meta = vec![format!("id {}", r.id)];
        if let Some(s) = &r.source {
            meta.push(match r.year {
                Some(y) => format!("{s} ({y})"),
                None => s.clone(),
            });
        }
        RubricView {
            title: format!("{} {}", r.name, r.version),
            meta: meta.join(" · "),
            levels: (0..r.levels.len()).map(|l| LevelRef::new(r, l)).collect(),
            attributes: r.attributes.len(),
            sections: r
                .sections
                .iter()
                .map(|s| RubricSection {
                    name: s.name.clone(),
                    attributes: r.attributes[s.attributes.clone()]
                        .iter()
                        .map(|a| RubricAttribute {
                            id: a.id.clone(),
                            name: a.name.clone(),
                            note: a.note.clone(),
                            descriptions: a.descriptions.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
