//! Answers that contradict each other: pairs of attributes whose level texts in the built-in
//! framework tie them together, answered so that one text says what the other denies (personas
//! "fully accessible across all lines of business" yet "stored in static documents"). A report
//! shows them as notes to look at, not as findings: either answer may be the one to change, and
//! an organization may have a reason. A rubric without these attribute ids, or with other than
//! four levels, gets none.

use crate::rubric::Rubric;

/// Two answers that pull against each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// The two attributes (indexes into the rubric's attributes): the one whose level claims
    /// more first.
    pub attributes: [usize; 2],
    /// Their levels, as answered.
    pub levels: [usize; 2],
    /// What does not fit, in the level texts' words.
    pub note: &'static str,
}

/// A tie between two attributes' level texts: when the first is at one of `a_levels` and the
/// second at one of `b_levels`, the texts disagree.
struct Tie {
    a: &'static str,
    a_levels: &'static [usize],
    b: &'static str,
    b_levels: &'static [usize],
    note: &'static str,
}

// Level indexes of the built-in framework's scale.
const EXPERIMENTING: usize = 0;
const EMERGING: usize = 1;
const ADVANCING: usize = 2;
const FULLY_OPTIMIZED: usize = 3;

/// The ties the framework's level texts make, each quoting both texts.
const TIES: [Tie; 8] = [
    Tie {
        a: "frequency-of-updates",
        a_levels: &[FULLY_OPTIMIZED],
        b: "use-of-data-to-refine",
        b_levels: &[EXPERIMENTING, EMERGING],
        note: "personas \"systematically updated at least once every 6 months\", yet refined \
               with little or no systematic use of CRM data: what do the updates draw on?",
    },
    Tie {
        a: "training",
        a_levels: &[FULLY_OPTIMIZED],
        b: "accessibility-and-storage",
        b_levels: &[EXPERIMENTING, EMERGING, ADVANCING],
        note: "training \"integrated into new hire orientation and offered as regular cadence\", \
               yet without the \"on-demand training modules\" of Accessibility's top level: \
               where do people take it between sessions?",
    },
    Tie {
        a: "sharing-personas",
        a_levels: &[FULLY_OPTIMIZED],
        b: "accessibility-and-storage",
        b_levels: &[EXPERIMENTING, EMERGING],
        note: "personas \"fully accessible across all lines of business\", yet \"stored in \
               static documents\" or not formally documented at all",
    },
    Tie {
        a: "sharing-personas",
        a_levels: &[ADVANCING],
        b: "accessibility-and-storage",
        b_levels: &[EXPERIMENTING],
        note: "personas \"documented across highest revenue producing parts of the business\", \
               yet \"formal personas are not documented\": where are they written down?",
    },
    Tie {
        a: "organizational-use",
        a_levels: &[EMERGING, ADVANCING, FULLY_OPTIMIZED],
        b: "training",
        b_levels: &[EXPERIMENTING],
        note: "personas \"utilized for marketing messaging and sales training\", yet persona \
               training is only \"planned upon completion of research\"",
    },
    Tie {
        a: "executive-sponsorship",
        a_levels: &[FULLY_OPTIMIZED],
        b: "organizational-use",
        b_levels: &[EXPERIMENTING],
        note: "every executive has \"assigned leaders on their team to ensure personas are \
               utilized across the organization\", yet personas are used for marketing \
               messaging \"but no where else in the organization\"",
    },
    Tie {
        a: "executive-sponsorship",
        a_levels: &[FULLY_OPTIMIZED],
        b: "organizational-use",
        b_levels: &[EMERGING],
        note: "every executive has \"assigned leaders on their team to ensure personas are \
               utilized across the organization\", yet use goes no further than marketing \
               messaging and sales training, with ad hoc use elsewhere",
    },
    Tie {
        a: "database-completeness",
        a_levels: &[EMERGING, ADVANCING, FULLY_OPTIMIZED],
        b: "database-segmentation",
        b_levels: &[EXPERIMENTING],
        note: "more than 10% of the database mapped to personas, yet only \"program-specific \
               list pulls\", with no mapping of the database",
    },
];

/// Every tie the levels break, in the order of [`TIES`].
pub fn find(rubric: &Rubric, levels: &[Option<usize>]) -> Vec<Contradiction> {
    if rubric.levels.len() != 4 {
        return Vec::new();
    }
    TIES.iter()
        .filter_map(|t| {
            let (a, b) = (rubric.attribute_index(t.a)?, rubric.attribute_index(t.b)?);
            let (la, lb) = ((*levels.get(a)?)?, (*levels.get(b)?)?);
            (t.a_levels.contains(&la) && t.b_levels.contains(&lb)).then_some(Contradiction {
                attributes: [a, b],
                levels: [la, lb],
                note: t.note,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(r: &Rubric, set: &[(&str, usize)]) -> Vec<Option<usize>> {
        let mut l = vec![Some(ADVANCING); r.attributes.len()];
        for (id, level) in set {
            l[r.attribute_index(id).unwrap()] = Some(*level);
        }
        l
    }

    #[test]
    fn each_tie_is_noted_on_its_side_of_each_boundary_and_not_on_the_other() {
        let r = Rubric::builtin();
        for t in &TIES {
            for la in 0..4 {
                for lb in 0..4 {
                    let found = find(&r, &levels(&r, &[(t.a, la), (t.b, lb)]));
                    let noted = found.iter().any(|c| c.note == t.note);
                    assert_eq!(
                        noted,
                        t.a_levels.contains(&la) && t.b_levels.contains(&lb),
                        "{} at {la}, {} at {lb}",
                        t.a,
                        t.b
                    );
                }
            }
        }
    }

    #[test]
    fn an_unanswered_side_contradicts_nothing() {
        let r = Rubric::builtin();
        let mut l = levels(
            &r,
            &[
                ("frequency-of-updates", FULLY_OPTIMIZED),
                ("use-of-data-to-refine", EMERGING),
            ],
        );
        assert_eq!(find(&r, &l).len(), 1);
        l[r.attribute_index("use-of-data-to-refine").unwrap()] = None;
        assert!(find(&r, &l).is_empty());
    }

    #[test]
    fn every_tie_names_attributes_of_the_built_in_framework() {
        let r = Rubric::builtin();
        for t in &TIES {
            assert!(r.attribute_index(t.a).is_some() && r.attribute_index(t.b).is_some());
        }
    }
}
