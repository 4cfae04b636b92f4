//! Reading versions of a file or folder from git, through the `git` command.
//!
//! Why the command and not a library (gix, git2): the person running `history` has git
//! installed, with their configuration, credentials, `safe.directory` rules, worktrees and
//! sparse checkouts, which the command honours and a library would have to re-implement; `git log
//! --follow` already follows renames; and a library would add a large dependency tree (gix: well
//! over 100 crates) for three commands. Two processes do the work however many versions there
//! are: one `git log` lists them with the id of every version's blob, one `git cat-file --batch`
//! reads the blobs one after the other (each is scored and dropped before the next is read).
//!
//! A repository may be a stranger's (a pull request's checkout, a clone of someone's repository),
//! and its `.git/config` or `.gitattributes` must not start programs. So no git command that
//! applies filters or reads the work tree's state is run (`git status` would run `filter.*.clean`
//! and `filter.*.process`, and `core.fsmonitor`): whether the working copy differs from the last
//! commit is decided here, by comparing bytes with the committed blob. Nothing is ever fetched (a
//! partial clone's missing blob would be fetched through `core.sshCommand`, an `ext::` remote or
//! `remote.*.uploadpack`): see [`git`].

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// A commit of the first-parent line that changed the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The author date, in seconds since 1970 (a rebase or a cherry-pick keeps it; the committer
    /// date moves); `None` when git gave none that reads.
    pub time: Option<i64>,
    /// The path (relative to the root) at that commit: for a file, it differs before a rename.
    pub path: String,
    /// For a file: the id of its blob at that commit.
    pub blob: String,
    /// For a folder: every file in it the commit added, changed or deleted.
    pub changes: Vec<Change>,
    /// For a file: `git log --follow` took it for a copy of another file, one the commit left in
    /// place (`--follow` looks for copies in every file, not only in those the commit deleted).
    /// That file is not this one's past: this file starts here, and its log ends with it.
    pub copied: bool,
}

/// A file of a folder that a commit added or changed (`blob` is its new content) or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    /// The new blob; `None` when the file was deleted (or is no longer a regular file).
    pub blob: Option<String>,
}

/// A repository and the path inside it whose history is read.
#[derive(Debug, Clone)]
pub struct Repo {
    pub root: PathBuf,
    /// The path relative to the root, with `/` separators.
    pub path: String,
}

/// A git command run in `dir`, made safe and plain whatever the repository's configuration says:
/// a repository may be a stranger's, and its `.git/config` must not start programs or change
/// what git prints.
///
/// - No program: `core.fsmonitor`, hooks, an external diff and a pager are switched off; the
///   commands run (`rev-parse`, `log --raw`, `diff-tree`, `ls-tree`, `cat-file --batch`,
///   `config --get-regexp`) apply no filter and no textconv, and read no index.
/// - No fetch: `GIT_NO_LAZY_FETCH=1` (a partial clone's missing blob is reported missing, not
///   fetched), and no transport is allowed (`GIT_ALLOW_PROTOCOL` empty outranks any
///   `protocol.*.allow` in the repository's configuration; `protocol.allow=never` as well), so
///   `core.sshCommand`, an `ext::` remote and `remote.*.uploadpack` can never run.
/// - Nothing that changes the output: `log.showRoot`, an output encoding, colours, signatures,
///   quoted paths, copies taken for renames.
pub(crate) fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .args(["--no-pager"])
        .args(
            [
                "core.fsmonitor=false",
                "core.hooksPath=/dev/null",
                "diff.external=",
                "diff.renames=true",
                "core.quotepath=off",
                "log.showSignature=false",
                "log.showRoot=true",
                "i18n.logOutputEncoding=UTF-8",
                "color.ui=never",
                "protocol.allow=never",
            ]
            .iter()
            .flat_map(|kv| ["-c", kv]),
        )
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_ALLOW_PROTOCOL", "")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env("LC_ALL", "C");
    c
}

/// git cannot be started: not installed, or another reason.
fn cannot_start(origin: &str, e: &std::io::Error) -> Error {
    Error::Git(if e.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::new(origin, "git is not installed (or not on PATH)")
            .help("history reads the versions of a file from git: install git, then run it again")
    } else {
        Diagnostic::new(origin, format!("cannot run git: {e}"))
    })
}

/// A bare repository: no work tree, no file to read.
fn bare(origin: &str) -> Diagnostic {
    Diagnostic::new(
        origin,
        "is in a bare repository (no work tree): history reads a checked-out file",
    )
    .help(
        "clone the repository and run history in the clone (or set GIT_WORK_TREE to a checkout of \
         it)",
    )
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
    if first.contains("must be run in a work tree") {
        return bare(origin);
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

/// What git said when it failed: its first line, shown safely.
fn first_line(stderr: &[u8]) -> String {
    let err = String::from_utf8_lossy(stderr);
    let first = err
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("warning: lazy fetching disabled"))
        .unwrap_or("");
    crate::escape::terminal(first).into_owned()
}

/// The first 7 characters of a hash.
pub fn short(hash: &str) -> &str {
    hash.get(..7).unwrap_or(hash)
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

    /// Run git at the root and return its standard output, or a diagnostic naming what failed.
    /// In a partial clone, a failure to read an object that is not there says so and how to
    /// fetch it, rather than git's "could not fetch … from promisor remote".
    fn run(&self, args: &[&str], origin: &str) -> Result<Vec<u8>, Error> {
        let out = git(&self.root)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| cannot_start(origin, &e))?;
        if !out.status.success() {
            return Err(Error::Git(self.failed(
                args.first().unwrap_or(&""),
                &out.stderr,
                origin,
            )));
        }
        Ok(out.stdout)
    }

    /// A git command that failed: in a partial clone, that something is not here (and how to
    /// fetch it); else git's first line.
    fn failed(&self, command: &str, stderr: &[u8], origin: &str) -> Diagnostic {
        let err = String::from_utf8_lossy(stderr);
        if err.contains("promisor remote") || err.contains("lazy fetching disabled") {
            return self.not_here(
                origin,
                "git needs versions of files that are not here to follow the file's renames",
            );
        }
        Diagnostic::new(
            origin,
            format!("git {command} failed: {}", first_line(stderr)),
        )
    }

    /// The repository `path` is in, or an error saying it is not in one (or in a bare one).
    pub fn find(path: &Path) -> Result<Repo, Error> {
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
        let bare_out = git(&dir)
            .args(["rev-parse", "--is-bare-repository"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| cannot_start(&origin, &e))?;
        if !bare_out.status.success() {
            return Err(Error::Git(git_refused(&origin, &bare_out.stderr)));
        }
        if String::from_utf8_lossy(&bare_out.stdout).trim() == "true" {
            return Err(Error::Git(bare(&origin)));
        }
        let top = git(&dir)
            .args(["rev-parse", "--show-toplevel"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| cannot_start(&origin, &e))?;
        if !top.status.success() {
            return Err(Error::Git(git_refused(&origin, &top.stderr)));
        }
        if top.stdout.is_empty() {
            return Err(Error::Git(bare(&origin)));
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
            )
            .into());
        }
        Ok(Repo { root, path: rel })
    }

    /// For a shallow clone (CI checkouts are, by default): the commits history cannot see past.
    pub fn shallow_boundary(&self, origin: &str) -> Result<Option<Vec<String>>, Error> {
        let out = self.run(&["rev-parse", "--is-shallow-repository"], origin)?;
        if String::from_utf8_lossy(&out).trim() != "true" {
            return Ok(None);
        }
        let dir = self.run(&["rev-parse", "--git-dir"], origin)?;
        let dir = PathBuf::from(String::from_utf8_lossy(&dir).trim());
        let dir = if dir.is_absolute() {
            dir
        } else {
            self.root.join(dir)
        };
        let text = std::fs::read_to_string(dir.join("shallow")).unwrap_or_default();
        Ok(Some(text.lines().map(|l| l.trim().to_string()).collect()))
    }

    /// The remotes a partial clone fetches missing objects from (`remote.NAME.promisor`): empty
    /// for a complete repository.
    pub fn promisor_remotes(&self) -> Vec<String> {
        let out = git(&self.root)
            .args(["config", "--get-regexp", r"^remote\..*\.promisor$"])
            .stdin(Stdio::null())
            .output();
        let Ok(out) = out else {
            return Vec::new();
        };
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let (key, value) = l.split_once(' ')?;
                let name = key.strip_prefix("remote.")?.strip_suffix(".promisor")?;
                (value.trim() == "true").then(|| name.to_string())
            })
            .collect()
    }

    /// Something history needs is not in the repository: in a partial clone, that it was never
    /// fetched and how to fetch it (history itself never fetches); else, that the repository is
    /// damaged.
    pub fn not_here(&self, origin: &str, what: &str) -> Diagnostic {
        let remotes = self.promisor_remotes();
        let Some(remote) = remotes.first() else {
            return Diagnostic::new(
                origin,
                format!("{what}, and the repository is missing it (damaged?)"),
            )
            .help("`git fsck` says what else is missing");
        };
        Diagnostic::new(origin, format!("this is a partial clone and {what}"))
            .help(
                "history never fetches: a fetch runs programs the repository's configuration \
                 names (core.sshCommand, the remote's upload-pack), which a clone of someone \
                 else's repository may have set",
            )
            .help(format!(
                "fetch every version yourself, then run history again: git config --unset \
                 remote.{remote}.partialclonefilter && git fetch --refetch {remote}"
            ))
    }

    /// The commits that changed something in the folder on the first-parent line (the branch's
    /// own history: a merged branch counts as its merge commit, never as its own commits),
    /// newest first, deletions included, each with what it changed. (A file's commits are read
    /// as git lists them: [`Repo::file_log`].)
    pub fn folder_commits(&self, origin: &str) -> Result<Vec<Commit>, Error> {
        let spec = self.pathspec();
        let out = self.run(&Self::log_args(&spec, None, true), origin)?;
        parse_log(&out, &spec, true, origin)
    }

    /// The answers files a commit deleted (against its first parent), by path: where it added the
    /// path, one of them may be the file's past under another name (a conversion from YAML to
    /// TOML, a move with a rewrite), which git does not see as a rename.
    pub fn deleted_in(&self, hash: &str, origin: &str) -> Result<Vec<String>, Error> {
        let out = self.run(
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
                    && !path.split('/').any(|c| c.starts_with('.'))
                {
                    deleted.push(path.to_string());
                }
            }
        }
        deleted.sort();
        Ok(deleted)
    }

    /// `git log` of the first-parent line with each commit's dates and changes (`--raw`): for a
    /// folder every change in it, for a file following renames and leaving out its deletions.
    fn log_args<'a>(spec: &'a str, rev: Option<&'a str>, folder: bool) -> Vec<&'a str> {
        let mut args = vec![
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-ext-diff",
            "--no-textconv",
            "--format=%x1e%H%x1f%at%x1f%ct",
            "--raw",
            "--no-abbrev",
            "-z",
        ];
        if folder {
            args.push("--no-renames");
        } else {
            args.push("--follow");
            args.push("--diff-filter=d");
        }
        if let Some(rev) = rev {
            args.push(rev);
        }
        args.push("--");
        args.push(spec);
        args
    }

    /// The commits of a file as `git log` lists them, newest first, read while git is still
    /// listing (nothing waits for the whole list, nor holds it): from HEAD, or from `rev` back for
    /// a file the one asked for replaced.
    pub fn file_log(&self, path: &str, rev: Option<&str>, origin: &str) -> Result<Log, Error> {
        let mut child = git(&self.root)
            .args(Self::log_args(path, rev, false))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| cannot_start(origin, &e))?;
        let out = BufReader::with_capacity(1 << 16, child.stdout.take().expect("piped"));
        let mut err = child.stderr.take().expect("piped");
        // Read apart, so that much said on standard error never stops git.
        let errors = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = err.read_to_end(&mut text);
            text
        });
        Ok(Log {
            repo: self.clone(),
            child,
            out,
            errors: Some(errors),
            spec: path.to_string(),
            origin: origin.to_string(),
            done: false,
        })
    }

    /// The answers files in the folder at HEAD: (path relative to the root, blob id), by path;
    /// empty before the first commit.
    pub fn head_files(&self, origin: &str) -> Result<Vec<(String, String)>, Error> {
        let has_head = git(&self.root)
            .args(["rev-parse", "-q", "--verify", "HEAD^{commit}"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| cannot_start(origin, &e))?;
        if !has_head.status.success() {
            return Ok(Vec::new());
        }
        let spec = self.pathspec();
        let out = self.run(&["ls-tree", "-r", "-z", "HEAD", "--", &spec], origin)?;
        let mut files = Vec::new();
        for entry in String::from_utf8_lossy(&out).split('\0') {
            // `<mode> SP <type> SP <object> TAB <path>`
            let Some((meta, p)) = entry.split_once('\t') else {
                continue;
            };
            let mut m = meta.split(' ');
            let (Some(mode), Some("blob"), Some(oid)) = (m.next(), m.next(), m.next()) else {
                continue;
            };
            if mode.starts_with("100") {
                files.push((p.to_string(), oid.to_string()));
            }
        }
        files.sort();
        Ok(files)
    }

    /// A `git cat-file --batch` to read blobs from (by id, or `REV:PATH`), batch after batch.
    pub fn cat_file(&self, max: usize, origin: &str) -> Result<Blobs, Error> {
        let mut child = git(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| cannot_start(origin, &e))?;
        let stdin = child.stdin.take().expect("piped");
        let out = BufReader::with_capacity(1 << 16, child.stdout.take().expect("piped"));
        Ok(Blobs {
            child,
            stdin: Some(stdin),
            out,
            max,
            origin: origin.to_string(),
        })
    }
}

/// Parse `git log --format=%x1e%H%x1f%at%x1f%ct --raw --no-abbrev -z`: a record per commit, its
/// hash and dates, then `:MODES IDS STATUS\0PATH\0` (a rename or copy: two paths) per file.
fn parse_log(out: &[u8], spec: &str, folder: bool, origin: &str) -> Result<Vec<Commit>, Error> {
    let text = String::from_utf8_lossy(out);
    let mut commits = Vec::new();
    for record in text.split('\u{1e}') {
        if let Some(c) = parse_record(record, spec, folder, origin)? {
            commits.push(c);
        }
    }
    Ok(commits)
}

/// One commit's record of the log (without its leading `\x1e`).
fn parse_record(
    record: &str,
    spec: &str,
    folder: bool,
    origin: &str,
) -> Result<Option<Commit>, Error> {
    let mut fields = record.split('\0').map(|f| f.trim_start_matches('\n'));
    let Some(head) = fields.next() else {
        return Ok(None);
    };
    let mut parts = head.split('\u{1f}');
    let (Some(hash), Some(author), committer) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(None);
    };
    let time = author
        .trim()
        .parse::<i64>()
        .ok()
        .or_else(|| committer.and_then(|c| c.trim().parse::<i64>().ok()));
    let mut commit = Commit {
        hash: hash.trim().to_string(),
        time,
        path: spec.to_string(),
        blob: String::new(),
        changes: Vec::new(),
        copied: false,
    };
    while let Some(meta) = fields.next() {
        let Some(meta) = meta.strip_prefix(':') else {
            continue;
        };
        let m: Vec<&str> = meta.split(' ').collect();
        let [_, mode, _, blob, status] = m[..] else {
            continue;
        };
        let mut path = fields.next().unwrap_or("");
        if status.starts_with(['R', 'C']) {
            path = fields.next().unwrap_or("");
        }
        // A line break in a path could be taken for the end of a request, or of a line shown.
        if path.contains(['\n', '\r']) && !folder {
            return Err(Diagnostic::new(
                origin,
                format!(
                    "at {}, the file was named {}: a path with a line break is not read",
                    short(&commit.hash),
                    crate::import::quoted(path)
                ),
            )
            .into());
        }
        let kept = status != "D" && mode.starts_with("100");
        if folder {
            commit.changes.push(Change {
                path: path.to_string(),
                blob: kept.then(|| blob.to_string()),
            });
        } else if kept {
            commit.path = path.to_string();
            commit.blob = blob.to_string();
            commit.copied = status.starts_with('C');
        }
    }
    Ok((folder || !commit.blob.is_empty()).then_some(commit))
}

/// A file's commits, newest first, read from `git log` as it lists them.
pub struct Log {
    repo: Repo,
    child: Child,
    out: BufReader<ChildStdout>,
    errors: Option<std::thread::JoinHandle<Vec<u8>>>,
    spec: String,
    origin: String,
    done: bool,
}

impl Iterator for Log {
    type Item = Result<Commit, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut record = Vec::new();
            match self.out.read_until(0x1e, &mut record) {
                Ok(0) | Err(_) => {
                    self.done = true;
                    let status = self.child.wait();
                    let errors = self
                        .errors
                        .take()
                        .and_then(|e| e.join().ok())
                        .unwrap_or_default();
                    if !status.is_ok_and(|s| s.success()) {
                        return Some(Err(Error::Git(self.repo.failed(
                            "log",
                            &errors,
                            &self.origin,
                        ))));
                    }
                    return None;
                }
                Ok(_) => {
                    if record.last() == Some(&0x1e) {
                        record.pop();
                    }
                    let text = String::from_utf8_lossy(&record);
                    match parse_record(&text, &self.spec, false, &self.origin) {
                        Ok(Some(c)) if c.copied => {
                            // git goes on with the copy's source, another file: not read.
                            self.stop();
                            return Some(Ok(c));
                        }
                        Ok(Some(c)) => return Some(Ok(c)),
                        Ok(None) => continue,
                        Err(e) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                    }
                }
            }
        }
        None
    }
}

impl Log {
    /// Stop reading: git is stopped, whatever it has still to list (a git already waited for is
    /// not signalled again).
    fn stop(&mut self) {
        self.done = true;
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(e) = self.errors.take() {
            let _ = e.join();
        }
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A blob as `cat-file` gave it.
#[derive(Debug)]
pub enum Blob {
    Text(Vec<u8>),
    /// Larger than the limit (its bytes were skipped).
    TooLarge,
    /// Not in the repository (a partial clone's, not fetched).
    Missing,
}

/// Blobs read from one `git cat-file --batch`, a batch at a time.
pub struct Blobs {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    out: BufReader<ChildStdout>,
    max: usize,
    origin: String,
}

/// Requests written before their answers are read: few enough that they fit in the pipe
/// (64 KiB) whatever git does, so neither side waits for the other.
const BATCH: usize = 256;

impl Blobs {
    /// The blobs of these requests, in order.
    pub fn read(&mut self, requests: &[String]) -> Result<Vec<Blob>, Error> {
        let mut out = Vec::with_capacity(requests.len());
        for chunk in requests.chunks(BATCH) {
            let mut lines = String::new();
            for r in chunk {
                lines.push_str(r);
                lines.push('\n');
            }
            let broken = || {
                Error::Git(Diagnostic::new(
                    &self.origin,
                    "git cat-file stopped answering",
                ))
            };
            let stdin = self.stdin.as_mut().ok_or_else(broken)?;
            stdin
                .write_all(lines.as_bytes())
                .and_then(|_| stdin.flush())
                .map_err(|_| broken())?;
            for _ in chunk {
                out.push(self.next_blob()?);
            }
        }
        Ok(out)
    }

    /// The next blob asked for.
    fn next_blob(&mut self) -> Result<Blob, Error> {
        let broken = || {
            Error::Git(Diagnostic::new(
                &self.origin,
                "git cat-file stopped answering",
            ))
        };
        let mut header = String::new();
        if self.out.read_line(&mut header).map_err(|_| broken())? == 0 {
            return Err(broken());
        }
        let header = header.trim_end();
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            return Ok(Blob::Missing);
        }
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(broken)?;
        if size > self.max {
            std::io::copy(
                &mut (&mut self.out).take(size as u64 + 1),
                &mut std::io::sink(),
            )
            .map_err(|_| broken())?;
            return Ok(Blob::TooLarge);
        }
        let mut buf = vec![0u8; size + 1];
        self.out.read_exact(&mut buf).map_err(|_| broken())?;
        buf.pop();
        Ok(Blob::Text(buf))
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Every answer asked for was read (or reading failed): git is stopped either way.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raw_log_gives_each_commit_its_blob_author_date_and_path_after_a_rename() {
        let z = "0".repeat(40);
        let (a, b) = ("a".repeat(40), "b".repeat(40));
        let log = format!(
            "\u{1e}{h1}\u{1f}1700000000\u{1f}1700000500\0\n:100644 100644 {a} {b} R087\0old.yaml\0new.yaml\0\
             \u{1e}{h2}\u{1f}\u{1f}1600000000\0\n:000000 100644 {z} {a} A\0old.yaml\0",
            h1 = "1".repeat(40),
            h2 = "2".repeat(40),
        );
        let c = parse_log(log.as_bytes(), "new.yaml", false, "x").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].path.as_str(), c[0].blob.as_str()),
            ("new.yaml", b.as_str())
        );
        assert_eq!(c[0].time, Some(1_700_000_000), "the author date");
        assert_eq!(
            (c[1].path.as_str(), c[1].time),
            ("old.yaml", Some(1_600_000_000))
        );
        // A folder: every change, a deletion as no blob.
        let log = format!(
            "\u{1e}{h}\u{1f}1\u{1f}1\0\n:100644 000000 {a} {z} D\0r/a.yaml\0:000000 100644 {z} {b} A\0r/b.yaml\0",
            h = "3".repeat(40)
        );
        let c = parse_log(log.as_bytes(), "r", true, "x").unwrap();
        assert_eq!(
            c[0].changes,
            [
                Change {
                    path: "r/a.yaml".into(),
                    blob: None
                },
                Change {
                    path: "r/b.yaml".into(),
                    blob: Some(b.clone())
                }
            ]
        );
    }
}
