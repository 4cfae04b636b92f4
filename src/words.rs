//! Counted nouns for prose people read: "1 finding", "3 findings", never "finding(s)".

use std::fmt::Display;

/// The form for `n`: `one` for exactly one, `many` otherwise (zero included). Any unsigned count
/// (`usize` lengths, `u64` tallies).
pub fn pick<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) {
        one
    } else {
        many
    }
}

/// `n` followed by the singular or plural form: `count(1, "file", "files")` is "1 file".
pub fn count<N: Copy + Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", pick(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::{count, pick};

    #[test]
    fn one_takes_the_singular_and_every_other_number_the_plural() {
        assert_eq!(count(0, "finding", "findings"), "0 findings");
        assert_eq!(count(1, "finding", "findings"), "1 finding");
        assert_eq!(
            count(2, "persona covers", "personas cover"),
            "2 personas cover"
        );
        assert_eq!(pick(1, "is", "are"), "is");
        assert_eq!(pick(0usize, "is", "are"), "are");
        assert_eq!(count(1u64, "file was", "files were"), "1 file was");
    }
}
