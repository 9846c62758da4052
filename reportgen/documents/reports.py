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

from reportgen.words import compose, wording
from reportgen.words.select import PraiseBudget, Rules, select
from reportgen.words.summary import summary
from reportgen.core import model as m
from reportgen.core.outputs import csv_text
from reportgen.documents import appendix_select as sel
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
    warnings: list[str] = field(default_factory=list)  # shown by `build` ("Cảnh báo: …")


def issuer_name(info: m.UnitInfo) -> str:
    """The issuer as written inside a sentence: "Sở Y tế tỉnh Sơn Hà"."""
    if info.get("issuer_name"):
        return info.get("issuer_name")
    issuer = info.get("issuer") or info.get("unit_name") or "đơn vị"
    unit = info.get("unit_name")
    if unit and issuer.lower().endswith(" " + unit.lower()) and len(issuer) > len(unit) + 1:
        agency = issuer[: -len(unit) - 1].lower()  # "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" -> "Ủy ban nhân dân xã Tân Lập"
        return f"{agency[:1].upper()}{agency[1:]} {unit}"
    words = issuer.lower().split()
    if words and words[0] == "sở" and len(words) > 1:
        words[1] = words[1][:1].upper() + words[1][1:]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    unit = info.get("unit_name")
    return f"{text} {unit}" if unit and unit.lower() not in text.lower() else text


def unit_level(info: m.UnitInfo, catalog: Catalog) -> str | None:
    """The key in data/levels.yaml of the unit's level (appendix_select.unit_level)."""
    return sel.unit_level(info, catalog)


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


def target_text(ind: m.Indicator, value, shown: str, commune: str | None) -> str | None:
    """One bullet of next year's targets: "Tỷ lệ … đạt 98%", "Không để xảy ra trường hợp trẻ em bị
    xâm hại" (a ceiling of zero), "Xã đạt tiêu chuẩn phù hợp với trẻ em" (a commune's 1/1; `commune`
    is its word: "xã", "phường")."""
    thing = wording.thing(ind)
    if commune and isinstance(value, m.Ratio) and value.den == 1:
        rest = re.sub(r"^(xã, phường, thị trấn|xã, phường|xã)\s+", "", thing)
        return f"{wording.capitalize_first(commune)} {rest}" if value.num >= 1 and rest != thing else None
    if (ind.target_down or ind.good == m.DOWN) and ind.kind == m.COUNT and value == 0:
        lead = "Không để xảy ra trường hợp" if thing.startswith(("trẻ em", "người")) else "Không để phát sinh"
        return f"{lead} {thing}"
    verb = "giảm xuống còn" if ind.target_down else "đạt"
    return f"{wording.capitalize_first(wording.subject(ind))} {verb} {shown}"


class SectionWriter:
    """Fills outline sections from a dataset, recording every stated figure.

    The text states each section's headline indicators (`headline:` in the outline) and the
    notable ones (reportgen.words.select); the appendices carry the rest, and the section
    points to them ("chi tiết tại Phụ lục IV")."""

    def __init__(self, ds: m.Dataset, catalog: Catalog, period: Period, rules: Rules | None = None,
                 level: str | None = None, appendix_of: dict[str, str] | None = None):
        self.ds, self.catalog, self.period = ds, catalog, period
        self.rules = (rules or Rules()).for_level(level)
        place = sel.place_word(m.UnitInfo({"unit_name": ds.unit, **ds.info.fields})) if level else None
        self.source = compose.Source(ds, catalog.indicators, period, self.rules, level, row_labels(catalog),
                                     catalog.themes, place)
        self.figures: list[Figure] = []
        self.mentioned: set[str] = set()
        self.praise = PraiseBudget(self.rules.praise_per_document)
        self.appendix_of = appendix_of or {}

    # -- figures and sentences -----------------------------------------------------------
    def headline(self, spec: dict) -> list[str]:
        """The section's headline ids for this unit's level (`headline_for: {xa: [...]}` replaces
        `headline:` in a commune's report)."""
        per_level = spec.get("headline_for") or {}
        chosen = per_level.get(self.source.level or "tinh", spec.get("headline"))
        return [str(i) for i in chosen or []]

    def has_current(self, iid: str) -> bool:
        ind = self.catalog.indicators[iid]
        return self.source.figures(iid).current is not None and ind.kind != m.TEXT

    def theme_ids(self, themes) -> list[str]:
        wanted = set(themes or [])
        return [i.id for i in self.catalog.indicators.values() if i.theme in wanted and self.has_current(i.id)]

    def sentences(self, ids: list[str], section_id: str, headline: list[str] | None = None) -> list[Paragraph]:
        """The selected figures among `ids` in grouped sentences, one paragraph."""
        head = [i for i in (headline or []) if i not in self.mentioned]
        candidates = [i for i in ids if i not in self.mentioned]
        chosen = select(candidates, head, self.source.figures, self.catalog.indicators, self.rules,
                        self.period.half)
        out = []
        for w in compose.write(self.source, chosen, section_id, self.praise, tuple(head)):
            out.append(Paragraph(w.text, sources=self._record(w.stated, section_id)))
        self.mentioned.update(chosen)
        return out

    def pointer(self, ids: list[str]) -> str:
        """"Phụ lục IV, VI": the appendices that carry `ids`."""
        seen: list[str] = []
        for iid in ids:
            number = self.appendix_of.get(iid)
            if number and number not in seen:
                seen.append(number)
        if not seen:
            return ""
        seen.sort(key=_numeral)
        names = [seen[0]] + [n.replace("Phụ lục ", "") for n in seen[1:]]
        return ", ".join(names)

    def _record(self, stated: list[compose.Stated], section_id: str) -> list[tuple]:
        """Keep each stated figure with its source cell (the sidecar .nguon.csv)."""
        sources = []
        for st in stated:
            self.mentioned.add(st.indicator)
            v = self.ds.value(st.indicator, st.role)
            if not st.text or v is None or not isinstance(v.value, (int, float, m.Ratio)) \
                    or isinstance(v.value, bool):
                continue
            ind = self.catalog.indicators[st.indicator]
            self.figures.append(Figure(section_id, st.indicator, ind.name, st.role, st.text, v.source))
            if v.source:
                sources.append((v.source.file, v.source.sheet, v.source.cell))
        return sources

    # -- the special sections ----------------------------------------------------------------
    def compare_all(self, section_id: str) -> list[Paragraph]:
        """II.1: targets met, exceeded, missed (each missed one named) and the largest changes."""
        return [Paragraph(w.text, sources=self._record(w.stated, section_id)) for w in summary(self.source, self.pointer)]

    def targets(self, sec: OutlineSection) -> list[Paragraph]:
        """B.2: the next period's targets. A year: the headline targets and a pointer to the
        appendix; six months: the year's plan goes on, and what is behind is named."""
        if self.period.half:
            return [Paragraph(f"Tiếp tục thực hiện các mục tiêu, chỉ tiêu kế hoạch năm {self.period.year}; tập trung "
                              f"chỉ đạo các chỉ tiêu còn chậm tiến độ sau 6 tháng đầu năm đã nêu ở trên.")]
        ids = [iid for iid in self.catalog.indicators if self._target(iid) is not None]
        if not ids:
            return []
        where = self.pointer(ids)
        lead = f"Phấn đấu thực hiện các mục tiêu, chỉ tiêu năm {self.period.year + 1}" + \
            (f" (chi tiết tại {where})" if where else "")
        chosen = [iid for iid in self.headline(sec.spec) if iid in ids]
        out = [Paragraph(lead + (", trong đó:" if chosen else "."))]
        for iid in chosen:
            ind, v = self.catalog.indicators[iid], self._target(iid)
            shown = wording.value_text(ind, v.value, with_share=False)
            text = target_text(ind, v.value, shown, self.source.scope if self.source.commune else None)
            if text:  # the sidecar keeps the figure as written ("Không để xảy ra …" for a ceiling of zero)
                stated = compose.Stated(iid, m.NEXT_PLAN, shown if shown in text else text)
                out.append(Paragraph(text + ";", kind="bullet", sources=self._record([stated], sec.id)))
        if len(out) > 1:
            out[-1].text = out[-1].text[:-1] + "."
        return out

    def _target(self, iid: str) -> m.Value | None:
        v = self.ds.value(iid, m.NEXT_PLAN)
        ind = self.catalog.indicators[iid]
        if v is None or v.blank or ind.kind == m.TEXT or not self.source.applies(ind):
            return None
        return v

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

    def figures_part(self, sec: OutlineSection) -> list[Paragraph]:
        spec = sec.spec
        ids = [i for i in spec.get("indicators") or [] if i in self.catalog.indicators and self.has_current(i)]
        ids += [i for i in self.theme_ids(spec.get("themes")) if i not in ids]
        if not ids and not self.headline(spec):
            return []
        paras = self.sentences(ids, sec.id, self.headline(spec))
        where = self.pointer([i for i in ids if self.source.applies(self.catalog.indicators[i])])
        if where and spec.get("pointer", True):
            if paras:
                last = paras[-1]
                last.text = last.text[:-1] + f" (chi tiết tại {where})."
            else:
                paras.append(Paragraph(f"Số liệu chi tiết tại {where}."))
        return paras

    def section(self, sec: OutlineSection) -> Section:
        spec = sec.spec
        paras: list[Paragraph] = []
        if spec.get("compare_all"):
            paras += self.compare_all(sec.id)
        figures = self.figures_part(sec)
        if spec.get("targets"):
            figures += self.targets(sec)
        if spec.get("budget") and spec["budget"] in self.catalog.indicators:
            figures += self.budget(spec["budget"], sec.id)
        text = self.narrative(sec) if spec.get("text") else []
        paras += merge_figures(text, figures)
        if spec.get("text"):
            if not text and not paras:
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
        self.figures.append(Figure(section_id, iid, ind.name, role, shown, v.source))
        if self.period.half:
            return [Paragraph(f"Kế hoạch năm {self.period.year}: {wording.subject(ind)} là {shown}; "
                              f"6 tháng cuối năm tiếp tục bố trí, giải ngân theo kế hoạch.")]
        return [Paragraph(f"Dự kiến {wording.subject(ind)} năm {self.period.year + 1} là {shown}.")]

    def applies(self, sec: OutlineSection) -> bool:
        """A section with `levels:` is written only for units of those levels (a commune's
        report has no "Cấp tỉnh" row and no proposals to the central government)."""
        levels = sec.spec.get("levels")
        return not (levels and self.source.level and self.source.level not in levels)

    def walk(self, sections: list[OutlineSection]) -> list[Section]:
        out = []
        for sec in sections:
            out.append(self.section(sec))
            out.extend(self.walk(sec.children))
        return out


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _numeral(number: str) -> tuple[int, str]:
    """Sort key of "Phụ lục IV" (roman or arabic numerals)."""
    last = number.split()[-1] if number.split() else ""
    if last.isdigit():
        return int(last), number
    total, prev = 0, 0
    for ch in reversed(last.upper()):
        v = _ROMAN.get(ch, 0)
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total or 999, number


def merge_figures(text: list[Paragraph], figures: list[Paragraph]) -> list[Paragraph]:
    """The officer's text and the figures in one paragraph, as offices write (seed 002: the
    activities, then "Toàn huyện tổ chức 60 điểm phát động, 13.758 em tham dự"): the figures
    join the first paragraph of the text when it is plain prose."""
    if not text or not figures or text[0].kind != "body" or figures[0].kind != "body":
        return text + figures
    first = text[0]
    joined = Paragraph(f"{first.text.rstrip()} {figures[0].text}", sources=first.sources + figures[0].sources)
    return [joined] + figures[1:] + text[1:]


def row_labels(catalog: Catalog) -> dict[str, str]:
    """Each indicator's row label in its first annex ("Nam", "Nữ", "Trong nước")."""
    out: dict[str, str] = {}
    for annex in catalog.annexes:
        for row in annex.rows:
            if row.indicator and row.indicator not in out:
                out[row.indicator] = row.label
    return out


def appendix_numbers(catalog: Catalog, tables) -> dict[str, str]:
    """Indicator id -> the number of the attached appendix that prints it ("Phụ lục IV")."""
    out: dict[str, str] = {}
    for annex in catalog.annexes:
        head = annex.title.upper()[:40]
        table = next((t for t in tables if t.title.upper().startswith(head)), None)
        if table is None:
            continue
        for row in annex.rows:
            if row.indicator:
                out.setdefault(row.indicator, table.number)
        for spec in annex.record_fields or ():
            if isinstance(spec, dict) and spec.get("total"):  # PHỤ LỤC 3: totals of the listed rows
                out.setdefault(str(spec["total"]), table.number)
    for iid, ind in catalog.indicators.items():
        if iid not in out:
            for annex_id in ind.annexes:
                annex = next((a for a in catalog.annexes if a.id == annex_id), None)
                table = next((t for t in tables if annex and t.title.upper().startswith(annex.title.upper()[:40])), None)
                if table is not None:
                    out[iid] = table.number
                    break
    return out


def build_report(ds: m.Dataset, catalog: Catalog, outline: Outline) -> Built:
    period = ds.period
    info = doc_info(ds.info, period, "BC")
    issuer = issuer_name(ds.info)
    variables = {"issuer_name": issuer, "basis": (ds.info.get("basis").rstrip(" ,;") + ", ") if ds.info.get("basis") else ""}
    appendices = build_appendices(catalog, ds, period, attached_line(info, "Báo cáo", issuer),
                                  outline.meta.get("appendices"))
    level = unit_level(m.UnitInfo({"unit_name": ds.unit, **ds.info.fields}), catalog)
    writer = SectionWriter(ds, catalog, period, Rules.from_meta(outline.meta), level,
                           appendix_numbers(catalog, appendices))
    sections = walk_outline(writer, outline)
    meta = outline.meta
    variables.update(period_vars(period))
    document = Document(
        kind="report", title=str(meta.get("title", "BÁO CÁO")),
        subject=fill(meta.get("subject", ""), variables),
        intro=[Paragraph(fill(meta["intro"], variables))] if meta.get("intro") else [],
        sections=sections, closing=fill(meta.get("closing", ""), variables),
        info=info, appendices=appendices)
    return Built(document, writer.figures, template_helpers(writer, outline))


def template_helpers(writer: SectionWriter, outline: Outline) -> dict:
    """`ind()` and `sentences()` for a user's template: the body's engine and selection."""
    def headline_for(key: str) -> list[str]:
        out: list[str] = []
        for sec in outline.walk():
            if key in (sec.spec.get("themes") or []):
                out += writer.headline(sec.spec)
        return out
    return wording.jinja_globals(writer.source, headline_for)


def walk_outline(writer: SectionWriter, outline: Outline) -> list[Section]:
    """Sections in outline order; "compare all" sections (II.1) are filled last, so they state
    only what the themed sections did not. A section whose `levels:` leave out the unit's level
    (and everything under it) is folded into the nearest section that stays: a commune's report
    keeps the officer's text without the province's finer headings."""
    flat = list(outline.walk())
    parent = {c.id: s for s in flat for c in s.children}
    built = {s.id: writer.section(s) for s in flat if not s.spec.get("compare_all")}
    built.update({s.id: writer.section(s) for s in flat if s.spec.get("compare_all")})

    def kept(sec: OutlineSection) -> bool:
        while sec is not None:
            if not writer.applies(sec):
                return False
            sec = parent.get(sec.id)
        return True

    out: list[Section] = []
    folded: dict[str, list[list[Paragraph]]] = {}  # home section -> runs of prose, one paragraph each
    for sec in flat:
        if kept(sec):
            out.append(built[sec.id])
            continue
        home = parent.get(sec.id)
        while home is not None and not kept(home):
            home = parent.get(home.id)
        if home is not None:
            runs = folded.setdefault(home.id, [])
            if not runs or sec.spec.get("themes") or sec.spec.get("headline"):
                runs.append([])  # a topic with figures ("a) Về phòng, chống xâm hại …") starts a paragraph
            runs[-1].extend(p for p in built[sec.id].paragraphs if p.kind != "placeholder")
    for sid, runs in folded.items():
        moved = [p for run in runs for p in _joined(run)]
        if moved:
            target = built[sid]
            target.paragraphs = [p for p in target.paragraphs if p.kind != "placeholder"] + moved
    return out


def _joined(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Folded prose as one paragraph: a commune writes "II." in a few lines, and each topic of
    "3.1" (a section with figures) in a paragraph of its own, without the province's heading."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if out and p.kind == "body" and out[-1].kind == "body":
            last = out[-1]
            out[-1] = Paragraph(f"{last.text.rstrip()} {p.text.strip()}", sources=last.sources + p.sources)
        else:
            out.append(p)
    return out


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
