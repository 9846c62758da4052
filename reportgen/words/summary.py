"""II.1 "So sánh kết quả, hiệu quả so với cùng kỳ": a judgement, not a tally.

How many targets were met, exceeded and missed; each missed one named with its figure and
its plan; the few largest meaningful changes against the previous period. Six months into
the year the plan is the year's: the paragraph says how far the year's plan is reached and
names what is behind (a ceiling already passed, a level below the year's target).
"""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.facts.compare import DAT, KHONG_DAT, VUOT, attainment, change
from reportgen.words import phrases as ph
from reportgen.words.compose import Source, Stated, Written, _part_label, change_text
from reportgen.words.figures import count_text, percent_text
from reportgen.words.select import is_large, missed
from reportgen.words.text import finish, lower_first

HALF_WAY = 50.0  # six months: amounts under this share of the year's plan are behind


def _planned(src: Source) -> list[m.Indicator]:
    out = []
    for ind in src.indicators.values():
        if ind.kind == m.TEXT or not src.applies(ind):
            continue
        f = src.figures(ind.id)
        if f.current is not None and f.plan is not None and attainment(ind, f.current, f.plan).status:
            out.append(ind)
    return out


def _named(src: Source, ind: m.Indicator) -> tuple[str, list[Stated]]:
    f = src.figures(ind.id)
    shown = ph.value_text(ind, f.current, with_share=False)
    plan = ph.value_text(ind, f.plan, with_share=False)
    att = attainment(ind, f.current, f.plan)
    stated = [Stated(ind.id, m.CURRENT, shown)]
    rate = src.rates.get(ind.id)
    if rate is not None:
        rf = src.figures(rate.id)
        if rf.current is not None and rf.plan is not None and missed(rate, rf, src.period.half):
            rshown = ph.value_text(rate, rf.current, with_share=False)
            shown += f", tỷ lệ {rshown}"
            plan += f", {ph.value_text(rate, rf.plan, with_share=False)}"
            stated.append(Stated(rate.id, m.CURRENT, rshown))
    target = f"kế hoạch {'giảm xuống ' if att.decrease else ''}{plan}"
    if src.period.half and not att.decrease and att.share is not None and ind.kind in (m.COUNT, m.MONEY):
        target = f"đạt {percent_text(att.share)} kế hoạch năm"
    return f"{ph.subject(ind)} {shown} ({target})", stated


def _nest(src: Source, inds: list[m.Indicator]) -> list[tuple[m.Indicator, list[m.Indicator]]]:
    """Each indicator with the listed ones below it (children, grandchildren …)."""
    listed = {i.id for i in inds}
    out: dict[str, list[m.Indicator]] = {}
    order: list[m.Indicator] = []
    for ind in inds:
        top = ind
        while top.parent in listed:
            top = src.indicators[top.parent]
        if top is ind:
            order.append(ind)
            out.setdefault(ind.id, [])
        else:
            out.setdefault(top.id, []).append(ind)
    return [(i, out[i.id]) for i in order]


def _behind(src: Source, ind: m.Indicator) -> bool:
    f = src.figures(ind.id)
    if not src.period.half:
        return missed(ind, f, False)
    att = attainment(ind, f.current, f.plan)
    if ind.kind in (m.COUNT, m.MONEY) and not att.decrease:
        return False  # counted, not named: "N chỉ tiêu đạt dưới 50% kế hoạch năm"
    return missed(ind, f, True)  # a ceiling already passed; levels are judged at the year's end


def _slow(src: Source, ind: m.Indicator) -> bool:
    """Six months: an amount under half of the year's plan."""
    f = src.figures(ind.id)
    att = attainment(ind, f.current, f.plan)
    return (ind.kind in (m.COUNT, m.MONEY) and not att.decrease and att.share is not None
            and att.share < HALF_WAY)


def summary(src: Source, pointer=None) -> list[Written]:
    """`pointer(ids)` names the appendices that carry `ids` (\"Phụ lục I, IV\")."""
    out: list[Written] = []
    planned = _planned(src)
    behind = [i for i in planned if _behind(src, i)]
    named = {i.id for i in behind}
    behind = [i for i in behind if not (i.is_rate and i.numerator in named)]  # the rate goes with its count
    cp, label = src.period.comparison_phrase, src.period.label_lower
    if planned:
        if src.period.half:
            slow = sum(1 for i in planned if _slow(src, i))
            head = (f"Sau {label}, trong {count_text(len(planned))} chỉ tiêu có kế hoạch năm, "
                    f"{count_text(slow)} chỉ tiêu về số lượng "
                    f"đạt dưới {percent_text(HALF_WAY)} kế hoạch năm (chi tiết tại phụ lục)")
        else:
            st = [attainment(i, src.figures(i.id).current, src.figures(i.id).plan).status for i in planned]
            met, over, short = st.count(DAT) + st.count(VUOT), st.count(VUOT), st.count(KHONG_DAT)
            head = f"Trong {count_text(len(planned))} chỉ tiêu có kế hoạch {label}, "
            head += (f"{count_text(met)} chỉ tiêu đạt và vượt kế hoạch"
                     + (f" (trong đó {count_text(over)} chỉ tiêu vượt)" if over else "")
                     if met else "chưa có chỉ tiêu nào đạt kế hoạch")
            head += f", {count_text(short)} chỉ tiêu chưa đạt" if short else ""
        stated: list[Stated] = []
        entries, others = _capped(src, _nest(src, behind))
        if entries:
            names = []
            for ind, kids in entries:
                text, s = _named(src, ind)
                stated += s
                parts = []
                for kid in kids:
                    kt, ks = _named(src, kid)
                    parts.append(kt.replace(ph.subject(kid), _part_label(src, ind, kid), 1))
                    stated += ks
                names.append(text + (f", trong đó {', '.join(parts)}" if parts else ""))
            lead = "chưa đạt mức kế hoạch năm" if src.period.half else "chưa đạt"
            lead += " đáng chú ý" if others else ""
            head += f"; các chỉ tiêu {lead}: " + "; ".join(names)
        out.append(Written(finish(head), stated))
        if others:
            out.append(Written(finish(_by_theme(src, others, pointer)), []))
    moves = _largest(src)
    if moves:
        out.append(Written(finish(f"So với {cp}, những thay đổi đáng chú ý: " + "; ".join(t for t, _ in moves)),
                           [s for _, ss in moves for s in ss]))
    return out


def _rank(ind: m.Indicator) -> int:
    """Which missed targets tell most: harm that should have fallen, then coverage rates, then
    top-level counts, then the rest (budget lines, parts)."""
    if ind.good == m.DOWN or ind.target_down:
        return 0
    if ind.is_rate or ind.kind == m.RATIO:
        return 1
    if ind.kind == m.COUNT and not ind.parent:
        return 2
    return 3


def _capped(src: Source, entries: list[tuple[m.Indicator, list[m.Indicator]]]):
    """At most `missed_named` entries (for this unit's level) named, the most telling first in
    catalog order; the rest returned to be counted by theme."""
    cap = src.rules.missed_named
    if cap is None or len(entries) <= cap:
        return entries, []
    order = sorted(range(len(entries)), key=lambda k: (_rank(entries[k][0]), k))
    keep = set(order[:cap])
    named = [e for k, e in enumerate(entries) if k in keep]
    others = [i for k, (ind, kids) in enumerate(entries) if k not in keep for i in [ind, *kids]]
    return named, others


def _by_theme(src: Source, others: list[m.Indicator], pointer=None) -> str:
    """"Còn 26 chỉ tiêu chưa đạt kế hoạch khác, về nguồn lực, kinh phí (07 chỉ tiêu); … và 06 chỉ
    tiêu khác (chi tiết tại Phụ lục IV, VI)": the largest theme groups (`max_parts`), the rest counted."""
    counts: dict[str, int] = {}
    for ind in others:
        key = ind.theme if ind.theme in src.themes else ""
        counts[key] = counts.get(key, 0) + 1
    lead = "chưa đạt mức kế hoạch năm" if src.period.half else "chưa đạt kế hoạch"
    where = (pointer([i.id for i in others]) if pointer else "") or "các phụ lục"
    if len(others) == 1:
        theme = src.themes.get(others[0].theme or "")
        return (f"Còn 01 chỉ tiêu {lead} khác" + (f", thuộc nhóm {lower_first(theme)}" if theme else "")
                + f" (chi tiết tại {where})")
    ranked = sorted(((n, t) for t, n in counts.items() if t), key=lambda x: -x[0])[: src.rules.max_parts]
    groups = [f"{lower_first(src.themes[t])} ({count_text(n)} chỉ tiêu)" for n, t in ranked]
    rest = len(others) - sum(n for n, _ in ranked)
    text = f"Còn {count_text(len(others))} chỉ tiêu {lead} khác"
    if groups:
        text += ", về " + "; ".join(groups) + (f" và {count_text(rest)} chỉ tiêu khác" if rest else "")
    return text + f" (chi tiết tại {where})"


def _largest(src: Source) -> list[tuple[str, list[Stated]]]:
    """The largest meaningful changes: polarity-bearing, large both relatively and absolutely."""
    found = []
    for ind in src.indicators.values():
        if ind.kind not in (m.COUNT, m.MONEY) or src.rules.neutral_for(ind) or not src.applies(ind):
            continue
        f = src.figures(ind.id)
        if f.current is None or f.previous is None or not is_large(ind, f.current, f.previous, src.rules):
            continue
        ch = change(ind, f.current, f.previous)
        text = change_text(src, ind, f, ref=False)
        if text and ch.pct is not None:
            shown = ph.value_text(ind, f.current, with_share=False)
            found.append((abs(ch.pct), f"{ph.subject(ind)} {text} ({shown})", [Stated(ind.id, m.CURRENT, shown)]))
    found.sort(key=lambda x: -x[0])
    return [(t, s) for _, t, s in found[: src.rules.largest_changes]]
