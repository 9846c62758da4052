"""A copy of the repository in a temporary folder, for tests that run commands or build the package.

Copies what a fresh checkout holds (no .git, no outputs, caches or build leftovers), so commands
run in the copy write nowhere in the real working tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_IGNORE = shutil.ignore_patterns(".git", "output", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                 ".hypothesis", ".venv", "tmp", ".~lock*", "~$*")


def copy_repository(dest: Path) -> Path:
    """Copy the repository to `dest` (created) with an empty output/ folder; returns `dest`."""
    shutil.copytree(ROOT, dest, ignore=_IGNORE)
    (dest / "output").mkdir(exist_ok=True)
    if (ROOT / "output" / ".gitkeep").exists():
        (dest / "output" / ".gitkeep").touch()
    return dest
