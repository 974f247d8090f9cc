"""The student notebooks as students see them: in a real JupyterLab (with jupyterlab-myst,
from requirements.txt), driven by Playwright in Debian's Chromium, on loopback, token-less.

JupyterLab sees one notebook at a time, so a student notebook carries the book's numbers
(_ext/classroom.py): the test opens two chapters and finds the book's exercise and equation
numbers, no unresolved reference (a label shown as text), no raw directive fence and no
solution. The same detectors run on a chapter with solutions, unconverted, and must fire there.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM
from conftest import CHROMIUM_FLAGS as FLAGS
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import classroom  # noqa: E402
import student  # noqa: E402

pytestmark = pytest.mark.browser
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in view
CHAPTERS = ["04_backward_activations", "06_backprop"]
LABEL = re.compile(r"\b(?:eq|sec|ex|ch)-[a-z0-9]+(?:-[a-z0-9]+)*\b")
FENCES = (
    "```",
    ":::",
    "{exercise-start}",
    "{exercise-end}",
    "{solution",
    "{eq}",
    "{ref}",
    "{doc}",
    ":label:",
    ":class:",
)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab on 127.0.0.1 serving the student notebooks and one unconverted chapter."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: sudo apt-get install chromium")
    top = tmp_path_factory.mktemp("lab")
    notebooks = top / "notebooks"
    student.write_student_notebooks([ROOT / "chapters" / f"{c}.ipynb" for c in CHAPTERS], notebooks)
    (notebooks / "with_solutions.ipynb").write_bytes(
        (ROOT / "chapters" / "06_backprop.ipynb").read_bytes()
    )
    settings = top / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # render every cell, not only those in view (JupyterLab 4 windows long notebooks)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(top / "settings"),
        "JUPYTER_CONFIG_DIR": str(top / "config"),
        "JUPYTER_RUNTIME_DIR": str(top / "runtime"),
    }
    log = open(top / "server.log", "w")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={notebooks}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not start: {(top / 'server.log').read_text()[-2000:]}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
            yield {"browser": browser, "base": f"http://127.0.0.1:{port}", "shots": top}
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def open_notebook(lab, name):
    """The rendered text of the notebook's markdown cells, and of the whole notebook."""
    page = lab["browser"].new_context(viewport={"width": 1300, "height": 1000}).new_page()
    external = []
    page.on(
        "request",
        lambda r: (
            "127.0.0.1" not in r.url and not r.url.startswith("data:") and external.append(r.url)
        ),
    )
    # ?reset: a fresh workspace, or JupyterLab reopens the notebooks of the previous test
    page.goto(f"{lab['base']}/lab/tree/{name}?reset", timeout=120000)
    page.wait_for_selector(
        ".jp-MarkdownCell.jp-mod-rendered .myst", state="attached", timeout=120000
    )
    # wait until jupyterlab-myst has rendered every markdown cell
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll('.jp-MarkdownCell')]"
        ".filter(c => !c.querySelector('.jp-InputPlaceholder'));"  # folded cells stay unrendered
        " return cells.length > 0 && cells.every(c => c.classList.contains('jp-mod-rendered')"
        " && c.querySelector('.myst'))"
        " && document.querySelectorAll('.katex').length > 20; }",
        timeout=120000,
    )
    time.sleep(1)
    markdown = page.eval_on_selector_all(
        f"{PANEL} .jp-MarkdownCell .myst", "els => els.map(e => e.innerText)"
    )
    code = page.eval_on_selector_all(
        f"{PANEL} .jp-CodeCell .jp-InputArea-editor", "els => els.map(e => e.innerText)"
    )
    equations = page.eval_on_selector_all(
        f"{PANEL} a[title='Link to this Equation']", "els => els.map(e => e.innerText.trim())"
    )
    placeholders = page.locator(f"{PANEL} .jp-InputPlaceholder").count()
    tabs = page.locator(".lm-TabBar-tab .lm-TabBar-tabLabel").all_inner_texts()
    page.screenshot(path=str(lab["shots"] / f"{name}.png"))
    page.context.close()
    return {
        "markdown": "\n".join(markdown),
        "code": "\n".join(code),
        "external": external,
        "tabs": tabs,
        "equations": equations,
        "placeholders": placeholders,
    }


def name_in(tabs, stem):
    return any(t.startswith(stem) for t in tabs)


def problems(shown):
    text = shown["markdown"]
    found = [f"unresolved reference {m!r}" for m in sorted(set(LABEL.findall(text)))]
    found += [f"raw fence {f!r}" for f in FENCES if f in text]
    return found


def book_numbers(stem):
    _, labels = classroom.index_chapters()
    return (
        {i["number"] for i in labels.values() if i["stem"] == stem and i["kind"] == "exercise"},
        {i["number"] for i in labels.values() if i["stem"] == stem and i["kind"] == "eq"},
    )


@pytest.mark.parametrize("stem", CHAPTERS)
def test_student_notebook_in_jupyterlab(lab, stem):
    shown = open_notebook(lab, f"{stem}.ipynb")
    assert not problems(shown), problems(shown)
    exercises, equations = book_numbers(stem)
    numbers = set(re.findall(r"Exercise (\d+\.\d+)", shown["markdown"]))
    assert exercises <= numbers, (
        f"{stem}: the book's exercises {sorted(exercises)}, JupyterLab shows {sorted(numbers)}"
    )
    assert not {n for n in numbers if "." not in n}
    assert not re.search(r"Exercise \d+(?![.\d])", shown["markdown"]), (
        "an exercise numbered 1, 2, ..."
    )
    assert name_in(shown["tabs"], stem)
    # every displayed equation numbered as in the book, and only so
    numbered = {n.strip("()") for n in shown["equations"]}
    assert numbered == equations, f"{stem}: equations numbered {sorted(numbered)}"
    assert all(re.fullmatch(r"\(\d+\.\d+\)", n) for n in shown["equations"])
    # other chapters by name
    assert re.search(r"Chapter \d, \w", shown["markdown"])
    # solutions absent, the exercises' stubs there
    assert "Solution to Exercise" not in shown["markdown"]
    assert "BEGIN SOLUTION" not in shown["code"] and "raise NotImplementedError()" in shown["code"]
    assert shown["external"] == []


def test_detectors_fire_on_a_chapter_as_written(lab):
    """Unconverted, the chapter with solutions shows what the student copies must not:
    labels of other chapters as text, per-notebook numbers. Its solutions are folded."""
    shown = open_notebook(lab, "with_solutions.ipynb")
    assert any("unresolved reference" in p for p in problems(shown)), problems(shown)
    assert re.search(r"Exercise \d+(?![.\d])", shown["markdown"])
    assert "(1)" in shown["equations"]
    # folded: every cell of a solution shows a placeholder, not its source
    assert "BEGIN SOLUTION" not in shown["code"] and "{solution-start}" not in shown["markdown"]
    assert shown["placeholders"] >= 3 * 2
