//! Reading a document a user gives us (answers, program, rubric) safely, and parsing it with serde
//! into the raw types that mirror the file. Owns the input limits: size, encoding, nesting and
//! alias expansion (the last two are enforced by serde_yaml's own recursion and repetition limits,
//! and by the strict raw types, which accept no free-form data that aliases could inflate).

use crate::error::InputError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// Largest document we read: 1 MiB.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The two document syntaxes we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Yaml,
    Toml,
}

impl Syntax {
    /// The syntax a file name implies, by extension.
    pub fn from_path(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Syntax::Yaml),
            "toml" => Some(Syntax::Toml),
            _ => None,
        }
    }
}

/// A document's text, where it came from, and its syntax.
#[derive(Debug, Clone)]
pub struct Source {
    /// How errors name it: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    pub syntax: Syntax,
}

/// What `open_input` found at a path.
enum Opened {
    Folder,
    Readable {
        file: std::fs::File,
        named_pipe: bool,
    },
}

/// Open `path` for reading without ever waiting to open it, and say what it is (one `fstat` of
/// the open descriptor answers both "a folder?" and "a named pipe?"). A named pipe blocks `open`
/// until some process opens it for writing, which may be never; opening non-blocking returns at
/// once. Reads from anything but a regular file (where the flag has no effect) are then made
/// blocking again, so a pipe with no writer reads as end-of-file while a live one
/// (`<(git show main:answers.yaml)`) is read to its end.
#[cfg(unix)]
fn open_input(path: &Path) -> std::io::Result<Opened> {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, Mode, OFlags};
    use std::os::unix::fs::FileTypeExt;
    let file = std::fs::File::from(rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?);
    let kind = file.metadata()?.file_type();
    if kind.is_dir() {
        return Ok(Opened::Folder);
    }
    if !kind.is_file() {
        fcntl_setfl(&file, fcntl_getfl(&file)? - OFlags::NONBLOCK)?;
    }
    Ok(Opened::Readable {
        file,
        named_pipe: kind.is_fifo(),
    })
}

#[cfg(not(unix))]
fn open_input(path: &Path) -> std::io::Result<Opened> {
    if path.is_dir() {
        return Ok(Opened::Folder);
    }
    Ok(Opened::Readable {
        file: std::fs::File::open(path)?,
        named_pipe: false,
    })
}

impl Source {
    /// A source from text already in memory (the embedded rubric, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>, syntax: Syntax) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            syntax,
        }
    }

    /// Read `path` (or standard input for `-`), enforcing the size limit and UTF-8. The syntax is
    /// the file name's, else `syntax`.
    pub fn read(path: &Path, syntax: Option<Syntax>) -> Result<Source, InputError> {
        let is_stdin = path.as_os_str() == "-";
        let name = if is_stdin {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        // The name decides when it tells; `syntax` (--input-format) is for inputs whose name does not
        // (standard input, a pipe), so one flag given for standard input never misreads a
        // `--baseline q2.toml` or the files of a folder.
        let syntax = match Syntax::from_path(path).or(syntax) {
            Some(s) => s,
            None if is_stdin => {
                return Err(
                    InputError::new(name, "cannot tell the syntax of standard input")
                        .help("pass --input-format yaml or --input-format toml"),
                )
            }
            None => {
                return Err(InputError::new(
                    name,
                    "unknown file extension; expected .yaml, .yml or .toml",
                )
                .help("rename the file, or pass --input-format yaml|toml"))
            }
        };
        let mut bytes = Vec::new();
        let mut named_pipe = false;
        let result = if is_stdin {
            std::io::stdin()
                .lock()
                .take(MAX_FILE_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
        } else {
            match open_input(path) {
                Ok(Opened::Folder) => {
                    return Err(InputError::new(name, "is a folder; expected a file"))
                }
                Ok(Opened::Readable {
                    file,
                    named_pipe: pipe,
                }) => {
                    named_pipe = pipe;
                    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)
                }
                Err(e) => Err(e),
            }
        };
        if let Err(e) = result {
            return Err(InputError::new(name, format!("cannot read: {e}")));
        }
        if bytes.is_empty() && named_pipe {
            return Err(
                InputError::new(name, "is a named pipe and nothing is writing to it")
                    .help("name the file itself, or pipe the text to `-` (standard input)"),
            );
        }
        Self::from_bytes(name, bytes, syntax)
    }

    /// Decode bytes read from `name`: size limit, BOMs, UTF-8.
    pub fn from_bytes(name: String, bytes: Vec<u8>, syntax: Syntax) -> Result<Source, InputError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(InputError::new(
                name,
                format!(
                    "file is larger than the limit of {} KiB",
                    MAX_FILE_BYTES / 1024
                ),
            )
            .help("answers, program and rubric files are small; is this the right file?"));
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(
                InputError::new(name, "file is encoded as UTF-16; expected UTF-8")
                    .help("save it again as UTF-8 (most editors: \"Save with encoding\")"),
            );
        }
        let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                return Err(InputError::new(
                    name,
                    "file is not valid UTF-8 text (binary or another encoding)",
                )
                .at(Some(line), Some(column))
                .help("save it as UTF-8 text"));
            }
        };
        if text.contains('\0') {
            return Err(InputError::new(
                name,
                "file contains NUL bytes; expected text",
            ));
        }
        if text.trim().is_empty() {
            return Err(InputError::new(name, "file is empty"));
        }
        Ok(Source { name, text, syntax })
    }

    /// Parse into `T`, reporting the key path and position of the first problem.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, InputError> {
        match self.syntax {
            Syntax::Yaml => {
                if let Some(offset) = flow_depth_exceeded(&self.text, MAX_NESTING) {
                    let (line, column) = line_col(&self.text, offset);
                    return Err(
                        InputError::new(&self.name, friendly("recursion limit exceeded"))
                            .at(Some(line), Some(column)),
                    );
                }
                let de = serde_yaml::Deserializer::from_str(&self.text);
                serde_path_to_error::deserialize(de)
                    .map(|m: MapOnly<T>| m.0)
                    .map_err(|e| {
                        let path = e.path().to_string();
                        let inner = e.into_inner();
                        let (line, column) = match inner.location() {
                            Some(l) => (Some(l.line()), Some(l.column())),
                            None => (None, None),
                        };
                        let message = clean_yaml_message(&inner.to_string(), &path);
                        let hint = suggest_from_message(&message);
                        InputError::new(&self.name, message)
                            .at(line, column)
                            .path(path)
                            .help_opt(hint)
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
    fn toml_error(&self, e: &toml::de::Error, path: String, syntax: bool) -> InputError {
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
        InputError::new(&self.name, message)
            .at(line, column)
            .path(path)
    }

    /// An error about `path` (a key path) in this file, positioned at the line where the last
    /// key of the path is written, when that can be found.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> InputError {
        let key = path.rsplit('.').next().unwrap_or(path);
        let line = self.line_of_key(key);
        InputError::new(&self.name, message)
            .at(line, None)
            .path(path)
    }

    /// The 1-based line on which `key` is written as a key (`key:` in YAML, `key =` in TOML),
    /// when it is written as a key exactly once; otherwise none (a wrong line is worse than none).
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        let sep = match self.syntax {
            Syntax::Yaml => ':',
            Syntax::Toml => '=',
        };
        let mut found = None;
        for (i, l) in self.text.lines().enumerate() {
            let l = l
                .trim_start()
                .trim_start_matches("- ")
                .trim_start_matches(['{', ',', ' ']);
            let l = l.trim_start_matches(['"', '\'']);
            let is_key = l.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(sep)
            });
            if is_key {
                if found.is_some() {
                    return None;
                }
                found = Some(i + 1);
            }
        }
        found
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

/// serde_yaml repeats the key path and the position in its message; we report those separately.
fn clean_yaml_message(message: &str, path: &str) -> String {
    let mut m = message.trim();
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

/// A struct that may only be written as a map. serde's derive also accepts a sequence of the
/// fields in order, so `respondent: [Dana, sales]` would silently mean name and role; no file we
/// read means that.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOnly<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = MapOnly<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MapOnly<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(MapOnly)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// `deserialize_with` for an optional struct field that must be a map.
pub fn opt_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<MapOnly<T>>::deserialize(d)?.map(|m| m.0))
}

/// `deserialize_with` for a list of structs that must each be a map.
pub fn vec_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<MapOnly<T>>::deserialize(d)?
        .into_iter()
        .map(|m| m.0)
        .collect())
}

/// `deserialize_with` for an optional list of structs that must each be a map.
pub fn opt_vec_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Ok(Option::<Vec<MapOnly<T>>>::deserialize(d)?.map(|v| v.into_iter().map(|m| m.0).collect()))
}

/// Deepest nesting of brackets we accept; the documents we read need fewer than ten.
pub const MAX_NESTING: usize = 100;

/// Byte offset where YAML flow collections (`[`, `{`) nest deeper than `max`. A linear pre-check,
/// so a bracket bomb is refused before the parser builds its events.
///
/// It counts only brackets that really open a collection: at the start of a node (line start,
/// after `: `, `- `, `? `) or inside a flow collection. Brackets inside quoted text, comments,
/// block scalars (`|`, `>`) and plain text (`role: s{{{ales`) are text and are not counted, so a
/// file the tool wrote itself always reads back.
fn flow_depth_exceeded(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_blank = |i: usize| i >= bytes.len() || matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n');
    let mut depth = 0usize;
    // At the start of a node: a collection or a quoted scalar may begin here.
    let mut node_start = true;
    // Indentation of the current line, and of the line that opened a block scalar.
    let mut line_indent = 0usize;
    let mut at_indent = true;
    let mut block_scalar: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_indent {
            if b == b' ' {
                line_indent += 1;
                i += 1;
                continue;
            }
            at_indent = false;
            if let Some(parent) = block_scalar {
                // A block scalar's content is its more-indented (or blank) lines.
                if line_indent > parent || b == b'\n' || b == b'\r' {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                block_scalar = None;
            }
        }
        match b {
            b'\n' => {
                line_indent = 0;
                at_indent = true;
                if depth == 0 {
                    node_start = true;
                }
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' if node_start => {
                // Skip the quoted scalar: `\"` escapes in double quotes, `''` in single.
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if b == b'"' => i += 1,
                        c if c == b && b == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                        c if c == b => break,
                        _ => {}
                    }
                    i += 1;
                }
                node_start = false;
            }
            b'[' | b'{' if node_start || depth > 0 => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
                node_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            b',' if depth > 0 => node_start = true,
            b':' if is_blank(i + 1)
                || (depth > 0 && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                node_start = true
            }
            b'-' | b'?' if node_start && is_blank(i + 1) => {}
            b'|' | b'>' if node_start && depth == 0 => {
                block_scalar = Some(line_indent);
                node_start = false;
            }
            _ => node_start = false,
        }
        i += 1;
    }
    None
}

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

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// A map that keeps file order and rejects duplicate keys (serde's own maps silently keep the
/// last one, which would hide a mistake).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueMap<V>(pub Vec<(String, V)>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(Vec::new())
    }
}

/// Most entries any map in a document may have.
pub const MAX_MAP_ENTRIES: usize = 1000;

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    if out.len() >= MAX_MAP_ENTRIES {
                        return Err(serde::de::Error::custom(format!(
                            "more than {MAX_MAP_ENTRIES} entries; expected a small map"
                        )));
                    }
                    let value = map.next_value()?;
                    out.push((key, value));
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

impl<V: serde::Serialize> serde::Serialize for UniqueMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A calendar date written as `YYYY-MM-DD`: a string in YAML, a date in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("`{s}` is not a valid date; expected YYYY-MM-DD, e.g. 2026-11-02"))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            // TOML hands dates over as a one-entry map holding the date's text.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, v)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom(
                        "expected a date written YYYY-MM-DD",
                    ));
                };
                Date::parse(&v).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<V: schemars::JsonSchema> schemars::JsonSchema for UniqueMap<V> {
    fn schema_name() -> String {
        format!("Map_of_{}", V::schema_name())
    }
    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        <std::collections::BTreeMap<String, V>>::json_schema(gen)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> String {
        "Date".to_string()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            format: Some("date".to_string()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn only_brackets_that_open_collections_count_toward_nesting() {
        let deep = |open: &str| open.repeat(MAX_NESTING + 1);
        assert!(flow_depth_exceeded(&format!("answers: {}", deep("[")), MAX_NESTING).is_some());
        assert!(flow_depth_exceeded(&format!("- {}", deep("{a: ")), MAX_NESTING).is_some());
        assert!(flow_depth_exceeded(&format!("a: [x, {}]", deep("[")), MAX_NESTING).is_some());
        // Text, not collections: plain scalars, quotes, comments, block scalars.
        for text in [
            format!("role: s{}ales\n", deep("{")),
            format!("role: \"{}\"\n", deep("{")),
            format!("role: 'it''s {}'\n", deep("[")),
            format!("a: b # {}\n", deep("[")),
            format!("note: |-\n  {}\n  more\nnext: x\n", deep("{")),
            format!("note: >\n\n    {}\nnext: [1]\n", deep("[")),
        ] {
            assert_eq!(flow_depth_exceeded(&text, MAX_NESTING), None, "{text}");
        }
    }
}
