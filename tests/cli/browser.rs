//! The offline questionnaire page in a real browser: headless Chromium driven through
//! chromedriver (WebDriver, spoken here over plain HTTP: a few JSON requests need no client
//! library). Filled in with the mouse and with the keyboard only, its answers file is scored and
//! compared, a reload keeps everything, the download is the same file, and Clear asks first.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver; .ci/run installs them).
//! The respondent's remaining step (an out-of-date download, leaving with answers not downloaded,
//! the note limit, clearing across tabs, a corrected page) is tested in Firefox too, through
//! geckodriver (`firefox-esr` from Debian, geckodriver from crates.io, at `GECKODRIVER` or on
//! PATH; .ci/run installs both). Where a browser is missing its tests say so and pass, except under
//! CI (`CI` set), where a missing browser is a failure.

use crate::common::Pm;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Read some bytes, again when a signal interrupts the read (other tests signal their children).
fn read_some(s: &mut TcpStream, buf: &mut [u8]) -> Result<usize, String> {
    loop {
        match s.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            r => return r.map_err(|e| e.to_string()),
        }
    }
}

/// One HTTP request to chromedriver; the JSON it answers, or why not.
fn try_http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(180)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    // Read the head, then exactly Content-Length bytes (the server may keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = read_some(&mut s, &mut buf)?;
        if n == 0 {
            return Err("chromedriver closed the connection".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or("no Content-Length")?;
    while raw.len() < head_end + length {
        let n = read_some(&mut s, &mut buf)?;
        if n == 0 {
            return Err("chromedriver closed the connection early".into());
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&raw[head_end..head_end + length]).into_owned();
    serde_json::from_str(&body).map_err(|_| format!("JSON from {method} {path}: {body}"))
}

/// The same; a failure fails the test.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    try_http(port, method, path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Which browser, and its WebDriver server.
enum Engine {
    Chromium { browser: PathBuf, driver: PathBuf },
    Firefox { browser: PathBuf, driver: PathBuf },
}

impl Engine {
    fn driver(&self) -> &Path {
        match self {
            Engine::Chromium { driver, .. } | Engine::Firefox { driver, .. } => driver,
        }
    }

    /// The new-session request: headless, 1280 × 1000, downloads into `downloads` unasked.
    fn capabilities(&self, downloads: &Path, profile: &Path) -> Value {
        match self {
            Engine::Chromium { browser, .. } => json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": browser.to_str().unwrap(),
                    // One renderer process for every page: a reload or a new page may
                    // otherwise start in a fresh process, which reads localStorage from the
                    // browser process while the old document's last write (made a moment
                    // before by a WebDriver click, not seconds before as a person would) is
                    // still on its way there. Under load that read the page without it.
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--renderer-process-limit=1",
                             "--window-size=1280,1000",
                             format!("--user-data-dir={}", profile.display())],
                    "prefs": {
                        "download.default_directory": downloads.to_str().unwrap(),
                        "download.prompt_for_download": false
                    }
                }
            }}}),
            Engine::Firefox { browser, .. } => json!({"capabilities": {"alwaysMatch": {
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": browser.to_str().unwrap(),
                    "args": ["-headless", "-width=1280", "-height=1000"],
                    "prefs": {
                        "browser.download.folderList": 2,
                        "browser.download.dir": downloads.to_str().unwrap(),
                        "browser.download.useDownloadDir": true,
                        "browser.download.always_ask_before_handling_new_types": false,
                        "browser.download.start_downloads_in_tmp_dir": false,
                        "browser.helperApps.neverAsk.saveToDisk": "application/x-yaml",
                        "browser.download.manager.showWhenStarting": false
                    }
                }
            }}}),
        }
    }
}

impl Browser {
    fn start(engine: &Engine, downloads: &Path, profile: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(engine.driver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = engine.capabilities(downloads, profile);
        let r = http(port, "POST", "/session", Some(&caps));
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a session: {r}"))
            .to_string();
        Browser {
            driver,
            port,
            session,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let r = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        if let Some(e) = r["value"].get("error") {
            panic!("{method} {path}: {e}: {}", r["value"]["message"]);
        }
        r["value"].clone()
    }

    /// Open `url`; back once its page has loaded (see `navigate`).
    fn go(&self, url: &str) {
        self.navigate("/url", json!({ "url": url }));
    }

    /// Reload the page; back once it has loaded again (see `navigate`).
    fn reload(&self) {
        self.navigate("/refresh", json!({}));
    }

    /// A navigation, then a wait until the new document has loaded, its script included.
    /// chromedriver answers a reload, or an open of the URL already shown, once the old document
    /// is gone, often while the new one is still being parsed: the page's script has not run
    /// yet, so nothing kept is shown and the fields are still disabled (seen under load as
    /// "empty after a reload" and as keys pressed into a page not yet ready). So the document
    /// left is marked, and the wait is for one without the mark whose `readyState` is
    /// `complete`; an answer given while the old document goes away is asked again.
    fn navigate(&self, path: &str, body: Value) {
        self.js("window.__leftByTheTest = true;");
        self.call("POST", path, Some(body));
        let ready = json!({"script": "return !window.__leftByTheTest && document.readyState === 'complete';",
                           "args": []});
        let at = format!("/session/{}/execute/sync", self.session);
        // Generous: a loaded machine (tests run in parallel) is slow, not wrong.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let r = try_http(self.port, "POST", &at, Some(&ready));
            if matches!(&r, Ok(v) if v["value"] == true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "POST {path}: the page did not finish loading: {r:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    /// Click as a person does: the element scrolled to the middle of the window first (the
    /// page's progress bar is fixed at the bottom).
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            "/execute/sync",
            Some(
                json!({"script": "arguments[0].scrollIntoView({block: 'center'});",
                        "args": [{ ELEMENT: e }]}),
            ),
        );
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Keys pressed one after another (WebDriver key codes for Tab, Space, arrows).
    fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            for c in k.chars() {
                actions.push(json!({"type": "keyDown", "value": c.to_string()}));
                actions.push(json!({"type": "keyUp", "value": c.to_string()}));
            }
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    fn answers_file(&self) -> String {
        self.js("return document.getElementById('answers-file').value;")
            .as_str()
            .unwrap()
            .to_string()
    }

    fn checked(&self, attribute: &str) -> Value {
        self.js(&format!(
            "var r = document.querySelector('input[type=radio][name=\"{attribute}\"]:checked'); \
             return r ? r.value : null;"
        ))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Never a panic here: this may run while a failed test unwinds.
        // Other tabs first: geckodriver takes a minute to end a session with several open.
        let s = format!("/session/{}", self.session);
        if let Ok(h) = try_http(self.port, "GET", &format!("{s}/window/handles"), None) {
            for w in h["value"].as_array().into_iter().flatten().skip(1) {
                let _ = try_http(
                    self.port,
                    "POST",
                    &format!("{s}/window"),
                    Some(&json!({"handle": w})),
                );
                let _ = try_http(self.port, "DELETE", &format!("{s}/window"), None);
            }
        }
        let _ = try_http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A browser for one test, or `None` (with a note) where none is installed outside CI.
struct Session {
    b: Browser,
    dir: tempfile::TempDir,
    downloads: PathBuf,
}

fn session() -> Option<Session> {
    let (Some(browser), Some(driver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium and chromedriver are needed under CI (.ci/run installs them)"
        );
        eprintln!("SKIPPED: no chromium/chromedriver on this machine (apt-get install chromium chromium-driver)");
        return None;
    };
    Some(Session::start(Engine::Chromium { browser, driver }))
}

/// The same in Firefox: `firefox-esr` (or `firefox`) and geckodriver, found on PATH or at
/// `GECKODRIVER` (.ci/run installs both; elsewhere a missing one skips with a note).
fn firefox_session() -> Option<Session> {
    let driver = std::env::var_os("GECKODRIVER")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| find(&["geckodriver"]));
    let (Some(browser), Some(driver)) = (find(&["firefox-esr", "firefox"]), driver) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "firefox and geckodriver are needed under CI (.ci/run installs them)"
        );
        eprintln!("SKIPPED: no firefox/geckodriver on this machine (apt-get install firefox-esr; cargo install geckodriver)");
        return None;
    };
    Some(Session::start(Engine::Firefox { browser, driver }))
}

impl Session {
    fn start(engine: Engine) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let downloads = dir.path().join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let b = Browser::start(&engine, &downloads, &dir.path().join("profile"));
        Session { b, dir, downloads }
    }

    /// Generate a page with `form --format html ARGS` at `rel` (folders created); its URL.
    fn page(&self, rel: &str, args: &[&str]) -> String {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let r = Pm::new([&["form", "--format", "html"][..], args].concat())
            .run()
            .exits(0);
        std::fs::write(&path, r.out).unwrap();
        format!("file://{}", path.display())
    }

    /// The same page file, copied to `rel` (a moved or re-saved attachment).
    fn copy(&self, from: &str, rel: &str) -> String {
        let to = self.dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(self.dir.path().join(from), &to).unwrap();
        format!("file://{}", to.display())
    }
}

impl Browser {
    fn value(&self, css: &str) -> Value {
        self.js(&format!(
            "var e = document.querySelector('{css}'); return e ? e.value : null;"
        ))
    }

    fn text(&self, css: &str) -> String {
        self.js(&format!(
            "var e = document.querySelector('{css}'); return e ? e.textContent : '';"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn visible(&self, css: &str) -> bool {
        self.js(&format!(
            "var e = document.querySelector('{css}'); \
             return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';"
        )) == true
    }

    /// A Chrome DevTools command (chromedriver passes it on).
    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Wait until `script` returns true (a page that updates after an event in another tab).
    fn until(&self, script: &str, what: &str) {
        // Generous: a loaded machine (tests run in parallel) is slow, not wrong.
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.js(script) != true {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const TAB: &str = "\u{E004}";
const SPACE: &str = "\u{E00D}";
const DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

/// Score an answers file the page wrote; the JSON report.
fn score(dir: &Path, name: &str, text: &str) -> Value {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let r = Pm::new(["score", path.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    serde_json::from_str(&r.out).unwrap()
}

fn attribute<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[test]
fn the_offline_page_is_filled_in_with_mouse_and_keyboard_scored_and_kept_across_a_reload() {
    let Some(s) = session() else { return };
    let (b, dir, downloads) = (&s.b, &s.dir, &s.downloads);
    let url = s.page(
        "persona-questionnaire.html",
        &["--organization", "Acme Corp"],
    );
    b.go(&url);

    // With the mouse: the respondent fields (a name with quotes, a colon, `#` and unicode) and
    // three answers, one with a note over two lines.
    let name = "Zoë \"Z\" O'Brien: #1";
    let note = "ask finance: 'budget' #2\nsecond line ☃";
    b.type_into("input[name=respondent]", name);
    b.type_into("input[name=role]", "Sales");
    assert_eq!(
        b.js("return document.querySelector('input[name=organization]').value;"),
        "Acme Corp",
        "pre-filled"
    );
    b.click("input[name=budget-allocation][value=advancing]");
    b.click("input[name=training][value=unsure]");
    // A click on the option's text chooses it too (the whole box is the label).
    b.click("#q-executive-sponsorship label.option:nth-of-type(4) .desc");
    b.type_into("textarea[name=note-budget-allocation]", note);
    let progress = b.js("return document.getElementById('progress').textContent;");
    assert_eq!(progress, "2 of 17 answered · 1 not sure");

    let report = score(dir.path(), "mouse.yaml", &b.answers_file());
    assert_eq!(report["respondent"]["name"], name);
    assert_eq!(report["respondent"]["role"], "Sales");
    assert_eq!(report["organization"], "Acme Corp");
    assert_eq!(
        attribute(&report, "budget-allocation")["level"],
        "advancing"
    );
    assert_eq!(attribute(&report, "training")["level"], Value::Null);
    assert_eq!(
        attribute(&report, "executive-sponsorship")["level"],
        "fully-optimized"
    );
    let notes = report["sections"][0]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "budget-allocation")
        .map(|a| a["note"].clone());
    assert_eq!(
        notes,
        Some(Value::from(note)),
        "the note, line break and all"
    );
    assert_eq!(report["coverage"]["answered"], 2);

    // Characters YAML reads as line breaks or does not allow, pasted into a note, come back as
    // they were.
    let odd = "tab\there · NEL\u{85} · LS\u{2028} · DEL\u{7f} · 😀";
    b.call(
        "POST",
        "/execute/sync",
        Some(
            json!({"script": "var t = document.querySelector('textarea[name=note-training]'); \
                               t.value = arguments[0]; \
                               t.dispatchEvent(new Event('input', {bubbles: true}));",
                    "args": [odd]}),
        ),
    );
    let report = score(dir.path(), "odd.yaml", &b.answers_file());
    let training = report["sections"][0]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "training")
        .unwrap()
        .clone();
    assert_eq!(training["note"], odd);
    assert_eq!(training["level"], Value::Null, "still not sure");

    // Each change is kept the moment it is made, not on a timer or when the page closes: the
    // note just pasted is already in the browser's storage, so nothing is lost to a crash or a
    // closed window right after it.
    assert_eq!(
        b.js("var k = Object.keys(localStorage).filter(function (k) { return k.indexOf('persona-maturity:form:') === 0; }); \
              return k.length === 1 ? JSON.parse(localStorage.getItem(k[0])).notes.training : k;"),
        odd
    );

    // Reload: everything is still there.
    let text = b.answers_file();
    b.reload();
    assert_eq!(b.checked("budget-allocation"), "advancing");
    assert_eq!(b.checked("training"), "unsure");
    assert_eq!(b.checked("executive-sponsorship"), "fully-optimized");
    assert_eq!(
        b.js("return document.querySelector('input[name=respondent]').value;"),
        name
    );
    assert_eq!(
        b.answers_file(),
        text,
        "the same answers file after a reload"
    );
    assert!(b
        .js("return document.getElementById('saved').textContent;")
        .as_str()
        .unwrap()
        .contains("in this browser"));

    // With the keyboard only: from the top of the page, the skip link to the questions, then the
    // first question's levels with the arrow keys, its note, the next question with Space.
    b.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
    b.go(&url);
    b.keys(&[TAB, ENTER, TAB, DOWN]);
    assert_eq!(
        b.checked("internal-persona-ownership"),
        "emerging",
        "↓ chose level 2"
    );
    b.keys(&[TAB, TAB]);
    b.keys(&["typed with the keyboard"]);
    b.keys(&[TAB, SPACE]);
    assert_eq!(
        b.checked("sharing-personas"),
        "experimenting",
        "Space chose level 1"
    );
    let report = score(dir.path(), "keyboard.yaml", &b.answers_file());
    assert_eq!(
        attribute(&report, "internal-persona-ownership")["level"],
        "emerging"
    );
    assert_eq!(
        attribute(&report, "sharing-personas")["level"],
        "experimenting"
    );
    assert!(b
        .answers_file()
        .contains("note: \"typed with the keyboard\""));

    // Download: the file the page names, with the same text.
    b.click("#download");
    // Named after the person and the day: two people's files, or one person's of two days,
    // never share a name.
    let file = downloads.join(format!(
        "persona-answers-zoe-z-o-brien-1-{}.yaml",
        chrono::Local::now().format("%Y-%m-%d")
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    while !file.exists() {
        assert!(
            Instant::now() < deadline,
            "no download; the folder has {:?}",
            std::fs::read_dir(downloads).unwrap().collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Written in pieces: the same text once it is all there.
    let expected = b.answers_file();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&file).unwrap_or_default() != expected {
        assert!(
            Instant::now() < deadline,
            "the downloaded file differs: {:?}",
            std::fs::read_to_string(&file)
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // Clear asks first: dismissed, nothing changes; accepted, everything goes, reload included.
    b.click("#clear");
    assert!(b
        .call("GET", "/alert/text", None)
        .as_str()
        .unwrap()
        .contains("Clear every answer"));
    b.call("POST", "/alert/dismiss", Some(json!({})));
    assert_eq!(b.checked("budget-allocation"), "advancing");
    b.click("#clear");
    b.call("POST", "/alert/accept", Some(json!({})));
    assert_eq!(b.checked("budget-allocation"), Value::Null);
    b.reload();
    assert_eq!(b.checked("budget-allocation"), Value::Null);
    assert_eq!(
        b.js("return document.querySelector('input[name=organization]').value;"),
        "Acme Corp",
        "the pre-filled organization comes back"
    );
}

#[test]
fn answers_follow_the_form_not_the_path() {
    let Some(s) = session() else { return };
    let b = &s.b;
    let url = s.page(
        "mail/persona-questionnaire.html",
        &["--organization", "Acme Corp"],
    );
    b.go(&url);
    b.type_into("input[name=respondent]", "Dana");
    b.click("input[name=budget-allocation][value=advancing]");
    b.type_into("textarea[name=note-training]", "only sales had it");
    let file = b.answers_file();

    // The same page opened from another folder under another name (a re-saved attachment).
    let moved = s.copy("mail/persona-questionnaire.html", "Downloads/q (1).html");
    b.go(&moved);
    assert_eq!(b.checked("budget-allocation"), "advancing");
    assert_eq!(b.value("input[name=respondent]"), "Dana");
    assert_eq!(
        b.answers_file(),
        file,
        "the moved page has the same answers"
    );
    let promise = b.text("#promise");
    assert!(
        promise.contains("this browser keeps your answers"),
        "{promise}"
    );
    // It promises nothing a private window breaks.
    assert!(
        promise.contains("a private (incognito) window forgets them"),
        "{promise}"
    );

    // Next quarter's page saved over the same path: another form. It does not take the answers
    // on, its own organization and role stand, and the earlier answers are offered, not applied.
    let again = s.page(
        "mail/persona-questionnaire.html",
        &["--organization", "Acme Corp", "--role", "sales"],
    );
    assert_eq!(again, url);
    b.go(&again);
    assert_eq!(
        b.checked("budget-allocation"),
        Value::Null,
        "nothing applied"
    );
    assert_eq!(b.value("input[name=respondent]"), "");
    assert_eq!(b.value("input[name=organization]"), "Acme Corp");
    assert_eq!(b.value("input[name=role]"), "sales");
    assert!(b.visible("#earlier"), "the earlier answers are offered");
    // Counted as the page counts.
    let earlier = b.text("#earlier-text");
    assert!(
        earlier.contains("(1 of 17 answered · 1 not sure, last changed "),
        "{earlier}"
    );
    let offer = b.text("#earlier-use");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert_eq!(offer, format!("Start from your answers of {today}"));
    b.click("#earlier-use");
    assert_eq!(b.checked("budget-allocation"), "advancing");
    assert_eq!(b.value("textarea[name=note-training]"), "only sales had it");
    assert_eq!(b.value("input[name=role]"), "sales", "the page's role wins");
    assert!(!b.visible("#earlier"));
    // Now kept under the new form: a reload keeps them, the old form still has its own.
    b.click("input[name=training][value=emerging]");
    b.reload();
    assert_eq!(b.checked("training"), "emerging");
    b.go(&moved);
    assert_eq!(
        b.checked("training"),
        Value::Null,
        "the old form is unchanged"
    );

    // Another organization's page offers nothing.
    let other = s.page("other.html", &["--organization", "Globex"]);
    b.go(&other);
    assert!(!b.visible("#earlier"));
    assert_eq!(b.checked("budget-allocation"), Value::Null);

    // Answers a page of the previous version kept under its path are offered the same way.
    b.js("localStorage.setItem('persona-maturity:persona-optimization-framework@1.0.0:/old/page.html', \
          JSON.stringify({fields: {respondent: 'Old', role: '', organization: 'Initech'}, answers: {training: 'advancing'}, notes: {}}));");
    let initech = s.page("initech.html", &["--organization", "Initech"]);
    b.go(&initech);
    assert!(b.visible("#earlier"));
    assert_eq!(
        b.text("#earlier-use"),
        "Start from your answers on an earlier page"
    );
    assert_eq!(b.checked("training"), Value::Null, "offered, not applied");
    b.click("#earlier-use");
    assert_eq!(b.checked("training"), "advancing");

    // --form-id: a corrected page with the same id keeps the answers of the first.
    let first = s.page("v1.html", &["--form-id", "acme-2027-q1"]);
    b.go(&first);
    b.click("input[name=sharing-personas][value=emerging]");
    let second = s.page("v2.html", &["--form-id", "acme-2027-q1"]);
    b.go(&second);
    assert_eq!(b.checked("sharing-personas"), "emerging");
}

#[test]
fn two_tabs_of_one_form_stay_in_step() {
    let Some(s) = session() else { return };
    let b = &s.b;
    let url = s.page("q.html", &[]);
    b.go(&url);
    let first = b.call("GET", "/window", None).as_str().unwrap().to_string();
    let second = b.call("POST", "/window/new", Some(json!({"type": "tab"})))["handle"]
        .as_str()
        .unwrap()
        .to_string();
    b.call("POST", "/window", Some(json!({ "handle": second })));
    b.go(&url);
    b.click("input[name=training][value=advancing]");
    // The first tab takes the change without a reload...
    b.call("POST", "/window", Some(json!({ "handle": first })));
    b.until(
        "var r = document.querySelector('input[name=training]:checked'); return !!r && r.value === 'advancing';",
        "the first tab to see the second tab's answer",
    );
    // ...so an answer given there keeps the other tab's.
    b.click("input[name=budget-allocation][value=emerging]");
    b.call("POST", "/window", Some(json!({ "handle": second })));
    b.until(
        "var r = document.querySelector('input[name=budget-allocation]:checked'); return !!r && r.value === 'emerging';",
        "the second tab to see the first tab's answer",
    );
    b.reload();
    assert_eq!(b.checked("training"), "advancing");
    assert_eq!(b.checked("budget-allocation"), "emerging");
    assert!(
        b.answers_file()
            .contains("  training: advancing\n  budget-allocation: emerging\n")
            || b.answers_file()
                .contains("  budget-allocation: emerging\n  training: advancing\n")
    );
}

#[test]
fn without_javascript_the_page_is_paper_and_without_storage_it_says_so_at_the_top() {
    let Some(s) = session() else { return };
    let b = &s.b;
    let url = s.page("q.html", &["--return-to", "ana@acme.example"]);
    // JavaScript off.
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    b.go(&url);
    assert!(b.visible("#paper"), "the paper instructions show");
    assert!(!b.visible("#promise"), "no promise to keep answers");
    assert!(!b.visible("#finish"), "no buttons that cannot work");
    assert!(!b.visible("#download"));
    // No progress bar with a count that never moves and a Finish link to nothing.
    assert!(!b.visible("nav.bar"));
    // The fields do not look as if they took typing: shaded and dashed, not white.
    assert_eq!(
        b.js("var s = getComputedStyle(document.querySelector('input[name=respondent]')); return [s.backgroundColor, s.borderTopStyle];"),
        json!(["rgb(244, 244, 244)", "dashed"])
    );
    // On paper the tick circles are black, not a disabled radio's faint grey.
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert_eq!(
        b.js("var s = getComputedStyle(document.querySelector('input[name=training]')); return [s.borderTopColor, s.appearance, s.opacity];"),
        json!(["rgb(0, 0, 0)", "none", "1"])
    );
    b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}));
    // The radios cannot be ticked: a click records nothing.
    b.click("#q-training label.option:nth-of-type(2)");
    assert_eq!(b.checked("training"), Value::Null);
    assert!(b.text("#paper").contains("Print it"));
    // The Qualitative Interviews note speaks to the person answering, not about the tool.
    let note = b.text("#q-qualitative-interviews .level-note");
    assert!(
        note.contains("choose between them by the two tests above"),
        "{note}"
    );
    assert!(!note.contains("this tool"), "{note}");
    // The paper instructions come before the first question.
    let order = b.js(
        "return document.getElementById('paper').compareDocumentPosition(document.getElementById('q-internal-persona-ownership')) & Node.DOCUMENT_POSITION_FOLLOWING;",
    );
    assert_ne!(order, 0);
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    );

    // Storage blocked (private mode, a policy): the warning replaces the promise, at the top.
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "Object.defineProperty(window, 'localStorage', { get: function () { throw new DOMException('blocked', 'SecurityError'); } });"}),
    );
    b.go(&url);
    assert!(b.visible("#promise"));
    let promise = b.text("#promise");
    assert!(
        promise.contains("does not keep your answers here"),
        "{promise}"
    );
    // Said in plain sentences, not brackets in brackets.
    assert_eq!(
        promise,
        "This browser does not keep your answers here: storage is blocked here, by a setting or \
         because this is a private window. Fill in everything in one go and download your answers \
         before you close the page."
    );
    assert!(b.js("return document.getElementById('promise').classList.contains('warn');") == true);
    // The page still works: answers make an answers file.
    b.click("input[name=training][value=emerging]");
    assert!(b.answers_file().contains("  training: emerging\n"));

    // Storage full is said as full, not blamed on private browsing.
    let full = s.page("full.html", &[]);
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "Object.defineProperty(window, 'localStorage', { get: function () { return { setItem: function () { throw new DOMException('full', 'QuotaExceededError'); }, getItem: function () { return null; }, removeItem: function () {}, key: function () { return null; }, length: 0 }; } });"}),
    );
    b.go(&full);
    let promise = b.text("#promise");
    assert!(
        promise.contains("its storage for pages is full"),
        "{promise}"
    );
    assert!(!promise.contains("private"), "{promise}");
}

#[test]
fn the_page_says_who_asked_by_when_and_where_to_send_and_emails_the_answers() {
    let Some(s) = session() else { return };
    let b = &s.b;
    let (due, due_long) = due_in_six_weeks();
    let url = s.page(
        "q.html",
        &[
            "--return-to",
            "ana@acme.example",
            "--due",
            &due,
            "--from",
            "Ana, Marketing Ops",
        ],
    );
    b.go(&url);
    assert_eq!(
        b.text("#request"),
        format!("Ana, Marketing Ops asks you to fill this in by {due_long} and send your answers to ana@acme.example.")
    );
    // Download with nothing answered asks first; dismissed, nothing is downloaded.
    b.click("#download");
    assert!(b
        .call("GET", "/alert/text", None)
        .as_str()
        .unwrap()
        .contains("not answered any question"));
    b.call("POST", "/alert/dismiss", Some(json!({})));

    // No name: the file is named with a random word and the date, the same on every download.
    b.click("input[name=training][value=emerging]");
    b.type_into("textarea[name=note-training]", "a & b = c?");
    let href = b.js("return document.getElementById('email').href;");
    let href = href.as_str().unwrap();
    assert!(
        href.starts_with("mailto:ana@acme.example?subject="),
        "{href}"
    );
    let body = href.split("&body=").nth(1).unwrap();
    // Line breaks as RFC 6068 asks: CRLF, never a bare LF.
    assert!(body.contains("%0D%0A"), "{body}");
    assert!(!body.replace("%0D%0A", "").contains("%0A"), "{body}");
    let decoded = b.js(&format!("return decodeURIComponent('{body}');"));
    assert_eq!(
        decoded,
        b.answers_file().replace('\n', "\r\n").as_str(),
        "the whole answers file, intact"
    );
    assert!(!b.visible("#email-too-long"));
    b.click("#download");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let names = finished_downloads(&s.downloads, 1);
    // Only this one: the download dismissed above never happened.
    assert_eq!(names.len(), 1, "{names:?}");
    let name = names[0].clone();
    let word = name
        .strip_prefix("persona-answers-")
        .and_then(|n| n.strip_suffix(&format!("-{today}.yaml")))
        .unwrap_or_else(|| panic!("{name}"));
    // A word, as the README says: four syllables of a consonant and a vowel, easy to read out.
    let syllables: Vec<char> = word.chars().collect();
    assert!(
        syllables.len() == 8
            && syllables
                .chunks(2)
                .all(|p| "bdfgklmnprstvz".contains(p[0]) && "aeiou".contains(p[1])),
        "{name}"
    );
    // The done state: what was downloaded and what is still open, kept across a reload.
    let done = b.text("#handed.done");
    assert!(
        done.starts_with(&format!("Downloaded {name} at ")),
        "{done}"
    );
    assert!(done.contains("(1 of 17 answered)"), "{done}");
    assert!(b.text("#open-list").contains("16 not answered yet"));
    b.reload();
    assert!(b
        .text("#handed.done")
        .starts_with(&format!("Downloaded {name}")));
    // A second download offers the same name (the browser, finding it taken, adds " (1)").
    b.js("document.getElementById('download').click();");
    let again = format!("{} (1).yaml", name.trim_end_matches(".yaml"));
    let names = finished_downloads(&s.downloads, 2);
    assert!(names.contains(&again), "no {again}: {names:?}");

    // A long note: the answers no longer fit a mailto link most mail programs take whole. Until
    // the file is downloaded (the one downloaded above is out of date now) the link opens no mail
    // program: the page says to download first, and pressing it goes to Download answers.
    b.type_into(
        "textarea[name=note-training]",
        &"Interviews with sales every quarter. ".repeat(60),
    );
    assert!(b.visible("#email-too-long"));
    let line = b.text("#email-too-long");
    assert!(line.contains("too long to go in an email link"), "{line}");
    assert!(
        line.contains("Press Download answers first; then Email answers opens an email to ana@acme.example for you to attach the file to."),
        "{line}"
    );
    let href = b.js("return document.getElementById('email').href;");
    assert!(!href.as_str().unwrap().starts_with("mailto:"), "{href}");
    b.click("#email");
    assert!(
        b.text("#status").contains("press Download answers first"),
        "{}",
        b.text("#status")
    );
    assert_eq!(b.js("return document.activeElement.id;"), "download");
    assert!(!b.visible("#sent"), "nothing was put in an email");
    // Downloaded: the link carries the subject and a line naming the file to attach, and the
    // page says to attach it.
    b.click("#download");
    finished_downloads(&s.downloads, 3);
    let href = b.js("return document.getElementById('email').href;");
    let href = href.as_str().unwrap();
    assert!(
        href.starts_with("mailto:ana@acme.example?subject="),
        "{href}"
    );
    assert!(href.len() <= 2000, "{} characters", href.len());
    assert!(!href.contains("answers%3A"), "{href}");
    let decoded = b.js(&format!(
        "return decodeURIComponent('{}');",
        href.split("&body=").nth(1).unwrap()
    ));
    assert_eq!(
        decoded.as_str().unwrap(),
        format!("My answers file is attached: {name}.\r\n")
    );
    let line = b.text("#email-too-long");
    assert!(
        line.contains(&format!(
            "Email answers opens an email to ana@acme.example without them: attach {name}"
        )),
        "{line}"
    );
}

/// A due date six weeks from today (`--due` refuses a date in the past): as typed, and as the
/// page writes it ("15 January 2027").
fn due_in_six_weeks() -> (String, String) {
    let d = chrono::Local::now().date_naive() + chrono::Days::new(42);
    (d.to_string(), d.format("%-d %B %Y").to_string())
}

/// The downloaded files in `dir`, once at least `count` are there and none is still being
/// written. While it writes, Chrome keeps the data in `NAME.crdownload` or a hidden
/// `.org.chromium.Chromium.XXXXXX`, and may reserve the final name with an empty file.
fn finished_downloads(dir: &Path, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let all: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let writing =
            |n: &String| n.starts_with('.') || n.ends_with(".crdownload") || n.ends_with(".part");
        let done: Vec<String> = all.iter().filter(|n| !writing(n)).cloned().collect();
        if done.len() >= count && !all.iter().any(writing) {
            return done;
        }
        assert!(Instant::now() < deadline, "downloads not finished: {all:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// axe-core's serious and critical violations on the page open in `b`: "rule: target" lines.
fn axe(b: &Browser, axe_js: &str) -> Vec<String> {
    b.call(
        "POST",
        "/execute/sync",
        Some(json!({"script": format!("{axe_js}\nreturn true;"), "args": []})),
    );
    let r = b.call(
        "POST",
        "/execute/async",
        Some(json!({"script": "var done = arguments[arguments.length - 1]; \
            axe.run(document, { resultTypes: ['violations'] }).then(function (r) { \
              done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; }) \
                .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); })); \
            }, function (e) { done(['axe failed: ' + e]); });",
            "args": []})),
    );
    r.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
#[cfg_attr(
    without_tool = "AXE_JS",
    ignore = "AXE_JS (the path of axe-core's axe.min.js) is not set"
)]
fn axe_finds_no_serious_or_critical_violation_on_the_page_and_the_reports() {
    let Some(axe_js) = crate::common::tool_path("AXE_JS", "the path of axe-core's axe.min.js")
    else {
        return;
    };
    let axe_js = std::fs::read_to_string(axe_js).expect("axe.min.js");
    let Some(s) = session() else { return };
    let b = &s.b;
    let repo = crate::history::three_versions();
    let mut pages = vec![(
        "questionnaire".to_string(),
        s.page(
            "q.html",
            &[
                "--organization",
                "Acme",
                "--return-to",
                "ana@acme.example",
                "--due",
                &due_in_six_weeks().0,
                "--from",
                "Ana",
            ],
        ),
    )];
    for (name, args) in [
        ("score", vec!["score", "examples/answers/acme.yaml"]),
        (
            "combined",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
            ],
        ),
        (
            "check",
            vec![
                "check",
                "examples/programs/northwind-program.yaml",
                "--today",
                "2026-11-22",
            ],
        ),
        ("history", vec!["history", "answers.yaml"]),
    ] {
        let mut pm = Pm::new([&args[..], &["--format", "html"]].concat());
        if name == "history" {
            pm = pm.dir(repo.path());
        }
        let r = pm.run();
        assert!(r.code == 0 || r.code == 1, "{r}");
        let path = s.dir.path().join(format!("{name}.html"));
        std::fs::write(&path, &r.out).unwrap();
        pages.push((name.to_string(), format!("file://{}", path.display())));
    }
    let mut found = Vec::new();
    for (width, height) in [(1280, 1000), (390, 844)] {
        b.resize(width, height);
        for (name, url) in &pages {
            b.go(url);
            if name == "questionnaire" {
                // As someone sees it half way: answers, a note, the lists of what is open.
                b.click("input[name=training][value=emerging]");
                b.click("input[name=budget-allocation][value=unsure]");
                b.type_into("textarea[name=note-training]", "ok");
            }
            for v in axe(b, &axe_js) {
                found.push(format!("{name} at {width} px: {v}"));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_radar_fits_a_phone_and_its_labels_overlap_nothing() {
    let Some(s) = session() else { return };
    let b = &s.b;
    let mut pages = Vec::new();
    for (name, args) in [
        ("score", vec!["score", "examples/answers/acme.yaml"]),
        (
            "combined",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
            ],
        ),
    ] {
        let r = Pm::new([&args[..], &["--format", "html"]].concat())
            .run()
            .exits(0);
        let path = s.dir.path().join(format!("{name}.html"));
        std::fs::write(&path, &r.out).unwrap();
        pages.push((name, format!("file://{}", path.display())));
    }
    // Every label's box, the ring labels' too, and the chart's; all in page pixels.
    let measure = "var svg = Array.prototype.filter.call(document.querySelectorAll('svg.radar'), \
        function (e) { return e.getClientRects().length > 0; }); \
      if (svg.length !== 1) { return {error: svg.length + ' radar charts shown'}; } \
      var box = function (e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }; \
      var texts = Array.prototype.map.call(svg[0].querySelectorAll('text.label, text.ring-label, text.legend'), function (t) { \
        return {text: t.textContent, box: box(t), size: parseFloat(getComputedStyle(t).fontSize) * svg[0].getBoundingClientRect().width / svg[0].viewBox.baseVal.width}; }); \
      return {svg: box(svg[0]), page: document.documentElement.clientWidth, texts: texts};";
    let mut problems = Vec::new();
    for (width, height) in [(1280, 1000), (390, 844)] {
        b.resize(width, height);
        for (name, url) in &pages {
            b.go(url);
            let m = b.js(measure);
            assert!(m["error"].is_null(), "{name} at {width}: {m}");
            let f = |v: &Value, k: usize| v[k].as_f64().unwrap();
            let page = m["page"].as_f64().unwrap();
            let svg = &m["svg"];
            if f(svg, 2) > page + 0.5 {
                problems.push(format!(
                    "{name} at {width} px: the chart is {:.0} px wide, the page {page:.0}",
                    f(svg, 2) - f(svg, 0)
                ));
            }
            let texts = m["texts"].as_array().unwrap();
            for t in texts {
                let b = &t["box"];
                if f(b, 0) < f(svg, 0) - 0.5 || f(b, 2) > f(svg, 2) + 0.5 {
                    problems.push(format!("{name} at {width} px: `{}` is cut", t["text"]));
                }
                let size = t["size"].as_f64().unwrap();
                if size < 10.5 {
                    problems.push(format!(
                        "{name} at {width} px: `{}` is {size:.1} px high",
                        t["text"]
                    ));
                }
            }
            for (i, a) in texts.iter().enumerate() {
                for c in &texts[i + 1..] {
                    let (p, q) = (&a["box"], &c["box"]);
                    let overlap = f(p, 0) < f(q, 2) - 1.0
                        && f(q, 0) < f(p, 2) - 1.0
                        && f(p, 1) < f(q, 3) - 1.0
                        && f(q, 1) < f(p, 3) - 1.0;
                    if overlap {
                        problems.push(format!(
                            "{name} at {width} px: `{}` overlaps `{}`",
                            a["text"], c["text"]
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn status_messages_change_only_when_what_they_say_changes() {
    let Some(s) = session() else { return };
    let b = &s.b;
    b.go(&s.page("q.html", &[]));
    b.click("input[name=training][value=emerging]");
    b.js("window.mutations = 0; \
          var o = new MutationObserver(function (m) { window.mutations += m.length; }); \
          ['progress', 'saved', 'status', 'bar-progress'].forEach(function (id) { \
            o.observe(document.getElementById(id), {childList: true, characterData: true, subtree: true}); });");
    // Typing a note: the count does not change, so nothing a screen reader reads out changes.
    b.type_into("textarea[name=note-training]", "a note typed key by key");
    assert_eq!(b.js("return window.mutations;"), 0);
    // An answer changes the count: announced once.
    b.click("input[name=budget-allocation][value=advancing]");
    assert!(b.js("return window.mutations;").as_u64().unwrap() >= 1);
    assert_eq!(b.text("#progress"), "2 of 17 answered");
}

/// The text of each page of a PDF (pdftotext).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&o.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn on_paper_the_page_has_every_question_whole_and_nothing_for_the_screen() {
    if find(&["pdftotext"]).is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is needed under CI (.ci/run installs poppler-utils)"
        );
        eprintln!("SKIPPED: no pdftotext on this machine (apt-get install poppler-utils)");
        return;
    }
    let Some(s) = session() else { return };
    let b = &s.b;
    b.go(&s.page(
        "q.html",
        &["--organization", "Acme", "--return-to", "ana@acme.example"],
    ));
    // A long note, filled in before printing, is printed whole.
    let long = "The sales team keeps its own list. ".repeat(12) + "THE END OF THE NOTE";
    b.type_into("textarea[name=note-training]", &long);
    let pdf = b.call(
        "POST",
        "/print",
        Some(json!({"page": {"width": 21.0, "height": 29.7}, "background": false})),
    );
    let pdf = pdf.as_str().unwrap();
    let bytes = {
        // base64, without a crate: the standard alphabet.
        let table = |c: u8| -> Option<u32> {
            match c {
                b'A'..=b'Z' => Some((c - b'A') as u32),
                b'a'..=b'z' => Some((c - b'a' + 26) as u32),
                b'0'..=b'9' => Some((c - b'0' + 52) as u32),
                b'+' => Some(62),
                b'/' => Some(63),
                _ => None,
            }
        };
        let vals: Vec<u32> = pdf.bytes().filter_map(table).collect();
        let mut out = Vec::new();
        for chunk in vals.chunks(4) {
            let n = chunk.iter().fold(0u32, |acc, v| (acc << 6) | v) << (6 * (4 - chunk.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..chunk.len() - 1]);
        }
        out
    };
    let path = s.dir.path().join("q.pdf");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(keep) = std::env::var("PM_KEEP_PDF") {
        std::fs::copy(&path, keep).unwrap();
    }
    let pages = pdf_pages(&path);
    let all = pages.join("\n");
    assert!(pages.len() >= 5, "{} pages", pages.len());
    // Nothing that only works on a screen.
    for screen_only in [
        "Send your answers",
        "It names your answers file",
        "Download answers",
        "kept in this browser",
        "Skip to the first question",
    ] {
        assert!(!all.contains(screen_only), "`{screen_only}` is on paper");
    }
    assert!(all.contains("On paper: write your name"));
    assert!(all.contains("give the pages back to ana@acme.example"));
    // Every question, at least two on each page but the last, and no page of footer alone.
    let mut questions_on = Vec::new();
    for p in &pages {
        let n = (1..=17)
            .filter(|k| {
                let at = format!("{k} of 17");
                p.match_indices(&at)
                    .any(|(i, _)| !p[..i].ends_with(|c: char| c.is_ascii_digit()))
            })
            .count();
        questions_on.push(n);
        assert!(
            n > 0 || p.contains("Your name"),
            "a page without a question: {p}"
        );
    }
    // Each question once (none split over two pages), one or two a page (A4).
    assert_eq!(questions_on.iter().sum::<usize>(), 17, "{questions_on:?}");
    assert!(
        questions_on[1..].iter().all(|n| (1..=2).contains(n)),
        "{questions_on:?}"
    );
    let flat: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("THE END OF THE NOTE"), "the note is cut");
}

/// An attribute's note in a JSON report (notes are listed under the sections).
fn note_of(report: &Value, id: &str) -> Option<String> {
    report["sections"]
        .as_array()?
        .iter()
        .flat_map(|s| s["attributes"].as_array().into_iter().flatten())
        .find(|a| a["id"] == id)
        .and_then(|a| a["note"].as_str().map(str::to_string))
}

/// Whether leaving the page now would ask first: the page's `beforeunload` handler, run as the
/// browser runs it when the tab is closed or the page left.
fn leaving_asks(b: &Browser) -> bool {
    b.js("var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;")
        == true
}

/// A file, once the browser has written all of it.
fn downloaded(dir: &Path, name: &str) -> String {
    let file = dir.join(name);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let writing = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with('.') || n.ends_with(".crdownload") || n.ends_with(".part")
            });
        if !writing {
            if let Ok(text) = std::fs::read_to_string(&file) {
                if !text.is_empty() {
                    return text;
                }
            }
        }
        assert!(Instant::now() < deadline, "no {name} in {dir:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn a_change_after_the_download_says_the_file_is_out_of_date_until_downloaded_again_in(s: &Session) {
    let b = &s.b;
    let url = s.page("q.html", &["--return-to", "ana@acme.example"]);
    b.go(&url);
    assert!(!leaving_asks(b), "nothing answered: leaving asks nothing");
    b.type_into("input[name=respondent]", "Ana");
    b.click("input[name=training][value=emerging]");
    b.click("input[name=budget-allocation][value=unsure]");
    assert!(
        leaving_asks(b),
        "answers not downloaded: leaving asks first"
    );
    assert_eq!(
        b.text("#bar-progress"),
        "1 of 17 answered · 1 not sure · not downloaded yet"
    );

    b.click("#download");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let name = format!("persona-answers-ana-{today}.yaml");
    let first = downloaded(&s.downloads, &name);
    assert!(first.contains("  training: emerging\n"), "{first}");
    let done = b.text("#handed.done");
    assert!(
        done.starts_with(&format!("Downloaded {name} at ")),
        "{done}"
    );
    assert!(done.contains("(1 of 17 answered · 1 not sure)"), "{done}");
    assert!(
        done.contains("Send that file back to ana@acme.example."),
        "{done}"
    );
    assert_eq!(b.text("#bar-progress"), "1 of 17 answered · 1 not sure");
    assert!(!leaving_asks(b), "downloaded: leaving asks nothing");

    // A changed answer: the file in Downloads is no longer the right one, and the page says so,
    // in the bar too, and leaving asks again.
    b.click("input[name=training][value=advancing]");
    assert!(!b.visible("#handed.done"));
    let stale = b.text("#handed.stale");
    assert!(
        stale.contains(&format!(
            "you changed your answers after downloading {name} at "
        )),
        "{stale}"
    );
    assert!(stale.starts_with("Out of date:"), "{stale}");
    assert!(
        stale.contains("so that file still has your earlier answers"),
        "{stale}"
    );
    assert_eq!(b.text("#status"), "", "no `Downloaded …` left standing");
    assert!(
        stale.contains("send the new file to ana@acme.example"),
        "{stale}"
    );
    assert!(b.visible("#download-again"));
    assert_eq!(
        b.text("#bar-progress"),
        "1 of 17 answered · 1 not sure · changed since your download"
    );
    assert!(leaving_asks(b));
    // After a reload too.
    b.reload();
    assert!(b.text("#handed.stale").contains(&name));
    assert!(leaving_asks(b));
    // The answer put back as it was: the file is right again.
    b.click("input[name=training][value=emerging]");
    assert!(b
        .text("#handed.done")
        .starts_with(&format!("Downloaded {name}")));
    b.click("input[name=training][value=advancing]");

    // Downloaded again: the new file has the new level, and the page is content.
    b.click("#download-again");
    // The browser names the second file (Chromium "… (1).yaml", Firefox "…(1).yaml").
    let again = finished_downloads(&s.downloads, 2)
        .into_iter()
        .find(|n| *n != name)
        .unwrap();
    let second = downloaded(&s.downloads, &again);
    assert!(second.contains("  training: advancing\n"), "{second}");
    assert!(b.visible("#handed.done"));
    assert!(!leaving_asks(b));

    // Sent: forget the answers on this computer. Asked first; then the page is empty, here and
    // after a reload, and the status says which file has them.
    b.click("#forget");
    assert!(b
        .call("GET", "/alert/text", None)
        .as_str()
        .unwrap()
        .contains("Remove your answers from this browser?"));
    b.call("POST", "/alert/accept", Some(json!({})));
    assert_eq!(b.checked("training"), Value::Null);
    assert!(b.text("#status").contains("no longer kept in this browser"));
    assert_eq!(
        b.js("return Object.keys(localStorage).filter(function (k) { return localStorage.getItem(k).indexOf('advancing') >= 0; }).length;"),
        0,
        "nothing of the answers is left in the browser"
    );
    assert!(!leaving_asks(b));
    b.reload();
    assert_eq!(b.checked("training"), Value::Null);
    assert_eq!(b.value("input[name=respondent]"), "");
}

fn a_note_is_counted_as_the_answers_file_counts_and_a_cut_is_said_in(s: &Session) {
    let b = &s.b;
    b.go(&s.page("q.html", &[]));
    let paste = |text: &str| {
        b.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": "var t = document.querySelector('textarea[name=note-training]'); \
                t.focus(); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}));",
                "args": [text]})),
        );
    };
    let chars = |b: &Browser| {
        b.js("return Array.from(document.querySelector('textarea[name=note-training]').value).length;")
    };
    // Typed: the counter follows.
    assert!(!b.visible("#nc-training"), "no counter on an empty note");
    b.type_into("textarea[name=note-training]", "hello");
    assert_eq!(b.text("#nc-training"), "5 of 2,000 characters");
    // A note on a question with no level is written as not sure: the page counts and lists it
    // so too.
    assert_eq!(b.text("#progress"), "0 of 17 answered · 1 not sure");
    assert!(b
        .answers_file()
        .contains("  training:\n    level: unsure\n    note: \"hello\"\n"));
    let open = b.text("#open-list");
    assert!(
        open.contains(
            "Not sure, or a note without a level (come back to them if you can find out):Training"
        ),
        "{open}"
    );
    assert!(open.contains("16 not answered yet"), "{open}");
    // 1,500 emoji are 1,500 characters (3,000 UTF-16 units): all kept.
    paste(&"😀".repeat(1500));
    assert_eq!(chars(b), 1500);
    assert_eq!(b.text("#nc-training"), "1,500 of 2,000 characters");
    assert!(!b.visible("#ncut-training"));
    let report = score(s.dir.path(), "emoji.yaml", &b.answers_file());
    assert_eq!(
        note_of(&report, "training").map(|n| n.chars().count()),
        Some(1500)
    );
    // 5,000 pasted: 2,000 kept, and the page says what was left out.
    paste(&"abcde".repeat(1000));
    assert_eq!(chars(b), 2000);
    assert!(b.visible("#ncut-training"));
    assert_eq!(
        b.text("#ncut-training"),
        "Your note has reached its limit of 2,000 characters, the most an answers file keeps: \
         the last 3,000 characters of what you added were left out. The rest of the text is as it was."
    );
    assert_eq!(b.text("#nc-training"), "2,000 of 2,000 characters");
    // The answers file takes it (its limit is 2,000 characters).
    score(s.dir.path(), "long.yaml", &b.answers_file());
    // 2,500 emoji: 2,000 emoji kept, and the file takes them.
    paste(&"😀".repeat(2500));
    assert_eq!(chars(b), 2000);
    assert!(b.text("#ncut-training").contains("the last 500 characters"));
    // At the limit, typing in the middle adds nothing and cuts nothing: the caret stays, and
    // the end of the note is still there.
    let full = "0123456789".repeat(200);
    paste(&full);
    b.js("var t = document.querySelector('textarea[name=note-training]'); t.focus(); t.setSelectionRange(10, 10);");
    b.keys(&["XY"]);
    assert_eq!(b.value("textarea[name=note-training]"), full.as_str());
    assert_eq!(
        b.js("return document.querySelector('textarea[name=note-training]').selectionStart;"),
        10
    );
    assert!(
        b.text("#ncut-training")
            .contains("the character you typed was not added"),
        "{}",
        b.text("#ncut-training")
    );
    // Room for one: the first of two typed goes in where the caret is, the second does not.
    paste(&full[..1999]);
    b.js("var t = document.querySelector('textarea[name=note-training]'); t.focus(); t.setSelectionRange(10, 10);");
    b.keys(&["XY"]);
    assert_eq!(
        b.value("textarea[name=note-training]"),
        format!("{}X{}", &full[..10], &full[10..1999]).as_str()
    );
    assert_eq!(
        b.js("return document.querySelector('textarea[name=note-training]').selectionStart;"),
        11
    );
    // Pasted into the middle of a nearly full note: what fits goes in, the rest of the paste is
    // left out, and the note's end stays.
    paste(&full[..1990]);
    b.js(
        "var t = document.querySelector('textarea[name=note-training]'); t.focus(); \
          t.setRangeText('ABCDEFGHIJKLMNOP', 10, 10, 'end'); \
          t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
    );
    assert_eq!(
        b.value("textarea[name=note-training]"),
        format!("{}ABCDEFGHIJ{}", &full[..10], &full[10..1990]).as_str()
    );
    assert!(
        b.text("#ncut-training")
            .contains("the last 6 characters of what you added were left out"),
        "{}",
        b.text("#ncut-training")
    );
    // The name, role and organization: 200 characters as the answers file counts them, not
    // 200 UTF-16 units (a browser's maxlength: 100 emoji).
    assert_eq!(
        b.js("return document.querySelector('input[name=respondent]').maxLength;"),
        -1
    );
    let fill = |css: &str, text: &str| {
        b.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": format!("var t = document.querySelector('{css}'); \
                t.focus(); t.value = arguments[0]; t.dispatchEvent(new Event('input', {{bubbles: true}}));"),
                "args": [text]})),
        );
    };
    fill("input[name=respondent]", &"😀".repeat(150));
    assert_eq!(
        b.js("return Array.from(document.querySelector('input[name=respondent]').value).length;"),
        150
    );
    assert!(!b.visible("#fcut-respondent"));
    fill("input[name=organization]", &"😀".repeat(250));
    assert_eq!(
        b.js("return Array.from(document.querySelector('input[name=organization]').value).length;"),
        200
    );
    assert!(b
        .text("#fcut-organization")
        .starts_with("Your organization has reached its limit of 200 characters"));
    let report = score(s.dir.path(), "long-names.yaml", &b.answers_file());
    assert_eq!(
        report["respondent"]["name"]
            .as_str()
            .map(|n| n.chars().count()),
        Some(150)
    );
    assert_eq!(
        report["organization"].as_str().map(|n| n.chars().count()),
        Some(200)
    );
    let report = score(s.dir.path(), "emoji-long.yaml", &b.answers_file());
    assert_eq!(
        note_of(&report, "training").map(|n| n.chars().count()),
        Some(2000)
    );
    // Shortened: the message goes.
    paste("short");
    assert!(!b.visible("#ncut-training"));
    // Spaces around a note are the respondent's: kept in the file as typed.
    paste("  - indented list\n  - second\n");
    assert!(
        b.answers_file()
            .contains("    note: \"  - indented list\\n  - second\\n\"\n"),
        "{}",
        b.answers_file()
    );
    // Each note box is named after its question for a screen reader.
    let label = b.text("label[for=n-training]");
    assert_eq!(label, "Note on Training (optional)");
    assert_eq!(
        b.js("var l = document.querySelector('label[for=n-training] .vh'); return l.getBoundingClientRect().width <= 1;"),
        true,
        "on screen it reads `Note (optional)`: the question is just above"
    );
}

fn clearing_in_one_tab_clears_every_tab_in(s: &Session) {
    let b = &s.b;
    let url = s.page("q.html", &[]);
    b.go(&url);
    let first = b.call("GET", "/window", None).as_str().unwrap().to_string();
    let second = b.call("POST", "/window/new", Some(json!({"type": "tab"})))["handle"]
        .as_str()
        .unwrap()
        .to_string();
    b.call("POST", "/window", Some(json!({ "handle": second })));
    b.go(&url);
    b.click("input[name=training][value=advancing]");
    b.type_into("textarea[name=note-training]", "kept?");
    b.call("POST", "/window", Some(json!({ "handle": first })));
    b.until(
        "var r = document.querySelector('input[name=training]:checked'); return !!r && r.value === 'advancing';",
        "the first tab to see the answer",
    );
    // Cleared in the first tab...
    b.click("#clear");
    b.call("POST", "/alert/accept", Some(json!({})));
    assert_eq!(b.checked("training"), Value::Null);
    // ...the second empties too, and says why.
    b.call("POST", "/window", Some(json!({ "handle": second })));
    b.until(
        "return !document.querySelector('input[name=training]:checked') && \
                document.querySelector('textarea[name=note-training]').value === '';",
        "the second tab to be cleared",
    );
    assert!(b.text("#status").contains("cleared in another tab"));
    // A change there keeps only itself: the cleared answers do not come back.
    b.click("input[name=budget-allocation][value=emerging]");
    b.call("POST", "/window", Some(json!({ "handle": first })));
    b.until(
        "var r = document.querySelector('input[name=budget-allocation]:checked'); return !!r && r.value === 'emerging';",
        "the first tab to see the new answer",
    );
    b.reload();
    assert_eq!(b.checked("training"), Value::Null);
    assert_eq!(b.checked("budget-allocation"), "emerging");
    assert_eq!(b.value("textarea[name=note-training]"), "");
}

fn a_corrected_page_with_the_same_form_id_puts_what_the_sender_fixed_first_in(s: &Session) {
    let b = &s.b;
    let v1 = s.page(
        "v1.html",
        &[
            "--form-id",
            "acme-2027-q1",
            "--organization",
            "Acme Analytcs",
            "--role",
            "marketing",
        ],
    );
    b.go(&v1);
    b.type_into("input[name=respondent]", "Ana");
    b.click("input[name=training][value=emerging]");
    b.click("#download");
    finished_downloads(&s.downloads, 1);
    assert!(b.visible("#handed.done"));
    assert!(!b.visible("#corrected"));

    // The sender fixes the organization and the role and sends the page again, same id.
    let v2 = s.page(
        "v2.html",
        &[
            "--form-id",
            "acme-2027-q1",
            "--organization",
            "Acme Analytics",
            "--role",
            "sales",
        ],
    );
    b.go(&v2);
    assert_eq!(b.value("input[name=organization]"), "Acme Analytics");
    assert_eq!(b.value("input[name=role]"), "sales");
    assert_eq!(
        b.value("input[name=respondent]"),
        "Ana",
        "the name is theirs"
    );
    assert_eq!(b.checked("training"), "emerging", "the answers are kept");
    let note = b.text("#corrected");
    assert!(b.visible("#corrected"));
    assert!(
        note.contains("your organization is now “Acme Analytics” (it was “Acme Analytcs”)"),
        "{note}"
    );
    assert!(
        note.contains("your role or team is now “sales” (it was “marketing”)"),
        "{note}"
    );
    let file = b.answers_file();
    assert!(file.contains("organization: \"Acme Analytics\""), "{file}");
    assert!(file.contains("  role: \"sales\""), "{file}");
    // The file downloaded before says the old organization: out of date, because the page was
    // corrected (the respondent changed nothing).
    assert!(b.visible("#handed.stale"));
    let stale = b.text("#handed.stale");
    assert!(
        stale.contains("this page was corrected after downloading persona-answers-ana-"),
        "{stale}"
    );
    assert!(
        stale.contains("your organization is now “Acme Analytics”"),
        "{stale}"
    );
    assert!(!stale.contains("you changed your answers"), "{stale}");

    // The respondent's own change on the corrected page stands across a reload.
    b.type_into("input[name=role]", "sales operations");
    b.reload();
    assert_eq!(b.value("input[name=role]"), "sales operations");
    assert_eq!(b.value("input[name=organization]"), "Acme Analytics");
    assert!(!b.visible("#corrected"), "said once");
    let corrected = b.answers_file();

    // The old copy of the page opened again (still in the mailbox): it undoes neither the
    // sender's correction nor the respondent's own change, and says it is older.
    b.go(&v1);
    assert_eq!(b.value("input[name=organization]"), "Acme Analytics");
    assert_eq!(b.value("input[name=role]"), "sales operations");
    assert_eq!(b.checked("training"), "emerging");
    assert_eq!(b.answers_file(), corrected);
    assert!(b.visible("#corrected"));
    let older = b.text("#corrected");
    assert!(
        older.starts_with("This is an older copy of this page: a newer copy, made "),
        "{older}"
    );
    // An answer given there is kept with the newer page's values.
    b.click("input[name=budget-allocation][value=advancing]");
    b.reload();
    assert_eq!(b.value("input[name=role]"), "sales operations");
    // The corrected page again: as it was, with the new answer, and nothing to say.
    b.go(&v2);
    assert_eq!(b.value("input[name=organization]"), "Acme Analytics");
    assert_eq!(b.value("input[name=role]"), "sales operations");
    assert_eq!(b.checked("budget-allocation"), "advancing");
    assert!(!b.visible("#corrected"));
}

/// On a phone (390 pixels) no report scrolls the page sideways: a wide chart or table scrolls
/// inside its own region, and the team table of a combined report fits the screen whole (levels
/// as numbers, with a key).
fn at_390_px_no_report_scrolls_the_page_sideways_and_the_team_table_fits_in(s: &Session) {
    // Chromium only: a headless Firefox window is 450 pixels at the narrowest.
    let b = &s.b;
    let repo = crate::history::three_versions();
    let mut pages = Vec::new();
    for (name, args) in [
        ("history", vec!["history", "answers.yaml"]),
        (
            "combined",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
            ],
        ),
        ("score", vec!["score", "examples/answers/acme.yaml"]),
    ] {
        let mut pm = Pm::new([&args[..], &["--format", "html"]].concat());
        if name == "history" {
            pm = pm.dir(repo.path());
        }
        let r = pm.run().exits(0);
        let path = s.dir.path().join(format!("{name}.html"));
        std::fs::write(&path, &r.out).unwrap();
        pages.push((name, format!("file://{}", path.display())));
    }
    // A name of one long word: the report's heading and the page's request line wrap.
    let long = s.dir.path().join("long.yaml");
    std::fs::write(
        &long,
        "organization: Donaudampfschifffahrtsgesellschaft\nrespondent:\n  name: Donaudampfschifffahrtskapitaenswitwe\n  role: Donaudampfschifffahrtsmarketing\nanswers:\n  training: emerging\n",
    )
    .unwrap();
    for (name, args) in [
        (
            "long-score",
            vec!["score", long.to_str().unwrap(), "--format", "html"],
        ),
        (
            "long-page",
            vec![
                "form",
                "--format",
                "html",
                "--organization",
                "Donaudampfschifffahrtsgesellschaft",
                "--from",
                "Donaudampfschifffahrtskapitaenswitwe",
            ],
        ),
    ] {
        let r = Pm::new(args).run().exits(0);
        let path = s.dir.path().join(format!("{name}.html"));
        std::fs::write(&path, &r.out).unwrap();
        pages.push((name, format!("file://{}", path.display())));
    }
    b.resize(390, 844);
    for (name, url) in &pages {
        b.go(url);
        let widths = b.js(
            "var d = document.documentElement; return [d.scrollWidth, d.clientWidth, document.body.scrollWidth];",
        );
        let w = |i: usize| widths[i].as_f64().unwrap();
        assert!(
            w(0) <= w(1) && w(2) <= w(1),
            "{name}: the page scrolls sideways at 390 px: {widths}"
        );
    }
    b.go(&pages[1].1);
    let team = b.js(
        "var t = document.querySelector('table.teams'); var r = t.closest('.scroll'); \
         return [t.getBoundingClientRect().width, r.clientWidth, r.scrollWidth];",
    );
    let t = |i: usize| team[i].as_f64().unwrap();
    assert!(
        t(0) <= t(1) + 0.5 && t(2) <= t(1),
        "the team table is wider than the screen: {team}"
    );
    // The numbers have their key, and a screen reader still hears the level names.
    assert!(b.visible(".level-key"));
    let cell = "table.teams tbody tr:first-child td:nth-child(2)";
    assert_eq!(b.text(&format!("{cell} .lv-name")), "Advancing");
    assert_eq!(b.text(&format!("{cell} .lv-num")), "3");
    assert!(b.visible(&format!("{cell} .lv-num")));
    // At 1280 the names show and the key is not needed.
    b.resize(1280, 1000);
    b.go(&pages[1].1);
    assert!(!b.visible(".level-key"));
    assert!(b.visible("table.teams .lv-name"));
}

#[test]
fn a_change_after_the_download_says_the_file_is_out_of_date_until_downloaded_again() {
    if let Some(s) = session() {
        a_change_after_the_download_says_the_file_is_out_of_date_until_downloaded_again_in(&s);
    }
}

#[test]
fn a_change_after_the_download_says_the_file_is_out_of_date_until_downloaded_again_in_firefox() {
    if let Some(s) = firefox_session() {
        a_change_after_the_download_says_the_file_is_out_of_date_until_downloaded_again_in(&s);
    }
}

#[test]
fn a_note_is_counted_as_the_answers_file_counts_and_a_cut_is_said() {
    if let Some(s) = session() {
        a_note_is_counted_as_the_answers_file_counts_and_a_cut_is_said_in(&s);
    }
}

#[test]
fn a_note_is_counted_as_the_answers_file_counts_and_a_cut_is_said_in_firefox() {
    if let Some(s) = firefox_session() {
        a_note_is_counted_as_the_answers_file_counts_and_a_cut_is_said_in(&s);
    }
}

#[test]
fn clearing_in_one_tab_clears_every_tab() {
    if let Some(s) = session() {
        clearing_in_one_tab_clears_every_tab_in(&s);
    }
}

#[test]
fn clearing_in_one_tab_clears_every_tab_in_firefox() {
    if let Some(s) = firefox_session() {
        clearing_in_one_tab_clears_every_tab_in(&s);
    }
}

#[test]
fn a_corrected_page_with_the_same_form_id_puts_what_the_sender_fixed_first() {
    if let Some(s) = session() {
        a_corrected_page_with_the_same_form_id_puts_what_the_sender_fixed_first_in(&s);
    }
}

#[test]
fn a_corrected_page_with_the_same_form_id_puts_what_the_sender_fixed_first_in_firefox() {
    if let Some(s) = firefox_session() {
        a_corrected_page_with_the_same_form_id_puts_what_the_sender_fixed_first_in(&s);
    }
}

#[test]
fn at_390_px_no_report_scrolls_the_page_sideways_and_the_team_table_fits() {
    if let Some(s) = session() {
        at_390_px_no_report_scrolls_the_page_sideways_and_the_team_table_fits_in(&s);
    }
}

/// A page of another rubric given the same `--form-id` keeps its own answers: the first page's
/// are never taken over, shown or lost. Answers kept before the rubric was part of the key go to
/// their own rubric's page only.
fn a_form_id_reused_for_another_rubric_keeps_each_rubric_s_answers_in(s: &Session) {
    let b = &s.b;
    let three = "tests/fixtures/rubrics/three-levels.yaml";
    let fixed = s.page(
        "q-fixed.html",
        &["--form-id", "q1-2027", "--organization", "Acme"],
    );
    b.go(&fixed);
    b.type_into("input[name=respondent]", "Ana");
    b.click("input[name=training][value=emerging]");
    b.click("input[name=budget-allocation][value=advancing]");
    b.click("input[name=sharing-personas][value=experimenting]");
    b.type_into("textarea[name=note-training]", "only sales had it");
    let first = b.answers_file();
    assert!(
        first.contains("# Score it with: persona-maturity score <this file>\n"),
        "{first}"
    );

    let custom = s.page(
        "q-custom.html",
        &[
            "--rubric",
            three,
            "--form-id",
            "q1-2027",
            "--organization",
            "Globex",
        ],
    );
    b.go(&custom);
    assert_eq!(b.value("input[name=organization]"), "Globex");
    assert_eq!(b.value("input[name=respondent]"), "", "nothing taken over");
    assert_eq!(b.text("#progress"), "0 of 3 answered");
    b.type_into("input[name=respondent]", "Bo");
    b.click("input[name=audience][value=optimized]");
    // Its answers file says how to score it: with the rubric file.
    let file = b.answers_file();
    assert!(
        file.contains(&format!(
            "# Score it with: persona-maturity score --rubric {three} <this file>\n"
        )),
        "{file}"
    );
    let path = s.dir.path().join("custom.yaml");
    std::fs::write(&path, &file).unwrap();
    let path = path.to_str().unwrap();
    Pm::new(["score", "--rubric", three, path]).run().exits(0);
    Pm::new(["score", path]).run().exits(2);

    // The first page: all its answers, its name and note, as they were.
    b.go(&fixed);
    assert_eq!(b.text("#progress"), "3 of 17 answered");
    assert_eq!(b.value("input[name=respondent]"), "Ana");
    assert_eq!(b.value("textarea[name=note-training]"), "only sales had it");
    assert_eq!(b.answers_file(), first);
    b.go(&custom);
    assert_eq!(b.checked("audience"), "optimized");
    assert_eq!(b.value("input[name=respondent]"), "Bo");

    // Kept by a page that keyed answers by the form id alone: the other rubric's page leaves
    // them be, their own rubric's page takes them over.
    b.js("localStorage.setItem('persona-maturity:form:legacy-id', JSON.stringify({fields: {respondent: 'Old', role: '', organization: 'Acme'}, answers: {training: 'advancing'}, notes: {}})); \
          var i = JSON.parse(localStorage.getItem('persona-maturity:forms') || '{}'); \
          i['legacy-id'] = {rubric: 'persona-optimization-framework@1.0.0', organization: 'Acme', saved: '2026-11-02', answered: 1, unsure: 0}; \
          localStorage.setItem('persona-maturity:forms', JSON.stringify(i));");
    let other = s.page(
        "legacy-custom.html",
        &["--rubric", three, "--form-id", "legacy-id"],
    );
    b.go(&other);
    assert_eq!(b.value("input[name=respondent]"), "");
    assert_eq!(b.text("#progress"), "0 of 3 answered");
    let own = s.page("legacy.html", &["--form-id", "legacy-id"]);
    b.go(&own);
    assert_eq!(b.value("input[name=respondent]"), "Old");
    assert_eq!(b.checked("training"), "advancing");
    assert_eq!(
        b.js("return localStorage.getItem('persona-maturity:form:legacy-id');"),
        Value::Null,
        "moved, not copied"
    );
    b.reload();
    assert_eq!(b.checked("training"), "advancing");
}

/// Pressing Email answers or Copy proves nothing was sent: no Forget, leaving still asks, the bar
/// still says not downloaded, until the respondent says it was sent.
fn email_or_copy_counts_as_sent_only_when_the_respondent_says_so_in(s: &Session) {
    let b = &s.b;
    let url = s.page("q.html", &["--return-to", "ana@acme.example"]);
    b.go(&url);
    // No mail program here: the link is not followed (the page's own handler still runs).
    let no_mail = "window.addEventListener('click', function (e) { \
                   if (e.target.closest && e.target.closest('#email')) { e.preventDefault(); } });";
    b.js(no_mail);
    b.click("input[name=training][value=emerging]");
    b.click("#email");
    assert!(!b.visible("#forget"));
    assert!(leaving_asks(b), "pressing Email is not sending");
    assert_eq!(
        b.text("#bar-progress"),
        "1 of 17 answered · not downloaded yet"
    );
    let asking = b.text("#handed");
    assert!(
        asking.starts_with("You pressed Email answers at "),
        "{asking}"
    );
    assert!(asking.contains("press I sent it"), "{asking}");
    assert!(
        asking.contains("If nothing opened, press Download answers"),
        "{asking}"
    );
    // After a reload too.
    b.reload();
    assert!(leaving_asks(b));
    assert!(!b.visible("#forget"));
    assert!(b.visible("#sent"));
    // Said to be sent: now it counts, and Forget names the email, not a file.
    b.click("#sent");
    assert!(!leaving_asks(b));
    assert!(
        b.text("#handed.done").starts_with("Sent by email at "),
        "{}",
        b.text("#handed.done")
    );
    assert_eq!(b.text("#bar-progress"), "1 of 17 answered");
    b.click("#forget");
    let question = b.call("GET", "/alert/text", None);
    let question = question.as_str().unwrap();
    assert!(
        question.contains("They stay in the email you sent to ana@acme.example."),
        "{question}"
    );
    assert!(!question.contains(".yaml"), "{question}");
    b.call("POST", "/alert/accept", Some(json!({})));
    assert_eq!(b.checked("training"), Value::Null);

    // Copy: the same. (The clipboard is this test's: a headless browser may have none.)
    b.js(no_mail);
    b.js(
        "Object.defineProperty(navigator, 'clipboard', {configurable: true, \
          value: {writeText: function () { return Promise.resolve(); }}});",
    );
    b.click("input[name=training][value=advancing]");
    b.click("#copy");
    b.until(
        "return document.getElementById('handed').textContent.indexOf('You copied your answers at ') === 0;",
        "the page to ask whether the copy was sent",
    );
    assert!(leaving_asks(b));
    assert!(!b.visible("#forget"));
    // A change after pressing: the question goes (what was copied is not these answers).
    b.click("input[name=training][value=emerging]");
    assert!(!b.visible("#sent"));
    assert!(leaving_asks(b));
}

/// The file a name gives is the same on the page as in `import`: accents dropped, `ß`, `ø`, `ł`,
/// `æ` spelt plainly.
fn the_page_names_files_as_import_does_in(s: &Session) {
    let b = &s.b;
    b.go(&s.page("q.html", &[]));
    b.click("input[name=training][value=emerging]");
    let mut expected = Vec::new();
    for name in [
        "Jörg Weiß-Økland",
        "Łukasz Ærø",
        "Đorđe Þórsson",
        "Zoë \"Z\" O'Brien: #1",
        "李雷 Smith",
        "ΟΔΥΣΣΕΑΣ",
    ] {
        b.type_into("input[name=respondent]", name);
        b.click("#download");
        let slug = persona_maturity::hooks::commands::import::slug(name);
        let today = chrono::Local::now().format("%Y-%m-%d");
        expected.push(format!("persona-answers-{slug}-{today}.yaml"));
        let status = b.text("#status");
        assert_eq!(
            status,
            format!(
                "Downloaded {}. Send it back to whoever asked you to fill this in.",
                expected.last().unwrap()
            ),
            "{name}"
        );
    }
    assert_eq!(
        expected[0],
        format!(
            "persona-answers-jorg-weiss-okland-{}.yaml",
            chrono::Local::now().format("%Y-%m-%d")
        )
    );
    let names = finished_downloads(&s.downloads, expected.len());
    for e in &expected {
        assert!(names.contains(e), "no {e}: {names:?}");
    }
}

#[test]
fn a_form_id_reused_for_another_rubric_keeps_each_rubric_s_answers() {
    if let Some(s) = session() {
        a_form_id_reused_for_another_rubric_keeps_each_rubric_s_answers_in(&s);
    }
}

#[test]
fn a_form_id_reused_for_another_rubric_keeps_each_rubric_s_answers_in_firefox() {
    if let Some(s) = firefox_session() {
        a_form_id_reused_for_another_rubric_keeps_each_rubric_s_answers_in(&s);
    }
}

#[test]
fn email_or_copy_counts_as_sent_only_when_the_respondent_says_so() {
    if let Some(s) = session() {
        email_or_copy_counts_as_sent_only_when_the_respondent_says_so_in(&s);
    }
}

#[test]
fn email_or_copy_counts_as_sent_only_when_the_respondent_says_so_in_firefox() {
    if let Some(s) = firefox_session() {
        email_or_copy_counts_as_sent_only_when_the_respondent_says_so_in(&s);
    }
}

#[test]
fn the_page_names_files_as_import_does() {
    if let Some(s) = session() {
        the_page_names_files_as_import_does_in(&s);
    }
}
