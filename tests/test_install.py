"""A plain (not editable) install works from any folder and carries the shipped data.

Builds the wheel from this checkout, installs it into a temporary folder with pip, and runs a
Python whose working folder is outside the repository: `dnn` must come from that folder, and
`load_dataset("digits")` must find the data sets inside the installed package.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    # Build from a copy of what the distribution is made of, so no build/ folder lands in the
    # checkout; a file the package needs but the copy lacks makes the install or the load fail.
    source = tmp_path_factory.mktemp("source")
    for name in ("dnn", "data", "pyproject.toml", "README.md", "LICENSE"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(source)],
        check=True, capture_output=True, text=True, cwd=source,
    )  # fmt: skip
    return target


def run(code, target, cwd):
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "DNN_DATA_DIR": ""}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def test_the_installed_package_loads_the_shipped_data_from_any_folder(installed, tmp_path):
    out = run(
        "import dnn; d = dnn.load_dataset('digits'); m = dnn.load_dataset('moons');"
        "print(dnn.__file__); print(d.train_x.shape, d.test_x.shape, d.classes, m.train_x.shape)",
        installed,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    file, shapes = out.stdout.splitlines()
    assert file.startswith(str(installed)), file  # not the checkout's dnn
    assert shapes == "(1297, 8, 8) (500, 8, 8) ('even', 'odd') (300, 2)", shapes


def test_the_installed_distribution_has_its_own_name_and_one_version(installed):
    dist = [p.name for p in installed.glob("*.dist-info")]
    assert len(dist) == 1 and dist[0].startswith("backprop_from_scratch-"), dist
    version = dist[0].removeprefix("backprop_from_scratch-").removesuffix(".dist-info")
    init = (ROOT / "dnn" / "__init__.py").read_text()
    assert f'__version__ = "{version}"' in init
    assert (
        "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("[")[0]
    )


def test_a_missing_set_names_the_folders_and_the_sets_there(installed, tmp_path):
    out = run("import dnn; dnn.load_dataset('catvnoncat')", installed, tmp_path)
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ValueError: load_dataset: no data set 'catvnoncat'"), last
    assert "datasets" in last and "digits, moons" in last, last
