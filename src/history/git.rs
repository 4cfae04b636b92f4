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

/// A git command run in `dir`, made safe and plain whatever the repository's configuration says:
/// a repository may be a stranger's (a pull request's checkout), and its `.git/config` must not
/// start programs (`core.fsmonitor`, hooks, an external diff, a pager) or change what git prints
/// (`log.showRoot`, an output encoding, colours, signatures, quoted paths).
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .args([
            "--no-pager",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "diff.external=",
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
            "-c",
            "log.showRoot=true",
            "-c",
            "i18n.logOutputEncoding=UTF-8",
            "-c",
            "color.ui=never",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env("LC_ALL", "C");
    c
}

/// git's own words when it cannot work here, with what it suggests: "detected dubious
/// ownership" (a repository owned by another user, the usual container failure) and its
/// `safe.directory` fix, a bare repository, a broken configuration.
fn git_refused(origin: &str, stderr: &[u8]) -> Diagnostic {
    let err = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = err
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines.first().copied().unwrap_or("");
    if first.contains("not a git repository") {
        return Diagnostic::new(origin, "is not inside a git repository").help(
            "history reads the versions committed to git; keep your answers in a repository \
             (git init, git add, git commit) and run it there",
        );
    }
    let message = first
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ");
    let mut d = Diagnostic::new(
        origin,
        format!("git cannot read this repository: {message}"),
    );
    for l in lines.iter().skip(1).take(6) {
        d = d.help(crate::escape::terminal(l).into_owned());
    }
    if first.contains("dubious ownership") {
        d = d.help(
            "in CI this is a checkout owned by another user than the job's: add the \
             safe.directory setting git names above (actions/checkout does it for its own git)",
        );
    }
    d
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
            format!(
                "git {} failed: {}",
                args.first().unwrap_or(&""),
                crate::escape::terminal(&first)
            ),
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
        // The folder to ask git in: the path's own, or the nearest one that exists. With GIT_DIR
        // set and no GIT_WORK_TREE, git takes the folder it runs in as the top of the work tree:
        // then it is asked in the folder the user is in, as they would ask it.
        let git_dir_only =
            std::env::var_os("GIT_DIR").is_some() && std::env::var_os("GIT_WORK_TREE").is_none();
        let mut dir = if git_dir_only {
            std::env::current_dir().unwrap_or_default()
        } else if abs.is_dir() {
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
            return Err(git_refused(&origin, &top.stderr));
        }
        if top.stdout.is_empty() {
            return Err(Diagnostic::new(
                &origin,
                "is in a bare repository (no work tree): history reads a checked-out file",
            )
            .help("clone the repository and run history in the clone"));
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
        if rel.contains(['\n', '\r']) {
            return Err(Diagnostic::new(
                &origin,
                "its path holds a line break; history does not read such paths",
            ));
        }
        Ok(Repo { root, path: rel })
    }

    /// For a shallow clone (CI checkouts are, by default): the commits history cannot see past.
    pub fn shallow_boundary(&self, origin: &str) -> Result<Option<Vec<String>>, Diagnostic> {
        let out = run(
            &self.root,
            &["rev-parse", "--is-shallow-repository"],
            origin,
        )?;
        if String::from_utf8_lossy(&out).trim() != "true" {
            return Ok(None);
        }
        let dir = run(&self.root, &["rev-parse", "--git-dir"], origin)?;
        let dir = PathBuf::from(String::from_utf8_lossy(&dir).trim());
        let dir = if dir.is_absolute() {
            dir
        } else {
            self.root.join(dir)
        };
        let text = std::fs::read_to_string(dir.join("shallow")).unwrap_or_default();
        Ok(Some(text.lines().map(|l| l.trim().to_string()).collect()))
    }

    /// The commits that changed the path on the first-parent line (the branch's own history: a
    /// merged branch counts as its merge commit, never as its own commits), newest first: for a
    /// file following renames (its deletions left out), for a folder every commit that changed
    /// something in it, deletions included.
    pub fn commits(&self, folder: bool, origin: &str) -> Result<Vec<Commit>, Diagnostic> {
        self.commits_of(&self.pathspec(), None, folder, origin)
    }

    /// The commits of a file other than the one asked for, from a revision back: the history of
    /// a file the one asked for replaced.
    pub fn commits_before(
        &self,
        path: &str,
        rev: &str,
        origin: &str,
    ) -> Result<Vec<Commit>, Diagnostic> {
        self.commits_of(path, Some(rev), false, origin)
    }

    /// The answers file a commit deleted while it added the path: a conversion (YAML to TOML) or
    /// a move with a rewrite, which git does not see as a rename. Only when exactly one answers
    /// file was deleted.
    pub fn replaced_in(&self, hash: &str, origin: &str) -> Result<Option<String>, Diagnostic> {
        let out = run(
            &self.root,
            &[
                "diff-tree",
                "--root",
                "--no-commit-id",
                "-r",
                "-z",
                "--name-status",
                "--no-renames",
                "--first-parent",
                hash,
            ],
            origin,
        )?;
        let text = String::from_utf8_lossy(&out);
        let fields: Vec<&str> = text.split('\0').collect();
        let mut deleted = Vec::new();
        for pair in fields.chunks(2) {
            if let [status, path] = pair {
                if *status == "D"
                    && crate::combine::is_answers_file(Path::new(path))
                    && !path.contains(['\n', '\r'])
                {
                    deleted.push(path.to_string());
                }
            }
        }
        Ok((deleted.len() == 1).then(|| deleted.remove(0)))
    }

    fn commits_of(
        &self,
        spec: &str,
        rev: Option<&str>,
        folder: bool,
        origin: &str,
    ) -> Result<Vec<Commit>, Diagnostic> {
        let spec = spec.to_string();
        let mut args = vec![
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-ext-diff",
            "--no-textconv",
            "--format=%x1e%H%x1f%cI",
            "--name-only",
            "-z",
        ];
        if !folder {
            args.push("--follow");
            args.push("--diff-filter=d");
        }
        if let Some(rev) = rev {
            args.push(rev);
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
                spec.clone()
            } else {
                names.first().map_or(spec.clone(), |n| n.to_string())
            };
            // A line break in a path would be taken for the end of a request by `cat-file`.
            if path.contains(['\n', '\r']) {
                return Err(Diagnostic::new(
                    origin,
                    format!(
                        "at {}, the file was named {}: a path with a line break is not read",
                        hash.get(..7).unwrap_or(hash),
                        crate::import::quoted(&path)
                    ),
                ));
            }
            commits.push(Commit {
                hash: hash.trim().to_string(),
                date: date.get(..10).unwrap_or("").to_string(),
                path,
            });
        }
        Ok(commits)
    }

    /// The answers files in the folder at a commit: (blob id, path relative to the root), by
    /// path. A path with a line break cannot be asked for safely and is returned apart.
    #[allow(clippy::type_complexity)]
    pub fn files_at(
        &self,
        hash: &str,
        origin: &str,
    ) -> Result<(Vec<(String, String)>, Vec<String>), Diagnostic> {
        let spec = self.pathspec();
        let out = run(
            &self.root,
            &["ls-tree", "-r", "-z", hash, "--", &spec],
            origin,
        )?;
        let mut files = Vec::new();
        let mut refused = Vec::new();
        for entry in String::from_utf8_lossy(&out).split('\0') {
            // `<mode> SP <type> SP <object> TAB <path>`
            let Some((meta, p)) = entry.split_once('\t') else {
                continue;
            };
            let mut m = meta.split(' ');
            let (Some(_), Some("blob"), Some(oid)) = (m.next(), m.next(), m.next()) else {
                continue;
            };
            let rel = p.strip_prefix(&self.path).unwrap_or(p);
            if rel.split('/').any(|c| c.starts_with('.'))
                || !crate::combine::is_answers_file(Path::new(p))
            {
                continue;
            }
            if p.contains(['\n', '\r']) {
                refused.push(p.to_string());
                continue;
            }
            files.push((oid.to_string(), p.to_string()));
        }
        Ok((files, refused))
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

    /// The contents of `rev:path` (or of the object `rev` when the path is empty) for every
    /// request, in order, through one `git cat-file --batch`. A blob larger than `max` bytes, or missing, is `Err` with the reason.
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
            .map(|(rev, path)| {
                if path.is_empty() {
                    format!("{rev}\n")
                } else {
                    format!("{rev}:{path}\n")
                }
            })
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
