//! Inclusive-language rules as data: the YAML files in `rules/` (built in,
//! embedded in the binary) and a site's own rule files, read into
//! [`RuleData`] and validated. Unknown fields are rejected and every error
//! points at a line and column of its file.
//!
//! ```yaml
//! theme: gender identity
//! rules:
//!   - id: INC001
//!     name: cisgendered
//!     summary: "Outdated form of the adjective `cisgender`"
//!     terms: [cis-gendered]          # a hyphen also matches a space or nothing
//!     suggest: [cisgender]
//!     explanation: Short text for an editor.
//!     source: GLAAD Media Reference Guide (transgender terms)
//! ```
//!
//! Optional keys: `severity` (info, warning, error; default warning),
//! `case_sensitive`, `skip_names` (a capitalised hit that does not start a
//! sentence is a name: not reported), `only_before`, `not_before`, `only_after`,
//! `not_after` (word or phrase lists), `exceptions` (phrases in which a
//! term is fine, such as a proper name), `example` (`bad` and `good`),
//! `must_flag` and `must_not_flag` (sentences the rule must and must not
//! report; every built-in rule has at least two of each, run by a test). A
//! term may be a mapping `{phrase, suggest, only_before, ...}` whose keys
//! replace the rule's for that term.

use std::sync::{Arc, OnceLock};

use crate::diagnostic::{FixKind, Rule, Severity};
use crate::text::source::SourceFile;
use crate::text::yaml::{self, Limits, Node, NodeKind};

/// The built-in rule files, one per theme.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/sexual-orientation.yml",
        include_str!("../../../rules/sexual-orientation.yml"),
    ),
    (
        "rules/gender-identity.yml",
        include_str!("../../../rules/gender-identity.yml"),
    ),
    (
        "rules/sex-characteristics.yml",
        include_str!("../../../rules/sex-characteristics.yml"),
    ),
    (
        "rules/gender-neutral.yml",
        include_str!("../../../rules/gender-neutral.yml"),
    ),
    (
        "rules/disability.yml",
        include_str!("../../../rules/disability.yml"),
    ),
    (
        "rules/race-ethnicity.yml",
        include_str!("../../../rules/race-ethnicity.yml"),
    ),
    (
        "rules/ableist-language.yml",
        include_str!("../../../rules/ableist-language.yml"),
    ),
    (
        "rules/mental-health.yml",
        include_str!("../../../rules/mental-health.yml"),
    ),
    ("rules/age.yml", include_str!("../../../rules/age.yml")),
    (
        "rules/religion.yml",
        include_str!("../../../rules/religion.yml"),
    ),
    ("rules/body.yml", include_str!("../../../rules/body.yml")),
    (
        "rules/cultural-appropriation.yml",
        include_str!("../../../rules/cultural-appropriation.yml"),
    ),
    (
        "rules/technical.yml",
        include_str!("../../../rules/technical.yml"),
    ),
];

/// Conditions on the words around a hit. All lists hold lower-case words
/// or phrases.
#[derive(Clone, Debug, Default)]
pub struct Conditions {
    pub only_before: Option<Vec<String>>,
    pub not_before: Option<Vec<String>>,
    pub only_after: Option<Vec<String>>,
    pub not_after: Option<Vec<String>>,
}

impl Conditions {
    /// `self` with the lists `over` sets replaced.
    fn overridden(&self, over: &Conditions) -> Conditions {
        Conditions {
            only_before: over.only_before.clone().or(self.only_before.clone()),
            not_before: over.not_before.clone().or(self.not_before.clone()),
            only_after: over.only_after.clone().or(self.only_after.clone()),
            not_after: over.not_after.clone().or(self.not_after.clone()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Term {
    /// As written in the rule file.
    pub phrase: String,
    pub suggest: Vec<String>,
    pub conditions: Conditions,
}

#[derive(Debug)]
pub struct RuleData {
    pub rule: &'static Rule,
    pub terms: Vec<Term>,
    pub case_sensitive: bool,
    /// A hit written with a capital letter but not at the start of a
    /// sentence is a name (`Charles Nutter`, `Crazy Horse`): not reported.
    pub skip_names: bool,
    pub exceptions: Vec<String>,
    pub source: String,
    /// The file it came from, e.g. `rules/disability.yml`.
    pub file: String,
    /// The language of the terms (the file's `language`, `en` by default):
    /// the rule reads only documents in that language.
    pub language: String,
    /// Sentences the rule must report (`must_flag`) and must not
    /// (`must_not_flag`): a test runs every built-in rule's.
    pub must_flag: Vec<String>,
    pub must_not_flag: Vec<String>,
}

/// A rule file that cannot be used: where and why.
#[derive(Clone, Debug)]
pub struct DataError {
    pub file: Arc<SourceFile>,
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, col) = self.file.line_col(self.offset);
        write!(
            f,
            "{}:{line}:{col}: {}",
            self.file.path.display(),
            crate::report::escape::text(&self.message)
        )
    }
}

/// The built-in rules, read once per process. An error here is a bug in
/// `rules/*.yml`, which a unit test catches; at run time it is reported
/// like a broken site rule file.
pub fn builtin() -> &'static Result<Vec<&'static RuleData>, DataError> {
    static BUILTIN_RULES: OnceLock<Result<Vec<&'static RuleData>, DataError>> = OnceLock::new();
    BUILTIN_RULES.get_or_init(|| {
        let mut all: Vec<&'static RuleData> = Vec::new();
        for (path, text) in BUILTIN {
            let file = Arc::new(SourceFile::new(*path, *path, (*text).to_string()));
            for r in parse_file(&file)? {
                check_unique(&all, &r, &file)?;
                all.push(Box::leak(Box::new(r)));
            }
        }
        all.sort_by_key(|r| r.rule.code);
        Ok(all)
    })
}

/// An error if `r`'s code or name is taken by one of `known`.
pub fn check_unique(
    known: &[&RuleData],
    r: &RuleData,
    file: &Arc<SourceFile>,
) -> Result<(), DataError> {
    for k in known {
        if k.rule.code == r.rule.code || k.rule.name == r.rule.name {
            let what = if k.rule.code == r.rule.code {
                format!("id `{}`", r.rule.code)
            } else {
                format!("name `{}`", r.rule.name)
            };
            let offset = file
                .text
                .find(if k.rule.code == r.rule.code {
                    r.rule.code
                } else {
                    r.rule.name
                })
                .unwrap_or(0);
            return Err(DataError {
                file: Arc::clone(file),
                offset,
                message: format!("{what} is already used by a rule in `{}`", k.file),
            });
        }
    }
    Ok(())
}

const FILE_KEYS: &[&str] = &["theme", "language", "rules"];
const RULE_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "severity",
    "terms",
    "suggest",
    "explanation",
    "source",
    "case_sensitive",
    "skip_names",
    "only_before",
    "not_before",
    "only_after",
    "not_after",
    "exceptions",
    "example",
    "must_flag",
    "must_not_flag",
];
const TERM_KEYS: &[&str] = &[
    "phrase",
    "suggest",
    "only_before",
    "not_before",
    "only_after",
    "not_after",
];

/// Read one rule file. The rules' metadata is leaked into `&'static Rule`s
/// (once per file per process) so that diagnostics can point at it.
pub fn parse_file(file: &Arc<SourceFile>) -> Result<Vec<RuleData>, DataError> {
    let err = |offset: usize, message: String| DataError {
        file: Arc::clone(file),
        offset,
        message,
    };
    let start = if file.has_bom() { 3 } else { 0 };
    let root = yaml::parse(&file.text, start..file.text.len(), Limits::default())
        .map_err(|e| err(e.offset, format!("invalid YAML: {}", e.message)))?
        .ok_or_else(|| err(0, "the rule file is empty".into()))?;
    mapping(&root, FILE_KEYS, "rule file", file)?;
    let theme = required_str(&root, "theme", file)?;
    let language = match root.get("language") {
        None => "en".to_string(),
        Some(n) => match n
            .scalar_text()
            .and_then(crate::checks::language::primary_language)
        {
            Some(l) => l,
            None => {
                return Err(err(
                    n.span.start,
                    "`language` must be a language code such as `en` or `fr`".into(),
                ));
            }
        },
    };
    let rules = root
        .get("rules")
        .ok_or_else(|| err(root.span.start, "missing key `rules`".into()))?;
    let items = rules
        .as_seq()
        .ok_or_else(|| err(rules.span.start, "`rules` must be a list".into()))?;
    let mut out: Vec<RuleData> = Vec::new();
    for item in items {
        let mut r = parse_rule(item, theme, file)?;
        r.language = language.clone();
        let known: Vec<&RuleData> = out.iter().collect();
        check_unique(&known, &r, file)?;
        out.push(r);
    }
    Ok(out)
}

fn parse_rule(node: &Node, theme: &str, file: &Arc<SourceFile>) -> Result<RuleData, DataError> {
    let err = |offset: usize, message: String| DataError {
        file: Arc::clone(file),
        offset,
        message,
    };
    mapping(node, RULE_KEYS, "rule", file)?;
    let id_node = node
        .get("id")
        .ok_or_else(|| err(node.span.start, "a rule needs an `id`".into()))?;
    let id = required_str(node, "id", file)?;
    let valid_id =
        id.len() == 6 && id.starts_with("INC") && id[3..].bytes().all(|b| b.is_ascii_digit());
    if !valid_id {
        return Err(err(
            id_node.span.start,
            format!("`{id}` is not a rule id: write `INC` and three digits, e.g. `INC901`"),
        ));
    }
    let name = required_str(node, "name", file)?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return Err(err(
            value_offset(node, "name"),
            format!("`{name}` is not a rule name: use lower-case words joined by `-`"),
        ));
    }
    let summary = required_str(node, "summary", file)?;
    if summary.ends_with('.') || summary.contains('\n') {
        return Err(err(
            value_offset(node, "summary"),
            "`summary` is one line without a closing period".into(),
        ));
    }
    let explanation = required_str(node, "explanation", file)?;
    let source = required_str(node, "source", file)?;
    let severity = match node.get("severity") {
        None => Severity::Warning,
        Some(n) => n.scalar_text().and_then(Severity::parse).ok_or_else(|| {
            err(
                n.span.start,
                "`severity` is one of `info`, `warning`, `error`".into(),
            )
        })?,
    };
    let case_sensitive = match node.get("case_sensitive") {
        None => false,
        Some(n) => match n.as_scalar().map(|s| &s.value) {
            Some(yaml::Value::Bool(b)) => *b,
            _ => {
                return Err(err(
                    n.span.start,
                    "`case_sensitive` is true or false".into(),
                ));
            }
        },
    };
    let skip_names = match node.get("skip_names") {
        None => false,
        Some(n) => match n.as_scalar().map(|s| &s.value) {
            Some(yaml::Value::Bool(b)) => *b,
            _ => return Err(err(n.span.start, "`skip_names` is true or false".into())),
        },
    };
    let rule_suggest = string_list(node.get("suggest"), "suggest", file)?;
    let rule_conditions = conditions(node, file)?;
    let exceptions = string_list(node.get("exceptions"), "exceptions", file)?;
    let terms_node = node
        .get("terms")
        .ok_or_else(|| err(node.span.start, format!("rule `{id}` needs `terms`")))?;
    let term_items = terms_node
        .as_seq()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| err(terms_node.span.start, "`terms` is a non-empty list".into()))?;
    let mut terms = Vec::new();
    for t in term_items {
        let term = if let Some(phrase) = t.as_str() {
            Term {
                phrase: phrase.to_string(),
                suggest: rule_suggest.clone(),
                conditions: rule_conditions.clone(),
            }
        } else if t.as_map().is_some() {
            mapping(t, TERM_KEYS, "term", file)?;
            let phrase = required_str(t, "phrase", file)?.to_string();
            let suggest = match t.get("suggest") {
                Some(_) => string_list(t.get("suggest"), "suggest", file)?,
                None => rule_suggest.clone(),
            };
            Term {
                phrase,
                suggest,
                conditions: rule_conditions.overridden(&conditions(t, file)?),
            }
        } else {
            return Err(err(
                t.span.start,
                "a term is a phrase or a mapping with `phrase`".into(),
            ));
        };
        if !term.phrase.chars().any(char::is_alphanumeric) {
            return Err(err(t.span.start, "a term needs at least one letter".into()));
        }
        terms.push(term);
    }
    let example = match node.get("example") {
        None => None,
        Some(e) => {
            mapping(e, &["bad", "good"], "example", file)?;
            Some((
                required_str(e, "bad", file)?.to_string(),
                required_str(e, "good", file)?.to_string(),
            ))
        }
    };
    let fix = if terms.iter().any(|t| !t.suggest.is_empty()) {
        FixKind::Unsafe
    } else {
        FixKind::None
    };
    let doc = render_doc(
        theme,
        &terms,
        &rule_conditions,
        &exceptions,
        case_sensitive,
        skip_names,
        explanation,
        source,
        example.as_ref(),
    );
    let rule: &'static Rule = Box::leak(Box::new(Rule {
        code: leak(id),
        name: leak(name),
        severity,
        fix,
        summary: leak(summary),
        doc: leak(&doc),
    }));
    Ok(RuleData {
        rule,
        terms,
        case_sensitive,
        skip_names,
        exceptions,
        source: source.to_string(),
        file: file.rel.clone(),
        language: "en".into(),
        must_flag: string_list(node.get("must_flag"), "must_flag", file)?,
        must_not_flag: string_list(node.get("must_not_flag"), "must_not_flag", file)?,
    })
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[allow(clippy::too_many_arguments)]
fn render_doc(
    theme: &str,
    terms: &[Term],
    conditions: &Conditions,
    exceptions: &[String],
    case_sensitive: bool,
    skip_names: bool,
    explanation: &str,
    source: &str,
    example: Option<&(String, String)>,
) -> String {
    let mut s = String::from("## What it does\n");
    let phrases: Vec<String> = terms.iter().map(|t| t.phrase.clone()).collect();
    s.push_str(&format!(
        "Finds {} in prose (theme: {theme}){}.",
        quote_list(&phrases),
        if case_sensitive {
            ", written in this letter case"
        } else {
            ""
        }
    ));
    let describe = |label: &str, list: &Option<Vec<String>>, s: &mut String| {
        if let Some(l) = list {
            s.push_str(&format!(" {label} {}.", quote_list(l)));
        }
    };
    describe("Only before", &conditions.only_before, &mut s);
    describe("Not before", &conditions.not_before, &mut s);
    describe("Only after", &conditions.only_after, &mut s);
    describe("Not after", &conditions.not_after, &mut s);
    for t in terms {
        let c = &t.conditions;
        if c.only_before != conditions.only_before && c.only_before.is_some() {
            describe(
                &format!("`{}` only before", t.phrase),
                &c.only_before,
                &mut s,
            );
        }
        if c.only_after != conditions.only_after && c.only_after.is_some() {
            describe(&format!("`{}` only after", t.phrase), &c.only_after, &mut s);
        }
    }
    if !exceptions.is_empty() {
        s.push_str(&format!(" Never inside {}.", quote_list(exceptions)));
    }
    if skip_names {
        s.push_str(" A capitalised word that does not start a sentence is read as a name and not reported.");
    }
    let suggestions: Vec<String> = terms
        .iter()
        .filter(|t| !t.suggest.is_empty())
        .map(|t| format!("`{}` → {}", t.phrase, quote_list(&t.suggest)))
        .collect();
    if !suggestions.is_empty() {
        s.push_str(&format!(
            "\n\nSuggestions (an unsafe fix offers the first, in the original's letter case, never inside a quotation): {}.",
            suggestions.join("; ")
        ));
    }
    s.push_str(&format!(
        "\n\n## Why is this bad?\n{}\n\nSource: {source}.\n\n## Example\n",
        explanation.trim()
    ));
    match example {
        Some((bad, good)) => s.push_str(&format!("Instead of\n> {bad}\n\nwrite\n> {good}")),
        None => {
            let t = &terms[0];
            match t.suggest.first() {
                Some(g) => s.push_str(&format!("Write `{g}` instead of `{}`.", t.phrase)),
                None => s.push_str(&format!("Rephrase `{}`.", t.phrase)),
            }
        }
    }
    s
}

/// The entries of a mapping, rejecting keys not in `allowed` and repeated
/// keys.
fn mapping<'a>(
    node: &'a Node,
    allowed: &[&str],
    what: &str,
    file: &Arc<SourceFile>,
) -> Result<&'a [yaml::Entry], DataError> {
    let err = |offset: usize, message: String| DataError {
        file: Arc::clone(file),
        offset,
        message,
    };
    let entries = node
        .as_map()
        .ok_or_else(|| err(node.span.start, format!("a {what} is a mapping")))?;
    for (i, e) in entries.iter().enumerate() {
        let key = e.key.scalar_text().unwrap_or("");
        if !allowed.contains(&key) {
            let hint = allowed
                .iter()
                .find(|a| strsim::levenshtein(a, key) <= 2)
                .map(|a| format!("; did you mean `{a}`?"))
                .unwrap_or_else(|| format!("; expected one of {}", allowed.join(", ")));
            return Err(err(
                e.key.span.start,
                format!("unknown field `{key}` in a {what}{hint}"),
            ));
        }
        if entries[..i]
            .iter()
            .any(|p| p.key.scalar_text() == Some(key))
        {
            return Err(err(e.key.span.start, format!("`{key}` is written twice")));
        }
    }
    Ok(entries)
}

fn value_offset(node: &Node, key: &str) -> usize {
    node.get(key).map_or(node.span.start, |v| v.span.start)
}

fn required_str<'a>(
    node: &'a Node,
    key: &str,
    file: &Arc<SourceFile>,
) -> Result<&'a str, DataError> {
    let err = |offset: usize, message: String| DataError {
        file: Arc::clone(file),
        offset,
        message,
    };
    let v = node
        .get(key)
        .ok_or_else(|| err(node.span.start, format!("missing key `{key}`")))?;
    let s = v
        .as_str()
        .ok_or_else(|| err(v.span.start, format!("`{key}` must be text")))?;
    if s.trim().is_empty() {
        return Err(err(v.span.start, format!("`{key}` is empty")));
    }
    Ok(s)
}

/// A list of non-empty strings (a single string is a list of one).
pub fn string_list(
    node: Option<&Node>,
    key: &str,
    file: &Arc<SourceFile>,
) -> Result<Vec<String>, DataError> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let err = |offset: usize| DataError {
        file: Arc::clone(file),
        offset,
        message: format!("`{key}` is a list of words or phrases"),
    };
    let items: Vec<&Node> = match &node.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        NodeKind::Scalar(_) => vec![node],
        _ => return Err(err(node.span.start)),
    };
    items
        .into_iter()
        .map(|n| {
            n.scalar_text()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string())
                .ok_or_else(|| err(n.span.start))
        })
        .collect()
}

fn conditions(node: &Node, file: &Arc<SourceFile>) -> Result<Conditions, DataError> {
    let list = |key: &str| -> Result<Option<Vec<String>>, DataError> {
        match node.get(key) {
            None => Ok(None),
            Some(n) => Ok(Some(
                string_list(Some(n), key, file)?
                    .into_iter()
                    .map(|s| s.to_lowercase())
                    .collect(),
            )),
        }
    };
    Ok(Conditions {
        only_before: list("only_before")?,
        not_before: list("not_before")?,
        only_after: list("only_after")?,
        not_after: list("not_after")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<RuleData>, String> {
        let file = Arc::new(SourceFile::new("x.yml", "x.yml", text.to_string()));
        parse_file(&file).map_err(|e| e.to_string())
    }

    #[test]
    fn builtin_rules_load() {
        let rules = builtin().as_ref().expect("rules/*.yml are valid");
        // every `  - id:` line of rules/*.yml, read as text, is one rule
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut expected: Vec<String> = std::fs::read_dir(&dir)
            .expect("rules/ exists")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yml"))
            .flat_map(|e| {
                let text = std::fs::read_to_string(e.path()).expect("readable");
                text.lines()
                    .filter_map(|l| l.strip_prefix("  - id: ").map(|c| c.trim().to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        expected.sort();
        let mut loaded: Vec<String> = rules.iter().map(|r| r.rule.code.to_string()).collect();
        loaded.sort();
        assert_eq!(loaded, expected);
        assert!(!loaded.is_empty());
        for r in rules {
            assert!(r.rule.doc.contains("## Example"));
        }
    }

    const GOOD: &str = "theme: t\nrules:\n  - id: INC901\n    name: x-rule\n    summary: Flags x\n    terms: [xx-yy]\n    explanation: E\n    source: S\n";

    #[test]
    fn a_minimal_rule_loads() {
        let rules = parse(GOOD).unwrap();
        assert_eq!(rules[0].rule.code, "INC901");
        assert_eq!(rules[0].rule.fix, FixKind::None);
    }

    #[test]
    fn errors_point_into_the_file() {
        let bad = GOOD.replace("    source: S\n", "    source: S\n    sorce: T\n");
        assert_eq!(
            parse(&bad).unwrap_err(),
            "x.yml:9:5: unknown field `sorce` in a rule; did you mean `source`?"
        );
        let bad = GOOD.replace("INC901", "LNK001");
        assert!(parse(&bad).unwrap_err().starts_with("x.yml:3:9: `LNK001`"));
        let bad = GOOD.replace("[xx-yy]", "[]");
        assert!(parse(&bad).unwrap_err().contains("non-empty list"));
        let bad = GOOD.replace("    explanation: E\n", "");
        assert!(
            parse(&bad)
                .unwrap_err()
                .contains("missing key `explanation`")
        );
        let twice = format!("{GOOD}{}", &GOOD["theme: t\nrules:\n".len()..]);
        assert!(parse(&twice).unwrap_err().contains("already used"));
    }
}
