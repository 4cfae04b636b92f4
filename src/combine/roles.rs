//! Teams from the roles respondents typed: a role is compared by its `role_key` (case, width
//! and spacing ignored); then roles that are near-identical are one team (a filler word such as
//! "team" or "department", a plural, a common abbreviation such as "mktg", or one letter typed
//! wrong in a word of five or more), and `--role-alias ROLE=TEAM` puts any role in a team.
//! Whatever was grouped is said, so a reader can check it; teams of one respondent are named
//! with the flag that groups them.

use crate::diagnostic::Diagnostic;
use crate::words::role_key;
use std::collections::BTreeMap;

/// Roles to count as one team: `--role-alias ROLE=TEAM`, as role keys.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    map: BTreeMap<String, String>,
}

impl Aliases {
    /// Read `ROLE=TEAM` flags.
    pub fn parse(flags: &[String]) -> Result<Aliases, Diagnostic> {
        let mut map = BTreeMap::new();
        for f in flags {
            let Some((from, to)) = f.split_once('=') else {
                return Err(Diagnostic::new(
                    "--role-alias",
                    format!("{}: expected ROLE=TEAM", crate::import::quoted(f)),
                )
                .help("for example --role-alias SDR=sales --role-alias Mktg=marketing"));
            };
            let (from, to) = (role_key(from), role_key(to));
            if from.is_empty() || to.is_empty() {
                return Err(Diagnostic::new(
                    "--role-alias",
                    format!(
                        "{}: both the role and the team must be named",
                        crate::import::quoted(f)
                    ),
                ));
            }
            map.insert(from, to);
        }
        Ok(Aliases { map })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }
}

/// Words that say nothing about which team (`Marketing team`, `Sales dept.`).
const FILLER: [&str; 9] = [
    "team",
    "teams",
    "dept",
    "department",
    "group",
    "the",
    "division",
    "unit",
    "function",
];

/// Abbreviations common enough in a role field to read as the word.
const ABBREVIATIONS: [(&str, &str); 9] = [
    ("mktg", "marketing"),
    ("mkt", "marketing"),
    ("mkting", "marketing"),
    ("eng", "engineering"),
    ("engg", "engineering"),
    ("ops", "operations"),
    ("exec", "executive"),
    ("execs", "executive"),
    ("mgmt", "management"),
];

/// What a role key is compared by to find near-identical ones: its words without fillers,
/// abbreviations written out, a final `s` dropped.
fn stem(key: &str) -> String {
    let words = crate::words::plain_words(key);
    let stems: Vec<String> = words
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .map(|w| {
            let w = ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, full)| full);
            match w.strip_suffix('s') {
                Some(s) if s.chars().count() >= 3 && !s.ends_with('s') => s.to_string(),
                _ => w.to_string(),
            }
        })
        .collect();
    if stems.is_empty() {
        words
    } else {
        stems.join(" ")
    }
}

/// Two stems one typing slip apart: both at least five letters, one letter added, dropped or
/// changed.
fn one_slip(a: &str, b: &str) -> bool {
    a.chars().count() >= 5 && b.chars().count() >= 5 && strsim::levenshtein(a, b) == 1
}

/// The teams the roles make.
#[derive(Debug, Clone, Default)]
pub struct Teams {
    /// Per role number, its team's number.
    team_of: Vec<usize>,
    /// Per team, its name.
    names: Vec<String>,
    /// Per team, the role keys grouped into it and how (alias or near-identical), when more
    /// than one.
    grouped: Vec<(String, Vec<String>, bool)>,
    /// Teams of one respondent, when there are several.
    alone: Vec<String>,
}

impl Teams {
    /// The team of role number `r`.
    pub fn name(&self, r: usize) -> &str {
        self.team_name(self.number(r))
    }

    /// The number of role number `r`'s team.
    pub fn number(&self, r: usize) -> usize {
        self.team_of.get(r).copied().unwrap_or(usize::MAX)
    }

    /// Team number `t`'s name.
    pub fn team_name(&self, t: usize) -> &str {
        self.names.get(t).map_or("", String::as_str)
    }

    /// What a reader should know about the grouping.
    pub fn said(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (team, keys, aliased) in &self.grouped {
            out.push(
                Diagnostic::new(
                    "roles",
                    format!(
                        "{} counted as one team, {}{}",
                        keys.iter()
                            .map(|k| crate::import::quoted(k))
                            .collect::<Vec<_>>()
                            .join(", "),
                        crate::import::quoted(team),
                        if *aliased {
                            " (--role-alias)"
                        } else {
                            ": they differ only in case, a filler word, a plural, an \
                             abbreviation or one letter"
                        }
                    ),
                )
                .note(),
            );
        }
        if self.alone.len() >= 2 {
            let shown: Vec<String> = self
                .alone
                .iter()
                .take(10)
                .map(|k| crate::import::quoted(k))
                .collect();
            out.push(
                Diagnostic::new(
                    "roles",
                    format!(
                        "{} one respondent each: {}{}",
                        crate::words::count(self.alone.len(), "team has", "teams have"),
                        shown.join(", "),
                        if self.alone.len() > 10 { ", …" } else { "" }
                    ),
                )
                .help(format!(
                    "if some are one team, say so: --role-alias {} (repeatable); `persona-maturity \
                     form` suggests a list of teams to choose from",
                    {
                        let arg = format!("{}=TEAM", self.alone[0]);
                        shlex::try_quote(&arg).map_or(arg.clone(), |q| q.into_owned())
                    }
                ))
                .note(),
            );
        }
        out
    }
}

/// Group the role keys (with how many respondents counted give each) into teams.
pub fn group(keys: &[String], counted: &[u64], aliases: &Aliases) -> Teams {
    let n = keys.len();
    // Union–find over role numbers.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut k: usize) -> usize {
        while p[k] != k {
            p[k] = p[p[k]];
            k = p[k];
        }
        k
    }
    let join = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (a, b) = (root(p, a), root(p, b));
        if a != b {
            p[a.max(b)] = a.min(b);
        }
    };
    let aliased: Vec<bool> = keys.iter().map(|k| aliases.get(k).is_some()).collect();
    let targets: Vec<String> = keys
        .iter()
        .map(|k| stem(aliases.get(k).unwrap_or(k)))
        .collect();
    // Only roles someone counted gives are grouped.
    let live: Vec<usize> = (0..n)
        .filter(|&k| counted.get(k).copied().unwrap_or(0) > 0)
        .collect();
    for (x, &a) in live.iter().enumerate() {
        for &b in &live[x + 1..] {
            let same = targets[a] == targets[b]
                || (!aliased[a] && !aliased[b] && one_slip(&targets[a], &targets[b]));
            if same {
                join(&mut parent, a, b);
            }
        }
    }
    let mut team_of = vec![usize::MAX; n];
    let mut names = Vec::new();
    let mut grouped = Vec::new();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &k in &live {
        let r = root(&mut parent, k);
        members.entry(r).or_default().push(k);
    }
    let mut alone = Vec::new();
    for ks in members.values() {
        let aliased = ks.iter().find_map(|&k| aliases.get(&keys[k]));
        // The team's name: the alias, else the spelling most respondents used (then one
        // written out in full, as `marketing` for `mktg`, then the shortest, then the first
        // alphabetically).
        let name = match aliased {
            Some(t) => t.to_string(),
            None => ks
                .iter()
                .map(|&k| &keys[k])
                .max_by(|a, b| {
                    let (ca, cb) = (count_of(keys, counted, a), count_of(keys, counted, b));
                    let full = |k: &str| crate::words::plain_words(k) == stem(k);
                    ca.cmp(&cb)
                        .then(full(a).cmp(&full(b)))
                        .then(b.chars().count().cmp(&a.chars().count()))
                        .then(b.cmp(a))
                })
                .cloned()
                .unwrap_or_default(),
        };
        let t = names.len();
        for &k in ks {
            team_of[k] = t;
        }
        let spellings: Vec<String> = ks.iter().map(|&k| keys[k].clone()).collect();
        if spellings.len() > 1 || (aliased.is_some() && spellings[0] != name) {
            grouped.push((name.clone(), spellings, aliased.is_some()));
        }
        let total: u64 = ks.iter().map(|&k| counted[k]).sum();
        if total == 1 {
            alone.push(name.clone());
        }
        names.push(name);
    }
    grouped.sort();
    alone.sort();
    Teams {
        team_of,
        names,
        grouped,
        alone,
    }
}

fn count_of(keys: &[String], counted: &[u64], key: &str) -> u64 {
    keys.iter().position(|k| k == key).map_or(0, |k| counted[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teams(roles: &[(&str, u64)], aliases: &[&str]) -> Vec<(String, String)> {
        let keys: Vec<String> = roles.iter().map(|(r, _)| role_key(r)).collect();
        let counted: Vec<u64> = roles.iter().map(|(_, n)| *n).collect();
        let aliases =
            Aliases::parse(&aliases.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        let t = group(&keys, &counted, &aliases);
        keys.iter()
            .enumerate()
            .map(|(k, key)| (key.clone(), t.name(k).to_string()))
            .collect()
    }

    #[test]
    fn near_identical_roles_are_one_team_named_as_most_wrote_it() {
        let t = teams(
            &[
                ("Marketing", 3),
                ("Mktg", 1),
                ("Marketing team", 1),
                ("Markting", 1),
                ("Sales", 2),
                ("Sales Dept.", 1),
                ("Marketing Ops", 1),
                ("SDR", 1),
            ],
            &[],
        );
        let of = |k: &str| t.iter().find(|(key, _)| key == k).unwrap().1.clone();
        for k in ["marketing", "mktg", "marketing team", "markting"] {
            assert_eq!(of(k), "marketing", "{k}");
        }
        assert_eq!(of("sales dept."), "sales");
        assert_eq!(of("marketing ops"), "marketing ops");
        assert_eq!(of("sdr"), "sdr");
    }

    #[test]
    fn an_alias_puts_any_role_in_a_team() {
        let t = teams(
            &[("Sales", 2), ("SDR", 1), ("Marketing Ops", 1)],
            &["SDR=sales", "marketing ops=Marketing"],
        );
        assert_eq!(t[1].1, "sales");
        assert_eq!(t[2].1, "marketing");
        assert!(Aliases::parse(&["sdr".to_string()]).is_err());
    }
}
