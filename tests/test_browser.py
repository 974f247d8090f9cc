"""Open every page of the built book in headless Chromium and check it, offline.

Run `make book` first (or `make test-book`, which builds and then runs this file). Each page,
loaded at 390 px (a phone) and then widened to 1440 px, must show no console or page errors,
fetch nothing beyond 127.0.0.1, typeset its math with the book's own MathJax, load every image,
fold its solutions until their button is clicked (and again at a second click), and pass
axe-core's rules with no critical or serious violation (axe-core from npm, `make axe`). Each
page is also checked for what a reader sees: every image with a real alt text and every notebook
figure with a caption; one search field; no horizontal overflow of the text column; code
listings that scroll rather than wrap at column 0; display equations that fit or scroll; figures
not shrunk below 75 % at 390 px; inline math that never leaves its punctuation on the next line;
visible keyboard focus. Screenshots of every page at both widths go to _build/screenshots/.
Further tests: the search page's excerpts show no TeX source, a click on "Exercise N" in a
solution's title raises no error, every scroller keeps its tab stop when the sidebar slides in
slowly (a busy machine), every internal link (fragment included) points at something that
exists, and the PDF (when `make pdf` built it) is linked from every page.
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
from conftest import CHROMIUM
from conftest import CHROMIUM_FLAGS as FLAGS
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PDF = ROOT / "_build" / "pdf" / "backprop-from-scratch.pdf"
WIDTHS = (390, 1440)  # a phone, then a desktop window
NOT_PAGES = {"genindex.html", "search.html"}  # Sphinx's generated index and search pages
NOT_PAGE_DIRS = {"_static", "_sources", "_images"}


def is_redirect(path):
    """index.html is only a <meta http-equiv="Refresh"> to the root chapter."""
    return re.search(r'http-equiv="refresh"', path.read_text(encoding="utf-8"), re.I) is not None


def all_html():
    files = sorted(HTML.rglob("*.html")) if HTML.is_dir() else []
    return [f for f in files if not NOT_PAGE_DIRS & set(f.relative_to(HTML).parts)]


PAGES = [
    f.relative_to(HTML).as_posix()
    for f in all_html()
    if f.name not in NOT_PAGES and not (f.name == "index.html" and is_redirect(f))
]


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
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (sudo apt-get install "
            "chromium, or `make browser`); this test never runs `playwright install`"
        )
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


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `make axe` (npm ci installs axe-core from package.json)"
        )
    return AXE.read_text(encoding="utf-8")


# Layout facts of the page as the reader sees it, measured in the browser.
LAYOUT = r"""() => {
    const visible = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
    const article = document.querySelector("article.bd-article") || document.querySelector("main");
    const box = article.getBoundingClientRect();
    const out = {};
    // How far anything in the text column reaches past its right edge (or the window's):
    // a scroller (code, a wide equation) is measured as a box, its content is its own.
    let reach = -Infinity, pastWindow = -Infinity;
    const walk = e => {
        for (const c of e.children) {
            const s = getComputedStyle(c);
            if (s.display === "none" || s.position === "fixed") continue;
            const r = c.getBoundingClientRect();
            if (r.width > 0) {
                reach = Math.max(reach, r.right - box.right);
                pastWindow = Math.max(pastWindow, r.right - innerWidth);
            }
            if (s.overflowX === "visible" && !/^MJX-/.test(c.tagName)) walk(c);
        }
    };
    walk(article);
    // text (a long word, a URL) that runs past its own paragraph
    for (const e of article.querySelectorAll("p, li, dd, td, th, figcaption, h1, h2, h3, h4")) {
        if (getComputedStyle(e).overflowX === "visible" && !e.closest("pre, .pst-scrollable-table-container, div.math"))
            reach = Math.max(reach, e.scrollWidth - e.clientWidth);
    }
    out.pageOverflow = reach;
    out.pastWindow = pastWindow;
    out.columnOverflow = article.scrollWidth - article.clientWidth;
    out.searchFields = [...document.querySelectorAll(
        ".search-button-field, form.bd-search input[type=search], #search-input, input[name=q]")]
        .filter(e => visible(e) && !e.closest(".search-button__wrapper")).length;
    out.searchButtons = [...document.querySelectorAll(".search-button__button, input[name=q]")]
        .filter(e => visible(e) && !e.closest(".search-button__wrapper")).length;
    out.badAlt = [...document.images].map(i => i.getAttribute("alt") ?? "")
        .filter(a => a.trim().split(/\s+/).length < 3 || /\.(png|jpe?g|svg|gif)$|_images\//i.test(a));
    out.uncaptioned = [...document.querySelectorAll(".cell_output img")]
        .filter(i => !(i.closest("figure")?.querySelector("figcaption")?.textContent.trim()))
        .map(i => i.getAttribute("alt"));
    out.wrappedListings = [...document.querySelectorAll(
        ".cell_output div[class*='highlight-python'] pre, div.cell_input pre")]
        .filter(p => getComputedStyle(p).whiteSpace !== "pre" ||
                     !["auto", "scroll"].includes(getComputedStyle(p).overflowX)).length;
    out.cutEquations = [...document.querySelectorAll("mjx-container[display='true']")]
        .filter(m => { const r = m.getBoundingClientRect(), s = getComputedStyle(m);
            const scrolls = ["auto", "scroll"].includes(s.overflowX);
            return r.right > box.right + 1 || (m.scrollWidth > m.clientWidth + 1 && !scrolls); })
        .map(m => m.textContent.slice(0, 40));
    out.shrunkFigures = [...document.querySelectorAll(".cell_output figure img")]
        .filter(i => i.naturalWidth && i.getBoundingClientRect().width < 0.74 * i.naturalWidth)
        .map(i => `${Math.round(i.getBoundingClientRect().width)} of ${i.naturalWidth} px`);
    // inline math followed (or preceded) by punctuation in the same text: always wrapped together
    out.looseMath = [...document.querySelectorAll("span.math")].filter(m => {
        if (m.closest(".math-nowrap")) return false;
        const next = m.nextSibling, prev = m.previousSibling;
        return (next && next.nodeType === 3 && /^[)\].,;:!?]/.test(next.textContent)) ||
               (prev && prev.nodeType === 3 && /[(\[]$/.test(prev.textContent));
    }).length;
    out.brokenNowrap = [...document.querySelectorAll(".math-nowrap")]
        .filter(e => visible(e) && e.getClientRects().length > 1).map(e => e.textContent.slice(0, 30));
    return out;
}"""
FOCUS = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return {tag: e.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0}; }"""


# The theme makes a scrolling code cell focusable 300 ms after the last resize event (a
# debounced handler); the book's own (_static/book.js) follows each scroller's box. A widened
# window slides the sidebar in (a 0.25 s CSS transition). The page counts as settled 400 ms after
# the last resize event, once no transition runs, and one frame later (when ResizeObserver's
# callbacks have run).
SETTLE_AFTER_RESIZE = """() => { window.__settled = false; let t;
    addEventListener("resize", () => { clearTimeout(t);
        t = setTimeout(() => { window.__settled = true; }, 400); }); }"""
SETTLED = """() => window.__settled === true && document.getAnimations().every(a =>
    a.playState !== "running" || a.effect?.getTiming().iterations === Infinity)"""
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


class Loaded:
    """A page of the book open in its own browser context, with what its listeners caught."""

    def __init__(self, browser, server, path, width):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.external = [], []
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: self.errors.append(f"request failed: {r.url} ({r.failure})"),
        )
        page.on(
            "request",
            lambda r: (
                urlsplit(r.url).scheme not in ("data", "blob", "about")
                and urlsplit(r.url).hostname != "127.0.0.1"
                and self.external.append(r.url)
            ),
        )
        page.goto(f"{server}/{path}", wait_until="load")

    def resize(self, width):
        """The same page at another width, once its resize handlers have run."""
        self.page.evaluate(SETTLE_AFTER_RESIZE)
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.wait_for_function(SETTLED, timeout=10000)
        self.page.evaluate(NEXT_FRAME)
        self.page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
        self.page.mouse.move(0, 0)  # off the text: a hovered heading shows its link mark


# Each page is loaded once, at WIDTHS[0] (a phone), and kept for its test at the next width,
# where the window is widened: a reader who turns a tablet or widens a window, and one load
# of the page and its math instead of two. A page whose test failed is not kept.
_kept = {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES or ["(no built pages)"])
def test_page(path, width, server, browser, axe_source):
    loaded = _kept.pop(path, None)
    if loaded is None:
        loaded = Loaded(browser, server, path, width)
    else:
        loaded.errors.clear()
        loaded.resize(width)
    page, errors, external = loaded.page, loaded.errors, loaded.external
    keep = False
    try:
        if page.evaluate(HAS_MATH):
            try:
                page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15000)
            except PlaywrightTimeout:
                pytest.fail(f"MathJax never started on {path}; external requests: {external}")
            page.evaluate("() => MathJax.startup.promise")  # resolves once typeset
            assert page.locator("mjx-container").count() >= 1, f"{path}: math was not typeset"
            tex_errors = page.eval_on_selector_all(
                "mjx-merror", "es => es.map(e => e.getAttribute('data-mjx-error'))"
            )
            assert not tex_errors, f"{path}: TeX errors: {tex_errors}"
        # the fonts and every image, decoded (what the screenshot and the layout need; a
        # request that still comes later is caught by the listeners until the end of the test)
        page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")
        broken = page.evaluate(BROKEN_IMAGES)
        assert not broken, f"{path}: images that did not load: {broken}"
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{path.removesuffix('.html').replace('/', '_')}-{width}.png")

        layout = page.evaluate(LAYOUT)
        where = f"{path} at {width} px"
        # (an admonition's title bar reaches a few px into the column's padding: allowed)
        assert layout["pageOverflow"] <= 8, (
            f"{where}: something reaches {layout['pageOverflow']:.0f} px past the text column"
        )
        assert layout["pastWindow"] <= 0, (
            f"{where}: something reaches {layout['pastWindow']:.0f} px past the window"
        )
        assert layout["columnOverflow"] <= 1, f"{where}: the text column overflows"
        expected_fields = 1 if width >= 1200 else 0  # narrow: the field is in the drawer
        if path == "search.html":
            expected_fields = 1  # the page's own search form
        assert layout["searchFields"] == expected_fields, (
            f"{where}: {layout['searchFields']} search fields"
        )
        assert layout["searchButtons"] == 1, f"{where}: {layout['searchButtons']} ways to search"
        assert not layout["badAlt"], f"{where}: images without a real alt text: {layout['badAlt']}"
        assert not layout["uncaptioned"], (
            f"{where}: figures without a caption: {layout['uncaptioned']}"
        )
        assert not layout["wrappedListings"], f"{where}: code listings that wrap instead of scroll"
        assert not layout["cutEquations"], (
            f"{where}: display equations cut off: {layout['cutEquations']}"
        )
        if width < 768:
            assert not layout["shrunkFigures"], (
                f"{where}: figures shrunk: {layout['shrunkFigures']}"
            )
        assert not layout["looseMath"], (
            f"{where}: {layout['looseMath']} inline math may break from its punctuation"
        )
        assert not layout["brokenNowrap"], (
            f"{where}: math split from its punctuation: {layout['brokenNowrap']}"
        )

        page.add_script_tag(content=axe_source)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("critical", "serious")
        ]
        assert not bad, f"{where}: axe-core violations:\n" + "\n".join(bad)

        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["tag"] != "BODY", f"{where}: Tab focuses nothing"
        assert focus["style"] != "none" and focus["width"] >= 2, (
            f"{where}: focus not visible: {focus}"
        )

        solutions = page.locator("div.solution.dropdown")
        for i in range(solutions.count()):
            body = solutions.nth(i).locator("section").first
            assert body.is_hidden(), f"{where}: solution {i + 1} is open before its click"
            # The button, not the title: the title is a link to the exercise.
            button = solutions.nth(i).locator("button.toggle-button")
            button.click()
            try:
                body.wait_for(state="visible", timeout=5000)
            except PlaywrightTimeout:
                pytest.fail(f"{where}: solution {i + 1} did not open when its button was clicked")
            button.click()
            try:
                body.wait_for(state="hidden", timeout=5000)
            except PlaywrightTimeout:
                pytest.fail(f"{where}: solution {i + 1} did not fold again at a second click")

        assert not external, f"{path}: requests that leave 127.0.0.1: {external}"
        assert not errors, f"{where}: errors in the browser: {errors}"
        keep = width != WIDTHS[-1]
    finally:
        if keep:
            _kept[path] = loaded
        else:
            loaded.context.close()


SOLUTION_PAGES = [
    p
    for p in PAGES
    if "solution" in (HTML / p).read_text(encoding="utf-8")
    and 'class="solution' in (HTML / p).read_text(encoding="utf-8")
]


@pytest.mark.parametrize("path", SOLUTION_PAGES[:2] or ["(no solutions)"])
def test_solution_title_link(path, server, browser):
    """Clicking "Exercise N" in a folded solution's title goes to the exercise, with no error."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(f"{server}/{path}", wait_until="load")
        link = page.locator("div.solution .admonition-title a").first
        target = link.get_attribute("href").split("#")[-1]
        link.click()
        page.wait_for_function(f"() => location.hash === '#{target}'", timeout=5000)
        page.wait_for_timeout(200)
        assert not errors, f"{path}: clicking the solution's title link: {errors}"
    finally:
        page.close()


# What scrolls, and so must take focus while it overflows: the book's scrollers and the theme's.
UNFOCUSABLE_SCROLLERS = """() => [...document.querySelectorAll(
    "pre, .cell_output > .output, .cell_output figure, div.math, mjx-container[display='true']")]
    .filter(e => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName.toLowerCase()}#${e.id} (tabindex ${e.getAttribute("tabindex")})`)"""
WIDE_CODE_PAGE = "chapters/08_gradient_check.html"  # code cells that scroll at 1440 px


def test_tab_stops_follow_a_slow_sidebar(server, browser):
    """A window widened on a busy machine: the sidebar slides in slower than the theme's
    debounced look at the code cells (here its CSS transition runs at a twentieth of its speed),
    which then saw a column still wide. Every visible scroller still ends with its tab stop."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/{WIDE_CODE_PAGE}", wait_until="load")
        page.evaluate("() => MathJax.startup.promise")
        cdp = context.new_cdp_session(page)
        cdp.send("Animation.enable")
        cdp.send("Animation.setPlaybackRate", {"playbackRate": 0.05})
        page.set_viewport_size({"width": 1440, "height": 900})
        page.wait_for_timeout(800)  # the theme's handler runs mid-slide
        cdp.send("Animation.setPlaybackRate", {"playbackRate": 1})
        page.wait_for_function(SETTLED.replace("window.__settled === true && ", ""))
        page.evaluate(NEXT_FRAME)
        wide = page.evaluate(
            """() => [...document.querySelectorAll("div.cell_input pre")]
                .filter(e => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1).length"""
        )
        assert wide >= 1, f"{WIDE_CODE_PAGE} has no code cell that scrolls at 1440 px any more"
        unfocusable = [
            s for s in page.evaluate(UNFOCUSABLE_SCROLLERS) if not s.endswith("(tabindex 0)")
        ]
        assert not unfocusable, f"scrollers without a tab stop after widening: {unfocusable}"
    finally:
        context.close()


# TeX source: math delimiters and the macros the book uses (code such as n_{l-1} is not TeX).
RAW_TEX = re.compile(
    r"\\[()\[\]]|\$\$|\\(?:frac|sum|mathrm|mathbf|mathcal|left|right|partial|lambda|sigma|alpha"
    r"|cdot|sqrt|top|begin|end|text|times|log|ell|hat|bar|le|ge|in|prod|lVert|rVert)\b"
)


@pytest.mark.parametrize("query", ["backward", "sigmoid"])
def test_search_excerpts_without_tex(query, server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server}/search.html?q={query}", wait_until="load")
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results li p.context').length >= 3",
            timeout=20000,
        )
        page.wait_for_timeout(500)  # the other excerpts arrive one by one
        excerpts = page.eval_on_selector_all(
            "#search-results li p.context", "ps => ps.map(p => p.textContent)"
        )
        leaks = [e for e in excerpts if RAW_TEX.search(e)]
        assert not leaks, f"search excerpts with TeX source: {leaks[:3]}"
        assert not errors, errors
    finally:
        page.close()


def test_the_tex_pattern_can_fail():
    assert RAW_TEX.search(r"the gradient \(dA^{[L]}\) arrives")
    assert not RAW_TEX.search("the gradient dA^[L] arrives (3)")


def test_pdf_is_linked(site):
    if not PDF.is_file():
        pytest.skip("no PDF: `make pdf` builds it (make test does)")
    assert (site / PDF.name).is_file(), "the PDF was not copied into the HTML book"
    unlinked = [p for p in PAGES if PDF.name not in (site / p).read_text(encoding="utf-8")]
    assert not unlinked, f"pages without a link to the PDF: {unlinked}"


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
                continue  # external: not ours to check
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
