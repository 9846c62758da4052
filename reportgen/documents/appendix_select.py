"""Which Phụ lục a document attaches, with which rows: the outline's `appendices:` key, the
reporting unit's level, and the summary of long lists (training events of many units).

The outline YAML (templates/outline/*.yaml) lists the annexes in print order:

    appendices:
      - M01                                   # always attached (when it has data)
      - {annex: PL5, levels: [tinh]}          # only in a province's report
      - {annex: PL3, summary: {by: noi_dung, max_rows: 40}}

`levels`: keys of data/levels.yaml whose reports attach the annex (omitted: every level).
`summary` (records annexes): a list longer than `max_rows` is printed as one row per value of
the field `by` (the longest groups first, the rest as one "other" row) with the number of
rows and the column totals, instead of every row. Without the key: every annex, in catalog
order, as before.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import TemplateError

DEFAULT_MAX_ROWS = 40
# How units name their own level (the info field "level") -> data/levels.yaml key.
_LEVEL_WORDS = {"tinh": ("tỉnh", "thành phố", "tp"), "huyen": ("huyện", "quận", "thị xã"),
                "xa": ("xã", "phường", "đặc khu", "thị trấn")}


@dataclass(frozen=True)
class Summary:
    by: str
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass(frozen=True)
class Entry:
    annex: str
    levels: tuple[str, ...] = ()
    summary: Summary | None = None


def parse_entries(raw, catalog: Catalog, where: str = "đề cương") -> list[Entry] | None:
    """The `appendices:` list of an outline, checked against the catalog; None when absent."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise TemplateError("khóa «appendices» của đề cương phải là một danh sách mã phụ lục", file=where)
    known = {a.id for a in catalog.annexes}
    level_keys = {lv.key for lv in catalog.levels}
    out = []
    for item in raw:
        spec = {"annex": item} if isinstance(item, str) else item
        if not isinstance(spec, dict) or not isinstance(spec.get("annex"), str):
            raise TemplateError(f"mục «{item}» của «appendices» cần mã phụ lục (annex)", file=where)
        annex = spec["annex"]
        if annex not in known:
            raise TemplateError(f"«appendices»: không có phụ lục «{annex}» trong danh mục "
                                f"(có: {', '.join(sorted(known))})", file=where)
        levels = tuple(spec.get("levels") or ())
        bad = [lv for lv in levels if lv not in level_keys]
        if bad:
            raise TemplateError(f"«appendices» {annex}: cấp «{bad[0]}» không có trong data/levels.yaml",
                                file=where)
        summary = None
        if spec.get("summary") is not None:
            s = spec["summary"]
            if not isinstance(s, dict) or not isinstance(s.get("by"), str):
                raise TemplateError(f"«appendices» {annex}: «summary» cần trường «by»", file=where)
            summary = Summary(by=s["by"], max_rows=int(s.get("max_rows", DEFAULT_MAX_ROWS)))
        out.append(Entry(annex, levels, summary))
    return out


def unit_level(info: m.UnitInfo, catalog: Catalog) -> str | None:
    """The data/levels.yaml key of the reporting unit ("xã", "Phường" -> "xa"), or None."""
    text = unicodedata.normalize("NFC", (info.get("level") or "").strip().lower())
    if not text:  # "xã Tân Lập", "tỉnh Sơn Hà": the unit's name says it
        name = unicodedata.normalize("NFC", (info.get("unit_name") or "").strip().lower())
        text = next((w for words in _LEVEL_WORDS.values() for w in words
                     if name.startswith(w + " ")), "")
    if not text:
        return None
    for lv in catalog.levels:
        name = lv.name.lower().removeprefix("cấp ").strip()
        if text in (lv.key, name, lv.name.lower()):
            return lv.key
    for key, words in _LEVEL_WORDS.items():
        if text in words:
            return key
    return None


def place_word(info: m.UnitInfo) -> str | None:
    """The unit's own word for what it is, from its name: "phường" for "phường Đông Hải",
    "thị trấn", "xã", "quận", "thành phố" …; None when the name does not start with one."""
    name = unicodedata.normalize("NFC", (info.get("unit_name") or "").strip().lower())
    return next((w for words in _LEVEL_WORDS.values() for w in words
                 if w != "tp" and name.startswith(w + " ")), None)


class LevelRows:
    """The catalog as `forms.annex.visible_rows` sees it, for a unit of one level: rows of an
    inactive level are dropped as always, and a commune's report also drops the rows of the
    levels above it (province, district)."""

    _ORDER = ("tinh", "huyen", "xa")

    def __init__(self, catalog: Catalog, level: str | None):
        self.catalog = catalog
        self.level = level

    def active_level(self, level: str | None) -> bool:
        if not self.catalog.active_level(level):
            return False
        if self.level is None or level is None or level not in self._ORDER \
                or self.level not in self._ORDER:
            return True
        return self._ORDER.index(level) >= self._ORDER.index(self.level)


def selected(catalog: Catalog, entries: list[Entry] | None, level: str | None) -> list[tuple]:
    """[(annex, entry or None)] in print order for a unit of `level`."""
    by_id = {a.id: a for a in catalog.annexes}
    if entries is None:
        return [(a, None) for a in catalog.annexes]
    return [(by_id[e.annex], e) for e in entries
            if not e.levels or level is None or level in e.levels]


def summarise_records(records: list[dict], fields: list[dict], summary: Summary) -> tuple[list[dict], str]:
    """Records grouped by `summary.by`: [{by: value, "_count": n, numeric field: sum}], the
    largest groups first, the rest lumped into one row; and the header of the group column."""
    key = summary.by
    header = next((f.get("header", key) for f in fields if f["key"] == key), key)
    numeric = [f["key"] for f in fields if f.get("kind", "text") != "text"]
    groups: dict[str, dict] = {}
    for rec in records:
        value = rec.get(key)
        name = str(value).strip() if value not in (None, "") else ""
        g = groups.setdefault(name, {key: name, "_count": 0})
        g["_count"] += 1
        for k in numeric:
            v = rec.get(k)
            if isinstance(v, (int, float)):
                g[k] = g.get(k, 0.0) + v
    ordered = sorted(groups.values(), key=lambda g: (-g["_count"], g[key]))
    keep = max(1, summary.max_rows - 1)
    if len(ordered) > summary.max_rows:
        rest = {key: f"Các {header[:1].lower()}{header[1:]} khác ({len(ordered) - keep})", "_count": 0}
        for g in ordered[keep:]:
            rest["_count"] += g["_count"]
            for k in numeric:
                if k in g:
                    rest[k] = rest.get(k, 0.0) + g[k]
        ordered = ordered[:keep] + [rest]
    for g in ordered:
        if not g[key]:
            g[key] = "(Không ghi)"
    return ordered, header
