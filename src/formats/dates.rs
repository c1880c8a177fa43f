//! Dates as feeds publish them: RFC 3339 and its near misses (no offset, an offset
//! without a colon, a space for the `T`, no seconds, unpadded `2015-2-4`), RFC 2822,
//! `YYYY/MM/DD`, and prose dates in English, French and Spanish ("April 27, 2016",
//! "27 avril 2016", "1er mai 2020", "27 de abril de 2016").
//!
//! Reading only: this module knows nothing of records or the store. A date-time without
//! an offset is read as UTC; a date alone is midnight UTC. Numeric day/month orders
//! (`04/05/2016`) are ambiguous and not read.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

/// The instant a published date names, if it can be read.
pub fn read_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let spaced = text.replacen(' ', "T", 1);
    let fixed = colon_in_offset(&spaced);
    if let Ok(ts) = fixed.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = fixed.parse::<DateTime>() {
        return utc(dt);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Some(zoned.timestamp());
    }
    read_date(text).and_then(|d| utc(d.to_datetime(Time::midnight())))
}

/// The day a published date names, if it can be read (a date-time gives its UTC day).
pub fn read_day(text: &str) -> Option<Date> {
    read_timestamp(text).map(|ts| ts.to_zoned(TimeZone::UTC).date())
}

fn utc(dt: DateTime) -> Option<Timestamp> {
    dt.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// `+0200` at the end becomes `+02:00`, which RFC 3339 parsers want.
fn colon_in_offset(s: &str) -> String {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n > 16
        && matches!(bytes[n - 5], b'+' | b'-')
        && bytes[n - 4..].iter().all(u8::is_ascii_digit)
        && s[..n - 5].contains('T')
    {
        format!("{}:{}", &s[..n - 2], &s[n - 2..])
    } else {
        s.to_string()
    }
}

/// A date alone: unpadded ISO (`2015-2-4`, `2015/02/04`, with anything after the day
/// ignored only when it starts with a space or `T`), or a prose date.
fn read_date(text: &str) -> Option<Date> {
    numeric_date(text).or_else(|| prose_date(text))
}

fn numeric_date(text: &str) -> Option<Date> {
    let head = text.split([' ', 'T']).next()?;
    let mut parts = head.split(['-', '/']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    if d.is_empty() || d.len() > 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Month names, by the first letters that identify them (folded: no accents).
const MONTHS: &[(&str, i8)] = &[
    // English
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

/// Day, month name and year in any order, other words ignored ("le", "de", weekdays):
/// "April 27, 2016", "Wed, 27 April 2016", "27 avril 2016", "1er mai 2020".
fn prose_date(text: &str) -> Option<Date> {
    let folded = crate::model::fold_key(text);
    let (mut day, mut month, mut year) = (None, None, None);
    for word in folded.split(' ') {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let rest = &word[digits.len()..];
        if !digits.is_empty() {
            let ordinal = matches!(rest, "" | "er" | "st" | "nd" | "rd" | "th" | "o");
            match digits.len() {
                4 if rest.is_empty() && year.is_none() => year = digits.parse::<i16>().ok(),
                1 | 2 if ordinal && day.is_none() => day = digits.parse::<i8>().ok(),
                // A time (10h30, 10) or a second number: not a prose date we can trust.
                _ if rest.starts_with('h') || rest.is_empty() => {}
                _ => return None,
            }
        } else if month.is_none()
            && let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == word)
        {
            month = Some(*m);
        }
    }
    Date::new(year?, month?, day?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        read_day(text).map(|d| d.to_string())
    }

    #[test]
    fn near_misses_of_rfc_3339_are_read() {
        assert_eq!(day("2015-2-4").as_deref(), Some("2015-02-04"));
        assert_eq!(day("2015/02/04").as_deref(), Some("2015-02-04"));
        assert_eq!(
            read_timestamp("2020-06-23 20:02").map(|t| t.to_string()),
            Some("2020-06-23T20:02:00Z".into())
        );
        assert_eq!(
            read_timestamp("2020-03-27T10:46:13+0200").map(|t| t.to_string()),
            Some("2020-03-27T08:46:13Z".into())
        );
        assert_eq!(
            read_timestamp("2023-01-24T13:32:06.838Z").map(|t| t.to_string()),
            Some("2023-01-24T13:32:06.838Z".into())
        );
    }

    #[test]
    fn rfc_2822_and_prose_dates_in_three_languages_are_read() {
        assert_eq!(
            day("Wed, 27 Apr 2016 10:00:00 +0000").as_deref(),
            Some("2016-04-27")
        );
        assert_eq!(day("April 27, 2016").as_deref(), Some("2016-04-27"));
        assert_eq!(day("Sept. 3, 2019").as_deref(), Some("2019-09-03"));
        assert_eq!(day("27 avril 2016").as_deref(), Some("2016-04-27"));
        assert_eq!(day("le 1er mai 2020").as_deref(), Some("2020-05-01"));
        assert_eq!(day("3 février 2021").as_deref(), Some("2021-02-03"));
        assert_eq!(day("27 de abril de 2016").as_deref(), Some("2016-04-27"));
    }

    #[test]
    fn ambiguous_or_impossible_dates_are_not_read() {
        assert_eq!(day("04/05/2016"), None);
        assert_eq!(day("2016-02-30"), None);
        assert_eq!(day("last Tuesday"), None);
        assert_eq!(day("April 2016"), None);
        assert_eq!(day(""), None);
    }
}
