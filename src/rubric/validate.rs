//! Validating a rubric file: every error at once (each positioned in the file), and warnings for
//! what would confuse the people answering. One function per entity: the rubric's own fields, its
//! levels, its guidance, each section, each attribute.

use super::raw::{RawAttribute, RawRubric, RawSection, RawTip};
use super::{
    Attribute, Guidance, Level, Rubric, Section, Stage, Tip, MAX_ATTRIBUTES, MAX_LEVELS,
    MAX_NAME_CHARS, MAX_SECTIONS, MAX_TEXT_CHARS, MIN_LEVELS,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Source;

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

/// The words of a description as they are compared
/// ([`words::plain_words`](crate::words::plain_words)).
fn normalized_words(s: &str) -> Vec<String> {
    crate::words::plain_words(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Two level descriptions are near-identical when, after normalising case, punctuation and
/// "&"/"and", they are the same words, or differ by one word in a long text: one word inserted or
/// removed, or one word misspelt (a couple of letters apart). A short text's one word is its
/// meaning ("No" against "Partly"), and a number is never a slip ("10–60 %" against "Over 60 %").
pub fn near_identical(a: &str, b: &str) -> bool {
    words_near(&normalized_words(a), &normalized_words(b))
}

/// The fewest words a description has before one word more, less or misspelt is a slip rather
/// than what it says.
const NEAR_MIN_WORDS: usize = 6;

/// Word lists the same, or (long enough) one edit apart that changes no number and replaces no
/// word by a different one.
fn words_near(a: &[String], b: &[String]) -> bool {
    if a == b {
        return true;
    }
    if a.len().min(b.len()) < NEAR_MIN_WORDS || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    // What both share at the start and at the end; what is left is the edit.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (x, y) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let number = |w: &String| w.chars().any(|c| c.is_numeric());
    match (x, y) {
        // One word inserted or removed.
        ([w], []) | ([], [w]) => !number(w),
        // One word misspelt: a couple of letters apart, in a word long enough to misspell.
        ([v], [w]) => {
            !number(v)
                && !number(w)
                && v.chars().count().min(w.chars().count()) >= 4
                && strsim::levenshtein(v, w) <= 2
        }
        _ => false,
    }
}

/// Errors and warnings found so far, each positioned in the rubric file.
struct Found<'a> {
    /// The rubric file, read once for the line of every finding.
    at: crate::source::Locator<'a>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Found<'_> {
    fn error(&mut self, path: &str, message: String) {
        self.errors.push(self.at.error_at(path, message));
    }

    fn warn(&mut self, path: &str, message: String) {
        self.warnings
            .push(self.at.error_at(path, message).warning());
    }

    fn id(&mut self, path: &str, id: &str) {
        if id.trim().is_empty() {
            self.error(path, "id is empty".into());
        } else if !is_kebab_id(id) {
            self.error(
                path,
                format!("`{id}` is not a kebab-case id; expected lowercase letters, digits and single hyphens, e.g. `depth-of-personas`"),
            );
        }
    }

    fn name(&mut self, path: &str, name: &str) {
        if name.trim().is_empty() {
            self.error(path, "name is empty".into());
        } else if name.chars().count() > MAX_NAME_CHARS {
            self.error(
                path,
                format!("name longer than {MAX_NAME_CHARS} characters"),
            );
        }
    }
}

/// Validate a parsed rubric and build the domain value, with its warnings; or every error.
pub fn validate(raw: RawRubric, src: &Source) -> Result<(Rubric, Vec<Diagnostic>), Diagnostics> {
    let mut f = Found {
        at: src.locator(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    rubric_fields(&mut f, &raw);
    let level_ids = levels(&mut f, &raw);
    let guidance_ids: Vec<&str> = raw.guidance.iter().map(|g| g.id.as_str()).collect();
    for (i, g) in raw.guidance.iter().enumerate() {
        f.id(&format!("guidance[{i}].id"), &g.id);
    }
    let stage_ids = stages(&mut f, &raw);
    let known = Known {
        levels: &level_ids,
        guidance: &guidance_ids,
        stages: &stage_ids,
    };
    let mut sections = Vec::new();
    let mut attributes = Vec::new();
    let mut section_ids: Vec<&str> = Vec::new();
    let mut attribute_ids: Vec<&str> = Vec::new();
    for (si, s) in raw.sections.iter().enumerate() {
        let start = attributes.len();
        section(&mut f, si, s, &mut section_ids);
        for (ai, a) in s.attributes.iter().enumerate() {
            let path = format!("sections[{si}].attributes[{ai}]");
            if attribute_ids.contains(&a.id.as_str()) {
                f.error(
                    &format!("{path}.id"),
                    format!("duplicate attribute id `{}`", a.id),
                );
            }
            attribute_ids.push(&a.id);
            attributes.push(attribute(&mut f, &path, si, a, &known));
        }
        sections.push(Section {
            id: s.id.clone(),
            name: s.name.clone(),
            attributes: start..attributes.len(),
        });
    }
    untipped(&mut f, &raw, &attributes, &level_ids);
    dependencies(&mut f, &raw, &mut attributes);
    if !f.errors.is_empty() {
        return Err(Diagnostics(f.errors));
    }
    let rubric = Rubric {
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
        stages: raw
            .stages
            .into_iter()
            .map(|g| Stage {
                id: g.id,
                name: g.name,
                why: g.why,
            })
            .collect(),
        sections,
        attributes,
    };
    Ok((rubric, f.warnings))
}

/// The ids an attribute may refer to.
struct Known<'a> {
    levels: &'a [&'a str],
    guidance: &'a [&'a str],
    stages: &'a [&'a str],
}

/// The stages: ids and names, each id once. Returns the ids, in order.
fn stages<'a>(f: &mut Found, raw: &'a RawRubric) -> Vec<&'a str> {
    let mut ids: Vec<&str> = Vec::new();
    for (i, g) in raw.stages.iter().enumerate() {
        f.id(&format!("stages[{i}].id"), &g.id);
        f.name(&format!("stages[{i}].name"), &g.name);
        if ids.contains(&g.id.as_str()) {
            f.error(
                &format!("stages[{i}].id"),
                format!("duplicate stage id `{}`", g.id),
            );
        }
        ids.push(&g.id);
    }
    ids
}

/// A warning for each attribute with a step that no tip is for (neither one written for the
/// step nor one for every step): reports then quote the next level's description instead. One
/// warning for a rubric with no tips at all.
fn untipped(f: &mut Found, raw: &RawRubric, attributes: &[Attribute], level_ids: &[&str]) {
    if attributes.iter().all(|a| a.tips.is_empty()) {
        f.warn(
            "sections",
            "the rubric has no tips; reports show each step's next level description instead"
                .into(),
        );
        return;
    }
    let mut k = 0;
    for (si, s) in raw.sections.iter().enumerate() {
        for ai in 0..s.attributes.len() {
            let a = &attributes[k];
            k += 1;
            let missing: Vec<String> = (1..level_ids.len())
                .filter(|&l| a.step_tips(l).next().is_none())
                .map(|l| format!("`{}`", level_ids[l]))
                .collect();
            if !missing.is_empty() {
                f.warn(
                    &format!("sections[{si}].attributes[{ai}].tips"),
                    format!(
                        "attribute `{}` has no tip for the step to {}; reports show that level's \
                         description instead",
                        a.id,
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}

/// The rubric's id, name and version, and how many sections and attributes it has.
fn rubric_fields(f: &mut Found, raw: &RawRubric) {
    f.id("id", &raw.id);
    f.name("name", &raw.name);
    if raw.version.trim().is_empty() {
        f.error(
            "version",
            "version is empty; expected e.g. \"1.0.0\"".into(),
        );
    }
    if raw.sections.is_empty() {
        f.error(
            "sections",
            "no sections; a rubric needs at least one section with attributes".into(),
        );
    }
    if raw.sections.len() > MAX_SECTIONS {
        f.error("sections", format!("more than {MAX_SECTIONS} sections"));
    }
    let total: usize = raw.sections.iter().map(|s| s.attributes.len()).sum();
    if total > MAX_ATTRIBUTES {
        f.error(
            "sections",
            format!("{total} attributes; at most {MAX_ATTRIBUTES} are supported"),
        );
    }
}

/// The levels: how many, their ids and names. Returns the ids, lowest first.
fn levels<'a>(f: &mut Found, raw: &'a RawRubric) -> Vec<&'a str> {
    let n = raw.levels.len();
    if n < MIN_LEVELS {
        f.error(
            "levels",
            format!(
                "has {}; a rubric needs at least {MIN_LEVELS} levels, lowest first",
                crate::words::count(n, "level", "levels")
            ),
        );
    }
    if n > MAX_LEVELS {
        f.error(
            "levels",
            format!("has {n} levels; at most {MAX_LEVELS} are supported"),
        );
    }
    let mut ids: Vec<&str> = Vec::new();
    for (i, l) in raw.levels.iter().enumerate() {
        f.id(&format!("levels[{i}].id"), &l.id);
        f.name(&format!("levels[{i}].name"), &l.name);
        // An answers file (and the offline page's "Not sure") would read this level as not sure:
        // its answers would silently count as unanswered.
        for (what, word) in [("id", &l.id), ("name", &l.name)] {
            if !word.trim().is_empty() && super::reads_as_unsure(word) {
                let e = f.at.error_at(
                    &format!("levels[{i}].{what}"),
                    format!(
                        "level {what} `{}` means \"not sure\" in an answers file; \
                         an answer at this level would count as unanswered",
                        word.trim()
                    ),
                );
                f.errors.push(e.help(format!(
                    "give the level another {what}; an answers file reads these as not sure: {}",
                    super::UNSURE_WORDS.join(", ")
                )));
            }
        }
        // Written unquoted in an answers file (`training: 1`), YAML would read it as a number,
        // a boolean or no value: its answers would count as unanswered or be refused.
        if is_kebab_id(&l.id) {
            if let Some(what) = super::level_id_reads_as(&l.id) {
                let e = f.at.error_at(
                    &format!("levels[{i}].id"),
                    format!(
                        "level id `{}` reads as {what} in an answers file (`attribute: {}`), \
                         not as this level",
                        l.id, l.id
                    ),
                );
                f.errors.push(e.help(format!(
                    "give the level another id, such as `level-{}`",
                    l.id
                )));
            }
        }
        if ids.contains(&l.id.as_str()) {
            f.error(
                &format!("levels[{i}].id"),
                format!("duplicate level id `{}`", l.id),
            );
        }
        ids.push(&l.id);
    }
    ids
}

/// A section's id and name, and that it has attributes.
fn section<'a>(f: &mut Found, si: usize, s: &'a RawSection, ids: &mut Vec<&'a str>) {
    let path = format!("sections[{si}]");
    f.id(&format!("{path}.id"), &s.id);
    f.name(&format!("{path}.name"), &s.name);
    if ids.contains(&s.id.as_str()) {
        f.error(
            &format!("{path}.id"),
            format!("duplicate section id `{}`", s.id),
        );
    }
    ids.push(&s.id);
    if s.attributes.is_empty() {
        f.error(
            &format!("{path}.attributes"),
            format!("section `{}` has no attributes", s.id),
        );
    }
}

/// An attribute: id and name, a description of every level (and of no other), its question, its
/// tips' guidance, and levels described near-identically.
fn attribute(
    f: &mut Found,
    path: &str,
    section: usize,
    a: &RawAttribute,
    known: &Known,
) -> Attribute {
    let level_ids = known.levels;
    f.id(&format!("{path}.id"), &a.id);
    f.name(&format!("{path}.name"), &a.name);
    let mut descriptions = vec![String::new(); level_ids.len()];
    for (lid, text) in &a.levels.0 {
        let at = format!("{path}.levels.{lid}");
        match level_ids.iter().position(|l| l == lid) {
            Some(li) => {
                if text.trim().is_empty() {
                    f.error(&at, format!("the description of level `{lid}` is empty"));
                } else if text.chars().count() > MAX_TEXT_CHARS {
                    f.error(
                        &at,
                        format!("description longer than {MAX_TEXT_CHARS} characters"),
                    );
                }
                descriptions[li] = text.clone();
            }
            None => {
                let e =
                    f.at.error_at(
                        &at,
                        format!("describes level `{lid}`, which the rubric does not define"),
                    )
                    .help(format!("expected one of: {}", level_ids.join(", ")))
                    .help_opt(crate::suggest::did_you_mean(lid, level_ids.iter().copied()));
                f.errors.push(e);
            }
        }
    }
    for lid in level_ids {
        if !a.levels.0.iter().any(|(k, _)| k == lid) {
            f.error(
                &format!("{path}.levels"),
                format!("attribute `{}` has no description for level `{lid}`", a.id),
            );
        }
    }
    match &a.question {
        None => f.warn(
            &format!("{path}.question"),
            format!(
                "attribute `{}` has no question; the questionnaire will show its name instead",
                a.id
            ),
        ),
        Some(q) if q.trim().is_empty() => f.warn(
            &format!("{path}.question"),
            format!("attribute `{}` has an empty question", a.id),
        ),
        _ => {}
    }
    let words: Vec<Vec<String>> = descriptions.iter().map(|d| normalized_words(d)).collect();
    for i in 0..descriptions.len() {
        for j in i + 1..descriptions.len() {
            if !descriptions[i].is_empty() && words_near(&words[i], &words[j]) {
                let mut message = format!(
                    "levels `{}` and `{}` of `{}` have near-identical descriptions",
                    level_ids[i], level_ids[j], a.id
                );
                if a.note.is_some() {
                    message.push_str(" (the attribute's note says how to tell them apart)");
                } else {
                    message.push_str("; add a `note` saying how to tell them apart");
                }
                f.warn(&format!("{path}.levels"), message);
            }
        }
    }
    let stage = stage_of(f, path, a, known.stages);
    let tips = a
        .tips
        .iter()
        .enumerate()
        .map(|(ti, t)| tip(f, &format!("{path}.tips[{ti}]"), t, &descriptions, known))
        .collect();
    Attribute {
        id: a.id.clone(),
        name: a.name.clone(),
        section,
        question: a.question.clone().filter(|q| !q.trim().is_empty()),
        note: a.note.clone(),
        stage,
        rests_on: Vec::new(),
        first_target: a.first_target.as_deref().and_then(|t| {
            let l = known.levels.iter().position(|x| *x == t);
            match l {
                None => f.error(
                    &format!("{path}.first_target"),
                    format!(
                        "unknown level `{t}`; expected one of: {}",
                        known.levels.join(", ")
                    ),
                ),
                Some(0) => f.error(
                    &format!("{path}.first_target"),
                    format!("`{t}` is the lowest level: no step leads to it"),
                ),
                _ => {}
            }
            l.filter(|&l| l > 0)
        }),
        descriptions,
        tips,
    }
}

/// Each attribute's `rests_on`: attributes of the rubric, each of an earlier stage than the
/// attribute's own (so a plan can always take the first step in its order).
fn dependencies(f: &mut Found, raw: &RawRubric, attributes: &mut [Attribute]) {
    let ids: Vec<String> = attributes.iter().map(|a| a.id.clone()).collect();
    let mut k = 0;
    for (si, s) in raw.sections.iter().enumerate() {
        for (ai, a) in s.attributes.iter().enumerate() {
            let path = format!("sections[{si}].attributes[{ai}].rests_on");
            let mut on = Vec::new();
            for (n, dep) in a.rests_on.iter().enumerate() {
                let Some(j) = ids.iter().position(|x| x == dep) else {
                    let e =
                        f.at.error_at(
                            &format!("{path}[{n}]"),
                            format!("names attribute `{dep}`, which the rubric does not define"),
                        )
                        .help_opt(crate::suggest::did_you_mean(
                            dep,
                            ids.iter().map(String::as_str),
                        ));
                    f.errors.push(e);
                    continue;
                };
                let (mine, theirs) = (attributes[k].stage, attributes[j].stage);
                if theirs.unwrap_or(0) >= mine.unwrap_or(0) {
                    f.error(
                        &format!("{path}[{n}]"),
                        format!(
                            "`{}` rests on `{dep}`, which is not of an earlier stage: an \
                             attribute rests only on the work of earlier stages",
                            a.id
                        ),
                    );
                    continue;
                }
                on.push(j);
            }
            attributes[k].rests_on = on;
            k += 1;
        }
    }
}

/// The attribute's stage: named when the rubric has stages (and only then), and one of them.
fn stage_of(f: &mut Found, path: &str, a: &RawAttribute, stage_ids: &[&str]) -> Option<usize> {
    match (&a.stage, stage_ids.is_empty()) {
        (None, true) => None,
        (None, false) => {
            f.error(
                path,
                format!(
                    "attribute `{}` names no stage; the rubric's stages are: {}",
                    a.id,
                    stage_ids.join(", ")
                ),
            );
            None
        }
        (Some(g), _) => {
            let found = stage_ids.iter().position(|s| s == g);
            if found.is_none() {
                let e =
                    f.at.error_at(
                        &format!("{path}.stage"),
                        format!(
                            "names stage `{g}`, which the rubric's `stages` list does not define"
                        ),
                    )
                    .help_opt(crate::suggest::did_you_mean(g, stage_ids.iter().copied()));
                f.errors.push(e);
            }
            found
        }
    }
}

/// A tip: the guidance it cites, the level whose step it is for (not the lowest: no step leads
/// there) and the words it quotes, which that level's description must contain.
fn tip(f: &mut Found, path: &str, t: &RawTip, descriptions: &[String], known: &Known) -> Tip {
    if let Some(gs) = &t.source {
        if !known.guidance.contains(&gs.as_str()) {
            let e = f
                .at
                .error_at(
                    &format!("{path}.source"),
                    format!("tip names guidance `{gs}`, which the rubric's `guidance` list does not define"),
                )
                .help_opt(crate::suggest::did_you_mean(gs, known.guidance.iter().copied()));
            f.errors.push(e);
        }
    }
    if t.text.trim().is_empty() {
        f.error(&format!("{path}.text"), "the tip's text is empty".into());
    }
    let to = t.to.as_ref().and_then(|lid| {
        let at = format!("{path}.to");
        match known.levels.iter().position(|l| l == lid) {
            Some(0) => {
                f.error(
                    &at,
                    format!("`{lid}` is the lowest level: no step leads to it; name the level the step reaches"),
                );
                None
            }
            Some(li) => Some(li),
            None => {
                let e = f
                    .at
                    .error_at(&at, format!("names level `{lid}`, which the rubric does not define"))
                    .help(format!("expected one of: {}", known.levels[1..].join(", ")))
                    .help_opt(crate::suggest::did_you_mean(lid, known.levels.iter().copied()));
                f.errors.push(e);
                None
            }
        }
    });
    if let Some(q) = &t.quote {
        match (&t.to, to) {
            (None, _) => f.error(
                &format!("{path}.quote"),
                "a quote needs `to`: the level whose description it quotes".into(),
            ),
            (Some(_), Some(li)) if !quotes(&descriptions[li], q) => f.error(
                &format!("{path}.quote"),
                format!(
                    "the description of level `{}` does not contain \"{q}\"; quote its own words",
                    known.levels[li]
                ),
            ),
            _ => {}
        }
    }
    Tip {
        to,
        quote: t.quote.clone(),
        text: t.text.clone(),
        source: t.source.clone(),
    }
}

/// Does `text` contain `quote`, word for word (after normalising case, punctuation and
/// "&"/"and", as near-identical levels are compared)?
pub fn quotes(text: &str, quote: &str) -> bool {
    let (text, quote) = (normalized_words(text), normalized_words(quote));
    !quote.is_empty() && text.windows(quote.len()).any(|w| w == quote.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn short_descriptions_and_numbers_are_never_near_identical() {
        for (a, b) in [
            ("No", "Partly"),
            ("Yes", "No"),
            ("10–60 %", "Over 60 %"),
            ("Under 10 %", "Over 10 %"),
            ("A named owner", "A named team"),
            // Long, but the one word that differs is a number, or a different word.
            (
                "Personas are reviewed with sales every 6 months",
                "Personas are reviewed with sales every 12 months",
            ),
            (
                "A regular cadence of interviews with customers and prospects",
                "A regular cadence of interviews with customers and partners",
            ),
        ] {
            assert!(!near_identical(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("No", "no."),
            (
                "A regular cadence of qualitative interviews with customers",
                "A regular cadence of qualitative intervews with customers",
            ),
            (
                "Personas are reviewed with sales every quarter",
                "Personas are reviewed with the sales every quarter",
            ),
        ] {
            assert!(near_identical(a, b), "{a} / {b}");
        }
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
}
