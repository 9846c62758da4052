"""The shape of the program: no import cycle, data flowing one way, small modules, a true README map.

Imports are read from the source with `ast`, those inside functions included (a lazy import is still
a dependency: it only hides a cycle until the function runs)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "reportgen"

# Who may import whom, by package (a module at the top of reportgen/, such as api.py, is "top").
# The pipeline: read -> check -> facts -> words -> documents -> docx; core is the foundation.
# Beside it: forms writes the workbooks handed out, from read's layouts; totals adds many units up
# and writes the total as a form. Nothing of the pipeline imports forms, totals or anything on top.
_PIPELINE = ("core", "read", "check", "facts", "words", "documents", "docx")
ALLOWED: dict[str, set[str]] = {
    stage: set(_PIPELINE[:i + 1]) for i, stage in enumerate(_PIPELINE)
}
ALLOWED["forms"] = {"core", "read", "forms"}
ALLOWED["totals"] = {"core", "read", "forms", "totals"}
ALLOWED["top"] = set(_PIPELINE) | {"forms", "totals", "top", "web"}
ALLOWED["web"] = ALLOWED["top"]
# Single modules allowed more than their package, and why.
MODULE_ALLOWED: dict[str, set[str]] = {
    # the plan's workbook pre-writes the plan outline's task groups and last year's targets with the
    # notes the plan document words (documents.outline, documents.plan_model)
    "reportgen.forms.plan": {"documents"},
}

# Modules over the size limit that other work of this round is splitting. The coordinator empties
# this list after merging those branches; a module must never be added to it.
MAX_LINES = 500
TOO_BIG_FOR_NOW = {
}


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package."""
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def _resolve(name: str) -> str | None:
    """The reportgen module an imported dotted name lands in (a name inside a module: that module)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path) -> set[str]:
    """Every reportgen module `module` imports, at the top or inside a function."""
    is_pkg = path.name == "__init__.py"
    package = module if is_pkg else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from a.b import c` imports module a.b.c when c is a module, else a name of a.b
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            hit = _resolve(t) if t.startswith("reportgen") else None
            if hit and hit != module:
                found.add(hit)
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "root"  # reportgen/__init__.py: the version
    if (PKG / parts[1]).is_dir():
        return parts[1]
    return "top"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path a -> b -> ... -> a, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


# --- the checks of the checks: each detector is shown to fire on a small made-up graph ----------

@pytest.mark.parametrize("graph, cyclic", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b", "c"}, "b": {"c"}, "c": {"d"}, "d": {"b"}}, True),
    ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}, False),
])
def test_find_cycle_on_made_up_graphs(graph, cyclic):
    cycle = find_cycle(graph)
    assert (cycle is not None) == cyclic
    if cycle:
        assert cycle[0] == cycle[-1] and all(b in graph[a] for a, b in zip(cycle, cycle[1:]))


def test_imports_inside_functions_are_counted(tmp_path, monkeypatch):
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from reportgen.forms import matrix\n    import reportgen.api\n", encoding="utf-8")
    assert imports_of("reportgen.read.x", src) == {"reportgen.forms.matrix", "reportgen.api"}


# --- the package -------------------------------------------------------------------------------

def test_the_graph_sees_the_imports():
    assert "reportgen.read.layout" in GRAPH["reportgen.read.rows"]
    assert "reportgen.core.catalog" in GRAPH["reportgen.api"]
    assert "reportgen.api" in GRAPH["reportgen.cli"]  # imported inside the command functions


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_every_package_has_a_row_in_the_table():
    packages = {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED), f"add {sorted(packages - set(ALLOWED))} to ALLOWED"


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, deps in graph.items():
        here = stage(module)
        for dep in deps:
            there = stage(dep)
            if there != "root" and here != "root" and there not in ALLOWED[here] | MODULE_ALLOWED.get(module, set()):
                wrong.append(f"{module} ({here}) imports {dep} ({there})")
    return sorted(wrong)


@pytest.mark.parametrize("graph, wrong", [
    ({"reportgen.read.workbook": {"reportgen.forms.annex"}},
     ["reportgen.read.workbook (read) imports reportgen.forms.annex (forms)"]),
    ({"reportgen.check.rules": {"reportgen.words.wording"}},
     ["reportgen.check.rules (check) imports reportgen.words.wording (words)"]),
    ({"reportgen.totals.aggregate": {"reportgen.api"}},
     ["reportgen.totals.aggregate (totals) imports reportgen.api (top)"]),
    ({"reportgen.documents.reports": {"reportgen.words.wording", "reportgen.core.model"}}, []),
    ({"reportgen.api": {"reportgen.docx.render"}, "reportgen.forms.annex": {"reportgen"}}, []),
    ({"reportgen.forms.plan": {"reportgen.documents.outline"}}, []),
    ({"reportgen.forms.annex": {"reportgen.documents.outline"}},
     ["reportgen.forms.annex (forms) imports reportgen.documents.outline (documents)"]),
])
def test_layer_check_on_made_up_graphs(graph, wrong):
    assert layer_violations(graph) == wrong


def test_no_stage_imports_a_later_one():
    wrong = layer_violations(GRAPH)
    assert not wrong, "\n".join(wrong)


# core modules that import a heavy library and are therefore only imported inside functions
LAZY_ONLY = {"reportgen.core.schemas"}  # pydantic: loaded when a YAML file is checked, not on import


def _top_level_imports(path: Path) -> list[str]:
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:  # the top level only
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names += [base] + [f"{base}.{a.name}" for a in node.names]
    return names


def test_core_stays_light():
    """core is imported by every command: no document, workbook or schema library at its top level."""
    heavy = ("docx", "docxtpl", "openpyxl", "python_calamine", "lxml", "jinja2", "pydantic", "multiprocessing")
    loaded = []
    for name, path in MODULES.items():
        tops = _top_level_imports(path)
        if stage(name) == "core" and name not in LAZY_ONLY:
            loaded += [f"{name}: {n}" for n in tops if n.split(".")[0] in heavy]
        loaded += [f"{name}: {n} (import it inside the function that needs it)" for n in tops if n in LAZY_ONLY]
    assert not loaded, loaded


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_are_small():
    big = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).as_posix()
        if _lines(path) > MAX_LINES and rel not in TOO_BIG_FOR_NOW:
            big[rel] = _lines(path)
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_allow_list_names_real_big_modules():
    """An entry that was split (or renamed) must leave the list, so the list only shrinks."""
    stale = [rel for rel in TOO_BIG_FOR_NOW if not (PKG / rel).exists() or _lines(PKG / rel) <= MAX_LINES]
    assert not stale, f"remove {stale} from TOO_BIG_FOR_NOW"


# --- the README's developer map -------------------------------------------------------------------

def developer_map(readme: str) -> set[str]:
    """Paths named by the map in README.md's "For developers" section: "core/", "core/errors.py", "api.py".

    The map is the code block that starts with "reportgen/"; a package is a line "  name/ ...",
    its modules the lines indented under it ("    errors.py ...")."""
    section = re.search(r"^## For developers\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert section, "README.md has no «## For developers» section"
    block = re.search(r"^```\n(reportgen/\n.*?)^```", section.group(1), re.S | re.M)
    assert block, "the «For developers» section has no map (a code block starting with «reportgen/»)"
    named, package = set(), ""
    for line in block.group(1).splitlines()[1:]:
        m = re.match(r"^( +)([\w.]+/?)(?:\s|$)", line)
        if not m:
            continue
        depth, name = len(m.group(1)), m.group(2)
        if depth == 2:
            package = name if name.endswith("/") else ""
            named.add(name)
        elif package and name.endswith(".py"):
            named.add(package + name)
    return named


def actual_map() -> set[str]:
    out = set()
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.name == "__init__.py":
            out.add(rel.parent.as_posix() + "/")
        else:
            out.add(rel.as_posix())
    out.discard("./")
    return out


MAP_SAMPLE = """# x

## For developers

```
reportgen/
  api.py        one function per command
  core/         the foundation
    errors.py   errors
```

## Other
"""


@pytest.mark.parametrize("readme, expected", [
    (MAP_SAMPLE, {"api.py", "core/", "core/errors.py"}),
    (MAP_SAMPLE.replace("    errors.py   errors\n", ""), {"api.py", "core/"}),
])
def test_developer_map_parser(readme, expected):
    assert developer_map(readme) == expected


def test_readme_map_names_every_package_and_module():
    named = developer_map((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = sorted(actual_map() - named)
    assert not missing, f"README.md «For developers» map does not name: {missing}"


def test_readme_map_names_no_missing_module():
    named = developer_map((ROOT / "README.md").read_text(encoding="utf-8"))
    stale = sorted(n for n in named - actual_map() if n.endswith(".py"))
    assert not stale, f"README.md «For developers» map names modules that do not exist: {stale}"
