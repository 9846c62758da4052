"""The KẾ HOẠCH document built from the plan's data, with the targets appendix."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.facts import compare
from reportgen.words import wording
from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.documents.appendix import cell_text
from reportgen.core.catalog import Catalog
from reportgen.documents.model import AppendixTable, Document, Paragraph, Section, TableCell
from reportgen.documents.hdnd import is_committee
from reportgen.documents.outline import Outline, OutlineSection, fill, load_outline, period_vars
from reportgen.core.text import norm
from reportgen.documents.reports import Built, Figure, attached_line, doc_info, issuer_name
from reportgen.core.plan import PlanData, Target, Task
from reportgen.documents.plan_model import attainment, full_label
from reportgen.read.plan_layout import BUDGET_UNIT, ROMAN, TASKS_SHEET, drop_empty_groups, target_indicators
from reportgen.read.plan import read_plan


# --- the document ----------------------------------------------------------------------------

def build_plan(data_path: Path, catalog: Catalog) -> Built:
    """KẾ HOẠCH thực hiện công tác trẻ em năm N from a filled plan workbook."""
    data = read_plan(Path(data_path), catalog)
    return plan_document(data, catalog, load_outline("plan", data.period, catalog))


def plan_document(data: PlanData, catalog: Catalog, outline: Outline) -> Built:
    meta, period = outline.meta, data.period
    words = {k: str(v) for k, v in (meta.get("words") or {}).items()}
    info_in = m.UnitInfo(dict(data.info.fields))
    if not info_in.get("issuer") and not info_in.get("issuer_name"):  # plans are issued by the Committee
        info_in.fields.setdefault("issuer", str(meta.get("default_issuer", "")))
        info_in.fields.setdefault("issuer_short", str(meta.get("default_issuer_short", "")))
    info = doc_info(info_in, period, "KH")
    unit = info_in.get("unit_name")
    if is_committee(info_in) and unit and norm(unit) not in norm(info.issuer):
        info.issuer = f"{info.issuer}\n{unit.upper()}"
    issuer = issuer_name(info_in)
    reporting = meta.get("reporting") or {}
    variables = {
        **period_vars(period), "unit": unit, "issuer_name": issuer,
        "basis": (info_in.get("basis").rstrip(" ,;") + ", ") if info_in.get("basis") else "",
        "coordinator": coordinator(data.tasks) or words.get("coordinator_default", ""),
        "council": info_in.get("council") or words.get("council_default", ""),
        "six_month_deadline": str(reporting.get("six_month", "")),
        "annual_deadline": str(reporting.get("annual", "")),
    }
    writer = _PlanWriter(data, catalog, words, variables, meta.get("words") or {})
    sections = []
    for sec in outline.sections:
        sections += writer.walk(sec)
    document = Document(
        kind="plan", title=str(meta.get("title", "KẾ HOẠCH")), subject=fill(meta.get("subject", ""), variables),
        intro=[Paragraph(fill(meta["intro"], variables))] if meta.get("intro") else [],
        sections=sections, closing=fill(meta.get("closing", "") or "", variables), info=info)
    table = targets_appendix(data, catalog, fill(meta.get("appendix_title", ""), variables),
                             attached_line(info, "Kế hoạch", issuer))
    if table is not None:
        document.appendices.append(table)
    return Built(document, writer.figures, warnings=looser_targets(data))


def looser_targets(data: PlanData) -> list[str]:
    """A "fewer is better" target for the plan's year above last year's result: a warning."""
    out = []
    for t in data.targets.values():
        ind = t.indicator
        if ind.good != m.DOWN or ind.kind not in (m.COUNT, m.PERCENT, m.PERMILLE, m.MONEY):
            continue
        result, target = compare.normalize(ind, t.result), compare.normalize(ind, t.target)
        if result is None or target is None or compare.level(target) <= compare.level(result):
            continue
        shown = wording.value_text(ind, t.target, with_share=False)
        was = wording.value_text(ind, t.result, with_share=False)
        where = t.sources.get("target")
        cell = f" ({where.sheet}!{where.cell})" if where else ""
        out.append(f"chỉ tiêu «{full_label(ind)}» năm {data.period.year} là {shown}{cell}, cao hơn kết quả năm "
                   f"{data.period.year - 1} ({was}): chỉ tiêu càng thấp càng tốt, kế hoạch không nên lỏng hơn kết quả đã đạt")
    return out


def coordinator(tasks: list[Task]) -> str:
    """The unit leading the most tasks (first named wins a tie): it follows up the plan."""
    counts: dict[str, int] = {}
    for t in tasks:
        for lead in _units(t.lead):
            counts[lead] = counts.get(lead, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else ""


def _units(text: str) -> list[str]:
    return [u.strip(" .") for u in re.split(r"[;\n]", text or "") if u.strip(" .")]


class _PlanWriter:
    """Turns the outline's sections and the plan's data into `Section`s."""

    def __init__(self, data: PlanData, catalog: Catalog, words: dict[str, str], variables: dict,
                 meta_words: dict | None = None):
        self.data, self.catalog, self.words, self.vars = data, catalog, words, variables
        self.meta_words = meta_words or {}
        self.figures = []

    def words_list(self, key: str) -> list[str]:
        return [str(x) for x in (self.meta_words.get(key) or [])]

    def text(self, key: str, **extra) -> str:
        return fill(self.words.get(key, ""), {**self.vars, **extra})

    def walk(self, sec: OutlineSection) -> list[Section]:
        spec = sec.spec
        paras = [Paragraph(fill(p, self.vars)) for p in spec.get("paragraphs", []) or []]
        if spec.get("budget"):
            paras = self.budget() + paras
        if spec.get("assignments"):
            paras += self.assignments()
        paras += [Paragraph(fill(p, self.vars)) for p in spec.get("paragraphs_after", []) or []]
        if spec.get("targets"):
            paras += self.targets()
        out = [Section(level=sec.level, heading=sec.heading, paragraphs=paras, id=sec.id)]
        if spec.get("tasks"):
            out += self.tasks(sec)
        for child in sec.children:
            out += self.walk(child)
        return out

    # -- II. tasks ----------------------------------------------------------------------------
    def tasks(self, sec: OutlineSection) -> list[Section]:
        tasks = self.data.tasks
        parents = {t.parent for t in tasks if t.parent}
        out = []
        for t in tasks:
            leaf = t.number not in parents
            paras = [Paragraph(line, kind="bullet" if line.startswith(("- ", "+ ")) else "body")
                     for line in t.details]
            if t.depth > 1 and leaf or t.has_details:
                paras += self.task_lines(t)
            elif leaf:
                paras.append(Paragraph(f"các nhiệm vụ của mục {t.number}", kind="placeholder"))
            out.append(Section(level=min(sec.level + t.depth, 4), heading=f"{t.number}. {t.title}",
                               paragraphs=paras, id=f"{sec.id}.{t.number}"))
        return out

    def task_lines(self, t: Task) -> list[Paragraph]:
        lines = []
        for key, value in (("lead", t.lead), ("partners", t.partners), ("timing", t.timing)):
            text = "; ".join(_units(value)) if key != "timing" else value.strip().rstrip(".")
            if text:
                lines.append(Paragraph(self.text(key, text=text)))
            else:
                lines.append(Paragraph("[" + self.text(key, text=self.words.get("missing", "…")).rstrip(".") + "]",
                                       kind="placeholder"))
        if t.budget is not None:
            source = self.source_text(t.source)
            amount = nf.fmt_money(t.budget, BUDGET_UNIT)
            self.figures.append(Figure(f"II.{t.number}", "", f"Kinh phí nhiệm vụ {t.number}", "budget", amount,
                                       m.Source(self.data.file, TASKS_SHEET, t.budget_cell)))
            lines.append(Paragraph(self.text("budget", amount=amount, source=source)))
        return lines

    # -- II. targets --------------------------------------------------------------------------
    def targets(self) -> list[Paragraph]:
        targets = [t for t in self.data.targets.values() if t.has_data]
        if not targets:
            return []
        out = [Paragraph(self.text("targets"))]
        items = []
        for t in (t for t in targets if t.priority):
            ind = t.indicator
            phrase = wording.attainment_phrase(ind, t.result, t.plan) or "chưa đạt kế hoạch"
            item = self.text("priority_item", name=full_label(ind), phrase=phrase)
            shown = wording.value_text(ind, t.target, with_share=False)
            if shown:
                item += self.text("priority_target", target=shown)
            for role, value in ((m.CURRENT, t.result), (m.PLAN, t.plan), (m.NEXT_PLAN, t.target)):
                text = wording.value_text(ind, value, with_share=False)
                key = {m.CURRENT: "result", m.PLAN: "plan", m.NEXT_PLAN: "target"}[role]
                if text and text in item:  # the sidecar traces the figures the text states
                    self.figures.append(Figure("II", ind.id, ind.name, role, text, t.sources.get(key)))
            items.append(item)
        if items:
            out.append(Paragraph(self.text("priorities")))
            out += [Paragraph(item + (";" if i < len(items) - 1 else "."), kind="bullet")
                    for i, item in enumerate(items)]
        return out

    # -- III.1 budget -------------------------------------------------------------------------
    def budget(self) -> list[Paragraph]:
        funded = [t for t in self.data.tasks if t.budget is not None]
        if not funded:
            return [Paragraph(self.text("budget_none"))]
        total = sum(t.budget for t in funded)
        by_source: dict[str, tuple[str, float]] = {}
        for t in funded:
            name = wording.lower_first(t.source.strip().rstrip(".")) or self.words.get("budget_unsourced", "")
            key = norm(name)
            shown, amount = by_source.get(key, (name, 0.0))
            by_source[key] = (shown, amount + t.budget)
        if len(by_source) > 1:
            items = "; ".join(f"{name} {nf.fmt_money(amount, BUDGET_UNIT)}" for name, amount in by_source.values())
            detail = self.text("budget_by_source", items=items)
        else:
            (name, _amount), = by_source.values()
            detail = self.source_text(name)
        return [Paragraph(self.text("budget_total", total=nf.fmt_money(total, BUDGET_UNIT), by_source=detail))]

    def source_text(self, source: str) -> str:
        """" (nguồn ngân sách tỉnh)"; a source already starting with "nguồn" is not doubled."""
        text = wording.lower_first(source.strip().rstrip("."))
        if not text:
            return ""
        if norm(text).startswith("nguồn "):
            return f" ({text})"
        return self.text("budget_source", text=text)

    # -- III.2 assignments --------------------------------------------------------------------
    def assignments(self) -> list[Paragraph]:
        by_lead: dict[str, list[str]] = {}
        for t in self.data.tasks:
            for lead in _units(t.lead):
                by_lead.setdefault(lead, []).append(t.number)
        out = []
        requested = [norm(b) for b in self.words_list("requested_bodies")]
        for i, (lead, numbers) in enumerate(by_lead.items()):
            key = "assignment" if len(numbers) > 1 else "assignment_one"
            if any(norm(lead).startswith(b) for b in requested):  # the Committee cannot assign them: it asks
                key = "request" if len(numbers) > 1 else "request_one"
            text = self.text(key, lead=lead, numbers=", ".join(numbers)).rstrip(".")
            out.append(Paragraph(text + (";" if i < len(by_lead) - 1 else "."), kind="bullet"))
        return out


# --- the targets appendix ----------------------------------------------------------------------

def targets_appendix(data: PlanData, catalog: Catalog, title: str, attached: str) -> AppendixTable | None:
    """Last year's result and plan, the assessment and this year's target; priorities first."""
    targets = data.targets
    if not any(t.has_data for t in targets.values()):
        return None
    prev, year = data.period.year - 1, data.period.year
    head1 = [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2), TableCell("ĐVT", rowspan=2),
             TableCell(f"Kết quả năm {prev}", rowspan=2), TableCell(f"KH năm {prev}", rowspan=2),
             TableCell(f"Đánh giá kết quả năm {prev}", colspan=3), TableCell(f"Chỉ tiêu năm {year}", rowspan=2),
             TableCell("Ghi chú", rowspan=2)]
    head2 = [TableCell(label) for _k, label in compare.ASSESSMENT_COLUMNS]
    keys = [k for k, _label in compare.ASSESSMENT_COLUMNS]
    rows: list[dict] = []

    def item(tt: str, label: str, unit: str, t: Target, style: str, form: str) -> None:
        ind = t.indicator
        marks = compare.assessment_marks(attainment(t), form)
        rows.append({"cells": [tt, label, unit, cell_text(ind, t.result), cell_text(ind, t.plan),
                               *(marks[k] for k in keys), cell_text(ind, t.target), t.note],
                     "style": style})

    block = 0
    priority = [t for t in targets.values() if t.priority]
    if priority:
        rows.append({"cells": [ROMAN[block], TableCell(f"Các chỉ tiêu ưu tiên (năm {prev} chưa đạt kế hoạch)",
                                                        colspan=9)], "style": "group"})
        block += 1
        for i, t in enumerate(priority, start=1):
            item(str(i), full_label(t.indicator), t.indicator.unit, t, "item", "mark")
    for annex, annex_rows in target_indicators(catalog):
        form = "percent" if annex.unit_note else "mark"
        body = [r for r in annex_rows if r.indicator is None or (
            r.indicator in targets and targets[r.indicator].has_data and not targets[r.indicator].priority)]
        body = drop_empty_groups(body)
        if not any(r.indicator for r in body):
            continue
        rows.append({"cells": [ROMAN[block % len(ROMAN)], TableCell(annex.title[:1] + annex.title[1:].lower(),
                                                                      colspan=9)], "style": "group"})
        block += 1
        for r in body:
            if r.indicator is None:
                rows.append({"cells": [r.tt, TableCell(r.label, colspan=9)],
                             "style": "group" if r.style == "group" else "sub"})
            else:
                item(r.tt, r.label, r.unit, targets[r.indicator], r.style, form)
    return AppendixTable(number="Phụ lục", title=title, attached_line=attached, header_rows=[head1, head2],
                         number_row=True, rows=rows, col_widths_mm=[17, 73, 16, 20, 20, 15, 17, 15, 20, 39],
                         col_align=["center", "left", "center", "right", "right", "center", "center", "center",
                                    "right", "left"])
