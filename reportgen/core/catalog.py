"""The indicator catalog: YAML files under data/catalog/, one per annex.

Each annex file lists its rows in print order. A row either defines an indicator
(`id`, `name`, `unit`, `kind`, ...) or reuses one defined elsewhere (`ref: <id>`), so
an indicator printed in several annexes is one catalog entry with one value.
See data/catalog/README.md for the schema.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from reportgen.core import model as m
from reportgen.core.errors import CatalogError
from reportgen.core.paths import catalog_dir, levels_file
from reportgen.core.yamlfile import load_yaml

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ROMAN_RE = re.compile(r"^(?=[IVXLC]+$)M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")

_INDICATOR_KEYS = {
    "id", "name", "unit", "kind", "good", "aggregate", "parent", "numerator", "denominator",
    "noun", "short", "theme", "level", "yes_text", "no_text", "target_down",
}
_ROW_KEYS = {"tt", "label", "style", "ref", "group", "agency"} | _INDICATOR_KEYS

DEFAULT_HEADERS = {
    m.PREVIOUS: "{prev}",
    m.CURRENT: "{cur}",
    m.PLAN: "KH {year_lower}",
    m.NEXT_PLAN: "KH năm {next_year}",
    m.ASSESSMENT: "Đánh giá kết quả thực hiện",
    m.NOTE: "Ghi chú",
    m.AGENCY: "Cơ quan chủ trì tham mưu thực hiện",
    m.DETAIL: "Số hiệu, ngày tháng, nội dung",
}


@dataclass
class Level:
    key: str
    name: str
    active: bool = True
    # the first day the level no longer exists (the district level: 2025-07-01); it applies to the
    # periods that end before that day (2025-H1, not the year 2025). None: no end.
    until: datetime.date | None = None
    enabled: bool = True  # levels.yaml `active`; `active` is whether the level applies (the catalog
    # without a period: the levels of the latest periods, so a level with `until` is off there)

    def exists_in(self, period) -> bool:
        if not self.enabled:
            return False
        if self.until is None or period is None or not getattr(period, "year", 0):
            return True
        end = datetime.date(period.year, 6, 30) if period.half else datetime.date(period.year, 12, 31)
        return end < self.until


@dataclass
class Catalog:
    version: str
    indicators: dict[str, m.Indicator]
    annexes: list[m.Annex]
    rules: list[m.Rule]
    themes: dict[str, str] = field(default_factory=dict)
    levels: list[Level] = field(default_factory=list)

    def annex(self, annex_id: str) -> m.Annex:
        for a in self.annexes:
            if a.id == annex_id:
                return a
        raise KeyError(annex_id)

    def indicator(self, indicator_id: str) -> m.Indicator:
        return self.indicators[indicator_id]

    _by_period: dict = field(default_factory=dict, compare=False, repr=False)
    # What readers derive from this catalog again and again (read.layout.visible_rows), per object
    _memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # not copied by replace()

    def for_period(self, period) -> "Catalog":
        """The catalog as it applies to `period`: the levels that exist then are the active ones
        (levels.yaml `until`). The same object when nothing changes."""
        levels = [lv for lv in self.levels if lv.active != lv.exists_in(period)]
        if not levels:
            return self
        key = getattr(period, "code", period)
        found = self._by_period.get(key)
        if found is None:
            found = replace(self, levels=[replace(lv, active=lv.exists_in(period)) for lv in self.levels],
                            _by_period={})
            self._by_period[key] = found
        return found

    def active_level(self, level: str | None) -> bool:
        if not level:
            return True
        for lv in self.levels:
            if lv.key == level:
                return lv.active
        return True

    def children(self, indicator_id: str) -> list[m.Indicator]:
        return [i for i in self.indicators.values() if i.parent == indicator_id]


def _style_for(tt: str) -> str:
    t = tt.strip()
    if not t:
        return "item"
    if _ROMAN_RE.match(t) or t.lower().startswith(("mục tiêu",)):
        return "group"
    if t.startswith("+"):
        return "subsub"
    if t.startswith("-") or (len(t) == 1 and t.isalpha()) or t.lower().startswith("trong đó"):
        return "sub"
    return "item"


def _load_yaml(path: Path, schema: str):
    """A catalog file, parsed and checked against its schema (core/schemas.py) once per version."""
    return load_yaml(path, CatalogError, schema)


def _make_indicator(row: dict, where: str) -> m.Indicator:
    unknown = set(row) - _ROW_KEYS
    if unknown:
        raise CatalogError(f"khóa không hợp lệ {sorted(unknown)} ở chỉ tiêu {row.get('id')}", file=where)
    iid = str(row["id"])
    if not _ID_RE.match(iid):
        raise CatalogError(f"mã chỉ tiêu «{iid}» phải viết thường, không dấu, dùng dấu gạch dưới", file=where)
    kind = row.get("kind", m.COUNT)
    if kind not in m.KINDS:
        raise CatalogError(f"loại chỉ tiêu «{kind}» không hợp lệ ở {iid}", file=where)
    default_agg = {m.YESNO: m.COUNT_YES, m.RATIO: m.RATIO_SUM, m.TEXT: m.NONE,
                   m.PERCENT: m.RATE, m.PERMILLE: m.RATE}.get(kind, m.SUM)
    return m.Indicator(
        id=iid,
        name=str(row.get("name", "")).strip(),
        unit=str(row.get("unit", "") or ""),
        kind=kind,
        good=row.get("good", m.NEUTRAL),
        aggregate=row.get("aggregate", default_agg),
        parent=row.get("parent"),
        numerator=row.get("numerator"),
        denominator=row.get("denominator"),
        noun=row.get("noun"),
        short=row.get("short"),
        theme=row.get("theme"),
        level=row.get("level"),
        yes_text=row.get("yes_text"),
        no_text=row.get("no_text"),
        target_down=bool(row.get("target_down", False)),
    )


def _columns(spec) -> tuple[m.Column, ...]:
    cols = []
    for c in spec or []:
        if isinstance(c, str):
            cols.append(m.Column(role=c, header=DEFAULT_HEADERS.get(c, c)))
        else:
            role = c["role"]
            cols.append(m.Column(role=role, header=c.get("header", DEFAULT_HEADERS.get(role, role)),
                                 width=float(c.get("width", 14))))
    return tuple(cols)


def load_catalog(directory: Path | None = None) -> Catalog:
    """The catalog, built once per process and per version of its files (an edited file is read again)."""
    directory = str(directory or catalog_dir())
    levels = str(levels_file())
    return _load_catalog_cached(directory, levels, _versions(Path(directory), Path(levels)))


def _versions(root: Path, levels: Path) -> tuple:
    """(name, modification time, size) of every file the catalog is built from."""
    out = []
    for path in sorted(root.glob("*.yaml")) + [levels]:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=8)
def _load_catalog_cached(directory: str, levels_path: str, _versions: tuple = ()) -> Catalog:
    root = Path(directory)
    files = sorted(p for p in root.glob("*.yaml") if not p.name.startswith("_"))
    if not files:
        raise CatalogError("không tìm thấy tệp danh mục chỉ tiêu (*.yaml)", file=str(root))
    digest = hashlib.sha256()
    indicators: dict[str, m.Indicator] = {}
    where_defined: dict[str, str] = {}
    printed_in: dict[str, list[str]] = {}
    annexes: list[m.Annex] = []
    rules: list[m.Rule] = []
    pending_rows: list[tuple[str, list, str]] = []
    meta = _load_yaml(root / "_catalog.yaml", "CatalogMeta") if (root / "_catalog.yaml").exists() else {}
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        doc = _load_yaml(path, "AnnexFile")
        annex_id = str(doc.get("annex") or "")
        for ind in doc.get("indicators", []) or []:
            _define(ind, indicators, where_defined, path.name)
        rows_spec = doc.get("rows", []) or []
        if doc.get("layout") == "matrix":
            rows_spec = _expand_matrix(doc, path.name)
        for row in rows_spec:
            if "id" in row and "ref" not in row:
                _define(row, indicators, where_defined, path.name)
        pending_rows.append((annex_id, rows_spec, path.name))
        for r in doc.get("rules", []) or []:
            rules.append(_make_rule(r, annex_id, path.name))
        if annex_id:
            annexes.append(m.Annex(
                id=annex_id, sheet=str(doc["sheet"]), title=str(doc.get("title", "")),
                number=str(doc.get("number", annex_id)), form_code=str(doc.get("form_code", "")),
                layout=str(doc.get("layout", "list")), columns=_columns(doc.get("columns")),
                unit_note=str(doc.get("unit_note", "")),
                record_fields=tuple(doc.get("record_fields", []) or []),
                order=int(doc.get("order", 100)),
                matrix=doc.get("matrix") if doc.get("layout") == "matrix" else None,
            ))
    built_rows: dict[str, tuple[m.AnnexRow, ...]] = {}
    for annex_id, rows_spec, fname in pending_rows:
        out = []
        for row in rows_spec:
            out.append(_make_row(row, indicators, fname))
            if out[-1].indicator:
                printed_in.setdefault(out[-1].indicator, [])
                if annex_id not in printed_in[out[-1].indicator]:
                    printed_in[out[-1].indicator].append(annex_id)
        built_rows[annex_id] = tuple(out)
    annexes = [replace(a, rows=built_rows.get(a.id, ())) for a in annexes]
    annexes.sort(key=lambda a: (a.order, a.id))
    for iid, ind in list(indicators.items()):
        indicators[iid] = replace(ind, annexes=tuple(printed_in.get(iid, ())))
    _validate(indicators, rules, where_defined, {a: f for a, _, f in pending_rows})
    themes = {str(k): str(v) for k, v in (meta.get("themes") or {}).items()}
    levels = _load_levels(Path(levels_path))
    version = str(meta.get("version") or "") + "+" + digest.hexdigest()[:10]
    return Catalog(version=version, indicators=indicators, annexes=annexes, rules=rules,
                   themes=themes, levels=levels)


def _define(row: dict, indicators: dict, where_defined: dict, fname: str) -> None:
    ind = _make_indicator(row, fname)
    if ind.id in indicators:
        raise CatalogError(f"mã chỉ tiêu «{ind.id}» được định nghĩa hai lần "
                           f"({where_defined[ind.id]} và {fname}); dùng «ref: {ind.id}» để in lại", file=fname)
    indicators[ind.id] = ind
    where_defined[ind.id] = fname


def _make_row(row: dict, indicators: dict, fname: str) -> m.AnnexRow:
    tt = "" if row.get("tt") is None else str(row.get("tt"))
    if "group" in row:
        return m.AnnexRow(tt=tt, label=str(row["group"]), indicator=None,
                          style=row.get("style", "group"), unit=str(row.get("unit", "") or ""),
                          agency=str(row.get("agency", "") or ""), level=row.get("level"))
    iid = row.get("ref") or row.get("id")
    if iid is None:
        raise CatalogError(f"dòng «{tt} {row.get('label', '')}» thiếu id, ref hoặc group", file=fname)
    if iid not in indicators:
        raise CatalogError(f"dòng tham chiếu chỉ tiêu «{iid}» chưa được định nghĩa", file=fname)
    ind = indicators[iid]
    return m.AnnexRow(tt=tt, label=str(row.get("label") or ind.name), indicator=iid,
                      style=row.get("style") or _style_for(tt), unit=str(row.get("unit") or ind.unit),
                      agency=str(row.get("agency", "") or ""), level=row.get("level") or ind.level)


def _expand_matrix(doc: dict, fname: str) -> list[dict]:
    """PHỤ LỤC 5: rows (levels) x columns; each cell an indicator `<prefix>_<row>_<col>`."""
    mx = doc["matrix"]
    prefix = mx["prefix"]
    rows = []
    for r in mx["rows"]:
        for c in mx["columns"]:
            name = f"{c['name']} - {r['label']}"
            rows.append({
                "tt": str(r.get("tt", "")), "id": f"{prefix}_{r['key']}_{c['key']}", "name": name,
                "label": r["label"], "unit": c.get("unit", "Người"), "kind": c.get("kind", m.COUNT),
                "level": r.get("level"), "theme": c.get("theme", mx.get("theme")),
                "noun": c.get("noun"), "good": c.get("good", m.NEUTRAL),
            })
            for key in ("short", "yes_text", "no_text"):  # "{level}" -> "cấp tỉnh", ...
                if c.get(key):
                    rows[-1][key] = str(c[key]).replace("{level}", str(r["label"]).lower())
    return rows


def _make_rule(r: dict, annex_id: str, fname: str) -> m.Rule:
    t = r.get("type")
    if t not in ("parts_le_whole", "parts_eq_whole", "rate", "le"):
        raise CatalogError(f"loại quy tắc «{t}» không hợp lệ", file=fname)
    return m.Rule(type=t, whole=r.get("whole"), parts=tuple(r.get("parts", []) or []),
                  rate=r.get("rate"), numerator=r.get("numerator"), denominator=r.get("denominator"),
                  scale=float(r.get("scale", 100)), tolerance=float(r.get("tolerance", 0.05)),
                  annex=annex_id or None, message=r.get("message"))


def _validate(indicators: dict[str, m.Indicator], rules: list[m.Rule],
              where_defined: dict[str, str] | None = None, annex_files: dict[str, str] | None = None) -> None:
    where_defined, annex_files = where_defined or {}, annex_files or {}
    for ind in indicators.values():
        for ref in (ind.parent, ind.numerator, ind.denominator):
            if ref and ref not in indicators:
                raise CatalogError(f"chỉ tiêu «{ind.id}» tham chiếu «{ref}» không tồn tại",
                                   file=where_defined.get(ind.id))
    for r in rules:
        for ref in (r.whole, r.rate, r.numerator, r.denominator, *r.parts):
            if ref and ref not in indicators:
                raise CatalogError(f"quy tắc {r.type} tham chiếu chỉ tiêu «{ref}» không tồn tại",
                                   file=annex_files.get(r.annex or ""))


def _load_levels(path: Path) -> list[Level]:
    if not path.exists():
        return []
    doc = _load_yaml(path, "LevelsFile")
    levels = []
    for x in doc.get("levels", []):
        enabled, until = bool(x.get("active", True)), _date(x.get("until"), path)
        levels.append(Level(key=str(x["key"]), name=str(x.get("name", x["key"])), active=enabled and until is None,
                            until=until, enabled=enabled))
    return levels


def _date(value, path: Path) -> datetime.date | None:
    """levels.yaml `until`: a date (2025-07-01, as YAML reads it) or None."""
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CatalogError(f"«until: {value}» không phải ngày dạng 2025-07-01", file=str(path)) from None
