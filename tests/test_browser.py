"""Open every page of the built book in headless Chromium and check it, offline.

Run `make book` first (or `make test-book`, which builds and then runs this file). Each page must
load with no console or page errors, fetch nothing beyond 127.0.0.1, typeset its math with the
book's own MathJax, load every image, and fold its solutions until their button is clicked.
A second test checks that every internal link, fragment included, points at something that exists.
Chromium is Debian's (/usr/bin/chromium), driven by Playwright; `playwright install` is never run.
"""

import re
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOT_PAGES = {"genindex.html", "search.html"}   # Sphinx's generated index and search pages
NOT_PAGE_DIRS = {"_static", "_sources", "_images"}


def is_redirect(path):
    """index.html is only a <meta http-equiv="Refresh"> to the root chapter."""
    return re.search(r'http-equiv="refresh"', path.read_text(encoding="utf-8"), re.I) is not None


def all_html():
    files = sorted(HTML.rglob("*.html")) if HTML.is_dir() else []
    return [f for f in files if not NOT_PAGE_DIRS & set(f.relative_to(HTML).parts)]


PAGES = [f.relative_to(HTML).as_posix() for f in all_html()
         if f.name not in NOT_PAGES and not (f.name == "index.html" and is_redirect(f))]


@pytest.fixture(scope="session")
def site():
    if not PAGES:
        pytest.fail(f"no built pages in {HTML}: run `make book` first")
    return HTML


@pytest.fixture(scope="session")
def server(site):
    """Serve the built book on a free 127.0.0.1 port for the whole session."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"http.server did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium (sudo apt-get install "
                    "chromium, or `make browser`); this test never runs `playwright install`")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


# Elements whose text MathJax typesets (see MathJax's processHtmlClass in the built pages).
HAS_MATH = r"""() => document.querySelector('.math') !== null ||
    [...document.querySelectorAll('.output_area, .mathjax_process, .tex2jax_process')]
        .some(e => /\\\(|\\\[|\$\$/.test(e.textContent))"""
BROKEN_IMAGES = """async () => {
    const broken = [];
    for (const img of document.images) {
        img.loading = "eager";
        try { await img.decode(); } catch (e) { /* judged below */ }
        if (!(img.complete && img.naturalWidth > 0)) broken.push(img.currentSrc || img.src);
    }
    return broken;
}"""


@pytest.mark.parametrize("path", PAGES or ["(no built pages)"])
def test_page(path, server, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors, external = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} ({r.failure})"))
    page.on("request", lambda r: urlsplit(r.url).scheme not in ("data", "blob", "about")
            and urlsplit(r.url).hostname != "127.0.0.1" and external.append(r.url))
    try:
        page.goto(f"{server}/{path}", wait_until="load")
        if page.evaluate(HAS_MATH):
            try:
                page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15000)
            except PlaywrightTimeout:
                pytest.fail(f"MathJax never started on {path}; external requests: {external}")
            page.evaluate("() => MathJax.startup.promise")      # resolves once typeset
            assert page.locator("mjx-container").count() >= 1, f"{path}: math was not typeset"
            tex_errors = page.eval_on_selector_all(
                "mjx-merror", "es => es.map(e => e.getAttribute('data-mjx-error'))")
            assert not tex_errors, f"{path}: TeX errors: {tex_errors}"
        page.wait_for_load_state("networkidle")                  # fonts, images
        broken = page.evaluate(BROKEN_IMAGES)
        assert not broken, f"{path}: images that did not load: {broken}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / (path.removesuffix(".html").replace("/", "_") + ".png"))

        solutions = page.locator("div.solution.dropdown")
        for i in range(solutions.count()):
            body = solutions.nth(i).locator("section").first
            assert body.is_hidden(), f"{path}: solution {i + 1} is open before its click"
            # The button, not the title: the title is a link to the exercise.
            solutions.nth(i).locator("button.toggle-button").click()
            try:
                body.wait_for(state="visible", timeout=5000)
            except PlaywrightTimeout:
                pytest.fail(f"{path}: solution {i + 1} did not open when its button was clicked")

        assert not external, f"{path}: requests that leave 127.0.0.1: {external}"
        assert not errors, f"{path}: errors in the browser: {errors}"
    finally:
        context.close()


class Links(HTMLParser):
    """The ids and <a href>s of one HTML file (plus a meta-refresh target)."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.hrefs = set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.hrefs.append((attrs.get("content") or "").split("url=", 1)[-1])


def test_internal_links(site):
    parsed = {f: Links(f.read_text(encoding="utf-8")) for f in all_html()}
    broken = []
    for source, links in parsed.items():
        for href in links.hrefs:
            url = urlsplit(href)
            if url.scheme or url.netloc:
                continue                                     # external: not ours to check
            target = (source.parent / unquote(url.path)).resolve() if url.path else source
            if target.is_dir():
                target = target / "index.html"
            where = f"{source.relative_to(site)}: {href}"
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(f"{where} -> no such file")
            elif url.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or Links(target.read_text(encoding="utf-8"))).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where} -> no id {url.fragment!r} in {target.name}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
