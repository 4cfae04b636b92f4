// The offline questionnaire page: keeps every change in this browser, shows progress, and writes
// the answers file (YAML that `persona-maturity score` reads) into #answers-file, for download,
// email or copying. No request of any kind is made.
//
// Answers are stored under the page's own form id (data-form-id) and its rubric (id@version),
// never under its path: the same page opened from another folder finds them, another page saved
// over the same path does not take them on, and a page of another rubric given the same form id
// keeps its own. Tabs of one form stay in step through the `storage` event. An index of the forms
// this browser has answers for lets a new form of the same organization offer the earlier
// answers, which are applied only when the person asks.
//
// A corrected page (the same form id, made later: data-made) puts what its sender fixed first;
// the stored answers remember the newest page's values, so an older copy opened afterwards
// changes nothing and says it is older.
//
// The page cannot send anything, so it makes the remaining step plain: what was downloaded and
// when, whether that file is still the right one, and a warning before leaving while answers are
// not in a downloaded file (a private window forgets everything on closing, and the page cannot
// tell it is in one). Pressing Email or Copy proves nothing was sent: the page asks, and only
// the respondent's "I sent it" counts. Notes and names are limited as the answers file counts
// them, in characters (code points), not in the UTF-16 units a maxlength counts; at the limit
// what is added is refused, never the text already there.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  var byId = function (id) { return document.getElementById(id); };
  var rubric = form.getAttribute("data-rubric");
  var formId = form.getAttribute("data-form-id");
  var returnTo = form.getAttribute("data-return-to") || "";
  // What this page says, and when it was made (a fixed-width UTC time: compared as text).
  var prefill = {
    organization: form.getAttribute("data-organization") || "",
    role: form.getAttribute("data-role") || "",
    made: form.getAttribute("data-made") || ""
  };
  // The newest page of this form seen in this browser: this one, unless a later one was opened.
  var newest = prefill;
  var maxNote = Number(form.getAttribute("data-max-note")) || 2000;
  var maxLabel = Number(form.getAttribute("data-max-label")) || 200;
  var scoreHint = form.getAttribute("data-score") || "persona-maturity score <this file>";
  // Many mail programs cut a mailto link near 2,000 characters: longer, the answers go as a file.
  var maxMailto = 2000;
  var KEPT = "Your answers are kept in this browser as you go: close the page and come back at any time " +
    "(a private window forgets them when it closes). Nothing is sent anywhere; the file is yours to send.";
  // One form id, one rubric: a page of another rubric given the same --form-id keeps its own.
  var storeId = formId + "|" + rubric;
  var storeKey = "persona-maturity:form:" + storeId;
  // Where answers were kept before the rubric was part of the key.
  var legacyKey = "persona-maturity:form:" + formId;
  var indexKey = "persona-maturity:forms";
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var fields = ["respondent", "role", "organization"];
  var output = byId("answers-file");
  var token = "";
  // The file handed over: downloaded, or sent in an email or message the respondent said they
  // sent. Only this makes leaving without asking, and forgetting, safe.
  var lastDownload = null;
  // Email or Copy pressed: nothing proves the answers left, so the page asks.
  var pending = null;

  // Why storage failed, in words: full, or blocked (a setting, or a private window in some
  // browsers).
  function storageTrouble(e) {
    var full = e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
      e.code === 22 || e.code === 1014);
    return full ? "its storage for pages is full" : "storage is blocked here, by a setting or because this is a private window";
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
    // `prefill`: what the newest page of this form said, so that a corrected page can tell what
    // its sender fixed from what the respondent changed, and an older copy changes nothing.
    var s = { fields: {}, answers: {}, notes: {}, token: token, downloaded: lastDownload, pending: pending,
      prefill: { organization: newest.organization, role: newest.role, made: newest.made } };
    fields.forEach(function (f) { s.fields[f] = byId("f-" + f).value; });
    questions.forEach(function (q) {
      var a = attributeOf(q);
      if (chosen(q)) { s.answers[a] = chosen(q); }
      if (note(q)) { s.notes[a] = note(q); }
    });
    return s;
  }

  // The level an answers file gets for attribute `a`: a note without a level is written as
  // `level: unsure`, so the page counts it as not sure too.
  function levelOf(s, a) {
    var v = (s.answers || {})[a] || "";
    if (!v && String((s.notes || {})[a] || "").trim()) { v = "unsure"; }
    return v;
  }

  function counts(s) {
    var answered = 0, unsure = 0;
    questions.forEach(function (q) {
      var v = levelOf(s, attributeOf(q));
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
      "# Score it with: " + scoreHint.replace(/[\r\n]/g, " "),
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
      i[storeId] = {
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
      storageWarning("This browser stopped keeping your answers: " + storageTrouble(e) + ". Download them before you close the page.");
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
    pending = s.pending || null;
    // Kept by a build that counted pressing Email or Copy as sending: now asked.
    if (lastDownload && lastDownload.how && lastDownload.how !== "download" && !lastDownload.confirmed) {
      pending = lastDownload;
      lastDownload = null;
    }
    if (s.prefill && later(s.prefill.made, newest.made)) {
      newest = { organization: s.prefill.organization || "", role: s.prefill.role || "", made: s.prefill.made };
    }
  }

  // Whether page time `a` is later than `b` (fixed-width UTC times compare as text; a page of
  // an earlier build has none).
  function later(a, b) { return !!a && (!b || a > b); }

  // A corrected page (the same --form-id, made later than the page the answers were kept under,
  // the organization or role fixed): what the sender put on the page now wins over what was
  // kept, unless the page already said so when it was kept (then the respondent's own change
  // stands). An older copy of the page changes nothing. Returns what changed.
  function sendersFixes(s) {
    var fixed = [];
    if (!s.fields || (s.prefill && !later(prefill.made, s.prefill.made) && s.prefill.made)) { return fixed; }
    ["organization", "role"].forEach(function (f) {
      var now = prefill[f];
      if (!now) { return; }
      var kept = typeof s.fields[f] === "string" ? s.fields[f] : "";
      var pageThen = s.prefill ? s.prefill[f] : null;
      if (pageThen === now || kept === now) { return; }
      fixed.push({ field: f, was: kept, now: now });
      s.fields[f] = now;
    });
    return fixed;
  }

  // "7 December 2026 at 16:57", in this computer's time.
  function when(made) {
    var d = new Date(String(made).slice(0, 23) + "Z");
    if (isNaN(d.getTime())) { return ""; }
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"];
    return d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear() + " at " + clock(d);
  }

  // This copy of the page is older than one opened before: it says so, and changes nothing.
  function showOlder() {
    var box = byId("corrected");
    var then = when(newest.made);
    box.textContent = "This is an older copy of this page: a newer copy" + (then ? ", made " + then + "," : "") +
      " was opened in this browser before, and what it corrected stays as it is, as do your answers. " +
      "Use the newest copy of the page if you still have it.";
    box.hidden = false;
  }

  function fixesText(fixed) {
    var words = { organization: "organization", role: "role or team" };
    return fixed.map(function (x) {
      return "your " + words[x.field] + " is now \u201c" + x.now + "\u201d" +
        (x.was ? " (it was \u201c" + x.was + "\u201d)" : "");
    }).join("; ");
  }

  function showFixes(fixed) {
    if (!fixed.length) { return; }
    var box = byId("corrected");
    box.textContent = "This page was corrected by whoever sent it: " + fixesText(fixed) +
      ". Your answers are as you left them. If this is wrong, change it under About you.";
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
      if (id === storeId || !e || !(e.answered || e.unsure)) { return; }
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

  // Letters that have no accent to drop but a plain spelling: the same table as the tool's own
  // file names (`import`), so one name gives one file name everywhere.
  var FOLD = { "\u00df": "ss", "\u1e9e": "ss", "\u00e6": "ae", "\u00c6": "ae", "\u0153": "oe", "\u0152": "oe",
    "\u00f8": "o", "\u00d8": "o", "\u0142": "l", "\u0141": "l", "\u0111": "d", "\u0110": "d", "\u00f0": "d",
    "\u00d0": "d", "\u00fe": "th", "\u00de": "th", "\u0131": "i", "\u0127": "h", "\u0126": "h", "\u0167": "t",
    "\u0166": "t" };

  // A file name from a person's name: accents dropped, the letters above spelled plainly,
  // lowercase letters and digits (other scripts kept), the rest as single hyphens, at most 60
  // characters.
  function slug(s) {
    var out = s.normalize ? s.normalize("NFKD").replace(/\p{M}/gu, "") : s;
    // Character by character, as the tool lowercases (no context rules such as a final sigma).
    out = Array.from(out).map(function (c) { return FOLD[c] || c.toLowerCase(); }).join("");
    out = out.replace(/[^\p{Alphabetic}\p{N}]+/gu, "-").replace(/^-+/, "");
    return Array.from(out).slice(0, 60).join("").replace(/-+$/, "");
  }

  // A random word, easy to read out and to tell apart: four syllables, about 24 million of them.
  function randomToken() {
    var consonants = "bdfgklmnprstvz", vowels = "aeiou";
    var a = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(a);
    var word = "";
    for (var i = 0; i < 8; i += 2) {
      word += consonants.charAt(a[i] % consonants.length) + vowels.charAt(a[i + 1] % vowels.length);
    }
    return word;
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
      // A note without a level is written as not sure: listed with them.
      links("Not sure, or a note without a level (come back to them if you can find out):", notSure);
    }
    if (!open.length && !lastDownload) {
      var done = document.createElement("p");
      done.textContent = "Every question has an answer. Download your answers and send the file back.";
      list.appendChild(done);
    }
  }

  var sendTo = " to " + (returnTo || "whoever asked you to fill this in");

  function button(id, text, onClick, primary) {
    var b = document.createElement("button");
    b.type = "button";
    b.id = id;
    b.textContent = text;
    if (primary) { b.className = "primary"; }
    b.addEventListener("click", onClick);
    return b;
  }

  // Where the answers that were handed over now are, in words: for the done line, Forget's
  // question and the status after forgetting.
  function whereKept(d) {
    return {
      download: "the file " + d.name + " you downloaded",
      email: "the email you sent" + (returnTo ? " to " + returnTo : ""),
      copy: "the message you pasted them into"
    }[d.how || "download"];
  }

  // What was handed over (downloaded, or sent as the respondent says), and whether it is still
  // what the page says; or Email or Copy pressed and not yet said to be sent: the step the
  // respondent must still take, in one place.
  function handed(s) {
    var box = byId("handed");
    var sig = signature(output.value);
    var current = !!lastDownload && lastDownload.sig === sig;
    var asking = !current && !!pending && pending.sig === sig;
    var key = asking ? "asking:" + pending.how + ":" + pending.at :
      !lastDownload ? "" : (current ? "current:" : "stale:") + lastDownload.sig + ":" + lastDownload.at +
        ":" + (lastDownload.corrected ? "corrected" : "");
    if (box.getAttribute("data-key") === key) { return current; }
    box.setAttribute("data-key", key);
    box.textContent = "";
    box.className = "handed";
    var p = document.createElement("p");
    var buttons = document.createElement("div");
    buttons.className = "buttons";
    if (asking) {
      box.className = "handed asking";
      p.textContent = (pending.how === "email" ?
        "You pressed Email answers at " + pending.at + " (" + pending.answered + "). If your mail program opened with " +
          "your answers and you sent the email, press I sent it. If nothing opened, press Download answers and " +
          "attach the file to an email" + sendTo + "." :
        "You copied your answers at " + pending.at + " (" + pending.answered + "). Once you have pasted them into a " +
          "message and sent it" + sendTo + ", press I sent it; or press Download answers and send the file.");
      buttons.appendChild(button("sent", "I sent it", confirmSent, true));
    } else if (!lastDownload) {
      return false;
    } else if (current) {
      box.className = "handed done";
      var how = lastDownload.how || "download";
      p.textContent = (how === "download" ?
        "Downloaded " + lastDownload.name + " at " + lastDownload.at + " (" + lastDownload.answered + "). Send that file back" +
          sendTo + ". When it is sent, you can remove your answers from this browser." :
        "Sent " + (how === "email" ? "by email" : "as a message") + " at " + lastDownload.at + " (" +
          lastDownload.answered + "), as you said. You can remove your answers from this browser now.");
      buttons.appendChild(button("forget", "Forget my answers on this computer", forgetAnswers));
    } else {
      box.className = "handed stale";
      status("");
      var strong = document.createElement("strong");
      strong.textContent = "Out of date: ";
      p.appendChild(strong);
      var sent = lastDownload.how === "email" || lastDownload.how === "copy";
      var after = sent ? "sending them at " + lastDownload.at : "downloading " + lastDownload.name + " at " + lastDownload.at;
      var that = sent ? "what you sent" : "that file";
      // A correction by the sender is not the respondent's change: said as what it is.
      p.appendChild(document.createTextNode((lastDownload.corrected ?
        "this page was corrected after " + after + " (" + lastDownload.corrected + "), so " + that +
          " still has the earlier values." :
        "you changed your answers after " + after + ", so " + that + " still has your earlier answers.") +
        " Download them again and send the new file" + sendTo + "."));
      buttons.appendChild(button("download-again", "Download again", download, true));
    }
    box.appendChild(p);
    box.appendChild(buttons);
    return current;
  }

  // The respondent says the email or message was sent: that counts as handed over.
  function confirmSent() {
    if (!pending) { return; }
    lastDownload = { how: pending.how, name: "", at: pending.at, answered: pending.answered, sig: pending.sig,
      confirmed: true };
    pending = null;
    update(true);
    status("Thank you: your answers are sent. You can remove them from this browser with Forget my answers on this computer.");
  }

  // Whether the file in Downloads is the current answers.
  function downloadedNow() {
    return !!lastDownload && lastDownload.how === "download" && lastDownload.sig === signature(output.value);
  }

  // RFC 6068: line breaks in a mailto body are CRLF. Over the length many mail programs take,
  // the answers cannot go in the link: once the file is downloaded the link carries the subject
  // and a line saying the file is attached (the respondent attaches it); before that it opens
  // nothing, and the page asks for the download first.
  function emailHref(s) {
    var name = s.fields.respondent.trim();
    var subject = document.title + (name ? ": " + name : "");
    var head = "mailto:" + encodeURIComponent(returnTo).replace(/%40/g, "@") + "?subject=" + encodeURIComponent(subject);
    var full = head + "&body=" + encodeURIComponent(output.value.replace(/\r?\n/g, "\r\n"));
    if (full.length <= maxMailto) { return { href: full, fits: true, length: full.length }; }
    if (!downloadedNow()) { return { href: "#download", fits: false, length: full.length }; }
    var attach = "My answers file is attached: " + lastDownload.name + ".\r\n";
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
      var why = "Your answers are too long to go in an email link (" + group(mail.length) + " characters; many mail " +
        "programs cut links near " + group(maxMailto) + "). ";
      setText(tooLong, why + (downloadedNow() ?
        "Email answers opens an email" + (returnTo ? " to " + returnTo : "") + " without them: attach " +
          lastDownload.name + " (in your downloads) before you send it." :
        "Press Download answers first; then Email answers opens an email" + (returnTo ? " to " + returnTo : "") +
          " for you to attach the file to."));
    }
    var notSure = [], open = [];
    questions.forEach(function (q) {
      var v = levelOf(s, attributeOf(q));
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
    limited().forEach(function (t) { accepted[t.id] = t.value; });
    if (persist) { save(s); }
  }

  var unsaved = false;

  // While answers are not in a downloaded file (or a message the respondent says they sent): a
  // private window forgets them on closing, and the page cannot know it is one.
  window.addEventListener("beforeunload", function (e) {
    if (!unsaved) { return undefined; }
    e.preventDefault();
    e.returnValue = "Your answers are not downloaded yet.";
    return e.returnValue;
  });

  function handOver(how, name) {
    var c = counts(state());
    var d = { how: how, name: name || "", at: clock(new Date()) + " on " + today(),
      answered: countsText(c), sig: signature(output.value) };
    if (how === "download") {
      lastDownload = d;
      pending = null;
    } else {
      pending = d;
    }
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

  byId("email").addEventListener("click", function (e) {
    update(true);
    if (!mail.fits) {
      if (!downloadedNow()) {
        // Nothing to attach yet: no mail program opens, the Download button is next.
        e.preventDefault();
        byId("download").focus();
        status("Your answers are too long to go in an email link: press Download answers first, then Email answers, " +
          "and attach the file to the email.");
        return;
      }
      status("Your mail program opens an email" + (returnTo ? " to " + returnTo : "") + ": attach " + lastDownload.name +
        " (in your downloads) before you send it.");
      return;
    }
    handOver("email");
    status("Your mail program should open with the answers in the message" + (returnTo ? ", to " + returnTo : "") +
      ". Once the email is sent, press I sent it. If nothing opens, use Download answers and attach the file.");
  });

  byId("copy").addEventListener("click", function () {
    update(true);
    var done = function () {
      handOver("copy");
      status("Copied: paste it into an email or a chat message, send it, then press I sent it.");
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
    delete i[storeId];
    try { storage.setItem(indexKey, JSON.stringify(i)); } catch (e) { /* nothing to keep */ }
  }

  // The page as it came: the newest page's values in their fields, nothing answered.
  function emptyPage() {
    form.reset();
    byId("f-organization").value = newest.organization;
    byId("f-role").value = newest.role;
    token = "";
    lastDownload = null;
    pending = null;
    limited().forEach(function (t) { counter(t); });
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
    var where = lastDownload ? whereKept(lastDownload) : "";
    if (!window.confirm("Remove your answers from this browser? " + (where ? "They stay in " + where + ". " : "") +
        "The page will be empty.")) {
      return;
    }
    var was = lastDownload;
    removeKept();
    emptyPage();
    status("Your answers are no longer kept in this browser." + (!was ? "" : was.how === "download" || !was.how ?
      " " + was.name + " has them: send it back" + sendTo + "." : " They are in " + whereKept(was) + "."));
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
    limited().forEach(function (t) { counter(t); });
    fitAll();
    update(false);
  });

  // A note grows with its text, so none is cut off on screen or on paper.
  function fit(t) {
    if (t.tagName !== "TEXTAREA" || t.id === "answers-file") { return; }
    t.style.height = "auto";
    t.style.height = (t.scrollHeight + 2) + "px";
  }
  function fitAll() { Array.prototype.forEach.call(form.querySelectorAll("textarea"), fit); }

  // ---- limits, in characters as the answers file counts them ----

  // The fields with a limit: the name, role and organization, and every note.
  function limited() {
    return fields.map(function (f) { return byId("f-" + f); })
      .concat(questions.map(function (q) { return q.querySelector("textarea"); }));
  }
  function maxOf(t) { return t.tagName === "TEXTAREA" ? maxNote : maxLabel; }
  // Each field's text as last accepted: what an addition over the limit is told apart from.
  var accepted = {};

  // Over the limit after an input: what was added is cut, from its end, until the text fits;
  // what was there before stays whole and the caret stays after what was added. Returns how
  // many added characters were left out, and how many were kept.
  function keepWithin(t) {
    var max = maxOf(t);
    var now = t.value;
    var over = chars(now) - max;
    if (over <= 0) { return null; }
    var before = accepted[t.id] || "";
    var end = typeof t.selectionEnd === "number" ? t.selectionEnd : now.length;
    // Where the addition ends: the caret, if what follows it is what followed before.
    if (now.length - end > before.length || before.slice(before.length - (now.length - end)) !== now.slice(end)) {
      end = now.length;
      while (end > 0 && before.length - (now.length - end) > 0 &&
        now.charAt(end - 1) === before.charAt(before.length - (now.length - end) - 1)) { end -= 1; }
      if (/[\udc00-\udfff]/.test(now.charAt(end))) { end += 1; }
    }
    // Where it starts: after what both share, and no later than the addition's length allows.
    var start = 0;
    var limit = Math.min(end - Math.max(0, now.length - before.length), before.length);
    while (start < limit && now.charAt(start) === before.charAt(start)) { start += 1; }
    if (start > 0 && /[\ud800-\udbff]/.test(now.charAt(start - 1))) { start -= 1; }
    var added = Array.from(now.slice(start, end));
    var keep = Math.max(0, added.length - over);
    var text = now.slice(0, start) + added.slice(0, keep).join("") + now.slice(end);
    // Still over (text kept by an older page): the end goes, as a last resort.
    if (chars(text) > max) { text = Array.from(text).slice(0, max).join(""); }
    t.value = text;
    var caret = Math.min(text.length, start + added.slice(0, keep).join("").length);
    try { t.setSelectionRange(caret, caret); } catch (err) { /* not focusable */ }
    accepted[t.id] = text;
    return { left: added.length - keep, kept: keep };
  }

  // A field's counter (notes), and the message when an addition was refused or cut.
  function counter(t, result) {
    var id = t.id.replace(/^[nf]-/, "");
    var note = t.tagName === "TEXTAREA";
    var max = maxOf(t);
    var cut = byId((note ? "ncut-" : "fcut-") + id);
    var n = chars(t.value);
    if (result && result.left > 0) {
      var what = note ? "Your note" : { respondent: "Your name", role: "Your role or team", organization: "Your organization" }[id];
      cut.hidden = false;
      setText(cut, what + " has reached its limit of " + group(max) + " characters, the most an answers file keeps: " +
        (result.kept > 0 ? "the last " + group(result.left) + (result.left === 1 ? " character" : " characters") +
          " of what you added " + (result.left === 1 ? "was" : "were") + " left out." :
          result.left === 1 ? "the character you typed was not added." :
            "the " + group(result.left) + " characters you added were left out.") +
        " The rest of the text is as it was.");
    } else if (n < max && cut && !cut.hidden) {
      cut.hidden = true;
      setText(cut, "");
    }
    if (note) {
      var count = byId("nc-" + id);
      count.hidden = n === 0;
      setText(count, group(n) + " of " + group(max) + " characters");
    }
  }

  // While an input method composes a word, the text is not final: checked when it is.
  function limitInput(t) {
    counter(t, keepWithin(t));
    fit(t);
    update(true);
  }
  form.addEventListener("input", function (e) {
    if (e.isComposing) { return; }
    // Changed by the respondent: a download made before a correction is now simply older.
    if (lastDownload && lastDownload.corrected) { delete lastDownload.corrected; }
    if (limited().indexOf(e.target) >= 0) {
      limitInput(e.target);
      return;
    }
    update(true);
  });
  form.addEventListener("compositionend", function (e) {
    if (limited().indexOf(e.target) >= 0) { limitInput(e.target); }
  });
  window.addEventListener("beforeprint", fitAll);
  form.addEventListener("change", function () {
    if (lastDownload && lastDownload.corrected) { delete lastDownload.corrected; }
    update(true);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  byId("form-body").disabled = false;
  var stored = readJson(storeKey) || legacy();
  var fixes = [];
  var older = false;
  if (stored) {
    older = !!(stored.prefill && later(stored.prefill.made, prefill.made));
    var before = stored.fields && stored.downloaded ? signature(answersFile(complete(stored))) : "";
    fixes = sendersFixes(stored);
    apply(stored);
    // The download matched the answers until the sender's correction: the page says so.
    if (fixes.length && lastDownload && lastDownload.sig === before) { lastDownload.corrected = fixesText(fixes); }
  } else {
    offerEarlier();
  }
  limited().forEach(function (t) { counter(t); });
  fitAll();
  update(fixes.length > 0 || (!!stored && !readJson(storeKey)));
  if (older) { showOlder(); } else { showFixes(fixes); }
  if (!storage) {
    storageWarning("This browser does not keep your answers here: " + storageWhy + ". " +
      "Fill in everything in one go and download your answers before you close the page.");
    byId("saved").className = "saved off";
    byId("saved").textContent = "Not kept in this browser: download your answers before you close the page.";
  } else {
    byId("saved").textContent = KEPT;
  }

  // A state as kept, with every field the answers file reads (a state of an earlier build may
  // lack some).
  function complete(s) {
    var f = s.fields || {};
    return { fields: { respondent: f.respondent || "", role: f.role || "", organization: f.organization || "" },
      answers: s.answers || {}, notes: s.notes || {} };
  }

  // Answers this browser kept under the form id alone, before the rubric was part of the key:
  // taken over (and the old entry removed) only when they are this rubric's: the index says so,
  // or, without an index entry, every answer names a question of this page and a level it offers.
  function legacy() {
    if (!storage) { return null; }
    var old = readJson(legacyKey);
    if (!old || typeof old !== "object") { return null; }
    var i = index();
    var entry = i[formId];
    var ours = entry ? entry.rubric === rubric : Object.keys(old.answers || {}).every(function (a) {
      var q = byId("q-" + a);
      return !!q && radios(q).some(function (r) { return r.value === old.answers[a]; });
    }) && Object.keys(old.notes || {}).every(function (a) { return !!byId("q-" + a); });
    if (!ours) { return null; }
    storage.removeItem(legacyKey);
    delete i[formId];
    try { storage.setItem(indexKey, JSON.stringify(i)); } catch (e) { /* saved again below */ }
    return old;
  }
})();
