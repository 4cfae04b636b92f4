//! The date of a response, from the timestamps form services write: Google Forms
//! `2026/03/14 10:02:11 AM GMT+1`, Microsoft Forms `3/14/2026 10:02:11` (or `3/14/26`), an Excel
//! date cell (read as `2026-03-14 10:02:11`), ISO 8601, and `14.03.2026`.
//!
//! `M/D/Y` is read the American way, as both services write it for an English-language form;
//! when the first number cannot be a month (`14/3/2026`) it is read as `D/M/Y`.

use crate::source::Date;
use chrono::NaiveDate;

/// The date a timestamp cell holds, if it can be told.
pub fn parse(cell: &str) -> Option<Date> {
    let first = cell.split_whitespace().next()?;
    let first = first.split('T').next()?;
    let nums: Vec<&str> = first.split(['/', '-', '.']).collect();
    if nums.len() != 3
        || nums
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
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
    let date = if nums[0].len() == 4 {
        NaiveDate::from_ymd_opt(a as i32, b, c)
    } else if first.contains('.') || a > 12 {
        NaiveDate::from_ymd_opt(year(c, nums[2].len())?, b, a)
    } else {
        NaiveDate::from_ymd_opt(year(c, nums[2].len())?, a, b)
    }?;
    Some(Date(date))
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
    }

    #[test]
    fn what_is_not_a_date_gives_none() {
        assert_eq!(d(""), None);
        assert_eq!(d("yesterday"), None);
        assert_eq!(d("2026/13/40"), None);
        assert_eq!(d("1/2"), None);
        assert_eq!(d("1/2/123"), None);
    }
}
