"""Number each chapter by its file name, so the book and JupyterLab say the same numbers.

`_toc.yml` marks the book's parts `numbered`, and Sphinx then numbers sections, figures,
equations (math_numfig) and sphinx-exercise's exercises per chapter: "Exercise 6.1", "(6.3)".
But Sphinx restarts the count in every numbered toctree, and each part of a Jupyter Book is
one, so the first chapter of the second part would be chapter 1 again. This extension sets
the chapter number of `chapters/NN_name` to NN (the number the student notebooks carry too,
see _ext/classroom.py), after Sphinx assigns section numbers and before it numbers figures,
equations and exercises from them.
"""

import re

from docutils import nodes
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx_external_toc.collectors import TocTreeCollectorWithStyles

CHAPTER = re.compile(r"(?:^|/)(\d+)_[^/]+$")


def chapter_number(docname):
    """`chapters/06_backprop` -> 6; None for a page without a number prefix."""
    match = CHAPTER.search(docname)
    return int(match.group(1)) if match else None


def _renumber(env):
    for docname, secnums in env.toc_secnumbers.items():
        n = chapter_number(docname)
        if n is None or not secnums:
            continue
        env.toc_secnumbers[docname] = {
            key: (n, *num[1:]) if num else num for key, num in secnums.items()
        }
    # the numbers the sidebar and the page titles show
    for toc in env.tocs.values():
        for ref in toc.findall(nodes.reference):
            n = chapter_number(ref.get("refuri", "").split("#")[0].removesuffix(".html"))
            if ref.get("secnumber") and n is not None:
                ref["secnumber"] = [n, *ref["secnumber"][1:]]
    for docname, title in env.titles.items():
        n = chapter_number(docname)
        if title.get("secnumber") and n is not None:
            title["secnumber"] = [n, *title["secnumber"][1:]]


def _after(assign):
    def assign_then_renumber(self, env):
        changed = assign(self, env)
        _renumber(env)
        return changed

    assign_then_renumber.renumbers = True
    return assign_then_renumber


def setup(app):
    # sphinx-external-toc (Jupyter Book's table of contents) replaces Sphinx's collector by
    # its subclass, which renumbers the chapters itself after Sphinx: renumber after both.
    for cls in (TocTreeCollector, TocTreeCollectorWithStyles):
        if not getattr(cls.assign_section_numbers, "renumbers", False):
            cls.assign_section_numbers = _after(cls.assign_section_numbers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
