"""Serve MathJax from the built book instead of a CDN, so the book works offline.

`mathjax_path` in _config.yml points at `_static/mathjax/tex-chtml.js`; this extension copies
MathJax 3's `es5/` folder from the django-static-mathjax wheel (a pinned requirement) there once
the HTML is written. It is copied into the output, never into the book's own `_static/`:
Jupyter Book 1 would add every .js/.css found there as a tag on every page.
"""

import shutil
from pathlib import Path


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the top-level package installed by django-static-mathjax

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (source / "tex-chtml.js").is_file():
        raise FileNotFoundError(
            f"local_mathjax: no MathJax at {source}; reinstall requirements.txt"
        )
    shutil.copytree(source, Path(app.outdir) / "_static" / "mathjax", dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
