"""Helpers shared by the scripts that build sites with real Jekyll."""
import os, shutil, subprocess

PACKAGES = ["jekyll", "ruby-jekyll-redirect-from", "ruby-jekyll-sitemap", "ruby-jekyll-feed"]


def ensure_jekyll():
    """Install Jekyll and its plugins from Debian when missing; False if impossible."""
    def ok():
        return shutil.which("jekyll") and subprocess.run(["gem", "list", "-i", "jekyll-sitemap"], capture_output=True).returncode == 0
    if not ok():
        subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], capture_output=True)
    return bool(ok())


def build_urls(site, dest):
    """Build `site` into `dest` with Jekyll; return the set of URLs served."""
    env = dict(os.environ, TZ="UTC", JEKYLL_ENV="production")
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
