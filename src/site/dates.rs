//! Dates as Jekyll reads them: from a post's file name and from the `date`
//! front matter key.

use crate::text::yaml::{self, Node, NodeKind, Timestamp, Value};

/// A date and time; `offset_minutes` is `None` when the source gives no
/// zone (Jekyll then uses the site's `timezone`, or the machine's).
pub type DateTime = Timestamp;

/// The date and slug of a file name in Jekyll's post form
/// `YYYY-MM-DD-slug.ext` (Jekyll's `DATE_FILENAME_MATCHER`:
/// `(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)\z`). An impossible date such
/// as `2021-02-30-x.md` gives `Err` with the date text.
pub fn from_filename(rel: &str) -> Option<Result<(DateTime, &str), &str>> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dot = name.rfind('.').filter(|&d| d > 0)?;
    let stem = &name[..dot];
    let mut parts = stem.splitn(4, '-');
    let (y, m, d, slug) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let num = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(num(y, 2, 4) && num(m, 1, 2) && num(d, 1, 2)) {
        return None;
    }
    let date_text = &stem[..y.len() + m.len() + d.len() + 2];
    let (year, month, day): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !yaml::valid_date(year, month, day) {
        return Some(Err(date_text));
    }
    Some(Ok((midnight(year, month, day), slug)))
}

fn midnight(year: i32, month: u32, day: u32) -> DateTime {
    Timestamp {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        offset_minutes: None,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && ("january february march april may june july august september october november december".contains(&w) || w.len() == 3))
        .map(|i| i as u32 + 1)
}

/// The front matter `date` as Jekyll reads it: a YAML date or timestamp, or
/// a string Ruby's `Time.parse` understands (here: ISO 8601 dates and times,
/// with or without zone, and English forms such as `9 July 2020` or
/// `July 9, 2020`). `Err` carries the reason Jekyll would fail the build.
pub fn from_front_matter(node: &Node) -> Result<DateTime, String> {
    let scalar = match &node.kind {
        NodeKind::Scalar(s) => s,
        _ => return Err(format!("`date` is a {}, not a date", node.type_name())),
    };
    match &scalar.value {
        Value::Date { year, month, day } => Ok(midnight(*year, *month, *day)),
        Value::Time(t) => Ok(*t),
        Value::Null => Err("`date` is empty".into()),
        _ => parse_date_string(scalar.text.trim()),
    }
}

/// Parse a date string as `Time.parse` would, for the forms seen on sites.
pub fn parse_date_string(s: &str) -> Result<DateTime, String> {
    if let Some(t) = yaml::parse_timestamp_parts(s) {
        return check(t, s);
    }
    if let Value::Date { year, month, day } = yaml::resolve_plain(s) {
        return Ok(midnight(year, month, day));
    }
    // YYYY-MM-DD HH:MM (no seconds), optional zone
    if let Some((date, time)) = s.split_once([' ', 'T'])
        && let Value::Date { year, month, day } = yaml::resolve_plain(date)
    {
        let t = time.trim();
        let (hm, zone) = t.split_at(
            t.find(|c: char| !(c.is_ascii_digit() || c == ':'))
                .unwrap_or(t.len()),
        );
        let mut it = hm.split(':');
        if let (Some(h), Some(m), None) = (it.next(), it.next(), it.next())
            && let (Ok(hour), Ok(minute)) = (h.parse::<u32>(), m.parse::<u32>())
        {
            let with_seconds =
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:00{zone}");
            if let Some(t) = yaml::parse_timestamp_parts(&with_seconds) {
                return check(t, s);
            }
        }
    }
    // English forms: "9 July 2020", "July 9, 2020", "9th July 2020"
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() == 3 {
        let day_of = |w: &str| {
            w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u32>()
                .ok()
        };
        let parsed = match (month_number(words[0]), month_number(words[1])) {
            (Some(m), _) => day_of(words[1]).map(|d| (m, d)),
            (_, Some(m)) => day_of(words[0]).map(|d| (m, d)),
            _ => None,
        };
        if let (Some((month, day)), Ok(year)) = (parsed, words[2].parse::<i32>()) {
            if yaml::valid_date(year, month, day) {
                return Ok(midnight(year, month, day));
            }
            return Err(format!("`{s}` is not a real date"));
        }
    }
    Err(format!("`{s}` is not a date Jekyll can read"))
}

fn check(t: DateTime, s: &str) -> Result<DateTime, String> {
    if !yaml::valid_date(t.year, t.month, t.day) {
        return Err(format!("`{s}` is not a real date"));
    }
    if t.hour > 23 || t.minute > 59 || t.second > 60 {
        return Err(format!("`{s}` has an impossible time"));
    }
    if let Some(off) = t.offset_minutes
        && off.abs() > 14 * 60
    {
        return Err(format!("`{s}` has a time zone offset Ruby rejects"));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let (d, slug) = from_filename("_posts/2022-01-13-helping-you.md")
            .unwrap()
            .unwrap();
        assert_eq!((d.year, d.month, d.day, slug), (2022, 1, 13, "helping-you"));
        assert_eq!(
            from_filename("_posts/2021-02-30-x.md"),
            Some(Err("2021-02-30"))
        );
        assert_eq!(from_filename("_team/tom-seddon.md"), None);
        assert_eq!(from_filename("_posts/2022-01-13.md"), None);
    }

    #[test]
    fn strings_time_parse_reads() {
        assert!(parse_date_string("2018-10-29").is_ok());
        assert!(parse_date_string("2020-07-09T00:00:00.00Z").is_ok());
        assert!(parse_date_string("2022-01-13 10:30 +0100").is_ok());
        assert_eq!(parse_date_string("9 July 2020").unwrap().month, 7);
        assert_eq!(parse_date_string("July 9, 2020").unwrap().day, 9);
        assert!(parse_date_string("2021-02-30").is_err());
        assert!(parse_date_string("next Tuesday").is_err());
    }
}
