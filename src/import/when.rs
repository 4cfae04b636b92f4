//! The date of a response, from the timestamps form services write: Google Forms
//! `2026/03/14 10:02:11 AM GMT+1` (English, US) and `14/03/2026 10:02:11` (English, UK, and most
//! other languages), Microsoft Forms `3/14/2026 10:02:11` (or `3/14/26`), an Excel date cell (read
//! as `2026-03-14 10:02:11`), ISO 8601, and `14.03.2026`.
//!
//! A date written `03/11/2026` is 11 March or 3 November, depending on the language the form was
//! set to. That is decided once for a whole column ([`Evidence`]), never cell by cell: a cell
//! whose first number is over 12 (`13/11/2026`) can only be day-first and decides it, as does one
//! whose second number is; else a reading that would put a submission after today is ruled out;
//! else the export's language (a Google Forms timestamp column headed `Horodateur`, `Zeitstempel`
//! …) or the time zone its timestamps name (`GMT+1`: day-first; `GMT-5`: month-first); else the
//! column cannot be decided, and it is read month-first (how both services write an English, US,
//! form) with a warning saying how to read it the other way (`--dates day-first`).

use crate::diagnostic::Diagnostic;
use crate::source::Date;
use chrono::NaiveDate;

/// Which comes first in a date written with slashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `03/11/2026` is 3 November (English UK, most of Europe, Latin America…).
    DayFirst,
    /// `03/11/2026` is 11 March (English US).
    MonthFirst,
}

impl Order {
    pub fn id(self) -> &'static str {
        match self {
            Order::DayFirst => "day-first",
            Order::MonthFirst => "month-first",
        }
    }

    fn other(self) -> Order {
        match self {
            Order::DayFirst => Order::MonthFirst,
            Order::MonthFirst => Order::DayFirst,
        }
    }
}

/// How the day and month of a timestamp were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// `2026/03/14`, `2026-03-14`: year, month, day.
    YearFirst,
    /// `14.03.2026`: day, month, year.
    Dotted,
    /// `03/14/2026` or `14/03/2026`: the column's order decides.
    Slashed,
}

/// A timestamp cell as written, before the order of its day and month is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    year: i32,
    /// The two numbers other than the year, in the order written.
    first: u32,
    second: u32,
    written: Written,
    /// Seconds into the day, when a time is written.
    pub secs: Option<u32>,
    /// The order the time zone written after it suggests (`GMT+1`, `GMT-5`).
    zone: Option<Order>,
    /// The offset from UTC written with the time (`GMT+2`, `GMT-4`, `GMT+5:30`, ISO `+01:00`
    /// or `Z`), in seconds east of UTC; `None` when none is written.
    pub offset: Option<i32>,
}

/// A moment to order submissions by, in seconds: the instant in UTC when an offset is written
/// with the time (`2:40 AM GMT+2` is 00:40 UTC, before `2:10 AM GMT+1`, 01:10 UTC, as across
/// the clock change at the end of summer time); a time written without one is taken as
/// written, as if it were UTC; a day alone is its first second.
pub fn moment(date: Date, secs: Option<u32>, offset: Option<i32>) -> i64 {
    use chrono::Datelike;
    i64::from(date.0.num_days_from_ce()) * 86_400 + i64::from(secs.unwrap_or(0))
        - i64::from(offset.filter(|_| secs.is_some()).unwrap_or(0))
}

/// The offset as a file records it after the time: `+02:00`, `-04:00`, `+05:30`.
pub fn offset_text(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let m = offset.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// An offset as written after a time: `GMT`, `UTC`, `GMT+2`, `GMT-4`, `GMT+5:30`, `UTC+01:00`,
/// `+0100`, `Z`; in seconds east of UTC. Offsets past ±14 hours are none.
pub fn read_offset(word: &str) -> Option<i32> {
    let upper = word.trim().to_ascii_uppercase();
    if upper == "Z" {
        return Some(0);
    }
    let rest = match upper
        .strip_prefix("GMT")
        .or_else(|| upper.strip_prefix("UTC"))
    {
        Some("") => return Some(0),
        Some(rest) => rest,
        None => upper.as_str(),
    };
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

impl Stamp {
    /// Read a timestamp cell; `None` when it is not one.
    pub fn read(cell: &str) -> Option<Stamp> {
        let mut parts = cell.split_whitespace();
        let first = parts.next()?;
        let (day_part, iso_time) = match first.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (first, None),
        };
        let nums: Vec<&str> = day_part.split(['/', '-', '.']).collect();
        if nums.len() != 3
            || nums
                .iter()
                .any(|n| n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let n = |s: &str| s.parse::<u32>().ok();
        let (a, b, c) = (n(nums[0])?, n(nums[1])?, n(nums[2])?);
        let year = |y: u32, digits: usize| -> Option<i32> {
            match digits {
                4 => Some(y as i32),
                2 => Some(2000 + y as i32),
                _ => None,
            }
        };
        let rest: Vec<&str> = parts.collect();
        let time_text = iso_time.or_else(|| rest.first().copied());
        let pm = rest.iter().any(|w| w.eq_ignore_ascii_case("pm"));
        let am = rest.iter().any(|w| w.eq_ignore_ascii_case("am"));
        let secs = time_text.and_then(|t| seconds(t, am, pm));
        let zone = rest.iter().find_map(|w| zone_order(w));
        // `GMT+2` after the time, or ISO's `Z` / `+01:00` at the end of the time itself.
        let offset = rest
            .iter()
            .skip(usize::from(iso_time.is_none()))
            .find_map(|w| read_offset(w))
            .or_else(|| time_text.and_then(iso_offset));
        let stamp = if nums[0].len() == 4 {
            Stamp {
                year: a as i32,
                first: b,
                second: c,
                written: Written::YearFirst,
                secs,
                zone,
                offset,
            }
        } else {
            Stamp {
                year: year(c, nums[2].len())?,
                first: a,
                second: b,
                written: if day_part.contains('.') {
                    Written::Dotted
                } else {
                    Written::Slashed
                },
                secs,
                zone,
                offset,
            }
        };
        // Not a date in either order: not a timestamp at all.
        if stamp.date(Order::MonthFirst).is_none() && stamp.date(Order::DayFirst).is_none() {
            return None;
        }
        Some(stamp)
    }

    /// The date, with day and month in `order` where the writing leaves it open.
    pub fn date(&self, order: Order) -> Option<Date> {
        let (month, day) = match (self.written, order) {
            (Written::YearFirst, _) => (self.first, self.second),
            (Written::Dotted, _) | (Written::Slashed, Order::DayFirst) => (self.second, self.first),
            (Written::Slashed, Order::MonthFirst) => (self.first, self.second),
        };
        NaiveDate::from_ymd_opt(self.year, month, day).map(Date)
    }

    /// Whether the column's order of day and month is needed to read it.
    pub fn needs_order(&self) -> bool {
        self.written == Written::Slashed
    }

    /// Whether the two orders read it as two different dates, both possible.
    fn open(&self) -> bool {
        self.written == Written::Slashed
            && self.first != self.second
            && self.date(Order::MonthFirst).is_some()
            && self.date(Order::DayFirst).is_some()
    }
}

/// The offset at the end of an ISO time: `10:02:11Z`, `10:02:11.123+01:00`, `10:02:11-0500`.
fn iso_offset(t: &str) -> Option<i32> {
    if t.ends_with(['Z', 'z']) {
        return Some(0);
    }
    let at = t.rfind(['+', '-'])?;
    read_offset(&t[at..])
}

/// `14:14:07`, `2:14:07` with `PM`, `10:02`, `10:02:11Z`, `10:02:11.123+01:00`: seconds into
/// the day.
fn seconds(t: &str, am: bool, pm: bool) -> Option<u32> {
    let t = t.trim_end_matches(['Z', 'z']);
    let t = t.split(['+', '-', 'Z']).next()?;
    let mut hms = t.split(':');
    let h: u32 = hms.next()?.parse().ok()?;
    let m: u32 = hms.next()?.parse().ok()?;
    let s: u32 = match hms.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    let h = match (h, am, pm) {
        (12, true, _) => 0,
        (h, _, true) if h < 12 => h + 12,
        (h, _, _) => h,
    };
    (h < 24 && m < 60 && s < 61).then_some(h * 3600 + m * 60 + s)
}

/// The order a time zone written after a timestamp suggests: `GMT`, `UTC` or east of it
/// (Europe, Africa, Asia, Oceania write day-first), or `GMT-4` to `GMT-10` (the United States
/// and Canada, where a form in English writes month-first).
fn zone_order(word: &str) -> Option<Order> {
    let upper = word.to_ascii_uppercase();
    let offset = upper
        .strip_prefix("GMT")
        .or_else(|| upper.strip_prefix("UTC"))?;
    if offset.is_empty() {
        return Some(Order::DayFirst);
    }
    let hours: i32 = offset.split(':').next()?.parse().ok()?;
    match hours {
        0.. => Some(Order::DayFirst),
        -10..=-4 => Some(Order::MonthFirst),
        _ => None,
    }
}

/// The order a timestamp column's header says, in the languages Google Forms names it in:
/// every one of them but English writes dates day-first.
pub fn header_order(header: &str) -> Option<Order> {
    const DAY_FIRST: [&str; 6] = [
        "horodateur",
        "marca temporal",
        "zeitstempel",
        "informazioni cronologiche",
        "carimbo de data hora",
        "tijdstempel",
    ];
    let w = crate::words::plain_words(header);
    DAY_FIRST.contains(&w.as_str()).then_some(Order::DayFirst)
}

/// A cell and its row, for a message.
type Seen = Option<(u64, String)>;

/// What a timestamp column's cells say about the order of day and month.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    today: Option<NaiveDate>,
    /// A cell only day-first reads (`13/11/2026`), one only month-first reads (`11/13/2026`).
    day_first: Seen,
    month_first: Seen,
    /// Cells the two orders read as two different dates.
    open: u64,
    first_open: Seen,
    /// A cell each order would put after today.
    future_day_first: Seen,
    future_month_first: Seen,
    /// The latest date each order reads, with its row and cell.
    latest: [Option<(Date, u64, String)>; 2],
    /// Time zones written after the timestamps, by the order they suggest.
    zone: [bool; 2],
}

fn slot(order: Order) -> usize {
    match order {
        Order::DayFirst => 0,
        Order::MonthFirst => 1,
    }
}

/// How a column's dates are read: in which order (`None`: they are left out), and what to say.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub order: Option<Order>,
    pub said: Vec<Diagnostic>,
}

impl Evidence {
    pub fn new(today: Date) -> Evidence {
        Evidence {
            today: Some(today.0),
            ..Evidence::default()
        }
    }

    /// Take one cell (at `row`) into account.
    pub fn observe(&mut self, row: u64, cell: &str, s: &Stamp) {
        let keep = |seen: &mut Seen| {
            seen.get_or_insert_with(|| (row, cell.to_string()));
        };
        if let Some(z) = s.zone {
            self.zone[slot(z)] = true;
        }
        for order in [Order::DayFirst, Order::MonthFirst] {
            let Some(d) = s.date(order) else {
                if s.written == Written::Slashed {
                    match order {
                        Order::DayFirst => keep(&mut self.month_first),
                        Order::MonthFirst => keep(&mut self.day_first),
                    }
                }
                continue;
            };
            let latest = &mut self.latest[slot(order)];
            if latest.as_ref().is_none_or(|(l, _, _)| d > *l) {
                *latest = Some((d, row, cell.to_string()));
            }
            if self.today.is_some_and(|t| d.0 > t) && s.open() {
                match order {
                    Order::DayFirst => keep(&mut self.future_day_first),
                    Order::MonthFirst => keep(&mut self.future_month_first),
                }
            }
        }
        if s.open() {
            self.open += 1;
            keep(&mut self.first_open);
        }
    }

    /// Decide the column's order (`forced`: `--dates`), saying how when it was not plain.
    pub fn decide(&self, name: &str, header: &str, forced: Option<Order>) -> Decision {
        let quoted = |(row, cell): &(u64, String)| format!("row {row}: {}", super::quoted(cell));
        let column = super::quoted(header);
        let mut said = Vec::new();
        let note = |order: Order, why: String| {
            Diagnostic::new(
                name,
                format!(
                    "the dates in column {column} are read {}: {why}",
                    order.id()
                ),
            )
            .note()
        };
        let order = if let Some(order) = forced {
            Some(order)
        } else if let (Some(d), Some(m)) = (&self.day_first, &self.month_first) {
            said.push(
                Diagnostic::new(
                    name,
                    format!(
                        "the dates in column {column} are written both day-first ({}) and \
                         month-first ({}); no date of this column is read",
                        quoted(d),
                        quoted(m)
                    ),
                )
                .help("say which with --dates day-first or --dates month-first")
                .warning(),
            );
            None
        } else if self.day_first.is_some() {
            Some(Order::DayFirst)
        } else if self.month_first.is_some() || self.open == 0 {
            Some(Order::MonthFirst)
        } else if let Some(f) = self
            .future_month_first
            .as_ref()
            .filter(|_| self.future_day_first.is_none())
        {
            said.push(note(
                Order::DayFirst,
                format!("read month-first, {} would be after today", quoted(f)),
            ));
            Some(Order::DayFirst)
        } else if let Some(f) = self
            .future_day_first
            .as_ref()
            .filter(|_| self.future_month_first.is_none())
        {
            said.push(note(
                Order::MonthFirst,
                format!("read day-first, {} would be after today", quoted(f)),
            ));
            Some(Order::MonthFirst)
        } else if let Some(order) = header_order(header) {
            said.push(note(
                order,
                "the export's language writes dates that way".to_string(),
            ));
            Some(order)
        } else if let Some(order) = [Order::DayFirst, Order::MonthFirst]
            .into_iter()
            .find(|&o| self.zone[slot(o)] && !self.zone[slot(o.other())])
        {
            said.push(note(
                order,
                "the time zone its timestamps name writes dates that way".to_string(),
            ));
            Some(order)
        } else {
            let (row, cell) = self.first_open.clone().unwrap_or_default();
            let stamp = Stamp::read(&cell);
            let as_read = |o: Order| {
                stamp
                    .and_then(|s| s.date(o))
                    .map(|d| d.0.format("%-d %B %Y").to_string())
                    .unwrap_or_default()
            };
            said.push(
                Diagnostic::new(
                    name,
                    format!(
                        "the dates in column {column} can be read day-first or month-first (row \
                         {row}: {} is {} or {}); read month-first, as a form in English (US) \
                         writes them",
                        super::quoted(&cell),
                        as_read(Order::MonthFirst),
                        as_read(Order::DayFirst),
                    ),
                )
                .help(
                    "if the form is set to another language (English UK, most of Europe), pass \
                     --dates day-first",
                )
                .warning(),
            );
            Some(Order::MonthFirst)
        };
        if let (Some(order), Some(today)) = (order, self.today) {
            if let Some((d, row, cell)) = &self.latest[slot(order)] {
                if d.0 > today {
                    said.push(
                        Diagnostic::new(
                            name,
                            format!(
                                "row {row}: the date {} is {d}, after today; it is kept as \
                                 written",
                                super::quoted(cell)
                            ),
                        )
                        .help("check the clock of the computer the export came from")
                        .warning(),
                    );
                }
            }
        }
        Decision { order, said }
    }
}

/// The date a timestamp cell holds, read month-first where the cell leaves it open (a single
/// cell, out of its column).
#[cfg(test)]
pub fn parse(cell: &str) -> Option<Date> {
    let s = Stamp::read(cell)?;
    s.date(Order::MonthFirst)
        .or_else(|| s.date(Order::DayFirst))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse(s).map(|d| d.0.to_string())
    }

    #[test]
    fn the_timestamps_form_services_write_are_read() {
        assert_eq!(
            d("2026/03/14 10:02:11 AM GMT+1").as_deref(),
            Some("2026-03-14")
        );
        assert_eq!(d("3/14/2026 10:02:11").as_deref(), Some("2026-03-14"));
        assert_eq!(d("3/14/26 10:02").as_deref(), Some("2026-03-14"));
        assert_eq!(d("14/3/2026").as_deref(), Some("2026-03-14"));
        assert_eq!(d("2026-03-14 10:02:11").as_deref(), Some("2026-03-14"));
        assert_eq!(d("2026-03-14T10:02:11Z").as_deref(), Some("2026-03-14"));
        assert_eq!(d("14.03.2026 10:02").as_deref(), Some("2026-03-14"));
        let s = Stamp::read("2026/11/03 2:14:07 PM GMT+1").unwrap();
        assert_eq!(s.secs, Some(14 * 3600 + 14 * 60 + 7));
        assert_eq!(s.zone, Some(Order::DayFirst));
        let s = Stamp::read("11/3/2026 12:05:00 AM GMT-5").unwrap();
        assert_eq!(s.secs, Some(300));
        assert_eq!(s.zone, Some(Order::MonthFirst));
    }

    #[test]
    fn an_offset_written_with_the_time_orders_submissions_in_utc() {
        let at = |cell: &str| {
            let s = Stamp::read(cell).unwrap();
            moment(s.date(Order::MonthFirst).unwrap(), s.secs, s.offset)
        };
        // Across the clock change at the end of summer time: 2:40 summer time is 00:40 UTC,
        // before 2:10 winter time, 01:10 UTC.
        let summer = at("2026/10/25 2:40:22 AM GMT+2");
        let winter = at("2026/10/25 2:10:05 AM GMT+1");
        assert!(summer < winter);
        assert_eq!(winter - summer, 29 * 60 + 43);
        // Between offsets, and over midnight.
        assert!(at("2026/11/03 11:30:00 PM GMT-5") > at("2026/11/04 2:00:00 AM GMT+1"));
        assert!(at("2026/11/03 10:00:00 AM GMT+5:30") < at("2026/11/03 5:00:00 AM GMT"));
        assert_eq!(at("2026-11-03T10:02:11+01:00"), at("2026-11-03T09:02:11Z"));
        assert_eq!(at("2026-11-03T04:02:11-05:00"), at("2026-11-03 09:02:11"));
        // Without an offset, a time is taken as written.
        assert_eq!(Stamp::read("03/11/2026 14:14:07").unwrap().offset, None);
        assert_eq!(read_offset("GMT"), Some(0));
        assert_eq!(read_offset("GMT-4"), Some(-4 * 3600));
        assert_eq!(read_offset("UTC+05:45"), Some(5 * 3600 + 45 * 60));
        assert_eq!(read_offset("GMT+99"), None);
        assert_eq!(read_offset("AM"), None);
        assert_eq!(offset_text(-4 * 3600), "-04:00");
        assert_eq!(offset_text(5 * 3600 + 1800), "+05:30");
    }

    #[test]
    fn what_is_not_a_date_gives_none() {
        assert_eq!(d(""), None);
        assert_eq!(d("yesterday"), None);
        assert_eq!(d("2026/13/40"), None);
        assert_eq!(d("1/2"), None);
        assert_eq!(d("1/2/123"), None);
        assert_eq!(d("13/13/2026"), None);
    }

    fn decide(cells: &[&str], header: &str, today: &str) -> Decision {
        let mut e = Evidence::new(Date::parse(today).unwrap());
        for (k, c) in cells.iter().enumerate() {
            e.observe(k as u64 + 2, c, &Stamp::read(c).unwrap());
        }
        e.decide("r.csv", header, None)
    }

    #[test]
    fn a_column_is_read_in_one_order_decided_by_its_cells_today_its_language_or_its_zone() {
        // One cell over 12 decides the whole column, whichever row it is in.
        let c = decide(
            &["03/11/2026 14:14:07", "13/11/2026 09:00:00"],
            "Timestamp",
            "2026-12-20",
        );
        assert_eq!(c.order, Some(Order::DayFirst));
        assert!(c.said.is_empty(), "{:?}", c.said);
        let c = decide(&["03/11/2026", "11/13/2026"], "Timestamp", "2026-12-20");
        assert_eq!(c.order, Some(Order::MonthFirst));
        // Month-first would put 12/11 after today: day-first, said as a note.
        let c = decide(&["03/11/2026", "12/11/2026"], "Timestamp", "2026-11-20");
        assert_eq!(c.order, Some(Order::DayFirst));
        assert!(
            c.said[0].to_string().contains("after today"),
            "{:?}",
            c.said
        );
        // The export's language.
        let c = decide(&["03/11/2026 14:14:07"], "Horodateur", "2026-12-20");
        assert_eq!(c.order, Some(Order::DayFirst));
        // The zone.
        let c = decide(&["03/11/2026 14:14:07 GMT+1"], "Timestamp", "2026-12-20");
        assert_eq!(c.order, Some(Order::DayFirst));
        // Nothing decides: month-first, with a warning saying both readings and the flag.
        let c = decide(&["03/11/2026 14:14:07"], "Timestamp", "2026-12-20");
        assert_eq!(c.order, Some(Order::MonthFirst));
        let w = c.said[0].to_string();
        assert!(w.contains("11 March 2026 or 3 November 2026"), "{w}");
        assert!(w.contains("--dates day-first"), "{w}");
        // Both orders written: no date is read.
        let c = decide(&["13/11/2026", "11/13/2026"], "Timestamp", "2026-12-20");
        assert_eq!(c.order, None);
        // A date after today whichever the order: kept, and said.
        let c = decide(&["2027-01-05"], "Timestamp", "2026-12-20");
        assert_eq!(c.order, Some(Order::MonthFirst));
        assert!(c.said[0].to_string().contains("after today"));
    }
}
