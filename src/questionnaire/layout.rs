//! What the terminal questionnaire shows, laid out for a given width and height: the question
//! screen (full, or compact when the full one would not fit), the review list, the intro, and a
//! pager for help. Pure: lines of tinted text, no terminal. The terminal front-end paints them;
//! the tests read them as plain text.

use super::flow::{Counts, Pass, Question, Review};
use crate::assessment::Answer;
use crate::rubric::Rubric;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tint {
    Plain,
    Bold,
    Dim,
    /// A level's name: coloured by its place on the scale (level, levels).
    Level(usize, usize),
    /// The row under the cursor.
    Selected,
    /// A hint that something was not understood.
    Warn,
    /// The cell under the text cursor in a field being typed (inside a `Selected` field: not
    /// reversed, underlined).
    Cursor,
}

/// A field being typed, as spans that fit `room` columns: the part around the cursor (char
/// index `at`) when the text is longer, with `…` where text is out of sight, and the cursor
/// cell (the character under it, or a space at the end) in its own tint.
pub fn field_spans(text: &str, at: usize, room: usize, tint: Tint) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let at = at.min(chars.len());
    let room = room.max(4);
    let w = |c: &char| c.width().unwrap_or(0);
    let total: usize = chars.iter().map(w).sum::<usize>() + 1;
    let (start, end) = if total <= room {
        (0, chars.len())
    } else {
        // Keep the cursor in sight, a little before the right edge when there is more after it.
        let mut start = 0;
        let mut before: usize = chars[..at].iter().map(w).sum();
        let keep_after = 8.min(room / 3);
        while start < at && before + 1 + keep_after + 2 > room {
            before -= w(&chars[start]);
            start += 1;
        }
        let mut end = at;
        let mut used = before + 1 + usize::from(start > 0);
        while end < chars.len() && used + w(&chars[end]) + 1 < room {
            used += w(&chars[end]);
            end += 1;
        }
        (start, end.max(at))
    };
    let mut spans = Vec::new();
    let mut push = |text: String, tint: Tint| {
        if !text.is_empty() {
            spans.push(Span { text, tint });
        }
    };
    if start > 0 {
        push("…".to_string(), Tint::Dim);
    }
    push(chars[start..at].iter().collect(), tint);
    // The cursor's cell: the whole character a person sees (an emoji joined from several).
    let cell = {
        use unicode_segmentation::UnicodeSegmentation;
        let rest: String = chars[at..].iter().collect();
        rest.graphemes(true).next().map_or(0, |g| g.chars().count())
    };
    push(
        if cell == 0 {
            " ".to_string()
        } else {
            chars[at..at + cell].iter().collect()
        },
        Tint::Cursor,
    );
    if at + cell < end {
        push(chars[at + cell..end].iter().collect(), tint);
    }
    if end < chars.len() {
        push("…".to_string(), Tint::Dim);
    }
    spans
}

/// A run of text in one tint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub tint: Tint,
}

/// One screen line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line(pub Vec<Span>);

impl Line {
    pub fn new(text: impl Into<String>, tint: Tint) -> Line {
        Line(vec![Span {
            text: text.into(),
            tint,
        }])
    }

    pub fn blank() -> Line {
        Line::default()
    }

    pub fn push(mut self, text: impl Into<String>, tint: Tint) -> Line {
        self.0.push(Span {
            text: text.into(),
            tint,
        });
        self
    }

    /// The line's text without tints.
    pub fn text(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn width(&self) -> usize {
        self.0.iter().map(|s| s.text.width()).sum()
    }
}

/// Plain text of a screen, one line per line (for tests and for looking at).
pub fn plain_text(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Wrap `text` to `width` columns (at least eight past the first line's indent), with an indent
/// for the first and the following lines.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    crate::style::wrap_lines(text, width.max(first.width() + 8), first, rest)
}

/// Cut `text` to `width` columns, ending in "…" when it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}");
        if next.width() + 1 > width {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// `text` cut so that `suffix` still fits after it within `width` columns: at the end of a
/// word (a word is cut only when it alone is wider than the room).
fn cut_before(text: &str, suffix: &str, width: usize) -> String {
    let room = width.saturating_sub(suffix.width());
    let text = text.trim_end();
    let mut fit = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        fit = i + c.len_utf8();
    }
    let mut cut = &text[..fit];
    let inside_a_word = fit < text.len() && !text[fit..].starts_with(' ') && !cut.ends_with(' ');
    if inside_a_word {
        // Back to the last blank after some text (the indent does not count).
        let start = cut.len() - cut.trim_start().len();
        if let Some(k) = cut[start..].rfind(' ') {
            cut = &cut[..start + k];
        }
    }
    if fit < text.len() {
        // At the end of a sentence when one ends in the last third: no stray words of the next.
        if let Some(k) = cut.rfind(". ").filter(|&k| 3 * k >= 2 * cut.len()) {
            cut = &cut[..=k];
        }
    }
    truncate(&format!("{}{suffix}", cut.trim_end()), width)
}

/// The digit keys that choose a level, short ("1-4", "1-9,0") and in words ("1 to 4", "1 to 9,
/// or 0 for the tenth"): a tenth level is chosen with 0.
pub fn digit_keys(levels: usize) -> (String, String) {
    match levels {
        0 | 1 => ("1".to_string(), "1".to_string()),
        2..=9 => (format!("1-{levels}"), format!("1 to {levels}")),
        _ => (
            "1-9,0".to_string(),
            "1 to 9, or 0 for the tenth,".to_string(),
        ),
    }
}

/// The keys of a question screen, as short as the width needs.
pub fn question_keys(levels: usize, width: usize) -> String {
    let range = digit_keys(levels).0;
    let variants = [
        format!(
            "{range} choose · ↑↓ Enter · s not sure · b back · r review · q save & quit · ? help"
        ),
        format!("{range} choose · s not sure · b back · r review · q save & quit · ? help"),
        format!("{range} · s not sure · b back · r review · q quit · ? help"),
    ];
    match variants.iter().find(|v| v.width() <= width) {
        Some(v) => v.clone(),
        None => truncate(&format!("{range} · s · b · r · q · ? help"), width),
    }
}

/// The keys of the review list (`c` when a walk left for the list can carry on).
pub fn review_keys(width: usize, resume: bool) -> String {
    let c = |s: &str| if resume { s.to_string() } else { String::new() };
    let variants = [
        format!(
            "↑↓ move · Enter change{} · n answer open ones · f finish · q save & quit",
            c(" · c carry on")
        ),
        format!(
            "↑↓ Enter change{} · n open ones · f finish · q quit",
            c(" · c carry on")
        ),
        format!("↑↓ Enter{} · n open · f finish · q quit", c(" · c on")),
        format!("↑↓ Enter{} · n · f finish · q quit", c(" · c")),
    ];
    match variants.iter().find(|v| v.width() <= width) {
        Some(v) => v.clone(),
        None => truncate(&variants[3], width),
    }
}

/// The heading of a question: "7 of 17 · Creating", and which walk it is part of.
fn progress(q: &Question) -> String {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let at = format!(
        "{} of {} · {}",
        q.index + 1,
        r.attributes.len(),
        r.sections[a.section].name
    );
    match q.pass {
        Pass::All => at,
        Pass::Open { k, n } => format!("{at} · open question {k} of {n}"),
        Pass::Change => format!("{at} · changing an answer"),
    }
}

/// The rows a person can choose on a question screen: the levels, then "not sure".
pub fn options(rubric: &Rubric) -> usize {
    rubric.levels.len() + 1
}

/// No option is highlighted: a question not answered yet, before the person moves or chooses.
pub const NO_CURSOR: usize = usize::MAX;

/// Where the cursor starts on a question: its answer, or nowhere (a stray Enter on a new
/// question must not record the first level).
pub fn initial_cursor(q: &Question) -> usize {
    match q.current {
        Answer::Level(l) => l,
        Answer::Unsure => q.rubric.levels.len(),
        Answer::Missing => NO_CURSOR,
    }
}

/// The question screen for `width` × `height`, the cursor on option `cursor` (a level index, or
/// the level count for "not sure"). Every screen shows the progress line, the attribute, the
/// question and every level: with their descriptions when they fit, else (compact) the level
/// names with the description of the highlighted one.
pub fn question(
    q: &Question,
    cursor: usize,
    width: usize,
    height: usize,
    status: &str,
) -> Vec<Line> {
    // Every level in full: with the blank lines around the levels, else without them (Depth of
    // Personas at 80×24: its two long top levels, side by side, are what a person compares).
    let attribute_note = |width: usize| {
        q.rubric.attributes[q.index]
            .note
            .as_deref()
            .map_or(0, |n| wrap(&format!("Note: {n}"), width, "", "  ").len())
    };
    let mine = mine_lines(q, width).len();
    // Every note whole, without the blank lines if need be (a note cut to keep a blank line is
    // a poor trade).
    for tight in [false, true] {
        let full = question_full(q, cursor, width, status, usize::MAX, usize::MAX, tight);
        if full.len() <= height {
            return full;
        }
    }
    for tight in [false, true] {
        // The framework's note (how to tell the levels apart) as much as fits, then the
        // person's note in what is left, at least its first line: each cut with a sign that
        // says what is out of sight. Never longer than the screen.
        let bare = question_full(q, cursor, width, status, 0, 0, tight);
        let room = height.saturating_sub(bare.len());
        let need_mine = mine.min(1);
        let attr = attribute_note(width);
        // The framework's note takes a blank line and at least one of its own.
        let attr_room = if attr > 0 && room >= need_mine + 2 {
            (room - need_mine - 1).min(attr)
        } else {
            0
        };
        if bare.len() <= height && (attr == 0 || attr_room > 0) {
            let used = if attr_room > 0 { attr_room + 1 } else { 0 };
            let mine_room = room.saturating_sub(used);
            if mine == 0 || mine_room > 0 {
                return question_full(q, cursor, width, status, attr_room, mine_room, tight);
            }
        }
    }
    question_compact(q, cursor, width, height, status)
}

/// The person's own note on a question, wrapped to `width` ("Your note: …").
fn mine_lines(q: &Question, width: usize) -> Vec<String> {
    q.note
        .map(|n| wrap(&format!("Your note: {}", shown_note(n)), width, "", "  "))
        .unwrap_or_default()
}

/// A note as a screen line shows it: a tab as a space (a terminal would jump to its next tab
/// stop, past what the layout counted).
fn shown_note(n: &str) -> String {
    n.replace('\t', " ")
}

/// `lines` (a note, wrapped) cut to `room` lines: the last one shown ends in the first of
/// `signs` that leaves room for some of its text, which may name how many lines are out of
/// sight (`{n}` more `{lines}`).
fn cut_lines(lines: &[String], room: usize, width: usize, signs: &[&str]) -> Vec<String> {
    if lines.len() <= room {
        return lines.to_vec();
    }
    let mut out: Vec<String> = lines.iter().take(room).cloned().collect();
    if let Some(last) = out.last_mut() {
        let more = lines.len() - room;
        let said = |sign: &str| {
            sign.replace("{n}", &more.to_string())
                .replace("{lines}", crate::words::pick(more, "line", "lines"))
        };
        let sign = signs
            .iter()
            .map(|s| said(s))
            .find(|s| s.width() + 12 <= width)
            .unwrap_or_else(|| said(signs[signs.len() - 1]));
        *last = cut_before(last, &sign, width);
    }
    out
}

/// What the cut of a person's note says, longest first.
const MINE_CUT: &[&str] = &[
    " … (note continues: {n} more {lines}; ? shows it)",
    " … (+{n} {lines}, ? shows all)",
    " … (? shows all)",
];

fn head(q: &Question, width: usize) -> Vec<Line> {
    let a = &q.rubric.attributes[q.index];
    vec![
        Line::new(truncate(&progress(q), width), Tint::Dim),
        Line::new(truncate(&a.name, width), Tint::Bold),
    ]
}

/// How an option row starts: the cursor (`▶`) and the tint of the row, and whether the option is
/// the answer given before (shown as `✓` after its name).
fn marker(q: &Question, cursor: usize, option: usize) -> (&'static str, Tint, &'static str) {
    let current = match q.current {
        Answer::Level(l) => l == option,
        Answer::Unsure => option == q.rubric.levels.len(),
        Answer::Missing => false,
    };
    let (mark, tint) = if cursor == option {
        ("▶ ", Tint::Selected)
    } else {
        ("  ", Tint::Plain)
    };
    (mark, tint, if current { "✓" } else { " " })
}

fn name_width(rubric: &Rubric) -> usize {
    rubric
        .levels
        .iter()
        .map(|l| l.name.width())
        .max()
        .unwrap_or(0)
        .max("Not sure".width())
}

fn foot(q: &Question, width: usize, status: &str) -> Vec<Line> {
    let keys = Line::new(question_keys(q.rubric.levels.len(), width), Tint::Dim);
    let status = if status.is_empty() {
        Line::blank()
    } else {
        Line::new(truncate(status, width), Tint::Warn)
    };
    vec![keys, status]
}

/// The full question screen: every level with its description; the framework's note in at
/// most `note_lines` lines, the person's in at most `mine_room` (0: left out).
fn question_full(
    q: &Question,
    cursor: usize,
    width: usize,
    status: &str,
    note_lines: usize,
    mine_room: usize,
    tight: bool,
) -> Vec<Line> {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let mut out = head(q, width);
    for l in wrap(a.question.as_deref().unwrap_or(&a.name), width, "", "") {
        out.push(Line::new(l, Tint::Plain));
    }
    if !tight {
        out.push(Line::blank());
    }
    let nw = name_width(r);
    let indent = " ".repeat(2 + 2 + nw + 3);
    for (i, level) in r.levels.iter().enumerate() {
        let (mark, tint, tick) = marker(q, cursor, i);
        let label = format!("{} {tick}", level.name);
        let head = format!("{mark}{} {label:<w$} ", (i + 1) % 10, w = nw + 2);
        let body = wrap(&a.descriptions[i], width, &head, &indent);
        for (k, l) in body.into_iter().enumerate() {
            if k == 0 {
                let (lead, rest) = l.split_at(head.len().min(l.len()));
                let name_start = mark.len() + 2;
                let name_end = (name_start + level.name.len()).min(lead.len());
                let tint_name = if tint == Tint::Selected {
                    Tint::Selected
                } else {
                    Tint::Level(i, r.levels.len())
                };
                out.push(
                    Line::new(&lead[..name_start], tint)
                        .push(&lead[name_start..name_end], tint_name)
                        .push(&lead[name_end..], tint)
                        .push(rest, tint),
                );
            } else {
                out.push(Line::new(l, tint));
            }
        }
    }
    let (mark, tint, tick) = marker(q, cursor, r.levels.len());
    out.push(Line::new(
        truncate(
            &format!(
                "{mark}s {:<w$} leave it unanswered for now",
                format!("Not sure {tick}"),
                w = nw + 2
            ),
            width,
        ),
        tint,
    ));
    if let (Some(note), true) = (&a.note, note_lines > 0) {
        out.push(Line::blank());
        let lines = wrap(&format!("Note: {note}"), width, "", "  ");
        for (k, l) in lines.iter().take(note_lines).enumerate() {
            if k + 1 == note_lines && lines.len() > note_lines {
                out.push(Line::new(
                    cut_before(l, " … (? shows all)", width),
                    Tint::Dim,
                ));
            } else {
                out.push(Line::new(l.clone(), Tint::Dim));
            }
        }
    }
    for l in cut_lines(&mine_lines(q, width), mine_room, width, MINE_CUT) {
        out.push(Line::new(l, Tint::Dim));
    }
    if !tight {
        out.push(Line::blank());
    }
    out.extend(foot(q, width, status));
    out
}

fn question_compact(
    q: &Question,
    cursor: usize,
    width: usize,
    height: usize,
    status: &str,
) -> Vec<Line> {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let mut levels = Vec::new();
    for (i, level) in r.levels.iter().enumerate() {
        let (mark, tint, tick) = marker(q, cursor, i);
        let name_tint = if tint == Tint::Selected {
            Tint::Selected
        } else {
            Tint::Level(i, r.levels.len())
        };
        let name = truncate(&level.name, width.saturating_sub(7));
        levels.push(
            Line::new(format!("{mark}{} ", (i + 1) % 10), tint)
                .push(name, name_tint)
                .push(format!(" {tick}"), tint),
        );
    }
    let (mark, tint, tick) = marker(q, cursor, r.levels.len());
    levels.push(Line::new(format!("{mark}s Not sure {tick}"), tint));
    let foot = foot(q, width, status);
    // What must stay: heading (2), levels, two blank lines, the keys and status; a blank line
    // before the keys when there is room for it.
    let fixed = 2 + levels.len() + 2 + foot.len();
    // Without the blank lines (below 60×20) when that is what leaves the description of the
    // highlighted level a line of the question and two of its own.
    let bare = 2 + levels.len() + foot.len();
    let tight = height < fixed + 4 && height >= bare + 3;
    // The compact screen needs a line of the question on top of that.
    if height <= fixed && !tight {
        return question_tiny(q, cursor, levels, foot, width, height);
    }
    let room = if tight {
        height - bare
    } else {
        height.saturating_sub(fixed + 1)
    };
    // The question gets up to three lines of that room, the description the rest.
    let question = wrap(a.question.as_deref().unwrap_or(&a.name), width, "", "");
    let q_lines = question.len().min(3).min(room.saturating_sub(2).max(1));
    let mut out = head(q, width);
    for (k, l) in question.iter().take(q_lines).enumerate() {
        if k + 1 == q_lines && question.len() > q_lines {
            out.push(Line::new(cut_before(l, " …", width), Tint::Plain));
        } else {
            out.push(Line::new(l.clone(), Tint::Plain));
        }
    }
    if !tight {
        out.push(Line::blank());
    }
    out.extend(levels);
    if !tight {
        out.push(Line::blank());
    }
    let desc_room = room.saturating_sub(q_lines);
    // The person's note: never silently left out either, a line at least (? shows it whole).
    let mine = mine_lines(q, width);
    let mine_room = usize::from(!mine.is_empty() && desc_room > 1);
    let desc_room = desc_room - mine_room;
    let described = if cursor < r.levels.len() {
        format!("{}: {}", r.levels[cursor].name, a.descriptions[cursor])
    } else if cursor == r.levels.len() {
        "Not sure: leave it unanswered for now; it does not count toward the score.".to_string()
    } else {
        format!(
            "Move with ↑↓ to read each level's description, or press {} to choose.",
            digit_keys(r.levels.len()).1
        )
    };
    let desc = wrap(&described, width, "", "  ");
    // The attribute's note (how to tell its levels apart) is never silently left out: it takes
    // what room the description leaves, at least one line saying `?` shows it.
    let note = a
        .note
        .as_deref()
        .map(|n| wrap(&format!("Note: {n}"), width, "", "  "));
    let note_room = match &note {
        Some(n) if desc_room > 1 => desc_room.saturating_sub(desc.len()).clamp(1, n.len()),
        _ => 0,
    };
    let desc_room = desc_room - note_room;
    for (k, l) in desc.iter().take(desc_room).enumerate() {
        if k + 1 == desc_room && desc.len() > desc_room {
            out.push(Line::new(
                cut_before(l, " … (? shows all)", width),
                Tint::Dim,
            ));
        } else {
            out.push(Line::new(l.clone(), Tint::Dim));
        }
    }
    if let Some(note) = note.filter(|_| note_room > 0) {
        for (k, l) in note.iter().take(note_room).enumerate() {
            if k + 1 == note_room && note.len() > note_room {
                out.push(Line::new(
                    cut_before(l, " … (? shows all)", width),
                    Tint::Plain,
                ));
            } else {
                out.push(Line::new(l.clone(), Tint::Plain));
            }
        }
    }
    for l in cut_lines(&mine, mine_room, width, MINE_CUT) {
        out.push(Line::new(l, Tint::Dim));
    }
    if out.len() + foot.len() < height {
        out.push(Line::blank());
    }
    out.extend(foot);
    out
}

/// A question screen for a terminal too small for the compact one: the progress line, the keys
/// and the status (when there is one) stay; then as many of the options as fit, always with the
/// highlighted one among them; the attribute's name and the question if there is still room.
fn question_tiny(
    q: &Question,
    cursor: usize,
    levels: Vec<Line>,
    foot: Vec<Line>,
    width: usize,
    height: usize,
) -> Vec<Line> {
    let head = head(q, width);
    let mut foot = foot;
    if foot.last().is_some_and(|l| l.text().is_empty()) {
        foot.pop();
    }
    let room = height.saturating_sub(1 + foot.len()).max(1);
    // A window of the options that holds the highlighted one.
    let n = levels.len();
    let shown = room.min(n);
    let focus = if cursor < n { cursor } else { 0 };
    let start = focus.saturating_sub(shown - 1).min(n - shown);
    let mut out = vec![head[0].clone()];
    let spare = room - shown;
    if spare >= 1 {
        out.push(head[1].clone());
    }
    out.extend(levels.into_iter().skip(start).take(shown));
    out.extend(foot);
    out.truncate(height);
    out
}

/// Everything about one question, for the help pager: the question, the framework's note, every
/// level in full, the tips and the keys.
pub fn question_help(q: &Question, width: usize) -> Vec<Line> {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let mut out = vec![
        Line::new(truncate(&a.name, width), Tint::Bold),
        Line::new(truncate(&progress(q), width), Tint::Dim),
    ];
    out.push(Line::blank());
    for l in wrap(a.question.as_deref().unwrap_or(&a.name), width, "", "") {
        out.push(Line::new(l, Tint::Plain));
    }
    for (i, level) in r.levels.iter().enumerate() {
        out.push(Line::blank());
        out.push(Line::new(
            format!("{} {}", (i + 1) % 10, level.name),
            Tint::Level(i, r.levels.len()),
        ));
        for l in wrap(&a.descriptions[i], width, "  ", "  ") {
            out.push(Line::new(l, Tint::Plain));
        }
    }
    if let Some(note) = &a.note {
        out.push(Line::blank());
        for l in wrap(&format!("Note: {note}"), width, "", "  ") {
            out.push(Line::new(l, Tint::Plain));
        }
    }
    if let Some(note) = q.note {
        out.push(Line::blank());
        for l in wrap(&format!("Your note: {}", shown_note(note)), width, "", "  ") {
            out.push(Line::new(l, Tint::Plain));
        }
    }
    if !a.tips.is_empty() {
        out.push(Line::blank());
        out.push(Line::new("What helps to get to the next level", Tint::Bold));
        for t in &a.tips {
            for l in wrap(&r.tip_line(t), width, "- ", "  ") {
                out.push(Line::new(l, Tint::Plain));
            }
        }
    }
    out.push(Line::blank());
    out.push(Line::new("Keys", Tint::Bold));
    for (key, what) in [
        (
            digit_keys(r.levels.len()).0,
            "choose that level at once".to_string(),
        ),
        (
            "↑ ↓ Enter".to_string(),
            "move to a level and choose it".to_string(),
        ),
        (
            "s".to_string(),
            "not sure: leave it unanswered for now".to_string(),
        ),
        ("b".to_string(), "back to the previous question".to_string()),
        (
            "r".to_string(),
            "review every answer and change any of them".to_string(),
        ),
        (
            "q or Esc".to_string(),
            "save and quit; run the same command to carry on".to_string(),
        ),
        ("?".to_string(), "this help".to_string()),
    ] {
        for l in wrap(&format!("{key:<10} {what}"), width, "  ", "             ") {
            out.push(Line::new(l, Tint::Plain));
        }
    }
    out
}

/// One row of the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A section's name (not selectable).
    Section(usize),
    /// An attribute and its answer.
    Attribute(usize),
    Blank,
    /// Carry on with the walk left for the list, at this question.
    Resume(usize),
    /// Walk the open questions.
    AnswerOpen,
    Finish,
    Quit,
}

impl Row {
    pub fn selectable(self) -> bool {
        !matches!(self, Row::Section(_) | Row::Blank)
    }
}

/// The rows of the review list, in order.
pub fn review_rows(r: &Review) -> Vec<Row> {
    let mut rows = Vec::new();
    // Carrying on comes first, where it is seen.
    if let Some(i) = r.resume {
        rows.push(Row::Resume(i));
        rows.push(Row::Blank);
    }
    for (si, s) in r.rubric.sections.iter().enumerate() {
        rows.push(Row::Section(si));
        rows.extend(s.attributes.clone().map(Row::Attribute));
    }
    rows.push(Row::Blank);
    if r.counts.open() > 0 {
        rows.push(Row::AnswerOpen);
    }
    rows.push(Row::Finish);
    rows.push(Row::Quit);
    rows
}

/// How an answer reads on the review list.
pub fn answer_label(rubric: &Rubric, a: Answer) -> (String, Tint) {
    match a {
        Answer::Level(l) => (
            rubric.levels[l].name.clone(),
            Tint::Level(l, rubric.levels.len()),
        ),
        Answer::Unsure => ("not sure".to_string(), Tint::Warn),
        Answer::Missing => ("not answered".to_string(), Tint::Dim),
    }
}

/// The review list for `width` × `height`: a title with the counts, the rows from `scroll` on
/// (keeping `cursor` in view; `scroll` is updated), the keys and a status line.
pub fn review(
    r: &Review,
    rows: &[Row],
    cursor: usize,
    scroll: &mut usize,
    width: usize,
    height: usize,
    status: &str,
) -> Vec<Line> {
    let title = vec![
        Line::new(truncate("Review your answers", width), Tint::Bold),
        Line::new(truncate(&r.counts.sentence(), width), Tint::Dim),
    ];
    let foot = vec![
        Line::new(review_keys(width, r.resume.is_some()), Tint::Dim),
        if !status.is_empty() {
            Line::new(truncate(status, width), Tint::Warn)
        } else if r.notes.iter().any(Option::is_some) {
            // The mark after an answer, said where it is seen.
            Line::new(truncate("✎ marks an answer with a note", width), Tint::Dim)
        } else {
            Line::blank()
        },
    ];
    let room = height.saturating_sub(title.len() + foot.len()).max(1);
    // When the list does not fit, a line above and below says what is out of sight.
    let overflow = rows.len() > room && room > 2;
    let room = if overflow { room - 2 } else { room };
    if cursor < *scroll {
        *scroll = cursor;
    }
    if cursor >= *scroll + room {
        *scroll = cursor + 1 - room;
    }
    // Show a section's heading with its first attribute.
    if *scroll > 0
        && matches!(rows.get(*scroll - 1), Some(Row::Section(_)))
        && cursor + 1 < *scroll + room
    {
        *scroll -= 1;
    }
    let label_w = r
        .rubric
        .attributes
        .iter()
        .map(|a| a.name.width())
        .max()
        .unwrap_or(10)
        .min(width.saturating_sub(20));
    let mut out = title;
    if overflow {
        out.push(if *scroll > 0 {
            // The carry-on row out of sight is still said, on the line that counts what is.
            let carry_on = rows[..*scroll]
                .iter()
                .find_map(|row| match row {
                    Row::Resume(i) => Some(format!(" · c carries on at {}", i + 1)),
                    _ => None,
                })
                .unwrap_or_default();
            Line::new(
                truncate(&format!("  ↑ {} more above{carry_on}", *scroll), width),
                Tint::Dim,
            )
        } else {
            Line::blank()
        });
    }
    for (k, row) in rows.iter().enumerate().skip(*scroll).take(room) {
        let selected = k == cursor;
        out.push(review_row(r, row, selected, label_w, width));
    }
    if overflow {
        let below = rows.len().saturating_sub(*scroll + room);
        if below > 0 {
            let what = if rows[*scroll + room..]
                .iter()
                .any(|r| matches!(r, Row::Finish))
            {
                " (and Finish)"
            } else {
                ""
            };
            while out.len() < 2 + 1 + room {
                out.push(Line::blank());
            }
            out.push(Line::new(
                truncate(&format!("  ↓ {below} more below{what}"), width),
                Tint::Dim,
            ));
        }
    }
    while out.len() < height.saturating_sub(foot.len()) {
        out.push(Line::blank());
    }
    out.extend(foot);
    out
}

/// One row of the review list: a section's heading, an attribute and its answer, or an action.
fn review_row(r: &Review, row: &Row, selected: bool, label_w: usize, width: usize) -> Line {
    let mark = if selected { "▶ " } else { "  " };
    let tint = if selected {
        Tint::Selected
    } else {
        Tint::Plain
    };
    match *row {
        Row::Section(s) => Line::new(
            truncate(&r.rubric.sections[s].name.to_uppercase(), width),
            Tint::Bold,
        ),
        Row::Attribute(i) => {
            let (label, label_tint) = answer_label(r.rubric, r.answers[i]);
            let name = truncate(&r.rubric.attributes[i].name, label_w);
            let dots = ".".repeat(label_w.saturating_sub(name.width()) + 2);
            let note = if r.notes[i].is_some() { " ✎" } else { "" };
            // The mark, the name, a blank, the dots (at least two), a blank: the answer gets
            // the rest of the width, never more.
            let label = truncate(
                &format!("{label}{note}"),
                width.saturating_sub(2 + label_w + 4),
            );
            Line::new(mark, tint)
                .push(name, tint)
                .push(format!(" {dots}"), Tint::Dim)
                .push(" ", tint)
                .push(label, if selected { Tint::Selected } else { label_tint })
        }
        Row::Blank => Line::blank(),
        Row::Resume(i) => Line::new(
            truncate(
                &format!(
                    "{mark}→ Carry on at question {} ({})",
                    i + 1,
                    r.rubric.attributes[i].name
                ),
                width,
            ),
            tint,
        ),
        Row::AnswerOpen => Line::new(
            truncate(
                &format!(
                    "{mark}→ Answer the not-sure and unanswered ones ({})",
                    r.counts.open()
                ),
                width,
            ),
            tint,
        ),
        Row::Finish => Line::new(
            truncate(&format!("{mark}→ Finish and see the summary"), width),
            tint,
        ),
        Row::Quit => Line::new(
            truncate(&format!("{mark}→ Save and quit (carry on later)"), width),
            tint,
        ),
    }
}

/// What the intro says.
pub struct Intro<'a> {
    pub rubric: &'a Rubric,
    /// The full path the answers are saved to.
    pub path: &'a str,
    pub counts: Counts,
}

pub use crate::words::duration;

/// The intro screen, with the fields asked so far (label, value) and the one being typed.
pub fn intro(
    i: &Intro,
    fields: &[(String, String)],
    typing: Option<(&str, &str, usize)>,
    width: usize,
    height: usize,
) -> Vec<Line> {
    // The whole intro when it fits; else without the rubric's source and the keys (the question
    // screens show the keys); else its end, where the field being typed is.
    for brief in [false, true] {
        let lines = intro_lines(i, fields, typing, width, brief);
        if lines.len() <= height || brief {
            let skip = lines.len().saturating_sub(height);
            return lines.into_iter().skip(skip).collect();
        }
    }
    Vec::new()
}

fn intro_lines(
    i: &Intro,
    fields: &[(String, String)],
    typing: Option<(&str, &str, usize)>,
    width: usize,
    brief: bool,
) -> Vec<Line> {
    let r = i.rubric;
    let mut out = vec![Line::new(
        truncate("Persona maturity self-assessment", width),
        Tint::Bold,
    )];
    let mut source = format!("{} {}", r.name, r.version);
    if let Some(s) = &r.source {
        source.push_str(&format!(" · {s}"));
    }
    if let Some(y) = r.year {
        source.push_str(&format!(" ({y})"));
    }
    if !brief {
        for l in wrap(&source, width, "", "") {
            out.push(Line::new(l, Tint::Dim));
        }
    }
    out.push(Line::blank());
    let sections: Vec<&str> = r.sections.iter().map(|s| s.name.as_str()).collect();
    let what = format!(
        "{} in {} ({}), {}. For each, choose the level that describes your organization today. \
         Not sure? Press s and come back to it later.",
        crate::words::count(r.attributes.len(), "question", "questions"),
        crate::words::count(r.sections.len(), "section", "sections"),
        sections.join(", "),
        duration(r.attributes.len())
    );
    for l in wrap(&what, width, "", "") {
        out.push(Line::new(l, Tint::Plain));
    }
    if i.counts.answered + i.counts.not_sure > 0 {
        for l in wrap(&format!("So far: {}.", i.counts.sentence()), width, "", "") {
            out.push(Line::new(l, Tint::Plain));
        }
    }
    out.push(Line::blank());
    out.push(Line::new(
        "Every answer is saved as you go, in:",
        Tint::Plain,
    ));
    for l in wrap(i.path, width, "  ", "  ") {
        out.push(Line::new(l, Tint::Bold));
    }
    for l in wrap(
        "Stop at any time with q; run the same command again to carry on.",
        width,
        "",
        "",
    ) {
        out.push(Line::new(l, Tint::Plain));
    }
    out.push(Line::blank());
    if !brief {
        for l in wrap(
            &format!("Keys: {}", question_keys(r.levels.len(), usize::MAX)),
            width,
            "",
            "      ",
        ) {
            out.push(Line::new(l, Tint::Dim));
        }
        out.push(Line::blank());
    }
    intro_fields(&mut out, fields, typing, width);
    out
}

/// The intro's fields: those asked so far with their values, and the one being typed (or what
/// to press to start).
fn intro_fields(
    out: &mut Vec<Line>,
    fields: &[(String, String)],
    typing: Option<(&str, &str, usize)>,
    width: usize,
) {
    for (label, value) in fields {
        let value = if value.is_empty() { "(skipped)" } else { value };
        let label = field_label(label, value.width() + 2, width);
        if label.width() + 2 + value.width().min(12) <= width {
            out.push(Line::new(format!("{label}: "), Tint::Plain).push(
                truncate(value, width.saturating_sub(label.width() + 2)),
                Tint::Bold,
            ));
        } else {
            // Too narrow for both on a line: the label, then the value under it.
            out.push(Line::new(
                truncate(&format!("{label}:"), width),
                Tint::Plain,
            ));
            out.push(Line::new(
                format!("  {}", truncate(value, width.saturating_sub(2))),
                Tint::Bold,
            ));
        }
    }
    match typing {
        Some((label, value, at)) => {
            // Room for at least 16 columns of what is typed, on the label's line or its own.
            let label = field_label(label, 18, width);
            let (mut line, room) = if label.width() + 2 + 16 <= width {
                (
                    Line::new(format!("{label}: "), Tint::Plain),
                    width.saturating_sub(label.width() + 2),
                )
            } else {
                out.push(Line::new(
                    truncate(&format!("{label}:"), width),
                    Tint::Plain,
                ));
                (Line::new("  ", Tint::Plain), width.saturating_sub(2))
            };
            // The part of a long value around the cursor.
            line.0.extend(field_spans(value, at, room, Tint::Selected));
            out.push(line);
            let hint = if width >= 56 {
                "Enter to go on (empty skips it) · Esc skips · ←→ edit"
            } else {
                "Enter: next · Esc: skip · ←→ edit"
            };
            out.push(Line::new(truncate(hint, width), Tint::Dim));
        }
        None => out.push(Line::new(
            truncate("Press Enter to start, or q to quit.", width),
            Tint::Bold,
        )),
    }
}

/// A field's label as it fits with `room` columns after it: whole, or without its examples in
/// brackets ("Your role or team (marketing, sales, …)" becomes "Your role or team").
fn field_label(label: &str, room: usize, width: usize) -> String {
    if label.width() + room <= width {
        return label.to_string();
    }
    label.split(" (").next().unwrap_or(label).to_string()
}

/// A page of `lines` from `offset`, with a last line saying how to move and close.
pub fn pager(lines: &[Line], offset: usize, width: usize, height: usize) -> Vec<Line> {
    let room = height.saturating_sub(1).max(1);
    let mut out: Vec<Line> = lines.iter().skip(offset).take(room).cloned().collect();
    while out.len() < room {
        out.push(Line::blank());
    }
    let more = if offset + room < lines.len() {
        "↓ more · "
    } else {
        ""
    };
    out.push(Line::new(
        truncate(&format!("{more}↑↓ scroll · any other key goes back"), width),
        Tint::Dim,
    ));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn on_a_tiny_terminal_the_highlighted_option_and_the_keys_stay_on_screen() {
        let r = Rubric::builtin();
        let a = Assessment::empty(&r);
        for h in 3..12 {
            for cursor in 0..options(&r) {
                let q = Question {
                    rubric: &r,
                    index: 0,
                    current: a.answers[0],
                    note: None,
                    pass: Pass::All,
                    counts: Counts::of(&a),
                };
                let lines = question(&q, cursor, 40, h, "");
                assert!(lines.len() <= h, "h{h}: {} lines", lines.len());
                let text = plain_text(&lines);
                assert!(text.contains("▶ "), "h{h} c{cursor}:\n{text}");
                if h >= 4 {
                    assert!(text.contains("1-4"), "h{h} c{cursor}: the keys\n{text}");
                }
            }
        }
    }

    #[test]
    fn a_long_field_shows_the_part_around_the_cursor_within_its_room() {
        let text: String = (0..60).map(|k| char::from(b'a' + (k % 26) as u8)).collect();
        for at in [0, 1, 30, 59, 60] {
            let spans = field_spans(&text, at, 20, Tint::Selected);
            let shown: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert!(
                shown.width() <= 20,
                "at {at}: {shown:?} is {} wide",
                shown.width()
            );
            let cursor = spans.iter().find(|s| s.tint == Tint::Cursor).unwrap();
            let expected = text
                .chars()
                .nth(at)
                .map_or(" ".to_string(), |c| c.to_string());
            assert_eq!(
                cursor.text, expected,
                "at {at}: the cursor is on its character"
            );
        }
        // Short text: all of it, the cursor after it.
        let spans = field_spans("Dana", 4, 20, Tint::Selected);
        let shown: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(shown, "Dana ");
    }

    use super::*;
    use crate::assessment::Assessment;
    use crate::rubric::Rubric;

    fn q(r: &Rubric, index: usize) -> Question<'_> {
        let a = Assessment::empty(r);
        Question {
            rubric: r,
            index,
            current: Answer::Missing,
            note: None,
            pass: Pass::All,
            counts: Counts::of(&a),
        }
    }

    #[test]
    fn every_question_shows_heading_and_all_levels_at_80x24_and_60x20() {
        let r = Rubric::builtin();
        for (w, h) in [(80, 24), (60, 20)] {
            for i in 0..r.attributes.len() {
                let q = q(&r, i);
                for cursor in 0..options(&r) {
                    let lines = question(&q, cursor, w, h, "");
                    let text = plain_text(&lines);
                    assert!(
                        lines.len() <= h,
                        "{w}x{h} q{i}: {} lines\n{text}",
                        lines.len()
                    );
                    assert!(lines.iter().all(|l| l.width() <= w), "{w}x{h} q{i}\n{text}");
                    assert!(text.starts_with(&format!("{} of 17 · ", i + 1)), "{text}");
                    assert!(text.contains(&r.attributes[i].name));
                    for (k, l) in r.levels.iter().enumerate() {
                        assert!(text.contains(&format!("{} {}", k + 1, l.name)), "{text}");
                    }
                    assert!(text.contains("s Not sure"));
                    assert!(text.contains("? help"), "{text}");
                }
            }
        }
    }

    #[test]
    fn a_tenth_level_is_chosen_with_0_and_every_hint_says_so() {
        assert!(question_keys(10, 80).starts_with("1-9,0 choose"));
        assert!(question_keys(4, 80).starts_with("1-4 choose"));
        assert_eq!(digit_keys(10).1, "1 to 9, or 0 for the tenth,");
        assert_eq!(digit_keys(4).1, "1 to 4");
        assert_eq!(digit_keys(1).0, "1");
    }

    #[test]
    fn at_80x24_every_question_shows_every_level_in_full() {
        let r = Rubric::builtin();
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for i in 0..r.attributes.len() {
            let q = q(&r, i);
            for cursor in [NO_CURSOR, 0, 3] {
                let lines = question(&q, cursor, 80, 24, "Nothing chosen yet");
                assert!(lines.len() <= 24);
                let text = flat(&plain_text(&lines));
                for d in &r.attributes[i].descriptions {
                    assert!(text.contains(&flat(d)), "q{}: {d}\n{text}", i + 1);
                }
                assert!(text.contains("Nothing chosen yet"), "the status line stays");
            }
        }
    }

    #[test]
    fn the_review_list_keeps_the_cursor_in_view_at_any_height() {
        let r = Rubric::builtin();
        let mut a = Assessment::empty(&r);
        a.answers[3] = Answer::Level(2);
        let review = Review {
            rubric: &r,
            answers: &a.answers,
            notes: &a.notes,
            cursor: 0,
            counts: Counts::of(&a),
            resume: Some(5),
        };
        let rows = review_rows(&review);
        for h in [12, 20, 24, 40] {
            let mut scroll = 0;
            for cursor in (0..rows.len()).filter(|&k| rows[k].selectable()) {
                let lines = super::review(&review, &rows, cursor, &mut scroll, 60, h, "");
                assert_eq!(lines.len(), h);
                assert!(plain_text(&lines).contains("▶ "), "h{h} c{cursor}");
            }
        }
    }
}
#[cfg(test)]
mod notes_fit {
    use super::*;
    use crate::assessment::Assessment;
    use proptest::prelude::*;

    /// A note as people write or paste one: lines of words, some long (a link), some blank,
    /// some indented.
    fn note() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            8 => "[a-z]{1,9}",
            1 => "https://[a-z]{20,70}",
            1 => "[A-Z]{2,5}:",
        ];
        let line = (
            proptest::option::weighted(0.15, "  "),
            proptest::collection::vec(word, 0..30),
        )
            .prop_map(|(indent, words)| {
                format!("{}{}", indent.unwrap_or_default(), words.join(" "))
            });
        // As it is kept: trimmed, never empty.
        proptest::collection::vec(line, 1..14)
            .prop_map(|lines| lines.join("\n").trim().to_string())
            .prop_filter("a note has text", |n| !n.is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A person's note of any length and shape never makes a question screen wider or taller
        /// than the terminal (the terminal would wrap or scroll it, pushing the progress line
        /// off); where it is not shown whole, it is cut with a sign that says so; and every
        /// screen, the compact one too, says there is a note.
        #[test]
        fn a_persons_note_fits_the_screen_or_is_cut_with_a_sign(
            note in note(),
            index in 0usize..17,
            cursor in 0usize..5,
            size in prop_oneof![Just((80usize, 24usize)), Just((60, 20)), Just((40, 12))],
        ) {
            let r = Rubric::builtin();
            let a = Assessment::empty(&r);
            let q = Question {
                rubric: &r,
                index,
                current: Answer::Level(1),
                note: Some(&note),
                pass: Pass::All,
                counts: Counts::of(&a),
            };
            let (w, h) = size;
            let lines = question(&q, cursor, w, h, "");
            let text = plain_text(&lines);
            prop_assert!(lines.len() <= h, "{}x{}: {} lines\n{}", w, h, lines.len(), text);
            for l in &lines {
                prop_assert!(l.width() <= w, "{}x{}: {:?} is {} wide", w, h, l.text(), l.width());
                prop_assert!(!l.text().contains('\n'));
            }
            prop_assert!(text.starts_with(&format!("{} of 17 · ", index + 1)), "{}", text);
            prop_assert!(text.contains("Your note:"), "{}x{}: the note is not said\n{}", w, h, text);
            let shown: String = text.split_whitespace().collect();
            let whole: String = note.split_whitespace().collect();
            if !shown.contains(&whole) {
                prop_assert!(
                    text.contains("? shows"),
                    "{}x{}: a note cut without a sign\n{}",
                    w,
                    h,
                    text
                );
            }
            // `?` shows it whole.
            let help: String = plain_text(&question_help(&q, w)).split_whitespace().collect();
            prop_assert!(help.contains(&whole));
        }
    }
}
