//! Reading versions of a file or folder from git, through the `git` command.
//!
//! Why the command and not a library (gix, git2): the person running `history` has git
//! installed, with their configuration, credentials, `safe.directory` rules, worktrees and
//! sparse checkouts, which the command honours and a library would have to re-implement; `git log
//! --follow` already follows renames; and a library would add a large dependency tree (gix: well
//! over 100 crates) for three commands. Two processes do all the work however many versions
//! there are: one `git log` lists them, one `git cat-file --batch` reads every blob.

use crate::diagnostic::Diagnostic;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A commit that changed the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// Committer date, `YYYY-MM-DD` in the committer's time zone.
    pub date: String,
    /// The path (relative to the repository root) at that commit: it differs before a rename.
    pub path: String,
}

/// A repository and the path inside it whose history is read.
#[derive(Debug, Clone)]
pub struct Repo {
    pub root: PathBuf,
    /// The path relative to the root, with `/` separators.
    pub path: String,
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        // Plain output whatever the user's configuration says.
        .args([
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
            "-c",
            "color.ui=never",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    c
}

/// Run git and return its standard output, or a diagnostic naming what failed.
fn run(dir: &Path, args: &[&str], origin: &str) -> Result<Vec<u8>, Diagnostic> {
    let out = git(dir).args(args).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::new(origin, "git is not installed (or not on PATH)").help(
                "history reads the versions of a file from git: install git, then run it again",
            )
        } else {
            Diagnostic::new(origin, format!("cannot run git: {e}"))
        }
    })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim().to_string();
        return Err(Diagnostic::new(
            origin,
            format!("git {} failed: {first}", args.first().unwrap_or(&"")),
        ));
    }
    Ok(out.stdout)
}

impl Repo {
    /// The path as git's pathspec (`.` for the root itself).
    fn pathspec(&self) -> String {
        if self.path.is_empty() {
            ".".to_string()
        } else {
            self.path.clone()
        }
    }

    /// The repository `path` is in, or an error saying it is not in one.
    pub fn find(path: &Path) -> Result<Repo, Diagnostic> {
        let origin = path.display().to_string();
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| {
                    Diagnostic::new(&origin, format!("cannot read the working folder: {e}"))
                })?
                .join(path)
        };
        // The folder to ask git in: the path's own, or the nearest one that exists.
        let mut dir = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        while !dir.is_dir() {
            match dir.parent() {
                Some(p) => dir = p.to_path_buf(),
                None => break,
            }
        }
        let top = git(&dir)
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Diagnostic::new(&origin, "git is not installed (or not on PATH)").help(
                        "history reads the versions of a file from git: install git, then run it again",
                    )
                } else {
                    Diagnostic::new(&origin, format!("cannot run git: {e}"))
                }
            })?;
        if !top.status.success() {
            return Err(Diagnostic::new(&origin, "is not inside a git repository").help(
                "history reads the versions committed to git; keep your answers in a repository \
                 (git init, git add, git commit) and run it there",
            ));
        }
        let root = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end_matches('\n'));
        let root_c = root.canonicalize().unwrap_or(root.clone());
        // The path relative to the root, through the canonical form of what exists of it.
        let dir_c = dir.canonicalize().unwrap_or(dir.clone());
        let rest = abs.strip_prefix(&dir).unwrap_or(Path::new(""));
        let full = dir_c.join(rest);
        let rel = full
            .strip_prefix(&root_c)
            .map_err(|_| Diagnostic::new(&origin, "is not inside the git repository it is in"))?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo { root, path: rel })
    }

    /// The commits that changed the path, newest first: for a file following renames, for a
    /// folder every commit that changed something in it. Deletions are left out.
    pub fn commits(&self, folder: bool, origin: &str) -> Result<Vec<Commit>, Diagnostic> {
        let spec = self.pathspec();
        let mut args = vec![
            "log",
            "--format=%x1e%H%x1f%cI",
            "--name-only",
            "--diff-filter=d",
            "-z",
        ];
        if !folder {
            args.push("--follow");
        }
        args.push("--");
        args.push(&spec);
        let out = run(&self.root, &args, origin)?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for record in text
            .split('\u{1e}')
            .filter(|r| !r.trim_matches('\0').trim().is_empty())
        {
            let (head, names) = record.split_once('\n').unwrap_or((record, ""));
            let mut parts = head.split('\u{1f}');
            let (Some(hash), Some(date)) = (parts.next(), parts.next()) else {
                continue;
            };
            let names: Vec<&str> = names
                .split('\0')
                .map(|n| n.trim_start_matches('\n'))
                .filter(|n| !n.is_empty())
                .collect();
            let path = if folder {
                self.path.clone()
            } else {
                names.first().map_or(self.path.clone(), |n| n.to_string())
            };
            commits.push(Commit {
                hash: hash.trim().to_string(),
                date: date.get(..10).unwrap_or("").to_string(),
                path,
            });
        }
        Ok(commits)
    }

    /// The answers files in the folder at a commit (paths relative to the root).
    pub fn files_at(&self, hash: &str, origin: &str) -> Result<Vec<String>, Diagnostic> {
        let spec = self.pathspec();
        let out = run(
            &self.root,
            &["ls-tree", "-r", "-z", "--name-only", hash, "--", &spec],
            origin,
        )?;
        Ok(String::from_utf8_lossy(&out)
            .split('\0')
            .filter(|p| !p.is_empty())
            .filter(|p| {
                let rel = p.strip_prefix(&self.path).unwrap_or(p);
                !rel.split('/').any(|c| c.starts_with('.'))
                    && crate::combine::is_answers_file(Path::new(p))
            })
            .map(String::from)
            .collect())
    }

    /// Whether the working copy of the path differs from the last commit (changed or new files).
    pub fn dirty(&self, origin: &str) -> Result<bool, Diagnostic> {
        let spec = self.pathspec();
        let out = run(
            &self.root,
            &[
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--",
                &spec,
            ],
            origin,
        )?;
        Ok(!out.is_empty())
    }

    /// The contents of `rev:path` for every request, in order, through one `git cat-file
    /// --batch`. A blob larger than `max` bytes, or missing, is `Err` with the reason.
    pub fn blobs(
        &self,
        requests: &[(String, String)],
        max: usize,
        origin: &str,
    ) -> Result<Vec<Result<Vec<u8>, String>>, Diagnostic> {
        let mut child = git(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Diagnostic::new(origin, format!("cannot run git: {e}")))?;
        let mut stdin = child.stdin.take().expect("piped");
        let lines: Vec<String> = requests
            .iter()
            .map(|(rev, path)| format!("{rev}:{path}\n"))
            .collect();
        // Written from a thread while the answers are read here: neither pipe can fill up.
        let writer = std::thread::spawn(move || {
            for l in lines {
                if stdin.write_all(l.as_bytes()).is_err() {
                    break;
                }
            }
        });
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let mut results = Vec::with_capacity(requests.len());
        let broken = || Diagnostic::new(origin, "git cat-file stopped answering");
        for _ in requests {
            let mut header = String::new();
            if out.read_line(&mut header).map_err(|_| broken())? == 0 {
                return Err(broken());
            }
            let header = header.trim_end();
            if header.ends_with(" missing") || header.ends_with(" ambiguous") {
                results.push(Err("not in this commit".to_string()));
                continue;
            }
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(broken)?;
            if size > max {
                std::io::copy(&mut (&mut out).take(size as u64 + 1), &mut std::io::sink())
                    .map_err(|_| broken())?;
                results.push(Err(format!(
                    "file is larger than the limit of {} KiB",
                    max / 1024
                )));
                continue;
            }
            let mut buf = vec![0u8; size + 1];
            out.read_exact(&mut buf).map_err(|_| broken())?;
            buf.pop();
            results.push(Ok(buf));
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(results)
    }
}
