// The offline questionnaire page: keeps every change in this browser, shows progress, and writes
// the answers file (YAML that `persona-maturity score` reads) into #answers-file, for download,
// email or copying. No request of any kind is made.
//
// Answers are stored under the page's own form id (data-form-id), never under its path: the same
// page opened from another folder finds them, and another page saved over the same path does not
// take them on. Tabs of one form stay in step through the `storage` event. An index of the forms
// this browser has answers for lets a new form of the same organization offer the earlier
// answers, which are applied only when the person asks.
//
// The page cannot send anything, so it makes the remaining step plain: what was downloaded (or
// emailed, or copied) and when, whether that file is still the right one, and a warning before
// leaving while answers are not in a file yet (a private window forgets everything on closing,
// and the page cannot tell it is in one). Notes are counted as the answers file counts them, in
// characters (code points), not in the UTF-16 units a textarea's maxlength counts.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  var byId = function (id) { return document.getElementById(id); };
  var rubric = form.getAttribute("data-rubric");
  var formId = form.getAttribute("data-form-id");
  var returnTo = form.getAttribute("data-return-to") || "";
  var prefill = {
    organization: form.getAttribute("data-organization") || "",
    role: form.getAttribute("data-role") || ""
  };
  var maxNote = Number(form.getAttribute("data-max-note")) || 2000;
  // Many mail programs cut a mailto link near 2,000 characters: longer, the answers go as a file.
  var maxMailto = 2000;
  var KEPT = "Your answers are kept in this browser as you go: close the page and come back at any time " +
    "(a private window forgets them when it closes). Nothing is sent anywhere; the file is yours to send.";
  var storeKey = "persona-maturity:form:" + formId;
  var indexKey = "persona-maturity:forms";
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var fields = ["respondent", "role", "organization"];
  var output = byId("answers-file");
  var token = "";
  var lastDownload = null;

  // Why storage failed, in words: full, or blocked (a setting, or a private window in some
  // browsers).
  function storageTrouble(e) {
    var full = e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
      e.code === 22 || e.code === 1014);
    return full ? "its storage for pages is full" : "storage is blocked here (by a setting, or in a private window)";
  }

  var storage = null;
  var storageWhy = "";
  try {
    window.localStorage.setItem(storeKey + ":probe", "1");
    window.localStorage.removeItem(storeKey + ":probe");
    storage = window.localStorage;
  } catch (e) {
    storage = null;
    storageWhy = storageTrouble(e);
  }

  function attributeOf(q) { return q.getAttribute("data-attribute"); }
  function radios(q) { return Array.prototype.slice.call(q.querySelectorAll("input[type=radio]")); }
  function chosen(q) {
    var r = radios(q).filter(function (x) { return x.checked; })[0];
    return r ? r.value : "";
  }
  function note(q) { return q.querySelector("textarea").value; }
  // Characters as the answers file counts them: code points (an emoji is one, not two).
  function chars(text) { return Array.from(text).length; }
  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function title(q) { return q.querySelector("legend .title").textContent; }

  // A YAML double-quoted scalar: JSON's escaping, plus the characters YAML reads as line breaks
  // or does not allow (DEL, C1 controls, line and paragraph separators, BOM, non-characters),
  // and lone surrogates made replacement characters.
  function quote(s) {
    s = String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
      function (m, before) { return (before || "") + "\ufffd"; });
    return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()); }
  function today() { return isoDay(new Date()); }
  function clock(d) { return two(d.getHours()) + ":" + two(d.getMinutes()); }

  function state() {
    // `prefill`: what the page said when these were kept, so that a corrected page can tell
    // what its sender fixed from what the respondent changed.
    var s = { fields: {}, answers: {}, notes: {}, token: token, downloaded: lastDownload,
      prefill: { organization: prefill.organization, role: prefill.role } };
    fields.forEach(function (f) { s.fields[f] = byId("f-" + f).value; });
    questions.forEach(function (q) {
      var a = attributeOf(q);
      if (chosen(q)) { s.answers[a] = chosen(q); }
      if (note(q)) { s.notes[a] = note(q); }
    });
    return s;
  }

  function counts(s) {
    var answered = 0, unsure = 0;
    questions.forEach(function (q) {
      var v = (s.answers || {})[attributeOf(q)] || "";
      if (v === "unsure") { unsure += 1; } else if (v) { answered += 1; }
    });
    return { answered: answered, unsure: unsure };
  }

  // "14 of 17 answered · 3 not sure": the one wording for counts, everywhere on the page.
  function countsText(c) {
    return c.answered + " of " + questions.length + " answered" + (c.unsure ? " · " + c.unsure + " not sure" : "");
  }

  function hasAnswers(s) {
    var c = counts(s);
    return c.answered + c.unsure > 0 || Object.keys(s.notes).some(function (a) { return s.notes[a].trim(); });
  }

  function answersFile(s) {
    var lines = [
      "# Answers filled in on the offline questionnaire page (" + document.title.replace(/[\r\n]/g, " ") + ").",
      "# Score it with: persona-maturity score <this file>",
      "rubric: " + quote(rubric)
    ];
    var name = s.fields.respondent.trim();
    var role = s.fields.role.trim();
    var org = s.fields.organization.trim();
    if (org) { lines.push("organization: " + quote(org)); }
    if (name || role) {
      lines.push("respondent:");
      if (name) { lines.push("  name: " + quote(name)); }
      if (role) { lines.push("  role: " + quote(role)); }
    }
    lines.push("date: " + today());
    var body = [];
    questions.forEach(function (q) {
      var a = attributeOf(q);
      var level = s.answers[a] || "";
      // A note as typed, spaces and all; only a blank one is left out.
      var n = s.notes[a] || "";
      if (!n.trim()) { n = ""; }
      if (!level && !n) { return; }
      if (!n) {
        body.push("  " + a + ": " + level);
      } else {
        body.push("  " + a + ":");
        body.push("    level: " + (level || "unsure"));
        body.push("    note: " + quote(n));
      }
    });
    lines.push(body.length ? "answers:" : "answers: {}");
    return lines.concat(body).join("\n") + "\n";
  }

  // What a file says, without the day it was written: a file downloaded yesterday with the same
  // answers is still the right one. FNV-1a over the UTF-16 units.
  function signature(text) {
    var h = 0x811c9dc5;
    text = text.replace(/^date: .*$/m, "");
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16);
  }

  // ---- storage ----

  function readJson(key) {
    if (!storage) { return null; }
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function index() {
    var i = readJson(indexKey);
    return i && typeof i === "object" ? i : {};
  }

  function setText(el, text) {
    // Only a change is written, so a screen reader announces changes, not every keystroke.
    if (el.textContent !== text) { el.textContent = text; }
  }

  function save(s) {
    var saved = byId("saved");
    if (!storage) { return; }
    try {
      storage.setItem(storeKey, JSON.stringify(s));
      var i = index();
      var c = counts(s);
      i[formId] = {
        rubric: rubric,
        organization: (s.fields.organization || "").trim(),
        saved: today(),
        answered: c.answered,
        unsure: c.unsure
      };
      storage.setItem(indexKey, JSON.stringify(i));
      saved.className = "saved";
      setText(saved, KEPT);
    } catch (e) {
      saved.className = "saved off";
      setText(saved, "Could not save in this browser: download your answers before you close the page.");
      storageWarning("This browser stopped keeping your answers (" + storageTrouble(e) + "): download them before you close the page.");
    }
  }

  function apply(s) {
    fields.forEach(function (f) {
      if (s.fields && typeof s.fields[f] === "string") { byId("f-" + f).value = s.fields[f]; }
    });
    questions.forEach(function (q) {
      var a = attributeOf(q);
      var level = s.answers && s.answers[a];
      radios(q).forEach(function (r) { r.checked = r.value === level; });
      var t = q.querySelector("textarea");
      var n = (s.notes && s.notes[a]) || "";
      if (t.value !== n) { t.value = n; }
    });
    if (typeof s.token === "string") { token = s.token; }
    lastDownload = s.downloaded || null;
  }

  // A corrected page (the same --form-id, the organization or role fixed): what the sender put
  // on the page now wins over what was kept, unless the page already said so when it was kept
  // (then the respondent's own change stands). Returns what changed.
  function sendersFixes(s) {
    var fixed = [];
    ["organization", "role"].forEach(function (f) {
      var now = prefill[f];
      if (!now || !s.fields) { return; }
      var kept = typeof s.fields[f] === "string" ? s.fields[f] : "";
      var pageThen = s.prefill ? s.prefill[f] : null;
      if (pageThen === now || kept === now) { return; }
      fixed.push({ field: f, was: kept, now: now });
      s.fields[f] = now;
    });
    return fixed;
  }

  function showFixes(fixed) {
    if (!fixed.length) { return; }
    var words = { organization: "organization", role: "role or team" };
    var box = byId("corrected");
    box.textContent = "This page was corrected by whoever sent it: " + fixed.map(function (x) {
      return "your " + words[x.field] + " is now \u201c" + x.now + "\u201d" +
        (x.was ? " (it was \u201c" + x.was + "\u201d)" : "");
    }).join("; ") + ". Your answers are as you left them. If this is wrong, change it under About you.";
    box.hidden = false;
  }

  // Earlier answers of the same organization on another form: offered, never applied unasked.
  function offerEarlier() {
    var org = prefill.organization.trim().toLowerCase();
    var rubricId = rubric.split("@")[0];
    var best = null;
    var i = index();
    Object.keys(i).forEach(function (id) {
      var e = i[id];
      if (id === formId || !e || !(e.answered || e.unsure)) { return; }
      if (String(e.rubric || "").split("@")[0] !== rubricId) { return; }
      if (String(e.organization || "").trim().toLowerCase() !== org) { return; }
      var kept = readJson("persona-maturity:form:" + id);
      if (!kept) { return; }
      if (!best || String(e.saved) > String(best.saved)) { best = { id: id, saved: e.saved, counts: counts(kept) }; }
    });
    // Pages made before forms had ids kept their answers under their path: offered the same way.
    if (!best && storage) {
      for (var k = 0; k < storage.length; k++) {
        var key = storage.key(k);
        if (!key || key.indexOf("persona-maturity:" + rubricId + "@") !== 0) { continue; }
        var old = readJson(key);
        if (!old || !old.answers || !Object.keys(old.answers).length) { continue; }
        var oldOrg = String((old.fields && old.fields.organization) || "").trim().toLowerCase();
        if (oldOrg !== org) { continue; }
        best = { key: key, saved: "", counts: counts(old) };
      }
    }
    if (!best) { return; }
    var box = byId("earlier");
    var when = best.saved ? " of " + best.saved : " on an earlier page";
    byId("earlier-text").textContent = "This browser has your answers to an earlier questionnaire" +
      (org ? " for " + prefill.organization.trim() : "") + " (" + countsText(best.counts) +
      (best.saved ? ", last changed " + best.saved : "") + "). Start from your answers" + when +
      "? You can change any of them.";
    byId("earlier-use").textContent = "Start from your answers" + when;
    box.hidden = false;
    byId("earlier-use").addEventListener("click", function () {
      var old = readJson(best.key || "persona-maturity:form:" + best.id) || {};
      var s = state();
      s.answers = old.answers || {};
      s.notes = old.notes || {};
      if (old.fields) {
        s.fields.respondent = s.fields.respondent || old.fields.respondent || "";
        // What this page was made for wins over what the earlier form said.
        s.fields.role = prefill.role || s.fields.role || old.fields.role || "";
        s.fields.organization = prefill.organization || s.fields.organization || old.fields.organization || "";
      }
      apply(s);
      fitAll();
      box.hidden = true;
      update(true);
      status("Your earlier answers are filled in: check each one is still true today.");
    });
    byId("earlier-no").addEventListener("click", function () { box.hidden = true; });
  }

  function storageWarning(text) {
    var p = byId("promise");
    p.className = "howto warn js-only screen-only";
    p.textContent = text;
  }

  // ---- the page ----

  function slug(s) {
    var out = s.normalize ? s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : s;
    out = out.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return out;
  }

  function randomToken() {
    var a = new Uint8Array(4);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // persona-answers-<name, or a random word kept with the answers>-<date>.yaml: two people's
  // files never share a name, and neither do one person's files of two days.
  function fileName() {
    var who = slug(byId("f-respondent").value.trim());
    if (!who) {
      if (!token) { token = randomToken(); }
      who = token;
    }
    return "persona-answers-" + who + "-" + today() + ".yaml";
  }

  function status(text) { setText(byId("status"), text); }

  function openList(open, notSure) {
    var list = byId("open-list");
    list.textContent = "";
    var links = function (heading, qs) {
      var p = document.createElement("p");
      p.textContent = heading;
      var ul = document.createElement("ul");
      qs.forEach(function (q) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + q.id;
        a.textContent = title(q);
        li.appendChild(a);
        ul.appendChild(li);
      });
      list.appendChild(p);
      list.appendChild(ul);
    };
    if (open.length) {
      links(open.length === 1 ? "Not answered yet:" : open.length + " not answered yet:", open);
    }
    if (notSure.length) {
      links("Not sure (come back to them if you can find out):", notSure);
    }
    if (!open.length && !lastDownload) {
      var done = document.createElement("p");
      done.textContent = "Every question has an answer. Download your answers and send the file back.";
      list.appendChild(done);
    }
  }

  var sendTo = " to " + (returnTo || "whoever asked you to fill this in");

  // What was handed over (downloaded, emailed, copied), and whether it is still what the page
  // says: the step the respondent must still take, in one place.
  function handed(s) {
    var box = byId("handed");
    var current = !!lastDownload && lastDownload.sig === signature(output.value);
    var key = !lastDownload ? "" : (current ? "current:" : "stale:") + lastDownload.sig + ":" + lastDownload.at;
    if (box.getAttribute("data-key") === key) { return current; }
    box.setAttribute("data-key", key);
    box.textContent = "";
    box.className = "handed";
    if (!lastDownload) { return false; }
    var what = {
      download: "Downloaded " + lastDownload.name,
      email: "Put your answers in an email",
      copy: "Copied your answers"
    }[lastDownload.how || "download"];
    var p = document.createElement("p");
    var buttons = document.createElement("div");
    buttons.className = "buttons";
    if (current) {
      box.className = "handed done";
      p.textContent = what + " at " + lastDownload.at + " (" + lastDownload.answered + ")." +
        (lastDownload.how === "download" || !lastDownload.how ? " Send that file back" + sendTo + "." :
          " Send it" + sendTo + ".") +
        " When it is sent, you can remove your answers from this browser.";
      var forget = document.createElement("button");
      forget.type = "button";
      forget.id = "forget";
      forget.textContent = "Forget my answers on this computer";
      forget.addEventListener("click", forgetAnswers);
      buttons.appendChild(forget);
    } else {
      box.className = "handed stale";
      status("");
      var strong = document.createElement("strong");
      strong.textContent = "Out of date: ";
      p.appendChild(strong);
      var how = lastDownload.how || "download";
      var after = { download: "downloading " + lastDownload.name, email: "putting them in an email", copy: "copying them" }[how];
      var that = { download: "that file", email: "that email", copy: "that copy" }[how];
      p.appendChild(document.createTextNode("you changed your answers after " + after + " at " + lastDownload.at +
        ", so " + that + " still has your earlier answers. Download them again and send the new file" + sendTo + "."));
      var again = document.createElement("button");
      again.type = "button";
      again.className = "primary";
      again.id = "download-again";
      again.textContent = "Download again";
      again.addEventListener("click", download);
      buttons.appendChild(again);
    }
    box.appendChild(p);
    box.appendChild(buttons);
    return current;
  }

  // RFC 6068: line breaks in a mailto body are CRLF. Over the length many mail programs take,
  // the link carries the subject and a line saying the answers file is attached.
  function emailHref(s) {
    var name = s.fields.respondent.trim();
    var subject = document.title + (name ? ": " + name : "");
    var head = "mailto:" + encodeURIComponent(returnTo).replace(/%40/g, "@") + "?subject=" + encodeURIComponent(subject);
    var full = head + "&body=" + encodeURIComponent(output.value.replace(/\r?\n/g, "\r\n"));
    if (full.length <= maxMailto) { return { href: full, fits: true, length: full.length }; }
    var attach = "My answers file is attached (" + fileName() + ").\r\n";
    return { href: head + "&body=" + encodeURIComponent(attach), fits: false, length: full.length };
  }

  var mail = { fits: true, length: 0 };

  function update(persist) {
    var s = state();
    output.value = answersFile(s);
    mail = emailHref(s);
    byId("email").href = mail.href;
    var tooLong = byId("email-too-long");
    tooLong.hidden = mail.fits;
    if (!mail.fits) {
      setText(tooLong, "Your answers are too long for an email link (" + group(mail.length) + " characters; many mail " +
        "programs cut links near " + group(maxMailto) + "): press Download answers, then attach the file to an email. " +
        "Email answers opens an email for it.");
    }
    var notSure = [], open = [];
    questions.forEach(function (q) {
      var v = chosen(q);
      q.classList.toggle("answered", v !== "");
      radios(q).forEach(function (r) { r.parentNode.classList.toggle("chosen", r.checked); });
      if (v === "unsure") { notSure.push(q); } else if (!v) { open.push(q); }
    });
    var text = countsText(counts(s));
    setText(byId("progress"), text);
    openList(open, notSure);
    var current = handed(s);
    // The bar says whether the file is still to be made, or made stale by a change.
    var step = !hasAnswers(s) ? "" : !lastDownload ? " · not downloaded yet" : current ? "" : " · changed since your download";
    setText(byId("bar-progress"), text + step);
    unsaved = hasAnswers(s) && !current;
    if (persist) { save(s); }
  }

  var unsaved = false;

  // While answers are not in a file: a private window forgets them on closing, and the page
  // cannot know it is one.
  window.addEventListener("beforeunload", function (e) {
    if (!unsaved) { return undefined; }
    e.preventDefault();
    e.returnValue = "Your answers are not downloaded yet.";
    return e.returnValue;
  });

  function handOver(how, name) {
    var c = counts(state());
    lastDownload = { how: how, name: name || "", at: clock(new Date()) + " on " + today(),
      answered: countsText(c), sig: signature(output.value) };
    update(true);
  }

  function download() {
    update(false);
    var c = counts(state());
    if (c.answered + c.unsure === 0 &&
        !window.confirm("You have not answered any question yet. Download an empty answers file anyway?")) {
      return;
    }
    var name = fileName();
    var blob = new Blob([output.value], { type: "application/x-yaml" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    handOver("download", name);
    status("Downloaded " + name + ". Send it back" + sendTo + ".");
  }

  byId("download").addEventListener("click", download);

  byId("email").addEventListener("click", function () {
    update(true);
    if (!mail.fits) {
      status("Your mail program opens with an empty message" + (returnTo ? " to " + returnTo : "") +
        ": attach your answers file to it (press Download answers first).");
      return;
    }
    handOver("email");
    status("Your mail program opens with the answers in the message" + (returnTo ? ", to " + returnTo : "") +
      ". If nothing opens, use Download answers and attach the file.");
  });

  byId("copy").addEventListener("click", function () {
    update(true);
    var done = function () {
      handOver("copy");
      status("Copied: paste it into an email or a chat message.");
    };
    var fallback = function () {
      output.focus();
      output.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (ok) { done(); } else { status("Select the text above and copy it (Ctrl+C or ⌘C)."); }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(output.value).then(done, fallback);
    } else {
      fallback();
    }
  });

  // Removed from this browser: the kept answers and this form's entry in the index. Other tabs
  // of the page see the key go and empty themselves too.
  function removeKept() {
    if (!storage) { return; }
    storage.removeItem(storeKey);
    var i = index();
    delete i[formId];
    try { storage.setItem(indexKey, JSON.stringify(i)); } catch (e) { /* nothing to keep */ }
  }

  // The page as it came: the sender's values back in their fields, nothing answered.
  function emptyPage() {
    form.reset();
    token = "";
    lastDownload = null;
    Array.prototype.forEach.call(form.querySelectorAll("textarea"), function (t) { counter(t, false); });
    fitAll();
    update(false);
  }

  byId("clear").addEventListener("click", function () {
    if (!window.confirm("Clear every answer on this page? Your answers are removed from this browser too, " +
        "in every tab of this page. This cannot be undone.")) {
      return;
    }
    removeKept();
    emptyPage();
    status("Cleared.");
  });

  function forgetAnswers() {
    var was = lastDownload ? lastDownload.name : "";
    if (!window.confirm("Remove your answers from this browser? " + (was ? "The file " + was + " you downloaded keeps them. " : "") +
        "The page will be empty.")) {
      return;
    }
    removeKept();
    emptyPage();
    status("Your answers are no longer kept in this browser." + (was ? " " + was + " has them: send it back" + sendTo + "." : ""));
  }

  // Another tab of the same form changed the answers: take them, so neither tab loses the other's.
  // Another tab cleared them (or forgot them): empty this one too, or its next change would
  // bring them back.
  window.addEventListener("storage", function (e) {
    if (e.key !== storeKey && e.key !== null) { return; }
    if (e.key === null || e.newValue === null) {
      if (storage && storage.getItem(storeKey) === null && hasAnswers(state())) {
        emptyPage();
        status("Your answers were cleared in another tab of this page.");
      }
      return;
    }
    var s;
    try { s = JSON.parse(e.newValue); } catch (err) { return; }
    apply(s);
    fitAll();
    update(false);
  });

  // A note grows with its text, so none is cut off on screen or on paper.
  function fit(t) {
    if (t.id === "answers-file") { return; }
    t.style.height = "auto";
    t.style.height = (t.scrollHeight + 2) + "px";
  }
  function fitAll() { Array.prototype.forEach.call(form.querySelectorAll("textarea"), fit); }

  // A note's counter, and its limit kept as the answers file counts: what is over is cut, and
  // the page says so.
  function counter(t, typed) {
    if (t.id === "answers-file") { return; }
    var id = t.id.replace(/^n-/, "");
    var count = byId("nc-" + id);
    var cut = byId("ncut-" + id);
    var n = chars(t.value);
    if (n > maxNote) {
      var over = n - maxNote;
      t.value = Array.from(t.value).slice(0, maxNote).join("");
      n = maxNote;
      if (typed) {
        cut.hidden = false;
        setText(cut, "Your note was cut to " + group(maxNote) + " characters, the most an answers file keeps: the last " +
          group(over) + (over === 1 ? " character was" : " characters were") + " left out.");
      }
    } else if (n < maxNote && !cut.hidden) {
      cut.hidden = true;
      setText(cut, "");
    }
    count.hidden = n === 0;
    setText(count, group(n) + " of " + group(maxNote) + " characters");
  }

  form.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") {
      counter(e.target, true);
      fit(e.target);
    }
    update(true);
  });
  window.addEventListener("beforeprint", fitAll);
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  byId("form-body").disabled = false;
  var stored = readJson(storeKey);
  var fixes = [];
  if (stored) {
    fixes = sendersFixes(stored);
    apply(stored);
  } else {
    offerEarlier();
  }
  Array.prototype.forEach.call(form.querySelectorAll("textarea"), function (t) { counter(t, false); });
  fitAll();
  update(fixes.length > 0);
  showFixes(fixes);
  if (!storage) {
    storageWarning("This browser does not keep your answers here (" + storageWhy + "): " +
      "fill in everything in one go and download your answers before you close the page.");
    byId("saved").className = "saved off";
    byId("saved").textContent = "Not kept in this browser: download your answers before you close the page.";
  } else {
    byId("saved").textContent = KEPT;
  }
})();
