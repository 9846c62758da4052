"""Template helpers for a Word template edited by the user: `ind("id")`, `sentences(key)` and
the filters. They call the same engine as the report body (reportgen.words.compose), with
the same selection (reportgen.words.select), so a template and the body say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.core.errors import TemplateError
from reportgen.facts.compare import Attainment, Change, assessment_marks, attainment, change
from reportgen.words import compose, phrases as ph
from reportgen.words.select import select


def lookup(indicators: dict[str, m.Indicator], indicator_id: str) -> m.Indicator:
    try:
        return indicators[indicator_id]
    except KeyError:
        raise TemplateError(f"chỉ tiêu «{indicator_id}» không có trong danh mục chỉ tiêu") from None


def one_sentence(src: compose.Source, iid: str) -> str:
    """The body's sentence for one indicator, as `{{ ind("x") | compare }}` prints it."""
    written = compose.write(src, [iid], headline=(iid,))
    return written[0].text if written else ""


@dataclass(frozen=True)
class IndicatorView:
    """What `ind("id")` gives a template: the figures of one indicator and their wording.

    `{{ ind("x") }}` prints the current figure ("35.402 em"), `{{ ind("x") | compare }}` the
    sentence the report body writes for it, `{{ ind("x") | attainment }}` the plan phrase,
    `ind("x").marks` the three assessment columns.
    """

    indicator: m.Indicator
    current: Any
    previous: Any
    plan: Any
    source: compose.Source

    @property
    def change(self) -> Change:
        return change(self.indicator, self.current, self.previous)

    @property
    def attainment(self) -> Attainment:
        return attainment(self.indicator, self.current, self.plan)

    @property
    def text(self) -> str:
        return ph.value_text(self.indicator, self.current) or ""

    @property
    def previous_text(self) -> str:
        return ph.value_text(self.indicator, self.previous) or ""

    @property
    def plan_text(self) -> str:
        return ph.value_text(self.indicator, self.plan, with_share=False) or ""

    @property
    def sentence(self) -> str:
        return one_sentence(self.source, self.indicator.id)

    @property
    def attainment_phrase(self) -> str:
        return ph.attainment_phrase(self.indicator, self.current, self.plan) or ""

    @property
    def marks(self) -> dict[str, str]:
        return assessment_marks(self.attainment)

    @property
    def percent_marks(self) -> dict[str, str]:
        return assessment_marks(self.attainment, form="percent")

    def __str__(self) -> str:
        return self.text


class SentenceList(list):
    """Sentences that print as one paragraph; `{% for s in … %}` still loops over them."""

    def __str__(self) -> str:
        return " ".join(self)


def _blank_safe(fn):
    """A jinja filter that writes "" for a blank or invalid figure instead of failing."""
    def filt(value, *args):
        try:
            return fn(value, *args)
        except ValueError:
            return ""
    filt.__name__ = fn.__name__
    return filt


def _compare_filter(view) -> str:
    return view.sentence if isinstance(view, IndicatorView) else ""


def _attainment_filter(view) -> str:
    return view.attainment_phrase if isinstance(view, IndicatorView) else ""


@_blank_safe
def _place_date_filter(day, place: str) -> str:
    return nf.fmt_place_date(place, day)


def jinja_filters() -> dict[str, Any]:
    """Filters for the shared jinja Environment: compare, attainment, number, percent,
    permille, money, points, date, place_date."""
    return {
        "compare": _compare_filter,
        "attainment": _attainment_filter,
        "number": _blank_safe(nf.fmt_number),
        "percent": _blank_safe(nf.fmt_percent_value),
        "permille": _blank_safe(nf.fmt_permille),
        "money": _blank_safe(nf.fmt_money),
        "points": _blank_safe(nf.fmt_points),
        "date": _blank_safe(nf.fmt_date),
        "place_date": _place_date_filter,
    }


def ids_for(indicators: dict[str, m.Indicator], key) -> tuple[list[str], bool]:
    """`key` as ids: a list itself (all stated), an annex id or a theme (selected), one id."""
    if not isinstance(key, str):
        return list(key), True
    for match in (lambda i: key in i.annexes, lambda i: i.theme == key):
        ids = [i.id for i in indicators.values() if match(i)]
        if ids:
            return ids, False
    return [lookup(indicators, key).id], True


def jinja_globals(src: compose.Source, headline_for: Callable[[str], list[str]] | None = None) -> dict[str, Any]:
    """Globals for rendering one dataset: `ind(id)` and `sentences(annex | theme | ids)`.

    `sentences(theme)` writes what the report body writes for that theme: its headline
    indicators (from the outline) and the notable ones."""

    def ind(indicator_id: str) -> IndicatorView:
        found = lookup(src.indicators, indicator_id)
        f = src.figures(indicator_id)
        return IndicatorView(found, f.current, f.previous, f.plan, src)

    def sentences(key) -> SentenceList:
        ids, explicit = ids_for(src.indicators, key)
        head = ids if explicit else list((headline_for or (lambda _k: []))(key))
        chosen = select(ids, head, src.figures, src.indicators, src.rules, src.period.half)
        return SentenceList(w.text for w in compose.write(src, chosen, headline=tuple(head)))

    return {"ind": ind, "sentences": sentences}
