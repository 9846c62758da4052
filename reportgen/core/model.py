"""The typed values the whole library passes around: indicators, annexes, values, datasets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from reportgen.core.location import location
from reportgen.core.period import Period

# Kinds of indicator (catalog field `kind`).
COUNT, MONEY, PERCENT, PERMILLE, YESNO, RATIO, TEXT = (
    "count", "money", "percent", "permille", "yesno", "ratio", "text")
KINDS = (COUNT, MONEY, PERCENT, PERMILLE, YESNO, RATIO, TEXT)
NUMERIC_KINDS = (COUNT, MONEY, PERCENT, PERMILLE)
RATE_KINDS = (PERCENT, PERMILLE)

# Which direction is good (catalog field `good`).
UP, DOWN, NEUTRAL = "up", "down", "none"

# How an indicator adds up across units (catalog field `aggregate`).
SUM, RATE, COUNT_YES, RATIO_SUM, NONE = "sum", "rate", "count_yes", "ratio_sum", "none"

# Column roles of an annex sheet.
PREVIOUS, CURRENT, PLAN, NEXT_PLAN, ASSESSMENT, NOTE, AGENCY, DETAIL = (
    "previous", "current", "plan", "next_plan", "assessment", "note", "agency", "detail")
VALUE_ROLES = (PREVIOUS, CURRENT, PLAN, NEXT_PLAN)


@dataclass(frozen=True)
class Ratio:
    """An `x/y` answer such as 7/7 districts."""

    num: float
    den: float

    @property
    def share(self) -> float | None:
        return None if not self.den else self.num / self.den

    def to_json(self) -> dict:
        return {"num": _plain(self.num), "den": _plain(self.den)}


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


Typed = Union[float, bool, Ratio, str, None]


@dataclass(frozen=True)
class Source:
    """Where a value was read: file, sheet and cell (e.g. `PL6!E12`)."""

    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return location(self.file, self.sheet, self.cell)

    @property
    def ref(self) -> str:
        return location("", self.sheet, self.cell)


@dataclass(frozen=True)
class Value:
    value: Typed
    source: Source | None = None

    @property
    def blank(self) -> bool:
        return self.value is None or self.value == ""


@dataclass(frozen=True)
class Rule:
    """A consistency rule from the catalog."""

    type: str  # parts_le_whole | parts_eq_whole | rate | le
    whole: str | None = None
    parts: tuple[str, ...] = ()
    rate: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 100.0
    tolerance: float = 0.05
    annex: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str  # ĐVT as printed
    kind: str
    good: str = NEUTRAL
    aggregate: str = SUM
    parent: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    noun: str | None = None  # the unit word in running text: "em", "người", "lượt"...
    short: str | None = None  # a shorter name for sentences
    theme: str | None = None
    level: str | None = None  # administrative level this row belongs to (dropped when inactive)
    yes_text: str | None = None  # "đã có quyết định thành lập ..." for yes/no
    no_text: str | None = None
    target_down: bool = False  # plan is a decrease target ("Giảm tỷ lệ ...")
    annexes: tuple[str, ...] = ()  # every annex that prints it

    @property
    def is_rate(self) -> bool:
        return self.kind in RATE_KINDS

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class AnnexRow:
    tt: str
    label: str
    indicator: str | None = None  # None: a heading/group row without a value
    style: str = "item"  # group | item | sub | subsub | note
    unit: str = ""
    agency: str = ""  # "Cơ quan chủ trì tham mưu" column text, if any
    level: str | None = None


@dataclass(frozen=True)
class Column:
    role: str
    header: str  # template with {prev} {cur} {plan} {next} placeholders, filled per period
    width: float = 14


@dataclass(frozen=True)
class Annex:
    id: str
    sheet: str
    title: str
    number: str  # "Phụ lục 6", "Mẫu số 01/TE"
    form_code: str = ""
    layout: str = "list"  # list | records | matrix
    columns: tuple[Column, ...] = ()
    rows: tuple[AnnexRow, ...] = ()
    unit_note: str = ""  # "Đơn vị tính: 1000đ"
    record_fields: tuple[dict, ...] = ()  # for layout=records (PHỤ LỤC 3)
    order: int = 0
    matrix: dict | None = None  # for layout=matrix (PHỤ LỤC 5): prefix, rows, columns

    def role_columns(self) -> list[str]:
        return [c.role for c in self.columns]


@dataclass
class UnitInfo:
    """The "Thông tin chung" sheet."""

    fields: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        v = self.fields.get(key)
        return default if v is None else str(v)


@dataclass
class Dataset:
    """A filled form, typed: one value per indicator and role, with every copy kept."""

    period: Period
    unit: str = ""
    catalog_version: str = ""
    file: str = ""
    info: UnitInfo = field(default_factory=UnitInfo)
    # values[indicator_id][role] -> the value used (first non-blank copy)
    values: dict[str, dict[str, Value]] = field(default_factory=dict)
    # every copy read, for the "one indicator, one value" check
    copies: dict[tuple[str, str], list[Value]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)  # outline section id -> text
    narrative_cells: dict[str, str] = field(default_factory=dict)  # outline section id -> "C12"
    records: dict[str, list[dict]] = field(default_factory=dict)  # annex id -> rows (PHỤ LỤC 3)
    problems: list = field(default_factory=list)  # reader findings (check.Finding)
    extra: dict[str, dict[str, Value]] = field(default_factory=dict)  # text roles (note, detail)

    def get(self, indicator_id: str, role: str = "current") -> Typed:
        v = self.values.get(indicator_id, {}).get(role)
        return None if v is None else v.value

    def value(self, indicator_id: str, role: str = "current") -> Value | None:
        return self.values.get(indicator_id, {}).get(role)

    def put(self, indicator_id: str, role: str, value: Value) -> None:
        self.copies.setdefault((indicator_id, role), []).append(value)
        slot = self.values.setdefault(indicator_id, {})
        if role not in slot or (slot[role].blank and not value.blank):
            slot[role] = value
