//! Telling people apart across every input: each respondent read (a file, an export's row) is
//! kept as a compact [`Entry`] until everything is read; then entries are grouped into people
//! and submissions, and one submission per person is counted ([`Keep`]).
//!
//! - Two entries are **one submission** when they carry the same submission key: an export's
//!   row and a file imported from it (the file records the row's fingerprint), the same row in
//!   two downloads of one export, two copies of one answers file (same person, same answers,
//!   notes and date), or the same file named twice (a file that names nobody is known by the
//!   file itself, so two such files are two people unless they are one file).
//! - Two entries are **one person** when they are one submission, or carry the same email (case
//!   ignored), or carry the same name, role and organization (as roles are compared) and do not
//!   both carry an email: an answers file (which records no email) and the export row it came
//!   from, or a row whose email was left blank and another with the email, are one person. When
//!   entries of one name, role and organization carry two different emails, they are two people,
//!   and the entries of that name with no email are a person of their own (which of the two
//!   they belong to cannot be told).
//! - A submission read more than once is represented by its copy of the highest
//!   [`Entry::rank`]: whatever the order of the inputs, an export's row stands for the file
//!   imported from it (its time as the export reads it), unless the file was edited since.
//! - Of one person's submissions, the latest counts (by its moment: the day, and the time where
//!   it is known; of two at the same moment, the one named later on the command line, then the
//!   later row or file path), or the first, or every one (`--keep`).
//!
//! Memory is what the entries hold: 48 bytes a respondent (the keys, the moment, where it was
//! read) and a byte per attribute for the levels, plus each file's path and every comment's
//! text. Telling people apart takes 8 bytes a respondent more while it runs (an array of entry
//! numbers, sorted, and the groups).

use crate::import::collect::Keep;
use std::cmp::Ordering;

/// No role or organization.
pub const NONE: u16 = u16::MAX;
/// A role or organization past the ones kept by name (there are too many to compare anyway).
pub const OTHER: u16 = u16::MAX - 1;
/// Distinct roles and organizations kept by name.
pub const MAX_KEPT: usize = 4096;

/// Flags of an entry.
pub const FILE: u8 = 1;
/// Answered for another version of the rubric.
pub const OTHER_VERSION: u8 = 2;
/// An export's row that cannot be read: a submission of its person that never counts.
pub const UNREADABLE: u8 = 4;
/// An export's row whose `place` also says which export: the export's path (an index into the
/// store's paths) in the high 32 bits, the row in the low ones.
pub const EXPORT: u8 = 8;
/// An answers file whose answers differ from the export row it records (edited by hand since it
/// was imported): of that submission's copies, its answers are the ones counted.
pub const EDITED: u8 = 16;

/// One respondent as read.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The email's key (0: no email).
    pub person: u64,
    /// The name, role and organization's key (0: no name).
    pub name: u64,
    /// The submission key.
    pub submission: u64,
    /// When it was submitted ([`crate::import::when::moment`]: in UTC where an offset was
    /// written); `i64::MIN`: not known.
    pub moment: i64,
    /// The offset from UTC written with its time, in quarter hours (0: none written), to give
    /// back the day as the respondent's clock said it.
    pub offset: i8,
    /// An export's row, or a file's path (an index into the store's paths).
    pub place: u64,
    /// The input it came from, as named on the command line (an index into the store's inputs).
    pub input: u16,
    pub role: u16,
    pub organization: u16,
    pub flags: u8,
}

impl Entry {
    pub fn is_file(&self) -> bool {
        self.flags & FILE != 0
    }

    /// An export's row (or 0 for a file): its row number.
    pub fn row(&self) -> u64 {
        if self.flags & EXPORT != 0 {
            self.place & 0xFFFF_FFFF
        } else {
            self.place
        }
    }

    /// The index of the export's path in the store's paths, for a row that records it.
    pub fn export(&self) -> Option<usize> {
        (self.flags & EXPORT != 0).then_some((self.place >> 32) as usize)
    }

    /// Which of a submission's copies stands for it (the highest): a file edited since it was
    /// imported, else an export's row (the source of the file, its time as the export decides
    /// it), else a file; of equal ones, the one read last.
    pub fn rank(&self) -> u8 {
        if self.flags & EDITED != 0 {
            2
        } else if self.is_file() {
            0
        } else {
            1
        }
    }

    /// The moment on the respondent's clock (the day of it is the day they answered).
    pub fn local_moment(&self) -> i64 {
        self.moment + i64::from(self.offset) * 900
    }
}

/// An offset in seconds as quarter hours (offsets are whole quarter hours, at most ±14 hours).
pub fn quarters(offset: Option<i32>) -> i8 {
    offset.map_or(0, |o| (o / 900).clamp(-128, 127) as i8)
}

/// Union–find over entry numbers.
struct Groups {
    parent: Vec<u32>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n as u32).collect(),
        }
    }

    fn root(&mut self, mut k: u32) -> u32 {
        while self.parent[k as usize] != k {
            let up = self.parent[self.parent[k as usize] as usize];
            self.parent[k as usize] = up;
            k = up;
        }
        k
    }

    fn join(&mut self, a: u32, b: u32) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            // The smaller number as the root: the same grouping whatever the order of joins.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi as usize] = lo;
        }
    }

    /// Join the entries that share a key (0 is no key): `order` sorted by the key, then each
    /// entry joined to the one before it when their keys are equal.
    fn join_by(&mut self, order: &mut [u32], key: impl Fn(u32) -> u64) {
        order.sort_unstable_by_key(|&k| key(k));
        for w in order.windows(2) {
            let k = key(w[0]);
            if k != 0 && k == key(w[1]) {
                self.join(w[0], w[1]);
            }
        }
    }

    /// Every entry's group, as the group's smallest entry number.
    fn into_roots(mut self) -> Vec<u32> {
        for k in 0..self.parent.len() as u32 {
            let r = self.root(k);
            self.parent[k as usize] = r;
        }
        self.parent
    }
}

/// One person's submissions, as grouping found them.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// Each submission's entries (copies of one submission), each list in order, the
    /// submissions in order of their last entry.
    pub submissions: Vec<Vec<u32>>,
    /// The submissions counted (indexes into `submissions`).
    pub counted: Vec<usize>,
}

/// Which entries count, and what was found on the way.
#[derive(Debug, Default)]
pub struct Decided {
    /// For each entry, whether it is counted.
    pub counted: Vec<bool>,
    /// People with more than one submission, and submissions given more than once (copies),
    /// in order of their first entry.
    pub repeated: Vec<Person>,
    pub copies: Vec<Vec<u32>>,
    /// Submissions left out because the same person submitted another one.
    pub dropped: u64,
    /// Entries left out as copies of a submission counted.
    pub duplicates: u64,
}

/// Decide which entries count. `order` compares two entries by where they were read (input as
/// named, then row or path).
pub fn decide(
    entries: &[Entry],
    keep: Keep,
    order: &dyn Fn(&Entry, &Entry) -> Ordering,
) -> Decided {
    let n = entries.len();
    // One array of entry numbers, sorted three times: by person, by submission, then by group.
    let mut all: Vec<u32> = (0..n as u32).collect();
    let mut groups = Groups::new(n);
    groups.join_by(&mut all, |k| entries[k as usize].person);
    groups.join_by(&mut all, |k| entries[k as usize].submission);
    join_by_name(&mut groups, &mut all, entries);
    let roots = groups.into_roots();
    // Entries by person, then submission, then where they were read.
    all.sort_by(|&a, &b| {
        let (ea, eb) = (&entries[a as usize], &entries[b as usize]);
        roots[a as usize]
            .cmp(&roots[b as usize])
            .then(ea.submission.cmp(&eb.submission))
            .then(ea.rank().cmp(&eb.rank()))
            .then_with(|| order(ea, eb))
    });
    let mut out = Decided {
        counted: vec![false; n],
        ..Decided::default()
    };
    let later = |a: u32, b: u32| -> Ordering {
        let (ea, eb) = (&entries[a as usize], &entries[b as usize]);
        ea.moment.cmp(&eb.moment).then_with(|| order(ea, eb))
    };
    let mut start = 0;
    while start < n {
        let root = roots[all[start] as usize];
        let end = start + all[start..].partition_point(|&k| roots[k as usize] == root);
        let mut person = Person::default();
        let mut s = start;
        while s < end {
            let sub = entries[all[s] as usize].submission;
            let e = s + all[s..end].partition_point(|&k| entries[k as usize].submission == sub);
            person.submissions.push(all[s..e].to_vec());
            s = e;
        }
        // Each submission is represented by its copy read last.
        let last = |sub: &Vec<u32>| *sub.last().expect("a submission has an entry");
        person
            .submissions
            .sort_by(|a, b| order(&entries[last(a) as usize], &entries[last(b) as usize]));
        person.counted = match keep {
            Keep::All => (0..person.submissions.len()).collect(),
            Keep::Latest => (0..person.submissions.len())
                .max_by(|&a, &b| later(last(&person.submissions[a]), last(&person.submissions[b])))
                .into_iter()
                .collect(),
            Keep::First => (0..person.submissions.len())
                .min_by(|&a, &b| later(last(&person.submissions[a]), last(&person.submissions[b])))
                .into_iter()
                .collect(),
        };
        for &c in &person.counted {
            out.counted[last(&person.submissions[c]) as usize] = true;
        }
        out.dropped += (person.submissions.len() - person.counted.len()) as u64;
        for sub in &person.submissions {
            if sub.len() > 1 {
                out.duplicates += sub.len() as u64 - 1;
                out.copies.push(sub.clone());
            }
        }
        if person.submissions.len() > 1 {
            out.repeated.push(person);
        }
        start = end;
    }
    let first = |ks: &[u32]| {
        ks.iter()
            .copied()
            .min_by(|&a, &b| order(&entries[a as usize], &entries[b as usize]))
    };
    out.copies
        .sort_by(|a, b| cmp_opt(first(a), first(b), entries, order));
    out.repeated.sort_by(|a, b| {
        let fa = a
            .submissions
            .iter()
            .filter_map(|s| first(s))
            .min_by(|&x, &y| order(&entries[x as usize], &entries[y as usize]));
        let fb = b
            .submissions
            .iter()
            .filter_map(|s| first(s))
            .min_by(|&x, &y| order(&entries[x as usize], &entries[y as usize]));
        cmp_opt(fa, fb, entries, order)
    });
    out
}

/// Join the entries of one name, role and organization: all of them when they carry at most one
/// email, else only those with no email (among themselves).
fn join_by_name(groups: &mut Groups, all: &mut [u32], entries: &[Entry]) {
    all.sort_unstable_by_key(|&k| {
        let e = &entries[k as usize];
        (e.name, e.person)
    });
    let mut start = 0;
    while start < all.len() {
        let name = entries[all[start] as usize].name;
        let end = start + all[start..].partition_point(|&k| entries[k as usize].name == name);
        let run = &all[start..end];
        if name != 0 && run.len() > 1 {
            // Sorted by email within the run: the email-less (0) first.
            let emails = |k: &u32| entries[*k as usize].person;
            let with_email: Vec<u64> = run.iter().map(emails).filter(|&e| e != 0).collect();
            let one_email = with_email.first() == with_email.last();
            for w in run.windows(2) {
                if one_email || emails(&w[1]) == 0 {
                    groups.join(w[0], w[1]);
                }
            }
        }
        start = end;
    }
}

fn cmp_opt(
    a: Option<u32>,
    b: Option<u32>,
    entries: &[Entry],
    order: &dyn Fn(&Entry, &Entry) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => order(&entries[a as usize], &entries[b as usize]),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(person: u64, submission: u64, moment: i64, place: u64) -> Entry {
        Entry {
            person,
            name: 0,
            submission,
            moment,
            offset: 0,
            place,
            input: 0,
            role: NONE,
            organization: NONE,
            flags: 0,
        }
    }

    fn by_place(a: &Entry, b: &Entry) -> Ordering {
        a.input.cmp(&b.input).then(a.place.cmp(&b.place))
    }

    #[test]
    fn one_person_counts_once_by_their_latest_submission_and_copies_count_once() {
        let entries = [
            // Person 1: two submissions, the later one by time in the earlier row.
            entry(1, 10, 200, 2),
            entry(1, 11, 100, 8),
            // A copy of person 1's first submission, found through its submission key only.
            entry(0, 10, 200, 9),
            // Person 2, once.
            entry(2, 12, 150, 3),
            // Nobody can be told: two people.
            entry(0, 13, 0, 4),
            entry(0, 14, 0, 5),
        ];
        let d = decide(&entries, Keep::Latest, &by_place);
        assert_eq!(d.counted, [false, false, true, true, true, true]);
        assert_eq!(d.dropped, 1);
        assert_eq!(d.duplicates, 1);
        assert_eq!(d.repeated.len(), 1);
        let d = decide(&entries, Keep::First, &by_place);
        assert_eq!(d.counted, [false, true, false, true, true, true]);
        let d = decide(&entries, Keep::All, &by_place);
        assert_eq!(d.counted.iter().filter(|c| **c).count(), 5);
    }
}
