//! Adversarial sites for "did you mean" and other cross-document work:
//! shapes where comparing everything with everything is quadratic.
//! Shared by `sitelint-bench adversarial` (timed by scripts/bench) and
//! the workflow tests (which assert the findings, never the time).

use std::fmt::Write as _;
use std::path::Path;

/// A distinct, pronounceable name for `i`: base-26 letters, so that
/// consecutive numbers differ in one character.
pub fn name(i: usize, width: usize) -> String {
    let mut s = vec![b'a'; width];
    let mut n = i;
    for c in s.iter_mut().rev() {
        *c = b'a' + (n % 26) as u8;
        n /= 26;
    }
    String::from_utf8(s).unwrap_or_default()
}

/// `s` with its character at `at` replaced by the next letter: one edit.
pub fn typo(s: &str, at: usize) -> String {
    s.char_indices()
        .map(|(i, c)| {
            if i == at {
                if c == 'z' {
                    'y'
                } else {
                    char::from(c as u8 + 1)
                }
            } else {
                c
            }
        })
        .collect()
}

fn base(dest: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dest.join("_posts"))?;
    std::fs::write(
        dest.join("_config.yml"),
        "title: Adversarial\nurl: \"https://www.example.org\"\npermalink: pretty\n",
    )
}

/// Two posts with the same `keys` distinct front matter keys, and a third
/// with a one-character misspelling of each: every key of the third is
/// unknown and close to one of the others.
pub fn keys(dest: &Path, keys: usize) -> std::io::Result<()> {
    base(dest)?;
    let names: Vec<String> = (0..keys).map(|i| format!("field-{}", name(i, 4))).collect();
    for (n, day) in [(1, 1), (2, 2)] {
        let mut text = format!("---\ntitle: Post {n}\n");
        for k in &names {
            let _ = writeln!(text, "{k}: 1");
        }
        text.push_str("---\n\nText.\n");
        std::fs::write(
            dest.join(format!("_posts/2020-01-0{day}-post-{n}.md")),
            text,
        )?;
    }
    let mut text = String::from("---\ntitle: Post 3\n");
    for (i, k) in names.iter().enumerate() {
        // misspell a letter of the name part (not the shared `field-`)
        let _ = writeln!(text, "{}: 1", typo(k, 6 + i % 4));
    }
    text.push_str("---\n\nText.\n");
    std::fs::write(dest.join("_posts/2020-01-03-post-3.md"), text)
}

/// `pages` pages in one folder whose URLs differ by one character, and
/// `images` images likewise; every page links to the next page, and to a
/// one-character misspelling of another page and of an image.
pub fn urls(dest: &Path, pages: usize, images: usize) -> std::io::Result<()> {
    base(dest)?;
    std::fs::create_dir_all(dest.join("p"))?;
    std::fs::create_dir_all(dest.join("img"))?;
    for i in 0..images {
        std::fs::write(dest.join(format!("img/{}.png", name(i, 5))), b"")?;
    }
    for i in 0..pages {
        let next = name((i + 1) % pages, 5);
        let other = typo(&name((i * 7919) % pages, 5), i % 4);
        let mut text =
            format!("---\ntitle: Page {i}\n---\n\n[Next](/p/{next}/) and [other](/p/{other}/).\n");
        if images > 0 {
            let img = typo(&name((i * 31) % images, 5), i % 4);
            let _ = writeln!(text, "\n![A picture](/img/{img}.png)");
        }
        std::fs::write(dest.join(format!("p/{}.md", name(i, 5))), text)?;
    }
    Ok(())
}

/// One page with `ids` headings, and `links` links to it from `from`
/// pages: most to a heading, one in ten to a misspelt heading.
pub fn links(dest: &Path, ids: usize, links: usize, from: usize) -> std::io::Result<()> {
    base(dest)?;
    let mut target = String::from("---\ntitle: Target\npermalink: /target/\n---\n\n");
    for i in 0..ids {
        let _ = writeln!(target, "## Section {}\n\nText.\n", name(i, 4));
    }
    std::fs::write(dest.join("target.md"), target)?;
    let per = links.div_ceil(from.max(1));
    let mut n = 0;
    for f in 0..from {
        let mut text = format!("---\ntitle: From {f}\n---\n\n");
        for _ in 0..per {
            if n == links {
                break;
            }
            let id = format!("section-{}", name(n % ids.max(1), 4));
            let id = if n % 10 == 0 {
                typo(&id, 8 + n % 4)
            } else {
                id
            };
            let _ = writeln!(text, "[Go](/target/#{id})");
            n += 1;
        }
        std::fs::write(dest.join(format!("from-{f}.md")), text)?;
    }
    Ok(())
}
