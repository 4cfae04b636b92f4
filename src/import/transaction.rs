//! An import writes its folder as one transaction: the folder holds either what it held before or
//! every file of the import, whatever stops it (an error, Ctrl-C, `kill -9`, a full disk).
//!
//! - **Claim.** The marker `UNFINISHED` in the folder is created and locked with the OS's file
//!   lock (`flock`, released however the process ends). A second import into the folder finds it
//!   locked and is refused, told that another import is running: never told to delete anything.
//! - **Write.** Every answers file is written into a hidden staging folder inside it
//!   (`.persona-import-PID.partial`, which `score` skips); nothing in the folder itself changes.
//! - **Move.** Once every row is read, the marker lists every file to move in and every file to
//!   take out (`--force`: the earlier import of the same export), then each is renamed: a file
//!   already there is first moved aside into the staging folder, so every step can be undone.
//! - **Done.** The marker says so, the staging folder (and with it what was moved aside) and the
//!   marker are removed.
//!
//! A marker that is not locked was left by an import that was stopped. The next import into the
//! folder undoes it first ([`recover`]): before *done*, every file it moved in is removed and
//! every file it moved aside is put back; at *done*, only its leftovers are removed. So "import
//! again", the advice `score` gives for such a folder, always leads to the folder an uninterrupted
//! import makes. Files are not flushed to disk one by one (that cost a minute for 100,000 files):
//! what the transaction guards against is the process stopping, not the machine.

use crate::diagnostic::Diagnostic;
use crate::save::host_name;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::UNFINISHED;

/// The staging folder's name for process `pid`.
fn staging_name(pid: u32) -> String {
    format!(".persona-import-{pid}.partial")
}

/// Files moved aside during the move, inside the staging folder.
const ASIDE: &str = ".replaced";

/// Where a transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Writing,
    Moving,
    Done,
}

impl State {
    fn id(self) -> &'static str {
        match self {
            State::Writing => "writing",
            State::Moving => "moving",
            State::Done => "done",
        }
    }
}

/// What a marker says.
#[derive(Debug, Default)]
struct Marker {
    export: String,
    pid: u32,
    host: String,
    staging: String,
    state: Option<State>,
    /// Names moved in (state moving and after), and taken out.
    moved: Vec<String>,
    removed: Vec<String>,
}

impl Marker {
    fn parse(text: &str) -> Option<Marker> {
        let mut m = Marker::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(": ") else {
                continue;
            };
            match key {
                "export" => m.export = value.to_string(),
                "pid" => m.pid = value.parse().ok()?,
                "host" => m.host = value.to_string(),
                "staging" => m.staging = value.to_string(),
                "state" => {
                    m.state = [State::Writing, State::Moving, State::Done]
                        .into_iter()
                        .find(|s| s.id() == value)
                }
                "move" => m.moved.push(value.to_string()),
                "remove" => m.removed.push(value.to_string()),
                _ => {}
            }
        }
        // Only names this tool writes: a staging folder of its own form, plain file names.
        let plain = |n: &str| !n.is_empty() && !n.contains(['/', '\\']) && n != "." && n != "..";
        let ok = m.state.is_some()
            && m.staging.starts_with(".persona-import-")
            && m.staging.ends_with(".partial")
            && plain(&m.staging)
            && m.moved.iter().chain(&m.removed).all(|n| plain(n));
        ok.then_some(m)
    }

    fn text(&self) -> String {
        let mut s = format!(
            "# An import into this folder has not finished: it is running, or it was stopped.\n\
             # Run the import again: it first undoes what a stopped import left (its files are in\n\
             # {}/ until they are all moved in).\n\
             export: {}\npid: {}\nhost: {}\nstaging: {}\nstate: {}\n",
            self.staging,
            crate::escape::comment(&self.export),
            self.pid,
            self.host,
            self.staging,
            self.state.map_or("writing", State::id),
        );
        for n in &self.moved {
            s.push_str(&format!("move: {n}\n"));
        }
        for n in &self.removed {
            s.push_str(&format!("remove: {n}\n"));
        }
        s
    }
}

/// An import's hold on its folder.
pub struct Transaction {
    out: PathBuf,
    /// Whether this import created the folder (removed again when it is undone).
    made: bool,
    marker_path: PathBuf,
    /// The marker, open and locked.
    marker_file: std::fs::File,
    marker: Marker,
    staging: PathBuf,
    /// Tests stop the move after this many renames, as a kill would.
    #[cfg(test)]
    stop_after: Option<usize>,
}

/// Why a folder cannot be claimed.
pub enum Refused {
    /// Another import holds it.
    Busy(Diagnostic),
    /// Something else (not a folder, not writable, a damaged marker).
    Error(Diagnostic),
}

impl Transaction {
    /// Claim `out` for an import of `export`: create it if need be, lock its marker, undo what a
    /// stopped import left. Returns the transaction and, when something was undone, a note.
    pub fn begin(out: &Path, export: &str) -> Result<(Transaction, Option<String>), Refused> {
        let shown = out.display().to_string();
        if out.exists() && !out.is_dir() {
            return Err(Refused::Error(Diagnostic::new(
                shown,
                "exists and is not a folder; --out names the folder the answers files go into",
            )));
        }
        let made = !out.exists();
        std::fs::create_dir_all(out).map_err(|e| {
            Refused::Error(Diagnostic::new(
                &shown,
                format!("cannot create the folder: {e}"),
            ))
        })?;
        let marker_path = out.join(UNFINISHED);
        let cannot = |e: std::io::Error| {
            Refused::Error(Diagnostic::new(
                marker_path.display().to_string(),
                format!("cannot write: {e}"),
            ))
        };
        let (mut file, before) = lock(&marker_path).map_err(|e| match e {
            Locked::Busy(text) => Refused::Busy(busy(&marker_path, Marker::parse(&text))),
            Locked::Io(e) => cannot(e),
        })?;
        let note =
            if before.trim().is_empty() {
                None
            } else {
                match Marker::parse(&before) {
                    Some(m) => Some(recover(out, &m).map_err(|e| {
                        Refused::Error(Diagnostic::new(
                            &shown,
                            format!("cannot undo the import that was stopped: {e}"),
                        ))
                    })?),
                    None => return Err(Refused::Error(
                        Diagnostic::new(
                            marker_path.display().to_string(),
                            "an import into this folder was stopped before it finished, and \
                             this file does not say what it wrote (an older version of this \
                             tool wrote it); nothing was written",
                        )
                        .help(
                            "it lists the answers files that import wrote: delete them and this \
                             file, then import again",
                        ),
                    )),
                }
            };
        let staging_dir = staging_name(std::process::id());
        let staging = out.join(&staging_dir);
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir(&staging).map_err(cannot)?;
        let marker = Marker {
            export: export.to_string(),
            pid: std::process::id(),
            host: host_name(),
            staging: staging_dir,
            state: Some(State::Writing),
            ..Marker::default()
        };
        rewrite(&mut file, &marker.text()).map_err(cannot)?;
        Ok((
            Transaction {
                out: out.to_path_buf(),
                made,
                marker_path,
                marker_file: file,
                marker,
                staging,
                #[cfg(test)]
                stop_after: None,
            },
            note,
        ))
    }

    /// Where the answers files are written until they are moved in.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Whether this import created the folder.
    pub fn made(&self) -> bool {
        self.made
    }

    /// Move every file written in, and take `remove` out of the folder; then end. A file in the
    /// way is replaced only when `replace` (`--force`); on an error part way, what was moved is
    /// undone.
    pub fn commit(mut self, remove: Vec<String>, replace: bool) -> std::io::Result<()> {
        let mut moved: Vec<String> = std::fs::read_dir(&self.staging)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        moved.sort();
        self.marker.moved = moved;
        self.marker.removed = remove;
        self.marker.state = Some(State::Moving);
        rewrite(&mut self.marker_file, &self.marker.text())?;
        if let Err(e) = self.move_in(replace) {
            let _ = undo_moves(&self.out, &self.marker);
            let _ = self.end();
            return Err(e);
        }
        self.marker.state = Some(State::Done);
        rewrite(&mut self.marker_file, &self.marker.text())?;
        self.end()
    }

    /// The renames of the move: what is in the way aside, then each file in; then what is taken
    /// out, aside.
    fn move_in(&mut self, replace: bool) -> std::io::Result<()> {
        let aside = self.staging.join(ASIDE);
        std::fs::create_dir(&aside)?;
        #[cfg(test)]
        let mut left = self.stop_after;
        for name in self.marker.moved.iter().chain(&self.marker.removed) {
            #[cfg(test)]
            {
                if left == Some(0) {
                    return Err(std::io::Error::other("stopped by the test"));
                }
                left = left.map(|n| n - 1);
            }
            let there = self.out.join(name);
            let staged = self.staging.join(name);
            if std::fs::symlink_metadata(&there).is_ok() {
                if !replace && staged.exists() {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        format!("{} appeared while importing", there.display()),
                    ));
                }
                std::fs::rename(&there, aside.join(name))?;
            }
            if staged.exists() {
                std::fs::rename(&staged, &there)?;
            }
        }
        Ok(())
    }

    /// Undo everything: the staging folder goes, the folder too when this import made it and it
    /// is empty again.
    pub fn rollback(self) -> std::io::Result<()> {
        let made = self.made;
        let out = self.out.clone();
        let result = self.end();
        if made {
            let _ = std::fs::remove_dir(&out);
        }
        result
    }

    /// Remove the staging folder, then the marker (still locked, so no other import can take
    /// the folder between the two).
    fn end(self) -> std::io::Result<()> {
        match std::fs::remove_dir_all(&self.staging) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        std::fs::remove_file(&self.marker_path)?;
        if let Ok(dir) = std::fs::File::open(&self.out) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// Replace the marker's text (the file stays open and locked).
fn rewrite(file: &mut std::fs::File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// Why the marker could not be locked.
enum Locked {
    /// Another process holds it: its text.
    Busy(String),
    Io(std::io::Error),
}

/// Open and lock the marker, creating it; its text before (empty for a new one). A marker
/// removed by the import that held it, just as this one opened it, is no lock: the file locked
/// must still be the one at the path.
#[cfg(unix)]
fn lock(path: &Path) -> Result<(std::fs::File, String), Locked> {
    use rustix::fs::{flock, FlockOperation};
    use std::os::unix::fs::MetadataExt;
    for _ in 0..50 {
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(Locked::Io)?;
        let mut before = String::new();
        let _ = f.read_to_string(&mut before);
        if let Err(e) = flock(&f, FlockOperation::NonBlockingLockExclusive) {
            if e == rustix::io::Errno::WOULDBLOCK {
                return Err(Locked::Busy(before));
            }
            return Err(Locked::Io(e.into()));
        }
        let same = match (f.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        };
        if same {
            // Read again under the lock: the holder may have written since.
            let mut now = String::new();
            f.rewind().map_err(Locked::Io)?;
            f.read_to_string(&mut now).map_err(Locked::Io)?;
            return Ok((f, now));
        }
    }
    Err(Locked::Io(std::io::Error::other(
        "another import keeps taking the folder",
    )))
}

/// Without an OS file lock: the marker is created exclusively, and one that is there is taken
/// for an import that runs.
#[cfg(not(unix))]
fn lock(path: &Path) -> Result<(std::fs::File, String), Locked> {
    match crate::save::create_new(path) {
        Ok(f) => Ok((f, String::new())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Locked::Busy(
            std::fs::read_to_string(path).unwrap_or_default(),
        )),
        Err(e) => Err(Locked::Io(e)),
    }
}

/// The refusal when another import holds the folder: who, and to wait.
fn busy(marker_path: &Path, holder: Option<Marker>) -> Diagnostic {
    let who = match &holder {
        Some(m) if !m.host.is_empty() && m.host != host_name() => {
            format!(" (process {} on {}, from {})", m.pid, m.host, m.export)
        }
        Some(m) => format!(" (process {}, from {})", m.pid, m.export),
        None => String::new(),
    };
    Diagnostic::new(
        marker_path
            .parent()
            .map_or_else(String::new, |p| p.display().to_string()),
        format!("another import into this folder is running{who}; nothing was written"),
    )
    .help("wait for it to finish, then run this again; its files appear all at once when it ends")
}

/// Undo what a stopped import left (see the module's comment); what was done, in words.
fn recover(out: &Path, m: &Marker) -> std::io::Result<String> {
    let staging = out.join(&m.staging);
    let written = count_files(&staging);
    let what = match m.state {
        Some(State::Done) => "it had finished; its leftovers were removed".to_string(),
        Some(State::Moving) => {
            undo_moves(out, m)?;
            "it was stopped while moving its files in: every file it moved was put back".to_string()
        }
        _ => format!(
            "it was stopped before it finished: undone, {} it had written removed",
            crate::words::count(written, "file", "files")
        ),
    };
    match std::fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    Ok(format!(
        "an import into {} from {} (process {}) {what}",
        out.display(),
        m.export,
        m.pid
    ))
}

/// Files in a folder, its subfolders not counted.
fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .count()
    })
}

/// Put a folder back as it was before a move that stopped part way: every file moved in (no
/// longer in the staging folder) moved back there, then every file moved aside put back. Each
/// step leaves a state this reads the same way, so it is safe to stop and repeat.
fn undo_moves(out: &Path, m: &Marker) -> std::io::Result<()> {
    let staging = out.join(&m.staging);
    let aside = staging.join(ASIDE);
    for name in &m.moved {
        let staged = staging.join(name);
        let there = out.join(name);
        if !staged.exists() && std::fs::symlink_metadata(&there).is_ok() {
            std::fs::rename(&there, &staged)?;
        }
    }
    for name in m.moved.iter().chain(&m.removed) {
        let kept = aside.join(name);
        if std::fs::symlink_metadata(&kept).is_ok() {
            std::fs::rename(&kept, out.join(name))?;
        }
    }
    Ok(())
}

/// `# Imported by `persona-maturity import` from EXPORT, row N…`: the export an imported file
/// says it came from.
pub fn imported_from(first_line: &str) -> Option<&str> {
    let rest = first_line.strip_prefix(super::IMPORTED_BY)?;
    Some(rest.rsplit_once(", row ")?.0)
}

/// The answers files in `out` that an earlier import of the export named `export` wrote (by the
/// first line each one starts with): what `--force` replaces.
pub fn earlier_import(out: &Path, export: &str) -> Vec<String> {
    let wanted = Path::new(export).file_name();
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let answers = e.file_type().is_ok_and(|t| t.is_file())
            && crate::source::Syntax::from_path(Path::new(&name)).is_some();
        if !answers {
            continue;
        }
        let mut head = [0u8; 1024];
        let n = std::fs::File::open(e.path())
            .and_then(|mut f| f.read(&mut head))
            .unwrap_or(0);
        let text = String::from_utf8_lossy(&head[..n]);
        let first = text.lines().next().unwrap_or("");
        if imported_from(first).is_some_and(|from| Path::new(from).file_name() == wanted) {
            found.push(name);
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file of a folder (hidden ones too) and its text.
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for e in walkdir::WalkDir::new(dir).min_depth(1) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let text = if e.file_type().is_dir() {
                "<folder>".to_string()
            } else {
                std::fs::read_to_string(e.path()).unwrap()
            };
            out.insert(rel, text);
        }
        out
    }

    /// A folder with files `a` (kept), `b` (replaced), `c` (taken out); an import writing `b`
    /// and `d`.
    fn start(dir: &Path) -> Transaction {
        for (n, t) in [("a.yaml", "a"), ("b.yaml", "old b"), ("c.yaml", "old c")] {
            std::fs::write(dir.join(n), t).unwrap();
        }
        let (t, note) = Transaction::begin(dir, "r.csv").ok().unwrap();
        assert_eq!(note, None);
        std::fs::write(t.staging().join("b.yaml"), "new b").unwrap();
        std::fs::write(t.staging().join("d.yaml"), "new d").unwrap();
        t
    }

    #[test]
    fn a_move_stopped_after_any_rename_is_undone_by_the_next_import() {
        let before = {
            let d = tempfile::tempdir().unwrap();
            for (n, t) in [("a.yaml", "a"), ("b.yaml", "old b"), ("c.yaml", "old c")] {
                std::fs::write(d.path().join(n), t).unwrap();
            }
            contents(d.path())
        };
        let finished = {
            let d = tempfile::tempdir().unwrap();
            start(d.path()).commit(vec!["c.yaml".into()], true).unwrap();
            contents(d.path())
        };
        assert_eq!(
            finished.keys().collect::<Vec<_>>(),
            ["a.yaml", "b.yaml", "d.yaml"]
        );
        assert_eq!(finished["b.yaml"], "new b");
        // Stopped after 0, 1, 2 renames of 3 (b, d moved in; c taken out): the marker stays,
        // as after a kill; the next claim of the folder undoes it.
        for stop in 0..3 {
            let d = tempfile::tempdir().unwrap();
            let mut t = start(d.path());
            t.stop_after = Some(stop);
            // What a kill leaves: the marker (unlocked once the process is gone) and the files.
            let marker = t.marker_path.clone();
            t.marker.moved = vec!["b.yaml".into(), "d.yaml".into()];
            t.marker.removed = vec!["c.yaml".into()];
            t.marker.state = Some(State::Moving);
            rewrite(&mut t.marker_file, &t.marker.text()).unwrap();
            assert!(t.move_in(true).is_err());
            let (moved, staging) = (t.marker.moved.clone(), t.staging.clone());
            drop(t);
            if stop == 2 {
                // A recovery that was itself stopped after its first renames: repeated, it
                // still puts the folder back.
                for name in &moved {
                    if !staging.join(name).exists() {
                        std::fs::rename(d.path().join(name), staging.join(name)).unwrap();
                    }
                }
            }
            assert!(marker.exists());
            let (t, note) = Transaction::begin(d.path(), "r.csv").ok().unwrap();
            assert!(note.unwrap().contains("every file it moved was put back"));
            t.rollback().unwrap();
            assert_eq!(contents(d.path()), before, "stopped after {stop}");
        }
    }

    #[test]
    fn a_write_stopped_part_way_is_undone_and_one_that_finished_is_left_alone() {
        let d = tempfile::tempdir().unwrap();
        let t = start(d.path());
        drop(t);
        let (t, note) = Transaction::begin(d.path(), "r.csv").ok().unwrap();
        assert!(note
            .unwrap()
            .contains("undone, 2 files it had written removed"));
        t.rollback().unwrap();
        assert_eq!(contents(d.path()).len(), 3);
        // At done: nothing but its leftovers goes.
        let mut t = start(d.path());
        t.marker.state = Some(State::Done);
        rewrite(&mut t.marker_file, &t.marker.text()).unwrap();
        drop(t);
        let (t, note) = Transaction::begin(d.path(), "r.csv").ok().unwrap();
        assert!(note.unwrap().contains("it had finished"));
        t.rollback().unwrap();
        assert_eq!(contents(d.path()).len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_held_by_a_running_import_is_refused_without_advice_to_delete() {
        let d = tempfile::tempdir().unwrap();
        let (first, _) = Transaction::begin(d.path(), "r.csv").ok().unwrap();
        let Err(Refused::Busy(e)) = Transaction::begin(d.path(), "s.csv") else {
            panic!("not refused");
        };
        let e = e.to_string();
        assert!(
            e.contains("another import into this folder is running"),
            "{e}"
        );
        assert!(!e.contains("delete"), "{e}");
        first.rollback().unwrap();
        assert!(!d.path().join(UNFINISHED).exists());
    }

    #[test]
    fn a_marker_that_names_a_path_outside_its_folder_is_not_obeyed() {
        for bad in [
            "state: writing\nstaging: ../../home\n",
            "state: moving\nstaging: .persona-import-1.partial\nmove: ../x\n",
            "pid: 1\n",
        ] {
            assert!(Marker::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn an_imported_file_names_its_export_on_its_first_line() {
        let line = format!("{}data/responses.csv, row 7.", super::super::IMPORTED_BY);
        assert_eq!(imported_from(&line), Some("data/responses.csv"));
        assert_eq!(imported_from("# my own notes"), None);
    }
}
