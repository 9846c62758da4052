"""Schemas of the YAML files users edit: the catalog (data/catalog/*.yaml), the outlines
(templates/outline/*.yaml) and the administrative levels (data/levels.yaml).

Every model forbids unknown keys, so a typo ("nuon:" for "noun:") is named rather than ignored;
`schema_error` turns pydantic's first error into one Vietnamese line naming the key path and the
allowed values. This module imports pydantic: it is imported only when a file is loaded (see
core/yamlfile.py), never at the top of another module.

Cross-references (a `ref` to an indicator defined elsewhere, a rule naming a missing indicator, an
id defined twice) are checked by core/catalog.py once every file is read.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from reportgen.core import model as m

Kind = Literal["count", "money", "percent", "permille", "yesno", "ratio", "text"]
Good = Literal["up", "down", "none"]
Aggregate = Literal["sum", "rate", "count_yes", "ratio_sum", "none"]
Role = Literal["previous", "current", "plan", "next_plan", "assessment", "note", "agency", "detail"]
RowStyle = Literal["group", "item", "sub", "subsub", "note"]
RuleType = Literal["parts_le_whole", "parts_eq_whole", "rate", "le"]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

assert set(typing.get_args(Kind)) == set(m.KINDS)  # one list of kinds: core.model's


class _Strict(BaseModel):
    # Numbers typed where text is expected (tt: 1, version: 2025.1) are read as text, as YAML users expect.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True)


# --- the catalog -------------------------------------------------------------------------------------

class IndicatorSpec(_Strict):
    """An indicator: in an annex's `indicators:` list, or defined on a row (RowSpec)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    unit: Optional[str] = None
    kind: Kind = "count"
    good: Good = "none"
    aggregate: Optional[Aggregate] = None
    parent: Optional[str] = None
    numerator: Optional[str] = None
    denominator: Optional[str] = None
    noun: Optional[str] = None
    short: Optional[str] = None
    theme: Optional[str] = None
    level: Optional[str] = None
    yes_text: Optional[str] = None
    no_text: Optional[str] = None
    target_down: bool = False


class RowSpec(_Strict):
    """A row of an annex, in print order: a heading (`group`), a new indicator (`id` ...) or a
    reprint of one defined elsewhere (`ref`)."""

    tt: Optional[str] = None
    label: Optional[str] = None
    style: Optional[RowStyle] = None
    ref: Optional[str] = None
    group: Optional[str] = None
    agency: Optional[str] = None
    # the indicator's keys, when the row defines one
    id: Optional[str] = Field(default=None, pattern=ID_PATTERN)
    name: Optional[str] = None
    unit: Optional[str] = None
    kind: Optional[Kind] = None
    good: Optional[Good] = None
    aggregate: Optional[Aggregate] = None
    parent: Optional[str] = None
    numerator: Optional[str] = None
    denominator: Optional[str] = None
    noun: Optional[str] = None
    short: Optional[str] = None
    theme: Optional[str] = None
    level: Optional[str] = None
    yes_text: Optional[str] = None
    no_text: Optional[str] = None
    target_down: Optional[bool] = None

    @model_validator(mode="after")
    def _one_kind_of_row(self):
        if self.group is None and self.id is None and self.ref is None:
            raise ValueError("dòng thiếu «id», «ref» hoặc «group»")
        if self.id is not None and self.ref is None and self.group is None and self.name is None:
            raise ValueError("thiếu khóa «name» (tên chỉ tiêu)")
        return self


class ColumnSpec(_Strict):
    """A value column of an annex: a role alone (`current`) or with its header and width."""

    role: Role
    header: Optional[str] = None
    width: Optional[float] = None

    @model_validator(mode="before")
    @classmethod
    def _role_alone(cls, data: Any) -> Any:
        return {"role": data} if isinstance(data, str) else data


class RuleSpec(_Strict):
    type: RuleType
    whole: Optional[str] = None
    parts: list[str] = []
    rate: Optional[str] = None
    numerator: Optional[str] = None
    denominator: Optional[str] = None
    scale: float = 100
    tolerance: float = 0.05
    message: Optional[str] = None

    @model_validator(mode="after")
    def _needs(self):
        need = ("rate", "numerator", "denominator") if self.type == "rate" else ("whole", "parts")
        missing = [k for k in need if not getattr(self, k)]
        if missing:
            raise ValueError(f"quy tắc «{self.type}» cần khóa " + ", ".join(f"«{k}»" for k in missing))
        return self


class RecordFieldSpec(_Strict):
    """A column of a list of records (PHỤ LỤC 3); `total` names the indicator its numbers add up to."""

    key: str
    header: Optional[str] = None
    kind: Literal["text", "count", "money"] = "text"
    total: Optional[str] = None
    width: Optional[float] = None
    group: Optional[str] = None


class MatrixRowSpec(_Strict):
    key: str
    label: str
    tt: Optional[str] = None
    level: Optional[str] = None


class MatrixColumnSpec(_Strict):
    key: str
    name: str
    header: Optional[str] = None
    group: Optional[str] = None
    short: Optional[str] = None
    unit: Optional[str] = None
    kind: Kind = "count"
    good: Good = "none"
    noun: Optional[str] = None
    theme: Optional[str] = None
    yes_text: Optional[str] = None
    no_text: Optional[str] = None


class MatrixSpec(_Strict):
    """A grid annex (PHỤ LỤC 5): each (row, column) is the indicator `<prefix>_<row key>_<column key>`."""

    prefix: str = Field(pattern=ID_PATTERN)
    theme: Optional[str] = None
    rows: list[MatrixRowSpec]
    columns: list[MatrixColumnSpec]


class AnnexFile(_Strict):
    """One file of data/catalog/ (an annex, or a file of shared indicators and rules without `annex`)."""

    annex: Optional[str] = None
    order: int = 100
    sheet: Optional[str] = None
    number: Optional[str] = None
    form_code: Optional[str] = None
    title: Optional[str] = None
    layout: Literal["list", "records", "matrix"] = "list"
    columns: list[ColumnSpec] = []
    unit_note: Optional[str] = None
    rows: list[RowSpec] = []
    indicators: list[IndicatorSpec] = []
    rules: list[RuleSpec] = []
    record_fields: list[RecordFieldSpec] = []
    matrix: Optional[MatrixSpec] = None

    @model_validator(mode="after")
    def _annex_needs(self):
        if self.annex and not self.sheet:
            raise ValueError("thiếu khóa «sheet» (tên trang tính của phụ lục)")
        if self.layout == "matrix" and self.matrix is None:
            raise ValueError("phụ lục «layout: matrix» cần khóa «matrix»")
        return self


class CatalogMeta(_Strict):
    """data/catalog/_catalog.yaml."""

    version: Optional[str] = None
    themes: dict[str, str] = {}


class LevelSpec(_Strict):
    key: str
    name: Optional[str] = None
    active: bool = True


class LevelsFile(_Strict):
    """data/levels.yaml."""

    levels: list[LevelSpec] = []


# --- outlines --------------------------------------------------------------------------------------

class OutlineSectionSpec(_Strict):
    """A section of an outline. EXTENSION POINT: a new per-section key (read by documents/ through
    `OutlineSection.spec`) is declared here, with its type, and documented in the outline's header."""

    id: str
    heading: str
    text: bool = False  # takes the officer's text from the «Nội dung» sheet
    hint: Optional[str] = None
    themes: list[str] = []
    indicators: list[str] = []
    compare_all: bool = False
    targets: bool = False
    per_level: bool = False
    from_: list[str] = Field(default=[], alias="from")  # hdnd: sections of the report whose text it takes
    from_level: dict[str, list[str]] = {}
    paragraphs: list[str] = []
    paragraphs_after: list[str] = []
    budget: bool = False
    tasks: bool = False
    assignments: bool = False
    children: list[OutlineSectionSpec] = []


class TaskGroupSpec(_Strict):
    number: str
    text: str


class OutlineFile(_Strict):
    """An outline file, templates/outline/*.yaml. EXTENSION POINT: a new document-level key is
    declared here (sections' keys: OutlineSectionSpec)."""

    kind: Literal["report", "hdnd", "plan"]
    title: str
    subject: str
    intro: str
    closing: str = ""
    sections: list[OutlineSectionSpec]
    # the HĐND submission
    recipient_line: Optional[str] = None
    basis: Optional[str] = None
    issuer: Optional[str] = None
    issuer_short: Optional[str] = None
    issuer_name: Optional[str] = None
    council: Optional[str] = None
    council_short_from: Optional[str] = None
    council_short_to: Optional[str] = None
    authority: list[str] = []
    authority_deputy: list[str] = []
    recipients_first: list[str] = []
    archive: Optional[str] = None
    # the plan
    default_issuer: Optional[str] = None
    default_issuer_short: Optional[str] = None
    appendix_title: Optional[str] = None
    reporting: dict[str, str] = {}
    task_groups: list[TaskGroupSpec] = []
    words: dict[str, str] = {}


OutlineSectionSpec.model_rebuild()


# --- one Vietnamese line per error -------------------------------------------------------------------

def validate(model: type[BaseModel], doc: Any) -> str | None:
    """None if `doc` fits `model`, else the first problem as "key path: what is wrong"."""
    found = first_error(model, doc)
    return found[0] if found else None


def first_error(model: type[BaseModel], doc: Any) -> tuple[str, tuple] | None:
    """(the first problem in Vietnamese, its key path as a tuple) or None."""
    try:
        model.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        return schema_error(model, err), _clean_loc(err["loc"])
    return None


def _clean_loc(loc) -> tuple:
    """pydantic's location without its internal steps (union members, validator names)."""
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))


def key_path(loc: tuple) -> str:
    """("rows", 12, "good") -> "rows[12].good"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed in the mapping at `loc` (the names a user may write, aliases included)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else Any
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next((f for n, f in tp.model_fields.items() if (f.alias or n) == part), None)
            tp = field.annotation if field else Any
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Optional[X] -> X."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def schema_error(model: type[BaseModel], err: dict) -> str:
    loc = _clean_loc(err["loc"])
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    where = key_path(loc)
    if kind == "missing":
        parent = key_path(loc[:-1])
        return f"{parent + ': ' if parent else ''}thiếu khóa «{loc[-1]}»"
    if kind == "extra_forbidden":
        parent = key_path(loc[:-1])
        allowed = ", ".join(_fields_at(model, loc[:-1]))
        return f"{parent + ': ' if parent else ''}khóa không hợp lệ «{loc[-1]}» (cho phép: {allowed})"
    if kind in ("literal_error", "enum"):
        allowed = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"{where}: giá trị «{_shown(value)}» không hợp lệ (cho phép: {allowed})"
    if kind.startswith("bool"):
        return f"{where}: giá trị «{_shown(value)}» không hợp lệ (cho phép: true, false)"
    if kind == "string_pattern_mismatch":
        return f"{where}: mã «{_shown(value)}» phải viết thường, không dấu, dùng chữ, số và dấu gạch dưới"
    if kind.startswith(("int_", "float_", "decimal_")):
        return f"{where}: cần một số, không phải «{_shown(value)}»"
    if kind.startswith("string_"):
        return f"{where}: cần một đoạn chữ, không phải «{_shown(value)}»"
    if kind.startswith(("list_", "tuple_", "set_")):
        return f"{where}: cần một danh sách (mỗi mục một dòng bắt đầu bằng «- », hoặc [a, b])"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        what = f"{where}: cần" if where else "nội dung tệp phải là"
        return f"{what} các cặp «khóa: giá trị»"
    if kind == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        return f"{where}: {msg}" if where else msg
    return f"{where}: giá trị «{_shown(value)}» không hợp lệ" if where else f"giá trị «{_shown(value)}» không hợp lệ"
