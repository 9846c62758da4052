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

import datetime

import re
import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

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
    """Unknown keys are refused. A key may be left out (its default), but not written without a value
    (`short:` alone is a slip, not "no short name"): fields default to None without accepting None.
    Whole numbers typed where text is expected (order, version: 2025) are read as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True)


# --- the catalog -------------------------------------------------------------------------------------

class IndicatorSpec(_Strict):
    """An indicator: in an annex's `indicators:` list, or defined on a row (RowSpec)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    unit: str = None
    kind: Kind = "count"
    good: Good = "none"
    aggregate: Aggregate = None
    parent: str = None
    numerator: str = None
    denominator: str = None
    noun: str = None
    short: str = None
    theme: str = None
    level: str = None
    yes_text: str = None
    no_text: str = None
    target_down: bool = False


def _tt_as_typed(value: Any) -> Any:
    """tt: 1.10 would be read as the number 1.1: a decimal TT must be quoted."""
    if isinstance(value, float):
        raise ValueError(f"số thứ tự phải đặt trong ngoặc kép, ví dụ tt: \"1.10\" (không có ngoặc kép, "
                         f"YAML đọc thành số {value!r})")
    return value


class RowSpec(_Strict):
    """A row of an annex, in print order: a heading (`group`), a new indicator (`id` ...) or a
    reprint of one defined elsewhere (`ref`)."""

    tt: str = None
    label: str = None
    style: RowStyle = None
    ref: str = None
    group: str = None
    agency: str = None
    # the indicator's keys, when the row defines one
    id: str = Field(default=None, pattern=ID_PATTERN)
    name: str = None
    unit: str = None
    kind: Kind = None
    good: Good = None
    aggregate: Aggregate = None
    parent: str = None
    numerator: str = None
    denominator: str = None
    noun: str = None
    short: str = None
    theme: str = None
    level: str = None
    yes_text: str = None
    no_text: str = None
    target_down: bool = None

    _tt = field_validator("tt", mode="before")(_tt_as_typed)

    @model_validator(mode="after")
    def _one_kind_of_row(self):
        kinds = [k for k in ("id", "ref", "group") if getattr(self, k) is not None]
        if not kinds:
            raise ValueError("dòng thiếu «id», «ref» hoặc «group»")
        if len(kinds) > 1:
            raise ValueError(f"một dòng chỉ có một trong «id», «ref», «group» (dòng này có {', '.join(kinds)})")
        if self.id is not None and self.ref is None and self.group is None and self.name is None:
            raise ValueError("thiếu khóa «name» (tên chỉ tiêu)")
        return self


class ColumnSpec(_Strict):
    """A value column of an annex: a role alone (`current`) or with its header and width."""

    role: Role
    header: str = None
    width: float = None

    @model_validator(mode="before")
    @classmethod
    def _role_alone(cls, data: Any) -> Any:
        return {"role": data} if isinstance(data, str) else data


class RuleSpec(_Strict):
    type: RuleType
    whole: str = None
    parts: list[str] = []
    rate: str = None
    numerator: str = None
    denominator: str = None
    scale: float = 100
    tolerance: float = 0.05
    message: str = None

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
    header: str = None
    kind: Literal["text", "count", "money"] = "text"
    total: str = None
    width: float = None
    group: str = None


class MatrixRowSpec(_Strict):
    key: str
    label: str
    tt: str = None
    level: str = None


class MatrixColumnSpec(_Strict):
    key: str
    name: str
    header: str = None
    group: str = None
    short: str = None
    unit: str = None
    kind: Kind = "count"
    good: Good = "none"
    noun: str = None
    theme: str = None
    yes_text: str = None
    no_text: str = None


class MatrixSpec(_Strict):
    """A grid annex (PHỤ LỤC 5): each (row, column) is the indicator `<prefix>_<row key>_<column key>`."""

    prefix: str = Field(pattern=ID_PATTERN)
    theme: str = None
    rows: list[MatrixRowSpec]
    columns: list[MatrixColumnSpec]


class AnnexFile(_Strict):
    """One file of data/catalog/ (an annex, or a file of shared indicators and rules without `annex`)."""

    annex: str = None
    order: int = 100
    sheet: str = None
    number: str = None
    form_code: str = None
    title: str = None
    layout: Literal["list", "records", "matrix"] = "list"
    columns: list[ColumnSpec] = []
    unit_note: str = None
    rows: list[RowSpec] = []
    indicators: list[IndicatorSpec] = []
    rules: list[RuleSpec] = []
    record_fields: list[RecordFieldSpec] = []
    matrix: MatrixSpec = None

    @model_validator(mode="after")
    def _annex_needs(self):
        if self.annex and not self.sheet:
            raise ValueError("thiếu khóa «sheet» (tên trang tính của phụ lục)")
        if self.layout == "matrix" and self.matrix is None:
            raise ValueError("phụ lục «layout: matrix» cần khóa «matrix»")
        return self


class CatalogMeta(_Strict):
    """data/catalog/_catalog.yaml."""

    version: str = None
    themes: dict[str, str] = {}


class LevelSpec(_Strict):
    key: str
    name: str = None
    active: bool = True
    until: datetime.date = None  # the level exists for periods ending before this date (districts: 2025-07-01)


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
    hint: str = None
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
    headline: list[str] = []  # indicators the text always states (the rest: notable ones, else the appendix)
    headline_for: dict[str, list[str]] = {}  # level key -> the headline list of that level's reports
    levels: list[str] = []  # level keys (levels.yaml) whose reports have this section; empty: every level
    children: list[OutlineSectionSpec] = []


class TaskGroupSpec(_Strict):
    number: str
    text: str


class LargeChangeSpec(_Strict):
    """A change worth a sentence: large both relatively and in absolute terms."""

    percent: float = None
    count: float = None
    money_million: float = None
    points: float = None


class SelectionSpec(_Strict):
    """`selection:` of an outline: which figures the text states and how it judges them."""

    large_change: LargeChangeSpec = None
    small_base: int = None
    handful: int = None
    watch_themes: list[str] = []
    neutral_themes: list[str] = []
    neutral: list[str] = []
    omit: list[str] = []
    praise: str = None
    praise_per_document: int = None
    clauses_per_sentence: int = None
    largest_changes: int = None
    max_parts: int = None
    missed_in_sections: bool = None
    missed_named: int = None
    levels: dict[str, "SelectionSpec"] = {}  # level key -> overrides for that level's reports


class AppendixSummarySpec(_Strict):
    """A long list annex (PHỤ LỤC 3) summarised: rows grouped by a record field, at most max_rows."""

    by: str
    max_rows: int = Field(default=40, ge=1)


class AppendixEntrySpec(_Strict):
    """One attached Phụ lục: the annex, the levels whose rows it keeps, how a long list is summarised."""

    annex: str
    levels: list[str] = []  # level keys from levels.yaml; empty: every level
    summary: AppendixSummarySpec = None


class OutlineFile(_Strict):
    """An outline file, templates/outline/*.yaml. EXTENSION POINT: a new document-level key is
    declared here (sections' keys: OutlineSectionSpec)."""

    kind: Literal["report", "hdnd", "plan"]
    title: str
    subject: str
    intro: str
    closing: str = ""
    sections: list[OutlineSectionSpec]
    appendices: list[str | AppendixEntrySpec] = None  # which Phụ lục, in order; absent: every annex
    selection: SelectionSpec = None  # content selection of the text (issue 12)
    # the HĐND submission
    recipient_line: str = None
    basis: str = None
    issuer: str = None
    issuer_short: str = None
    issuer_name: str = None
    council: str = None
    council_short_from: str = None
    council_short_to: str = None
    authority: list[str] = []
    authority_deputy: list[str] = []
    recipients_first: list[str] = []
    archive: str = None
    # the plan
    default_issuer: str = None
    default_issuer_short: str = None
    appendix_title: str = None
    reporting: dict[str, str] = {}
    task_groups: list[TaskGroupSpec] = []
    words: dict[str, str | list[str]] = {}


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
    if value is None and kind.endswith("_type"):
        return f"{where}: chưa có giá trị (ghi giá trị sau dấu «:», hoặc bỏ hẳn dòng này)"
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
SelectionSpec.model_rebuild()
