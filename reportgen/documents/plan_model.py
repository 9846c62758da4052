"""The plan's targets as the documents word them: pre-filled from last year's annexes, with the note
on a target last year missed and the indicator's name as it reads alone."""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.plan import Target
from reportgen.facts import compare
from reportgen.read.plan_layout import target_indicators
from reportgen.words import wording

ASSESSMENT_LABELS = dict(compare.ASSESSMENT_COLUMNS)


def attainment(t: Target) -> compare.Attainment:
    """Last year's result against last year's plan."""
    return compare.attainment(t.indicator, t.result, t.plan)


def targets_from(ds: m.Dataset | None, catalog: Catalog, plan_year: int) -> dict[str, Target]:
    """Targets pre-filled from last year's annexes: result, plan, next year's plan, priority."""
    out: dict[str, Target] = {}
    for _annex, rows in target_indicators(catalog):
        for row in rows:
            if row.indicator is None:
                continue
            ind = catalog.indicators[row.indicator]
            t = Target(ind)
            if ds is not None:
                t.result, t.plan, t.target = (ds.get(ind.id, r) for r in (m.CURRENT, m.PLAN, m.NEXT_PLAN))
                if attainment(t).status == compare.KHONG_DAT:
                    t.priority = True
                    t.note = priority_note(t, plan_year)
            out[ind.id] = t
    return out


def priority_note(t: Target, plan_year: int) -> str:
    phrase = wording.attainment_phrase(t.indicator, t.result, t.plan) or "chưa đạt kế hoạch"
    return f"Năm {plan_year - 1} {phrase}"


def full_label(ind: m.Indicator) -> str:
    """The indicator's name as it reads alone ("Nguồn vận động trong nước cấp tỉnh", not "Trong nước")."""
    return wording.capitalize_first(wording.subject(ind))
