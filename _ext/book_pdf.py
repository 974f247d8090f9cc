"""Print the single-page book to a PDF with Chromium (`make pdf` runs it).

    python _ext/book_pdf.py _build/singlehtml _build/pdf/backprop-from-scratch.pdf

The single-page build (Sphinx's ``singlehtml`` builder, the whole book in one page) is served on
127.0.0.1, opened in Debian's Chromium through Playwright (``playwright install`` is never run),
and printed once MathJax has typeset every formula: the PDF has the same typeset math, figures,
captions, numbered equations and bibliography as the HTML book. Before printing, every folded
solution and code cell is opened (the full edition), the book's navigation is hidden (print CSS
in _static/custom.css), and links into the page are made internal links of the PDF.
Nothing is fetched from outside the machine; a request that tries is an error.
"""

import argparse
import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

OUTLINE = True
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT_PAGE = "chapters/01_introduction.html"  # the book's root (_toc.yml), which singlehtml fills
# singlehtml writes that page's links (_static/, _images/) relative to the site's root, so the
# page is printed from a copy there.
PRINTED_PAGE = "book.html"

# Open what is folded, drop the page's own chrome, and turn links into the page into #anchors.
PREPARE = r"""() => {
    document.querySelectorAll(".toggle-hidden").forEach(e => e.classList.remove("toggle-hidden"));
    // Solutions and folded outputs open; a figure's folded plotting code stays out (print CSS).
    document.querySelectorAll("details:not(.above-input)").forEach(d => d.open = true);
    document.querySelectorAll(".toggle-button").forEach(b => b.remove());
    const here = location.href.split("#")[0];
    for (const a of document.querySelectorAll("a[href]")) {
        const url = new URL(a.getAttribute("href"), location.href);
        if (url.origin !== location.origin) continue;
        if (url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)))) {
            a.setAttribute("href", url.hash);
        } else if (url.href.split("#")[0] !== here && !url.pathname.endsWith(".pdf")) {
            a.removeAttribute("href");       // another page of the HTML book: not in the PDF
        }
    }
}"""
FOOTER = (
    '<div style="font-size:8px; width:100%; text-align:center; color:#444;">'
    '<span class="title"></span> · <span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_pdf(site, out, chromium=CHROMIUM):
    from playwright.sync_api import sync_playwright

    site, out = Path(site), Path(out)
    if not (site / ROOT_PAGE).is_file():
        raise SystemExit(
            f"book_pdf: {site / ROOT_PAGE} is missing: build the single-page book "
            "first (make pdf does)"
        )
    if not Path(chromium).exists():
        raise SystemExit(f"book_pdf: {chromium} is missing: sudo apt-get install chromium")
    out.parent.mkdir(parents=True, exist_ok=True)
    (site / PRINTED_PAGE).write_bytes((site / ROOT_PAGE).read_bytes())
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    errors = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            # The theme's search script asks for searchindex.js, which singlehtml does not write.
            page.on(
                "response",
                lambda r: (
                    r.status >= 400
                    and not r.url.endswith("/searchindex.js")
                    and errors.append(f"HTTP {r.status}: {r.url}")
                ),
            )
            page.on(
                "request",
                lambda r: (
                    urlsplit(r.url).hostname not in (None, "127.0.0.1")
                    and urlsplit(r.url).scheme not in ("data", "blob")
                    and errors.append(f"external request: {r.url}")
                ),
            )
            t0 = time.monotonic()
            page.goto(f"{base}/{PRINTED_PAGE}", wait_until="load")
            page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=30000)
            page.evaluate("() => MathJax.startup.promise")
            print(f"typeset in {time.monotonic() - t0:.1f} s", file=sys.stderr)
            page.wait_for_load_state("networkidle")
            page.evaluate(PREPARE)
            page.emulate_media(media="print")
            page.evaluate(
                "() => Promise.all([...document.images].map(i => i.decode().catch(() => 0)))"
            )
            tmp = out.with_suffix(".tmp.pdf")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                outline=OUTLINE,
                tagged=OUTLINE,
                margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
            )
            print(f"printed in {time.monotonic() - t0:.1f} s", file=sys.stderr)
            browser.close()
    finally:
        httpd.shutdown()
    if errors:
        Path(tmp).unlink(missing_ok=True)
        raise SystemExit("book_pdf: the page had errors:\n  " + "\n  ".join(errors))
    tmp.replace(out)  # a failed print leaves the previous PDF in place
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the single-page build (its folder)")
    parser.add_argument("out", help="the PDF to write")
    parser.add_argument(
        "--chromium", default=CHROMIUM, help=f"Chromium binary (default {CHROMIUM})"
    )
    args = parser.parse_args(argv)
    out = print_pdf(args.site, args.out, args.chromium)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
