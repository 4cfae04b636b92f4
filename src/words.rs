//! Words for prose people read: counted nouns ("1 finding", "3 findings", never
//! "finding(s)"), how long a questionnaire takes, and the name a role is compared by.

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

/// `n` with thousands separated, followed by the singular or plural form: `counted(1_000,
/// "record", "records")` is "1,000 records", `counted(1, "record", "records")` "1 record".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), pick(n, one, many))
}

/// A count with thousands separated by commas, as reports print record counts: 1,000,000.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "about 10–15 minutes" for `n` questions (35 to 55 seconds each).
pub fn duration(n: usize) -> String {
    let lo = (n * 35).div_ceil(60).max(1);
    let hi = (n * 55).div_ceil(60).max(lo + 1);
    let round5 = |m: usize| if m >= 10 { (m + 2) / 5 * 5 } else { m };
    format!("about {}–{} minutes", round5(lo), round5(hi))
}

/// The words of a text as they are compared: lowercase, `&` read as "and", every character that
/// is not a letter or digit a space, one space between words. Headers of a form export, its
/// cells and a rubric's level descriptions are all compared this way.
pub fn plain_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Whether a space is owed before the next word.
    let mut gap = false;
    let word = |out: &mut String, gap: &mut bool, w: &mut dyn Iterator<Item = char>| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.extend(w);
    };
    for c in s.chars() {
        if c == '&' {
            gap = true;
            word(&mut out, &mut gap, &mut "and".chars());
            gap = true;
        } else if c.is_alphanumeric() {
            word(&mut out, &mut gap, &mut c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The name two respondents' roles are compared by: Unicode compatibility-normalised (NFKC),
/// case-folded (full folding: `Straße` and `STRASSE` are one), with runs of white space as one
/// space. `Marketing`, ` MARKETING ` and `ｍarketing` are the same role, `marketing`.
pub fn role_key(role: &str) -> String {
    use caseless::Caseless;
    use unicode_normalization::UnicodeNormalization;
    if role.is_ascii() {
        // ASCII is its own NFKC form, and folds to lowercase: the same key, much faster.
        return role
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let folded: String = role.nfkc().default_case_fold().nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An attribute without a level, in the words the questionnaire uses everywhere: "not sure" when
/// the person said so (`unsure` in the file), "not answered" when it was never reached.
pub fn no_level(unsure: bool) -> &'static str {
    if unsure {
        "not sure"
    } else {
        "not answered"
    }
}

#[cfg(test)]
mod tests {
    use super::{count, counted, duration, pick, plain_words, thousands};

    proptest::proptest! {
        #[test]
        fn an_ascii_role_has_the_key_full_folding_gives(role in "[ -~\t\n\x0b\x0c\r]{0,20}") {
            use caseless::Caseless;
            use unicode_normalization::UnicodeNormalization;
            let folded: String = role.nfkc().default_case_fold().nfkc().collect();
            let slow = folded.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(super::role_key(&role), slow);
        }
    }

    #[test]
    fn words_are_compared_lowercase_with_and_for_ampersands_and_no_punctuation() {
        assert_eq!(
            plain_words("Research,  Technology & Training (annually)"),
            "research technology and training annually"
        );
        assert_eq!(plain_words("non-customers: ÉTÉ"), "non customers été");
        assert_eq!(plain_words(" — "), "");
    }

    #[test]
    fn durations_are_rounded_for_people() {
        assert_eq!(duration(17), "about 10–15 minutes");
        assert_eq!(duration(3), "about 2–3 minutes");
    }

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

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
        assert_eq!(counted(1, "record", "records"), "1 record");
        assert_eq!(counted(0, "record", "records"), "0 records");
        assert_eq!(counted(1_000, "record", "records"), "1,000 records");
    }
}
