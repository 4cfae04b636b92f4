//! The questionnaire as a form: the same questions, level descriptions and order as the terminal
//! questionnaire, laid out for a form builder (Google Forms, Microsoft Forms) or the offline page.
//! `import` recognises what this prints: the question titles as column headers, the option texts
//! as cells.

use crate::rubric::Rubric;

/// A question about the person answering, asked before the rubric's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RespondentField {
    /// The answers file field it fills (`name`, `email`, `role`, `organization`).
    pub id: &'static str,
    /// The question's title, as the form shows it (and its export's column header).
    pub title: &'static str,
    pub hint: &'static str,
}

/// The respondent questions, in order. Each title holds the word `import` looks for.
pub const RESPONDENT_FIELDS: [RespondentField; 4] = [
    RespondentField {
        id: "name",
        title: "Your name",
        hint: "Names the answers file; not shown in the combined report.",
    },
    RespondentField {
        id: "email",
        title: "Your email",
        hint: "Only to tell responses apart; not written to the answers file.",
    },
    RespondentField {
        id: "role",
        title: "Your role or team",
        hint: "For example marketing, sales, product or leadership: the report compares teams.",
    },
    RespondentField {
        id: "organization",
        title: "Your organization",
        hint: "The company or business unit assessed.",
    },
];

/// The teams `form` suggests as the options of the role question (a dropdown, so that one team
/// is not typed five ways: "Mktg", "Marketing Ops" …); a team edits the list to its own.
pub const SUGGESTED_TEAMS: [&str; 6] = [
    "Marketing",
    "Sales",
    "Product",
    "Customer success",
    "Leadership",
    "Other",
];

/// The option for "not sure" (an unanswered attribute).
pub const NOT_SURE: &str = "Not sure";

/// Between the level number and name, and before the description, in an option's text.
pub const NUMBER_SEPARATOR: &str = " · ";
pub const DESCRIPTION_SEPARATOR: &str = " — ";

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The level index; `None` for "Not sure".
    pub level: Option<usize>,
    pub text: String,
}

/// One question: an attribute of the rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// 1-based, in rubric order.
    pub number: usize,
    /// Index into [`Rubric::attributes`](crate::rubric::Rubric::attributes).
    pub attribute: usize,
    /// `N. Attribute name`.
    pub title: String,
    /// The plain-language question (the attribute's name when the rubric has none).
    pub description: String,
    /// How to read the levels, where the rubric says.
    pub note: Option<String>,
    /// The levels lowest first, then "Not sure".
    pub choices: Vec<Choice>,
    /// The attribute's id and name, and its section's.
    pub attribute_id: String,
    pub attribute_name: String,
    pub section_id: String,
    pub section_name: String,
    /// Each level as the page shows it, lowest first.
    pub levels: Vec<LevelOption>,
    /// The attribute's tips, each a line ("… (from the framework)").
    pub tips: Vec<String>,
}

/// A level as one question offers it: the level's id and name, and the attribute's words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelOption {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// A section of the form: its questions are `questions[attributes]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSection {
    pub id: String,
    pub name: String,
    attributes: std::ops::Range<usize>,
}

/// The rubric the form asks, as the form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRubric {
    pub id: String,
    pub version: String,
    pub name: String,
    pub source: Option<String>,
    pub year: Option<u32>,
    /// How many levels the scale has.
    pub levels: usize,
}

/// The whole form.
#[derive(Debug, Clone)]
pub struct Form {
    pub rubric: FormRubric,
    pub sections: Vec<FormSection>,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
}

/// `N. Attribute name`: a question's title.
pub fn question_title(number: usize, name: &str) -> String {
    format!("{number}. {name}")
}

/// `1 · Experimenting — <the framework's description>`: an option's text.
pub fn option_text(rubric: &Rubric, attribute: usize, level: usize) -> String {
    format!(
        "{}{NUMBER_SEPARATOR}{}{DESCRIPTION_SEPARATOR}{}",
        level + 1,
        rubric.levels[level].name,
        rubric.attributes[attribute].descriptions[level]
    )
}

impl Form {
    pub fn new(rubric: &Rubric) -> Form {
        let questions = rubric
            .attributes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut choices: Vec<Choice> = (0..rubric.levels.len())
                    .map(|l| Choice {
                        level: Some(l),
                        text: option_text(rubric, i, l),
                    })
                    .collect();
                choices.push(Choice {
                    level: None,
                    text: NOT_SURE.to_string(),
                });
                Question {
                    number: i + 1,
                    attribute: i,
                    title: question_title(i + 1, &a.name),
                    description: a.question.clone().unwrap_or_else(|| a.name.clone()),
                    note: a.note.clone(),
                    choices,
                    attribute_id: a.id.clone(),
                    attribute_name: a.name.clone(),
                    section_id: rubric.sections[a.section].id.clone(),
                    section_name: rubric.sections[a.section].name.clone(),
                    levels: rubric
                        .levels
                        .iter()
                        .zip(&a.descriptions)
                        .map(|(l, d)| LevelOption {
                            id: l.id.clone(),
                            name: l.name.clone(),
                            description: d.clone(),
                        })
                        .collect(),
                    tips: a.tips.iter().map(|t| rubric.tip_line(t)).collect(),
                }
            })
            .collect();
        let sections: Vec<&str> = rubric.sections.iter().map(|s| s.name.as_str()).collect();
        // The built-in framework is about buyer personas; a team's own rubric may be about
        // anything, so its page speaks in the rubric's words only.
        let builtin = rubric.id == crate::rubric::Rubric::builtin().id;
        let (title, question) = if builtin {
            (
                "Buyer persona maturity self-assessment".to_string(),
                "How mature is our buyer-persona program? ",
            )
        } else {
            (format!("{} self-assessment", rubric.name), "")
        };
        let intro = format!(
            "{question}This questionnaire follows the {}{}: \
             {} in {} ({}), {}. For each, choose the description that fits your organization \
             today, not where it should be. \"{NOT_SURE}\" is a fine answer: it is counted as \
             unanswered, not as a low level.",
            rubric.name,
            rubric.year.map(|y| format!(" ({y})")).unwrap_or_default(),
            crate::words::count(rubric.attributes.len(), "question", "questions"),
            crate::words::count(rubric.sections.len(), "section", "sections"),
            sections.join(", "),
            crate::words::duration(rubric.attributes.len()),
        );
        Form {
            rubric: FormRubric {
                id: rubric.id.clone(),
                version: rubric.version.clone(),
                name: rubric.name.clone(),
                source: rubric.source.clone(),
                year: rubric.year,
                levels: rubric.levels.len(),
            },
            sections: rubric
                .sections
                .iter()
                .map(|s| FormSection {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    attributes: s.attributes.clone(),
                })
                .collect(),
            title,
            intro,
            questions,
        }
    }

    /// The questions of a section.
    pub fn section_questions(&self, section: usize) -> &[Question] {
        &self.questions[self.sections[section].attributes.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_is_a_question_with_every_level_verbatim_and_not_sure_last() {
        let r = Rubric::builtin();
        let f = Form::new(&r);
        assert_eq!(f.questions.len(), 17);
        let q = &f.questions[2];
        assert_eq!(q.title, "3. Budget Allocation");
        assert_eq!(q.choices.len(), 5);
        assert_eq!(
            q.choices[0].text,
            "1 · Experimenting — Ad hoc budget allocated, heavy reliance on internal opinions, \
             resources & data"
        );
        assert_eq!(q.choices[3].level, Some(3));
        assert!(q.choices[3].text.starts_with("4 · Fully Optimized — "));
        assert_eq!(q.choices[4].level, None);
        assert_eq!(q.choices[4].text, "Not sure");
        assert!(f.intro.contains("17 questions in 4 sections"));
    }
}

#[cfg(test)]
mod custom_wording {
    use super::*;

    #[test]
    fn a_custom_rubrics_form_speaks_in_the_rubrics_words() {
        let mut r = crate::rubric::Rubric::builtin();
        r.id = "content-ops".into();
        r.name = "Content Operations Maturity".into();
        let f = Form::new(&r);
        assert_eq!(f.title, "Content Operations Maturity self-assessment");
        assert!(!f.intro.to_lowercase().contains("persona"), "{}", f.intro);
        assert!(f
            .intro
            .starts_with("This questionnaire follows the Content Operations Maturity"));
        let framework = crate::rubric::Rubric::builtin();
        let builtin = Form::new(&framework);
        assert_eq!(builtin.title, "Buyer persona maturity self-assessment");
    }
}
