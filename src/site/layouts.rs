//! What sitelint reads from the site's layouts (`_layouts/`, or
//! `layouts_dir`): the front matter field a layout renders as the alt text
//! of `page.image`.

use rustc_hash::FxHashMap as HashMap;

use crate::site::Site;
use crate::text::front_matter;

/// For each layout (by name, `post` for `_layouts/post.html`), the field
/// `K` its `alt` attribute renders from the page (`alt="{{ page.K }}"`),
/// directly or through the layouts it is placed in. Symbolic links are not
/// followed; at most 1,000 files of 1 MB are read.
pub fn alt_fields(site: &Site) -> HashMap<String, String> {
    let dir = site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("layouts_dir"))
        .and_then(|n| n.scalar_text())
        .unwrap_or("_layouts")
        .trim_matches('/')
        .to_string();
    let root = site.root.join(&dir);
    if !crate::site::plugins::is_real_dir(&root) {
        return HashMap::default();
    }
    // name -> (own alt field, parent layout)
    let mut own: HashMap<String, (Option<String>, Option<String>)> = HashMap::default();
    let mut stack = vec![(root.clone(), String::new())];
    let mut budget = 1000usize;
    while let Some((path, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            let name = e.file_name().to_string_lossy().into_owned();
            if meta.is_dir() {
                stack.push((e.path(), format!("{prefix}{name}/")));
                continue;
            }
            if !meta.is_file() || meta.len() > 1 << 20 || budget == 0 {
                continue;
            }
            budget -= 1;
            let Some(text) = crate::site::plugins::read_regular(&e.path()) else {
                continue;
            };
            let stem = match name.rfind('.') {
                Some(i) if i > 0 => &name[..i],
                _ => name.as_str(),
            };
            let parsed = front_matter::parse(&text, Default::default());
            let parent = parsed
                .data()
                .and_then(|d| d.get("layout"))
                .and_then(|n| n.scalar_text())
                .map(|s| s.trim().to_string());
            own.insert(format!("{prefix}{stem}"), (alt_field_in(&text), parent));
        }
    }
    let mut out = HashMap::default();
    for name in own.keys() {
        let mut at = name.as_str();
        for _ in 0..8 {
            let Some((field, parent)) = own.get(at) else {
                break;
            };
            if let Some(f) = field {
                out.insert(name.clone(), f.clone());
                break;
            }
            match parent {
                Some(p) => at = p.as_str(),
                None => break,
            }
        }
    }
    out
}

/// The `K` of the first `alt="{{ page.K` (any quotes, spaces, or none) in
/// a layout's text, when `K` is not `title` (a page title is no
/// description of an image).
fn alt_field_in(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find("alt=") {
        let after = rest[i + 4..].trim_start_matches(['"', '\'']);
        rest = &rest[i + 4..];
        let Some(inner) = after.strip_prefix("{{") else {
            continue;
        };
        let inner = inner.trim_start();
        let Some(field) = inner.strip_prefix("page.") else {
            continue;
        };
        let end = field
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(field.len());
        let field = &field[..end];
        if !field.is_empty() && field != "title" {
            return Some(field.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn alt_attributes() {
        use super::alt_field_in;
        assert_eq!(
            alt_field_in(r#"<img src="{{ page.image }}" alt="{{ page.image_accessibility }}">"#),
            Some("image_accessibility".into())
        );
        assert_eq!(
            alt_field_in("<img alt={{page.image-alt | escape}}>"),
            Some("image-alt".into())
        );
        assert_eq!(alt_field_in(r#"<img alt="{{ page.title }}">"#), None);
        assert_eq!(alt_field_in(r#"<img alt="Logo">"#), None);
    }
}
