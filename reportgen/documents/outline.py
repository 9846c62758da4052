"""Document outlines as data: templates/outline/<name>.yaml, a tree of headed sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.catalog import Catalog
from reportgen.core.errors import TemplateError
from reportgen.core.paths import outline_file
from reportgen.core.period import Period
from reportgen.core.yamlfile import load_yaml

OUTLINE_FILES = {"six-month": "bao-cao.yaml", "annual": "bao-cao.yaml", "hdnd": "bao-cao-hdnd.yaml",
                 "plan": "ke-hoach.yaml"}
_LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class OutlineSection:
    id: str
    heading: str
    level: int
    spec: dict = field(default_factory=dict)
    children: list["OutlineSection"] = field(default_factory=list)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Outline:
    kind: str
    meta: dict
    sections: list[OutlineSection]

    def walk(self):
        for s in self.sections:
            yield from s.walk()

    def text_sections(self) -> list[tuple[str, str]]:
        """(id, heading) of every section that takes the officer's text."""
        return [(s.id, s.heading) for s in self.walk() if s.spec.get("text")]


# The «Nội dung» sheet of an annual form also carries the HĐND report's own rows, headed so.
COUNCIL_ROW_PREFIX = "Báo cáo gửi Hội đồng nhân dân — "


def form_text_sections(period: Period, catalog: Catalog | None = None) -> list[tuple[str, str]]:
    """The rows of the form's «Nội dung» sheet: the six-month/annual report's text sections and,
    for a year, the HĐND report's own text sections (those without `from:`), which the
    People's Committee writes in its own voice."""
    kind = "six-month" if period.half else "annual"
    rows = load_outline(kind, period, catalog).text_sections()
    if not period.half:
        council = load_outline("hdnd", period, catalog, extra_vars={"unit": "", "council": "Hội đồng nhân dân"})
        seen = {sid for sid, _ in rows}
        rows += [(s.id, COUNCIL_ROW_PREFIX + s.heading) for s in council.walk()
                 if s.spec.get("text") and not s.spec.get("from") and not s.spec.get("from_level")
                 and s.id not in seen]
    return rows


def period_vars(period: Period) -> dict[str, str]:
    lower = period.label_lower
    nxt = f"6 tháng cuối năm {period.year}" if period.half else f"năm {period.year + 1}"
    return {"period_lower": lower, "PERIOD_UPPER": lower.upper(), "next_period": nxt,
            "NEXT_PERIOD_UPPER": nxt.upper(), "year": str(period.year), "next_year": str(period.year + 1),
            "prev_year": str(period.year - 1)}


def load_outline(kind: str, period: Period, catalog: Catalog | None = None, *,
                 path: Path | None = None, extra_vars: dict | None = None) -> Outline:
    path = path or outline_file(OUTLINE_FILES[kind])
    doc = load_yaml(path, TemplateError, "OutlineFile")  # parsed and checked once per version of the file
    variables = {**period_vars(period), **(extra_vars or {})}
    levels = [lv for lv in (catalog.levels if catalog else []) if lv.active]  # top level first
    sections = [_build(s, 1, variables, levels, str(path)) for s in doc.get("sections", []) or []]
    meta = {k: v for k, v in doc.items() if k != "sections"}
    return Outline(kind=kind, meta=meta, sections=sections)


def fill(text: str, variables: dict) -> str:
    class _Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"
    return str(text).format_map(_Keep(variables))


def _build(spec: dict, level: int, variables: dict, levels, where: str) -> OutlineSection:
    if "id" not in spec or "heading" not in spec:
        raise TemplateError(f"mỗi mục của đề cương cần «id» và «heading» (mục: {spec})", file=where)
    sec = OutlineSection(id=str(spec["id"]), heading=fill(spec["heading"], variables), level=level,
                         spec={k: v for k, v in spec.items() if k not in ("children",)})
    for child in spec.get("children", []) or []:
        sec.children.append(_build(child, level + 1, variables, levels, where))
    if spec.get("per_level"):
        sec.spec = {k: v for k, v in sec.spec.items() if k not in ("text",)}
        for i, lv in enumerate(levels):
            sec.children.append(OutlineSection(
                id=f"{sec.id}.{lv.key}", heading=f"{_LETTERS[i]}) {lv.name[:1].upper()}{lv.name[1:]}",
                level=level + 1, spec={"text": True, "hint": f"{spec.get('hint', 'nội dung')} {lv.name}",
                                       "levels": [x.key for x in levels[: i + 1]]}))
    return sec
