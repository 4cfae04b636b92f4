//! Counted nouns for prose people read: "1 finding", "3 findings", never "finding(s)".

/// `n` followed by the singular or plural form: `count(1, "file", "files")` is "1 file".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_takes_the_singular_and_every_other_number_the_plural() {
        assert_eq!(count(0, "finding", "findings"), "0 findings");
        assert_eq!(count(1, "finding", "findings"), "1 finding");
        assert_eq!(
            count(2, "persona covers", "personas cover"),
            "2 personas cover"
        );
    }
}
