"""Cases for scripts/invisible-conformance: Markdown lines with an invisible
character between every pair of interesting neighbours, in every block
context; and the comparison of kramdown's HTML before and after
`sitelint fix --select TXT003` (safe fixes only).

  python3 invisible_conformance.py generate SITE
  python3 invisible_conformance.py compare BEFORE.jsonl AFTER.jsonl
"""
import itertools
import json
import os
import sys

INVISIBLE = ["\ufeff", "\u200b", "\u2060", "\u180e", "\u200c", "\u200d"]

# what comes before the character on its line, what sits either side of
# it, and what follows
PREFIXES = ["", "  ", "- ", "> ", "1. ", "# ", "text ", "| a | ", "[^1]: "]
LEFT = ["", " ", "a", "7", "-", "+", "*", ">", "#", "##", "_", "\\", "&am", "<d",
        "</d", "[", "[a", "{:", ":sm", "`", "|", "=", ".", ")", "1", "12", "]", "---"]
RIGHT = ["", " ", "a", "7", "-", "*", "_", "iv>", "p;", "]", "] text", "](/x)",
         "2. x", "2) x", "6/07 x", ". x", "[a](/x)", "(x)", "--", "|", "=", "'s", "ile:", "x}", " *"]
BEFORE = ["", "Para line\n"]
AFTER = ["", "\nnext line\n", "\n===\n", "\n\n[a]: /ref\n*[ab]: Abbr\n"]


def generate(site):
    os.makedirs(os.path.join(site, "cases"), exist_ok=True)
    with open(os.path.join(site, "_config.yml"), "w") as f:
        f.write("title: invisible characters\n")
    n = 0
    params = []
    for before, prefix, left, right, after in itertools.product(BEFORE, PREFIXES, LEFT, RIGHT, AFTER):
        ch = INVISIBLE[n % len(INVISIBLE)] if n % 3 == 0 else "\ufeff"
        body = f"{before}{prefix}{left}{ch}{right}{after}"
        with open(os.path.join(site, "cases", f"{n:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: case {n}\n---\n{body}\n")
        params.append([prefix, left, right])
        n += 1
    with open(os.path.join(site, "list.jsonl"), "w") as f:
        for i in range(n):
            f.write(json.dumps({"path": f"cases/{i:05}.md", "case": params[i]}) + "\n")
    print(n)


def strip(html):
    for c in INVISIBLE:
        html = html.replace(c, "")
    return html


def compare(before_path, after_path, root_before, root_after):
    before = {}
    with open(before_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            before[d["path"]] = d
    cases = {}
    with open(os.path.join(root_before, "list.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            cases[d["path"]] = tuple(d["case"])
    kinds = {}
    changed = failed = 0
    with open(after_path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            b = before[a["path"]]
            src_b = open(os.path.join(root_before, a["path"]), encoding="utf-8").read()
            src_a = open(os.path.join(root_after, a["path"]), encoding="utf-8").read()
            if src_a == src_b:
                continue
            changed += 1
            if strip(b.get("html", "")) != strip(a.get("html", "")):
                failed += 1
                kinds[cases[a["path"]]] = kinds.get(cases[a["path"]], 0) + 1
                if failed <= 5:
                    print(f"invisible-conformance: {a['path']}: the safe fix changes the HTML", file=sys.stderr)
                    print(f"  source before: {src_b.split('---', 2)[2]!r}", file=sys.stderr)
                    print(f"  source after:  {src_a.split('---', 2)[2]!r}", file=sys.stderr)
                    print(f"  html before: {b.get('html')!r}", file=sys.stderr)
                    print(f"  html after:  {a.get('html')!r}", file=sys.stderr)
    for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {v:4} prefix {k[0]!r} left {k[1]!r} right {k[2]!r}", file=sys.stderr)
    print(f"invisible-conformance: {len(before)} cases, {changed} changed by safe fixes, "
          f"{failed} of them render differently")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        sys.exit(compare(*sys.argv[2:6]))
