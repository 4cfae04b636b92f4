//! "Did you mean" for names a user typed: the closest known name, when it is close enough.

/// The candidate closest to `typed` (case-insensitive), if it is plausibly a typo of it.
pub fn closest<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let typed_l = typed.to_lowercase();
    let mut best: Option<(&'a str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&typed_l, &c.to_lowercase());
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.8).map(|(c, _)| c)
}

/// `did you mean `x`?` or nothing.
pub fn did_you_mean<'a, I>(typed: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(typed, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_letter_typo_finds_the_intended_name() {
        let names = ["training", "budget-allocation", "sharing-personas"];
        assert_eq!(closest("trainng", names), Some("training"));
        assert_eq!(
            closest("budget-alocation", names),
            Some("budget-allocation")
        );
    }

    #[test]
    fn an_unrelated_word_suggests_nothing() {
        assert_eq!(closest("zebra", ["training", "budget-allocation"]), None);
    }
}
