"""The book's fixes to the HTML theme, as a Sphinx extension (listed in _config.yml).

Each fix is here because the theme's own output fails a reader, axe-core or both:

- one search box: pydata-sphinx-theme 0.17 puts a search field in a top bar whenever
  ``navbar_persistent`` is unset, beside the one sphinx-book-theme puts in the sidebar. Jupyter
  Book 1 builds ``html_theme_options`` itself (setting it in _config.yml would replace all of it),
  so the key is added here, before the theme reads it;
- the bibliography's list: docutils writes ``role="list"`` on the citation list but
  ``role="doc-biblioentry"`` (deprecated in ARIA 1.3, and no list item) on its entries, so the
  list has children a list may not have (axe: aria-required-children, critical). The entries
  become ``role="listitem"``;
- folded code cells: MyST-NB names their <summary> "Toggle hidden content", which does not
  contain its visible text "Show code cell source" (axe: label-content-name-mismatch); the
  visible text becomes the name;
- inline math and its punctuation: a line may break between ``$x$`` and the ``)``, ``,`` or
  ``.`` after it (or the ``(`` before it). Each such pair is wrapped in a
  ``<span class="math-nowrap">`` (white-space: nowrap in _static/custom.css);
- static files: _static/ is copied on every build (Sphinx skipped it when no page changed);
- the PDF of the whole book (``make pdf``) is linked from every page's sidebar
  (``_templates/sidebar-pdf.html``); ``pdf_edition`` in the page context says whether this build
  is the PDF's source (the single-page build), which leaves the link out.
"""

import re
import shutil
from pathlib import Path

# An inline math span as Sphinx writes it: <span class="math notranslate nohighlight">\(..\)</span>
# (its TeX is HTML-escaped, so it holds no "<"; it may hold line breaks).
MATH = r'<span class="math notranslate nohighlight">\\\([^<]*?\\\)</span>'
# Punctuation that must stay on the math's line: closing after it, opening before it.
AFTER = r"[)\].,;:!?\u2019\u201d]+"
BEFORE = r"[(\[\u2018\u201c]+"
MATH_AND_PUNCTUATION = re.compile(rf"(?:{BEFORE})?{MATH}(?:{AFTER})|(?:{BEFORE}){MATH}")


def nowrap_math(body):
    """Wrap inline math with the punctuation that touches it in a no-wrap span."""
    return MATH_AND_PUNCTUATION.sub(
        lambda m: f'<span class="math-nowrap">{m.group(0)}</span>', body
    )


def bibliography_roles(body):
    """Entries of the citation list are list items (docutils writes doc-biblioentry)."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def summary_names(body):
    """A folded cell's "Show code cell source" is its own accessible name.

    MyST-NB labels the <summary> "Toggle hidden content", a name that does not contain the
    visible text (axe: label-content-name-mismatch); without the label the text is the name.
    """
    return body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def _theme_options(app, config):
    config.html_theme_options.setdefault("navbar_persistent", [])
    # An "html" config value: when the PDF appears or goes, Sphinx rewrites every page.
    config.book_pdf_available = (
        Path(app.confdir) / "_build" / "pdf" / config.book_pdf_file
    ).is_file()


def _page_context(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = nowrap_math(summary_names(bibliography_roles(context["body"])))
    context["pdf_edition"] = app.builder.name == "singlehtml"
    context["pdf_file"] = app.config.book_pdf_file
    context["pdf_available"] = app.config.book_pdf_available


def _pdf(app):
    """Where `make pdf` writes the PDF (_build/pdf/, beside the HTML book)."""
    return Path(app.confdir) / "_build" / "pdf" / app.config.book_pdf_file


def _copy_pdf(app, exc):
    if exc is None and app.builder.name == "html" and _pdf(app).is_file():
        shutil.copy2(_pdf(app), Path(app.outdir) / app.config.book_pdf_file)


def _singlehtml_handlers(app):
    """The single-page build (the PDF's source) renders every node the html build renders.

    Extensions such as MyST-NB register their HTML visitors for the "html" builder only, so
    the "singlehtml" builder failed on a folded code cell (HideCodeCellNode).
    """
    if app.builder.name == "singlehtml":
        handlers = app.registry.translation_handlers
        for node, visitors in handlers.get("html", {}).items():
            handlers.setdefault("singlehtml", {}).setdefault(node, visitors)


def _refresh_static(app, exc):
    """Copy the book's _static/ files on every build, also when no page is out of date.

    Sphinx skips its whole write phase ("no targets are out of date"), static files included,
    so an edit to _static/custom.css alone never reached the built book.
    """
    if exc is not None or app.builder.format != "html":
        return
    source, target = Path(app.confdir) / "_static", Path(app.outdir) / "_static"
    for f in source.rglob("*"):
        if f.is_file():
            dest = target / f.relative_to(source)
            if not dest.is_file() or dest.read_bytes() != f.read_bytes():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest)


def setup(app):
    app.add_config_value("book_pdf_file", "backprop-from-scratch.pdf", "html")
    app.add_config_value("book_pdf_available", False, "html")
    app.connect("config-inited", _theme_options)
    app.connect("builder-inited", _singlehtml_handlers)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_pdf)
    app.connect("build-finished", _refresh_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
