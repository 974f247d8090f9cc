"""What a reader of the repository expects: the README's first screen, its sections, the
licences, the citation file; and the book's HTML fixes (_ext/book_html.py) on hand-written HTML."""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import book_html  # noqa: E402

MATH = '<span class="math notranslate nohighlight">\\({}\\)</span>'


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert "make book" in first_screen and "make test" in first_screen


def test_readme_sections():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needed in (
        "## Prerequisites",
        "macOS",
        "Windows",
        "WSL",
        "## Opening the book",
        "make serve",
        "## Troubleshooting",
        "OPENBLAS_NUM_THREADS",
        "labextension",
        "python -m dnn predict",
        "make pdf",
        "CC BY 4.0",
        "CITATION.cff",
    ):
        assert needed in readme, needed


def test_licences():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in cc
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "CC BY 4.0" in yaml.safe_load(config)["html"]["extra_footer"]


def test_citation_file():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "license"):
        assert cff[key], key
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert set(cff["license"]) == {"CC-BY-4.0", "MIT"}


def test_inline_math_keeps_its_punctuation():
    body = f"see ({MATH.format('x')}), then {MATH.format('y')} and {MATH.format('z')}."
    out = book_html.nowrap_math(body)
    assert out == (
        f'see <span class="math-nowrap">({MATH.format("x")}),</span> then '
        f'{MATH.format("y")} and <span class="math-nowrap">{MATH.format("z")}.</span>'
    )
    # a math span never swallows the text between two formulas
    assert (
        book_html.nowrap_math(f"{MATH.format('a')} b {MATH.format('c')} d")
        == f"{MATH.format('a')} b {MATH.format('c')} d"
    )


def test_bibliography_entries_are_list_items():
    body = '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">'
    assert 'role="listitem"' in book_html.bibliography_roles(body)
    assert "doc-biblioentry" not in book_html.bibliography_roles(body)


def test_folded_cells_named_by_their_text():
    body = '<summary aria-label="Toggle hidden content">\n<p>Show code cell source</p>'
    assert book_html.summary_names(body) == "<summary>\n<p>Show code cell source</p>"
