//! Jekyll 4's URL templates, placeholders and slugs, ported from
//! `jekyll/url.rb`, `jekyll/drops/url_drop.rb`, `jekyll/utils.rb` and
//! `jekyll/configuration.rb` (4.3.1) and checked against real builds by
//! `scripts/jekyll-conformance`.
//!
//! URLs here are kept *unescaped*: Jekyll escapes placeholder values and
//! then unescapes the whole URL again to name the file it writes, so the
//! served path is the unescaped form.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::yaml::Timestamp;

/// The site-wide `permalink` as Jekyll expands a built-in style name.
pub fn style_to_permalink(style: &str) -> String {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        other => other.to_string(),
    }
}

/// `Utils.add_permalink_suffix`: give a page or collection template the
/// ending of the site's permalink style.
pub fn add_permalink_suffix(template: &str, style: &str) -> String {
    let mut t = template.to_string();
    match style {
        "pretty" => t.push('/'),
        "date" | "ordinal" | "none" => t.push_str(":output_ext"),
        other => {
            if other.ends_with('/') {
                t.push('/');
            }
            if other.ends_with(":output_ext") {
                t.push_str(":output_ext");
            }
        }
    }
    t
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlugMode {
    Default,
    Pretty,
}

static DEFAULT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").unwrap_or_else(|_| unreachable!()));
static PRETTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+").unwrap_or_else(|_| unreachable!())
});

/// `Utils.slugify`: runs of characters outside the mode's set become one
/// hyphen; one leading and one trailing hyphen are removed; lower-cased
/// unless `cased`.
pub fn slugify(s: &str, mode: SlugMode, cased: bool) -> String {
    if s.is_ascii() {
        return slugify_ascii(s, mode, cased);
    }
    let re = match mode {
        SlugMode::Default => &*DEFAULT_RE,
        SlugMode::Pretty => &*PRETTY_RE,
    };
    let mut slug = re.replace_all(s, "-").into_owned();
    if slug.starts_with('-') {
        slug.remove(0);
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    if cased { slug } else { slug.to_lowercase() }
}

/// [`slugify`] for ASCII text, without the (Unicode) regex: the same
/// result, as no ASCII character is a mark and the letters and digits are
/// exactly `\p{L}` and `\p{Nd}` there.
fn slugify_ascii(s: &str, mode: SlugMode, cased: bool) -> String {
    let keep = |b: u8| {
        b.is_ascii_alphanumeric() || (mode == SlugMode::Pretty && b"._~!$&'()+,;=@".contains(&b))
    };
    let mut slug = String::with_capacity(s.len());
    let mut gap = false;
    for b in s.bytes() {
        if !keep(b) {
            gap = true;
            continue;
        }
        // a run between kept characters is one hyphen; one at either end
        // is dropped
        if gap && !slug.is_empty() {
            slug.push('-');
        }
        gap = false;
        slug.push(char::from(if cased { b } else { b.to_ascii_lowercase() }));
    }
    slug
}

/// `URL#sanitize_url`: a leading slash, `..` made a slash, `./` removed,
/// runs of slashes squeezed.
pub fn sanitize_url(s: &str) -> String {
    let mut s = format!("/{s}");
    // both patterns hold a dot: most URLs have none and skip the searches
    if s.contains('.') {
        s = s.replace("..", "/").replace("./", "");
    }
    if !s.contains("//") {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

/// A template with a document's placeholders (`generate_url_from_drop`):
/// every `:name` must be a known placeholder, else Jekyll stops the build
/// (returned as `Err` with the name). A name ending in `_` may mean the
/// placeholder without it (`:month_:day`).
pub fn render_drop(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut last = 0;
    for (whole, name) in placeholders(template) {
        out.push_str(&template[last..whole.start]);
        let (value, rest) = match lookup(name) {
            Some(v) => (v, ""),
            None => match name
                .strip_suffix('_')
                .and_then(|n| lookup(n).map(|v| (v, n)))
            {
                Some((v, _)) => (v, "_"),
                None => return Err(name.to_string()),
            },
        };
        out.push_str(&value);
        out.push_str(rest);
        last = whole.end;
    }
    out.push_str(&template[last..]);
    Ok(out)
}

/// The matches of `:([a-z_]+)` in `template`, leftmost first and not
/// overlapping: each placeholder's range with its name (found by hand:
/// every document's URL renders one template).
fn placeholders(template: &str) -> impl Iterator<Item = (Range<usize>, &str)> + '_ {
    let bytes = template.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(p) = memchr::memchr(b':', &bytes[at..]) {
            let (colon, name) = (at + p, at + p + 1);
            let end = bytes[name..]
                .iter()
                .position(|b| !(b.is_ascii_lowercase() || *b == b'_'))
                .map_or(bytes.len(), |n| name + n);
            if end > name {
                at = end;
                return Some((colon..end, &template[name..end]));
            }
            // a colon with no name after it is text
            at = name;
        }
        None
    })
}

/// A template with a page's or static file's placeholders
/// (`generate_url_from_hash`): each key in order is replaced everywhere as
/// plain text; a `None` value removes `/:key`. Other `:words` stay as they
/// are.
pub fn render_hash(template: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut result = template.to_string();
    for (key, value) in pairs {
        if !result.contains(':') {
            break;
        }
        result = match value {
            None => result.replace(&format!("/:{key}"), ""),
            Some(v) => result.replace(&format!(":{key}"), v),
        };
    }
    result
}

/// Percent-decoding as `URL.unescape_path` (invalid escapes are kept).
pub fn unescape(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// ISO weekday, 1 = Monday .. 7 = Sunday.
fn weekday(days: i64) -> u32 {
    ((days + 3).rem_euclid(7) + 1) as u32
}

/// ISO 8601 week-based year and week number.
fn iso_week(t: &Timestamp) -> (i32, u32) {
    let days = days_from_civil(t.year, t.month, t.day);
    let wd = i64::from(weekday(days));
    // the Thursday of this week decides the year
    let thursday = days - wd + 4;
    let (y, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(y, 1, 1);
    (y, ((thursday - jan1) / 7 + 1) as u32)
}

/// The value of a date placeholder (`strftime` as Jekyll uses it), or
/// `None` when `name` is not a date placeholder.
pub fn date_placeholder(name: &str, t: &Timestamp) -> Option<String> {
    let days = days_from_civil(t.year, t.month, t.day);
    let month = MONTHS[(t.month.clamp(1, 12) - 1) as usize];
    let day = DAYS[(weekday(days) - 1) as usize];
    Some(match name {
        "year" => format!("{:04}", t.year),
        "month" => format!("{:02}", t.month),
        "day" => format!("{:02}", t.day),
        "hour" => format!("{:02}", t.hour),
        "minute" => format!("{:02}", t.minute),
        "second" => format!("{:02}", t.second),
        "i_day" => t.day.to_string(),
        "i_month" => t.month.to_string(),
        "short_month" => month[..3].to_string(),
        "long_month" => month.to_string(),
        "short_year" => format!("{:02}", t.year.rem_euclid(100)),
        "w_year" => iso_week(t).0.to_string(),
        "week" => format!("{:02}", iso_week(t).1),
        "w_day" => weekday(days).to_string(),
        "short_day" => day[..3].to_string(),
        "long_day" => day.to_string(),
        "y_day" => format!("{:03}", days - days_from_civil(t.year, 1, 1) + 1),
        _ => return None,
    })
}

/// The extension Jekyll writes for a source extension (with its dot):
/// Markdown becomes `.html`, Sass `.css`, anything else is kept.
pub fn output_ext(ext: &str, markdown: bool) -> String {
    if markdown {
        return ".html".into();
    }
    match ext.to_ascii_lowercase().as_str() {
        ".scss" | ".sass" => ".css".into(),
        _ => ext.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn placeholders_are_what_the_regex_finds(s in "(:|[a-c]|_|/|A|é|-){0,16}") {
            let re = Regex::new(r":([a-z_]+)").unwrap();
            let want: Vec<(Range<usize>, &str)> = re
                .captures_iter(&s)
                .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().as_str()))
                .collect();
            let got: Vec<(Range<usize>, &str)> = placeholders(&s).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn ascii_slugify_agrees_with_the_regex(s in "[ -~]{0,40}", pretty: bool, cased: bool) {
            let mode = if pretty { SlugMode::Pretty } else { SlugMode::Default };
            let re = if pretty { &*PRETTY_RE } else { &*DEFAULT_RE };
            let mut want = re.replace_all(&s, "-").into_owned();
            if want.starts_with('-') {
                want.remove(0);
            }
            if want.ends_with('-') {
                want.pop();
            }
            let want = if cased { want } else { want.to_lowercase() };
            proptest::prop_assert_eq!(slugify_ascii(&s, mode, cased), want);
        }
    }

    use crate::site::dates::midnight as ts;

    #[test]
    fn slugs_as_jekyll() {
        use SlugMode::*;
        assert_eq!(
            slugify("The _config.yml file", Default, false),
            "the-config-yml-file"
        );
        assert_eq!(
            slugify("The _config.yml file", Pretty, false),
            "the-_config.yml-file"
        );
        assert_eq!(
            slugify("The _config.yml file", Pretty, true),
            "The-_config.yml-file"
        );
        assert_eq!(slugify("  Café, crème!  ", Default, false), "café-crème");
        assert_eq!(slugify("what's new?", Pretty, true), "what's-new");
    }

    #[test]
    fn templates() {
        let look = |k: &str| match k {
            "year" => Some("2020".to_string()),
            "month" => Some("01".to_string()),
            "title" => Some("a".to_string()),
            _ => None,
        };
        assert_eq!(
            render_drop("/:year/:month_:title/", &look).unwrap(),
            "/2020/01_a/"
        );
        assert_eq!(render_drop("/:nope/", &look), Err("nope".into()));
        assert_eq!(
            render_hash(
                "/:path/:basename:output_ext",
                &[
                    ("path", Some("a")),
                    ("basename", Some("b")),
                    ("output_ext", Some(".html"))
                ]
            ),
            "/a/b.html"
        );
        assert_eq!(sanitize_url("//a/../b/./c"), "/a/b/c");
    }

    #[test]
    fn dates() {
        let t = ts(2021, 1, 3); // a Sunday, ISO week 53 of 2020
        assert_eq!(date_placeholder("w_year", &t).unwrap(), "2020");
        assert_eq!(date_placeholder("week", &t).unwrap(), "53");
        assert_eq!(date_placeholder("short_day", &t).unwrap(), "Sun");
        assert_eq!(date_placeholder("w_day", &t).unwrap(), "7");
        assert_eq!(date_placeholder("y_day", &ts(2020, 12, 31)).unwrap(), "366");
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }
}
