//! A document a user gives us (answers, program, rubric): reading it safely ([`Source::read`]:
//! size, encoding, named pipes), parsing it with serde into the raw types that mirror the file
//! (`parse`), the guards that run before and during parsing (`guard`: YAML nesting, values that
//! aliases expand to), and the small value types the raw types share (`values`).

mod guard;
mod locate;
mod parse;
pub(crate) mod splice;
mod values;
pub(crate) mod yaml_text;

pub use locate::Locator;
pub use values::{opt_map_only, opt_vec_map_only, vec_map_only, Date, UniqueMap, MAX_MAP_ENTRIES};

use crate::diagnostic::Diagnostic;
use std::io::Read;
use std::path::Path;

/// What to do with a spreadsheet or archive this tool does not read (`.zip`, `.xls`, `.ods`,
/// `.numbers`), said the same by every command; `None` for other names.
pub fn spreadsheet_hint(path: &Path) -> Option<Diagnostic> {
    let name = path.display().to_string();
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "zip" => Diagnostic::new(
            name,
            "a zip file: unzip it first, then read the .csv inside",
        )
        .help("Google Forms downloads its responses as a .zip that holds one .csv"),
        "xls" => Diagnostic::new(name, "an old Excel workbook (.xls) is not read")
            .help("open it in Excel and save it as .xlsx, or as CSV UTF-8"),
        "ods" | "numbers" => Diagnostic::new(name, format!("a .{ext} spreadsheet is not read"))
            .help("save the sheet as .xlsx, or as CSV UTF-8"),
        _ => return None,
    })
}

/// An HTML file given where an answers file belongs: the tool's own questionnaire page (the
/// commonest mix-up: the page is what was sent round, the answers are what comes back), one of its
/// reports, or some other page. `None` for any other extension.
pub fn html_hint(path: &Path) -> Option<Diagnostic> {
    let name = path.display().to_string();
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return None;
    }
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(256 * 1024).read_to_end(&mut head);
    }
    let head = String::from_utf8_lossy(&head);
    Some(
        if head.contains("content=\"persona-maturity questionnaire\"")
            || head.contains("<form id=\"questionnaire\" data-rubric=")
        {
            Diagnostic::new(
                name,
                "is the questionnaire page (`form --format html`), not an answers file",
            )
            .help(
                "open it in a browser, answer, and press Download answers: score the \
                 persona-answers-….yaml file it saves (or the files people sent back)",
            )
        } else if head.contains("<meta name=\"generator\" content=\"persona-maturity") {
            Diagnostic::new(
                name,
                "is a report made by persona-maturity, not an answers file",
            )
            .help("score the answers files the report was made from")
        } else {
            Diagnostic::new(name, "is a web page, not an answers file")
                .help("an answers file ends in .yaml, .yml or .toml")
        },
    )
}

/// Largest document we read: 1 MiB.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The two document syntaxes we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
        /// The size of a regular file, to read it in one go.
        size: Option<u64>,
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
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Ok(Opened::Folder);
    }
    if !kind.is_file() {
        fcntl_setfl(&file, fcntl_getfl(&file)? - OFlags::NONBLOCK)?;
    }
    Ok(Opened::Readable {
        file,
        named_pipe: kind.is_fifo(),
        size: kind.is_file().then_some(meta.len()),
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
        size: None,
    })
}

/// Open a file to read, the way every input is opened: never waiting on a named pipe that nothing
/// writes to (refused at once), and a folder refused by name. For readers that stream a file
/// rather than read it whole (form exports).
/// Also says whether it is a named pipe (one with no writer reads as empty at once).
pub fn open_file(path: &Path, name: &str) -> Result<(std::fs::File, bool), Diagnostic> {
    match open_input(path) {
        Ok(Opened::Folder) => Err(Diagnostic::new(name, "is a folder; expected a file")),
        Ok(Opened::Readable {
            file, named_pipe, ..
        }) => Ok((file, named_pipe)),
        Err(e) => Err(Diagnostic::new(name, format!("cannot read: {e}"))),
    }
}

/// The error for a named pipe that gave nothing.
pub fn empty_pipe(name: &str) -> Diagnostic {
    Diagnostic::new(name, "is a named pipe and nothing is writing to it")
        .help("name the file itself, or pipe the text to `-` (standard input)")
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
    pub fn read(path: &Path, syntax: Option<Syntax>) -> Result<Source, Diagnostic> {
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
                    Diagnostic::new(name, "cannot tell the syntax of standard input")
                        .help("pass --input-format yaml or --input-format toml")
                        .help(STDIN_EXPORT_HELP),
                )
            }
            None => {
                if let Some(d) = spreadsheet_hint(path).or_else(|| html_hint(path)) {
                    return Err(d);
                }
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
                {
                    return Err(Diagnostic::new(
                        name,
                        "unknown file extension; expected .yaml, .yml or .toml",
                    )
                    .help("answers: rename the file, or pass --input-format yaml|toml")
                    .help(
                        "a form export saved as \"Unicode text\" (UTF-16) is read as an export; \
                         this one is not UTF-16: if it is CSV, rename it to .csv",
                    ));
                }
                return Err(Diagnostic::new(
                    name,
                    "unknown file extension; expected .yaml, .yml or .toml",
                )
                .help("rename the file, or pass --input-format yaml|toml"));
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
                    return Err(Diagnostic::new(name, "is a folder; expected a file"))
                }
                Ok(Opened::Readable {
                    file,
                    named_pipe: pipe,
                    size,
                }) => {
                    named_pipe = pipe;
                    // One read for a regular file (one byte more shows a file that grew past
                    // the limit); the limit still caps what is read.
                    if let Some(size) = size {
                        bytes.reserve(size.min(MAX_FILE_BYTES as u64) as usize + 1);
                    }
                    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)
                }
                Err(e) => Err(e),
            }
        };
        if let Err(e) = result {
            return Err(Diagnostic::new(name, format!("cannot read: {e}")));
        }
        if bytes.is_empty() && named_pipe {
            return Err(empty_pipe(&name));
        }
        if is_stdin && looks_like_export(&bytes) {
            return Err(Diagnostic::new(
                name,
                "standard input holds a form export; standard input takes one answers file \
                 (YAML or TOML)",
            )
            .help(STDIN_EXPORT_HELP));
        }
        Self::from_bytes(name, bytes, syntax)
    }

    /// Decode bytes read from `name`: size limit, BOMs, UTF-8.
    pub fn from_bytes(name: String, bytes: Vec<u8>, syntax: Syntax) -> Result<Source, Diagnostic> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::new(
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
                Diagnostic::new(name, "file is encoded as UTF-16; expected UTF-8")
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
                return Err(Diagnostic::new(
                    name,
                    "file is not valid UTF-8 text (binary or another encoding)",
                )
                .at(Some(line), Some(column))
                .help("save it as UTF-8 text"));
            }
        };
        if text.contains('\0') {
            return Err(Diagnostic::new(
                name,
                "file contains NUL bytes; expected text",
            ));
        }
        if text.trim().is_empty() {
            return Err(Diagnostic::new(name, "file is empty"));
        }
        Ok(Source { name, text, syntax })
    }

    /// An error about `path` (a key path) in this file: see [`Locator::error_at`], which a
    /// caller with many errors about one file keeps instead.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locator().error_at(path, message)
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

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Whether two paths name the same existing file: the same device and inode on Unix (through
/// links, `./`, `..` or another name), the same resolved path elsewhere. A path that does not
/// exist is no file yet, and so the same as none.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// How to score a form export when standard input was given one.
pub const STDIN_EXPORT_HELP: &str = "a form export (.csv, .tsv, .xlsx, a UTF-16 .txt) is read only \
     from a file: save it and name it, `persona-maturity score responses.csv`, or `persona-maturity \
     import responses.csv --out responses/`";

/// Does what came on standard input look like a form export rather than an answers file: an
/// Excel workbook (a zip), UTF-16 text (Excel's and LibreOffice's "Unicode text"), or a first
/// line of quoted cells or of several cells split by commas, semicolons or tabs, as a CSV
/// header is (an answers file's first line is a comment, a key or a table)?
fn looks_like_export(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return true;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let first = first.trim();
    if first.starts_with('#') || first.starts_with('[') || first.starts_with("---") {
        return false;
    }
    let quoted = first.starts_with('"') && first.contains("\",\"");
    let cells = [',', ';', '\t']
        .iter()
        .map(|&sep| first.split(sep).count())
        .max()
        .unwrap_or(1);
    quoted || (cells >= 3 && !first.contains(": ") && !first.contains(" = "))
}
