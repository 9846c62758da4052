"""The Vietnamese sentences of a report: an indicator's figure compared with the previous
period and with the plan, in the register of an administrative report.

Rules (docs/cau-van.md shows each with the sentence this module writes):

* A blank figure is never 0. Current blank: no sentence (None). Previous blank: the value
  and "chưa có số liệu năm 2024 để so sánh".
* Counts and money: "tăng 2.548 em (7,76%) so với năm 2018", "giảm …". Equal: "không thay
  đổi so với năm 2024" (six months: "bằng cùng kỳ năm 2024"). Previous 0: no percent,
  "…, trong khi năm 2024 không có trường hợp nào". Both 0: "Không xảy ra trường hợp … nào,
  bằng năm 2024" when fewer is better (cases), "Chưa có … nào, bằng năm 2024" otherwise.
* "Gấp" rule: a rise of 100% or more (the percent change, rounded to 2 decimals, is at
  least 100 and the previous figure is positive) is never written as a percent but as
  "tăng 196 em, gấp 3,6 lần năm 2016", the factor current/previous with 1 decimal.
* A change too small to show (0 once rounded) reads "tương đương năm 2024"; a percent
  change below 0,01% reads "(dưới 0,01%)"; a fall that leaves something reads at most
  "(99,99%)" (only a fall to 0 is 100%, and that one is written without a percent).
* Rates: differences in "điểm phần trăm" (‰: "phần nghìn"), never a percent of a percent.
* Yes/no: `ind.yes_text` / `ind.no_text`, plus "(năm 2024 chưa có)" / "(năm 2024 đã có)"
  when the state changed. x/y answers: "7/7 huyện (100%)", compared by their shares.
* Polarity (`ind.good`): a rise of a "down" indicator is stated neutrally; a move in the
  good direction may be followed by the one fixed note "cho thấy chuyển biến tích cực".
* Plan: "đạt 100% kế hoạch", "vượt 12,4% kế hoạch", "chưa đạt kế hoạch (đạt 80%)" with
  1 decimal (see reportgen.compare.shown_share); rates, x/y answers, yes/no and decrease
  targets: "đạt/vượt/chưa đạt kế hoạch đề ra (giảm xuống 0,8%)".
* Variants ("là"/"đạt"; the comparison before or after the change) are chosen by a stable
  hash (CRC-32) of the indicator id, so the same data always gives the same text.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from typing import Any

from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.facts.compare import (
    BOTH_ZERO, DAT, DOWN, GONE, KHONG_DAT, NEW, NO_CURRENT, NO_PREVIOUS, SAME, UP, VUOT,
    Attainment, Change, assessment_marks, attainment, change, level, normalize, shown_share)
from reportgen.core.errors import TemplateError
from reportgen.core.period import Period
from reportgen.core.text import squash

AMOUNT_KINDS = (m.COUNT, m.MONEY)
SENTENCE_KINDS = (m.COUNT, m.MONEY, m.PERCENT, m.PERMILLE, m.YESNO, m.RATIO)

# The word for the unit when the catalog gives no `noun` (keys lower-case, NFC).
UNIT_NOUNS = {
    "người": "người", "em": "em", "trẻ em": "trẻ em", "trẻ": "trẻ em", "cha mẹ": "người",
    "lượt": "lượt", "lượt người": "lượt người", "lượt trẻ em": "lượt trẻ em",
    "lớp": "lớp", "khóa": "khóa", "khoá": "khóa", "xã": "xã", "xã (p,tt)": "xã",
    "huyện": "huyện", "điểm": "điểm", "cơ sở": "cơ sở", "cuộc": "cuộc", "vụ": "vụ",
    "mô hình": "mô hình", "câu lạc bộ": "câu lạc bộ",
    "triệu đồng": "triệu đồng", "nghìn đồng": "nghìn đồng", "ngàn đồng": "nghìn đồng",
    "1000đ": "nghìn đồng", "1.000đ": "nghìn đồng", "1000 đồng": "nghìn đồng",
    "1.000 đồng": "nghìn đồng", "đồng": "đồng",
}
# Units counting people: "chưa có trường hợp nào" rather than "chưa có người nào".
PERSON_NOUNS = frozenset({"em", "trẻ em", "người", "học sinh", "cha mẹ", "người chưa thành niên"})
# Units that are events themselves: "không xảy ra vụ … nào", not "trường hợp vụ …".
EVENT_NOUNS = frozenset({"vụ", "cuộc", "ca", "trường hợp"})

VERBS_GOOD_UP = ("là", "đạt")
VERBS_PLAIN = ("là",)
ORDERS = ("after", "before")  # "tăng … so với năm 2024" | "so với năm 2024 tăng …"
GOOD_NOTES = ("", "cho thấy chuyển biến tích cực")

_COUNT_PREFIX = re.compile(r"^(tổng số lượng|tổng số|số lượng|số)\s+", re.IGNORECASE)
_WORD_CO = re.compile(r"(?<!\w)(đã có|có)(?!\w)")


# --- small text helpers ----------------------------------------------------------------

def _clean(text: str | None) -> str:
    return squash(text)


def _pick(ind: m.Indicator, slot: str, options: tuple[str, ...]) -> str:
    """One of `options`, always the same for this indicator and slot."""
    return options[zlib.crc32(f"{ind.id}:{slot}".encode()) % len(options)]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the text starts with an acronym ("UBND …") or a
    proper noun whose next word is capitalised too ("Ban Điều hành …", "Tết Trung thu")."""
    words = text.split()
    if not words:
        return text
    if sum(ch.isupper() for ch in words[0]) >= 2:
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def capitalize_first(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r",(\s*,)+", ",", text)
    return re.sub(r"[\s.,;:…!?]+$", "", text)


def finish(text: str | None) -> str | None:
    """One sentence: tidy spaces and commas, capital first letter, exactly one final "."."""
    text = _tidy(text or "")
    return capitalize_first(text) + "." if text else None


# --- words for an indicator --------------------------------------------------------------

def noun(ind: m.Indicator) -> str:
    """The unit in running text: `ind.noun`, else the lower-cased ĐVT ("Người" → "người")."""
    if ind.noun and ind.noun.strip():
        return _clean(ind.noun)
    unit = _clean(ind.unit)
    return UNIT_NOUNS.get(unit.lower(), lower_first(unit))


def subject(ind: m.Indicator) -> str:
    """The subject of the sentence: `ind.short`, else `ind.name`, first letter lowered."""
    return lower_first(_clean(ind.short or ind.name or ind.id))


def thing(ind: m.Indicator) -> str:
    """The subject without "số"/"tổng số": "số trẻ em bị bạo lực" → "trẻ em bị bạo lực"."""
    subj = subject(ind)
    stripped = _COUNT_PREFIX.sub("", subj, count=1)
    return stripped or subj


def _amount(ind: m.Indicator, number: float) -> str:
    if ind.kind == m.MONEY:
        return nf.fmt_money(number, noun(ind))
    return f"{nf.fmt_number(number)} {noun(ind)}".strip()


def value_text(ind: m.Indicator, value, with_share: bool = True) -> str | None:
    """A figure as written in a sentence: "35.402 em", "97,5%", "7/7 huyện (100%)", "có"."""
    v = normalize(ind, value)
    if v is None:
        return None
    if ind.kind == m.YESNO:
        return "có" if v else "không"
    if ind.kind == m.RATIO:
        if not v.den:  # a count typed without its denominator (issue 14): never "138/0"
            return f"{nf.fmt_number(v.num)} {noun(ind)}".strip()
        text = f"{nf.fmt_number(v.num)}/{nf.fmt_number(v.den)} {noun(ind)}".strip()
        return f"{text} ({nf.fmt_percent_value(level(v))})" if with_share else text
    if ind.kind == m.PERCENT:
        return nf.fmt_percent_value(v)
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
    return size, _amount(ind, size)


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
    if ch.kind == DOWN and nf.round_half_up(size) >= 100:
        return nf.fmt_percent_value(99.99)  # only a fall to 0 is a fall of 100%
    return nf.fmt_percent_value(size)


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
    after = _pick(ind, "order", ORDERS) == "after"
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
        return f"giảm {_amount(ind, ch.previous)} so với {cp}"
    return _movement(ind, ch, period)


# --- yes/no ------------------------------------------------------------------------------

def units_answering_yes(ind: m.Indicator) -> m.Indicator:
    """A yes/no indicator added up over units reads as a ratio of units that answered "Có"."""
    return replace(ind, kind=m.RATIO, noun="đơn vị", short=f"số đơn vị {_yes_text(ind)}", good=ind.good)


def _yes_text(ind: m.Indicator) -> str:
    if ind.yes_text:
        return _clean(ind.yes_text)
    name = _clean(ind.name)
    return name if _WORD_CO.search(name) else f"đã có {subject(ind)}"


def _no_text(ind: m.Indicator) -> str:
    if ind.no_text:
        return _clean(ind.no_text)
    name = _clean(ind.name)
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
    return f"{subject(ind)} {_pick(ind, 'verb', verbs)} {value_text(ind, ch.current)}"


def _good_note(ind: m.Indicator, ch: Change) -> str:
    good = (ind.good == m.UP and ch.rising) or (ind.good == m.DOWN and ch.falling)
    return _pick(ind, "note", GOOD_NOTES) if good and _visible(ind, ch) else ""


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
    clauses.append(plan_clause or _good_note(ind, ch))
    return [c for c in clauses if c]


def sentence(ind: m.Indicator, current, previous, period: Period, plan=None,
             compare: bool = True) -> str | None:
    """One sentence for `ind`: its figure, the change against the previous period and, when
    a plan is given, how far the plan was reached. None when the current figure is blank.

    >>> sentence(Indicator("tre_em", "Tổng số trẻ em", "Người", "count", noun="em"),
    ...          35402, 32854, Period(2019))
    'Tổng số trẻ em là 35.402 em, so với năm 2018 tăng 2.548 em (7,76%).'
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


def _common_words(texts: list[list[str]], reverse: bool = False) -> int:
    n = 0
    for words in zip(*[(t[::-1] if reverse else t) for t in texts]):
        if len(set(words)) != 1:
            break
        n += 1
    return n


def list_sentence(items: list[tuple[m.Indicator, Any]]) -> str | None:
    """Like figures stated together: "Số văn bản … ban hành: Tỉnh ủy 1 văn bản, Ủy ban nhân dân
    tỉnh 3 văn bản, …". The lead is what the subjects share; None when they share too little."""
    shown = [(ind, value_text(ind, v)) for ind, v in items]
    shown = [(ind, t) for ind, t in shown if t]
    if len(shown) < 2:
        return None
    words = [subject(ind).split() for ind, _ in shown]
    head = _common_words(words)
    tail = _common_words(words, reverse=True)
    if head < 3 or any(len(w) <= head + tail for w in words):
        return None
    lead = words[0][:head]
    while lead and lead[-1] in _LEAD_TAIL:
        lead = lead[:-1]
    ending = words[0][len(words[0]) - tail:] if tail else []
    parts = [f"{' '.join(w[head:len(w) - tail])} {t}" for w, (_, t) in zip(words, shown)]
    sep = "; " if any("," in p for p in parts) else ", "  # "các sở, ngành khác 21 văn bản" holds a comma
    return finish(f"{' '.join(lead + ending)}: {sep.join(parts)}")


# --- a dataset's indicators ------------------------------------------------------------

def _lookup(indicators: dict[str, m.Indicator], indicator_id: str) -> m.Indicator:
    try:
        return indicators[indicator_id]
    except KeyError:
        raise TemplateError(f"chỉ tiêu «{indicator_id}» không có trong danh mục chỉ tiêu") from None


def _children(indicators: dict[str, m.Indicator], parent_id: str) -> list[m.Indicator]:
    return [ind for ind in indicators.values() if ind.parent == parent_id]


def indicator_sentences(dataset: m.Dataset, catalog_indicators: dict[str, m.Indicator],
                        ids: list[str], period: Period) -> list[str]:
    """Sentences for `ids` in order; an indicator with children (`Indicator.parent`) gets one
    breakdown sentence and its listed children no sentence of their own."""
    listed = set(ids)
    out = []
    for iid in ids:
        ind = _lookup(catalog_indicators, iid)
        if ind.parent in listed:
            continue  # written inside its parent's sentence
        cur, prev, plan = (dataset.get(iid, role) for role in (m.CURRENT, m.PREVIOUS, m.PLAN))
        kids = _children(catalog_indicators, iid)
        if kids:
            parts = [(k, dataset.get(k.id, m.CURRENT), dataset.get(k.id, m.PREVIOUS)) for k in kids]
            text = breakdown_sentence(ind, cur, prev, parts, period, plan)
        else:
            text = sentence(ind, cur, prev, period, plan)
        if text:
            out.append(text)
    return out


# --- jinja helpers ---------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorView:
    """What `ind("id")` gives a template: the figures of one indicator and their wording.

    `{{ ind("x") }}` prints the current figure ("35.402 em"), `{{ ind("x") | compare }}` the
    sentence, `{{ ind("x") | attainment }}` the plan phrase, `ind("x").marks` the three
    assessment columns.
    """

    indicator: m.Indicator
    current: Any
    previous: Any
    plan: Any
    period: Period

    @property
    def change(self) -> Change:
        return change(self.indicator, self.current, self.previous)

    @property
    def attainment(self) -> Attainment:
        return attainment(self.indicator, self.current, self.plan)

    @property
    def text(self) -> str:
        return value_text(self.indicator, self.current) or ""

    @property
    def previous_text(self) -> str:
        return value_text(self.indicator, self.previous) or ""

    @property
    def plan_text(self) -> str:
        return value_text(self.indicator, self.plan, with_share=False) or ""

    @property
    def sentence(self) -> str:
        return sentence(self.indicator, self.current, self.previous, self.period, self.plan) or ""

    @property
    def attainment_phrase(self) -> str:
        return attainment_phrase(self.indicator, self.current, self.plan) or ""

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


def _ids_for(indicators: dict[str, m.Indicator], key) -> list[str]:
    """`key` as a list of ids: a list itself, an annex id, a theme, or one indicator id."""
    if not isinstance(key, str):
        return list(key)
    for match in (lambda i: key in i.annexes, lambda i: i.theme == key):
        ids = [i.id for i in indicators.values() if match(i)]
        if ids:
            return ids
    return [_lookup(indicators, key).id]


def jinja_globals(dataset: m.Dataset, indicators: dict[str, m.Indicator],
                  period: Period) -> dict[str, Any]:
    """Globals for rendering one dataset: `ind(id)` and `sentences(annex | theme | ids)`."""

    def ind(indicator_id: str) -> IndicatorView:
        found = _lookup(indicators, indicator_id)
        return IndicatorView(found, *(dataset.get(indicator_id, role)
                                      for role in (m.CURRENT, m.PREVIOUS, m.PLAN)), period)

    def sentences(key) -> SentenceList:
        return SentenceList(indicator_sentences(dataset, indicators, _ids_for(indicators, key), period))

    return {"ind": ind, "sentences": sentences}
