//! The one place YAML text is read by hand: a tokenizer that follows YAML's rules for quotes,
//! comments, line breaks, block scalars and where a node may start, and a view of its tokens by
//! line. Three readers share it:
//!
//! - the nesting guard (`guard`), which counts flow collections before the parser runs;
//! - `locate`, which finds the line a key path is written on;
//! - the questionnaire's in-place edit of an answers file
//!   ([`questionnaire::edit`](crate::questionnaire::edit)).
//!
//! It is not a parser: it tells text from indicators, which is all three need. Where YAML leaves
//! it unsure it takes the reading that counts more nesting, so the guard errs on the safe side
//! (a generated-document test holds it to the parser's depth). The edit reads its result back
//! through the real parser before it is written; `locate` gives no line where it cannot tell.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `---` or `...` at the start of a line.
    DocumentMarker,
    /// A `%` directive line.
    Directive,
    /// `# …` to the end of the line.
    Comment,
    /// A double- or single-quoted scalar, quotes included; it may span lines.
    Quoted,
    /// A run of plain text without blanks.
    Plain,
    /// `&name`.
    Anchor,
    /// `!tag` or `!<verbatim>`.
    Tag,
    /// `*name`.
    Alias,
    /// `[` or `{` opening a flow collection.
    FlowOpen,
    /// `]` or `}` closing one.
    FlowClose,
    /// `,` between the entries of a flow collection.
    Comma,
    /// `:` after a key.
    Value,
    /// `-` before a block sequence entry.
    Entry,
    /// `?` before an explicit key.
    Key,
    /// `|` or `>` with its indicators: a block scalar's header.
    BlockScalar,
    /// One line of a block scalar's content (without its break).
    BlockText,
    /// A line break: LF, CR LF, CR, and (as YAML 1.1 readers take them) NEL, LS, PS.
    Break,
}

/// A token: its kind and its bytes `start..end` in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Length in bytes of the YAML line break at `i` (LF, CR LF, CR, NEL, LS, PS), or 0.
fn line_break(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'\n') => 1,
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => 2,
        Some(b'\r') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0x85) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => 3,
        _ => 0,
    }
}

/// The tokens of a YAML text, in order. Linear in the text; lazy, so a reader may stop early.
///
/// Outside flow collections a bracket opens one only where a node may start: at the start of a
/// line, after `: `, `- ` or `? `, after node properties (`&anchor`, `!tag`) and after a document
/// marker (`---`). Inside a flow collection every bracket outside quotes opens one. Brackets in
/// quoted scalars, comments, block scalars (`|`, `>`) and plain text (`role: s{{{ales`) are text.
pub(crate) fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        node_start: true,
        line_start: 0,
        indent: 0,
        at_indent: true,
        owner: 0,
        block: None,
    }
}

/// The tokenizer's state (see [`tokens`]).
pub(crate) struct Tokens<'a> {
    b: &'a [u8],
    i: usize,
    /// How deep in flow collections.
    depth: usize,
    /// A node (collection, quoted scalar, properties) may start here.
    node_start: bool,
    line_start: usize,
    indent: usize,
    at_indent: bool,
    /// Column of the block node that owns what follows on this line (a key, or a `-` entry).
    owner: usize,
    /// An open block scalar: the column of its parent node, and its content's indentation once
    /// its first line has set it.
    block: Option<(usize, Option<usize>)>,
}

impl Tokens<'_> {
    fn blank(&self, i: usize) -> bool {
        i >= self.b.len() || matches!(self.b[i], b' ' | b'\t') || line_break(self.b, i) > 0
    }

    fn to_line_end(&self, mut i: usize) -> usize {
        while i < self.b.len() && line_break(self.b, i) == 0 {
            i += 1;
        }
        i
    }

    /// Whether the `:` at `i` is a value indicator: followed by a blank, in flow collections
    /// also by `,]}`. In block context `a:[b` is plain text, as the parser reads it.
    fn value_indicator(&self, i: usize) -> bool {
        self.blank(i + 1)
            || (self.depth > 0 && matches!(self.b.get(i + 1), Some(b',' | b']' | b'}')))
    }

    /// The end of the plain text that starts at `i`: up to a blank, a value indicator, or in a
    /// flow collection one of `,[]{}`.
    fn plain_end(&self, mut i: usize) -> usize {
        i += 1;
        while i < self.b.len() && !self.blank(i) {
            let c = self.b[i];
            if (self.depth > 0 && b",[]{}".contains(&c)) || (c == b':' && self.value_indicator(i)) {
                break;
            }
            i += 1;
        }
        i
    }

    /// The end of the quoted scalar that starts at `i` (`\"` escapes in double quotes, `''` in
    /// single), which may span lines.
    fn quoted_end(&mut self, start: usize) -> usize {
        let b = self.b;
        let q = b[start];
        let mut i = start + 1;
        while i < b.len() {
            match b[i] {
                b'\\' if q == b'"' => i += 1,
                b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
                c if c == q => return i + 1,
                _ => {
                    let k = line_break(b, i);
                    if k > 0 {
                        self.line_start = i + k;
                        i += k - 1;
                    }
                }
            }
            i += 1;
        }
        b.len()
    }

    /// The end of node properties at `i`: `&name`, `!tag`, `!<verbatim, tag>`.
    fn property_end(&self, mut i: usize) -> usize {
        let b = self.b;
        if b[i..].starts_with(b"!<") {
            while i + 1 < b.len() && b[i] != b'>' && !self.blank(i + 1) {
                i += 1;
            }
        }
        while i + 1 < b.len() && !self.blank(i + 1) && !b"[]{},".contains(&b[i + 1]) {
            i += 1;
        }
        i + 1
    }

    /// At the first character of a line after its indentation: a block scalar's content line, a
    /// document marker or a directive, if it is one.
    fn line_opening(&mut self, i: usize) -> Option<Token> {
        let b = self.b;
        self.at_indent = false;
        self.owner = self.indent;
        if let Some((parent, content)) = self.block {
            let empty = line_break(b, i) > 0 || i >= b.len();
            let inside = match content {
                _ if empty => true,
                None if self.indent > parent => {
                    self.block = Some((parent, Some(self.indent)));
                    true
                }
                Some(m) => self.indent >= m,
                None => false,
            };
            if inside {
                let end = self.to_line_end(i);
                self.i = end;
                return (end > i).then_some(Token {
                    kind: Kind::BlockText,
                    start: i,
                    end,
                });
            }
            self.block = None;
        }
        if i == self.line_start && self.depth == 0 {
            let marker = b[i..].starts_with(b"---") || b[i..].starts_with(b"...");
            if marker && self.blank(i + 3) {
                self.node_start = true;
                self.i = i + 3;
                return Some(Token {
                    kind: Kind::DocumentMarker,
                    start: i,
                    end: i + 3,
                });
            }
            if b[i] == b'%' {
                self.i = self.to_line_end(i);
                return Some(Token {
                    kind: Kind::Directive,
                    start: i,
                    end: self.i,
                });
            }
        }
        None
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let b = self.b;
        let n = b.len();
        loop {
            let i = self.i;
            if i >= n {
                return None;
            }
            let c = b[i];
            if self.at_indent {
                if c == b' ' {
                    self.indent += 1;
                    self.i += 1;
                    continue;
                }
                if let Some(t) = self.line_opening(i) {
                    return Some(t);
                }
                if self.i != i {
                    continue;
                }
            }
            let brk = line_break(b, i);
            if brk > 0 {
                self.i = i + brk;
                self.line_start = self.i;
                self.indent = 0;
                self.at_indent = true;
                if self.depth == 0 {
                    self.node_start = true;
                }
                return Some(Token {
                    kind: Kind::Break,
                    start: i,
                    end: self.i,
                });
            }
            let col = i - self.line_start;
            let (kind, end) = match c {
                b' ' | b'\t' => {
                    self.i += 1;
                    continue;
                }
                b'#' if i == self.line_start || matches!(b[i - 1], b' ' | b'\t') => {
                    (Kind::Comment, self.to_line_end(i))
                }
                b'"' | b'\'' if self.node_start => {
                    if self.depth == 0 {
                        self.owner = col;
                    }
                    self.node_start = false;
                    (Kind::Quoted, self.quoted_end(i))
                }
                // Node properties come before the node itself: it may still be a collection.
                b'&' if self.node_start => (Kind::Anchor, self.property_end(i)),
                b'!' if self.node_start => (Kind::Tag, self.property_end(i)),
                b'[' | b'{' if self.node_start || self.depth > 0 => {
                    self.depth += 1;
                    self.node_start = true;
                    (Kind::FlowOpen, i + 1)
                }
                b']' | b'}' if self.depth > 0 => {
                    self.depth -= 1;
                    self.node_start = false;
                    (Kind::FlowClose, i + 1)
                }
                b',' if self.depth > 0 => {
                    self.node_start = true;
                    (Kind::Comma, i + 1)
                }
                b':' if self.value_indicator(i) => {
                    self.node_start = true;
                    (Kind::Value, i + 1)
                }
                b'-' | b'?' if self.node_start && self.blank(i + 1) => {
                    if self.depth == 0 {
                        self.owner = col;
                    }
                    let kind = if c == b'-' { Kind::Entry } else { Kind::Key };
                    (kind, i + 1)
                }
                b'|' | b'>' if self.node_start && self.depth == 0 => {
                    self.block = Some((self.owner, None));
                    self.node_start = false;
                    (Kind::BlockScalar, self.plain_end(i))
                }
                _ => {
                    let alias = c == b'*' && self.node_start;
                    if self.node_start && self.depth == 0 {
                        self.owner = col;
                    }
                    self.node_start = false;
                    let kind = if alias { Kind::Alias } else { Kind::Plain };
                    (kind, self.plain_end(i))
                }
            };
            self.i = end;
            return Some(Token {
                kind,
                start: i,
                end,
            });
        }
    }
}

/// A text's tokens by line, lines split at `\n` as editors and error messages number them (a
/// `\r` before it is not part of the line).
pub(crate) struct Lines<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Per line: its byte range (without the break) and its tokens' range in `tokens`.
    lines: Vec<(usize, usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    /// Every token of `text` but the breaks and block scalars' content, by the line it starts on.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let tokens: Vec<Token> = tokens(text)
            .filter(|t| !matches!(t.kind, Kind::Break | Kind::BlockText))
            .collect();
        let mut lines = Vec::with_capacity(starts.len());
        let mut t = 0;
        for (k, &start) in starts.iter().enumerate() {
            let next = starts.get(k + 1).copied().unwrap_or(text.len() + 1);
            let end = next - 1;
            let end = if text[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            let first = t;
            while t < tokens.len() && tokens[t].start < next {
                t += 1;
            }
            lines.push((start, end, first, t));
        }
        Lines {
            text,
            tokens,
            lines,
        }
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Line `k` (0-based) as written, without its break.
    pub fn line(&self, k: usize) -> &'a str {
        let (start, end, _, _) = self.lines[k];
        &self.text[start..end]
    }

    /// Where line `k` starts, in bytes.
    pub fn start(&self, k: usize) -> usize {
        self.lines[k].0
    }

    /// Where line `k` ends, in bytes, before its break.
    pub fn end(&self, k: usize) -> usize {
        self.lines[k].1
    }

    /// The line that byte `at` is on.
    pub fn line_of(&self, at: usize) -> usize {
        self.lines.partition_point(|l| l.0 <= at).saturating_sub(1)
    }

    /// The tokens that start on line `k`, comments included.
    pub fn tokens(&self, k: usize) -> &[Token] {
        let (_, _, first, end) = self.lines[k];
        &self.tokens[first..end]
    }

    /// The tokens on line `k` that are not a comment: what the line holds.
    pub fn content(&self, k: usize) -> impl Iterator<Item = &Token> {
        self.tokens(k).iter().filter(|t| t.kind != Kind::Comment)
    }

    /// The column of line `k`'s first token that is not a comment, if it has one: a line with
    /// content, and its indentation.
    pub fn indent(&self, k: usize) -> Option<usize> {
        self.content(k).next().map(|t| self.col(k, t))
    }

    /// The column of a token on line `k`.
    pub fn col(&self, k: usize, t: &Token) -> usize {
        t.start - self.lines[k].0
    }

    /// The text of a token.
    pub fn text(&self, t: &Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    /// Line `k`'s trailing comment with the blanks before it (`   # note`), or "".
    pub fn comment(&self, k: usize) -> &'a str {
        let line = self.line(k);
        match self.tokens(k).iter().find(|t| t.kind == Kind::Comment) {
            Some(t) => {
                let at = self.col(k, t);
                &line[line[..at].trim_end_matches([' ', '\t']).len()..]
            }
            None => "",
        }
    }

    /// The key of line `k` when it starts `key:` at column `col` (the key plain or quoted), and
    /// the index in `tokens(k)` of what follows the `:`.
    pub fn key_at(&self, k: usize, col: usize) -> Option<(&'a str, usize)> {
        let tokens = self.tokens(k);
        let at = tokens.iter().position(|t| self.col(k, t) == col)?;
        let (key, colon) = (tokens.get(at)?, tokens.get(at + 1)?);
        if colon.kind != Kind::Value {
            return None;
        }
        let text = self.text(key);
        let name = match key.kind {
            Kind::Plain => text,
            Kind::Quoted => &text[1..text.len().max(2) - 1],
            _ => return None,
        };
        Some((name, at + 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text)
            .filter(|t| t.kind != Kind::Break)
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn quotes_comments_and_plain_text_are_told_apart() {
        use Kind::*;
        assert_eq!(
            kinds("name: it's # a note\nrole: \"a # b\"  # c\n"),
            vec![
                (Plain, "name"),
                (Value, ":"),
                (Plain, "it's"),
                (Comment, "# a note"),
                (Plain, "role"),
                (Value, ":"),
                (Quoted, "\"a # b\""),
                (Comment, "# c"),
            ]
        );
        assert_eq!(
            kinds("a: s{x#y}: [&p 'it''s', *p, {k: v}]\n"),
            vec![
                (Plain, "a"),
                (Value, ":"),
                (Plain, "s{x#y}"),
                (Value, ":"),
                (FlowOpen, "["),
                (Anchor, "&p"),
                (Quoted, "'it''s'"),
                (Comma, ","),
                (Alias, "*p"),
                (Comma, ","),
                (FlowOpen, "{"),
                (Plain, "k"),
                (Value, ":"),
                (Plain, "v"),
                (FlowClose, "}"),
                (FlowClose, "]"),
            ]
        );
    }

    #[test]
    fn block_scalars_documents_and_directives_are_their_own_tokens() {
        use Kind::*;
        assert_eq!(
            kinds("%YAML 1.2\n---\nnote: |-\n  - not an item\n\n  # not a comment\nnext: x\n"),
            vec![
                (Directive, "%YAML 1.2"),
                (DocumentMarker, "---"),
                (Plain, "note"),
                (Value, ":"),
                (BlockScalar, "|-"),
                (BlockText, "- not an item"),
                (BlockText, "# not a comment"),
                (Plain, "next"),
                (Value, ":"),
                (Plain, "x"),
            ]
        );
    }

    #[test]
    fn lines_give_indentation_keys_and_trailing_comments() {
        let text =
            "answers:   # mine\r\n  training: \"x # y\"\t# keep\r\n\r\n  # only a comment\r\n";
        let lines = Lines::new(text);
        assert_eq!(lines.len(), 5);
        assert_eq!(lines.line(1), "  training: \"x # y\"\t# keep");
        assert_eq!(lines.indent(0), Some(0));
        assert_eq!(lines.indent(1), Some(2));
        assert_eq!(lines.indent(2), None);
        assert_eq!(lines.indent(3), None);
        assert_eq!(lines.comment(0), "   # mine");
        assert_eq!(lines.comment(1), "\t# keep");
        assert_eq!(lines.key_at(1, 2).map(|(k, _)| k), Some("training"));
        assert_eq!(lines.key_at(1, 0), None);
        let quoted = Lines::new("\"answers\": {}\n");
        assert_eq!(quoted.key_at(0, 0), Some(("answers", 2)));
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// Text made of YAML's indicators, quotes, blanks, every line break and a few letters.
        fn yamlish() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "[", "]", "{", "}", ",", ": ", ":", "- ", "-", "? ", "|", ">", "# ", "#", "&a",
                "*a", "!t ", "!<x,y>", "'", "''", "\"", "\\\"", "\n", "\r\n", "\r", "\u{85}",
                "\u{2028}", " ", "  ", "\t", "a", "é", "😀", "---", "...", "%Y", "key: v",
            ]);
            prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2000,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// Whatever the text, tokens come in order, do not overlap, are not empty and cut
            /// the text only between characters; the line view answers for every line.
            #[test]
            fn tokens_are_ordered_slices_of_the_text(text in yamlish()) {
                let mut end = 0;
                for t in tokens(&text) {
                    prop_assert!(t.start >= end && t.end > t.start, "{t:?} in {text:?}");
                    prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                    end = t.end;
                }
                prop_assert!(end <= text.len());
                let lines = Lines::new(&text);
                for k in 0..lines.len() {
                    let _ = (lines.line(k), lines.indent(k), lines.comment(k), lines.key_at(k, 0));
                    for t in lines.tokens(k) {
                        let _ = lines.text(t);
                    }
                }
            }
        }
    }
}
