"""The student edition of the book (`make student-book`) holds no solution in any file:
pages, search index, downloadable sources."""

from pathlib import Path

import nbformat
import pytest
from test_student import EXERCISE_CHAPTERS, solution_lines

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "_build" / "student" / "_build" / "html"


@pytest.fixture(scope="module")
def edition_files():
    if not (EDITION / "index.html").exists():
        pytest.fail(f"no student edition at {EDITION}: run `make student-book` first")
    files = [
        p
        for p in EDITION.rglob("*")
        if p.is_file() and p.suffix not in {".png", ".woff", ".woff2", ".ttf"}
    ]
    return {p: p.read_text(errors="ignore") for p in files}


def test_every_chapter_is_in_the_edition(edition_files):
    for chapter in EXERCISE_CHAPTERS:
        page = EDITION / "chapters" / f"{chapter.stem}.html"
        assert page in edition_files, f"{page} is missing from the student edition"
        assert "exercise" in edition_files[page]


@pytest.mark.parametrize("chapter", EXERCISE_CHAPTERS, ids=lambda p: p.stem)
def test_no_solution_text_in_any_file(chapter, edition_files):
    secrets = solution_lines(nbformat.read(chapter, as_version=4))
    assert secrets, f"{chapter.name}: no distinctive solution text to look for"
    for path, text in edition_files.items():
        leaked = [line for line in secrets if line in text]
        assert not leaked, (
            f"{path.relative_to(EDITION)} holds solution text of {chapter.name}: {leaked[:2]}"
        )


def test_no_solution_blocks(edition_files):
    pages = {p: t for p, t in edition_files.items() if p.suffix == ".html"}
    assert pages
    for path, text in pages.items():
        assert 'class="solution' not in text, f"{path} has a solution block"
        assert "BEGIN SOLUTION" not in text
