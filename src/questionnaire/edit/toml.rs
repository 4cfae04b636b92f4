//! The in-place edit of a TOML answers file, through `toml_edit`: only the values that changed
//! are set, each keeping the comment and spacing around it; an answer written as a table
//! (inline or `[answers.ID]`) has its `level` and `note` set one by one, so the comments between
//! them stay. Removing a note that carries a comment is refused (the caller keeps a copy).

use super::level_word;
use crate::assessment::Assessment;
use crate::rubric::Rubric;
use toml_edit::{DocumentMut, InlineTable, Item, Value};

/// Replace a value, keeping the comment and spacing around it.
fn set(item: &mut Item, v: Value) {
    let decor = item.as_value().map(|x| x.decor().clone());
    *item = Item::Value(v);
    if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
        *v.decor_mut() = d;
    }
}

/// `text` with `before` changed into `after`, every other byte kept (line breaks included).
pub(super) fn toml(
    text: &str,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    top_level(&mut doc, before, after)?;
    answers(&mut doc, rubric, before, after)?;
    let out = doc.to_string();
    // `toml_edit` ends every line it writes with LF: a file written with CRLF keeps them.
    Ok(crate::source::splice::crlf_like(text, out))
}

/// `organization`, `date` and `respondent`.
fn top_level(doc: &mut DocumentMut, before: &Assessment, after: &Assessment) -> Result<(), String> {
    if before.organization != after.organization {
        let now = after
            .organization
            .as_deref()
            .ok_or("`organization` would be removed")?;
        set(&mut doc["organization"], one_line(now));
    }
    if before.date != after.date {
        let now = after.date.ok_or("`date` would be removed")?;
        let as_text = doc.get("date").and_then(Item::as_str).is_some();
        let value = if as_text {
            Value::from(now.to_string())
        } else {
            let date = toml_edit::Date {
                year: now.0.format("%Y").to_string().parse().unwrap_or(1),
                month: now.0.format("%m").to_string().parse().unwrap_or(1),
                day: now.0.format("%d").to_string().parse().unwrap_or(1),
            };
            Value::from(toml_edit::Datetime {
                date: Some(date),
                time: None,
                offset: None,
            })
        };
        set(&mut doc["date"], value);
    }
    if before.respondent != after.respondent {
        let r = &after.respondent;
        match doc.get_mut("respondent") {
            Some(item) if item.is_table_like() => {
                for (k, v) in [("name", &r.name), ("role", &r.role)] {
                    if let Some(v) = v {
                        set(&mut item[k], one_line(v));
                    }
                }
            }
            Some(_) => return Err("`respondent` is not a table".to_string()),
            None => {
                let mut t = InlineTable::new();
                for (k, v) in [("name", &r.name), ("role", &r.role)] {
                    if let Some(v) = v {
                        t.insert(k, one_line(v));
                    }
                }
                doc.insert("respondent", Item::Value(Value::InlineTable(t)));
            }
        }
    }
    Ok(())
}

/// The answers that changed: only their levels and notes.
fn answers(
    doc: &mut DocumentMut,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<(), String> {
    let answers = doc
        .get_mut("answers")
        .and_then(Item::as_table_like_mut)
        .ok_or("no `answers` table")?;
    for i in 0..rubric.attributes.len() {
        let (a, b) = (after.answers[i], before.answers[i]);
        let (na, nb) = (&after.notes[i], &before.notes[i]);
        if a == b && na == nb {
            continue;
        }
        let word = level_word(rubric, a).ok_or("an answer would be removed")?;
        let id = rubric.attributes[i].id.as_str();
        let whole = |word: &str| match na {
            Some(note) => {
                let mut t = InlineTable::new();
                t.insert("level", Value::from(word));
                t.insert("note", one_line(note));
                Value::InlineTable(t)
            }
            None => Value::from(word),
        };
        let Some(item) = answers.get_mut(id) else {
            answers.insert(id, Item::Value(whole(word)));
            continue;
        };
        let inline = item.is_inline_table();
        let Some(table) = item.as_table_like_mut() else {
            // A string: the level as written stays when only the note changes.
            let word = match (a == b, item.as_str()) {
                (true, Some(w)) => w.to_string(),
                _ => word.to_string(),
            };
            set(item, whole(&word));
            continue;
        };
        // A table (inline or `[answers.ID]`): only the keys that changed.
        if a != b {
            let level = table
                .get_mut("level")
                .ok_or("an answer written as a table has no `level`")?;
            set(level, Value::from(word));
        }
        if na != nb {
            match (na, table.get_mut("note")) {
                (Some(note), Some(item)) => set(item, one_line(note)),
                (Some(note), None) => {
                    table.insert("note", Item::Value(one_line(note)));
                }
                (None, Some(_)) => {
                    let commented = table
                        .key("note")
                        .is_some_and(|k| has_comment(k.leaf_decor()))
                        || table
                            .get("note")
                            .and_then(Item::as_value)
                            .is_some_and(|v| has_comment(v.decor()));
                    if commented {
                        return Err("a note to remove has a comment".to_string());
                    }
                    // In an inline table, the spacing before `}` was the note's: it stays.
                    let last = table.iter().last().is_some_and(|(k, _)| k == "note");
                    let suffix = table
                        .get("note")
                        .and_then(Item::as_value)
                        .and_then(|v| v.decor().suffix().cloned());
                    table.remove("note");
                    if let (true, true, Some(suffix)) = (inline, last, suffix) {
                        if let Some((_, Item::Value(v))) = table.iter_mut().last() {
                            v.decor_mut().set_suffix(suffix);
                        }
                    }
                }
                (None, None) => {}
            }
        }
    }
    Ok(())
}

/// A string value on one line (a line break in it escaped), as the YAML side writes it: a
/// multi-line string would take the file's line breaks into the text.
fn one_line(s: &str) -> toml_edit::Value {
    super::quoted(s)
        .parse()
        .unwrap_or_else(|_| toml_edit::Value::from(s))
}

/// Whether a key's or value's surroundings hold a comment (or cannot be read to tell).
fn has_comment(d: &toml_edit::Decor) -> bool {
    [d.prefix(), d.suffix()]
        .into_iter()
        .flatten()
        .any(|raw| raw.as_str().is_none_or(|s| s.contains('#')))
}
