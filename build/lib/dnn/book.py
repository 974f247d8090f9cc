"""Helpers for the book's notebooks."""

import inspect
import textwrap


def show_source(obj):
    """Show the source of a `dnn` function or class as a highlighted code block.

    The book shows the package's code this way instead of copying it into a notebook, so
    the package stays the single source of truth.
    """
    from IPython.display import Markdown

    source = textwrap.dedent(inspect.getsource(obj))  # a method loses its class's indent
    return Markdown(f"```python\n{source}```")
