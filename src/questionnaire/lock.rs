//! One questionnaire session per answers file: a lock file beside it (`.NAME.lock`) holding the
//! process id and host of the session that answers it. A second session on the same file is
//! refused; a lock whose process is gone (a session killed with `kill -9`, a machine that went
//! down) is taken over with a note. The lock is removed when the session ends, whichever way.

use crate::diagnostic::Diagnostic;
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

#[cfg(unix)]
fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

/// Whether process `pid` on this host still runs.
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists but belongs to someone else.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Take the lock of `file` (named `shown` in messages). Returns the lock and, when a lock
    /// left by a process that is gone was taken over, a note saying so.
    pub fn acquire(file: &Path, shown: &str) -> Result<(Lock, Option<String>), Diagnostic> {
        let path = lock_path(file);
        let me = Holder::me();
        let mut note = None;
        for _ in 0..50 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
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
                    note = Some(format!(
                        "{shown} was left locked by a session that no longer runs (pid {}); \
                         this session takes it over",
                        h.pid
                    ));
                }
                Some(h) if h.host == me.host => {
                    return Err(Diagnostic::new(
                        shown,
                        format!("is being answered in another session (pid {})", h.pid),
                    )
                    .help("finish or quit that session first (q saves and quits), then run this again"));
                }
                Some(h) => {
                    return Err(Diagnostic::new(
                        shown,
                        format!(
                            "is being answered in another session on {} (pid {})",
                            h.host, h.pid
                        ),
                    )
                    .help(format!(
                        "if that session has ended, delete {} and run this again",
                        path.display()
                    )));
                }
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
        assert!(note.unwrap().contains(&format!("pid {pid}")));
        let now = std::fs::read_to_string(lock_path(&file)).unwrap();
        assert!(now.contains(&format!("pid: {}", std::process::id())));
    }
}
