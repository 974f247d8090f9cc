"""The mistake catalogue page: chapters/mistakes.md holds its introduction and the line

    ```{mistake-catalogue}
    ```

which this extension replaces, when Sphinx reads the page, by dnn.checks.catalogue_markdown():
the page is built from the catalogue's entries and never drifts from them.
"""

MARKER = "```{mistake-catalogue}\n```"


def _expand(app, docname, source):
    if MARKER in source[0]:
        from dnn.checks import catalogue_markdown

        source[0] = source[0].replace(MARKER, catalogue_markdown())


def setup(app):
    app.connect("source-read", _expand)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
