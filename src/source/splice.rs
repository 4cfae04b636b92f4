//! Edits made on the bytes of a text, for the writers that change a file in place (the
//! questionnaire's answers files, `evidence --update`'s program files): every byte outside an
//! edit stays where it was, comments and layout included.

/// Bytes `start..end` of the text become `new` (`start == end`: an insertion).
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub new: String,
}

impl Splice {
    /// Bytes `start..end` become `new`.
    pub fn replace(start: usize, end: usize, new: impl Into<String>) -> Splice {
        Splice {
            start,
            end,
            new: new.into(),
        }
    }

    /// `new` inserted at byte `at`.
    pub fn insert(at: usize, new: impl Into<String>) -> Splice {
        Splice::replace(at, at, new)
    }
}

/// `text` with `edits` made. They never overlap (two that do are refused, naming why);
/// insertions at one place keep their order.
pub(crate) fn apply(text: &str, mut edits: Vec<Splice>) -> Result<String, String> {
    edits.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.start < at {
            return Err("two changes fall on the same text".to_string());
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.new);
        at = e.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// `out` with the line ends of `original`: a writer that ends every line with LF (`toml_edit`)
/// keeps a file written with CRLF in CRLF.
pub(crate) fn crlf_like(original: &str, out: String) -> String {
    if !original.contains("\r\n") {
        return out;
    }
    let mut crlf = String::with_capacity(out.len() + out.len() / 16);
    let mut prev = '\0';
    for c in out.chars() {
        if c == '\n' && prev != '\r' {
            crlf.push('\r');
        }
        crlf.push(c);
        prev = c;
    }
    crlf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_overlaps_are_refused() {
        let t = "level: emerging # kept\n";
        let out = apply(
            t,
            vec![
                Splice::replace(7, 15, "advancing"),
                Splice::insert(0, "# top\n"),
            ],
        )
        .unwrap();
        assert_eq!(out, "# top\nlevel: advancing # kept\n");
        assert!(apply(
            t,
            vec![Splice::replace(0, 5, "a"), Splice::replace(3, 6, "b")]
        )
        .is_err());
    }

    #[test]
    fn crlf_is_kept_and_lf_left_alone() {
        assert_eq!(
            crlf_like("a\r\nb\r\n", "a\nb\r\nc\n".into()),
            "a\r\nb\r\nc\r\n"
        );
        assert_eq!(crlf_like("a\nb\n", "a\nb\n".into()), "a\nb\n");
    }
}
