//! `migrate import`: turn legacy plain-text documents (no front matter,
//! bullet characters, a title on the first line) into posts of a
//! collection. Never overwrites an existing file.

use std::path::Path;

use crate::engine::Failure;
use crate::migrate::{Change, Plan, yaml_scalar};
use crate::site::Site;
use crate::text::yaml::{Node, Value, resolve_plain};
use crate::text::yaml_write::{self, Context};

/// What the new posts get.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub collection: String,
    /// `YYYY-MM-DD`; default: each file's modification date.
    pub date: Option<String>,
}

/// Jekyll's default slugify: lower case, every run of characters other
/// than ASCII letters and digits becomes one `-`, trimmed.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

const BULLETS: &[char] = &['•', '◦', '▪', '‣', '●', '○', '■', '–'];

/// The body as Markdown: bullet characters become list items, paragraphs
/// (runs of lines separated by blank lines) are kept, everything else is
/// kept as written. Returns the title (first non-empty line) and the body.
pub fn convert(text: &str) -> (String, String) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let mut title = String::new();
    for line in lines.by_ref() {
        if !line.trim().is_empty() {
            title = line.trim().to_string();
            break;
        }
    }
    let mut body = String::new();
    let mut in_list = false;
    for line in lines {
        let trimmed = line.trim();
        let bullet = trimmed.strip_prefix(BULLETS).map(str::trim_start);
        match bullet {
            Some(item) if !item.is_empty() => {
                if !in_list && !body.is_empty() && !body.ends_with("\n\n") {
                    body.push('\n');
                }
                body.push_str("- ");
                body.push_str(item);
                body.push('\n');
                in_list = true;
            }
            _ => {
                if in_list && !trimmed.is_empty() {
                    body.push('\n');
                }
                in_list = false;
                if trimmed.is_empty() {
                    if !body.is_empty() && !body.ends_with("\n\n") {
                        body.push('\n');
                    }
                } else {
                    body.push_str(line.trim_end());
                    body.push('\n');
                }
            }
        }
    }
    (title, protect_liquid(body.trim_start_matches('\n')))
}

/// Jekyll runs Liquid over a post before Markdown: plain text with `{{` or
/// `{%` in it (a template quoted in an email, `{% raw %}` written as text)
/// would be run, or stop the build. Each paragraph (run of lines between
/// blank lines) holding either is wrapped in `{% raw %}`…`{% endraw %}`,
/// which Liquid outputs as written: a per-paragraph wrap keeps a post's
/// excerpt (its first paragraph) whole. Text that would end the raw block
/// early (`{%` followed by the name `endraw`) is written as
/// `{% endraw %}{{ "{%" }}{% raw %}`, which outputs the same `{%`.
pub fn protect_liquid(body: &str) -> String {
    if !body.contains("{{") && !body.contains("{%") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len() + 64);
    for (i, para) in body.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        if !para.contains("{{") && !para.contains("{%") {
            out.push_str(para);
            continue;
        }
        let content = para.trim_end_matches('\n');
        out.push_str("{% raw %}");
        out.push_str(&escape_endraw(content));
        out.push_str("{% endraw %}");
        out.push_str(&para[content.len()..]);
    }
    out
}

/// `{%`, white space, then the word `endraw` (Liquid's `Raw` ends at it,
/// whatever precedes it in the token) written so that it does not end a
/// raw block.
fn escape_endraw(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("{%") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 2..];
        let name = after.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
        let is_endraw = name.starts_with("endraw")
            && !name[6..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        if is_endraw {
            out.push_str("{% endraw %}{{ \"{%\" }}{% raw %}");
        } else {
            out.push_str("{%");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn file_date(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    // civil date from days since 1970-01-01 (Howard Hinnant's algorithm)
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The path of `file` relative to the site root, when it lies in the site
/// and Jekyll publishes it (it is one of the site's files: not excluded,
/// not in a folder Jekyll skips).
fn published_source(site: &Site, file: &Path) -> Option<String> {
    let root = site.root.canonicalize().ok()?;
    let canonical = file.canonicalize().ok()?;
    let rel = canonical.strip_prefix(&root).ok()?;
    let rel: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
    let rel = rel.join("/");
    site.files.iter().any(|e| e.rel == rel).then_some(rel)
}

/// The text of an imported post: front matter with `title`, `date` (a
/// `YYYY-MM-DD` date) and the keys of the settings' `migrate: import:
/// front-matter` template (each written so that it reads back as the
/// template's value: `published: false` stays a boolean), then `body`.
pub fn post_text(title: &str, date: &str, body: &str, template: Option<&Node>) -> String {
    let mut front = String::from("---\n");
    let mut keys = vec!["title".to_string(), "date".to_string()];
    front.push_str(&format!("title: {}\ndate: {date}\n", yaml_scalar(title)));
    if let Some(entries) = template.and_then(|t| t.as_map()) {
        for e in entries {
            // (the settings' validation refuses other keys and values)
            let (Some(k), Some(v)) = (e.key.scalar_text(), e.value.as_scalar()) else {
                continue;
            };
            let Some(key) = yaml_write::quote_key(k, Context::Block) else {
                continue;
            };
            if keys.iter().any(|x| x == k) {
                continue;
            }
            keys.push(k.to_string());
            // a boolean, number, date or null as written; text quoted
            let value = match &v.value {
                Value::Str => yaml_scalar(&v.text),
                // (`.nan` is not equal to itself)
                typed if format!("{:?}", resolve_plain(&v.text)) == format!("{typed:?}") => {
                    v.text.clone()
                }
                _ => yaml_scalar(&v.text),
            };
            front.push_str(&format!("{key}: {value}\n"));
        }
    }
    front.push_str("---\n\n");
    format!("{front}{body}")
}

pub fn import(
    site: &Site,
    files: &[std::path::PathBuf],
    options: &ImportOptions,
    plan: &mut Plan,
) -> Result<(), Failure> {
    let collection = site
        .config
        .collections
        .iter()
        .find(|c| c.name == options.collection)
        .ok_or_else(|| {
            Failure(format!(
                "no collection named `{}` in `_config.yml`",
                options.collection
            ))
        })?;
    if let Some(d) = &options.date
        && !matches!(
            crate::text::yaml::resolve_plain(d),
            crate::text::yaml::Value::Date { .. }
        )
    {
        return Err(Failure(format!("`--date {d}` is not a date (YYYY-MM-DD)")));
    }
    let template = site
        .settings
        .section("migrate")
        .and_then(|m| m.get("import"))
        .and_then(|i| i.get("front-matter"));
    for file in files {
        // a regular file only: a named pipe would block the run
        let bytes = crate::inside::open_regular(file)
            .and_then(|mut f| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut bytes).map(|_| bytes)
            })
            .map_err(|e| Failure(format!("cannot read `{}`: {e}", file.display())))?;
        let Ok(text) = String::from_utf8(bytes) else {
            plan.skipped.push(format!(
                "{}: not UTF-8; re-save it as UTF-8 first",
                file.display()
            ));
            continue;
        };
        if crate::text::front_matter::has_header(&text) {
            plan.skipped
                .push(format!("{}: already has front matter", file.display()));
            continue;
        }
        let (title, body) = convert(&text);
        if title.is_empty() {
            plan.skipped.push(format!("{}: empty", file.display()));
            continue;
        }
        let date = options
            .date
            .clone()
            .or_else(|| file_date(file))
            .unwrap_or_else(|| "1970-01-01".into());
        let slug = slugify(&title);
        let rel = format!("{}/{date}-{slug}.md", collection.dir);
        if site.root.join(&rel).exists() || plan.changes.iter().any(|c| c.rel == rel) {
            plan.skipped.push(format!(
                "{}: `{rel}` already exists; not overwritten",
                file.display()
            ));
            continue;
        }
        plan.sources.insert(rel.clone(), file.clone());
        // a source Jekyll would publish (a `.txt` beside the pages is
        // copied to the site as is) goes: its text is now the post
        if let Some(source) = published_source(site, file) {
            plan.removals.push(crate::migrate::Removal {
                rel: source.clone(),
                original: text.clone().into_bytes(),
                note: format!("remove: imported as `{rel}` (Jekyll would publish it as is)"),
            });
        }
        plan.changes.push(Change {
            rel,
            original: None,
            new: post_text(&title, &date, &body, template),
            move_to: None,
            notes: vec![format!("import `{}` as `{title}`", file.display())],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_become_lists_and_paragraphs_stay() {
        let (title, body) =
            convert("Our offer\n\nIntro line one.\nline two.\n\n  • First\n  • Second\n\nAfter.\n");
        assert_eq!(title, "Our offer");
        assert_eq!(
            body,
            "Intro line one.\nline two.\n\n- First\n- Second\n\nAfter.\n"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("We can all be Allies"), "we-can-all-be-allies");
        assert_eq!(slugify("Q&A: what’s next?"), "q-a-what-s-next");
    }
}
