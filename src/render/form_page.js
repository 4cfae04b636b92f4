// The offline questionnaire page: keeps every change in this browser, shows progress, and writes
// the answers file (YAML that `persona-maturity score` reads) into #answers-file, for download,
// email or copying. No request of any kind is made.
//
// Answers are stored under the page's own form id (data-form-id), never under its path: the same
// page opened from another folder finds them, and another page saved over the same path does not
// take them on. Tabs of one form stay in step through the `storage` event. An index of the forms
// this browser has answers for lets a new form of the same organization offer the earlier
// answers, which are applied only when the person asks.
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
  var storeKey = "persona-maturity:form:" + formId;
  var indexKey = "persona-maturity:forms";
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var fields = ["respondent", "role", "organization"];
  var output = byId("answers-file");
  var token = "";
  var lastDownload = null;

  var storage = null;
  try {
    window.localStorage.setItem(storeKey + ":probe", "1");
    window.localStorage.removeItem(storeKey + ":probe");
    storage = window.localStorage;
  } catch (e) {
    storage = null;
  }

  function attributeOf(q) { return q.getAttribute("data-attribute"); }
  function radios(q) { return Array.prototype.slice.call(q.querySelectorAll("input[type=radio]")); }
  function chosen(q) {
    var r = radios(q).filter(function (x) { return x.checked; })[0];
    return r ? r.value : "";
  }
  function note(q) { return q.querySelector("textarea").value; }
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
    var s = { fields: {}, answers: {}, notes: {}, token: token, downloaded: lastDownload };
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
      var v = s.answers[attributeOf(q)] || "";
      if (v === "unsure") { unsure += 1; } else if (v) { answered += 1; }
    });
    return { answered: answered, unsure: unsure };
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
      var n = (s.notes[a] || "").trim();
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
        answered: c.answered + c.unsure
      };
      storage.setItem(indexKey, JSON.stringify(i));
      saved.className = "saved";
      setText(saved, "Your answers are kept in this browser as you go: close the page and come back at any time. Nothing is sent anywhere; the file is yours to send.");
    } catch (e) {
      saved.className = "saved off";
      setText(saved, "Could not save in this browser: download your answers before you close the page.");
      storageWarning("This browser stopped keeping your answers (its storage is full or blocked): download them before you close the page.");
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

  // Earlier answers of the same organization on another form: offered, never applied unasked.
  function offerEarlier() {
    var org = prefill.organization.trim().toLowerCase();
    var rubricId = rubric.split("@")[0];
    var best = null;
    var i = index();
    Object.keys(i).forEach(function (id) {
      var e = i[id];
      if (id === formId || !e || !e.answered) { return; }
      if (String(e.rubric || "").split("@")[0] !== rubricId) { return; }
      if (String(e.organization || "").trim().toLowerCase() !== org) { return; }
      if (!readJson("persona-maturity:form:" + id)) { return; }
      if (!best || String(e.saved) > String(best.saved)) { best = { id: id, saved: e.saved, answered: e.answered }; }
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
        best = { key: key, saved: "", answered: Object.keys(old.answers).length };
      }
    }
    if (!best) { return; }
    var box = byId("earlier");
    var when = best.saved ? " of " + best.saved : " on an earlier page";
    byId("earlier-text").textContent = "This browser has your answers to an earlier questionnaire" +
      (org ? " for " + prefill.organization.trim() : "") + " (" + best.answered + " answered" +
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
    if (lastDownload) {
      var d = document.createElement("p");
      d.className = "done";
      d.textContent = "Downloaded " + lastDownload.name + " at " + lastDownload.at + " (" + lastDownload.answered +
        " answered)." + (open.length ? " Answer the rest and download again, or send it as it is." :
        " Send it back" + (returnTo ? " to " + returnTo : "") + ".");
      list.appendChild(d);
    }
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

  function emailHref(s) {
    var name = s.fields.respondent.trim();
    var subject = document.title + (name ? ": " + name : "");
    return "mailto:" + encodeURIComponent(returnTo).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(output.value);
  }

  function update(persist) {
    var s = state();
    output.value = answersFile(s);
    byId("email").href = emailHref(s);
    var notSure = [], open = [];
    questions.forEach(function (q) {
      var v = chosen(q);
      q.classList.toggle("answered", v !== "");
      radios(q).forEach(function (r) { r.parentNode.classList.toggle("chosen", r.checked); });
      if (v === "unsure") { notSure.push(q); } else if (!v) { open.push(q); }
    });
    var c = counts(s);
    var text = c.answered + " of " + questions.length + " answered" + (c.unsure ? " · " + c.unsure + " not sure" : "");
    setText(byId("progress"), text);
    setText(byId("bar-progress"), text);
    openList(open, notSure);
    if (persist) { save(s); }
  }

  byId("download").addEventListener("click", function () {
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
    lastDownload = { name: name, at: clock(new Date()) + " on " + today(), answered: c.answered + " of " + questions.length };
    update(true);
    status("Downloaded " + name + ". Send it back" + (returnTo ? " to " + returnTo : " to whoever asked you to fill this in") + ".");
  });

  byId("email").addEventListener("click", function () {
    update(true);
    status("Your mail program opens with the answers in the message" + (returnTo ? ", to " + returnTo : "") +
      ". If nothing opens, use Download answers and attach the file.");
  });

  byId("copy").addEventListener("click", function () {
    update(true);
    var done = function () { status("Copied: paste it into an email or a chat message."); };
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

  byId("clear").addEventListener("click", function () {
    if (!window.confirm("Clear every answer on this page? Your answers are removed from this browser too. This cannot be undone.")) {
      return;
    }
    if (storage) {
      storage.removeItem(storeKey);
      var i = index();
      delete i[formId];
      try { storage.setItem(indexKey, JSON.stringify(i)); } catch (e) { /* nothing to keep */ }
    }
    form.reset();
    lastDownload = null;
    update(false);
    status("Cleared.");
  });

  // Another tab of the same form changed the answers: take them, so neither tab loses the other's.
  window.addEventListener("storage", function (e) {
    if (e.key !== storeKey || !e.newValue) { return; }
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

  form.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") { fit(e.target); }
    update(true);
  });
  window.addEventListener("beforeprint", fitAll);
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  byId("form-body").disabled = false;
  var stored = readJson(storeKey);
  if (stored) {
    apply(stored);
  } else {
    offerEarlier();
  }
  fitAll();
  update(false);
  if (!storage) {
    storageWarning("This browser does not keep your answers here (private browsing, or storage is blocked): " +
      "fill in everything in one go and download your answers before you close the page.");
    byId("saved").className = "saved off";
    byId("saved").textContent = "Not kept in this browser: download your answers before you close the page.";
  } else {
    byId("saved").textContent = "Your answers are kept in this browser as you go: close the page and come back at any time.";
  }
})();
