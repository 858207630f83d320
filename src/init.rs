//! `sitelint init`: a starting `.sitelint.yml` for the site, with every
//! section explained, the collections found, and the inferred schema.

use crate::schema::infer;
use crate::site::Site;

/// The text of a starting `.sitelint.yml` for `site`.
pub fn settings_file(site: &Site) -> String {
    let mut s = String::from(
        "# sitelint settings for this site, written by `sitelint init`.\n\
         # Jekyll never publishes dotfiles, so this file stays out of the built site.\n\
         # Every section is optional: delete what you do not need.\n\
         # `sitelint rules` lists every rule; `sitelint explain CODE` shows one.\n\n",
    );
    s.push_str("# Collections found:\n");
    for (i, c) in site.config.collections.iter().enumerate() {
        let n = site
            .documents
            .iter()
            .filter(|d| d.collection == Some(i))
            .count();
        if n > 0 || i > 0 {
            s.push_str(&format!(
                "#   {} ({} in {}/, output: {})\n",
                c.name, n, c.dir, c.output
            ));
        }
    }
    s.push_str(
        "\n# Rules to run and to skip: codes (FM001), prefixes (FM, LNK0) or names.\n\
         # Families: FM front matter, LNK links, IMG images, INC inclusive language,\n\
         # TXT text hygiene, LIQ Liquid, CFG _config.yml, SUP suppression comments.\n\
         select: [ALL]\n\
         ignore: []\n\n\
         # Re-grade rules (error, warning or info). Only errors fail a check by default.\n\
         # severity:\n\
         #   FM003: error\n\
         #   LNK015: warning\n\n\
         # Skip rules in some paths (globs relative to the site root; `*` crosses folders).\n\
         # per-path-ignores:\n\
         #   \"_archives/*\": [LNK001, INC]\n\n\
         # Links: path prefixes another repository serves on the same domain; links\n\
         # into them are reported as unverifiable (info), never as broken.\n\
         links:\n  external-prefixes: []\n\n\
         # Images: the size budget and the front matter field holding the alt text\n\
         # of `image` (found from the documents when not set).\n\
         images:\n  max-size: 1MB\n  # alt-field: image-alt\n\n\
         # Inclusive language. `quotes`: `lower` reports a term inside a quotation as\n\
         # info (writers quote prejudiced phrases to challenge them), `skip` ignores\n\
         # it, `report` treats it like any other text.\n\
         language:\n  quotes: lower\n  # disable: [INC051]\n  # allow: [\"Campaign for Homosexual Equality\"]\n  # rules: [_sitelint/our-terms.yml]\n\n",
    );
    let stats = infer::Stats::collect(site);
    let schema = infer::settings_yaml(&stats);
    // keep only the section itself; its own header is replaced by ours
    let body = schema
        .find("schema:")
        .map_or(schema.as_str(), |i| &schema[i..]);
    s.push_str(
        "# The front matter schema, inferred from the documents: keys every document\n\
         # had are marked required. Where admin/config.yml (Decap CMS) exists, its\n\
         # rules apply too; this section takes precedence over it.\n",
    );
    s.push_str(body);
    s
}
