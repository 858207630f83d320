"""Helpers of scripts/kramdown-conformance.

rewrite SITE LIST: replace Liquid in each listed Markdown document, in
place, identically for both readers (see the script's header).

compare CORPUS SITE SITELINT KRAMDOWN TSV: compare sitelint's extraction with
the attributes of kramdown's HTML, document by document; print the counts
and classes; write every difference to TSV; exit 1 on a difference of a
class not in KNOWN.
"""
import collections
import html
import html.parser
import json
import re
import sys

LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
HIGHLIGHT = re.compile(r"^[ \t]*\{%-?\s*highlight\b[^%]*%\}[ \t]*$(.*?)^[ \t]*\{%-?\s*endhighlight\s*-?%\}[ \t]*$", re.S | re.M)
RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def split_front(text):
    m = re.match(r"\A(\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", text, re.S | re.M)
    return (m.group(1), text[m.end():]) if m else ("", text)


def rewrite(site, listing):
    for line in open(listing, encoding="utf-8"):
        path = json.loads(line)["path"]
        full = f"{site}/{path}"
        text = open(full, encoding="utf-8").read()
        front, body = split_front(text)
        body = COMMENT.sub("", body)
        body = HIGHLIGHT.sub(lambda m: "~~~" + m.group(1) + "~~~", body)
        body = RAW.sub("", body)
        body = LIQUID.sub("LQ", body)
        open(full, "w", encoding="utf-8").write(front + body)


# the attributes sitelint reads as links (src/text/markdown.rs)
URL_ATTRIBUTES = {
    ("a", "href"): False, ("area", "href"): False, ("img", "src"): True,
    ("source", "src"): False, ("video", "src"): False, ("video", "poster"): True,
    ("audio", "src"): False, ("iframe", "src"): False, ("embed", "src"): False,
    ("link", "href"): False, ("script", "src"): False,
}


class Attributes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = set()
        self.ids = set()
        self.toc_depth = 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if a.get("id") == "markdown-toc":
            self.toc_depth += 1
            self.stack.append(tag)
        elif self.toc_depth and tag == self.stack[0] if self.stack else False:
            self.stack.append(tag)
        if a.get("id") is not None and not a["id"].startswith("markdown-toc-"):
            self.ids.add(a["id"])
        if "footnote" in cls or "reversefootnote" in cls or self.toc_depth:
            return
        for (el, attr), image in URL_ATTRIBUTES.items():
            if tag == el and a.get(attr) is not None:
                self.links.add((a[attr].strip(), image))

    def handle_endtag(self, tag):
        if self.stack and tag == self.stack[-1]:
            self.stack.pop()
            if not self.stack:
                self.toc_depth = 0


UNUSED = "unused reference definition (sitelint checks it; kramdown writes nothing)"
TABLE = "a line holding `|` is a kramdown table row: the link is split and shows broken"
LAZY = "heading line right after a list item's text: kramdown continues the item"


def classify(side, kind, value, doc, lines):
    """A difference's class: what causes it, where known."""
    if side == "sitelint" and kind == "link" and value[0] in doc.get("definitions", ()):
        return UNUSED
    if side == "sitelint" and kind == "link":
        for l in doc["links"]:
            if l["dest"] == value[0] and 0 < l["line"] <= len(lines):
                text = re.sub(r"`[^`]*`", "", lines[l["line"] - 1])
                if re.search(r"(?<!\\)\|", text):
                    return TABLE
    if side == "sitelint" and kind == "id":
        for i, text in enumerate(lines):
            if re.match(r"#{1,6}\s", text) and i > 0 and lines[i - 1].strip() and not lines[i - 1].startswith("#"):
                return LAZY
    return f"{side} only: {kind}"


KNOWN = {UNUSED, TABLE, LAZY}


def compare(corpus, site, sitelint_file, kramdown_file, tsv):
    ours = {}
    for line in open(sitelint_file, encoding="utf-8"):
        d = json.loads(line)
        ours[d["path"]] = d
    equal = differing = errors = 0
    classes = collections.Counter()
    examples = collections.defaultdict(list)
    with open(tsv, "w", encoding="utf-8") as out:
        out.write("# path\tclass\tkind\tvalue\n")
        for line in open(kramdown_file, encoding="utf-8"):
            k = json.loads(line)
            doc = ours[k["path"]]
            if "error" in k:
                errors += 1
                continue
            p = Attributes()
            p.feed(k["html"])
            p.close()
            links = {(html.unescape(l["dest"]).strip(), l["image"]) for l in doc["links"] if not l.get("definition")}
            defs = {html.unescape(l["dest"]).strip() for l in doc["links"] if l.get("definition")}
            doc["definitions"] = defs
            # a definition kramdown used is a link like any other
            links |= {(d, image) for d in defs for image in (False, True) if (d, image) in p.links}
            ids = set(doc["ids"])
            diffs = []
            for v in sorted(links - p.links):
                diffs.append(("sitelint", "link", v))
            for v in sorted(p.links - links):
                diffs.append(("kramdown", "link", v))
            for v in sorted(ids - p.ids):
                diffs.append(("sitelint", "id", (v,)))
            for v in sorted(p.ids - ids):
                diffs.append(("kramdown", "id", (v,)))
            if not diffs:
                equal += 1
                continue
            differing += 1
            lines = open(f"{site}/{k['path']}", encoding="utf-8").read().split("\n")
            for side, kind, v in diffs:
                c = classify(side, kind, v, doc, lines)
                classes[c] += 1
                if len(examples[c]) < 4:
                    examples[c].append(f"{k['path']}: {v[0]!r}" + (" (image)" if len(v) > 1 and v[1] else ""))
                out.write(f"{k['path']}\t{c}\t{kind}\t{v[0]}\n")
    print(f"kramdown-conformance: {corpus}: {equal} documents equal, {differing} differing"
          + (f", {errors} kramdown errors" if errors else ""))
    unknown = 0
    for c, n in classes.most_common():
        mark = "" if c in KNOWN else " [not understood]"
        if c not in KNOWN:
            unknown += n
        print(f"  {n:6}  {c}{mark}")
        for e in examples[c]:
            print(f"            {e}")
    return 1 if unknown else 0


if __name__ == "__main__":
    if sys.argv[1] == "rewrite":
        rewrite(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "compare":
        sys.exit(compare(*sys.argv[2:7]))
