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
        Value::Time(t) => Ok(**t),
        Value::Null => Err("`date` is empty".into()),
        _ => parse_date_string(scalar.text.trim()),
    }
}

/// The zone abbreviations Ruby's `Time.parse` turns into an offset
/// (`Time::ZoneOffset`, case-insensitive), in hours. Any other word after a
/// time (`BST`, `CEST`, `IST`) is ignored: the time is then local.
fn zone_word_hours(word: &str) -> Option<i32> {
    let w = word.to_ascii_uppercase();
    Some(match w.as_str() {
        "UTC" | "UT" | "GMT" | "Z" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ if w.len() == 1 => {
            // military zones: A to M (without J) east, N to Y west
            let c = w.as_bytes()[0];
            match c {
                b'A'..=b'I' => i32::from(c - b'A') + 1,
                b'K'..=b'M' => i32::from(c - b'K') + 10,
                b'N'..=b'Y' => -(i32::from(c - b'N') + 1),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// `2016-03-21 12:00 EDT` as `2016-03-21 12:00 -04:00`: a zone word Ruby
/// knows, after a time, written as an offset.
fn zone_word_to_offset(s: &str) -> Option<String> {
    let (head, word) = s.trim_end().rsplit_once([' ', '\t'])?;
    let hours = zone_word_hours(word).filter(|_| word.bytes().all(|b| b.is_ascii_alphabetic()))?;
    let head = head.trim_end();
    // the zone is read only after a time (`12:00`, `12:00:00`)
    let last = head.rsplit([' ', 'T', 't']).next()?;
    if !(last.contains(':')
        && last
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.'))
    {
        return None;
    }
    let sign = if hours < 0 { '-' } else { '+' };
    Some(format!("{head} {sign}{:02}:00", hours.abs()))
}

/// Parse a date string as `Time.parse` would, for the forms seen on sites.
pub fn parse_date_string(s: &str) -> Result<DateTime, String> {
    if let Some(with_offset) = zone_word_to_offset(s) {
        return parse_plain_date_string(&with_offset)
            .map_err(|_| format!("`{s}` is not a date Jekyll can read"));
    }
    parse_plain_date_string(s)
}

fn parse_plain_date_string(s: &str) -> Result<DateTime, String> {
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
    // (never inside a word, but after the `Z` of `00ZT16`: a cut `12:00
    // B|ST` would read a military zone)
    let bytes = s.as_bytes();
    let word_start = |i: usize| {
        let mut j = i;
        while j > 0 && bytes[j - 1].is_ascii_alphabetic() {
            j -= 1;
        }
        j
    };
    let cuts = s
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= 10)
        .filter(|&i| {
            !(bytes[i - 1].is_ascii_alphabetic() && bytes[i].is_ascii_alphabetic())
                || (matches!(bytes[i - 1], b'Z' | b'z')
                    && word_start(i) == i - 1
                    && i >= 2
                    && bytes[i - 2].is_ascii_digit())
        })
        .rev();
    for i in cuts {
        // a `Z` glued to the letter after it (`00ZT16`) is not read as a
        // zone: Ruby reads `2022-07-05T00:00:00.00ZT16:33Z` as local
        // midnight (checked with `TZ=America/New_York ruby -rtime`)
        let glued_zone = matches!(bytes[i - 1], b'Z' | b'z') && bytes[i].is_ascii_alphabetic();
        let head = if glued_zone { &s[..i - 1] } else { &s[..i] };
        if let Ok(t) = parse_date_string(head) {
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

// Day numbers: the same civil calendar arithmetic the permalinks use.
pub use super::permalink::{civil_from_days, days_from_civil};

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

/// Daylight saving rules of the zones in [`Zone`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dst {
    None,
    /// United States and Canada: from the second Sunday of March to the
    /// first Sunday of November (1987–2006: first Sunday of April to last
    /// Sunday of October), at 02:00 local time.
    UnitedStates,
    /// European Union and United Kingdom: last Sunday of March to last
    /// Sunday of October, at 01:00 UTC.
    Europe,
    /// South-east Australia: first Sunday of October to first Sunday of
    /// April, at 02:00 standard time (both ways).
    Australia,
    /// New Zealand: last Sunday of September to first Sunday of April, at
    /// 02:00 standard time (both ways).
    NewZealand,
}

/// The site's `timezone` (an IANA name such as `America/New_York`), for the
/// zones sitelint knows: Jekyll shows every date in it, so a post's URL date
/// is the date there. Without `timezone` the build machine's zone is used,
/// taken as UTC (GitHub Pages and CI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Standard offset east of UTC, in minutes.
    standard: i32,
    dst: Dst,
}

impl Zone {
    pub const UTC: Zone = Zone {
        standard: 0,
        dst: Dst::None,
    };

    /// The zone of an IANA name, or `None` for a name sitelint does not
    /// know.
    pub fn named(name: &str) -> Option<Zone> {
        use Dst::*;
        let (hours, minutes, dst): (i32, i32, Dst) = match name {
            "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Etc/Universal" | "Universal" | "Zulu"
            | "Etc/Zulu" | "Africa/Abidjan" | "Africa/Accra" | "Atlantic/Reykjavik" => (0, 0, None),
            "Europe/London" | "Europe/Dublin" | "Europe/Lisbon" | "Atlantic/Canary"
            | "Europe/Belfast" | "GB" => (0, 0, Europe),
            "Europe/Paris" | "Europe/Berlin" | "Europe/Madrid" | "Europe/Rome"
            | "Europe/Amsterdam" | "Europe/Brussels" | "Europe/Vienna" | "Europe/Stockholm"
            | "Europe/Oslo" | "Europe/Copenhagen" | "Europe/Warsaw" | "Europe/Prague"
            | "Europe/Zurich" | "Europe/Budapest" | "Europe/Belgrade" | "Europe/Luxembourg"
            | "Europe/Bratislava" | "Europe/Ljubljana" | "Europe/Zagreb" | "Europe/Malta"
            | "Europe/Monaco" | "CET" => (1, 0, Europe),
            "Europe/Athens" | "Europe/Helsinki" | "Europe/Kiev" | "Europe/Kyiv"
            | "Europe/Bucharest" | "Europe/Sofia" | "Europe/Riga" | "Europe/Tallinn"
            | "Europe/Vilnius" | "EET" => (2, 0, Europe),
            "Africa/Lagos" | "Africa/Algiers" | "Africa/Tunis" => (1, 0, None),
            "Africa/Johannesburg" | "Africa/Cairo" | "Africa/Harare" => (2, 0, None),
            "Europe/Moscow" | "Europe/Istanbul" | "Asia/Istanbul" | "Africa/Nairobi"
            | "Asia/Riyadh" | "Asia/Qatar" => (3, 0, None),
            "Asia/Dubai" => (4, 0, None),
            "Asia/Karachi" | "Asia/Tashkent" => (5, 0, None),
            "Asia/Kolkata" | "Asia/Calcutta" | "Asia/Colombo" => (5, 30, None),
            "Asia/Kathmandu" => (5, 45, None),
            "Asia/Dhaka" => (6, 0, None),
            "Asia/Bangkok" | "Asia/Jakarta" | "Asia/Ho_Chi_Minh" | "Asia/Saigon" => (7, 0, None),
            "Asia/Shanghai" | "Asia/Hong_Kong" | "Asia/Singapore" | "Asia/Taipei"
            | "Asia/Manila" | "Asia/Kuala_Lumpur" | "Australia/Perth" | "PRC" => (8, 0, None),
            "Asia/Tokyo" | "Asia/Seoul" | "Japan" => (9, 0, None),
            "Australia/Brisbane" => (10, 0, None),
            "Australia/Sydney"
            | "Australia/Melbourne"
            | "Australia/Canberra"
            | "Australia/Hobart" => (10, 0, Australia),
            "Pacific/Auckland" | "NZ" => (12, 0, NewZealand),
            "America/Sao_Paulo"
            | "America/Argentina/Buenos_Aires"
            | "America/Buenos_Aires"
            | "America/Montevideo" => (-3, 0, None),
            "America/Halifax" => (-4, 0, UnitedStates),
            "America/New_York" | "America/Toronto" | "America/Detroit" | "America/Montreal"
            | "US/Eastern" | "EST5EDT" => (-5, 0, UnitedStates),
            "America/Bogota" | "America/Lima" | "America/Panama" | "EST" => (-5, 0, None),
            "America/Chicago" | "America/Winnipeg" | "US/Central" | "CST6CDT" => {
                (-6, 0, UnitedStates)
            }
            "America/Mexico_City" | "America/Costa_Rica" | "America/Regina" => (-6, 0, None),
            "America/Denver" | "America/Edmonton" | "US/Mountain" | "MST7MDT" => {
                (-7, 0, UnitedStates)
            }
            "America/Phoenix" | "MST" => (-7, 0, None),
            "America/Los_Angeles" | "America/Vancouver" | "US/Pacific" | "PST8PDT" => {
                (-8, 0, UnitedStates)
            }
            "America/Anchorage" => (-9, 0, UnitedStates),
            "Pacific/Honolulu" | "US/Hawaii" => (-10, 0, None),
            _ => return Option::None,
        };
        Some(Zone {
            standard: hours * 60 + hours.signum() * minutes,
            dst,
        })
    }

    /// The site's zone: `timezone` in `_config.yml`, else UTC. An unknown
    /// name is `Err` with the name.
    pub fn of_config(data: Option<&Node>) -> Result<Zone, String> {
        match data
            .and_then(|d| d.get("timezone"))
            .and_then(Node::scalar_text)
        {
            Some(name) if !name.trim().is_empty() => {
                Zone::named(name.trim()).ok_or_else(|| name.trim().to_string())
            }
            _ => Ok(Zone::UTC),
        }
    }

    /// The offset east of UTC, in minutes, at an instant (seconds since the
    /// epoch).
    pub fn offset_at(&self, utc: i64) -> i32 {
        let (year, _, _) = civil_from_days(utc.div_euclid(86_400));
        let std = i64::from(self.standard) * 60;
        // (start, end) of daylight time in UTC seconds
        let sunday = |y: i32, m: u32, nth: i64| -> i64 {
            // nth Sunday of the month (nth = -1: the last)
            if nth > 0 {
                let first = days_from_civil(y, m, 1);
                let wd = (first + 4).rem_euclid(7); // 0 = Sunday
                first + (7 - wd) % 7 + (nth - 1) * 7
            } else {
                let last = days_from_civil(y, m, yaml::days_in_month(y, m));
                let wd = (last + 4).rem_euclid(7);
                last - wd
            }
        };
        let window = match self.dst {
            Dst::None => return self.standard,
            Dst::UnitedStates => {
                let (s, e) = if year >= 2007 {
                    (sunday(year, 3, 2), sunday(year, 11, 1))
                } else {
                    (sunday(year, 4, 1), sunday(year, 10, -1))
                };
                // 02:00 standard time, 02:00 daylight time
                (s * 86_400 + 7200 - std, e * 86_400 + 7200 - std - 3600)
            }
            Dst::Europe => (
                sunday(year, 3, -1) * 86_400 + 3600,
                sunday(year, 10, -1) * 86_400 + 3600,
            ),
            Dst::Australia => (
                // southern hemisphere: daylight time spans the new year
                sunday(year, 10, 1) * 86_400 + 7200 - std,
                sunday(year, 4, 1) * 86_400 + 7200 - std,
            ),
            Dst::NewZealand => (
                sunday(year, 9, -1) * 86_400 + 7200 - std,
                sunday(year, 4, 1) * 86_400 + 7200 - std,
            ),
        };
        let daylight = if window.0 < window.1 {
            (window.0..window.1).contains(&utc)
        } else {
            utc >= window.0 || utc < window.1
        };
        self.standard + if daylight { 60 } else { 0 }
    }

    /// The offset in force at a local wall time of this zone (a time
    /// without an offset, as Ruby reads a zone-less string in the site's
    /// `TZ`).
    pub fn offset_of_local(&self, t: &DateTime) -> i32 {
        let naive = unix_seconds(&DateTime {
            offset_minutes: None,
            ..*t
        });
        let first = self.offset_at(naive - i64::from(self.standard) * 60);
        self.offset_at(naive - i64::from(first) * 60)
    }

    /// A time as Jekyll shows it (`Time#localtime` in this zone): a time
    /// with an offset is moved to the zone's local time; a time without
    /// one is already local.
    pub fn localize(&self, t: DateTime) -> DateTime {
        let Some(_) = t.offset_minutes else {
            return t;
        };
        let utc = unix_seconds(&t);
        let offset = self.offset_at(utc);
        let local = utc + i64::from(offset) * 60;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let s = local.rem_euclid(86_400);
        DateTime {
            year,
            month,
            day,
            hour: (s / 3600) as u32,
            minute: (s % 3600 / 60) as u32,
            second: (s % 60) as u32,
            offset_minutes: Some(offset),
        }
    }
}

/// The time Jekyll gives a front matter `date`, before it is shown in the
/// site's zone: what `Time.parse(date.to_s)` returns. A YAML timestamp
/// without a zone is UTC (the YAML loader makes it so); a string without a
/// zone is local (`offset_minutes` is `None`). Text after the date is
/// ignored and a day past the month's end rolls over, as Ruby does; `None`
/// when Jekyll cannot read it (the build stops).
pub fn jekyll_time(node: &Node) -> Option<DateTime> {
    if let Some(s) = node.as_scalar()
        && let Value::Time(t) = &s.value
    {
        return Some(DateTime {
            offset_minutes: Some(t.offset_minutes.unwrap_or(0)),
            ..**t
        });
    }
    match read(node) {
        Reading::Valid(t) | Reading::RolledOver(t) | Reading::Trailing(t, _) => Some(t),
        Reading::Invalid(_) => None,
    }
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
                    (ymd(&t).as_str(), t.hour, t.offset_minutes, rest.as_str()),
                    ("2022-07-05", 0, None, "T16:33:53.530Z")
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

    /// Offsets checked against Ruby (`TZ=zone ruby -e 'p
    /// Time.parse("... UTC").localtime.utc_offset'`) on each side of every
    /// change of 2016 (and of 2005, under the older United States rule).
    #[test]
    fn zone_offsets_match_ruby() {
        let cases: &[(&str, &str, i32)] = &[
            ("America/New_York", "2016-03-13 06:59:59", -300),
            ("America/New_York", "2016-03-13 07:00:00", -240),
            ("America/New_York", "2016-11-06 05:59:59", -240),
            ("America/New_York", "2016-11-06 06:00:00", -300),
            ("America/New_York", "2016-03-27 00:59:59", -240),
            ("America/New_York", "2016-03-27 01:00:00", -240),
            ("America/New_York", "2016-10-30 00:59:59", -240),
            ("America/New_York", "2016-10-30 01:00:00", -240),
            ("America/New_York", "2016-04-02 15:59:59", -240),
            ("America/New_York", "2016-04-02 16:00:00", -240),
            ("America/New_York", "2016-10-01 15:59:59", -240),
            ("America/New_York", "2016-10-01 16:00:00", -240),
            ("America/New_York", "2016-09-24 13:59:59", -240),
            ("America/New_York", "2016-09-24 14:00:00", -240),
            ("America/New_York", "2005-04-03 06:59:59", -300),
            ("America/New_York", "2005-04-03 07:00:00", -240),
            ("America/New_York", "2005-10-30 05:59:59", -240),
            ("America/New_York", "2005-10-30 06:00:00", -300),
            ("Europe/London", "2016-03-13 06:59:59", 0),
            ("Europe/London", "2016-03-13 07:00:00", 0),
            ("Europe/London", "2016-11-06 05:59:59", 0),
            ("Europe/London", "2016-11-06 06:00:00", 0),
            ("Europe/London", "2016-03-27 00:59:59", 0),
            ("Europe/London", "2016-03-27 01:00:00", 60),
            ("Europe/London", "2016-10-30 00:59:59", 60),
            ("Europe/London", "2016-10-30 01:00:00", 0),
            ("Europe/London", "2016-04-02 15:59:59", 60),
            ("Europe/London", "2016-04-02 16:00:00", 60),
            ("Europe/London", "2016-10-01 15:59:59", 60),
            ("Europe/London", "2016-10-01 16:00:00", 60),
            ("Europe/London", "2016-09-24 13:59:59", 60),
            ("Europe/London", "2016-09-24 14:00:00", 60),
            ("Europe/London", "2005-04-03 06:59:59", 60),
            ("Europe/London", "2005-04-03 07:00:00", 60),
            ("Europe/London", "2005-10-30 05:59:59", 0),
            ("Europe/London", "2005-10-30 06:00:00", 0),
            ("Europe/Paris", "2016-03-13 06:59:59", 60),
            ("Europe/Paris", "2016-03-13 07:00:00", 60),
            ("Europe/Paris", "2016-11-06 05:59:59", 60),
            ("Europe/Paris", "2016-11-06 06:00:00", 60),
            ("Europe/Paris", "2016-03-27 00:59:59", 60),
            ("Europe/Paris", "2016-03-27 01:00:00", 120),
            ("Europe/Paris", "2016-10-30 00:59:59", 120),
            ("Europe/Paris", "2016-10-30 01:00:00", 60),
            ("Europe/Paris", "2016-04-02 15:59:59", 120),
            ("Europe/Paris", "2016-04-02 16:00:00", 120),
            ("Europe/Paris", "2016-10-01 15:59:59", 120),
            ("Europe/Paris", "2016-10-01 16:00:00", 120),
            ("Europe/Paris", "2016-09-24 13:59:59", 120),
            ("Europe/Paris", "2016-09-24 14:00:00", 120),
            ("Europe/Paris", "2005-04-03 06:59:59", 120),
            ("Europe/Paris", "2005-04-03 07:00:00", 120),
            ("Europe/Paris", "2005-10-30 05:59:59", 60),
            ("Europe/Paris", "2005-10-30 06:00:00", 60),
            ("Australia/Sydney", "2016-03-13 06:59:59", 660),
            ("Australia/Sydney", "2016-03-13 07:00:00", 660),
            ("Australia/Sydney", "2016-11-06 05:59:59", 660),
            ("Australia/Sydney", "2016-11-06 06:00:00", 660),
            ("Australia/Sydney", "2016-03-27 00:59:59", 660),
            ("Australia/Sydney", "2016-03-27 01:00:00", 660),
            ("Australia/Sydney", "2016-10-30 00:59:59", 660),
            ("Australia/Sydney", "2016-10-30 01:00:00", 660),
            ("Australia/Sydney", "2016-04-02 15:59:59", 660),
            ("Australia/Sydney", "2016-04-02 16:00:00", 600),
            ("Australia/Sydney", "2016-10-01 15:59:59", 600),
            ("Australia/Sydney", "2016-10-01 16:00:00", 660),
            ("Australia/Sydney", "2016-09-24 13:59:59", 600),
            ("Australia/Sydney", "2016-09-24 14:00:00", 600),
            ("Australia/Sydney", "2005-04-03 06:59:59", 600),
            ("Australia/Sydney", "2005-04-03 07:00:00", 600),
            ("Australia/Sydney", "2005-10-30 05:59:59", 660),
            ("Australia/Sydney", "2005-10-30 06:00:00", 660),
            ("Pacific/Auckland", "2016-03-13 06:59:59", 780),
            ("Pacific/Auckland", "2016-03-13 07:00:00", 780),
            ("Pacific/Auckland", "2016-11-06 05:59:59", 780),
            ("Pacific/Auckland", "2016-11-06 06:00:00", 780),
            ("Pacific/Auckland", "2016-03-27 00:59:59", 780),
            ("Pacific/Auckland", "2016-03-27 01:00:00", 780),
            ("Pacific/Auckland", "2016-10-30 00:59:59", 780),
            ("Pacific/Auckland", "2016-10-30 01:00:00", 780),
            ("Pacific/Auckland", "2016-04-02 15:59:59", 720),
            ("Pacific/Auckland", "2016-04-02 16:00:00", 720),
            ("Pacific/Auckland", "2016-10-01 15:59:59", 780),
            ("Pacific/Auckland", "2016-10-01 16:00:00", 780),
            ("Pacific/Auckland", "2016-09-24 13:59:59", 720),
            ("Pacific/Auckland", "2016-09-24 14:00:00", 780),
            ("Pacific/Auckland", "2005-04-03 06:59:59", 720),
            ("Pacific/Auckland", "2005-04-03 07:00:00", 720),
            ("Pacific/Auckland", "2005-10-30 05:59:59", 780),
            ("Pacific/Auckland", "2005-10-30 06:00:00", 780),
            ("Asia/Kolkata", "2016-03-13 06:59:59", 330),
            ("Asia/Kolkata", "2016-03-13 07:00:00", 330),
            ("Asia/Kolkata", "2016-11-06 05:59:59", 330),
            ("Asia/Kolkata", "2016-11-06 06:00:00", 330),
            ("Asia/Kolkata", "2016-03-27 00:59:59", 330),
            ("Asia/Kolkata", "2016-03-27 01:00:00", 330),
            ("Asia/Kolkata", "2016-10-30 00:59:59", 330),
            ("Asia/Kolkata", "2016-10-30 01:00:00", 330),
            ("Asia/Kolkata", "2016-04-02 15:59:59", 330),
            ("Asia/Kolkata", "2016-04-02 16:00:00", 330),
            ("Asia/Kolkata", "2016-10-01 15:59:59", 330),
            ("Asia/Kolkata", "2016-10-01 16:00:00", 330),
            ("Asia/Kolkata", "2016-09-24 13:59:59", 330),
            ("Asia/Kolkata", "2016-09-24 14:00:00", 330),
            ("Asia/Kolkata", "2005-04-03 06:59:59", 330),
            ("Asia/Kolkata", "2005-04-03 07:00:00", 330),
            ("Asia/Kolkata", "2005-10-30 05:59:59", 330),
            ("Asia/Kolkata", "2005-10-30 06:00:00", 330),
            ("America/Los_Angeles", "2016-03-13 06:59:59", -480),
            ("America/Los_Angeles", "2016-03-13 07:00:00", -480),
            ("America/Los_Angeles", "2016-11-06 05:59:59", -420),
            ("America/Los_Angeles", "2016-11-06 06:00:00", -420),
            ("America/Los_Angeles", "2016-03-27 00:59:59", -420),
            ("America/Los_Angeles", "2016-03-27 01:00:00", -420),
            ("America/Los_Angeles", "2016-10-30 00:59:59", -420),
            ("America/Los_Angeles", "2016-10-30 01:00:00", -420),
            ("America/Los_Angeles", "2016-04-02 15:59:59", -420),
            ("America/Los_Angeles", "2016-04-02 16:00:00", -420),
            ("America/Los_Angeles", "2016-10-01 15:59:59", -420),
            ("America/Los_Angeles", "2016-10-01 16:00:00", -420),
            ("America/Los_Angeles", "2016-09-24 13:59:59", -420),
            ("America/Los_Angeles", "2016-09-24 14:00:00", -420),
            ("America/Los_Angeles", "2005-04-03 06:59:59", -480),
            ("America/Los_Angeles", "2005-04-03 07:00:00", -480),
            ("America/Los_Angeles", "2005-10-30 05:59:59", -420),
            ("America/Los_Angeles", "2005-10-30 06:00:00", -420),
        ];
        for (zone, utc, offset) in cases {
            let z = Zone::named(zone).unwrap();
            let t = parse_date_string(&format!("{utc} +00:00")).unwrap();
            assert_eq!(z.offset_at(unix_seconds(&t)), *offset, "{zone} at {utc}");
        }
        assert_eq!(Zone::named("Mars/Olympus"), None);
    }

    /// `Time.parse` as Ruby 3 reads these (checked with `ruby -e 'require
    /// "time"; p Time.parse(s)'` under TZ=America/New_York).
    #[test]
    fn zone_words_and_trailing_text() {
        let offset = |s: &str| {
            let node = crate::text::yaml::parse(s, 0..s.len(), Default::default())
                .unwrap()
                .unwrap();
            let t = jekyll_time(&node).unwrap();
            (ymd(&t), t.hour, t.offset_minutes)
        };
        let d = |s: &str| String::from(s);
        assert_eq!(
            offset("2016-03-21 12:00 EDT"),
            (d("2016-03-21"), 12, Some(-240))
        );
        assert_eq!(
            offset("2016-03-21 12:00:00 edt"),
            (d("2016-03-21"), 12, Some(-240))
        );
        assert_eq!(
            offset("2016-03-21T12:00 EST"),
            (d("2016-03-21"), 12, Some(-300))
        );
        assert_eq!(
            offset("2016-03-21 12:00 CDT"),
            (d("2016-03-21"), 12, Some(-300))
        );
        assert_eq!(
            offset("2016-03-21 12:00 PST"),
            (d("2016-03-21"), 12, Some(-480))
        );
        assert_eq!(
            offset("2016-03-21 12:00 MDT"),
            (d("2016-03-21"), 12, Some(-360))
        );
        assert_eq!(
            offset("2016-03-21 12:00 GMT"),
            (d("2016-03-21"), 12, Some(0))
        );
        assert_eq!(
            offset("2016-03-21 12:00 UTC"),
            (d("2016-03-21"), 12, Some(0))
        );
        assert_eq!(
            offset("2016-03-21 12:00 A"),
            (d("2016-03-21"), 12, Some(60))
        );
        // zones Time.parse does not know: local time
        assert_eq!(offset("2016-03-21 12:00 BST"), (d("2016-03-21"), 12, None));
        assert_eq!(offset("2016-03-21 12:00 CEST"), (d("2016-03-21"), 12, None));
        // a zone without a time is not read
        assert_eq!(offset("2016-03-21 EDT"), (d("2016-03-21"), 0, None));
        assert_eq!(offset("2017-09-27 (optional)"), (d("2017-09-27"), 0, None));
        assert_eq!(
            offset("2016-03-21 23:30 -0400 (x)"),
            (d("2016-03-21"), 23, Some(-240))
        );
        // a YAML timestamp without a zone is UTC
        assert_eq!(offset("2016-03-21 02:00:00"), (d("2016-03-21"), 2, Some(0)));
        let ny = Zone::named("America/New_York").unwrap();
        let node = crate::text::yaml::parse("2016-03-21 02:00:00", 0..19, Default::default())
            .unwrap()
            .unwrap();
        assert_eq!(ymd(&ny.localize(jekyll_time(&node).unwrap())), "2016-03-20");
        assert!(matches!(
            read_text("2016-03-21 12:00 EDT"),
            Reading::Valid(_)
        ));
    }
}
