"""A command loads only what it uses: `reportgen --help` imports none of the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("openpyxl", "docx", "docxtpl", "babel", "yaml", "python_calamine", "jinja2", "lxml")


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True, env={**os.environ})
    return {name.split(".")[0] for name in out.stdout.split()}


def test_cli_help_loads_no_heavy_library() -> None:
    loaded = _loaded("import sys\nsys.argv = ['reportgen', '--help']\nfrom reportgen.cli import main\n"
                     "try:\n    main()\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_numbers_module_loads_babel_on_first_use() -> None:
    assert "babel" not in _loaded("import reportgen.core.numbers")
    assert "babel" in _loaded("from reportgen.core.numbers import fmt_number\nfmt_number(1)")
