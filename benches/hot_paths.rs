//! Micro-benchmarks of the hot paths: front matter parsing, link
//! extraction, the language pass. Run with `cargo bench`.

use sitelint::checks::language::{data, matcher};
use sitelint::text::{front_matter, markdown, yaml};

fn main() {
    divan::main();
}

fn post() -> String {
    let mut s = String::from(
        "---\nlayout: news\ntitle: \"Helping you succeed in your career\"\nexcerpt: \"Our plans to support people's career development\"\ndate: 2022-01-13T00:00:00.00Z\nauthor: \"Dee\"\n# category:\npermalink: /news/2022/01/13/helping-you-succeed\nredirect_from:\n  - /2022/01/13/helping/\n  - /news/helping/\nimage: /assets/images/uploads/posts/career.jpg\nimage-alt: A mentoring session\n---\n\n",
    );
    for i in 0..40 {
        s.push_str(&format!(
            "## Section {i}\n\nParagraph with a [link](/team/person-{i}) and {{{{ site.baseurl }}}}/publication/x, an ![image](/assets/images/p{i}.jpg) and `code [not](/a-link)`.\n\n<div class=\"box\">\n\n\t<a href=\"/event/e-{i}/\">Event</a>\n</div>\n\n"
        ));
    }
    s
}

#[divan::bench]
fn front_matter_parse(bencher: divan::Bencher) {
    let text = post();
    bencher.bench(|| front_matter::parse(divan::black_box(&text), yaml::Limits::default()));
}

#[divan::bench]
fn link_extraction(bencher: divan::Bencher) {
    let text = post();
    let start = front_matter::parse(&text, yaml::Limits::default()).body_start();
    bencher.bench(|| markdown::parse_markdown(divan::black_box(&text), start));
}

/// Prose for the language pass: mostly unflagged, a few terms the built-in
/// rules flag, curly quotes and a non-ASCII word.
fn prose() -> String {
    let mut s = String::new();
    for i in 0..40 {
        s.push_str(&format!(
            "Paragraph {i}: the network\u{2019}s members met in Caf\u{e9} Rouge to plan the \
             “Pride in the Civil Service” event; every colleague is welcome. Some \
             guests still said sexual preference and transgendered, which the guide \
             explains. See https://example.org/{i} or write to team@example.org.\n\n"
        ));
    }
    s
}

#[divan::bench]
fn language_pass(bencher: divan::Bencher) {
    let rules = data::builtin()
        .as_ref()
        .expect("the built-in rules load")
        .clone();
    let matcher = matcher::Matcher::new(&rules, &[]);
    let text = prose();
    bencher.bench(|| {
        let mut norm = matcher::Norm::default();
        norm.push_range(divan::black_box(&text), 0..text.len());
        matcher.find(&norm.text, &rules).len()
    });
}
