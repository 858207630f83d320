"""Helpers shared by the scripts that build sites with real Jekyll."""
import datetime, functools, hashlib, json, os, shutil, subprocess

# URL sets of builds already made, by what decides them: the scripts build
# the same pristine copy of a corpus several times (before each migration,
# fix and date format), and a civilservice-lgbt build takes 20-45 s
MEMO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "jekyll-memo")

PACKAGES = ["jekyll", "ruby-jekyll-redirect-from", "ruby-jekyll-sitemap", "ruby-jekyll-feed"]


def ensure_jekyll():
    """Install Jekyll and its plugins from Debian when missing; False if impossible."""
    def ok():
        return shutil.which("jekyll") and subprocess.run(["gem", "list", "-i", "jekyll-sitemap"], capture_output=True).returncode == 0
    if not ok():
        subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], capture_output=True)
    return bool(ok())


@functools.cache
def jekyll_version():
    """`jekyll --version`, asked once per process."""
    return subprocess.run(["jekyll", "--version"], capture_output=True, text=True).stdout


def site_key(site, env):
    """What a build's URL set depends on: every file of the site (path and
    bytes), Jekyll's version, the environment it reads and today's date
    (future-dated posts are published by the clock)."""
    h = hashlib.sha256()
    for part in (jekyll_version(), env.get("TZ", ""), env.get("JEKYLL_ENV", ""), datetime.datetime.now(datetime.timezone.utc).date().isoformat()):
        h.update(part.encode() + b"\0")
    for dirpath, dirs, files in os.walk(site):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            h.update(os.path.relpath(path, site).encode("utf-8", "surrogateescape") + b"\0")
            if os.path.islink(path):
                h.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                with open(path, "rb") as fh:
                    h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def build_urls(site, dest):
    """Build `site` into `dest` with Jekyll; return the set of URLs served.
    A site whose files are byte for byte those of one built before (today,
    with the same Jekyll) is not built again: its URL set is read from
    target/jekyll-memo/, and `dest` is left unmade."""
    env = dict(os.environ, TZ="UTC", JEKYLL_ENV="production")
    key = site_key(site, env)
    memo = os.path.join(MEMO, key + ".json")
    if os.path.exists(memo):
        with open(memo, encoding="utf-8") as f:
            return set(json.load(f))
    r = subprocess.run(["jekyll", "build", "-q", "-s", site, "-d", dest], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"jekyll build failed:\n{r.stderr}")
    urls = set()
    for dirpath, _, files in os.walk(dest):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), dest).replace(os.sep, "/")
            if rel == "index.html":
                urls.add("/")
            elif rel.endswith("/index.html"):
                urls.add("/" + rel[: -len("index.html")])
            else:
                urls.add("/" + rel)
    os.makedirs(MEMO, exist_ok=True)
    tmp = f"{memo}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(sorted(urls), f)
    os.replace(tmp, memo)
    return urls


def minimal_layouts(site):
    """Make a copy of the real site buildable here: drop the remote theme
    (it cannot be fetched) and give every layout name a minimal layout."""
    path = os.path.join(site, "_config.yml")
    with open(path) as f:
        config = f.read()
    config = "\n".join(l for l in config.split("\n") if not l.startswith("remote_theme:") and "jekyll-remote-theme" not in l)
    with open(path, "w") as f:
        f.write(config)
    for gemfile in ("Gemfile", "Gemfile.lock"):
        if os.path.exists(os.path.join(site, gemfile)):
            os.remove(os.path.join(site, gemfile))
    os.makedirs(os.path.join(site, "_layouts"), exist_ok=True)
    names = set()
    for dirpath, _, files in os.walk(site):
        for f in files:
            if f.endswith((".md", ".html")):
                with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                    for line in fh:
                        if line.startswith("layout:"):
                            names.add(line.split(":", 1)[1].strip().strip("'\""))
    for n in names | {"default", "page", "news", "publication", "event", "topic", "tools", "agenda", "notice", "consultation"}:
        p = os.path.join(site, "_layouts", n + ".html")
        if n and "/" not in n and not os.path.exists(p):
            with open(p, "w") as f:
                f.write("<html><body>{{ content }}</body></html>\n")
