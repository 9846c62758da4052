"""`pip install .` (not editable) into a fresh venv works from any folder: the data ships in the wheel.

The venv is made with `python -m venv --system-site-packages --without-pip`: it sees this
interpreter's packages (the dependencies, pip and setuptools; when the tests themselves run in a
venv, a .pth file adds that venv's site-packages), so nothing is downloaded, and
--without-pip keeps it from shadowing them with the older pip/setuptools that ensurepip bundles.
`pip install --no-deps --no-build-isolation .` then builds the wheel with the installed setuptools,
offline, from a copy of the repository (so no build/ folder is left in the working tree), and
`reportgen demo` runs from an empty folder outside the repository, without PYTHONPATH. The same with
`pip install -e .` checks that an editable install reads the top-level data/ and templates/.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from repocopy import ROOT, copy_repository
from reportgen.api import DEMO_JOBS


def _has_wheel_builder() -> bool:
    """setuptools >= 70.1 builds wheels itself; older ones need the `wheel` package."""
    try:
        import setuptools.command.bdist_wheel  # noqa: F401
        return True
    except ImportError:
        try:
            import wheel.bdist_wheel  # noqa: F401
            return True
        except ImportError:
            return False


def _data_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for folder in ("data", "templates") for p in (root / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REPORTGEN_CONFIG", "REPORTGEN_CATALOG")}
needs_builder = pytest.mark.skipif(
    not _has_wheel_builder(), reason="cannot build a wheel offline: needs setuptools>=70.1 (pip install -e '.[test]')")


def _install(tmp_path: Path, *editable: str) -> tuple[Path, Path, Path]:
    """A fresh venv with the project installed from a copy: (bin folder, copy, an empty folder elsewhere)."""
    src = copy_repository(tmp_path / "src")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, env=ENV, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    if sys.prefix != sys.base_prefix:  # the tests run in a venv (the README's way): see its packages too
        ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        purelib = subprocess.run([str(bindir / "python"), "-c", ask], env=ENV, capture_output=True, text=True,
                                 check=True).stdout.strip()
        lines = [f"import site; site.addsitedir({d!r})" for d in site.getsitepackages()]
        (Path(purelib) / "_outer_venv.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                           "--no-index", "--quiet", *editable, "."], cwd=src, env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    empty = tmp_path / "mot-thu-muc-khac"
    empty.mkdir()
    return bindir, src, empty


def _home(bindir: Path, cwd: Path) -> Path:
    """Where the venv's reportgen finds its built-in data."""
    return Path(subprocess.run([str(bindir / "python"), "-c", "import reportgen.core.paths as p; print(p.home())"],
                               cwd=cwd, env=ENV, capture_output=True, text=True, check=True).stdout.strip())


@needs_builder
def test_wheel_install_runs_demo_from_any_folder(tmp_path):
    bindir, src, empty = _install(tmp_path)
    installed = _home(bindir, empty)
    assert installed.name == "reportgen" and bindir.parent in installed.parents, f"reportgen imported from {installed}"
    assert _data_files(installed) == _data_files(ROOT), "the wheel carries every file of data/ and templates/"
    web = {p.relative_to(ROOT / "reportgen").as_posix() for p in (ROOT / "reportgen" / "web").rglob("*")
           if p.is_file() and p.suffix in (".html", ".css", ".js", ".svg")}
    assert web and all((installed / f).is_file() for f in web), "the wheel carries the web page's templates and static files"

    done = subprocess.run([str(bindir / "reportgen"), "demo"], cwd=empty, env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for _, _, name in DEMO_JOBS:
        made = empty / "output" / name
        assert made.is_file() and made.stat().st_size > 10_000, f"{name} not made:\n{done.stdout}{done.stderr}"
    assert sorted(p.name for p in empty.iterdir()) == ["output"], "demo writes into output/ only"


def _installed_as_wheel() -> bool:
    """This (venv) environment holds a non-editable reportgen, which a child venv sees first."""
    import json
    from importlib import metadata
    try:
        direct = metadata.distribution("reportgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return False
    return not (direct and json.loads(direct).get("dir_info", {}).get("editable"))


@needs_builder
@pytest.mark.skipif(sys.prefix != sys.base_prefix and _installed_as_wheel(),
                    reason="reportgen is installed non-editable in this venv (pip install .): it would shadow "
                           "an editable install in a child venv; tested by .ci/run (pip install -e)")
def test_editable_install_reads_the_top_level_folders(tmp_path):
    """`pip install -e .`: the data stays at the top level of the checkout and is found there."""
    bindir, src, empty = _install(tmp_path, "-e")
    assert _home(bindir, empty) == src
    done = subprocess.run([str(bindir / "reportgen"), "build", "hdnd", "--data",
                           str(src / "data" / "samples" / "son-ha-2025.xlsx"), "-o", "bao-cao-hdnd"],
                          cwd=empty, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (empty / "bao-cao-hdnd.docx").stat().st_size > 10_000
