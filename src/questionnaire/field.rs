//! A line of text being typed (a name, a note): its characters and the cursor, edited the way a
//! shell line is. The cursor moves over, and Backspace and Delete remove, whole grapheme
//! clusters: what a person sees as one character (`é` written as `e` and an accent, a flag, an
//! emoji with a skin tone or joined by zero-width joiners, 👩🏽‍💼) goes at once, never leaving a
//! hidden joiner or modifier behind in what is saved. Words are runs of non-blanks.

use unicode_segmentation::UnicodeSegmentation;

/// The text of a field and the cursor's place in it (a character index, always at the start of
/// a grapheme cluster or at the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: Vec<char>,
    pub at: usize,
}

impl Field {
    /// `initial`, the cursor at its end.
    pub fn new(initial: &str) -> Field {
        let text: Vec<char> = initial.chars().collect();
        let at = text.len();
        Field { text, at }
    }

    pub fn value(&self) -> String {
        self.text.iter().collect()
    }

    /// Where the grapheme cluster before `at` starts.
    fn before(&self, at: usize) -> usize {
        let s: String = self.text[..at].iter().collect();
        at - s
            .graphemes(true)
            .next_back()
            .map_or(0, |g| g.chars().count())
    }

    /// Where the grapheme cluster at `at` ends.
    fn after(&self, at: usize) -> usize {
        let s: String = self.text[at..].iter().collect();
        at + s.graphemes(true).next().map_or(0, |g| g.chars().count())
    }

    pub fn left(&mut self) {
        self.at = self.before(self.at);
    }

    pub fn right(&mut self) {
        self.at = self.after(self.at);
    }

    pub fn home(&mut self) {
        self.at = 0;
    }

    pub fn end(&mut self) {
        self.at = self.text.len();
    }

    /// Backspace: the cluster before the cursor.
    pub fn backspace(&mut self) {
        let from = self.before(self.at);
        self.text.drain(from..self.at);
        self.at = from;
    }

    /// Delete: the cluster under the cursor.
    pub fn delete(&mut self) {
        let to = self.after(self.at);
        self.text.drain(self.at..to);
    }

    /// The start of the word before the cursor (blanks after it skipped first).
    fn word_start(&self) -> usize {
        let mut from = self.at;
        while from > 0 && self.text[from - 1].is_whitespace() {
            from -= 1;
        }
        while from > 0 && !self.text[from - 1].is_whitespace() {
            from -= 1;
        }
        from
    }

    /// The end of the word after the cursor (blanks before it skipped first).
    fn word_end(&self) -> usize {
        let mut to = self.at;
        let n = self.text.len();
        while to < n && self.text[to].is_whitespace() {
            to += 1;
        }
        while to < n && !self.text[to].is_whitespace() {
            to += 1;
        }
        to
    }

    /// Alt-b, Ctrl-←: to the start of this word or the one before.
    pub fn word_left(&mut self) {
        self.at = self.word_start();
    }

    /// Alt-f, Ctrl-→: to the end of this word or the next.
    pub fn word_right(&mut self) {
        self.at = self.word_end();
    }

    /// Ctrl-W, Alt-Backspace: the word before the cursor, and the blanks after it.
    pub fn delete_word_left(&mut self) {
        let from = self.word_start();
        self.text.drain(from..self.at);
        self.at = from;
    }

    /// Alt-d: the word after the cursor.
    pub fn delete_word_right(&mut self) {
        let to = self.word_end();
        self.text.drain(self.at..to);
    }

    /// Ctrl-U: everything.
    pub fn clear(&mut self) {
        self.text.clear();
        self.at = 0;
    }

    /// `chars` at the cursor, as many as `limit` leaves room for; whether all of them went in.
    pub fn insert(&mut self, chars: Vec<char>, limit: usize) -> bool {
        let room = limit.saturating_sub(self.text.len());
        let whole = chars.len() <= room;
        let chars: Vec<char> = chars.into_iter().take(room).collect();
        let n = chars.len();
        self.text.splice(self.at..self.at, chars);
        self.at += n;
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backspace_and_delete_take_what_a_person_sees_as_one_character() {
        // A woman office worker with a skin tone: four code points, one character on screen.
        let worker = "👩🏽\u{200d}💼";
        for text in [
            format!("Dana {worker}"),
            "Dana 🇫🇷".to_string(),
            "Dana e\u{301}".to_string(),
            "Dana 👍🏽".to_string(),
        ] {
            let mut f = Field::new(&text);
            f.backspace();
            assert_eq!(f.value(), "Dana ", "{text:?}");
            assert_eq!(f.at, 5);
            let mut f = Field::new(&text);
            f.home();
            for _ in 0..5 {
                f.right();
            }
            assert_eq!(f.at, 5);
            f.delete();
            assert_eq!(f.value(), "Dana ", "{text:?}");
            // ← from the end lands before the whole cluster.
            let mut f = Field::new(&text);
            f.left();
            assert_eq!(f.at, 5, "{text:?}");
        }
        let mut f = Field::new(&format!("a{worker}b"));
        f.home();
        f.right();
        f.right();
        assert_eq!(f.at, 5, "→ steps over the whole cluster");
    }

    #[test]
    fn words_move_and_go_like_a_shell_line() {
        let mut f = Field::new("ask  finance team");
        f.word_left();
        assert_eq!(f.at, 13);
        f.word_left();
        assert_eq!(f.at, 5);
        f.word_right();
        assert_eq!(f.at, 12);
        f.delete_word_right();
        assert_eq!(f.value(), "ask  finance");
        f.delete_word_left();
        assert_eq!(f.value(), "ask  ");
        assert!(!f.insert("x".repeat(10).chars().collect(), 8));
        assert_eq!(f.value(), "ask  xxx");
    }
}
