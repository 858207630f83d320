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

/// Midnight (no zone) of a date.
pub fn midnight(year: i32, month: u32, day: u32) -> DateTime {
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

/// How Jekyll reads a front matter `date`.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    Valid(DateTime),
    /// A day past the end of its month (`2021-02-30`): Ruby's `Time.parse`
    /// rolls it over into the next month without a word.
    RolledOver(DateTime),
    /// A date and time followed by more text, which `Time.parse` ignores
    /// (`2022-07-05T00:00:00.00ZT16:33:53.530Z`); the second field is the
    /// ignored text.
    Trailing(DateTime, String),
    /// Jekyll stops the build with "Invalid date".
    Invalid(String),
}

/// Read a front matter `date` as Jekyll does, including Ruby's roll-over of
/// days past the end of a month.
pub fn read(node: &Node) -> Reading {
    match from_front_matter(node) {
        Ok(t) => Reading::Valid(t),
        Err(reason) => match node.scalar_text() {
            Some(s) => not_plain(s.trim(), reason),
            None => Reading::Invalid(reason),
        },
    }
}

fn not_plain(s: &str, reason: String) -> Reading {
    if let Some(t) = rolled_over(s) {
        return Reading::RolledOver(t);
    }
    // the longest prefix that is a date, as Ruby's parser takes the first
    // date and time it finds
    let cuts = s.char_indices().map(|(i, _)| i).filter(|&i| i >= 10).rev();
    for i in cuts {
        if let Ok(t) = parse_date_string(&s[..i]) {
            return Reading::Trailing(t, s[i..].to_string());
        }
    }
    Reading::Invalid(reason)
}

/// Read a date written as text (a file name's date), as `read` does.
pub fn read_text(s: &str) -> Reading {
    match parse_date_string(s) {
        Ok(t) => Reading::Valid(t),
        Err(reason) => not_plain(s, reason),
    }
}

/// `YYYY-MM-DD...` with a day from 29 to 31 that its month does not have:
/// the date Ruby makes of it.
fn rolled_over(s: &str) -> Option<DateTime> {
    let date_len = s.find([' ', 'T', 't']).unwrap_or(s.len());
    let mut parts = s[..date_len].split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || m.is_empty()
        || d.is_empty()
        || m.len() > 2
        || d.len() > 2
    {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let last = yaml::days_in_month(year, month);
    if !(1..=12).contains(&month) || day <= last || day > 31 {
        return None;
    }
    let first = format!("{year:04}-{month:02}-01{}", &s[date_len..]);
    let t = parse_date_string(&first).ok()?;
    Some(add_days(t, i64::from(day) - 1))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn add_days(t: DateTime, days: i64) -> DateTime {
    let (year, month, day) = civil_from_days(days_from_civil(t.year, t.month, t.day) + days);
    DateTime {
        year,
        month,
        day,
        ..t
    }
}

/// Seconds since the Unix epoch; a time without a zone is taken as UTC.
pub fn unix_seconds(t: &DateTime) -> i64 {
    days_from_civil(t.year, t.month, t.day) * 86_400
        + i64::from(t.hour) * 3600
        + i64::from(t.minute) * 60
        + i64::from(t.second)
        - i64::from(t.offset_minutes.unwrap_or(0)) * 60
}

/// `YYYY-MM-DD`.
pub fn ymd(t: &DateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// The first `/YYYY/MM/DD/` in a permalink, with its byte range.
pub fn from_permalink(permalink: &str) -> Option<((i32, u32, u32), std::ops::Range<usize>)> {
    let segments: Vec<(usize, &str)> = permalink
        .split('/')
        .scan(0usize, |pos, seg| {
            let start = *pos;
            *pos += seg.len() + 1;
            Some((start, seg))
        })
        .collect();
    segments.windows(3).find_map(|w| {
        let [(ys, y), (_, m), (ds, d)] = [w[0], w[1], w[2]];
        let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if ok(y, 4) && ok(m, 2) && ok(d, 2) {
            Some((
                (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
                ys..ds + d.len(),
            ))
        } else {
            None
        }
    })
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
    fn roll_over_and_epoch() {
        let node = |s: &str| {
            crate::text::yaml::parse(s, 0..s.len(), Default::default())
                .unwrap()
                .unwrap()
        };
        match read(&node("2021-02-30")) {
            Reading::RolledOver(t) => assert_eq!(ymd(&t), "2021-03-02"),
            other => panic!("{other:?}"),
        }
        match read(&node("2020-02-31 10:00")) {
            Reading::RolledOver(t) => assert_eq!((ymd(&t).as_str(), t.hour), ("2020-03-02", 10)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(read(&node("2021-02-32")), Reading::Invalid(_)));
        match read(&node("2022-07-05T00:00:00.00ZT16:33:53.530Z")) {
            Reading::Trailing(t, rest) => {
                assert_eq!(
                    (ymd(&t).as_str(), t.hour, rest.as_str()),
                    ("2022-07-05", 0, "T16:33:53.530Z")
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(read(&node("2021-13-01")), Reading::Invalid(_)));
        assert!(matches!(read(&node("2021-02-28")), Reading::Valid(_)));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(
            from_permalink("/news/2022/01/13/x/"),
            Some(((2022, 1, 13), 6..16))
        );
        assert_eq!(from_permalink("/news/x/"), None);
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
