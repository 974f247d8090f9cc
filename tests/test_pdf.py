"""The PDF of the whole book (`make pdf`, or `make test-pdf` which builds it and runs this file).

Read with pypdf: its pages, its text and the glyphs it draws. Expected values come from the
book's sources (_toc.yml, the chapters' titles, the figures' captions, the solutions), never
from the PDF itself. The glyph check is proved able to fail on a PDF Chromium prints with a
character no installed font has.
"""

import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
import yaml
from pypdf.generic import ContentStream, NameObject

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "backprop-from-scratch.pdf"
# It reads the PDF `make pdf` writes: run by `make test-pdf` (-m book), not by the unit tests.
pytestmark = pytest.mark.book
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")

# TeX or MyST source that must never reach a reader: math delimiters, macros, roles, fences.
RAW_SOURCE = re.compile(
    r"\\[()\[\]]|\$\$|\\(?:frac|sum|mathrm|mathbf|mathcal|left|right|begin|end|partial|lambda"
    r"|sigma|alpha|cdot|sqrt|text|top|label|tag)\b|\{(?:eq|ref|doc|cite|numref|math)\}`"
    r"|```\{|:::\{|\{(?:exercise|solution)-(?:start|end)\}|:label:|:class: dropdown"
)
# Characters a PDF shows where a font had no glyph, or text extraction found none.
BOX_CHARACTERS = "\ufffd\u25a1\u25af\u2610\u2327"


def normal(text):
    """NFKC (the ligature "ﬁ" is "fi"), straight quotes for Sphinx's curly ones, one space for
    any run of white space."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip()


def chapter_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [next(ROOT.glob(f"{f}.*")) for f in files]


def title_of(path):
    """The first level-1 heading of a chapter, as a reader sees it (no backticks)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", text, re.M).group(1)
    return normal(heading.replace("`", ""))


def figure_captions():
    captions = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
            if caption:
                captions.append((path.name, caption))
    return captions


def source_solutions():
    n = 0
    for path in sorted((ROOT / "chapters").glob("*")):
        if path.suffix in (".md", ".ipynb"):
            n += len(re.findall(r"\{solution(?:-start)?\}", path.read_text(encoding="utf-8")))
    return n


def page_operations(reader):
    """Each page's content stream parsed into its [(operands, operator)], the slow part of
    reading a PDF with pypdf: done once and shared by the checks below. The parsed stream
    (strings kept as bytes, as pypdf's text extraction parses it) becomes the page's /Contents
    in memory, so that extract_text reads it instead of parsing the same bytes again."""
    pages = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is None:
            pages.append([])
            continue
        stream = ContentStream(contents, reader, "bytes")
        pages.append(stream.operations)
        page[NameObject("/Contents")] = stream
    return pages


def missing_glyphs(reader, operations=None):
    """(page, font) of every glyph drawn as .notdef, the empty box of a missing character.

    Chromium embeds fonts as Type0 with Identity-H encoding (2-byte codes are glyph ids: id 0
    is .notdef) or as Type3 (1-byte codes, whose /Differences name /g0 for glyph 0).
    `operations` is page_operations(reader), when already parsed.
    """
    found = []
    if operations is None:
        operations = page_operations(reader)
    for number, (page, ops) in enumerate(zip(reader.pages, operations, strict=True), start=1):
        resources = page["/Resources"].get_object()
        fonts = {name: f.get_object() for name, f in resources.get("/Font", {}).items()}
        font = None
        for operands, operator in ops:
            if operator == b"Tf":
                font = fonts.get(operands[0])
                continue
            if operator not in (b"Tj", b"TJ", b"'", b'"') or font is None:
                continue
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for s in strings:
                if not isinstance(s, (bytes, str)) and not hasattr(s, "original_bytes"):
                    continue  # a TJ kerning number
                data = s.original_bytes if hasattr(s, "original_bytes") else bytes(s, "latin-1")
                if font["/Subtype"] == "/Type0":
                    codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
                    if 0 in codes:
                        found.append((number, str(font.get("/BaseFont"))))
                elif font["/Subtype"] == "/Type3":
                    names = glyph_names(font)
                    if any(names.get(c) == "/g0" for c in data):
                        found.append((number, "Type3"))
    return found


def count_images(page, operations):
    """The images of a page as pypdf's `len(page.images)` counts them: the image XObjects of
    its resources (and of the form XObjects among them), and its inline images (found in the
    already parsed `operations`, which `page.images` would parse again)."""

    def xobject_images(resources, forms):
        xobjects = None if resources is None else resources.get_object().get("/XObject")
        n = 0
        for xobject in [] if xobjects is None else xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                n += 1
            elif xobject.get("/Subtype") == "/Form" and id(xobject) not in forms:
                n += xobject_images(xobject.get("/Resources"), forms | {id(xobject)})
        return n

    inline = sum(1 for _, operator in operations if operator == b"INLINE IMAGE")
    return xobject_images(page.get("/Resources"), frozenset()) + inline


def glyph_names(type3_font):
    names, code = {}, 0
    for item in type3_font["/Encoding"].get_object()["/Differences"]:
        if isinstance(item, int):
            code = item
        else:
            names[code] = str(item)
            code += 1
    return names


@pytest.fixture(scope="module")
def reader():
    if not PDF.is_file():
        pytest.fail(f"{PDF} is missing: run `make pdf` first")
    return pypdf.PdfReader(PDF)


@pytest.fixture(scope="module")
def operations(reader):
    return page_operations(reader)


@pytest.fixture(scope="module")
def text(reader, operations):  # after `operations`: the text is read from the parsed streams
    return normal(" ".join(page.extract_text() or "" for page in reader.pages))


def test_page_count(reader):
    # The HTML book, printed on A4, is about 200 pages; far fewer means chapters are missing,
    # far more means the print layout broke (one formula per page, say).
    assert 120 <= len(reader.pages) <= 400, f"{len(reader.pages)} pages"


def test_every_chapter_title(text, reader):
    outline = normal(" | ".join(str(o["/Title"]) for o in flatten(reader.outline)))
    titles = [title_of(f) for f in chapter_files()]
    assert len(titles) >= 13  # the twelve chapters and appendices of the toc, the guide too
    missing = [t for t in titles if t not in text]
    assert not missing, f"chapter titles not in the PDF's text: {missing}"
    # Chromium drops the space where a long heading wrapped: compare without spaces.
    not_bookmarked = [t for t in titles if t.replace(" ", "") not in outline.replace(" ", "")]
    assert not not_bookmarked, f"chapter titles not in the PDF's bookmarks: {not_bookmarked}"


def flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def test_figures_with_captions(reader, text, operations):
    captions = figure_captions()
    assert len(captions) >= 19
    for name, caption in captions:
        # the caption's longest stretch of plain words: MathJax's glyphs are not text, and a
        # role such as {eq}`eq-dW` is printed as its number
        pieces = re.split(r"\$[^$]*\$|\{\w+\}`[^`]*`|`", caption)
        words = normal(max(pieces, key=lambda piece: len(piece.strip())))[:40]
        assert words and words in text, f"{name}: caption {words!r} not in the PDF"
    images = sum(count_images(page, ops) for page, ops in zip(reader.pages, operations))
    assert images >= len(captions), f"{images} images for {len(captions)} captioned figures"


def test_math_is_typeset_not_source(text):
    leaks = sorted({m.group(0) for m in RAW_SOURCE.finditer(text)})
    assert not leaks, f"TeX or MyST source in the PDF: {leaks}"


def test_full_edition_has_solutions_and_bibliography(text):
    # Each {solution} of the sources is printed open, with its title.
    assert text.count("Solution to Exercise") == source_solutions() > 0
    assert "Bibliography" in text and "Deep Neural Network from Scratch in Rust" in text
    assert "Click to show" not in text


def test_internal_links(reader):
    # Equation, section and exercise references are links inside the PDF.
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/Link" and (
                "/Dest" in annot
                or (action is not None and action.get_object().get("/S") == "/GoTo")
            ):
                internal += 1
    assert internal >= 100, f"only {internal} internal links"


def test_no_missing_glyph_boxes(reader, text, operations):
    boxes = sorted({c for c in text if c in BOX_CHARACTERS})
    assert not boxes, f"replacement or box characters in the PDF's text: {boxes}"
    missing = missing_glyphs(reader, operations)
    assert not missing, f"glyphs drawn as .notdef (empty boxes): {missing[:10]}"


def test_the_glyph_check_can_fail(tmp_path):
    """A character no installed font has (U+6F22, a CJK ideograph) is caught by missing_glyphs."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    fonts = subprocess.run(["fc-list", ":charset=6f22"], capture_output=True, text=True)
    if fonts.returncode != 0 or fonts.stdout.strip():
        pytest.skip("a font on this machine has U+6F22, or fc-list is missing")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "box.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content("<p style='font-family: DejaVu Sans'>ok \u6f22 ok</p>")
        page.pdf(path=str(out))
        browser.close()
    assert missing_glyphs(pypdf.PdfReader(out)), "a missing glyph was not detected"


def test_the_source_check_can_fail():
    assert RAW_SOURCE.search(r"the cost \(J\) is")
    assert RAW_SOURCE.search("as {eq}`eq-cost` says")
    assert not RAW_SOURCE.search("the cost J = −(1/m) Σ L(a, y) is (3)")
