//! Parsing a document's text into the raw types with serde (YAML or TOML), and turning the parsers'
//! errors into messages a person can act on: where, what was expected, "did you mean".

use super::guard::{flow_depth_exceeded, Budget, Left, MAX_NESTING};
use super::values::MapOnly;
use super::{line_col, Source, Syntax};
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

impl Source {
    /// Parse into `T`, reporting the key path and position of the first problem.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        match self.syntax {
            Syntax::Yaml => {
                if let Some(offset) = flow_depth_exceeded(&self.text, MAX_NESTING) {
                    let (line, column) = line_col(&self.text, offset);
                    return Err(
                        Diagnostic::new(&self.name, friendly("recursion limit exceeded"))
                            .at(Some(line), Some(column)),
                    );
                }
                let budget = Left::for_text(self.text.len());
                let de = Budget::new(serde_yaml::Deserializer::from_str(&self.text), &budget);
                serde_path_to_error::deserialize(de)
                    .map(|m: MapOnly<T>| m.0)
                    .map_err(|e| {
                        let path = e.path().to_string();
                        let inner = e.into_inner();
                        let (line, column) = match inner.location() {
                            Some(l) => (Some(l.line()), Some(l.column())),
                            None => (None, None),
                        };
                        let raw = inner.to_string();
                        let message = clean_yaml_message(&raw, &path);
                        let hint = suggest_from_message(&message);
                        let d = Diagnostic::new(&self.name, message)
                            .at(line, column)
                            .path(path);
                        yaml_place(d.help_opt(hint), &raw, &self.text)
                    })
            }
            Syntax::Toml => {
                let de = toml::Deserializer::parse(&self.text)
                    .map_err(|e| self.toml_error(&e, String::new(), true))?;
                serde_path_to_error::deserialize(de)
                    .map(|m: MapOnly<T>| m.0)
                    .map_err(|e| {
                        let path = e.path().to_string();
                        let path = path
                            .strip_suffix(&format!(".{TOML_DATETIME_FIELD}"))
                            .unwrap_or(&path)
                            .to_string();
                        self.toml_error(&e.into_inner(), path, false)
                    })
            }
        }
    }

    /// A TOML error in words: the parser's message, or, where it has none or a terse one, what
    /// is wrong at that place (for a syntax error: the character found, a key with no value, the
    /// duplicated key).
    fn toml_error(&self, e: &toml::de::Error, path: String, syntax: bool) -> Diagnostic {
        let span = e.span();
        let (line, column) = match &span {
            Some(span) => {
                let (l, c) = line_col(&self.text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let message = friendly(e.message().trim()).replace('\n', ": ");
        let message = if syntax {
            toml_message(&message, &self.text, span)
        } else {
            message
        };
        Diagnostic::new(&self.name, message)
            .at(line, column)
            .path(path)
    }
}

/// The TOML parser's message, made to say what is wrong: a key with nothing after its `=`, and
/// the character found where the parser names only what it expected.
fn toml_message(message: &str, text: &str, span: Option<std::ops::Range<usize>>) -> String {
    let offset = span.as_ref().map(|s| s.start);
    let found = offset
        .and_then(|o| text.get(o..))
        .and_then(|t| t.chars().next());
    if message == "duplicate key" {
        if let Some(key) = span.and_then(|s| text.get(s)) {
            let key = key.trim_matches(['"', '\'']);
            // The table it is in: the last `[header]` line before it.
            let table = offset
                .and_then(|o| text.get(..o))
                .and_then(|t| t.lines().rev().find(|l| l.trim_start().starts_with('[')))
                .map(|l| l.trim().trim_matches(['[', ']']).trim().to_string());
            return match table {
                Some(t) => format!("duplicate key `{key}` in table `{t}`"),
                None => format!("duplicate key `{key}`"),
            };
        }
    }
    let before = offset
        .and_then(|o| text.get(..o))
        .map(|t| t.lines().next_back().unwrap_or("").trim_end())
        .unwrap_or("");
    let rest_of_line = offset
        .and_then(|o| text.get(o..))
        .map(|t| t.lines().next().unwrap_or("").trim())
        .unwrap_or("");
    if before.ends_with('=') && (rest_of_line.is_empty() || rest_of_line.starts_with('#')) {
        return "expected a value after `=` (text in quotes, a number, true/false or a date)"
            .to_string();
    }
    let message = if message.is_empty() {
        "not valid TOML here".to_string()
    } else {
        message.to_string()
    };
    match found {
        Some(c) if c.is_control() && c != '\n' => {
            format!(
                "{message} (found the control character {})",
                c.escape_unicode()
            )
        }
        Some(c)
            if !message.contains("expected")
                && !message.starts_with("nesting")
                && !c.is_whitespace() =>
        {
            format!("{message} (found `{c}`)")
        }
        _ => message,
    }
}

/// A YAML error pointed at the place a person must edit, and said in their words: a duplicate
/// key at its second occurrence (serde reports the map's start), a quoted text that is never
/// closed at its opening quote (the parser reports the end of the file), a merge key (`<<:`)
/// refused by name; never a line past the end of the file.
fn yaml_place(mut d: Diagnostic, raw: &str, text: &str) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    if let Some(key) = d
        .message
        .strip_prefix("duplicate key `")
        .or_else(|| d.message.strip_prefix("duplicate entry with key `"))
        .and_then(|r| r.split('`').next())
    {
        if let Some(line) = d.line.and_then(|l| second_key(&lines, l as usize, key)) {
            d.line = Some(line as u32);
            d.column = lines
                .get(line - 1)
                .map(|l| (l.len() - l.trim_start_matches([' ', '-']).len() + 1) as u32);
        }
    }
    if raw.contains("while scanning a quoted scalar") {
        if let Some((line, column)) = position_after(raw, "while scanning a quoted scalar at line ")
        {
            d.line = Some(line);
            d.column = Some(column);
            d.message = "this quoted text is never closed: the file ends inside it".to_string();
            d.help
                .push("close the quote on the same line (\" or ')".to_string());
        }
    }
    if d.message.starts_with("unknown field `<<`") {
        d.message = "YAML merge keys (`<<:`) are not supported".to_string();
        d.help.clear();
        d.help.push(
            "write the keys out in full; an alias for a whole value (`covers: *common`) works"
                .to_string(),
        );
    }
    if let Some(l) = d.line {
        let last = lines.len().max(1) as u32;
        if l > last {
            // The end of the file, where the parser stopped: point at what it was reading
            // (`while parsing a flow mapping at line 2 column 10`), else the last line.
            let opened = raw
                .find("while ")
                .and_then(|k| position_after(&raw[k..], " at line "));
            (d.line, d.column) = match opened {
                Some((line, column)) if line <= last => (Some(line), Some(column)),
                _ => (Some(last), None),
            };
        }
    }
    d
}

/// The 1-based line of the second `key:` of the map whose entries start at line `from`.
fn second_key(lines: &[&str], from: usize, key: &str) -> Option<usize> {
    let starts = |l: &str| {
        let t = l.trim_start_matches([' ', '-']).trim_start();
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| t.starts_with(k.as_str()))
    };
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let mut first: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().skip(from.saturating_sub(1)) {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        match first {
            Some(col) if indent(l) < col => return None,
            Some(col) if indent(l) == col && starts(l) => return Some(i + 1),
            None if starts(l) => first = Some(indent(l)),
            _ => {}
        }
    }
    None
}

/// The `line N column M` right after `marker` in a parser's message.
fn position_after(raw: &str, marker: &str) -> Option<(u32, u32)> {
    let rest = &raw[raw.find(marker)? + marker.len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// serde_yaml repeats the key path and the position in its message; we report those separately.
fn clean_yaml_message(message: &str, path: &str) -> String {
    let m = message.trim();
    // The whole file is no map: it is not an answers, program or rubric file at all (a link to
    // a credentials file, a text file named .yaml). What it holds is not repeated.
    if path.is_empty() || path == "." {
        if let Some(rest) = m.strip_prefix("invalid type: ") {
            let kind = rest.split([',', ' ']).next().unwrap_or("something else");
            return format!(
                "not an answers file: the file holds a {kind}, not a map of names to values"
            );
        }
    }
    let mut m = m;
    if let Some(rest) = m.strip_prefix(path).and_then(|r| r.strip_prefix(": ")) {
        m = rest;
    } else if let Some((head, rest)) = m.split_once(": ") {
        // serde_yaml's own path (no spaces) before the message.
        if !head.contains(' ') && !rest.is_empty() {
            m = rest;
        }
    }
    friendly(&strip_position(m))
}

/// The parsers' limit messages, in words a person understands.
fn friendly(m: &str) -> String {
    match m {
        "recursion limit exceeded" | "cannot recurse further; max recursion depth met" => {
            "nesting is too deep; answers, program and rubric files need only a few levels"
                .to_string()
        }
        "repetition limit exceeded" => {
            "aliases expand to far more data than the file holds; refusing to expand them"
                .to_string()
        }
        _ if m.contains("more than one document") => {
            "the file holds more than one YAML document (a `---` line); expected exactly one"
                .to_string()
        }
        _ if m.contains(TOML_DATETIME_FIELD) => {
            "a TOML date-time is not allowed here; expected text (put it in quotes if it is meant as text)"
                .to_string()
        }
        _ => m.to_string(),
    }
}

/// The field name toml uses internally for a date-time; never shown to a person.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// "did you mean" for serde's "unknown field `x`, expected one of `a`, `b`" and
/// "unknown variant `x`, expected ..." messages.
fn suggest_from_message(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (typed, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::suggest::did_you_mean(typed, candidates)
}

/// Remove " at line N column M" wherever it stands in a message.
fn strip_position(m: &str) -> String {
    let Some(i) = m.find(" at line ") else {
        return m.to_string();
    };
    let rest = &m[i + " at line ".len()..];
    let after_line = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = after_line
        .strip_prefix(" column ")
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .unwrap_or(after_line);
    format!("{}{}", &m[..i], after)
}
