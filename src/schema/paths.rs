//! Site paths written in front matter (`permalink`, `redirect_from`,
//! `redirect_to`) and URL templates (Jekyll permalink patterns, Decap's
//! `preview_path`), without a URL model of the site: only what can be told
//! from the text itself.

/// A problem in one path as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// `https://...` where a path on this site is expected.
    FullUrl,
    /// A space or other whitespace (byte offset in the path).
    Space(usize),
    /// `?` or `#`: the page cannot be reached at the URL it seems to have.
    QueryOrFragment(usize, char),
    /// A character that must be percent-encoded in a URL.
    NeedsEscape(usize, char),
    /// `%` not followed by two hex digits.
    BadPercent(usize),
    /// Upper-case letters: URLs are case-sensitive on most hosts.
    UpperCase,
    /// No leading `/`: Jekyll adds it, but the path reads as relative.
    NoLeadingSlash,
    /// Begins with a host name (`www.example.org/contact/`): Jekyll makes
    /// it a folder of the site. The number is the byte length of the host
    /// part, leading `/` included, so the path proper is `path[n..]`.
    HostName(usize),
}

/// Which key a path comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Permalink,
    RedirectFrom,
    RedirectTo,
}

fn is_full_url(s: &str) -> bool {
    s.starts_with("//")
        || s.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// The problems in `path`. Paths with Liquid in them are not judged.
pub fn issues(path: &str, kind: Kind) -> Vec<Issue> {
    let mut out = Vec::new();
    if path.contains("{{") || path.contains("{%") || path.is_empty() {
        return out;
    }
    let full = is_full_url(path);
    if full {
        if kind != Kind::RedirectTo {
            out.push(Issue::FullUrl);
        }
        if let Some(i) = path.find(char::is_whitespace) {
            out.push(Issue::Space(i));
        }
        return out;
    }
    if let Some(i) = path.find(char::is_whitespace) {
        out.push(Issue::Space(i));
    }
    if kind != Kind::RedirectTo {
        if let Some(i) = path.find(['?', '#']) {
            out.push(Issue::QueryOrFragment(
                i,
                path[i..].chars().next().unwrap_or('?'),
            ));
        }
        if let Some((i, c)) = path
            .char_indices()
            .find(|(_, c)| matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'))
        {
            out.push(Issue::NeedsEscape(i, c));
        }
        let bytes = path.as_bytes();
        if let Some(i) = (0..bytes.len()).find(|&i| {
            bytes[i] == b'%'
                && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        }) {
            out.push(Issue::BadPercent(i));
        }
    }
    if kind == Kind::Permalink {
        // `:title` and friends are placeholders, not letters of the URL
        let letters = strip_placeholders(path);
        if letters.chars().any(|c| c.is_ascii_uppercase()) {
            out.push(Issue::UpperCase);
        }
        if let Some(n) = host_prefix(path) {
            out.push(Issue::HostName(n));
        } else if !path.starts_with('/') {
            out.push(Issue::NoLeadingSlash);
        }
    }
    out
}

/// Top-level domains a host name at the start of a permalink ends with
/// (the common ones: a file name such as `feed.xml` must not match).
const TLDS: &[&str] = &[
    "com", "org", "net", "uk", "gov", "edu", "io", "lgbt", "eu", "info", "int", "nhs", "scot",
    "wales", "co", "me", "dev", "app",
];

/// The length of a host name at the start of a permalink (with the `/`
/// before it, if any): `www.example.org/contact/` or
/// `/example.lgbt/contact/`. The host must be followed by `/`, so that a
/// file name such as `/feed.xml` or `/index.html` is not taken for one.
pub fn host_prefix(path: &str) -> Option<usize> {
    let lead = usize::from(path.starts_with('/'));
    let rest = &path[lead..];
    let end = rest.find('/')?;
    let host = rest[..end].to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let hostlike = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (labels[0] == "www" || labels.last().is_some_and(|t| TLDS.contains(t)));
    hostlike.then_some(lead + end)
}

fn strip_placeholders(path: &str) -> String {
    let mut out = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
            while chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
            {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a permalink ends with `/` (a folder URL), or `None` when it
/// names a file (`/feed.xml`, `/about.html`) or holds Liquid.
pub fn trailing_slash(path: &str) -> Option<bool> {
    if path.contains("{{") || path.contains("{%") || is_full_url(path) {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') || last.contains(":output_ext") {
        return None;
    }
    Some(path.ends_with('/'))
}

/// Where the file for a `redirect_from` path is written: the same file
/// means the same redirect.
pub fn redirect_file(path: &str) -> String {
    let mut p = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if p.ends_with('/') {
        p.push_str("index.html");
    } else if !p.rsplit('/').next().unwrap_or("").contains('.') {
        p.push_str(".html");
    }
    p
}

/// Jekyll's permalink styles, as `Utils::permalink_style` expands them.
pub fn expand_style(style: &str, posts: bool) -> String {
    let base = match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => return other.to_string(),
    };
    if posts {
        base.to_string()
    } else if style == "pretty" {
        "/:collection/:path/".to_string()
    } else {
        "/:collection/:path:output_ext".to_string()
    }
}

/// An example document for comparing URL templates: its date, the
/// url-safe title, and its file name without extension.
pub struct Example<'a> {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub title_slug: &'a str,
    pub filename: &'a str,
    pub collection: &'a str,
}

/// Fill a Jekyll permalink pattern. `None` when it has a placeholder this
/// does not know.
pub fn render_jekyll(pattern: &str, ex: &Example) -> Option<String> {
    let named = format!("{}.md", ex.filename);
    let title_from_name = match crate::site::dates::from_filename(&named) {
        Some(Ok((_, slug))) => slug.trim_end_matches(".md").to_string(),
        _ => ex.filename.to_string(),
    };
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        let value = match name {
            "year" => format!("{:04}", ex.year),
            "month" => format!("{:02}", ex.month),
            "day" => format!("{:02}", ex.day),
            "i_month" => ex.month.to_string(),
            "i_day" => ex.day.to_string(),
            "short_year" => format!("{:02}", ex.year % 100),
            "title" | "slug" => title_from_name.clone(),
            "name" | "path" => ex.filename.to_string(),
            "collection" => ex.collection.to_string(),
            "output_ext" => ".html".to_string(),
            "categories" => String::new(),
            _ => return None,
        };
        out.push_str(&value);
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(normalize(&out))
}

/// Fill a Decap template (`slug` or `preview_path`). In `preview_path`,
/// `{{slug}}` is the entry's whole slug, that is its file name.
pub fn render_decap(template: &str, ex: &Example, preview: bool) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after.find("}}")?;
        let name = after[..end].trim();
        let value = match name {
            "year" => format!("{:04}", ex.year),
            "month" => format!("{:02}", ex.month),
            "day" => format!("{:02}", ex.day),
            "hour" | "minute" | "second" => "00".to_string(),
            "slug" if preview => ex.filename.to_string(),
            "slug" | "title" | "fields.title" => ex.title_slug.to_string(),
            "filename" => ex.filename.to_string(),
            _ => return None,
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Some(if preview { normalize(&out) } else { out })
}

/// Compare URLs as a host serves them: leading slash, no trailing slash,
/// no `.html`, no `index`.
pub fn normalize(url: &str) -> String {
    let mut s = url.replace("//", "/");
    while s.contains("//") {
        s = s.replace("//", "/");
    }
    let mut s = s.trim_end_matches('/').to_string();
    if let Some(stripped) = s.strip_suffix(".html") {
        s = stripped.to_string();
    }
    if let Some(stripped) = s.strip_suffix("/index") {
        s = stripped.to_string();
    }
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_issues() {
        assert_eq!(issues("/news/a-b/", Kind::Permalink), vec![]);
        assert_eq!(
            issues("news/My Page", Kind::Permalink),
            vec![Issue::Space(7), Issue::UpperCase, Issue::NoLeadingSlash]
        );
        assert_eq!(issues("/:title/", Kind::Permalink), vec![]);
        assert_eq!(
            issues("/a?b=1", Kind::RedirectFrom),
            vec![Issue::QueryOrFragment(2, '?')]
        );
        assert_eq!(issues("/Old-Page", Kind::RedirectFrom), vec![]);
        assert_eq!(issues("https://x.org/a", Kind::RedirectTo), vec![]);
        assert_eq!(
            issues("https://x.org/a", Kind::RedirectFrom),
            vec![Issue::FullUrl]
        );
        assert_eq!(issues("/a%zz", Kind::Permalink), vec![Issue::BadPercent(2)]);
        assert_eq!(issues("/{{ page.x }}", Kind::Permalink), vec![]);
    }

    #[test]
    fn host_names_at_the_start_of_a_permalink() {
        assert_eq!(
            issues("www.civilservice.lgbt/contact-us/", Kind::Permalink),
            vec![Issue::HostName(21)]
        );
        assert_eq!(
            issues("/example.org/contact/", Kind::Permalink),
            vec![Issue::HostName(12)]
        );
        // file names and ordinary folders are not hosts
        for p in [
            "/feed.xml",
            "/index.html",
            "/news/a.b/",
            "/2.0/notes/",
            "about.html",
        ] {
            assert_eq!(host_prefix(p), None, "{p}");
        }
        // redirect_from values are not judged for it
        assert_eq!(issues("/www.example.org/x/", Kind::RedirectFrom), vec![]);
    }

    #[test]
    fn templates() {
        let ex = Example {
            year: 2022,
            month: 1,
            day: 13,
            title_slug: "my-entry",
            filename: "2022-01-13-my-entry",
            collection: "news",
        };
        assert_eq!(
            render_jekyll("/news/:year/:month/:day/:title/", &ex).as_deref(),
            Some("/news/2022/01/13/my-entry")
        );
        assert_eq!(
            render_decap("news/{{year}}/{{month}}/{{day}}/{{slug}}", &ex, true).as_deref(),
            Some("/news/2022/01/13/2022-01-13-my-entry")
        );
        assert_eq!(
            render_decap("{{year}}-{{month}}-{{day}}-{{slug}}", &ex, false).as_deref(),
            Some("2022-01-13-my-entry")
        );
        assert_eq!(render_jekyll("/:weird/", &ex), None);
        assert_eq!(redirect_file("/a/"), "/a/index.html");
        assert_eq!(redirect_file("a"), "/a.html");
    }
}
