//! The per-document schema checks.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::rules::*;
use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::schema::paths::{self, Issue, Kind};
use crate::schema::{Field, Group, Origin, Required, Schema, Type, jekyll};
use crate::site::dates::{self, Reading};
use crate::site::{Document, Site, plugins};
use crate::text::source::SourceFile;
use crate::text::yaml::{Entry, Node, NodeKind, Style, Value};

pub struct Env<'a> {
    ctx: &'a Context<'a>,
    site: &'a Site,
    schema: &'a Schema,
    now: i64,
    /// Per stats bucket (collection index, then pages): permalinks ending
    /// with `/` and without.
    slashes: Vec<(usize, usize)>,
    /// Names of documents, by (collection, how they are named).
    names: HashMap<(String, String), Vec<String>>,
    /// Per stats bucket: the alt key most documents with an `image` set,
    /// when more than half of them do, with (documents with both, with an
    /// image).
    alt_habit: Vec<Option<(&'static str, usize, usize)>>,
    /// "Did you mean" for unknown keys, by (the document's schema groups,
    /// key): the same few misspellings recur across a collection.
    closest_keys: Mutex<HashMap<KeyMemo, Option<&'a str>>>,
    /// Every key "did you mean" may offer, indexed on first use.
    key_index: std::sync::OnceLock<super::KeyIndex<'a>>,
}

/// (The addresses of a document's schema groups, a key.)
type KeyMemo = (Vec<usize>, String);

const ALT_KEYS: &[&str] = &[
    "image-alt",
    "image_alt",
    "imageAlt",
    "image-alt-text",
    "image_alt_text",
];

fn is_empty(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(s) => {
            s.value == Value::Null || (s.value == Value::Str && s.text.trim().is_empty())
        }
        NodeKind::Seq(items) => items.iter().all(is_empty),
        NodeKind::Map(entries) => entries.is_empty(),
        NodeKind::Alias => false,
    }
}

/// The name of a document as a reference names it.
fn name_of(site: &Site, doc: &Document, by: &str) -> Vec<String> {
    let stem = doc
        .rel()
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.').map(|(s, _)| s))
        .unwrap_or(doc.rel());
    match by {
        "filename" => vec![stem.to_string()],
        "slug" => {
            if let Some(s) = site.value(doc, "slug").and_then(Node::scalar_text) {
                return vec![s.to_string()];
            }
            match dates::from_filename(doc.rel()) {
                Some(Ok((_, slug))) => vec![slug.to_string()],
                _ => vec![stem.to_string()],
            }
        }
        key => match site.value(doc, key) {
            Some(n) => match n.as_seq() {
                Some(items) => items
                    .iter()
                    .filter_map(Node::scalar_text)
                    .map(String::from)
                    .collect(),
                None => n.scalar_text().map(String::from).into_iter().collect(),
            },
            None => Vec::new(),
        },
    }
}

fn references(fields: &[Field], out: &mut Vec<(String, String)>) {
    for f in fields {
        if let Some(r) = &f.reference {
            out.push((r.collection.clone(), r.by.clone()));
        }
        references(&f.fields, out);
    }
}

/// The range of `text[offset..]` inside a scalar's span, when the scalar
/// is written as its text (plain, or quoted without escapes).
fn inner(file: &SourceFile, node: &Node, text: &str) -> Option<usize> {
    let src = file.text.get(node.span.clone())?;
    if src == text {
        Some(node.span.start)
    } else if src.len() == text.len() + 2 && &src[1..src.len() - 1] == text {
        Some(node.span.start + 1)
    } else {
        None
    }
}

/// `"value"` as YAML writes it in double quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// How Ruby prints a float.
fn ruby_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

impl<'a> Env<'a> {
    pub fn new(ctx: &'a Context<'a>, schema: &'a Schema) -> Env<'a> {
        let site = ctx.site;
        let buckets = site.config.collections.len() + 1;
        let mut slashes = vec![(0, 0); buckets];
        for doc in &site.documents {
            if let Some(p) = doc
                .front
                .data()
                .and_then(|d| d.get("permalink"))
                .and_then(Node::as_str)
                .and_then(paths::trailing_slash)
            {
                let b = &mut slashes[doc.collection.unwrap_or(buckets - 1).min(buckets - 1)];
                if p {
                    b.0 += 1;
                } else {
                    b.1 += 1;
                }
            }
        }
        let mut wanted = Vec::new();
        for g in schema
            .collections
            .iter()
            .chain(schema.layouts.iter().map(|(_, g)| g))
        {
            references(&g.fields, &mut wanted);
        }
        let mut names = HashMap::new();
        for (collection, by) in wanted {
            let list: Vec<String> = site
                .documents
                .iter()
                .filter(|d| {
                    // (a page jekyll-optional-front-matter makes of a file
                    // in the collection's folder is not one of its documents)
                    d.has_front_matter()
                        && d.collection
                            .and_then(|i| site.config.collections.get(i))
                            .is_some_and(|c| c.name == collection)
                })
                .flat_map(|d| name_of(site, d, &by))
                .collect();
            names.insert((collection, by), list);
        }
        let mut alt_counts = vec![(0usize, [0usize; 5]); buckets];
        for doc in &site.documents {
            let Some(data) = doc.front.data() else {
                continue;
            };
            if data.get("image").is_none_or(is_empty) {
                continue;
            }
            let b = &mut alt_counts[doc.collection.unwrap_or(buckets - 1).min(buckets - 1)];
            b.0 += 1;
            for (i, k) in ALT_KEYS.iter().enumerate() {
                if data.get(k).is_some_and(|n| !is_empty(n)) {
                    b.1[i] += 1;
                }
            }
        }
        let alt_habit = alt_counts
            .iter()
            .map(|(images, alts)| {
                let (i, n) = alts.iter().enumerate().max_by_key(|(_, n)| **n)?;
                (*n * 2 > *images).then_some((ALT_KEYS[i], *n, *images))
            })
            .collect();
        Env {
            alt_habit,
            ctx,
            site,
            schema,
            now: crate::clock::now(),
            slashes,
            names,
            closest_keys: Mutex::new(HashMap::new()),
            key_index: std::sync::OnceLock::new(),
        }
    }

    fn on(&self, rule: &crate::diagnostic::Rule) -> bool {
        self.ctx.enabled(rule)
    }

    pub fn document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let Some(root) = doc.front.data() else {
            return;
        };
        let Some(entries) = root.as_map() else {
            return;
        };
        let Some(block) = doc.front.block() else {
            return;
        };
        let groups = self.schema.groups(self.site, doc);
        let file = &doc.file;
        for e in entries {
            let Some(key) = e.key.scalar_text() else {
                continue;
            };
            match groups.iter().find_map(|g| g.field(key)) {
                Some(f) => self.value(file, f, key, e, Some(entries), out),
                None => match jekyll::get(key) {
                    Some(k) => self.builtin(file, key, &k.ty, e, out),
                    None => self.unknown_key(doc, &groups, e, entries, out),
                },
            }
        }
        let layout = self.site.layout_name(doc);
        let not_an_entry =
            |g: &Group| matches!((&g.entry_layout, layout), (Some(entry), Some(l)) if entry != l);
        let mut seen = crate::schema::infer::Seen::with_capacity(0);
        for g in &groups {
            for f in &g.fields {
                if !seen.insert(&f.name) {
                    continue;
                }
                if matches!(f.origin, Origin::Cms { .. }) && not_an_entry(g) {
                    continue;
                }
                self.required(doc, f, block.open.clone(), out);
            }
        }
        if let Some(origin) = groups
            .iter()
            .filter(|g| {
                !(g.body
                    .as_ref()
                    .is_some_and(|o| matches!(o, Origin::Cms { .. }))
                    && not_an_entry(g))
            })
            .find_map(|g| g.body.as_ref())
            && self.on(&MISSING_KEY)
            && file.text[doc.front.body_start().min(file.text.len())..]
                .trim()
                .is_empty()
        {
            out.push(
                Diagnostic::new(
                    &MISSING_KEY,
                    file,
                    block.close.clone(),
                    format!("Document has no body (required by {origin})"),
                )
                // Jekyll publishes the page; only its text is missing
                .severity(Severity::Warning)
                .help("Write the page's text after the closing `---`"),
            );
        }
        self.dates(doc, root, out);
        self.permalink(doc, &groups, root, out);
        self.redirects(doc, root, out);
        self.image_alt(doc, &groups, root, out);
        self.leftovers(doc, out);
        self.skipped(doc, out);
    }

    /// The type and value checks of one key the schema defines, and of its
    /// nested fields.
    fn value(
        &self,
        file: &Arc<SourceFile>,
        f: &Field,
        label: &str,
        e: &Entry,
        siblings: Option<&[Entry]>,
        out: &mut Vec<Diagnostic>,
    ) {
        let node = &e.value;
        if let Some(new) = &f.deprecated
            && self.on(&DEPRECATED_KEY)
        {
            let mut d = Diagnostic::new(
                &DEPRECATED_KEY,
                file,
                e.key.span.clone(),
                format!("Key `{label}` is deprecated ({}); use `{new}`", f.origin),
            );
            if siblings.is_some_and(|s| !s.iter().any(|o| o.key.scalar_text() == Some(new))) {
                d = d.fix(Fix::safe(
                    format!("Rename `{}` to `{new}`", f.name),
                    vec![Edit::replace(e.key.span.clone(), new.clone())],
                ));
            }
            out.push(d.help(format!("Rename the key to `{new}`")));
        }
        if is_empty(node) {
            return;
        }
        // Jekyll reads these keys as lists whatever the CMS widget says
        let ty = match jekyll::get(&f.name) {
            Some(k) if k.ty == Type::List && f.ty.is_textual() && siblings.is_some() => &Type::List,
            _ => &f.ty,
        };
        if self.type_problem(file, ty, label, node, &f.origin, out) {
            return;
        }
        match (&f.ty, &node.kind) {
            (Type::Object, NodeKind::Map(entries)) => self.object(file, f, label, e, entries, out),
            (Type::List, NodeKind::Seq(items)) => {
                for item in items {
                    if let Some(t) = &f.item
                        && self.type_problem(
                            file,
                            t,
                            &format!("an item of `{label}`"),
                            item,
                            &f.origin,
                            out,
                        )
                    {
                        continue;
                    }
                    if let (Some(Type::Object), NodeKind::Map(sub)) = (&f.item, &item.kind) {
                        let pseudo = Entry {
                            key: e.key.clone(),
                            value: item.clone(),
                        };
                        self.object(file, f, label, &pseudo, sub, out);
                    }
                }
            }
            _ => {}
        }
        let values: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().filter(|n| n.as_scalar().is_some()).collect(),
            NodeKind::Scalar(_) => vec![node],
            _ => Vec::new(),
        };
        for v in &values {
            let Some(text) = v.scalar_text() else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            self.allowed(file, f, label, v, text, out);
            if let Some(r) = &f.reference
                && self.on(&BROKEN_REFERENCE)
                && let Some(names) = self.names.get(&(r.collection.clone(), r.by.clone()))
                && !names.iter().any(|n| n == text)
            {
                let by = match r.by.as_str() {
                    "slug" => "file name (slug)".to_string(),
                    "filename" => "file name".to_string(),
                    other => format!("`{other}`"),
                };
                let mut d = Diagnostic::new(
                    &BROKEN_REFERENCE,
                    file,
                    v.span.clone(),
                    format!(
                        "`{label}` names `{text}`, but no document in collection `{}` has that {by} ({})",
                        r.collection, f.origin
                    ),
                );
                let exact_case = names.iter().find(|n| n.eq_ignore_ascii_case(text));
                let near = exact_case.map(String::as_str).or_else(|| {
                    names
                        .iter()
                        .map(|n| {
                            (
                                strsim::normalized_levenshtein(
                                    &n.to_lowercase(),
                                    &text.to_lowercase(),
                                ),
                                n,
                            )
                        })
                        .filter(|(s, _)| *s >= 0.7)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, n)| n.as_str())
                });
                d = match near {
                    Some(n) => d.help(format!("Did you mean `{n}`?")),
                    None => d.help(format!(
                        "Name one of the {} documents of collection `{}`",
                        names.len(),
                        r.collection
                    )),
                };
                out.push(d);
            }
        }
    }

    fn object(
        &self,
        file: &Arc<SourceFile>,
        f: &Field,
        label: &str,
        e: &Entry,
        entries: &[Entry],
        out: &mut Vec<Diagnostic>,
    ) {
        for sub in entries {
            let Some(k) = sub.key.scalar_text() else {
                continue;
            };
            if let Some(sf) = f.fields.iter().find(|s| s.name == k) {
                self.value(file, sf, &format!("{label}.{k}"), sub, None, out);
            }
        }
        if !self.on(&MISSING_KEY) {
            return;
        }
        for sf in &f.fields {
            if sf.required == Required::No || default_fills(sf) {
                continue;
            }
            let present = entries
                .iter()
                .rev()
                .find(|s| s.key.scalar_text() == Some(sf.name.as_str()))
                .is_some_and(|s| !is_empty(&s.value));
            if !present {
                out.push(self.missing(
                    file,
                    &format!("{label}.{}", sf.name),
                    sf,
                    e.key.span.clone(),
                ));
            }
        }
    }

    fn missing(
        &self,
        file: &Arc<SourceFile>,
        label: &str,
        f: &Field,
        span: Range<usize>,
    ) -> Diagnostic {
        let how = if f.required == Required::Yes {
            "required by"
        } else {
            "required by default in"
        };
        let mut d = Diagnostic::new(
            &MISSING_KEY,
            file,
            span,
            format!("Key `{label}` is missing ({how} {})", f.origin),
        );
        // required only by Decap's default, or with a default the CMS
        // proposes: the page may well work without it
        if f.required == Required::ByDefault || f.default.is_some() {
            d = d.severity(Severity::Warning);
        }
        match (&f.default, f.hidden) {
            (Some(def), true) => d.help(format!("The CMS writes `{}: {def}` on the entries it creates; add it here too", f.name)),
            (Some(def), false) => d.help(format!("Add `{}:` (the CMS suggests `{def}`)", f.name)),
            _ if f.required == Required::ByDefault => d.help(format!(
                "Add `{}:`, or mark the field `required: false` in the CMS configuration if it is optional",
                f.name
            )),
            _ => d.help(format!("Add `{}:` to the front matter", f.name)),
        }
    }

    fn required(&self, doc: &Document, f: &Field, open: Range<usize>, out: &mut Vec<Diagnostic>) {
        if f.required == Required::No || !self.on(&MISSING_KEY) || default_fills(f) {
            return;
        }
        if self.site.value(doc, &f.name).is_some_and(|n| !is_empty(n)) {
            return;
        }
        // GitHub Pages' jekyll-titles-from-headings and
        // jekyll-default-layout fill these in
        if (f.name == "title" && plugins::heading_title(self.site, doc).is_some())
            || (f.name == "layout" && plugins::default_layout(self.site, doc).is_some())
        {
            return;
        }
        // Jekyll takes a collection document's date from its file name
        if f.name == "date" && matches!(dates::from_filename(doc.rel()), Some(Ok(_))) {
            return;
        }
        let span = doc
            .front
            .data()
            .and_then(|d| d.entry(&f.name))
            .map_or(open, |e| e.key.span.clone());
        let mut d = self.missing(&doc.file, &f.name, f, span);
        if let Some(e) = doc.front.data().and_then(|d| d.entry(&f.name)) {
            d.message = d.message.replacen("is missing", "is empty", 1);
            d.span = e.key.span.clone();
        }
        out.push(d);
    }

    /// Report a value whose type does not fit; `true` when reported.
    fn type_problem(
        &self,
        file: &Arc<SourceFile>,
        ty: &Type,
        label: &str,
        node: &Node,
        origin: &Origin,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let Some((message, help, fix)) = type_mismatch(ty, label, node) else {
            return false;
        };
        if !self.on(&WRONG_TYPE) {
            return true;
        }
        let message = if *origin == Origin::Jekyll {
            message
        } else {
            format!("{message} ({origin})")
        };
        let mut d = Diagnostic::new(&WRONG_TYPE, file, node.span.clone(), message).help(help);
        if let Some(text) = fix {
            d = d.fix(Fix::unsafe_(
                "Quote the value",
                vec![Edit::replace(node.span.clone(), text)],
            ));
        }
        out.push(d);
        true
    }

    fn builtin(
        &self,
        file: &Arc<SourceFile>,
        key: &str,
        ty: &Type,
        e: &Entry,
        out: &mut Vec<Diagnostic>,
    ) {
        if is_empty(&e.value) {
            return;
        }
        // `layout: false` and the like mean "no layout" to Jekyll
        if key == "layout" && e.value.as_scalar().is_some() {
            return;
        }
        self.type_problem(file, ty, key, &e.value, &Origin::Jekyll, out);
    }

    fn allowed(
        &self,
        file: &Arc<SourceFile>,
        f: &Field,
        label: &str,
        v: &Node,
        text: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if !self.on(&NOT_ALLOWED) {
            return;
        }
        if !f.options.is_empty() && !f.options.iter().any(|o| o == text) {
            let list = f
                .options
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut d = Diagnostic::new(
                &NOT_ALLOWED,
                file,
                v.span.clone(),
                format!("`{label}` is `{text}`, which {} does not allow", f.origin),
            );
            d = match f.options.iter().find(|o| o.eq_ignore_ascii_case(text)) {
                Some(o) => d.help(format!("Did you mean `{o}`? Allowed: {list}")),
                None => d.help(format!("Use one of {list}")),
            };
            out.push(d);
        }
        if let Some(re) = &f.pattern
            && !re.is_match(text)
        {
            out.push(
                Diagnostic::new(
                    &NOT_ALLOWED,
                    file,
                    v.span.clone(),
                    format!(
                        "`{label}` does not match the pattern `{}` ({})",
                        re.as_str(),
                        f.origin
                    ),
                )
                .help("Change the value to match the pattern"),
            );
        }
        let len = text.chars().count();
        if let Some(max) = f.max_length
            && len > max
        {
            out.push(
                Diagnostic::new(
                    &NOT_ALLOWED,
                    file,
                    v.span.clone(),
                    format!(
                        "`{label}` is {len} characters long, more than the {max} allowed ({})",
                        f.origin
                    ),
                )
                .help(format!("Shorten it to {max} characters or fewer")),
            );
        }
        if let Some(min) = f.min_length
            && len < min
        {
            out.push(
                Diagnostic::new(
                    &NOT_ALLOWED,
                    file,
                    v.span.clone(),
                    format!(
                        "`{label}` is {len} characters long, fewer than the {min} required ({})",
                        f.origin
                    ),
                )
                .help(format!("Write at least {min} characters")),
            );
        }
    }

    fn unknown_key(
        &self,
        doc: &Document,
        groups: &[&'a Group],
        e: &Entry,
        entries: &[Entry],
        out: &mut Vec<Diagnostic>,
    ) {
        if !self.on(&UNKNOWN_KEY) {
            return;
        }
        let Some(key) = e.key.scalar_text() else {
            return;
        };
        let stats = &self.schema.stats;
        let count = stats.site_count(key);
        let memo_key = (
            groups
                .iter()
                .map(|g| std::ptr::from_ref(*g) as usize)
                .collect(),
            key.to_string(),
        );
        let known = self
            .closest_keys
            .lock()
            .ok()
            .and_then(|m| m.get(&memo_key).copied());
        let best = known.unwrap_or_else(|| {
            // every possible candidate, indexed once; this document's are
            // those of its groups
            let index = self.key_index.get_or_init(|| {
                let schema = self.schema;
                let fields = schema
                    .collections
                    .iter()
                    .chain(schema.layouts.iter().map(|(_, g)| g))
                    .flat_map(|g| g.fields.iter().map(|f| f.name.as_str()));
                super::KeyIndex::new(
                    jekyll::KEYS.iter().map(|k| k.name).chain(fields).chain(
                        stats
                            .site_keys
                            .iter()
                            .filter(|(_, n)| **n >= 2)
                            .map(|(k, _)| k.as_str()),
                    ),
                )
            });
            // (a candidate is asked about only once the index found it:
            // no set of the groups' keys built for every unknown key)
            let best = index.closest(key, |c| {
                jekyll::is_known(c)
                    || groups.iter().any(|g| g.field(c).is_some())
                    || stats.site_count(c) >= 2
            });
            if let Ok(mut m) = self.closest_keys.lock() {
                m.insert(memo_key, best);
            }
            best
        });
        let best_count = best.map_or(0, |b| stats.site_count(b));
        let defined = best
            .is_some_and(|b| jekyll::is_known(b) || groups.iter().any(|g| g.field(b).is_some()));
        // a key several documents use is the site's own, unless a spelling
        // of it is far more common
        if count >= 2 && !(best.is_some() && best_count >= 5 * count) {
            return;
        }
        let file = &doc.file;
        match best {
            Some(b) if defined || best_count >= 2 => {
                let case_only = b.eq_ignore_ascii_case(key);
                let used = if best_count > 0 {
                    format!(
                        ", which {best_count} document{} use{}",
                        if best_count == 1 { "" } else { "s" },
                        if best_count == 1 { "s" } else { "" }
                    )
                } else {
                    String::new()
                };
                let mut d = Diagnostic::new(
                    &UNKNOWN_KEY,
                    file,
                    e.key.span.clone(),
                    format!("Key `{key}` is not known; did you mean `{b}`{used}?"),
                );
                let has_other = entries.iter().any(|o| o.key.scalar_text() == Some(b));
                if case_only && !has_other {
                    d = d.fix(Fix::safe(
                        format!("Rename `{key}` to `{b}`"),
                        vec![Edit::replace(e.key.span.clone(), b)],
                    ));
                }
                d = d.help(if case_only {
                    format!("Keys are case-sensitive: layouts read `{b}`, so this value is ignored")
                } else if has_other {
                    format!("The document also has `{b}`: merge the two and remove `{key}`")
                } else {
                    format!("Rename the key to `{b}` if that is what it means")
                });
                out.push(d);
            }
            _ => {
                if let Some(g) = groups.iter().find(|g| g.closed) {
                    let origin = g
                        .fields
                        .first()
                        .map(|f| f.origin.to_string())
                        .unwrap_or_else(|| "sitelint's settings".into());
                    out.push(
                        Diagnostic::new(
                            &UNKNOWN_KEY,
                            file,
                            e.key.span.clone(),
                            format!("Key `{key}` is not in the schema ({origin})"),
                        )
                        .help("Remove the key, or add it to the schema's fields"),
                    );
                }
            }
        }
    }

    fn dates(&self, doc: &Document, root: &Node, out: &mut Vec<Diagnostic>) {
        let file = &doc.file;
        let from_name = dates::from_filename(doc.rel());
        let dated_collection = doc.collection.is_some();
        let entry = root.entry("date");
        let mut date: Option<(dates::DateTime, Range<usize>)> = None;
        let mut rolled = false;
        match entry {
            Some(e) if !e.value.is_null() => match dates::read(&e.value) {
                Reading::Valid(t) => date = Some((t, e.value.span.clone())),
                Reading::RolledOver(t) => {
                    if self.on(&INVALID_DATE) {
                        out.push(
                            Diagnostic::new(
                                &INVALID_DATE,
                                file,
                                e.value.span.clone(),
                                format!(
                                    "`date` is not a real date: Jekyll reads `{}` as {}",
                                    e.value.scalar_text().unwrap_or("").trim(),
                                    dates::ymd(&t)
                                ),
                            )
                            .help("Correct the day of the month"),
                        );
                    }
                    date = Some((t, e.value.span.clone()));
                    rolled = true;
                }
                Reading::Trailing(t, rest) => {
                    if self.on(&INVALID_DATE) {
                        out.push(
                            Diagnostic::new(&INVALID_DATE, file, e.value.span.clone(), format!("`date` has text after the date that Jekyll ignores: `{rest}`"))
                                .severity(Severity::Warning)
                                .help(format!("Jekyll reads the date as {} {:02}:{:02}:{:02}; remove the extra text so that the CMS and Jekyll agree", dates::ymd(&t), t.hour, t.minute, t.second)),
                        );
                    }
                    date = Some((t, e.value.span.clone()));
                }
                Reading::Invalid(reason) => {
                    if self.on(&INVALID_DATE) {
                        out.push(
                            Diagnostic::new(&INVALID_DATE, file, e.value.span.clone(), format!("Jekyll cannot read `date`: {reason}"))
                                .help("Write the date as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS +0000`; Jekyll stops the build with \"Invalid date\""),
                        );
                    }
                    return;
                }
            },
            _ => {}
        }
        let open = doc.front.block().map_or(0..0, |b| b.open.clone());
        if dated_collection && let Some(Err(text)) = from_name {
            if date.is_none() && self.on(&INVALID_DATE) {
                let d = match dates::read_text(text) {
                    Reading::RolledOver(t) => format!(
                        "File name date `{text}` is not a real date: Jekyll reads it as {}",
                        dates::ymd(&t)
                    ),
                    Reading::Trailing(..) | Reading::Valid(_) | Reading::Invalid(_) => format!(
                        "File name date `{text}` is not a real date: Jekyll stops the build with \"Invalid date\""
                    ),
                };
                out.push(
                    Diagnostic::new(&INVALID_DATE, file, open.clone(), d)
                        .help("Rename the file with the right date"),
                );
            }
            return;
        }
        // the date Jekyll uses (URL, archive): shown in the site's timezone
        let zone =
            dates::Zone::of_config(self.site.config.data.as_ref()).unwrap_or(dates::Zone::UTC);
        let mut moved_by_zone = false;
        let date = date.map(|(t, span)| {
            let jekyll = entry
                .and_then(|e| dates::jekyll_time(&e.value))
                .map_or(t, |j| zone.localize(j));
            moved_by_zone = (jekyll.year, jekyll.month, jekyll.day) != (t.year, t.month, t.day);
            (jekyll, span)
        });
        let name_date = match from_name {
            Some(Ok((t, _))) if dated_collection => Some(t),
            _ => None,
        };
        let is_post = doc.collection == Some(0);
        let collection = doc
            .collection
            .and_then(|i| self.site.config.collections.get(i));
        let permalink = root.get("permalink").and_then(Node::as_str);
        if let (Some((t, span)), Some(n)) = (&date, &name_date)
            && (t.year, t.month, t.day) != (n.year, n.month, n.day)
            && !rolled
            && self.on(&DATE_MISMATCH)
        {
            let pattern = collection
                .and_then(|c| c.permalink.clone())
                .unwrap_or_else(|| {
                    if is_post {
                        paths::expand_style(&self.site.config.permalink, true)
                    } else {
                        String::new()
                    }
                });
            let url_uses_date = permalink.is_none()
                && [":year", ":month", ":day", ":i_"]
                    .iter()
                    .any(|p| pattern.contains(p));
            if is_post || url_uses_date {
                out.push(
                    Diagnostic::new(&DATE_MISMATCH, file, span.clone(), format!("`date` is {}{} but the file name says {}", dates::ymd(t), if moved_by_zone { " in the site's time zone" } else { "" }, dates::ymd(n)))
                        .help("Jekyll uses the front matter date for the URL and the archive: make the two agree"),
                );
            }
        }
        let effective = date.as_ref().map(|(t, _)| *t).or(name_date);
        if let (Some(t), Some(p)) = (&effective, permalink)
            && let Some(((y, m, d), range)) = dates::from_permalink(p)
            && (y, m, d) != (t.year, t.month, t.day)
            && self.on(&DATE_MISMATCH)
            && let Some(pe) = root.entry("permalink")
        {
            let span = inner(file, &pe.value, p)
                .map_or(pe.value.span.clone(), |s| s + range.start..s + range.end);
            out.push(
                Diagnostic::new(&DATE_MISMATCH, file, span, format!("Permalink date {y:04}/{m:02}/{d:02} disagrees with the document's date {}", dates::ymd(t)))
                    .help("Readers see one date and the URL another: make them agree (keep the permalink if links to it exist, and correct the date)"),
            );
        }
        // Jekyll does not write future documents of posts and output collections
        let published = !matches!(
            root.get("published")
                .and_then(Node::as_scalar)
                .map(|s| &s.value),
            Some(Value::Bool(false))
        );
        if let Some(t) = effective
            && published
            && (is_post || collection.is_some_and(|c| c.output))
            && self.on(&FUTURE_DATE)
        {
            let margin = if t.offset_minutes.is_some() {
                0
            } else {
                14 * 3600
            };
            crate::clock::changes_at(dates::unix_seconds(&t) - margin - 86_400);
            if dates::unix_seconds(&t) - margin > self.now + 86_400 {
                let span = date.as_ref().map_or(open, |(_, s)| s.clone());
                out.push(
                    Diagnostic::new(&FUTURE_DATE, file, span, format!("Document is dated {} in the future: Jekyll does not publish it until then", dates::ymd(&t)))
                        .help("Correct the date, or build with `--future` if the page should be live now"),
                );
            }
        }
    }

    fn permalink(&self, doc: &Document, groups: &[&Group], root: &Node, out: &mut Vec<Diagnostic>) {
        if !self.on(&BAD_PERMALINK) {
            return;
        }
        let Some(e) = root.entry("permalink") else {
            return;
        };
        let Some(p) = e.value.as_str() else { return };
        let file = &doc.file;
        let at = |offset: usize| {
            inner(file, &e.value, p).map_or(e.value.span.clone(), |s| s + offset..s + offset + 1)
        };
        // A fix that changes the URL keeps the old one served: it adds the
        // old URL to `redirect_from` (as `migrate move` does); links to it
        // then go through the redirect (LNK015). No fix where that cannot
        // be written.
        let old_url = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("/{p}")
        };
        let redirects = self
            .site
            .urls()
            .plugins
            .iter()
            .any(|p| p == "jekyll-redirect-from");
        let moving = |new: String| -> Option<Vec<Edit>> {
            if !redirects {
                return None;
            }
            let s = inner(file, &e.value, p)?;
            let mut edits = vec![Edit::replace(s..s + p.len(), new)];
            edits.extend(crate::migrate::move_docs::add_redirect(
                &file.text,
                &doc.front,
                &old_url.replace(' ', "%20"),
            )?);
            Some(edits)
        };
        for issue in paths::issues(p, Kind::Permalink) {
            let d = match issue {
                Issue::HostName(n) => {
                    let rest = &p[n..];
                    let fixed = if rest.starts_with('/') { rest.to_string() } else { format!("/{rest}") };
                    let d = Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` begins with a host name"))
                        .severity(Severity::Error)
                        .help(format!("A permalink is the page's path on this site: Jekyll serves this page at `{old_url}`, not at `{fixed}`"));
                    match moving(fixed.clone()) {
                        Some(edits) => d.fix(Fix::safe(format!("Remove the host name: `{fixed}` (the old URL stays as a redirect)"), edits)),
                        None => d,
                    }
                }
                Issue::FullUrl => Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` is a full URL"))
                    .severity(Severity::Error)
                    .help("A permalink is the page's path on this site, such as `/news/pride/`; Jekyll writes a full URL as a folder named `https:`"),
                Issue::Space(i) => {
                    let fixed = p.split_whitespace().collect::<Vec<_>>().join("-");
                    let d = Diagnostic::new(&BAD_PERMALINK, file, at(i), format!("Permalink `{p}` contains a space"))
                        .severity(Severity::Error)
                        .help("Use `-` between words: every link to this page would have to write the space as `%20`");
                    match moving(fixed.clone()) {
                        Some(edits) => d.fix(Fix::unsafe_(format!("Replace the spaces with `-`: `{fixed}` (the old URL stays as a redirect)"), edits)),
                        None => d,
                    }
                }
                Issue::QueryOrFragment(i, c) => Diagnostic::new(&BAD_PERMALINK, file, at(i), format!("Permalink `{p}` contains `{c}`"))
                    .severity(Severity::Error)
                    .help(format!("A browser reads `{c}` as the start of a {}, so the page cannot be reached at this URL", if c == '?' { "query" } else { "fragment" })),
                Issue::NeedsEscape(i, c) => Diagnostic::new(&BAD_PERMALINK, file, at(i), format!("Permalink `{p}` contains `{c}`, which URLs must escape"))
                    .help("Use letters, digits, `-` and `/` only"),
                Issue::BadPercent(i) => Diagnostic::new(&BAD_PERMALINK, file, at(i), format!("Permalink `{p}` has a `%` that is not an escape"))
                    .help("Write `%25` for a percent sign, or remove it"),
                Issue::UpperCase => {
                    let lower = p.to_ascii_lowercase();
                    let d = Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` has upper-case letters"))
                        .help("Use lower case: URLs are case-sensitive on most hosts, so a link written in lower case would not find this page");
                    match moving(lower.clone()) {
                        Some(edits) => d.fix(Fix::unsafe_(format!("Write the permalink in lower case: `{lower}` (the old URL stays as a redirect)"), edits)),
                        None => d,
                    }
                }
                Issue::NoLeadingSlash => {
                    let d = Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` does not start with `/`"))
                        .severity(Severity::Info)
                        .help("Jekyll adds the `/`, but the permalink reads as a relative path; start it with `/`");
                    match inner(file, &e.value, p) {
                        Some(s) => d.fix(Fix::safe("Add a leading `/`", vec![Edit::insert(s, "/")])),
                        None => d,
                    }
                }
            };
            out.push(d);
        }
        let buckets = self.slashes.len();
        let (with, without) = self.slashes[doc.collection.unwrap_or(buckets - 1).min(buckets - 1)];
        // `/team/` is a collection's index, not one of its pages
        let segments = p.split('/').filter(|s| !s.is_empty()).count();
        if let Some(slash) = paths::trailing_slash(p).filter(|_| segments > 1) {
            let (same, other) = if slash {
                (with, without)
            } else {
                (without, with)
            };
            if other >= 5 && other >= 4 * same {
                let scope = match doc
                    .collection
                    .and_then(|i| self.site.config.collections.get(i))
                {
                    Some(c) => format!("collection `{}`", c.name),
                    None => "pages outside collections".to_string(),
                };
                let (verb, ends) = if slash {
                    ("ends", "end without it")
                } else {
                    ("does not end", "end with it")
                };
                out.push(
                    Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` {verb} with `/`, while {other} of the {} permalinks in {scope} {ends}", with + without))
                        .severity(Severity::Info)
                        .help("With a trailing `/` Jekyll writes `page/index.html`, without it `page.html`: links written the other way may not find the page"),
                );
            }
        }
        if let Some((pattern, origin)) = groups.iter().find_map(|g| g.permalink.as_ref())
            && !pattern_matches(pattern, p)
        {
            let from = origin
                .as_ref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            out.push(
                Diagnostic::new(&BAD_PERMALINK, file, e.value.span.clone(), format!("Permalink `{p}` does not follow the collection's pattern `{pattern}`{from}"))
                    .help("Change the permalink to follow the pattern, or remove it to let Jekyll build it"),
            );
        }
    }

    fn redirects(&self, doc: &Document, root: &Node, out: &mut Vec<Diagnostic>) {
        if !self.on(&BAD_REDIRECT) {
            return;
        }
        let file = &doc.file;
        let own = root
            .get("permalink")
            .and_then(Node::as_str)
            .map(paths::normalize);
        if let Some(e) = root.entry("redirect_from") {
            let items: Vec<&Node> = match &e.value.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                NodeKind::Scalar(_) => vec![&e.value],
                _ => Vec::new(),
            };
            for item in items {
                let Some(text) = item.as_str() else { continue };
                let parts: Vec<&str> = text
                    .split([' ', ',', '\t', '[', ']', '"', '\''])
                    .filter(|s| s.starts_with('/'))
                    .collect();
                if e.value.as_scalar().is_some() && parts.len() > 1 {
                    out.push(
                        Diagnostic::new(&BAD_REDIRECT, file, item.span.clone(), format!("`redirect_from` holds {} paths in one string", parts.len()))
                            .help("Write them as a list, one `- /path` per line: the plugin takes the whole string as one path"),
                    );
                    continue;
                }
                for issue in paths::issues(text, Kind::RedirectFrom) {
                    let (msg, help) = match issue {
                        Issue::FullUrl => (format!("`redirect_from` value `{text}` is a full URL"), "List paths on this site only, such as `/old-page/`: jekyll-redirect-from cannot redirect from another site".to_string()),
                        Issue::Space(_) => (format!("`redirect_from` value `{text}` contains a space"), "Write the old URL as it was, with `%20` for a space, or remove it".to_string()),
                        Issue::QueryOrFragment(_, c) => (format!("`redirect_from` value `{text}` contains `{c}`"), "Static hosts ignore the part from `?` or `#` on, so this redirect is never used".to_string()),
                        Issue::NeedsEscape(_, c) => (format!("`redirect_from` value `{text}` contains `{c}`, which URLs must escape"), "Write the old URL with the character escaped".to_string()),
                        Issue::BadPercent(_) => (format!("`redirect_from` value `{text}` has a `%` that is not an escape"), "Write `%25` for a percent sign".to_string()),
                        Issue::UpperCase | Issue::NoLeadingSlash | Issue::HostName(_) => continue,
                    };
                    out.push(
                        Diagnostic::new(&BAD_REDIRECT, file, item.span.clone(), msg).help(help),
                    );
                }
                if own.as_deref() == Some(paths::normalize(text).as_str()) {
                    out.push(
                        Diagnostic::new(
                            &BAD_REDIRECT,
                            file,
                            item.span.clone(),
                            format!("`redirect_from` value `{text}` is the page's own permalink"),
                        )
                        .help("The redirect page would replace the page itself: remove this value"),
                    );
                }
            }
        }
        if let Some(e) = root.entry("redirect_to") {
            let items: Vec<&Node> = match &e.value.kind {
                NodeKind::Seq(items) => items.iter().filter(|n| !n.is_null()).collect(),
                NodeKind::Scalar(_) if !e.value.is_null() => vec![&e.value],
                _ => Vec::new(),
            };
            if items.len() > 1 {
                out.push(
                    Diagnostic::new(
                        &BAD_REDIRECT,
                        file,
                        items[1].span.clone(),
                        format!(
                            "`redirect_to` lists {} targets; only the first is used",
                            items.len()
                        ),
                    )
                    .help("A page can redirect to one place only: keep one value"),
                );
            }
            if let Some(first) = items.first()
                && let Some(text) = first.as_str()
                && paths::issues(text, Kind::RedirectTo)
                    .iter()
                    .any(|i| matches!(i, Issue::Space(_)))
            {
                out.push(
                    Diagnostic::new(
                        &BAD_REDIRECT,
                        file,
                        first.span.clone(),
                        format!("`redirect_to` value `{text}` contains a space"),
                    )
                    .help("Write the target URL with `%20` for a space, or correct it"),
                );
            }
        }
    }

    fn image_alt(&self, doc: &Document, groups: &[&Group], root: &Node, out: &mut Vec<Diagnostic>) {
        if !self.on(&IMAGE_WITHOUT_ALT) {
            return;
        }
        let mut pairs: Vec<(String, String, String)> = Vec::new(); // image, alt, why
        for g in groups {
            for f in &g.fields {
                if let Some(alt) = &f.alt
                    && !pairs.iter().any(|(i, _, _)| *i == f.name)
                {
                    pairs.push((f.name.clone(), alt.clone(), f.origin.to_string()));
                }
            }
        }
        if !pairs.iter().any(|(i, _, _)| i == "image") {
            // the site's own habit: a key named after `image` that other
            // documents of the same collection use
            let buckets = self.alt_habit.len();
            if let Some(Some((alt, with, images))) = self
                .alt_habit
                .get(doc.collection.unwrap_or(buckets - 1).min(buckets - 1))
            {
                pairs.push(("image".into(), alt.to_string(), format!("{with} of the {images} documents of this collection with an image have `{alt}`")));
            }
        }
        for (image, alt, why) in pairs {
            let Some(e) = root.entry(&image) else {
                continue;
            };
            if is_empty(&e.value) || e.value.as_scalar().is_none() {
                continue;
            }
            if self.site.value(doc, &alt).is_some_and(|n| !is_empty(n)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &IMAGE_WITHOUT_ALT,
                    &doc.file,
                    e.key.span.clone(),
                    format!("Featured image has no alternative text: `{alt}` is missing"),
                )
                .help(format!(
                    "Add `{alt}:` describing what the image shows ({why})"
                )),
            );
        }
    }

    fn leftovers(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if !self.on(&TEMPLATE_LEFTOVER) {
            return;
        }
        let Some(block) = doc.front.block() else {
            return;
        };
        let file = &doc.file;
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut after_key = false;
        for (line, next) in crate::text::source::lines_from(&file.text, block.yaml.start) {
            if line.start >= block.yaml.end {
                break;
            }
            let text = file.text[line.clone()].trim();
            let Some(comment) = text.strip_prefix('#') else {
                after_key = false;
                continue;
            };
            let c = comment.trim();
            if let Some(key) = template_key(c) {
                lines.push(line.start..next);
                keys.push(key.to_string());
                after_key = true;
            } else if after_key && matches!(c, "-" | "- \"\"" | "- ''") {
                lines.push(line.start..next);
            } else {
                after_key = false;
            }
        }
        if keys.is_empty() {
            return;
        }
        let list = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let first = lines[0].clone();
        let first_end = file.text[first.clone()].trim_end().len() + first.start;
        out.push(
            Diagnostic::new(
                &TEMPLATE_LEFTOVER,
                file,
                first.start..first_end,
                format!(
                    "Front matter keeps {} commented-out template key{}: {list}",
                    keys.len(),
                    if keys.len() == 1 { "" } else { "s" }
                ),
            )
            .help(
                "Remove the commented-out lines; fill in and uncomment a key if the post needs it",
            )
            .fix(Fix::unsafe_(
                format!(
                    "Remove {} commented-out line{}",
                    lines.len(),
                    if lines.len() == 1 { "" } else { "s" }
                ),
                lines.into_iter().map(Edit::delete).collect(),
            )),
        );
    }

    fn skipped(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if !self.on(&SKIPPED) {
            return;
        }
        let open = doc.front.block().map_or(0..0, |b| b.open.clone());
        let file = &doc.file;
        let name = doc.rel().rsplit('/').next().unwrap_or(doc.rel());
        if doc.collection == Some(0) && dates::from_filename(doc.rel()).is_none() {
            out.push(
                Diagnostic::new(
                    &SKIPPED,
                    file,
                    open,
                    format!("Jekyll skips `{name}`: a post's file name must start with its date"),
                )
                .help(format!("Rename the file `YYYY-MM-DD-{name}`")),
            );
            return;
        }
        if doc.collection.is_none() && matches!(dates::from_filename(doc.rel()), Some(Ok(_))) {
            let folder_hint = doc.rel().split('/').rev().skip(1).any(|f| {
                let f = f.trim_start_matches('_').to_ascii_lowercase();
                f == "posts" || f == "post" || f == "blog"
            });
            let layout_hint = self
                .site
                .value(doc, "layout")
                .and_then(Node::as_str)
                .is_some_and(|l| l == "post");
            if folder_hint || layout_hint {
                out.push(
                    Diagnostic::new(&SKIPPED, file, open, format!("`{}` looks like a post but is not in `_posts`: Jekyll renders it as a plain page", doc.rel()))
                        .help("Move it into `_posts` so that it gets a post's URL and appears in the feed and post lists"),
                );
            }
        }
    }
}

/// A field Decap only requires by default and fills with its `default`
/// when the entry is opened: a hand-written document without it gets the
/// default too, except `layout`, which Jekyll reads itself.
fn default_fills(f: &Field) -> bool {
    f.required == Required::ByDefault && f.default.is_some() && f.name != "layout"
}

/// `category:` or `image: ""` in a comment: a template key left empty.
fn template_key(c: &str) -> Option<&str> {
    let (key, rest) = c.split_once(':')?;
    let valid = !key.is_empty()
        && key
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
        && key
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_'));
    let empty = matches!(rest.trim(), "" | "\"\"" | "''" | "[]" | "{}");
    (valid && empty).then_some(key)
}

/// Whether a permalink follows a Jekyll pattern (`:year` is four digits,
/// `:month` and `:day` two, any other placeholder one or more characters
/// other than `/`).
pub fn pattern_matches(pattern: &str, permalink: &str) -> bool {
    let mut re = String::from("^");
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        re.push_str(&regex::escape(&rest[..i]));
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        re.push_str(match &after[..len] {
            "year" => r"\d{4}",
            "month" | "day" => r"\d{2}",
            "output_ext" => r"(\.html)?",
            "categories" => r"[^?#]*",
            _ => r"[^/?#]+",
        });
        rest = &after[len..];
    }
    re.push_str(&regex::escape(rest));
    re.push('$');
    regex::Regex::new(&re).is_ok_and(|r| r.is_match(permalink))
}

/// Why `node` does not fit `ty`: message, help, and the quoted text for an
/// unsafe fix.
fn type_mismatch(ty: &Type, label: &str, node: &Node) -> Option<(String, String, Option<String>)> {
    let scalar = node.as_scalar();
    let kind_name = node.type_name();
    match ty {
        Type::Any => None,
        t if t.is_textual() => {
            let Some(s) = scalar else {
                return match node.kind {
                    NodeKind::Alias => None,
                    _ => Some((
                        format!("`{label}` is a {kind_name}, not text"),
                        "Write a single value".into(),
                        None,
                    )),
                };
            };
            // built only for a mismatch: most values are fine
            let fix = || (s.style == Style::Plain).then(|| quoted(&s.text));
            match &s.value {
                Value::Str => textual_format(t, label, &s.text),
                Value::Bool(b) => Some((
                    format!("`{label}` is read as the boolean `{b}`, not as text"),
                    format!(
                        "YAML 1.1 reads `{}` as a boolean, so the page shows `{b}`; quote it to keep the words",
                        s.text
                    ),
                    fix(),
                )),
                Value::Date { .. } | Value::Time(_) => Some((
                    format!("`{label}` is read as a date, not as text"),
                    format!(
                        "YAML reads `{}` as a date, which Liquid filters for text cannot handle; quote it",
                        s.text
                    ),
                    fix(),
                )),
                Value::Int(i) if i.to_string() != s.text => Some((
                    format!(
                        "`{label}` is read as the number {i}, not as the text `{}`",
                        s.text
                    ),
                    "YAML 1.1 reads it as a number and Jekyll shows it differently; quote it"
                        .into(),
                    fix(),
                )),
                Value::Float(f) if ruby_float(*f) != s.text => Some((
                    format!(
                        "`{label}` is read as the number {}, not as the text `{}`",
                        ruby_float(*f),
                        s.text
                    ),
                    "YAML 1.1 reads it as a number and Jekyll shows it differently; quote it"
                        .into(),
                    fix(),
                )),
                _ => None,
            }
        }
        Type::Boolean => match scalar.map(|s| (&s.value, s.text.as_str())) {
            Some((Value::Bool(_), _)) => None,
            Some((Value::Str, text))
                if ["true", "false", "yes", "no"].contains(&text.to_ascii_lowercase().as_str()) =>
            {
                Some((
                    format!("`{label}` is the text `\"{text}\"`, not a boolean"),
                    format!(
                        "Liquid treats every text as true; remove the quotes: `{label}: {}`",
                        text.to_ascii_lowercase()
                    ),
                    None,
                ))
            }
            _ => Some((
                format!("`{label}` is a {kind_name}, not true or false"),
                "Write `true` or `false`".into(),
                None,
            )),
        },
        Type::Integer => match scalar.map(|s| &s.value) {
            Some(Value::Int(_)) => None,
            _ => Some((
                format!("`{label}` is a {kind_name}, not a whole number"),
                "Write a whole number without quotes".into(),
                None,
            )),
        },
        Type::Number => match scalar.map(|s| &s.value) {
            Some(Value::Int(_) | Value::Float(_)) => None,
            _ => Some((
                format!("`{label}` is a {kind_name}, not a number"),
                "Write a number without quotes".into(),
                None,
            )),
        },
        Type::Date | Type::Datetime => match scalar.map(|s| (&s.value, s.text.as_str())) {
            Some((Value::Date { .. } | Value::Time(_), _)) => None,
            Some((Value::Str, text))
                if !matches!(dates::read_text(text.trim()), Reading::Invalid(_)) =>
            {
                None
            }
            Some((Value::Str, text)) => Some((
                format!("`{label}` is not a date Jekyll can read: `{text}`"),
                "Write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS +0000`".into(),
                None,
            )),
            _ => Some((
                format!("`{label}` is a {kind_name}, not a date"),
                "Write it as `YYYY-MM-DD`".into(),
                None,
            )),
        },
        Type::List => match node.kind {
            NodeKind::Map(_) => Some((
                format!("`{label}` is a mapping, not a list"),
                "Write the items as `- item` lines".into(),
                None,
            )),
            _ => None,
        },
        Type::Object => match node.kind {
            NodeKind::Map(_) | NodeKind::Alias => None,
            _ => Some((
                format!("`{label}` is a {kind_name}, not a mapping of keys to values"),
                "Write the nested keys indented under it".into(),
                None,
            )),
        },
        _ => None,
    }
}

fn textual_format(ty: &Type, label: &str, text: &str) -> Option<(String, String, Option<String>)> {
    let t = text.trim();
    if t.is_empty() || t.contains("{{") {
        return None;
    }
    match ty {
        Type::Url
            if !(t.contains("://")
                || t.starts_with('/')
                || t.starts_with('#')
                || t.starts_with("mailto:")) =>
        {
            Some((
                format!("`{label}` is not a URL: `{t}`"),
                "Write a full URL (`https://...`) or a path on this site starting with `/`".into(),
                None,
            ))
        }
        Type::Path if !t.starts_with('/') => Some((
            format!("`{label}` is not a site path: `{t}`"),
            "Start the path with `/`".into(),
            None,
        )),
        Type::Email => {
            let addr = t.strip_prefix("mailto:").unwrap_or(t);
            let ok = addr
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
                && !addr.contains(char::is_whitespace);
            (!ok).then(|| {
                (
                    format!("`{label}` is not an e-mail address: `{t}`"),
                    "Write an address such as `name@example.org`".into(),
                    None,
                )
            })
        }
        _ => None,
    }
}
