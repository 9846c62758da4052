"""Six-month and annual reports: a dataset and an outline into a `Document` to render.

read → check → compare → wording → render: this module walks the outline YAML and asks
reportgen.wording for the sentences; every figure stated is recorded with its source cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.facts import compare
from reportgen.words import wording
from reportgen.core import model as m
from reportgen.core.outputs import csv_text
from reportgen.documents.appendix import build_appendices
from reportgen.core.catalog import Catalog
from reportgen.documents.model import Comment, DocInfo, Document, Paragraph, Section
from reportgen.documents.outline import Outline, OutlineSection, fill, period_vars
from reportgen.core.period import Period

PLACEHOLDER = "[Nội dung cần bổ sung: {hint}]"


@dataclass
class Figure:
    """A figure stated in the text and where it came from (the sidecar .nguon.csv)."""

    section: str
    indicator: str
    name: str
    role: str
    text: str
    source: m.Source | None


@dataclass
class Built:
    document: Document
    figures: list[Figure] = field(default_factory=list)
    template_context: dict = field(default_factory=dict)  # ind(), sentences() for user templates


def issuer_name(info: m.UnitInfo) -> str:
    """The issuer as written inside a sentence: "Sở Y tế tỉnh Sơn Hà"."""
    if info.get("issuer_name"):
        return info.get("issuer_name")
    issuer = info.get("issuer") or info.get("unit_name") or "đơn vị"
    words = issuer.lower().split()
    if words and words[0] == "sở" and len(words) > 1:
        words[1] = words[1][:1].upper() + words[1][1:]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    unit = info.get("unit_name")
    return f"{text} {unit}" if unit and unit.lower() not in text.lower() else text


def parse_date(text: str) -> dt.date | None:
    mt = re.match(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$", text or "")
    if not mt:
        return None
    try:
        return dt.date(int(mt.group(3)), int(mt.group(2)), int(mt.group(1)))
    except ValueError:
        return None


def doc_info(info: m.UnitInfo, period: Period, code_prefix: str) -> DocInfo:
    authority = [a.strip() for a in re.split(r"[\n/]", info.get("authority")) if a.strip()]
    position = info.get("position").strip()
    if position and (not authority or authority[-1].upper() != position.upper()):
        authority.append(position)
    recipients = [r.strip().lstrip("-–• ").rstrip(";.").strip()
                  for r in info.get("recipients").splitlines() if r.strip()]
    if not any(r.lower().startswith("lưu") for r in recipients):
        recipients.append("Lưu: VT")
    short = info.get("issuer_short")
    return DocInfo(parent_agency=info.get("parent_agency"), issuer=info.get("issuer") or info.get("unit_name"),
                   doc_code=f"{code_prefix}-{short}" if short else code_prefix,
                   doc_number=info.get("doc_number"), place=info.get("place"),
                   date=parse_date(info.get("date")), signer=info.get("signer"), authority=authority,
                   recipients=recipients, year=period.year)


def attached_line(info: DocInfo, kind_word: str, issuer: str) -> str:
    number = info.doc_number or "      "
    when = (f"ngày {info.date.day:02d}/{info.date.month:02d}/{info.date.year}" if info.date
            else f"ngày      /     /{info.year}")
    return f"(Kèm theo {kind_word} số {number}/{info.doc_code} {when} của {issuer})"


class SectionWriter:
    """Fills outline sections from a dataset, recording every stated figure."""

    def __init__(self, ds: m.Dataset, catalog: Catalog, period: Period):
        self.ds, self.catalog, self.period = ds, catalog, period
        self.figures: list[Figure] = []
        self.mentioned: set[str] = set()
        self._children: dict[str, list[m.Indicator]] = {}  # catalog.children(id), built once
        for ind in catalog.indicators.values():
            self._children.setdefault(ind.parent, []).append(ind)

    # -- figures and sentences -----------------------------------------------------------
    def has_current(self, iid: str) -> bool:
        v = self.ds.value(iid, m.CURRENT)
        return v is not None and not v.blank and self.catalog.indicators[iid].kind != m.TEXT

    def theme_ids(self, themes) -> list[str]:
        wanted = set(themes or [])
        return [i.id for i in self.catalog.indicators.values() if i.theme in wanted and self.has_current(i.id)]

    def sentences(self, ids: list[str], section_id: str) -> list[Paragraph]:
        listed = [i for i in ids if i not in self.mentioned and self.has_current(i)]
        chosen = set(listed)
        out: list[Paragraph] = []
        run: list[m.Indicator] = []  # like figures without comparison, stated in one sentence

        def is_root(iid: str) -> bool:
            return self.catalog.indicators[iid].parent not in chosen

        def flush() -> None:
            text = wording.list_sentence([(i, self.ds.get(i.id)) for i in run]) if len(run) > 1 else None
            if text:
                out.append(Paragraph(text, sources=self._record(run, section_id)))
            else:
                out.extend(p for p in (self._one(i, [], section_id) for i in run) if p)
            run.clear()

        for iid in listed:
            ind = self.catalog.indicators[iid]
            if not is_root(iid) and is_root(ind.parent):
                continue  # stated in its parent's breakdown sentence
            kids = [k for k in self._children.get(iid, ()) if k.id in chosen] if is_root(iid) else []
            if not kids and self._listable(ind):
                if run and not self._alike(run[0], ind):
                    flush()
                run.append(ind)
                continue
            flush()
            paragraph = self._one(ind, kids, section_id)
            if paragraph:
                out.append(paragraph)
        flush()
        return out

    def _listable(self, ind: m.Indicator) -> bool:
        """A plain figure with nothing to compare (no previous column, no plan)."""
        return (ind.kind in (m.COUNT, m.MONEY) and (ind.id, m.PREVIOUS) not in self.ds.copies
                and self.ds.get(ind.id, m.PLAN) is None)

    @staticmethod
    def _alike(a: m.Indicator, b: m.Indicator) -> bool:
        return wording.noun(a) == wording.noun(b) and wording.list_sentence([(a, 1), (b, 1)]) is not None

    def _one(self, ind: m.Indicator, kids: list[m.Indicator], section_id: str) -> Paragraph | None:
        cur, prev, plan = (self.ds.get(ind.id, r) for r in (m.CURRENT, m.PREVIOUS, m.PLAN))
        comparable = (ind.id, m.PREVIOUS) in self.ds.copies  # the form has a previous column for it
        if kids:
            parts = [(k, self.ds.get(k.id, m.CURRENT), self.ds.get(k.id, m.PREVIOUS)) for k in kids]
            text = wording.breakdown_sentence(ind, cur, prev, parts, self.period, plan, compare=comparable)
        else:
            text = wording.sentence(ind, cur, prev, self.period, plan, compare=comparable)
        return Paragraph(text, sources=self._record([ind] + kids, section_id)) if text else None

    def _record(self, used: list[m.Indicator], section_id: str) -> list[tuple]:
        """Mark indicators as stated and keep each stated figure with its source cell."""
        sources = []
        for u in used:
            self.mentioned.add(u.id)
            v = self.ds.value(u.id, m.CURRENT)
            shown = wording.value_text(u, v.value, with_share=False) if v else None
            if v is not None and shown and isinstance(v.value, (int, float, m.Ratio)) \
                    and not isinstance(v.value, bool):
                self.figures.append(Figure(section_id, u.id, u.name, m.CURRENT, shown, v.source))
                if v.source:
                    sources.append((v.source.file, v.source.sheet, v.source.cell))
        return sources

    # -- the special sections ----------------------------------------------------------------
    def compare_all(self, section_id: str) -> list[Paragraph]:
        """II.1: every indicator with a value not yet stated, grouped by theme, plus a tally."""
        paras: list[Paragraph] = []
        tally = {"up": 0, "down": 0, "same": 0}
        for iid, ind in self.catalog.indicators.items():
            if self.has_current(iid) and ind.kind in m.NUMERIC_KINDS:
                kind = compare.change(ind, self.ds.get(iid, m.CURRENT), self.ds.get(iid, m.PREVIOUS)).kind
                if kind in ("up", "new"):
                    tally["up"] += 1
                elif kind in ("down", "gone"):
                    tally["down"] += 1
                elif kind in ("same", "both_zero"):
                    tally["same"] += 1
        total = sum(tally.values())
        if total:
            paras.append(Paragraph(
                f"So với {self.period.comparison_phrase}, trong {total} chỉ tiêu định lượng có số liệu so sánh: "
                f"{tally['up']} chỉ tiêu tăng, {tally['down']} chỉ tiêu giảm, {tally['same']} chỉ tiêu không thay đổi."))
        for theme, title in self.catalog.themes.items():
            ids = [i for i in self.theme_ids([theme]) if i not in self.mentioned]
            body = self.sentences(ids, section_id)
            if body:
                paras.append(Paragraph(f"{title}:", kind="note"))
                paras.extend(body)
        rest = [i for i in self.catalog.indicators if self.has_current(i) and i not in self.mentioned]
        body = self.sentences(rest, section_id)
        if body:
            paras.append(Paragraph("Các chỉ tiêu khác:", kind="note"))
            paras.extend(body)
        return paras

    def targets(self, section_id: str) -> list[Paragraph]:
        """B.2: next period's targets from the plan columns."""
        role = m.PLAN if self.period.half else m.NEXT_PLAN
        out = []
        for iid, ind in self.catalog.indicators.items():
            v = self.ds.value(iid, role)
            if v is None or v.blank:
                continue
            shown = wording.value_text(ind, v.value, with_share=False)
            if not shown:
                continue
            verb = "giảm xuống còn" if ind.target_down else "đạt"
            out.append(Paragraph(f"{wording.capitalize_first(wording.subject(ind))} {verb} {shown};", kind="bullet"))
        if out:
            last = out[-1]
            out[-1] = Paragraph(last.text[:-1] + ".", kind="bullet")
        return out

    def narrative(self, sec: OutlineSection) -> list[Paragraph]:
        text = self.ds.narrative.get(sec.id, "").strip()
        if not text:
            return []
        paras = []
        for line in text.splitlines():
            line = line.strip()
            if line:
                paras.append(Paragraph(line, kind="bullet" if line.startswith(("- ", "+ ")) else "body"))
        return paras

    def section(self, sec: OutlineSection) -> Section:
        spec = sec.spec
        paras: list[Paragraph] = []
        if spec.get("compare_all"):
            paras += self.compare_all(sec.id)
        if spec.get("indicators"):
            paras += self.sentences([i for i in spec["indicators"] if i in self.catalog.indicators], sec.id)
        if spec.get("themes"):
            paras += self.sentences(self.theme_ids(spec["themes"]), sec.id)
        if spec.get("targets"):
            paras += self.targets(sec.id)
        if spec.get("budget") and spec["budget"] in self.catalog.indicators:
            paras += self.budget(spec["budget"], sec.id)
        if spec.get("text"):
            text = self.narrative(sec)
            if text:
                paras += text
            elif not paras:
                paras.append(Paragraph(PLACEHOLDER.format(hint=spec.get("hint") or sec.heading),
                                       kind="placeholder"))
        return Section(level=sec.level, heading=sec.heading, paragraphs=paras, id=sec.id)

    def budget(self, iid: str, section_id: str) -> list[Paragraph]:
        role = m.PLAN if self.period.half else m.NEXT_PLAN
        ind = self.catalog.indicators[iid]
        v = self.ds.value(iid, role)
        if v is None or v.blank:
            return []
        shown = wording.value_text(ind, v.value, with_share=False)
        self.figures.append(Figure(section_id, iid, ind.name, role, wording.value_text(ind, v.value, with_share=False), v.source))
        return [Paragraph(f"Dự kiến {wording.subject(ind)} là {shown}.")]

    def walk(self, sections: list[OutlineSection]) -> list[Section]:
        out = []
        for sec in sections:
            out.append(self.section(sec))
            out.extend(self.walk(sec.children))
        return out


def build_report(ds: m.Dataset, catalog: Catalog, outline: Outline) -> Built:
    period = ds.period
    info = doc_info(ds.info, period, "BC")
    issuer = issuer_name(ds.info)
    variables = {"issuer_name": issuer, "basis": (ds.info.get("basis").rstrip(" ,;") + ", ") if ds.info.get("basis") else ""}
    writer = SectionWriter(ds, catalog, period)
    sections = walk_outline(writer, outline)
    meta = outline.meta
    variables.update(period_vars(period))
    document = Document(
        kind="report", title=str(meta.get("title", "BÁO CÁO")),
        subject=fill(meta.get("subject", ""), variables),
        intro=[Paragraph(fill(meta["intro"], variables))] if meta.get("intro") else [],
        sections=sections, closing=fill(meta.get("closing", ""), variables),
        info=info, appendices=build_appendices(catalog, ds, period, attached_line(info, "Báo cáo", issuer),
                                           outline.meta.get("appendices")))
    return Built(document, writer.figures, wording.jinja_globals(ds, catalog.indicators, period))


def walk_outline(writer: SectionWriter, outline: Outline) -> list[Section]:
    """Sections in outline order; "compare all" sections (II.1) are filled last, so they state
    only what the themed sections did not."""
    flat = list(outline.walk())
    built = {s.id: writer.section(s) for s in flat if not s.spec.get("compare_all")}
    built.update({s.id: writer.section(s) for s in flat if s.spec.get("compare_all")})
    return [built[s.id] for s in flat]


def write_sources(figures: list[Figure], path: Path) -> None:
    """The sidecar: every figure stated in the text with its indicator and source cell."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["muc", "ma_chi_tieu", "chi_tieu", "cot", "gia_tri", "tep", "trang_tinh", "o"])
        for f in figures:
            src = f.source
            w.writerow([csv_text(x) for x in (f.section, f.indicator, f.name, f.role, f.text,  # issue 14
                        src.file if src else "", src.sheet if src else "", src.cell if src else "")])


def figure_comments(figures: list[Figure]) -> list[Comment]:
    by_section: dict[str, list[str]] = {}
    for f in figures:
        where = str(f.source) if f.source else "không rõ nguồn"
        by_section.setdefault(f.section, []).append(f"{f.name}: {f.text} ({where})")
    return [Comment(target=sid, text="Nguồn số liệu:\n" + "\n".join(lines)) for sid, lines in by_section.items()]
