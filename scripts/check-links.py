#!/usr/bin/env python3
"""Checks a built site folder, as a static web server would serve it:

1. every internal link and resource (a, link, img, script, CSS url(), the sitemap, ...) resolves
   to a file of the folder, and every #fragment to an id of its target page;
2. no page, stylesheet or SVG references another origin except by a plain <a href> link
   (no external scripts, stylesheets, fonts, images, frames, forms, ...), and nothing uses
   javascript: URLs.

usage: check-links.py DIR [--base /path/]

The site's path prefix (its base_url) is read from DIR/sitemap.xml when --base is not given.
Exits 1 when anything is broken or foreign, 2 on bad usage; standard library only.
"""

import argparse
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that make the browser load something (or send something) when present.
LOADING_ATTRS = {"src", "href", "srcset", "poster", "action", "formaction", "background", "xlink:href", "data", "imagesrcset"}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


def srcset_urls(value):
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class Page(HTMLParser):
    """The ids of one HTML (or SVG) file and every URL it references, with line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.refs = []  # (line, description, url, plain_link)
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attrs = [(k.lower(), v or "") for k, v in attrs]
        for k, v in attrs:
            if k == "id" or (k == "name" and tag == "a"):
                self.ids.add(v)
            if k == "style":
                for url in css_urls(v):
                    self.refs.append((line, f"<{tag} style> url()", url, False))
        rel = dict(attrs).get("rel", "")
        for k, v in attrs:
            if k not in LOADING_ATTRS or (k == "data" and tag != "object"):
                continue
            urls = srcset_urls(v) if k.endswith("srcset") else [v.strip()]
            for url in urls:
                plain = tag == "a" and k == "href"
                self.refs.append((line, f"<{tag}{' rel=' + rel if rel else ''} {k}>", url, plain))
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*(\S+)", dict(attrs).get("content", ""), re.I)
            if m:
                self.refs.append((line, "<meta http-equiv=refresh>", m.group(1).strip("'\""), False))
        if tag == "style":
            self.in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self.in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            for url in css_urls(data):
                self.refs.append((self.getpos()[0], "<style> url()", url, False))


def css_urls(text):
    return [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(text)]


def detect_base(root):
    """The path prefix and origin of the site, from the home page entry of its sitemap."""
    try:
        with open(os.path.join(root, "sitemap.xml"), encoding="utf-8") as f:
            m = re.search(r"<loc>([^<]*)</loc>", f.read())
    except OSError:
        m = None
    if not m:
        return "/", None
    parts = urlsplit(m.group(1).replace("&amp;", "&"))
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
    return (parts.path if parts.path.endswith("/") else parts.path + "/"), origin


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--base", help="the site's path prefix, e.g. /roadmap/ (default: from sitemap.xml)")
    args = ap.parse_args()
    root = os.path.abspath(args.dir)
    if not os.path.isdir(root):
        print(f"check-links: {args.dir} is not a folder", file=sys.stderr)
        return 2
    base, origin = detect_base(root)
    if args.base:
        base = "/" + args.base.strip("/") + "/" if args.base.strip("/") else "/"

    files = []
    for d, _, names in os.walk(root):
        files.extend(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/") for n in names)
    files.sort()
    pages = {}
    for rel in files:
        if rel.endswith((".html", ".htm", ".svg")):
            p = Page()
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                p.feed(f.read())
            p.close()
            pages[rel] = p
    if not any(r.endswith((".html", ".htm")) for r in pages):
        print(f"check-links: no HTML files under {args.dir}", file=sys.stderr)
        return 1

    def url_of(rel):
        """The URL path a file is served at (folders' index.html at the folder)."""
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return base + rel

    refs = []  # (file, line, description, url, plain_link)
    for rel, p in pages.items():
        refs.extend((rel, *r) for r in p.refs)
    for rel in files:
        if rel.endswith(".css"):
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    refs.extend((rel, n, "CSS url()", u, False) for u in css_urls(line))
    sitemap = os.path.join(root, "sitemap.xml")
    if os.path.exists(sitemap):
        with open(sitemap, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                refs.extend(("sitemap.xml", n, "<loc>", m.replace("&amp;", "&"), True) for m in re.findall(r"<loc>([^<]*)</loc>", line))

    broken, foreign, internal = [], [], 0
    for rel, line, what, url, plain in refs:
        where = f"{rel}:{line}: {what} {url!r}"
        if not url:
            continue
        scheme = urlsplit(url).scheme.lower()
        if scheme == "javascript":
            foreign.append(f"{where}: javascript: URL")
            continue
        if scheme == "data":
            continue
        target = urljoin((origin or "") + url_of(rel), url)
        parts = urlsplit(target)
        same_origin = not parts.netloc or (origin and f"{parts.scheme}://{parts.netloc}" == origin)
        if scheme in ("mailto", "tel") or not same_origin:
            if not plain:
                foreign.append(f"{where}: references another origin (only plain <a href> links may)")
            continue
        path = unquote(parts.path)
        if parts.netloc and plain and not path.startswith(base):
            continue  # a link to another part of the site's own host: not this site's to check
        internal += 1
        if not path.startswith(base):
            broken.append(f"{where}: points outside the site (its path prefix is {base})")
            continue
        file = path[len(base):]
        if file == "" or file.endswith("/"):
            file += "index.html"
        if file not in pages and not os.path.isfile(os.path.join(root, file)):
            hint = " (a folder: link to it with a trailing /)" if os.path.isdir(os.path.join(root, file)) else ""
            broken.append(f"{where}: no file {file}{hint}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and fragment != "top" and file in pages and fragment not in pages[file].ids:
            broken.append(f"{where}: {file} has no id {fragment!r}")

    for b in broken:
        print(f"broken link: {b}", file=sys.stderr)
    for x in foreign:
        print(f"foreign origin: {x}", file=sys.stderr)
    n_html = sum(1 for r in pages if not r.endswith(".svg"))
    print(
        f"check-links: {args.dir}: {n_html} pages, {len(refs)} references ({internal} internal): "
        f"{len(broken)} broken, {len(foreign)} to another origin"
    )
    return 1 if broken or foreign else 0


if __name__ == "__main__":
    sys.exit(main())
