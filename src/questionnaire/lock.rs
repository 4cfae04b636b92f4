//! One questionnaire session per answers file: a lock file beside it (`.NAME.lock`), locked with
//! the OS's file lock (`flock`) and holding the process id and host of the session that answers
//! it, for messages. A second session on the same file is refused; a lock file left by a session
//! that is gone (killed with `kill -9`) holds no OS lock and is taken over with a note. The lock
//! file is removed when the session ends, whichever way.

use crate::diagnostic::Diagnostic;
use crate::save::host_name;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file of an answers file: `.NAME.lock` in the same folder.
pub fn lock_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!(".{name}.lock"))
}

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holder {
    pid: u32,
    host: String,
}

impl Holder {
    fn me() -> Holder {
        Holder {
            pid: std::process::id(),
            host: host_name(),
        }
    }

    fn parse(text: &str) -> Option<Holder> {
        let mut pid = None;
        let mut host = None;
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("pid: ") {
                pid = v.trim().parse().ok();
            } else if let Some(v) = line.strip_prefix("host: ") {
                host = Some(v.trim().to_string());
            }
        }
        Some(Holder {
            pid: pid?,
            host: host.unwrap_or_default(),
        })
    }

    fn text(&self) -> String {
        format!(
            "# persona-maturity assess is answering this file.\npid: {}\nhost: {}\n",
            self.pid, self.host
        )
    }
}

/// Whether process `pid` on this host still runs (where no OS lock is used).
#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}

/// "is being answered in another session": the holder as far as known, and what to do.
fn busy(shown: &str, holder: Option<&Holder>, me: &Holder, lock: &Path) -> Diagnostic {
    match holder {
        Some(h) if h.host != me.host && !h.host.is_empty() => Diagnostic::new(
            shown,
            format!(
                "is being answered in another session on {} (pid {})",
                h.host, h.pid
            ),
        )
        .help(format!(
            "finish or quit that session first; if it has ended, delete {} and run this again",
            lock.display()
        )),
        Some(h) => Diagnostic::new(
            shown,
            format!("is being answered in another session (pid {})", h.pid),
        )
        .help("finish or quit that session first (q saves and quits), then run this again"),
        None => Diagnostic::new(shown, "is being answered in another session")
            .help("finish or quit that session first (q saves and quits), then run this again"),
    }
}

/// A held lock; dropping it removes the lock file (and, on Unix, releases the OS lock).
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The open lock file holding the OS lock (`flock`), on Unix.
    #[cfg(unix)]
    _file: std::fs::File,
}

impl Lock {
    /// Take the lock of `file` (named `shown` in messages). Returns the lock and, when a lock
    /// left by a process that is gone was taken over, a note saying so.
    ///
    /// On Unix the lock is the kernel's (`flock` on `.NAME.lock`): it is released when the
    /// process ends, however it ends, so there is no read-check-remove takeover to race, and a
    /// process id reused by another program never keeps the file locked. The process id and
    /// host are still written into the file, for the message another session shows.
    #[cfg(unix)]
    pub fn acquire(file: &Path, shown: &str) -> Result<(Lock, Option<String>), Diagnostic> {
        use rustix::fs::{flock, FlockOperation};
        use std::io::{Read, Seek};
        use std::os::unix::fs::MetadataExt;
        let path = lock_path(file);
        let me = Holder::me();
        let cannot = |e: std::io::Error| {
            Diagnostic::new(
                shown,
                format!("cannot create the lock file {}: {e}", path.display()),
            )
            .help("answers are saved beside the file: is its folder writable?")
        };
        // A lock file removed by the session that ended just as this one opened it is no lock:
        // check that the file locked is still the one at the path, else open it again.
        for _ in 0..50 {
            let mut f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(cannot)?;
            let mut before = String::new();
            let _ = f.read_to_string(&mut before);
            if let Err(e) = flock(&f, FlockOperation::NonBlockingLockExclusive) {
                if e != rustix::io::Errno::WOULDBLOCK {
                    return Err(cannot(e.into()));
                }
                return Err(busy(shown, Holder::parse(&before).as_ref(), &me, &path));
            }
            let same = match (f.metadata(), std::fs::metadata(&path)) {
                (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
                _ => false,
            };
            if !same {
                continue;
            }
            let note = match Holder::parse(&before) {
                // Another machine's session, on a shared folder: its lock is not seen here.
                Some(h) if h.host != me.host && !h.host.is_empty() => {
                    return Err(busy(shown, Some(&h), &me, &path));
                }
                Some(h) if h.pid != me.pid => Some(taken_over(shown, h.pid)),
                _ => None,
            };
            f.set_len(0).map_err(cannot)?;
            f.rewind().map_err(cannot)?;
            f.write_all(me.text().as_bytes())
                .map_err(|e| Diagnostic::new(shown, format!("cannot write its lock file: {e}")))?;
            return Ok((Lock { path, _file: f }, note));
        }
        Err(Diagnostic::new(
            shown,
            format!("cannot take the lock file {}", path.display()),
        ))
    }

    #[cfg(not(unix))]
    pub fn acquire(file: &Path, shown: &str) -> Result<(Lock, Option<String>), Diagnostic> {
        let path = lock_path(file);
        let me = Holder::me();
        let mut note = None;
        for _ in 0..50 {
            match crate::save::create_new(&path) {
                Ok(mut f) => {
                    f.write_all(me.text().as_bytes()).map_err(|e| {
                        Diagnostic::new(shown, format!("cannot write its lock file: {e}"))
                    })?;
                    return Ok((Lock { path }, note));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(Diagnostic::new(
                        shown,
                        format!("cannot create the lock file {}: {e}", path.display()),
                    )
                    .help("answers are saved beside the file: is its folder writable?"))
                }
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            match Holder::parse(&text) {
                // Being written this very moment: look again shortly.
                None if text.is_empty() => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    if std::fs::read_to_string(&path)
                        .unwrap_or_default()
                        .is_empty()
                    {
                        let _ = std::fs::remove_file(&path);
                    }
                }
                None => {
                    let _ = std::fs::remove_file(&path);
                }
                Some(h) if h.host == me.host && !running(h.pid) => {
                    let _ = std::fs::remove_file(&path);
                    note = Some(taken_over(shown, h.pid));
                }
                Some(h) => return Err(busy(shown, Some(&h), &me, &path)),
            }
        }
        Err(Diagnostic::new(
            shown,
            "cannot take its lock; another session keeps taking it",
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What is said when a lock left by a session that ended (killed, the machine restarted) is
/// taken over: in the words of a person who answers, not of a programmer.
fn taken_over(shown: &str, pid: u32) -> String {
    format!(
        "an earlier session on {shown} (process {pid}) ended without closing it; this one carried \
         on with the file"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_and_freed_when_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        let (first, note) = Lock::acquire(&file, "a.yaml").unwrap();
        assert_eq!(note, None);
        assert!(lock_path(&file).exists());
        let err = Lock::acquire(&file, "a.yaml").unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "a.yaml: is being answered in another session (pid {})",
                std::process::id()
            )),
            "{err}"
        );
        drop(first);
        assert!(!lock_path(&file).exists());
        assert!(Lock::acquire(&file, "a.yaml").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_naming_a_running_process_that_holds_no_lock_does_not_block() {
        // The process id in a lock file left by a killed session now belongs to another
        // program (here: this test's parent, which runs): the file is not locked, so it is
        // taken over.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        let reused = Holder {
            pid: std::os::unix::process::parent_id(),
            host: host_name(),
        };
        std::fs::write(lock_path(&file), reused.text()).unwrap();
        let (_lock, note) = Lock::acquire(&file, "a.yaml").unwrap();
        assert!(note.unwrap().contains("ended without closing it"));
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_left_by_a_process_that_is_gone_is_taken_over_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        // A process that has ended: a child that was waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let stale = Holder {
            pid,
            host: host_name(),
        };
        std::fs::write(lock_path(&file), stale.text()).unwrap();
        let (_lock, note) = Lock::acquire(&file, "a.yaml").unwrap();
        assert!(note
            .unwrap()
            .contains(&format!("(process {pid}) ended without closing it")));
        let now = std::fs::read_to_string(lock_path(&file)).unwrap();
        assert!(now.contains(&format!("pid: {}", std::process::id())));
    }
}
