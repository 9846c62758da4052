"""One indicator in words: its figure, the change against the previous period, the plan.

Rules (docs/cau-van.md shows each with the sentence this module writes):

* A blank figure is never 0. Current blank: no sentence (None). Previous blank: the value
  and "chưa có số liệu năm 2024 để so sánh".
* Counts and money: "tăng 2.548 em (7,8%) so với năm 2018", "giảm …". Equal: "không thay
  đổi so với năm 2024" (six months: "bằng cùng kỳ năm 2024"). Previous 0: no percent,
  "…, trong khi năm 2024 không có trường hợp nào". Both 0: "Không xảy ra trường hợp … nào,
  bằng năm 2024" when fewer is better (cases), "Chưa có … nào, bằng năm 2024" otherwise.
* "Gấp" rule: a rise of 100% or more is written "tăng 196 em, gấp 3,6 lần năm 2016".
* A change too small to show reads "tương đương năm 2024".
* Rates: differences in "điểm phần trăm" (‰: "phần nghìn"), never a percent of a percent.
* Yes/no: `ind.yes_text` / `ind.no_text`, plus "(năm 2024 chưa có)" / "(năm 2024 đã có)".
* Plan: "đạt 100% kế hoạch", "vượt 12,4% kế hoạch", "chưa đạt kế hoạch (đạt 80%)";
  rates, x/y answers, yes/no and decrease targets: "đạt/vượt/chưa đạt kế hoạch đề ra
  (giảm xuống 0,8%)". Six months: "đạt 52,3% kế hoạch năm".
* Figures follow reportgen.words.figures ("02 vụ", triệu đồng, one decimal for percents).
* No judgement words here: "chuyển biến tích cực" is added by reportgen.words.compose, once
  per section at most, where the change is material.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.facts.compare import (
    BOTH_ZERO, DAT, DOWN, GONE, KHONG_DAT, NEW, NO_CURRENT, NO_PREVIOUS, SAME, UP, VUOT,
    Attainment, Change, attainment, change, level, normalize, shown_share)
from reportgen.core.period import Period
from reportgen.words.figures import amount_text, percent_text
from reportgen.words.text import (
    EVENT_NOUNS, PERSON_NOUNS, clean, common_words, finish, noun, pick, subject, thing)

AMOUNT_KINDS = (m.COUNT, m.MONEY)
SENTENCE_KINDS = (m.COUNT, m.MONEY, m.PERCENT, m.PERMILLE, m.YESNO, m.RATIO)
VERBS_GOOD_UP = ("là", "đạt")
VERBS_PLAIN = ("là",)
ORDERS = ("after", "before")  # "tăng … so với năm 2024" | "so với năm 2024 tăng …"

_WORD_CO = re.compile(r"(?<!\w)(đã có|có)(?!\w)")


def _amount(ind: m.Indicator, number: float, diff: bool = False) -> str:
    return amount_text(ind, number, diff)


def value_text(ind: m.Indicator, value, with_share: bool = True) -> str | None:
    """A figure as written in a sentence: "35.402 em", "97,5%", "7/7 huyện (100%)", "có"."""
    v = normalize(ind, value)
    if v is None:
        return None
    if ind.kind == m.YESNO:
        return "có" if v else "không"
    if ind.kind == m.RATIO:
        text = f"{nf.fmt_number(v.num)}/{nf.fmt_number(v.den)} {noun(ind)}".strip()
        return f"{text} ({percent_text(level(v))})" if with_share else text
    if ind.kind == m.PERCENT:
        return percent_text(v)
    if ind.kind == m.PERMILLE:
        return nf.fmt_permille(v)
    return _amount(ind, v)


def _is_case(ind: m.Indicator) -> bool:
    """A count of cases (fewer is better): trẻ em bị xâm hại, tai nạn, tảo hôn…"""
    return ind.kind == m.COUNT and ind.good == m.DOWN


def _none_clause(ind: m.Indicator, ch: Change) -> str:
    """What a zero count says instead of "là 0 em"."""
    what = thing(ind)
    if _is_case(ind):
        first = noun(ind)
        case = what if first in EVENT_NOUNS and what.startswith(first + " ") else f"trường hợp {what}"
        return f"Không xảy ra {case} nào"
    lead = "Không còn" if ch.kind == GONE else "Chưa có"
    return f"{lead} {what}" if ind.kind == m.MONEY else f"{lead} {what} nào"


def _none_before(ind: m.Indicator) -> str:
    """The previous period had none: "không có trường hợp nào", "chưa có xã nào", "chưa có"."""
    if _is_case(ind):
        return "không có trường hợp nào"
    if ind.kind == m.MONEY:
        return "chưa có"
    word = noun(ind)
    return "chưa có trường hợp nào" if not word or word in PERSON_NOUNS else f"chưa có {word} nào"


# --- the comparison clause -------------------------------------------------------------

def _diff_amount(ind: m.Indicator, ch: Change) -> tuple[float, str] | None:
    """The size of the change (absolute) and how it is written, or None if unknown."""
    if ind.kind == m.RATIO and ch.num_diff is not None:
        size = abs(ch.num_diff)
        return size, f"{nf.fmt_number(size)} {noun(ind)}".strip()
    if ch.diff is None:
        return None
    size = abs(ch.diff)
    if ind.is_rate or ind.kind == m.RATIO:
        return size, nf.fmt_points(size, permille=ind.kind == m.PERMILLE)
    return size, _amount(ind, size, diff=True)


def _visible(ind: m.Indicator, ch: Change) -> bool:
    """The change shows in print (not rounded away)."""
    if ind.kind == m.YESNO:
        return ch.kind in (UP, DOWN)
    amount = _diff_amount(ind, ch)
    return amount is not None and ch.kind not in (SAME, BOTH_ZERO) and not nf.is_zero_when_shown(amount[0])


def _times(ind: m.Indicator, ch: Change) -> str | None:
    """The "gấp N lần" factor when the rise is 100% or more, else None."""
    if ind.kind not in AMOUNT_KINDS or ch.kind != UP or ch.pct is None or ch.ratio is None:
        return None
    if ch.previous <= 0 or nf.round_half_up(ch.pct) < 100:
        return None
    return nf.fmt_times(ch.ratio)


def _pct_text(ch: Change) -> str | None:
    if ch.pct is None:
        return None
    size = abs(ch.pct)
    if nf.is_zero_when_shown(size):
        return f"dưới {nf.fmt_percent_value(0.01)}"
    if ch.kind == DOWN and nf.round_half_up(size, 1) >= 100:
        return nf.fmt_percent_value(99.9, 1)  # only a fall to 0 is a fall of 100%
    return percent_text(size)


def _equal_phrase(period: Period, both_zero: bool) -> str:
    cp = period.comparison_phrase
    return f"bằng {cp}" if period.half or both_zero else f"không thay đổi so với {cp}"


def _movement(ind: m.Indicator, ch: Change, period: Period) -> str | None:
    amount = _diff_amount(ind, ch)
    if amount is None:
        return None
    cp = period.comparison_phrase
    if not _visible(ind, ch):
        return f"tương đương {cp}"
    verb = "tăng" if ch.rising else "giảm"
    after = pick(ind, "order", ORDERS) == "after"
    times = _times(ind, ch)
    if times:
        return (f"{verb} {amount[1]}, gấp {times} lần {cp}" if after
                else f"so với {cp} {verb} {amount[1]} (gấp {times} lần)")
    pct = _pct_text(ch) if ind.kind in AMOUNT_KINDS else None
    change_text = f"{verb} {amount[1]}" + (f" ({pct})" if pct else "")
    return f"{change_text} so với {cp}" if after else f"so với {cp} {change_text}"


def _comparison(ind: m.Indicator, ch: Change, period: Period) -> str | None:
    cp = period.comparison_phrase
    if ch.kind == NO_PREVIOUS:
        return f"chưa có số liệu {cp} để so sánh"
    if ch.kind in (SAME, BOTH_ZERO):
        return _equal_phrase(period, ch.kind == BOTH_ZERO)
    if ind.kind in AMOUNT_KINDS and ch.kind == NEW:
        return f"trong khi {cp} {_none_before(ind)}"
    if ind.kind in AMOUNT_KINDS and ch.kind == GONE:
        return f"giảm {_amount(ind, ch.previous, diff=True)} so với {cp}"
    return _movement(ind, ch, period)


# --- yes/no ------------------------------------------------------------------------------

def units_answering_yes(ind: m.Indicator) -> m.Indicator:
    """A yes/no indicator added up over units reads as a ratio of units that answered "Có"."""
    return replace(ind, kind=m.RATIO, noun="đơn vị", short=f"số đơn vị {_yes_text(ind)}", good=ind.good)


def _yes_text(ind: m.Indicator) -> str:
    if ind.yes_text:
        return clean(ind.yes_text)
    name = clean(ind.name)
    return name if _WORD_CO.search(name) else f"đã có {subject(ind)}"


def _no_text(ind: m.Indicator) -> str:
    if ind.no_text:
        return clean(ind.no_text)
    name = clean(ind.name)
    if _WORD_CO.search(name):
        return _WORD_CO.sub("chưa có", name, count=1)
    return f"chưa có {subject(ind)}"


def _yesno_clause(ind: m.Indicator, ch: Change, period: Period) -> str:
    text = _yes_text(ind) if ch.current else _no_text(ind)
    if ch.kind in (UP, DOWN):
        before = "chưa có" if ch.current else "đã có"
        text += f" ({period.comparison_phrase} {before})"
    return text


# --- sentences -----------------------------------------------------------------------------

def _head(ind: m.Indicator, ch: Change, plan_clause: str | None) -> str:
    if ind.kind in AMOUNT_KINDS and nf.is_zero_when_shown(ch.current):
        return _none_clause(ind, ch)  # never "là 0 em"
    verbs = VERBS_GOOD_UP if ind.good == m.UP and not plan_clause else VERBS_PLAIN
    return f"{subject(ind)} {pick(ind, 'verb', verbs)} {value_text(ind, ch.current)}"


def _clauses(ind: m.Indicator, current, previous, period: Period, plan=None,
             compare: bool = True) -> list[str] | None:
    """The clauses of one indicator's sentence, or None when there is nothing to say.

    compare=False: the form has no previous-period column for this indicator, so the
    sentence states the figure without saying that a comparison figure is missing."""
    if ind.kind not in SENTENCE_KINDS:
        return None
    if ind.kind == m.YESNO and isinstance(current, m.Ratio):
        ind = units_answering_yes(ind)  # a total over units: "5/7 đơn vị (71,43%)"
    ch = change(ind, current, previous)
    if ch.kind == NO_CURRENT:
        return None
    plan_clause = (progress_phrase if period.half else attainment_phrase)(ind, current, plan)
    if ind.kind == m.YESNO:
        clauses = [_yesno_clause(ind, ch, period)]
    else:
        clauses = [_head(ind, ch, plan_clause), _comparison(ind, ch, period) if compare else None]
    clauses.append(plan_clause)
    return [c for c in clauses if c]


def sentence(ind: m.Indicator, current, previous, period: Period, plan=None,
             compare: bool = True) -> str | None:
    """One sentence for `ind`: its figure, the change against the previous period and, when
    a plan is given, how far the plan was reached. None when the current figure is blank.

    >>> sentence(Indicator("tre_em", "Tổng số trẻ em", "Người", "count", noun="em"),
    ...          35402, 32854, Period(2019))
    'Tổng số trẻ em là 35.402 em, so với năm 2018 tăng 2.548 em (7,8%).'
    """
    clauses = _clauses(ind, current, previous, period, plan, compare)
    return finish(", ".join(clauses)) if clauses else None


def _part_text(ind: m.Indicator, current) -> str | None:
    text = value_text(ind, current)
    return None if text is None else f"{thing(ind)} {text}"


def breakdown_sentence(total_ind: m.Indicator, total_cur, total_prev,
                       parts: list[tuple[m.Indicator, Any, Any]], period: Period,
                       plan=None, compare: bool = True) -> str | None:
    """The total's sentence followed by its parts: "…; trong đó nam 17.937 em, nữ 17.465 em."

    Parts with a blank figure are left out; the parts' previous figures are not written
    (one comparison per sentence). Three parts or more take a colon ("trong đó: …").
    """
    clauses = _clauses(total_ind, total_cur, total_prev, period, plan, compare)
    if not clauses:
        return None
    items = [t for t in (_part_text(ind, cur) for ind, cur, _prev in parts) if t]
    text = ", ".join(clauses)
    if items:
        text += "; trong đó" + (": " if len(items) >= 3 else " ") + ", ".join(items)
    return finish(text)


def _plan_pct(value: float) -> str:
    return nf.fmt_percent_value(value, nf.TIMES_PLACES)


def _share_phrase(status: str, share: float) -> str:
    if status == DAT:
        return f"đạt {_plan_pct(100)} kế hoạch"
    if status == VUOT:
        return f"vượt {_plan_pct(share - 100)} kế hoạch"
    return f"chưa đạt kế hoạch (đạt {_plan_pct(share)})"


_LEVEL_VERBS = {DAT: "đạt", VUOT: "vượt", KHONG_DAT: "chưa đạt"}


def _level_phrase(ind: m.Indicator, att: Attainment) -> str:
    text = f"{_LEVEL_VERBS[att.status]} kế hoạch đề ra"
    if ind.kind == m.YESNO:
        return text
    target = value_text(ind, att.plan, with_share=False)
    return f"{text} ({'giảm xuống ' if att.decrease else ''}{target})"


def progress_phrase(ind: m.Indicator, result, plan) -> str | None:
    """Six months into the year, against the year's plan: "đạt 52,3% kế hoạch năm", or the
    year's target for rates, x/y, yes/no and decrease targets ("kế hoạch năm giảm xuống 0,8%")."""
    att = attainment(ind, result, plan)
    if att.status is None:
        return None
    if ind.kind in AMOUNT_KINDS and not att.decrease and att.share is not None:
        return f"đạt {nf.fmt_percent_value(att.share, nf.TIMES_PLACES)} kế hoạch năm"
    if ind.kind == m.YESNO:
        return None
    target = value_text(ind, att.plan, with_share=False)
    return f"kế hoạch năm {'giảm xuống ' if att.decrease else ''}{target}"


def attainment_phrase(ind: m.Indicator, result, plan) -> str | None:
    """"đạt 100% kế hoạch", "vượt 12,4% kế hoạch", "chưa đạt kế hoạch (đạt 80%)"; for rates,
    x/y, yes/no and decrease targets "vượt kế hoạch đề ra (giảm xuống 0,8%)". None if blank."""
    att = attainment(ind, result, plan)
    if att.status is None:
        return None
    share = shown_share(att)
    if ind.kind in AMOUNT_KINDS and not att.decrease and share is not None:
        return _share_phrase(att.status, share)
    return _level_phrase(ind, att)


# --- one sentence for a list of like figures ------------------------------------------------

_LEAD_TAIL = ("do", "của", "ở", "là", "tại", "cho", "được")


def list_sentence(items: list[tuple[m.Indicator, Any]]) -> str | None:
    """Like figures stated together: "Số văn bản … ban hành: Tỉnh ủy 1 văn bản, Ủy ban nhân dân
    tỉnh 3 văn bản, …". The lead is what the subjects share; None when they share too little."""
    shown = [(ind, value_text(ind, v)) for ind, v in items]
    shown = [(ind, t) for ind, t in shown if t]
    if len(shown) < 2:
        return None
    words = [subject(ind).split() for ind, _ in shown]
    head = common_words(words)
    tail = common_words(words, reverse=True)
    if head < 3 or any(len(w) <= head + tail for w in words):
        return None
    lead = words[0][:head]
    while lead and lead[-1] in _LEAD_TAIL:
        lead = lead[:-1]
    ending = words[0][len(words[0]) - tail:] if tail else []
    parts = [f"{' '.join(w[head:len(w) - tail])} {t}" for w, (_, t) in zip(words, shown)]
    sep = "; " if any("," in p for p in parts) else ", "  # "các sở, ngành khác 21 văn bản" holds a comma
    return finish(f"{' '.join(lead + ending)}: {sep.join(parts)}")


