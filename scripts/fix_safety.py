#!/usr/bin/env python3
"""The fix-safety harness (scripts/fix-safety says what it proves and how).

Usage: fix_safety.py [--corpus NAME]... [--jekyll-ruby] [--keep]
Writes target/fix-safety/<corpus>/report.txt and differences.tsv, and the
before/after HTML of every difference under target/fix-safety/<corpus>/html/.
"""
import argparse, hashlib, time, html.parser, json, os, re, shutil, subprocess, sys, tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jekyllsite

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITELINT = os.path.join(ROOT, "target/release/sitelint")
MATERIALIZE = os.path.join(ROOT, "../shared/corpus/materialize")
RENDER = os.path.join(ROOT, "scripts/kramdown_render.rb")

# Characters a rule removes from the visible text on purpose: its fix is
# meant to delete them (or to replace them with a space), so the text is
# compared without them. Every other change of the visible text is a
# difference.
REMOVES = {
    # invisible characters (rule doc: `sitelint explain TXT003`)
    "TXT003": "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad",
}

# Characters a rule removes from link targets on purpose: a target that
# differs from the old one only by them is a repair (the old one, with the
# character, reached nothing: the browser requests it percent-encoded).
REMOVES_IN_TARGETS = {
    # invisible characters in a link target (`sitelint explain LNK009`)
    "LNK009": "\u200b\u200c\u200d\u2060\ufeff\u00ad",
}

# Schemes a browser follows; a target with any other "scheme" (`LINK:
# https://...`, `Email: a@b`) leads nowhere.
SCHEMES = {"http", "https", "mailto", "tel", "ftp", "sms", "webcal", "data", "javascript"}

# Runs whose Jekyll build is compared (about 20 s each on civilservice-lgbt):
# those that may change a URL. The key migrations change keys no URL is made
# from (see `migrations`), so sitelint's URL model checks them; --jekyll-all
# builds them too.
JEKYLL_RUNS = {"fix", "fix-unsafe", "normalize-dates", "move", "import"}

# The migrations run on each corpus: (name, arguments after `migrate`,
# a setup step on the base copy or None). The keys are chosen among those
# the corpus uses; the documents moved are the first of their folder.
def migrations(corpus, base, notes):
    if corpus == "civilservice-lgbt":
        news = sorted(f for f in os.listdir(os.path.join(base, "_news")) if f.endswith(".md"))[:12]
        return [
            ("rename-key", ["rename-key", "preview", "teaser"]),
            ("drop-key", ["drop-key", "archive"]),
            ("set-key", ["set-key", "sitemap", "false", "--collection", "archives"]),
            ("normalize-dates", ["normalize-dates"]),
            ("move", ["move", *[f"_news/{f}" for f in news], "--to", "archives"]),
            ("import", ["import", *notes, "--to", "news", "--date", "2023-03-01"]),
        ]
    posts = sorted(f for f in os.listdir(os.path.join(base, "en/news/_posts")) if f.endswith(".md"))[:12]
    return [
        ("rename-key", ["rename-key", "translator", "translated_by"]),
        ("drop-key", ["drop-key", "header"]),
        ("set-key", ["set-key", "sitemap", "false", "--only", "en/news/_posts"]),
        ("normalize-dates", ["normalize-dates"]),
        # ruby-lang does not enable jekyll-redirect-from: a move keeps the
        # old URLs as permalinks (without the flag it refuses to move)
        ("move", ["move", *[f"en/news/_posts/{f}" for f in posts], "--to", "archives", "--keep-permalink"]),
        ("import", ["import", *notes, "--to", "posts", "--date", "2023-03-01"]),
    ]


# Plain-text notes for `migrate import`, written here (not taken from any
# site): a title line, paragraphs, bullets, and text that looks like Liquid.
NOTES = {
    "note-one.txt": "Coffee mornings return\n\nWe meet on the first Tuesday of each month.\n\n• Bring a mug\n• Bring a friend\n\nAll welcome.\n",
    "note-two.txt": "Templates in our guide\n\nThe guide shows {{ page.title }} and {% raw %} as plain text.\n\nAsk the editors if anything is unclear.\n",
    "note-three.txt": "Committee update\n\nThe committee met twice this quarter: minutes follow by email.\n",
}


def sh(cmd, cwd=None, check=False):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=check)


def snapshot(site):
    out = {}
    for dirpath, dirs, files in os.walk(site):
        dirs[:] = [d for d in dirs if d not in (".git", "_site", ".jekyll-cache", ".sitelint_cache")]
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.islink(p):
                continue
            with open(p, "rb") as fh:
                out[os.path.relpath(p, site)] = hashlib.sha1(fh.read()).hexdigest()
    return out


def copy_site(src, dest):
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["cp", "-a", src, dest], check=True)


class Model:
    """sitelint's URL model of a site: every URL and the source serving it."""

    def __init__(self, site):
        out = sh([SITELINT, "urls", "--source", site], check=True).stdout
        self.url_source = {}
        self.doc_url = {}
        for line in out.splitlines():
            url, _, source = line.partition("\t")
            self.url_source[url] = source
            if source and not source.startswith("redirect_from in ") and " " not in source:
                self.doc_url.setdefault(source, url)

    def page_of(self, path):
        """The page a decoded site path reaches: the source document (a
        redirect stub leads to its document), or None."""
        cands = [path]
        if not path.endswith("/"):
            cands += [path + ".html", path + "/"]
        if path.endswith("/index.html"):
            cands.append(path[: -len("index.html")])
        for c in cands:
            if c in self.url_source:
                s = self.url_source[c]
                if s.startswith("redirect_from in "):
                    return s[len("redirect_from in "):]
                return s or c
        return None


EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class Page(html.parser.HTMLParser):
    """Visible text, and links and images in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.links = []  # [kind, target, text]
        self.open_a = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "a" and "href" in a:
            self.links.append(["a", a.get("href") or "", ""])
            self.open_a.append(len(self.links) - 1)
        elif tag == "img":
            self.links.append(["img", a.get("src") or "", a.get("alt") or ""])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "a" and self.open_a:
            self.open_a.pop()

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        for i in self.open_a:
            self.links[i][2] += data



def liquid_raw(s):
    """What Liquid 5 outputs for text whose only Liquid is `{% raw %}`
    blocks and the `{{ "{%" }}` the import writes for a `{%` that would end
    one: raw content as written, the tags themselves nothing."""
    out, i, inside = [], 0, False
    opening = re.compile(r"\{%\s*raw\s*%\}")
    closing = re.compile(r"\{%\s*endraw\s*%\}")
    brace = '{{ "{%" }}'
    while i < len(s):
        if inside:
            m = closing.match(s, i)
            if m:
                inside, i = False, m.end()
                continue
        else:
            m = opening.match(s, i)
            if m:
                inside, i = True, m.end()
                continue
            if s.startswith(brace, i):
                out.append("{%")
                i += len(brace)
                continue
        out.append(s[i])
        i += 1
    return "".join(out)

def norm(s, removed=""):
    if removed:
        s = s.translate({ord(c): None for c in removed})
    return " ".join(s.split())


def parse(html_text):
    p = Page()
    p.feed(html_text or "")
    p.close()
    return p


def body_of(path):
    """The body of a document after its front matter (for HTML documents,
    which kramdown does not render)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    text = text.lstrip("\ufeff")
    m = re.match(r"---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S | re.M)
    return text[m.end():] if m else text


def render(site, rels):
    """kramdown HTML for Markdown documents, the body for HTML ones."""
    out = {}
    md = [r for r in rels if r.endswith((".md", ".markdown"))]
    for r in rels:
        if r.endswith((".html", ".htm")):
            out[r] = body_of(os.path.join(site, r))
    if md:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for r in md:
                f.write(json.dumps({"path": r}) + "\n")
            lst = f.name
        res = sh(["ruby", RENDER, site, lst])
        os.unlink(lst)
        for line in res.stdout.splitlines():
            d = json.loads(line)
            out[d["path"]] = d.get("html") if "html" in d else None
    return out


class Corpus:
    def __init__(self, name, work, jekyll):
        self.name = name
        self.work = work
        self.jekyll = jekyll
        self.base = os.path.join(work, "base")
        sh([MATERIALIZE, name, self.base], check=True)
        jekyllsite.minimal_layouts(self.base) if jekyll else None
        if name == "ruby-lang":
            # a collection to move posts into (`migrate move` needs one)
            with open(os.path.join(self.base, "_config.yml"), "a") as f:
                f.write("\ncollections:\n  archives:\n    output: true\n    permalink: /archives/:year/:month/:day/:title/\n")
        cfg = open(os.path.join(self.base, "_config.yml"), encoding="utf-8").read()
        m = re.search(r"^url:\s*[\"']?([^\"'\s#]+)", cfg, re.M)
        host = urllib.parse.urlsplit(m.group(1)).hostname if m else None
        self.hosts = set()
        if host:
            bare = host[4:] if host.startswith("www.") else host
            self.hosts = {bare, "www." + bare}
        self.snap = snapshot(self.base)
        self.model = Model(self.base)
        self.built = self.build(self.base, "base") if jekyll else None

    def build(self, site, label):
        dest = os.path.join(self.work, "out-" + label)
        try:
            urls = jekyllsite.build_urls(site, dest)
        except SystemExit as e:
            return {"error": " ".join(re.sub(r"\x1b\[[0-9;]*m", "", str(e)).split())[:2000]}
        return {"urls": urls}

    def target(self, model, doc, href):
        """What a link target reaches: ("page", source, fragment),
        ("mailto", address or None), ("external", url), ("broken", path),
        ("liquid", text)."""
        if "{{" in href or "{%" in href:
            return ("liquid", href)
        if href.lower().startswith("mailto:"):
            addr = urllib.parse.unquote(href[7:].split("?")[0])
            return ("mailto", addr.lower() if EMAIL.match(addr) else None)
        parts = urllib.parse.urlsplit(href)
        if parts.scheme and parts.scheme.lower() not in SCHEMES:
            return ("broken", href)
        if parts.scheme or href.startswith("//"):
            if parts.scheme.lower() not in ("http", "https", "") or (parts.hostname or "") not in self.hosts:
                return ("external", href)
            path = parts.path or "/"
        else:
            page = model.doc_url.get(doc, "/")
            path = urllib.parse.urlsplit(urllib.parse.urljoin(page, href)).path if parts.path else page
        path = urllib.parse.unquote(path)
        src = model.page_of(path)
        if src is None:
            return ("broken", path)
        return ("page", src, parts.fragment)


def fixed_counts(output):
    m = re.search(r"^Fixed \d+ problems? in \d+ files? \(([^)]*)\)", output, re.M)
    counts = {}
    if m:
        for part in m.group(1).split(", "):
            code, _, n = part.partition(" ×")
            counts[code] = int(n or 0)
    return counts


def rules_by_file(site, args):
    """`fix --dry-run`: which rules' fixes change each file."""
    out = sh([SITELINT, "fix", site, "--dry-run", "--no-progress", *args]).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"^(.*): would fix (.*)$", line)
        if m:
            rel = os.path.relpath(m.group(1), site)
            res[rel] = sorted(re.findall(r"([A-Z]+[0-9]+) ×", m.group(2)))
    return res


class Run:
    def __init__(self, corpus, label, kind, args):
        self.c, self.label, self.kind, self.args = corpus, label, kind, args
        self.site = os.path.join(corpus.work, label)
        self.diffs = []  # (rules, doc, what, detail)
        self.repairs = 0
        self.counts = {}
        self.changed = []
        self.notes = []
        self.built = None

    def execute(self):
        c = self.c
        copy_site(c.base, self.site)
        if self.kind == "fix":
            self.rules = rules_by_file(c.base, self.args)
            r = sh([SITELINT, "fix", self.site, "--format", "concise", "--no-progress", *self.args])
            self.counts = fixed_counts(r.stdout)
            if r.returncode >= 2:
                self.diffs.append(("-", "-", "run", f"sitelint fix failed: {r.stderr.strip()[:400]}"))
        else:
            self.rules = {}
            r = sh([SITELINT, "migrate", "--site", self.site, "--write", *self.args], cwd=c.work)
            if r.returncode != 0:
                self.diffs.append((self.label, "-", "run", f"migrate {self.label} failed (exit {r.returncode}): {(r.stderr or r.stdout).strip()[:600]}"))
        after = snapshot(self.site)
        self.changed = sorted(p for p in set(after) | set(c.snap) if after.get(p) != c.snap.get(p))
        self.compare(after)
        # attribution of unsafe differences is for the reader of the report:
        # CI (where they do not fail) skips it to keep the run short
        if self.label != "fix-unsafe" or os.environ.get("CI") != "true":
            self.isolate()
        shutil.rmtree(self.site, ignore_errors=True)

    def isolate(self):
        """Attribute each difference in a document that several rules'
        fixes changed to the rule(s) whose fix alone reproduces it there
        (`fix --select RULE` on a fresh copy, only those documents)."""
        if self.kind != "fix":
            return
        multi = {}
        for i, (rules, doc, what, _) in enumerate(self.diffs):
            if "+" in rules and doc in self.rules:
                multi.setdefault(doc, []).append(i)
        found = {}
        for rule in sorted({r for d in multi for r in self.rules[d]}):
            docs = sorted(d for d in multi if rule in self.rules[d])
            sub = Run(self.c, f"{self.label}-{rule}", "fix", [*self.args, "--select", rule])
            copy_site(self.c.base, sub.site)
            sh([SITELINT, "fix", *[os.path.join(sub.site, d) for d in docs], "-q", "--no-progress", *sub.args])
            sub.rules = {d: [rule] for d in docs}
            model = Model(sub.site)
            bh, ah = render(self.c.base, docs), render(sub.site, docs)
            for d in docs:
                sub.compare_doc(model, d, d, bh.get(d), ah.get(d))
            for _, doc, what, _ in sub.diffs:
                found.setdefault((doc, what), set()).add(rule)
            shutil.rmtree(sub.site, ignore_errors=True)
        for doc, idx in multi.items():
            for i in idx:
                rules, _, what, detail = self.diffs[i]
                alone = found.get((doc, what))
                self.diffs[i] = ("+".join(sorted(alone)) if alone else rules + " (together)", doc, what, detail)

    def rules_of(self, doc):
        if self.kind != "fix":
            return [self.label]
        return self.rules.get(doc, ["?"])

    def compare(self, after_snap):
        c = self.c
        model = Model(self.site)
        self.built = c.build(self.site, self.label) if c.jekyll and (self.label in JEKYLL_RUNS or c.jekyll_all) else None
        docs = [p for p in self.changed if p.endswith((".md", ".markdown", ".html", ".htm"))]
        added = [p for p in docs if p not in c.snap]
        removed = [p for p in docs if p not in after_snap]
        changed = [p for p in docs if p in c.snap and p in after_snap]
        # a document the change moved: before and after are its old and new
        # files (a migration writes a new file and removes the old one)
        pairs = [(p, p) for p in changed]
        if self.kind == "migrate" and self.label == "move":
            olds = sorted(removed)
            news = sorted(added)
            for o in olds:
                stem = re.sub(r"^\d{4}-\d\d-\d\d-", "", os.path.basename(o))
                match = [n for n in news if os.path.basename(n).endswith(stem)]
                if len(match) == 1:
                    pairs.append((o, match[0]))
                    news.remove(match[0])
                else:
                    self.diffs.append(("move", o, "lost", "the moved document cannot be found after the move"))
            added = news
        elif removed:
            for o in removed:
                self.diffs.append((self.label, o, "lost", "the document is gone after the change"))
        # a document whose body is unchanged (only its front matter changed)
        # renders the same: only its URL is compared (check_urls)
        pairs = [(b, a) for b, a in pairs
                 if body_of(os.path.join(c.base, b)) != body_of(os.path.join(self.site, a))]
        before_html = render(c.base, sorted({b for b, _ in pairs}))
        after_html = render(self.site, sorted({a for _, a in pairs} | set(added)))
        for b, a in pairs:
            self.compare_doc(model, b, a, before_html.get(b), after_html.get(a))
        for a in added:
            self.check_added(a, after_html.get(a))
        self.check_urls(model)

    def record(self, doc, what, detail, bh=None, ah=None, rules=None):
        rules = "+".join(rules or self.rules_of(doc))
        n = len(self.diffs)
        folder = os.path.join(self.c.out, "html", self.label)
        os.makedirs(folder, exist_ok=True)
        stem = f"{n:04d}-" + re.sub(r"[^A-Za-z0-9._-]", "_", doc)[-80:]
        if bh is not None:
            open(os.path.join(folder, stem + ".before.html"), "w").write(bh)
            open(os.path.join(folder, stem + ".after.html"), "w").write(ah or "")
            detail += f" [html: {os.path.relpath(os.path.join(folder, stem), ROOT)}.{{before,after}}.html]"
        self.diffs.append((rules, doc, what, detail))

    def compare_doc(self, model, b, a, bh, ah):
        c = self.c
        if bh is None or ah is None:
            if bh != ah:
                self.record(a, "render", "kramdown fails on one side only", bh or "", ah or "")
            return
        if bh == ah:
            return
        removed = "".join(REMOVES.get(r, "") for r in self.rules_of(a))
        pb, pa = parse(bh), parse(ah)
        tb, ta = norm("".join(pb.text), removed), norm("".join(pa.text), removed)
        # a removed character may also be replaced by a space (where its
        # removal would join two words or change the Markdown structure)
        spaced = norm("".join(pb.text).translate({ord(ch): " " for ch in removed})) if removed else tb
        if tb != ta and spaced != ta:
            i = next((k for k in range(min(len(tb), len(ta))) if tb[k] != ta[k]), min(len(tb), len(ta)))
            self.record(a, "text", f"visible text differs: `{tb[max(0, i - 40):i + 40]}` became `{ta[max(0, i - 40):i + 40]}`", bh, ah)
        if len(pb.links) != len(pa.links):
            self.record(a, "links", f"{len(pb.links)} links and images before, {len(pa.links)} after", bh, ah)
            return
        for (kb, hb, xb), (ka, ha, xa) in zip(pb.links, pa.links):
            if kb != ka or norm(xb, removed) != norm(xa, removed):
                self.record(a, "link-text", f"{kb} `{hb}` with text `{norm(xb)[:80]}` became {ka} `{ha}` with text `{norm(xa)[:80]}`", bh, ah)
                continue
            if hb == ha:
                continue
            tb_ = c.target(c.model, b, hb)
            ta_ = c.target(model, a, ha)
            in_target = "".join(REMOVES_IN_TARGETS.get(r, "") for r in self.rules_of(a))
            if ta_[0] == "mailto" and ta_[1] is None:
                self.record(a, "mailto", f"`{hb}` became `{ha}`, which holds no valid address", bh, ah)
            elif tb_[0] in ("broken",) or (tb_[0] == "mailto" and tb_[1] is None):
                self.repairs += 1
            elif in_target and norm(hb, in_target) == ha.strip():
                self.repairs += 1
            elif tb_ != ta_:
                self.record(a, "target", f"`{hb}` reached {fmt(tb_)}; `{ha}` reaches {fmt(ta_)}", bh, ah)
            elif ta_[0] == "page" and self.built and "urls" in self.built and not served(self.built["urls"], ha, c.hosts):
                self.record(a, "target", f"`{ha}` is not a file of the site Jekyll builds after the change", bh, ah)

    def check_added(self, a, ah):
        if ah is None:
            self.record(a, "render", "kramdown cannot render the new document", "", "")
            return
        if self.label == "import":
            name = os.path.basename(a)
            src = next((t for f, t in NOTES.items() if slug(t.splitlines()[0]) in name), None)
            if src is None:
                self.record(a, "import", "names no imported note")
                return
            want = norm(" ".join(src.splitlines()[1:]).replace("•", ""))
            # Jekyll runs Liquid before kramdown: a `{% raw %}` block the
            # import wrapped round text that looks like Liquid shows its
            # content as written
            got = norm(liquid_raw("".join(parse(ah).text)))
            if want != got:
                self.record(a, "text", f"imported text `{want[:120]}` renders as `{got[:120]}`", "", ah)

    def check_urls(self, model):
        c = self.c
        lost = sorted(u for u in c.model.url_source if u not in model.url_source)
        for u in lost:
            src = c.model.url_source[u]
            doc = src[len("redirect_from in "):] if src.startswith("redirect_from in ") else src
            self.record(doc, "url", f"sitelint's URL model no longer serves `{u}`")
        if self.built is not None:
            if "error" in self.built:
                self.record("-", "jekyll", f"jekyll build fails after the change: {self.built['error'][:400]}", rules=[self.label])
            elif "urls" in (c.built or {}):
                for u in sorted(c.built["urls"] - self.built["urls"]):
                    self.record("-", "jekyll-url", f"Jekyll no longer writes `{u}`", rules=[self.label])
                self.notes.append(f"Jekyll URLs: {len(c.built['urls'])} before, {len(self.built['urls'])} after, "
                                  f"{len(c.built['urls'] - self.built['urls'])} lost, {len(self.built['urls'] - c.built['urls'])} new")


def served(urls, href, hosts):
    parts = urllib.parse.urlsplit(href)
    path = urllib.parse.unquote(parts.path or "/")
    cands = [path] + ([] if path.endswith("/") else [path + ".html", path + "/"])
    return any(p in urls for p in cands)


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def fmt(t):
    if t[0] == "page":
        return f"the page of `{t[1]}`" + (f" at `#{t[2]}`" if t[2] else "")
    return f"{t[0]} `{t[1]}`"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--jekyll-ruby", action="store_true", help="build ruby-lang with Jekyll too (over 20 minutes a build)")
    ap.add_argument("--jekyll-all", action="store_true", help="build after the key migrations too")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    opts = ap.parse_args()
    corpora = opts.corpus or ["civilservice-lgbt", "ruby-lang"]
    failed = False
    for name in corpora:
        work = tempfile.mkdtemp(prefix="fix-safety-")
        jekyll = name == "civilservice-lgbt" or opts.jekyll_ruby
        c = Corpus(name, work, jekyll)
        c.jekyll_all = opts.jekyll_all
        c.out = os.path.join(ROOT, "target/fix-safety", name)
        shutil.rmtree(c.out, ignore_errors=True)
        os.makedirs(c.out)
        notes_dir = os.path.join(work, "notes")
        os.makedirs(notes_dir)
        for f, t in NOTES.items():
            open(os.path.join(notes_dir, f), "w").write(t)
        runs = [Run(c, "fix", "fix", []), Run(c, "fix-unsafe", "fix", ["--unsafe-fixes"])]
        for label, args in migrations(name, c.base, [os.path.join("notes", f) for f in NOTES]):
            runs.append(Run(c, label, "migrate", args))
        lines = [f"fix-safety: {name}: Jekyll builds: {'yes' if jekyll else 'no (sitelint URL model only; --jekyll-ruby builds it)'}"]
        tsv = ["mode\trules\tdocument\twhat\tdetail"]
        for r in runs:
            started = time.monotonic()
            r.execute()
            r.notes.append(f"{time.monotonic() - started:.0f} s")
            docs = [p for p in r.changed if p.endswith((".md", ".markdown", ".html", ".htm"))]
            head = f"  {r.label}: {len(docs)} documents changed ({len(r.changed)} files)"
            if r.counts:
                head += "; fixes applied: " + ", ".join(f"{k} ×{v}" for k, v in sorted(r.counts.items()))
            if r.repairs:
                head += f"; {r.repairs} broken targets repaired"
            lines.append(head)
            lines += [f"    {n}" for n in r.notes]
            by_rule = {}
            for rules, doc, what, detail in r.diffs:
                by_rule.setdefault(rules, []).append((doc, what, detail))
                tsv.append("\t".join([r.label, rules, doc, what, detail.replace("\t", " ").replace("\n", " ")]))
            if not r.diffs:
                lines.append("    no difference")
            for rules, items in sorted(by_rule.items()):
                lines.append(f"    {rules}: {len(items)} difference{'s' if len(items) != 1 else ''}")
                for doc, what, detail in items[:6]:
                    lines.append(f"      {doc}: {what}: {detail}")
                if len(items) > 6:
                    lines.append(f"      ... {len(items) - 6} more in differences.tsv")
            if r.diffs and r.label != "fix-unsafe":
                failed = True
        report = "\n".join(lines)
        print(report, flush=True)
        open(os.path.join(c.out, "report.txt"), "w").write(report + "\n")
        open(os.path.join(c.out, "differences.tsv"), "w").write("\n".join(tsv) + "\n")
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"  work folder kept: {work}")
    print("fix-safety: " + ("FAILED: safe fixes or migrations change what a reader sees or where a link leads" if failed else "passed (safe fixes and migrations)"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
