//! Writing files so that a reader at any instant sees either the old or the new complete file:
//! a temporary file in the same folder, written, flushed to disk, then renamed over the target.
//! Only a regular file is replaced so: a report written to a device, a named pipe or a link to an
//! open descriptor (`--output junit=/dev/stdout`) is written into it ([`write_atomic`]).

use std::io::Write;
use std::path::{Path, PathBuf};

/// How the temporary file of a write starts and ends: `.persona-maturity-PID-RANDOM.tmp`.
const TEMP_PREFIX: &str = ".persona-maturity-";
const TEMP_SUFFIX: &str = ".tmp";

/// Remove from `dir` the temporary files of writes that were stopped between writing and
/// renaming (`kill -9` during a save): those named by a process that no longer runs on this
/// machine, and any older than a minute whose name gives no process (an older version's). A
/// write takes milliseconds, so nothing a running write needs is removed. How many went.
pub fn remove_stopped_writes(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = middle
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let stopped = match pid {
            Some(pid) => pid != std::process::id() && !running(pid),
            None => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(60)),
        };
        if stopped
            && e.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether process `pid` runs on this machine.
#[cfg(unix)]
fn running(pid: u32) -> bool {
    match rustix::process::Pid::from_raw(pid as i32) {
        Some(p) => !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        ),
        None => false,
    }
}

#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}

/// Atomically replace `path` with `contents`. An existing file keeps its permissions; a new one
/// gets the usual ones for this user (0666 less the umask).
fn replace(path: &Path, contents: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // The process id in the name tells a write still running from one that was stopped
    // (`remove_stopped_writes`).
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    let existing_mode = {
        use std::os::unix::fs::PermissionsExt;
        let mode = mode.or_else(|| {
            std::fs::metadata(path)
                .ok()
                .map(|m| m.permissions().mode() & 0o7777)
        });
        if mode.is_none() {
            // Created with 0666: the process's umask takes away what it always takes away.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        mode
    };
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    // The temporary file is 0600 until it is complete: never more open than the file it becomes.
    tmp.write_all(contents)?;
    tmp.flush()?;
    #[cfg(unix)]
    if let Some(mode) = existing_mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Write `contents` to `path`, the one way every file is written. A regular file (or a new one)
/// is replaced atomically: a temporary file in the same folder, written, flushed, renamed over
/// it; its permissions are kept. A link to a regular file replaces its target and keeps the
/// link. Anything else is written in place, never replaced by a regular file: a device
/// (`/dev/null`; `/dev/full`'s error is the error), a named pipe or socket, anything under `/dev`
/// or `/proc` or reached through them (`/dev/stdout`, `/proc/self/fd/1`: a pipe, a terminal or a
/// file the shell opened), appended to as the shell's own writes are.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, contents, None)
}

/// Create `path`, which must not exist yet (`AlreadyExists` if it does): the other way a file is
/// made, for a file that is a claim (a lock, a marker) or a new file in a folder the caller owns
/// (an import's staging folder), where replacing would be wrong.
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
}

/// [`write_atomic`], a replaced file getting the permission bits `mode` (unix) when given: a
/// copy of a private file is private from its first byte, never readable by others for a moment.
pub fn write_atomic_as(path: &Path, contents: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    match destination(path)? {
        Destination::InPlace => {
            let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
            f.write_all(contents)?;
            f.flush()
        }
        Destination::Replace(target) => replace(&target, contents, mode),
    }
}

/// How a report reaches the path the user named.
enum Destination {
    /// Opened and written into.
    InPlace,
    /// A regular file, or a new one, replaced atomically: the path itself, or where its links
    /// lead.
    Replace(std::path::PathBuf),
}

/// Follow `path`'s links: a regular file or nothing at the end is replaced; anything else, or
/// any step under `/dev` or `/proc`, is written in place.
fn destination(path: &Path) -> std::io::Result<Destination> {
    let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    let mut hop = path.to_path_buf();
    for _ in 0..40 {
        let meta = match std::fs::symlink_metadata(&hop) {
            Ok(m) => m,
            // Nothing there: created, unless it is in /dev or /proc.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !special(&hop) => {
                return Ok(Destination::Replace(hop))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Destination::InPlace),
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_dir() {
            return Err(std::io::Error::other("is a folder; expected a file"));
        }
        if special(&hop) || !(kind.is_file() || kind.is_symlink()) {
            return Ok(Destination::InPlace);
        }
        if kind.is_file() {
            return Ok(Destination::Replace(hop));
        }
        let next = std::fs::read_link(&hop)?;
        hop = match hop.parent() {
            Some(dir) => dir.join(next),
            None => next,
        };
    }
    // A loop of links: opening it gives the system's own error.
    Ok(Destination::InPlace)
}

/// `path`, following symbolic links to the file they name (which may not exist yet).
pub fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// This machine's name, as a lock or an unfinished import records who holds it: a process id
/// means something only on the machine that wrote it.
#[cfg(unix)]
pub fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// This machine's name (see the unix version).
#[cfg(not(unix))]
pub fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.yaml")]);
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_of_stopped_writes_are_removed_and_a_running_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has ended: a child that was waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let parent = std::os::unix::process::parent_id();
        for name in [
            format!(".persona-maturity-{gone}-a1b2c3.tmp"),
            format!(".persona-maturity-{parent}-d4e5f6.tmp"),
            ".persona-maturity-x7y8z9.tmp".to_string(),
            "answers.yaml".to_string(),
        ] {
            std::fs::write(dir.path().join(name), "answers: {}").unwrap();
        }
        assert_eq!(remove_stopped_writes(dir.path()), 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        // The running process's is kept; the one without a process id is too young to judge.
        assert_eq!(
            left,
            [
                format!(".persona-maturity-{parent}-d4e5f6.tmp"),
                ".persona-maturity-x7y8z9.tmp".to_string(),
                "answers.yaml".to_string()
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_follows_the_umask_and_an_existing_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.yaml");
        write_atomic(&new, b"x").unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        // The process's umask, as Linux reports it.
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            });
        if let Some(umask) = umask {
            assert_eq!(
                mode,
                0o666 & !umask,
                "the umask decides, not the temporary file's 0600"
            );
        }
        let kept = dir.path().join("kept.yaml");
        std::fs::write(&kept, b"x").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"y").unwrap();
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
