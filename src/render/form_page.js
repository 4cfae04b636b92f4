// The offline questionnaire page: keeps every change in this browser, shows progress, and writes
// the answers file (YAML that `persona-maturity score` reads) into #answers-file, for download or
// copying. No request of any kind is made.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  var rubric = form.getAttribute("data-rubric");
  var storeKey = "persona-maturity:" + rubric + ":" + location.pathname;
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var fields = ["respondent", "role", "organization"];
  var byId = function (id) { return document.getElementById(id); };
  var output = byId("answers-file");

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

  function today() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function state() {
    var s = { fields: {}, answers: {}, notes: {} };
    fields.forEach(function (f) { s.fields[f] = byId("f-" + f).value; });
    questions.forEach(function (q) {
      var a = attributeOf(q);
      if (chosen(q)) { s.answers[a] = chosen(q); }
      if (note(q)) { s.notes[a] = note(q); }
    });
    return s;
  }

  function answersFile(s) {
    var lines = [
      "# Persona maturity self-assessment, filled in on the offline questionnaire page.",
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

  function save(s) {
    var saved = byId("saved");
    if (!storage) {
      saved.className = "saved off";
      saved.textContent = "This browser does not keep your answers: download them before you close the page.";
      return;
    }
    try {
      storage.setItem(storeKey, JSON.stringify(s));
      var t = new Date();
      saved.className = "saved";
      saved.textContent = "Saved in this browser at " + t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
        ": close the page and come back at any time. Nothing is sent anywhere; the file is yours to send.";
    } catch (e) {
      saved.className = "saved off";
      saved.textContent = "Could not save in this browser: download your answers before you close the page.";
    }
  }

  function update(persist) {
    var s = state();
    output.value = answersFile(s);
    var answered = 0, notSure = [], open = [];
    questions.forEach(function (q) {
      var v = chosen(q);
      q.classList.toggle("answered", v !== "");
      radios(q).forEach(function (r) { r.parentNode.classList.toggle("chosen", r.checked); });
      if (v === "unsure") { notSure.push(q); }
      else if (v) { answered += 1; }
      else { open.push(q); }
    });
    var unsure = notSure.length;
    var total = questions.length;
    var text = answered + " of " + total + " answered" + (unsure ? " · " + unsure + " not sure" : "");
    byId("progress").textContent = text;
    byId("bar-progress").textContent = text;
    var list = byId("open-list");
    list.textContent = "";
    var links = function (title, qs) {
      var p = document.createElement("p");
      p.textContent = title;
      var ul = document.createElement("ul");
      qs.forEach(function (q) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + q.id;
        a.textContent = q.querySelector("legend .title").textContent;
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
    if (!open.length) {
      var done = document.createElement("p");
      done.textContent = "Every question has an answer. Download your answers and send the file back.";
      list.appendChild(done);
    }
    if (persist) { save(s); }
  }

  function restore() {
    if (!storage) { return; }
    var s;
    try { s = JSON.parse(storage.getItem(storeKey) || "null"); } catch (e) { s = null; }
    if (!s) { return; }
    fields.forEach(function (f) {
      if (s.fields && typeof s.fields[f] === "string") { byId("f-" + f).value = s.fields[f]; }
    });
    questions.forEach(function (q) {
      var a = attributeOf(q);
      var level = s.answers && s.answers[a];
      radios(q).forEach(function (r) { r.checked = r.value === level; });
      q.querySelector("textarea").value = (s.notes && s.notes[a]) || "";
    });
  }

  function slug(s) {
    var out = s.normalize ? s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : s;
    out = out.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return out || "respondent";
  }

  function status(text) {
    var el = byId("status");
    el.textContent = text;
  }

  byId("download").addEventListener("click", function () {
    update(true);
    var name = "persona-answers-" + slug(byId("f-respondent").value.trim()) + ".yaml";
    var blob = new Blob([output.value], { type: "application/x-yaml" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    status("Downloaded " + name + ". Send it back to whoever runs the assessment.");
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
    if (storage) { storage.removeItem(storeKey); }
    form.reset();
    update(false);
    status("Cleared.");
  });

  form.addEventListener("input", function () { update(true); });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  restore();
  update(false);
  if (storage) {
    byId("saved").textContent = "Your answers are kept in this browser as you go: close the page and come back at any time.";
  } else {
    save(state());
  }
})();
