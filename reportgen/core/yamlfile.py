"""Loading the YAML files users edit: with libyaml's C parser when PyYAML has it, each file parsed and
checked against its schema once per version (path, modification time, size), so a batch of thousands
of documents reads an outline once and a test that edits a file sees the edit."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reportgen.core.errors import ReportgenError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # perf: the C loader parses ~10x faster


def load_yaml(path: Path | str, error: type[ReportgenError], schema: str | None = None) -> Any:
    """The parsed file (shared between callers: read it, do not change it). `schema` names a model of
    core/schemas.py the content must fit; any problem raises `error` naming the file, the key path and
    what is allowed, in one Vietnamese line."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise error(f"không đọc được tệp: {exc.strerror or exc}", file=str(path)) from None
    return _load(str(path), st.st_mtime_ns, st.st_size, error, schema)


@lru_cache(maxsize=64)
def _load(path: str, _mtime_ns: int, _size: int, error: type[ReportgenError], schema: str | None) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=_LOADER)
    except OSError as exc:
        raise error(f"không đọc được tệp: {exc.strerror or exc}", file=path) from None
    except UnicodeDecodeError:
        raise error("tệp không phải văn bản UTF-8 (lưu lại tệp với bảng mã UTF-8)", file=path) from None
    except yaml.YAMLError as exc:
        raise error(f"lỗi cú pháp YAML{_where(exc)} (thụt lề bằng dấu cách; đặt chữ có «:», «#», «[» "
                    f"trong ngoặc kép)", file=path) from None
    except (ValueError, TypeError) as exc:  # a value the loader builds and refuses: a date 2025-13-01
        raise error(f"giá trị không hợp lệ ({exc}); ngày viết dạng 2025-07-01", file=path) from None
    doc = {} if doc is None else doc
    if schema:
        from reportgen.core import schemas  # perf: pydantic is imported only when a file is checked
        found = schemas.first_error(getattr(schemas, schema), doc)
        if found:
            problem, loc = found
            line = _line_of(path, loc)
            raise error(problem + (f" (dòng {line})" if line else ""), file=Path(path).name)
    return doc


def _line_of(path: str, loc: tuple) -> int | None:
    """The line of the file where the key path `loc` is, or as near as it exists (a missing key:
    the mapping that lacks it). Only on the error path: the file is composed again, with marks."""
    try:
        with open(path, encoding="utf-8") as fh:
            node = yaml.compose(fh, Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        nxt = None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    nxt, line = value, key.start_mark.line + 1
                    break
        if nxt is None:
            break
        node = nxt
        line = node.start_mark.line + 1 if not isinstance(node, yaml.ScalarNode) or line is None else line
    return line


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else ""


def clear_cache() -> None:
    _load.cache_clear()
