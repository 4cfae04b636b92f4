//! The answers file a questionnaire session writes: where it really is (through a link), what is
//! on disk as far as this session knows, and saving it so that nothing is lost and nothing is
//! overwritten by surprise.
//!
//! - A save happens only when something changed, and then edits the file in place (`edit`),
//!   keeping its comments and layout; a file in the tool's own layout is simply written again.
//! - When a person's layout cannot be kept by an exact edit, the file as it was is copied to
//!   `FILE.bak` (never over an older copy) and the file is written whole, once said.
//! - Before every save the file is read again: a change made by someone else is never
//!   overwritten; this session's answers go to `NAME.mine.EXT` instead and the session stops.

use super::edit;
use crate::assessment::Assessment;
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::source::{Date, Source, Syntax};
use std::path::{Path, PathBuf};

/// The answers file's text in the tool's own layout, as `assess` writes a new file with the
/// built-in rubric.
pub fn canonical_text(rubric: &Rubric, a: &Assessment, syntax: Syntax) -> String {
    canonical_text_for(rubric, None, a, syntax)
}

/// The same, for the rubric read from `rubric_file` when there is one: its header's command then
/// names the rubric file, without which the answers would not score.
pub fn canonical_text_for(
    rubric: &Rubric,
    rubric_file: Option<&Path>,
    a: &Assessment,
    syntax: Syntax,
) -> String {
    let header = format!(
        "# Persona maturity self-assessment, written by `persona-maturity assess`.\n\
         # Score it with: {}\n",
        crate::escape::comment(&crate::view::score_command(rubric_file, "<this file>"))
    );
    a.to_text(rubric, syntax, &header)
}

/// A free name beside `path`: `path` + `suffix`, then with `-2`, `-3`, … before the suffix.
fn free_name(path: &Path, stem_suffix: &str, ext: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for k in 1.. {
        let n = if k == 1 {
            String::new()
        } else {
            format!("-{k}")
        };
        let candidate = path.with_file_name(format!("{stem}{stem_suffix}{n}{ext}"));
        if !candidate.exists() {
            return candidate;
        }
    }
    unreachable!("some name is free")
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// A file's permission bits (unix), to give its copies.
fn mode_of(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// An existing file's assessment and its warnings (another rubric version).
pub type Existing = Option<(Assessment, Vec<String>)>;

/// The answers file of one session.
pub struct AnswersFile {
    /// Where the file is written: the target of a link given as `--out`.
    pub path: PathBuf,
    /// How messages name it: as the person gave it, control characters as escapes.
    pub shown: String,
    pub syntax: Syntax,
    /// The bytes on disk as this session last read or wrote them (a byte-order mark included);
    /// `None` before the file exists.
    disk: Option<Vec<u8>>,
    /// The file began with a UTF-8 byte-order mark (Notepad writes one): it is kept on every
    /// write, so the file stays as its editor wrote it and the next read compares alike.
    bom: bool,
    /// The file's permissions when it was opened (unix mode bits): every copy of it (`.bak`,
    /// `.mine`) gets them, so a private file's copies are private too.
    mode: Option<u32>,
    /// The assessment those bytes hold.
    saved: Option<Assessment>,
    /// The file is in the tool's own layout: written whole, nothing of a person's to keep.
    canonical: bool,
    /// Things to tell the person once (a rewrite, a copy kept).
    pub notes: Vec<String>,
    backup: Option<PathBuf>,
    /// The rubric file (`--rubric`), named in the header of a file written whole.
    rubric_file: Option<PathBuf>,
    /// Where the file was copied before its answers were cleared (start over).
    pub cleared: Option<PathBuf>,
}

/// What `--out` without a .yaml, .yml or .toml name is told: a folder, standard output, or a
/// name without its extension each get the name that would work.
fn not_an_answers_file(out: &Path, shown: &str) -> Diagnostic {
    let quote = |p: &Path| crate::questionnaire::session::shell_quote(&p.display().to_string());
    if shown == "-" {
        return Diagnostic::new(
            "--out",
            "`-` (standard output) cannot hold answers saved as you go; expected a file name",
        )
        .help("for example --out answers.yaml");
    }
    if out.is_dir() {
        return Diagnostic::new(
            "--out",
            format!("`{shown}` is a folder; expected the answers file to write in it"),
        )
        .help(format!(
            "for example --out {}",
            quote(&out.join("answers.yaml"))
        ));
    }
    let d = Diagnostic::new(
        "--out",
        format!("`{shown}` has an unknown extension; expected .yaml, .yml or .toml"),
    );
    if out.extension().is_none() {
        let mut name = out.as_os_str().to_owned();
        name.push(".yaml");
        return d.help(format!("did you mean --out {}?", quote(Path::new(&name))));
    }
    d
}

impl AnswersFile {
    /// The file at `out` (following links). When it exists it is read and validated like `score`
    /// reads it; a read-only file is an error, not something to replace.
    pub fn open(out: &Path, rubric: &Rubric) -> Result<(AnswersFile, Existing), Diagnostic> {
        Self::open_for(out, rubric, None)
    }

    /// The same, for the rubric read from `rubric_file` (`--rubric`).
    pub fn open_for(
        out: &Path,
        rubric: &Rubric,
        rubric_file: Option<&Path>,
    ) -> Result<(AnswersFile, Existing), Diagnostic> {
        // Shown in every message and screen: a name with a control character (an escape
        // sequence a terminal would obey) or a line break is shown with them as escapes.
        let shown = crate::escape::one_line(&out.display().to_string()).into_owned();
        let syntax = Syntax::from_path(out).ok_or_else(|| not_an_answers_file(out, &shown))?;
        let path = crate::save::follow_links(out)
            .map_err(|e| Diagnostic::new(&shown, format!("cannot follow the link: {e}")))?;
        let mut file = AnswersFile {
            path,
            shown: shown.clone(),
            syntax,
            disk: None,
            bom: false,
            mode: None,
            saved: None,
            canonical: true,
            notes: Vec::new(),
            backup: None,
            rubric_file: rubric_file.map(Path::to_path_buf),
            cleared: None,
        };
        let meta = match std::fs::metadata(&file.path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A new file: its folder must be there (nothing creates folders on its own).
                let folder = match file.path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                return match std::fs::metadata(&folder) {
                    Ok(m) if m.is_dir() => Ok((file, None)),
                    Ok(_) => Err(Diagnostic::new(
                        &shown,
                        format!("cannot be created: {} is not a folder", folder.display()),
                    )),
                    Err(_) => Err(Diagnostic::new(
                        &shown,
                        format!(
                            "cannot be created: the folder {} does not exist",
                            folder.display()
                        ),
                    )
                    .help(format!(
                        "create it first (mkdir -p {}), or answer into another file with --out",
                        crate::questionnaire::session::shell_quote(&folder.display().to_string())
                    ))),
                };
            }
            Err(e) => return Err(Diagnostic::new(&shown, format!("cannot read: {e}"))),
        };
        if meta.is_dir() {
            return Err(Diagnostic::new(
                &shown,
                "is a folder; expected an answers file",
            ));
        }
        if meta.permissions().readonly() {
            return Err(
                Diagnostic::new(&shown, "is read-only, so answers cannot be saved in it")
                    .help("make it writable (chmod u+w), or answer into another file with --out"),
            );
        }
        file.mode = mode_of(&meta);
        // The bytes as they are on disk: what the next save compares with (a byte-order mark
        // too), read once; the text is decoded from them as `score` decodes a file.
        let src = if meta.is_file() {
            let mut bytes = Vec::new();
            std::fs::File::open(&file.path)
                .and_then(|f| {
                    std::io::Read::read_to_end(
                        &mut std::io::Read::take(f, crate::source::MAX_FILE_BYTES as u64 + 1),
                        &mut bytes,
                    )
                })
                .map_err(|e| Diagnostic::new(&shown, format!("cannot read: {e}")))?;
            file.bom = bytes.starts_with(BOM);
            file.disk = Some(bytes.clone());
            Source::from_bytes(shown, bytes, syntax)?
        } else {
            let mut src = Source::read(&file.path, Some(syntax))?;
            src.name = shown;
            file.disk = Some(src.text.clone().into_bytes());
            src
        };
        let (a, warnings) = Assessment::load(&src, rubric)?;
        file.canonical = src.text == file.canonical_text(rubric, &a);
        file.saved = Some(a.clone());
        Ok((file, Some((a, warnings))))
    }

    /// `a` in the tool's own layout, for this file's syntax and rubric.
    fn canonical_text(&self, rubric: &Rubric, a: &Assessment) -> String {
        canonical_text_for(rubric, self.rubric_file.as_deref(), a, self.syntax)
    }

    /// Whether the file exists on disk (as far as this session knows).
    pub fn exists(&self) -> bool {
        self.disk.is_some()
    }

    /// Copy the file as it is on disk to `FILE.bak` (or `FILE.bak-2`, … : never over an older
    /// copy) and return where.
    pub fn back_up(&mut self) -> Result<PathBuf, Diagnostic> {
        if let Some(b) = &self.backup {
            return Ok(b.clone());
        }
        let bytes = self.disk.clone().unwrap_or_default();
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut target = self.path.with_file_name(format!("{name}.bak"));
        let mut k = 2;
        while target.exists() {
            target = self.path.with_file_name(format!("{name}.bak-{k}"));
            k += 1;
        }
        crate::save::write_atomic_as(&target, &bytes, self.mode).map_err(|e| {
            Diagnostic::new(
                &self.shown,
                format!("cannot keep a copy in {}: {e}", target.display()),
            )
        })?;
        self.backup = Some(target.clone());
        Ok(target)
    }

    /// Start over: the answers are cleared (who answers and for which organization stay), after
    /// the file as it was is copied aside. Returns where the copy is.
    pub fn start_over(
        &mut self,
        a: &mut Assessment,
        rubric: &Rubric,
        today: Date,
    ) -> Result<PathBuf, Diagnostic> {
        let copy = self.back_up()?;
        let mut fresh = Assessment::empty(rubric);
        fresh.organization = a.organization.clone();
        fresh.respondent = a.respondent.clone();
        fresh.date = Some(today);
        *a = fresh;
        // The file is written new, in the tool's layout.
        self.canonical = true;
        self.write(self.canonical_text(rubric, a), a.clone())?;
        self.cleared = Some(copy.clone());
        Ok(copy)
    }

    /// Save `a` if it differs from what the file holds. When answers or notes changed, the file's
    /// date becomes `today`.
    pub fn save(&mut self, a: &Assessment, rubric: &Rubric, today: Date) -> Result<(), Diagnostic> {
        let mut effective = a.clone();
        let answers_changed = match &self.saved {
            Some(s) => s.answers != a.answers || s.notes != a.notes,
            None => true,
        };
        effective.date = if answers_changed || self.saved.is_none() {
            Some(today)
        } else {
            self.saved.as_ref().and_then(|s| s.date).or(a.date)
        };
        if self.disk.is_some() && self.saved.as_ref() == Some(&effective) {
            return Ok(());
        }
        let text = match (&self.saved, &self.disk) {
            (Some(before), Some(disk)) if !self.canonical => {
                let old = String::from_utf8_lossy(disk.strip_prefix(BOM).unwrap_or(disk));
                let old = old.into_owned();
                match edit::edit(&old, self.syntax, rubric, before, &effective) {
                    Ok(t) => t,
                    Err(why) => {
                        let copy = self.back_up()?;
                        self.notes.push(format!(
                            "{} could not be changed in place without disturbing how it is \
                             written ({why}), so it is written whole, in this tool's layout, \
                             from now on; the file as it was is kept in {}",
                            self.shown,
                            copy.display()
                        ));
                        self.canonical = true;
                        self.canonical_text(rubric, &effective)
                    }
                }
            }
            _ => self.canonical_text(rubric, &effective),
        };
        self.write(text, effective)
    }

    /// Write `text` (holding `a`, after the byte-order mark the file began with) unless the
    /// file changed on disk behind this session's back.
    fn write(&mut self, text: String, a: Assessment) -> Result<(), Diagnostic> {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if self.bom {
            bytes.extend_from_slice(BOM);
        }
        bytes.extend_from_slice(text.as_bytes());
        let now = match std::fs::read(&self.path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Diagnostic::new(&self.shown, format!("cannot read: {e}"))),
        };
        if now != self.disk {
            let ext = self
                .path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            let mine = free_name(&self.path, ".mine", &ext);
            let saved = crate::save::write_atomic_as(&mine, &bytes, self.mode);
            let (e, help) = if now.is_some() {
                (
                    Diagnostic::new(
                        &self.shown,
                        "was changed outside this session while you answered; it was not \
                         overwritten",
                    ),
                    format!(
                        "your answers are saved in {}: compare the two and keep what is right",
                        mine.display()
                    ),
                )
            } else {
                (
                    Diagnostic::new(
                        &self.shown,
                        "was deleted outside this session while you answered",
                    ),
                    format!(
                        "your answers are saved in {}, the only copy now: rename it to {} to \
                         carry on with it",
                        mine.display(),
                        self.shown
                    ),
                )
            };
            return Err(match saved {
                Ok(()) => e.help(help),
                Err(err) => e.help(format!("your answers could not be saved either: {err}")),
            });
        }
        crate::save::write_atomic(&self.path, &bytes)
            .map_err(|e| Diagnostic::new(&self.shown, format!("cannot save: {e}")))?;
        self.disk = Some(bytes);
        self.saved = Some(a);
        Ok(())
    }
}
