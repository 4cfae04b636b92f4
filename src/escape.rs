//! Text from input files is untrusted wherever it is shown. One function per medium makes it
//! safe there: control characters (C0 but tab and newline, DEL, C1) always become visible escapes
//! (`\u{1b}`), so a name in a file cannot set a terminal's title, colour a CI log or hide text;
//! and each medium's own syntax is escaped on top.
//!
//! A CI log is a medium too: a runner reads `::command::` at the start of a line (GitHub Actions)
//! and `##[command]`, `##vso[command]` anywhere in one (GitHub Actions, Azure Pipelines). So the
//! second `#` of those is shown as an escape wherever input text is shown (`#\u{23}[`, and
//! `#\u0023[` in JSON, the same text to a JSON reader), and the fields that are one line by
//! nature (names, roles, organizations, ids, file names) show their line breaks as escapes
//! ([`one_line`]), so input text never starts a line of output.

use std::borrow::Cow;

/// Whether `c` must be shown as an escape: C0 controls but tab and newline, DEL, C1 controls;
/// the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which
/// reorder what a reader sees ("Trojan Source"); and the invisible characters that hide or split
/// text (U+200B zero width space, U+2060 word joiner, U+FEFF). The zero-width joiner and
/// non-joiner stay: scripts and emoji need them to be written at all.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Whether the `#` at byte `i` of `s` is the second of a CI runner's command marker (`##[`,
/// `##vso[`).
fn ci_marker(s: &str, i: usize) -> bool {
    i > 0
        && s.as_bytes()[i - 1] == b'#'
        && (s[i + 1..].starts_with('[') || s[i + 1..].starts_with("vso["))
}

/// Control characters as visible escapes, and CI runners' command markers broken by one;
/// everything else as it is.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden) && !s.contains("##") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if hidden(c) || (c == '#' && ci_marker(s, i)) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A field that is one line by nature (a name, a role, an organization, an id, a file name), for
/// any text medium: [`visible`], and its line breaks (LF, CR, U+2028, U+2029) as escapes, so that
/// what follows one cannot start a line of the output (`::error::…` in a CI log).
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.contains(['\n', '\u{2028}', '\u{2029}']) {
        return visible(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in visible(s).chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\u{2028}' | '\u{2029}' => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A report as it is printed (any format but the GitHub annotations, whose lines are commands on
/// purpose): a line whose first characters, after blanks, are `::` would be a command to a
/// GitHub runner, and the tool itself writes none, so such a line can only hold input text (a
/// note's second line, a long name wrapped at its blank): its first `:` is shown as an escape.
pub fn log_lines(text: &str) -> Cow<'_, str> {
    if !text.contains("::") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        if body.starts_with("::") {
            out.push_str(&line[..line.len() - body.len()]);
            out.push_str("\\u{3a}");
            out.push_str(&body[1..]);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// JSON text as written: CI runners' command markers inside its strings written as the JSON
/// escape `\u0023` for their second `#` (the same string to any JSON reader; outside strings JSON
/// has no `#`).
pub fn json_text(mut json: String) -> String {
    for marker in ["##[", "##vso["] {
        if json.contains(marker) {
            json = json.replace(marker, &format!("#\\u0023{}", &marker[2..]));
        }
    }
    json
}

/// A string as a double-quoted YAML (and TOML, and JSON) scalar: JSON's escapes, and on top
/// `\uXXXX` for DEL, the C1 controls (U+0085, NEL, is a line break to YAML 1.1), the line and
/// paragraph separators U+2028 and U+2029 (line breaks to YAML 1.1 too), the byte-order mark and
/// the noncharacters U+FFFE and U+FFFF. Every writer of YAML text uses this one rule, and the
/// offline page's script (`quote` in form_page.js) uses the same; a test runs both on one list
/// of strings (tests/fixtures/yaml-quoting.json).
pub fn yaml_quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A word for a POSIX shell: as it is when it needs no quoting, else quoted (single quotes).
pub fn shell(s: &str) -> String {
    // shlex refuses only a NUL, which no path or argument holds; single quotes then.
    shlex::try_quote(s)
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| format!("'{}'", s.replace('\'', r"'\''")))
}

/// Text for one comment line of a YAML or TOML file the tool writes (a respondent's email, a
/// file name): every control character and every character YAML reads as a line break (LF, CR,
/// NEL, U+2028, U+2029) shown as an escape, so the text cannot end the comment and add a key.
pub fn comment(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// For a terminal: control characters visible.
pub fn terminal(s: &str) -> Cow<'_, str> {
    visible(s)
}

/// For one line of Markdown (a table cell, a list item, a heading): control characters visible,
/// line breaks as spaces, and every character Markdown or GFM reads as syntax escaped, so the
/// text shows as written and cannot open a link, an emphasis, HTML or a table cell.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let text = visible(s);
    let chars: Vec<char> = text.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            // An ampersand is text ("sales & marketing"), unless what follows would make it a
            // character reference (`&amp;`, `&#38;`): then a backslash keeps it literal.
            '&' if starts_reference(&chars[k + 1..]) => out.push_str("\\&"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the characters after a `&` would make it a Markdown (HTML) character reference:
/// a name or a `#` and digits, then `;`.
fn starts_reference(rest: &[char]) -> bool {
    let body: Vec<char> = match rest.first() {
        Some('#') => rest[1..]
            .iter()
            .copied()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect(),
        _ => rest
            .iter()
            .copied()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect(),
    };
    let skip = body.len() + usize::from(rest.first() == Some(&'#'));
    !body.is_empty() && rest.get(skip) == Some(&';')
}

/// Markdown inline code: a backtick fence longer than any run of backticks inside.
pub fn markdown_code(s: &str) -> String {
    let text = visible(s).replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A CSV text cell: one line ([`one_line`]: a CSV printed to a log is a text like any other, so
/// a note's line breaks are escapes too), and a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) prefixed with `'` (the
/// OWASP rule for CSV injection). Numbers are written as numbers, never through this.
pub fn csv_text(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let shown = one_line(s);
    if risky {
        format!("'{shown}")
    } else {
        shown.into_owned()
    }
}

/// For HTML text (maud escapes `<`, `>`, `&` and quotes after this): control characters visible.
pub fn html(s: &str) -> Cow<'_, str> {
    visible(s)
}

/// For XML (JUnit): control characters visible, and the noncharacters U+FFFE and U+FFFF, which
/// XML 1.0 cannot hold at all (a document with one is not well-formed).
pub fn xml(s: &str) -> String {
    s.char_indices()
        .map(|(i, c)| {
            if hidden(c)
                || matches!(c, '\r' | '\u{fffe}' | '\u{ffff}')
                || (c == '#' && ci_marker(s, i))
            {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The message of a GitHub workflow command (after `::`).
pub fn github_data(s: &str) -> String {
    let escaped = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    visible(&escaped).into_owned()
}

/// A property of a GitHub workflow command (`file=`, `title=`).
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ci_runners_command_markers_are_broken_in_text_and_kept_as_data_in_json() {
        assert_eq!(
            visible("a ##[error]b ##vso[x] # [c] ## d"),
            r"a #\u{23}[error]b #\u{23}vso[x] # [c] ## d"
        );
        assert_eq!(visible("###[x"), r"##\u{23}[x");
        assert_eq!(xml("##[error]"), r"#\u{23}[error]");
        let json = json_text(serde_json::to_string(&"##[error] ##vso[y]").unwrap());
        assert_eq!(json, r##""#\u0023[error] #\u0023vso[y]""##);
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, "##[error] ##vso[y]");
    }

    #[test]
    fn one_line_fields_show_their_line_breaks_and_no_line_starts_with_a_command() {
        assert_eq!(
            one_line("Dana\n::error::x\r\u{2028}y"),
            r"Dana\n::error::x\u{d}\u{2028}y"
        );
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(
            log_lines("ok ::x\n  ::error::a\n::b\n"),
            "ok ::x\n  \\u{3a}:error::a\n\\u{3a}:b\n"
        );
        assert!(matches!(log_lines("a: b\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_become_visible_escapes_in_every_medium() {
        let evil = "Evil\u{1b}]0;pwned\u{7}Co\u{7f}\u{85}";
        let shown = r"Evil\u{1b}]0;pwned\u{7}Co\u{7f}\u{85}";
        assert_eq!(terminal(evil), shown);
        assert_eq!(html(evil), shown);
        assert_eq!(xml(evil), shown);
        assert!(!markdown(evil).contains('\u{1b}'));
        assert!(!csv_text(evil).contains('\u{1b}'));
        assert!(!github_data(evil).contains('\u{1b}'));
        assert_eq!(terminal("tab\tand\nnewline"), "tab\tand\nnewline");
    }

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(
            markdown("a|b *c* _d_ `e` \\ & <x> [l](u)"),
            r"a\|b \*c\* \_d\_ \`e\` \\ & &lt;x&gt; \[l\](u)"
        );
        // An ampersand stays one in text; only where it would start a character reference is
        // it escaped, so the text reads back as written.
        assert_eq!(
            markdown("sales & marketing staff, R&D, AT&T;"),
            "sales & marketing staff, R&D, AT\\&T;"
        );
        assert_eq!(
            markdown("&amp; &#38; &#x26; & ;"),
            r"\&amp; \&\#38; \&\#x26; & ;"
        );
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_text() {
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\",\"click\")"),
            "'=HYPERLINK(\"http://x\",\"click\")"
        );
        for s in ["+1", "-1", "@sum", "\tx", "\rx"] {
            assert!(csv_text(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv_text("Acme"), "Acme");
    }

    #[test]
    fn github_workflow_command_values_are_escaped() {
        assert_eq!(github_data("50% done\nnext\r"), "50%25 done%0Anext%0D");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
