//! Messages about an export that never repeat a contact's data. The export reader quotes the
//! start of a cell it cannot decode, which is right for a form export (the respondent's own
//! answer) and wrong for a CRM export (someone's name or email): here the quote is taken out, and
//! any other quoted text the reader or a parser may put in a message with it.

use crate::diagnostic::Diagnostic;

/// `d` with any text quoted from the file taken out of its message (the row, column and what was
/// expected stay). Help lines are the reader's own words and stay as they are.
pub fn scrub(mut d: Diagnostic) -> Diagnostic {
    d.message = scrub_text(&d.message);
    d
}

/// The text with every double-quoted span replaced by `…`: from the first quote to the last, so
/// a quote inside a quoted cell cannot end the span early.
pub fn scrub_text(message: &str) -> String {
    // The reader's one message that quotes a cell: "... in cell 3 after \"Jo\"; the file is in
    // another encoding ...": the quote goes, the explanation after it stays.
    if let (Some(start), Some(end)) = (message.find(" after \""), message.rfind("\"; ")) {
        if end > start {
            return format!("{}{}", &message[..start], &message[end + 1..]);
        }
    }
    match (message.find('"'), message.rfind('"')) {
        (Some(a), Some(b)) if b > a => format!("{}…{}", &message[..a], &message[b + 1..]),
        (Some(a), _) => format!("{}…", &message[..a]),
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_quote_of_a_cell_is_taken_out_and_its_explanation_kept() {
        let m = "row 3: not UTF-8 text: byte 0xE9 in cell 4 after \"jo\"hn.smith@\"; the file is \
                 in another encoding (such as Windows-1252)";
        let s = scrub_text(m);
        assert_eq!(
            s,
            "row 3: not UTF-8 text: byte 0xE9 in cell 4; the file is in another encoding (such as \
             Windows-1252)"
        );
        assert_eq!(
            scrub_text("invalid type: string \"Ann \"Lee\"\", expected a date"),
            "invalid type: string …, expected a date"
        );
        assert_eq!(scrub_text("cut \"short"), "cut …");
        assert_eq!(scrub_text("nothing quoted"), "nothing quoted");
    }
}
