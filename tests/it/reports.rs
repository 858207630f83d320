//! Report formats on names and messages that need escaping: `,` `:` `%` in a
//! file name (GitHub workflow-command properties), `<` `&` `"` in a message
//! (JUnit XML), and the HTML report's totals by severity.

use std::path::Path;

use crate::common::{sitelint_in, write};

/// A site with two errors and one warning in a file named `a,b:c%d.md`.
fn site(dir: &Path) {
    write(dir, "site/_config.yml", "title: t\n");
    write(
        dir,
        "site/_posts/2020-01-01-a,b:c%d.md",
        "---\ntitle: T\n---\n[a](/x<y&z\"/) [b](/p,q:r%25/)\n\n\
         <!-- sitelint-disable-next-line INC010 -->\nNothing.\n",
    );
}

#[test]
fn github_escapes_properties_and_data() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let (out, stderr, code) = sitelint_in(tmp.path(), &["check", "site", "--format", "github"]);
    assert_eq!(code, 1, "{stderr}");
    let file = "site/_posts/2020-01-01-a%2Cb%3Ac%25d.md";
    assert_eq!(
        out,
        format!(
            "::error file={file},line=4,col=5,endLine=4,endColumn=13,title=LNK001 broken-link::Link target `/x<y&z\"/` does not exist\n\
             ::error file={file},line=4,col=19,endLine=4,endColumn=29,title=LNK001 broken-link::Link target `/p,q:r%2525/` does not exist\n\
             ::warning file={file},line=6,col=1,endLine=6,endColumn=43,title=SUP001 unused-suppression::`sitelint-disable-next-line INC010` suppresses nothing%0ARemove the comment; the problem it hid is gone\n"
        )
    );
}

#[test]
fn junit_escapes_markup() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let (out, stderr, code) = sitelint_in(tmp.path(), &["check", "site", "--format", "junit"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"sitelint\" tests=\"1\" failures=\"3\">\n  \
         <testsuite name=\"sitelint\" tests=\"1\" failures=\"3\">\n    \
         <testcase name=\"site/_posts/2020-01-01-a,b:c%d.md\" classname=\"sitelint\" file=\"site/_posts/2020-01-01-a,b:c%d.md\">\n      \
         <failure type=\"error\" message=\"4:5: error[LNK001] Link target `/x&lt;y&amp;z&quot;/` does not exist\"></failure>\n      \
         <failure type=\"error\" message=\"4:19: error[LNK001] Link target `/p,q:r%25/` does not exist\"></failure>\n      \
         <failure type=\"warning\" message=\"6:1: warning[SUP001] `sitelint-disable-next-line INC010` suppresses nothing\">Remove the comment; the problem it hid is gone</failure>\n    \
         </testcase>\n  \
         </testsuite>\n\
         </testsuites>\n"
    );
}

#[test]
fn html_totals_count_each_severity() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let (out, stderr, code) = sitelint_in(tmp.path(), &["check", "site", "--format", "html"]);
    assert_eq!(code, 1, "{stderr}");
    for total in [
        "<div class=\"total error\" data-count=\"2\"><strong>2</strong>errors</div>",
        "<div class=\"total warning\" data-count=\"1\"><strong>1</strong>warnings</div>",
        "<div class=\"total info\" data-count=\"0\"><strong>0</strong>infos</div>",
        "<div class=\"total\" data-count=\"1\"><strong>1</strong>files with findings</div>",
        "<div class=\"total\" data-count=\"1\"><strong>1</strong>safely fixable</div>",
    ] {
        assert!(out.contains(total), "missing `{total}` in the HTML report");
    }
    // the raw message never reaches the page unescaped
    assert!(
        !out.contains("/x<y&z"),
        "unescaped message in the HTML report"
    );
}
