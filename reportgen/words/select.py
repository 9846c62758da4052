"""Which figures the text states: the section's headline indicators plus what is notable in
this period's data. Everything else stays in the appendices.

Notable (each rule can be tuned in the outline YAML, key `selection:`):
* a target not met (the year's plan; six months: a ceiling already passed);
* a "fewer is better" indicator that rose, in the themes listed in `watch_themes`;
* a first occurrence (0 → n) of a "fewer is better" case;
* a change large both relatively and absolutely (`large_change`).
`omit:` keeps an indicator out of the text even when notable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from reportgen.core import model as m
from reportgen.facts.compare import DOWN, KHONG_DAT, NEW, UP, attainment, change
from reportgen.words.figures import millions

DEFAULT_PRAISE = "cho thấy chuyển biến tích cực"


@dataclass(frozen=True)
class Rules:
    """The outline's `selection:` block (templates/outline/*.yaml)."""

    large_percent: float = 30.0  # large change: at least this many percent …
    large_count: float = 100.0  # … and this many units (counts)
    large_money: float = 1000.0  # … or this many triệu đồng (money)
    large_points: float = 5.0  # rates: this many percentage points
    small_base: float = 20.0  # no percentage when the previous figure is below this
    handful: float = 10.0  # a count that moved by fewer than this: "tăng 3 em", no percent
    watch_themes: tuple[str, ...] = ()
    neutral_themes: tuple[str, ...] = ()  # no judgement words (population, disabilities …)
    neutral: tuple[str, ...] = ()
    omit: tuple[str, ...] = ()
    praise: str = DEFAULT_PRAISE
    praise_per_document: int = 3
    clauses_per_sentence: int = 3
    largest_changes: int = 3  # II.1: how many of the largest changes to name
    max_parts: int = 3  # a total's parts in brackets: at most this many (the largest)
    # A missed target is named in II.1 (compare_all) with its figure and plan; with False, the
    # sections state it only when it is a headline or notable for another reason.
    missed_in_sections: bool = True
    # II.1 names at most this many missed targets with figure and plan (the most telling first)
    # and counts the others by theme. None: every one.
    missed_named: int | None = None
    # `levels: {xa: {missed_named: 3, …}}`: the same keys, for the reports of a unit of that level.
    by_level: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_meta(cls, meta: dict | None) -> "Rules":
        return cls.from_spec(dict((meta or {}).get("selection") or {}))

    @classmethod
    def from_spec(cls, spec: dict) -> "Rules":
        spec = dict(spec)
        levels = dict(spec.pop("levels", None) or {})
        whole = dict(spec)
        large = dict(spec.pop("large_change", None) or {})
        kw: dict = {}
        for key, name in (("percent", "large_percent"), ("count", "large_count"),
                          ("money_million", "large_money"), ("points", "large_points")):
            if key in large:
                kw[name] = float(large[key])
        for key in ("small_base", "handful"):
            if key in spec:
                kw[key] = float(spec[key])
        for key in ("watch_themes", "neutral_themes", "neutral", "omit"):
            if key in spec:
                kw[key] = tuple(str(x) for x in spec[key] or ())
        for key in ("praise_per_document", "clauses_per_sentence", "largest_changes", "max_parts"):
            if key in spec:
                kw[key] = int(spec[key])
        if spec.get("praise"):
            kw["praise"] = str(spec["praise"])
        if spec.get("missed_named") is not None:
            kw["missed_named"] = int(spec["missed_named"])
        if spec.get("missed_in_sections") is not None:
            kw["missed_in_sections"] = bool(spec["missed_in_sections"])
        if levels:  # kept as JSON text: the rules stay hashable
            kw["by_level"] = tuple((str(k), json.dumps({**whole, **dict(v or {})}, ensure_ascii=False))
                                   for k, v in levels.items())
        return cls(**kw)

    def for_level(self, level: str | None) -> "Rules":
        """These rules with the outline's `levels:` overrides for `level` ("xa") applied."""
        for key, spec in self.by_level:
            if key == level:
                return Rules.from_spec(json.loads(spec))
        return self

    def neutral_for(self, ind: m.Indicator) -> bool:
        return ind.good == m.NEUTRAL or ind.id in self.neutral or ind.theme in self.neutral_themes


@dataclass(frozen=True)  # Source.figures hands the same one to every caller
class Figures:
    """One indicator's figures in a dataset."""

    current: object = None
    previous: object = None
    plan: object = None
    comparable: bool = True  # the form has a previous-period column for it


def is_large(ind: m.Indicator, cur, prev, rules: Rules) -> bool:
    """A change large both relatively and absolutely."""
    ch = change(ind, cur, prev)
    if ch.kind not in (UP, DOWN) or ch.diff is None:
        return False
    if ind.is_rate:
        return abs(ch.diff) >= rules.large_points
    if ind.kind == m.RATIO:
        return abs(ch.diff) * (100 if abs(ch.diff) <= 1 else 1) >= rules.large_points
    if ch.pct is None or abs(ch.pct) < rules.large_percent:
        return False
    if ind.kind == m.MONEY:
        size = millions(ind, abs(ch.diff))
        return size is not None and size >= rules.large_money
    return abs(ch.diff) >= rules.large_count


def missed(ind: m.Indicator, f: Figures, half: bool) -> bool:
    """The plan is not met (six months: a ceiling the half year has already passed)."""
    att = attainment(ind, f.current, f.plan)
    if att.status != KHONG_DAT:
        return False
    if not half:
        return True
    return att.decrease and ind.kind in (m.COUNT, m.MONEY)


def why_notable(ind: m.Indicator, f: Figures, rules: Rules, half: bool) -> str | None:
    """The reason `ind` deserves a sentence this period, or None."""
    if f.current is None or ind.kind == m.TEXT:
        return None
    if missed(ind, f, half) and rules.missed_in_sections:
        return "missed"
    if not f.comparable:
        return None
    ch = change(ind, f.current, f.previous)
    if ind.good == m.DOWN and ch.kind in (UP, NEW) and ind.theme in rules.watch_themes:
        return "worse"
    if ch.kind == NEW and ind.good == m.DOWN and ind.kind == m.COUNT:
        return "first"
    if is_large(ind, f.current, f.previous, rules):
        return "large"
    return None


def select(candidates: list[str], headline: list[str], figures, indicators: dict[str, m.Indicator],
           rules: Rules, half: bool) -> list[str]:
    """Headline ids (in their order) then notable candidates (in catalog order), with a value.

    `figures(id)` gives an indicator's `Figures`."""
    out: list[str] = []
    for iid in list(headline) + list(candidates):
        if iid in out or iid not in indicators or omitted(indicators, iid, rules):
            continue
        f = figures(iid)
        if f.current is None or indicators[iid].kind == m.TEXT:
            continue
        if iid in headline or why_notable(indicators[iid], f, rules, half):
            out.append(iid)
    return out


def omitted(indicators: dict[str, m.Indicator], iid: str, rules: Rules) -> bool:
    """`omit:` keeps an indicator and everything under it out of the text."""
    seen = set()
    while iid and iid not in seen:
        if iid in rules.omit:
            return True
        seen.add(iid)
        iid = indicators[iid].parent if iid in indicators else None
    return False


@dataclass
class PraiseBudget:
    """The stock praise, at most `left` times in a document and once per section."""

    left: int = 3
    sections: set = field(default_factory=set)

    def take(self, section_id: str) -> bool:
        if self.left <= 0 or section_id in self.sections:
            return False
        self.left -= 1
        self.sections.add(section_id)
        return True
