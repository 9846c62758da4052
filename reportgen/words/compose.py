"""The sentence engine: the selected figures of a section written the way officers write.

Several related figures in one sentence joined by semicolons; a count first when its name
allows ("580 buổi nói chuyện chuyên đề"), a total with its parts in brackets ("trong đó …",
Nam/Nữ without "trong đó"), a count with its rate ("chiếm 1,3% tổng số trẻ em", or per
100.000 for a rare event), classes with their participants ("33 lớp … với 1.961 lượt người
tham gia"), like items in one list sentence. Zero is stated only for a "fewer is better" case
(news: "không có trẻ em bị mua bán (năm 2024: 02 em)"); an activity that did not happen is
left out. A commune's x/1 answers become plain statements ("Xã đã …").

The report body (reportgen.documents.reports) and the template helpers `sentences()` /
`ind()` (reportgen.words.jinja) both call `write()`, so they give the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.facts.compare import (
    BOTH_ZERO, GONE, KHONG_DAT, NEW, NO_PREVIOUS, SAME, attainment, change, normalize)
from reportgen.core.period import Period
from reportgen.words import phrases as ph
from reportgen.words.figures import (
    amount_text, count_text, is_rare, per_100k, percent_text)
from reportgen.words.select import Figures, PraiseBudget, Rules, is_large
from reportgen.words.text import capitalize_first, finish, lower_first, noun, subject, thing

_VERBS = ("được", "bị", "có", "đang", "đã", "là", "không", "chưa")
_SEX_LABELS = {"nam": "nam", "nữ": "nữ", "trẻ em nam": "nam", "trẻ em nữ": "nữ"}
_COUNT_FIRST_NOUNS = ("lớp", "buổi", "điểm", "xã", "lượt", "cuộc", "vụ", "mô hình", "người", "diễn đàn",
                      "câu lạc bộ", "cặp", "bể bơi", "trung tâm", "cơ sở", "văn bản", "đầu", "khóa")


@dataclass
class Stated:
    indicator: str
    role: str
    text: str


@dataclass
class Clause:
    ind: m.Indicator
    text: str
    form: str  # "count" (number first: "56 trẻ em …"), "subject" ("tỷ lệ … là 97,1%"), "plain"
    stated: list[Stated] = field(default_factory=list)
    merit: float = 0.0  # how material a good change is (praise goes to the largest)
    head: str = ""  # the figure without its change and plan phrases
    plan: str = ""


@dataclass
class Written:
    text: str
    stated: list[Stated]


class Source:
    """The figures the engine reads: a dataset with its catalog, period and unit level."""

    def __init__(self, ds: m.Dataset, indicators: dict[str, m.Indicator], period: Period,
                 rules: Rules | None = None, level: str | None = None, labels: dict | None = None,
                 themes: dict[str, str] | None = None, place: str | None = None):
        self.ds, self.indicators, self.period = ds, indicators, period
        self.themes = themes or {}  # theme id -> its name (the catalog's `themes:`)
        self.place = place  # the unit's word for itself: "phường" for "phường Đông Hải"
        self.rules = rules or Rules()
        self.level = level
        self.labels = labels or {}  # indicator id -> its row label in the annex ("Nam", "Nữ")
        self._figures: dict[str, Figures] = {}
        self.children: dict[str, list[m.Indicator]] = {}
        self.rates: dict[str, m.Indicator] = {}
        for ind in indicators.values():
            if ind.parent:
                self.children.setdefault(ind.parent, []).append(ind)
            if ind.is_rate and ind.numerator and ind.numerator not in self.rates:
                self.rates[ind.numerator] = ind

    @property
    def commune(self) -> bool:
        return self.level == "xa"

    @property
    def scope(self) -> str:
        return self.place or {"xa": "xã", "huyen": "huyện"}.get(self.level or "", "tỉnh")

    def applies(self, ind: m.Indicator) -> bool:
        """A commune's text leaves out the rows of the province level."""
        return not (self.commune and ind.level and ind.level != "xa")

    def figures(self, iid: str) -> Figures:
        """The indicator's figures (remembered: a report asks for each about five times)."""
        found = self._figures.get(iid)
        if found is None:
            found = self._figures[iid] = self._read_figures(iid)
        return found

    def _read_figures(self, iid: str) -> Figures:
        get = self.ds.get
        cur = get(iid, m.CURRENT)
        comparable = (iid, m.PREVIOUS) in self.ds.copies or get(iid, m.PREVIOUS) is not None
        ind = self.indicators.get(iid)
        if ind is not None and not self.applies(ind):
            cur = None
        return Figures(None if cur == "" else cur, get(iid, m.PREVIOUS), get(iid, m.PLAN), comparable)


# --- one indicator ---------------------------------------------------------------------------

def _count_first(ind: m.Indicator) -> bool:
    if ind.kind not in (m.COUNT, m.RATIO):
        return False
    t, word = thing(ind), noun(ind)
    if word in ("em", "trẻ em") and t.startswith("trẻ em"):
        return True
    return t.startswith(word + " ") and word in _COUNT_FIRST_NOUNS


def change_text(src: Source, ind: m.Indicator, f: Figures, ref: bool) -> str | None:
    """"tăng 5,7%", "tăng 3 em", "giảm 0,5 điểm phần trăm", "gấp 2,1 lần"; + "so với năm 2024"."""
    if not f.comparable or f.previous is None:
        return None
    ch = change(ind, f.current, f.previous)
    if ch.kind in (SAME, BOTH_ZERO, NO_PREVIOUS, NEW, GONE) or ch.diff is None:
        return None
    rules, cp = src.rules, src.period.comparison_phrase
    verb = "tăng" if ch.rising else "giảm"
    if ind.is_rate:
        places = 1 if not nf.is_zero_when_shown(abs(ch.diff), 1) else nf.PLACES
        if nf.is_zero_when_shown(abs(ch.diff), places):
            return None
        text = f"{verb} {nf.fmt_points(abs(ch.diff), permille=ind.kind == m.PERMILLE, places=places)}"
    elif ind.kind == m.RATIO:
        if not ch.num_diff:
            return None
        text = f"{verb} {nf.fmt_number(abs(ch.num_diff))} {noun(ind)}"
    elif ind.kind in (m.COUNT, m.MONEY):
        small = ch.previous < rules.small_base or (ind.kind == m.COUNT and abs(ch.diff) < rules.handful)
        if small and ind.good != m.DOWN and abs(ch.diff) < rules.handful and (ch.pct is None or abs(ch.pct) < 10):
            return None  # "tăng 1 lượt" is not news
        if small or ch.pct is None:
            text = f"{verb} {amount_text(ind, abs(ch.diff), diff=True)}"
        elif ch.rising and nf.round_half_up(ch.pct, 1) >= 100:
            text = f"gấp {nf.fmt_times(ch.ratio)} lần"
        elif nf.is_zero_when_shown(abs(ch.pct), 1):
            return None
        else:
            text = f"{verb} {percent_text(abs(ch.pct))}"
    else:
        return None
    return f"{text} so với {cp}" if ref else text


def _plan_text(src: Source, ind: m.Indicator, f: Figures) -> str | None:
    """The plan phrase; six months into the year a ceiling ("giảm xuống 13 em") is news only
    once the half year has passed it."""
    if f.plan is None:
        return None
    if src.period.half and ind.kind in (m.COUNT, m.MONEY):
        att = attainment(ind, f.current, f.plan)
        if att.decrease:
            if att.status != KHONG_DAT:
                return None
            return f"đã vượt mức kế hoạch năm (không quá {ph.value_text(ind, f.plan, with_share=False)})"
    return (ph.progress_phrase if src.period.half else ph.attainment_phrase)(ind, f.current, f.plan)


_DANGLING = ("đến", "tới", "về", "với", "và", "của", "cho", "để", "trong", "các")


def _part_label(src: Source, parent: m.Indicator, kid: m.Indicator) -> str:
    label = lower_first(src.labels.get(kid.id, "") or "") if kid.parent == parent.id else ""
    if re.search(r"\b[A-ZĐ]{2,}\b", label):
        label = ""  # an abbreviation in the annex's row ("Nguồn QBTTE tỉnh"): the catalog's words instead
    if label and len(label.split()) <= 6 and not label.startswith(("trong đó", "số ")):
        if label.startswith("trẻ em ") and thing(parent).startswith("trẻ em") and label not in _SEX_LABELS:
            label = label[len("trẻ em "):]
        return label
    pw, kw = thing(parent).split(), thing(kid).split()
    if kw[:len(pw)] == pw and len(kw) > len(pw) and kw[len(pw)] in _VERBS:
        return " ".join(kw[len(pw):])  # "trẻ em bị xâm hại được lập kế hoạch …" -> "được lập kế hoạch …"
    tail = 0
    while tail < min(len(pw), len(kw)) - 1 and pw[-1 - tail] == kw[-1 - tail]:
        tail += 1
    if tail >= 2:  # "nguồn ngân sách Trung ương phân bổ cho công tác trẻ em" -> "ngân sách Trung ương"
        words = kw[: len(kw) - tail]
        while words and words[-1] in ("cho", "phân", "bổ", "bố", "trí", "của", "dành"):
            words = words[:-1]
        if words and words[0] == "nguồn" and len(words) > 1:
            words = words[1:]
        if words and words[-1] not in _DANGLING:  # not "… liên quan trực tiếp đến"
            return " ".join(words)
    if kw[:2] == ["trẻ", "em"] and pw[:2] == ["trẻ", "em"] and len(kw) > 2:
        return " ".join(kw[2:])
    return thing(kid)


def _parts(src: Source, ind: m.Indicator) -> tuple[str, bool, list[Stated]]:
    """The parts of a total as "label figure, …" (same theme only), whether they are sexes."""
    items, stated = [], []
    for kid in src.children.get(ind.id, ()):
        if not src.applies(kid) or kid.kind not in (m.COUNT, m.MONEY) or kid.theme not in (ind.theme, None) \
                or kid.id in src.rules.omit \
                or noun(kid) != noun(ind):
            continue
        v = src.figures(kid.id).current
        if not isinstance(v, (int, float)) or isinstance(v, bool) or nf.is_zero_when_shown(v):
            continue
        shown = amount_text(kid, v)
        items.append((_part_label(src, ind, kid), shown))
        stated.append(Stated(kid.id, m.CURRENT, shown))
    if len(items) > src.rules.max_parts:  # the largest parts, in the catalog's order
        values = [src.figures(st.indicator).current for st in stated]
        keep = sorted(sorted(range(len(items)), key=lambda k: -values[k])[: src.rules.max_parts])
        items, stated = [items[k] for k in keep], [stated[k] for k in keep]
    body = ", ".join(f"{label} {shown}" for label, shown in items)
    return body, bool(items) and all(label in _SEX_LABELS for label, _ in items), stated


def _rate_text(src: Source, ind: m.Indicator) -> tuple[str, str, list[Stated], m.Indicator | None]:
    """The count's rate: a tail ", chiếm 1,3% tổng số trẻ em", or a bracket for a rare event
    "13,7 trẻ em/100.000 trẻ em"."""
    rate = src.rates.get(ind.id)
    if rate is None or not src.applies(rate) or ind.kind == m.RATIO:
        return "", "", [], None
    count = src.figures(ind.id).current
    if isinstance(count, (int, float)) and count < src.rules.small_base:
        return "", "", [], None  # no rate on a handful of cases
    v = src.figures(rate.id).current
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return "", "", [], None
    if is_rare(rate, v) and rate.denominator:
        cur, den = src.figures(rate.numerator).current, src.figures(rate.denominator).current
        per = per_100k(cur, den) if isinstance(cur, (int, float)) and isinstance(den, (int, float)) else None
        if per:
            shown = f"{per} trẻ em/100.000 trẻ em"
            return shown, "", [Stated(rate.id, m.CURRENT, shown)], rate
    shown = ph.value_text(rate, v)
    name = subject(rate)
    stated = [Stated(rate.id, m.CURRENT, shown)]
    for word in (" trên ", " so với "):
        if word in name:
            return "", f", chiếm {shown} {name.split(word, 1)[1]}", stated, rate
    return "", f", tỷ lệ {shown}", stated, rate


def _commune_plain(ind: m.Indicator, v: m.Ratio, place: str = "xã") -> str | None:
    """A commune's 1/1 answer as a statement: "xã đã kiện toàn Ban bảo vệ trẻ em" ("phường …")."""
    t = thing(ind)
    if not t.startswith("xã ") or v.num <= 0:
        return None
    rest = t[3:]
    rest = re.sub(r"^có ", "đã có ", rest) if rest.startswith("có ") else f"đã {rest}"
    return f"{place} {rest}"


def clause(src: Source, ind: m.Indicator, ref: bool, headline: bool = False) -> Clause | None:
    f = src.figures(ind.id)
    if ind.kind == m.YESNO and isinstance(f.current, m.Ratio):
        ind = ph.units_answering_yes(ind)  # a total over units: "5/7 đơn vị (71,4%)"
    v = normalize(ind, f.current)
    if v is None:
        return None
    if ind.kind == m.YESNO and isinstance(v, bool):
        if not v and not headline:
            return None
        text = ph._yes_text(ind) if v else ph._no_text(ind)
        return Clause(ind, text, "plain", [Stated(ind.id, m.CURRENT, "có" if v else "không")])
    if ind.kind == m.RATIO and src.commune and v.den == 1:
        text = _commune_plain(ind, v, src.scope)  # the sidecar keeps the statement: "đã có người làm …"
        return Clause(ind, text, "plain", [Stated(ind.id, m.CURRENT, text[len(src.scope) + 1:])]) if text else None
    if ind.kind in (m.COUNT, m.MONEY) and nf.is_zero_when_shown(v):
        return _zero_clause(src, ind, f, headline)
    shown = ph.value_text(ind, f.current)
    plain_value = ph.value_text(ind, f.current, with_share=False)
    stated = [Stated(ind.id, m.CURRENT, plain_value)]
    parts, sexes, part_stated = _parts(src, ind)
    inner, tail, rate_stated, rate_ind = _rate_text(src, ind)
    if _count_first(ind):
        t, word = thing(ind), noun(ind)
        if ind.kind == m.RATIO:
            rest = t[len(word) + 1:] if t.startswith(word + " ") else t
            text = f"{plain_value} ({percent_text(v.share * 100)}) {rest}" if v.share is not None else f"{plain_value} {rest}"
        elif word in ("em", "trẻ em"):
            text = f"{count_text(v)} {t}"
            stated[0].text = f"{count_text(v)} trẻ em"
        else:
            text = f"{count_text(v)} {t}" if t.startswith(word) else f"{plain_value} {t}"
        form = "count"
    else:
        text, form = f"{subject(ind)} là {shown}", "subject"
    bracket = [x for x in (inner, (parts if sexes else f"trong đó {parts}") if parts else "") if x]
    text += (f" ({'; '.join(bracket)})" if bracket else "") + tail
    ch = change(ind, f.current, f.previous)
    ch_text = change_text(src, ind, f, ref)
    if ch.kind == NEW and f.comparable:
        none = "không có trường hợp nào" if ind.good == m.DOWN else "chưa có"
        ch_text = f"trong khi {src.period.comparison_phrase} {none}"
    plan = _plan_text(src, ind, f)
    if plan is None and rate_ind is not None and not src.period.half:  # a half year's rate is no year's rate
        plan = _plan_text(src, rate_ind, src.figures(rate_ind.id))
    head = text
    text += f", {ch_text}" if ch_text else ""
    text += f", {plan}" if plan else ""
    merit = 0.0
    good = (ind.good == m.UP and ch.rising) or (ind.good == m.DOWN and ch.falling)
    if good and not src.rules.neutral_for(ind) and is_large(ind, f.current, f.previous, src.rules):
        merit = abs(ch.pct or ch.diff or 0)
    return Clause(ind, text, form, stated + part_stated + rate_stated, merit, head, plan or "")


def _zero_clause(src: Source, ind: m.Indicator, f: Figures, headline: bool) -> Clause | None:
    """Zero is news only for a case that happened before or a headline case."""
    prev = normalize(ind, f.previous)
    had = isinstance(prev, (int, float)) and prev > 0
    if ind.good != m.DOWN or not (had or headline):
        return None
    text = thing(ind)
    if had:
        text += f" ({src.period.comparison_phrase}: {amount_text(ind, prev)})"
    return Clause(ind, text, "none", [Stated(ind.id, m.CURRENT, "")])


# --- a section ---------------------------------------------------------------------------------

def _pair(a: Clause, b: Clause) -> bool:
    """Classes (events) then their participants counted in "lượt …"."""
    if a.form != "count" or not noun(b.ind).startswith("lượt") or noun(a.ind).startswith("lượt"):
        return False
    sa, sb = a.ind.id.split("_"), b.ind.id.split("_")
    if sa[:-1] == sb[:-1] or (sa[:2] == sb[:2] and "luot" in sb):
        return True
    tail = thing(a.ind).split(" ", 1)[-1]
    return len(tail) > 10 and tail in thing(b.ind)


def _sexes(src: Source, a: Clause, b: Clause) -> Clause | None:
    """"395 lượt nam …" and "829 lượt nữ …" as one: "1.224 lượt người (395 nam, 829 nữ)"."""
    if not (a.ind.id.endswith("_nam") and b.ind.id == a.ind.id[:-4] + "_nu"):
        return None
    va, vb = src.figures(a.ind.id).current, src.figures(b.ind.id).current
    if not all(isinstance(v, (int, float)) for v in (va, vb)):
        return None
    word = noun(a.ind)
    words = [w for w in thing(a.ind).split() if w != "nam"]
    text = f"{count_text(va + vb)} {' '.join(words)} ({count_text(va)} nam, {count_text(vb)} nữ)"
    a.stated[0].text, b.stated[0].text = count_text(va), count_text(vb)
    return Clause(a.ind, text, "count", a.stated + b.stated, 0.0) if word.startswith("lượt") else None


def _merge_pair(src: Source, a: Clause, b: Clause) -> Clause:
    if b.ind.id.endswith("_nam"):  # participants by sex: "với 1.224 lượt người tham gia (395 nam, 829 nữ)"
        number, _, rest = b.text.partition(" ")
        sexes = rest[rest.index("("):] if "(" in rest else ""
        return Clause(a.ind, f"{a.text} với {number} lượt người tham gia {sexes}".strip(), "count",
                      a.stated + b.stated, a.merit)
    v = src.figures(b.ind.id).current
    text = a.head or a.text
    f = src.figures(b.ind.id)
    ch = change_text(src, b.ind, f, ref=True)
    joined = f"{text} với {count_text(v)} {noun(b.ind)} tham gia" + (f", {ch}" if ch else "") + \
        (f", {a.plan}" if a.plan else "")
    return Clause(a.ind, joined, "count", a.stated + b.stated, max(a.merit, b.merit))


def _listable(src: Source, ind: m.Indicator) -> bool:
    f = src.figures(ind.id)
    return ind.kind in (m.COUNT, m.MONEY) and not f.comparable and f.plan is None


def _list_run(src: Source, inds: list[m.Indicator]) -> Written | None:
    items = [(i, src.figures(i.id).current) for i in inds]
    items = [(i, v) for i, v in items if isinstance(v, (int, float)) and not nf.is_zero_when_shown(v)]
    text = ph.list_sentence(items)
    if not text:
        return None
    return Written(text, [Stated(i.id, m.CURRENT, ph.value_text(i, v, with_share=False)) for i, v in items])


def roots(src: Source, ids: list[str]) -> list[m.Indicator]:
    """The indicators to write, each once: a part whose parent is listed goes in the parent's
    brackets; a part listed alone brings its parent; a rate whose count is listed goes with it."""
    chosen = [src.indicators[i] for i in ids if i in src.indicators]
    listed = {i.id for i in chosen}
    out: list[m.Indicator] = []
    for ind in chosen:
        if ind.is_rate and ind.numerator in listed:
            continue
        top = ind
        parent = src.indicators.get(ind.parent) if ind.parent else None
        if parent is not None and ind.theme in (parent.theme, None) and ind.kind in (m.COUNT, m.MONEY) \
                and parent.kind in (m.COUNT, m.MONEY) and src.figures(parent.id).current is not None:
            top = parent
            grand = src.indicators.get(parent.parent) if parent.parent else None
            if grand is not None and grand.id in listed and grand.theme == parent.theme:
                top = grand
        if top not in out:
            out.append(top)
    return out


def write(src: Source, ids: list[str], section_id: str = "", praise: PraiseBudget | None = None,
          headline: tuple[str, ...] = ()) -> list[Written]:
    """Sentences for `ids` (already selected), grouped: one paragraph per call (a list with
    one `Written`, or none when nothing is to be said)."""
    inds = roots(src, ids)
    sentences: list[Written] = []
    clauses: list[Clause] = []
    run: list[m.Indicator] = []

    def flush_run():
        if len(run) > 1:
            w = _list_run(src, run)
            if w:
                sentences.extend(_sentences(src, clauses, praise, section_id))
                clauses.clear()
                sentences.append(w)
                run.clear()
                return
        for ind in run:
            c = clause(src, ind, ref=True, headline=ind.id in headline)
            if c:
                clauses.append(c)
        run.clear()

    for ind in inds:
        if _listable(src, ind) and not src.children.get(ind.id):
            if run and noun(run[0]) != noun(ind):
                flush_run()
            run.append(ind)
            continue
        flush_run()
        c = clause(src, ind, ref=True, headline=ind.id in headline)
        if c:
            clauses.append(c)
    flush_run()
    sentences.extend(_sentences(src, clauses, praise, section_id))
    if not sentences:
        return []
    return [Written(" ".join(s.text for s in sentences), [x for s in sentences for x in s.stated])]


def _sentences(src: Source, clauses: list[Clause], praise: PraiseBudget | None, section_id: str) -> list[Written]:
    merged: list[Clause] = []
    for c in clauses:
        both = _sexes(src, merged[-1], c) if merged else None
        if both is not None:
            merged[-1] = both
            if len(merged) > 1 and merged[-2].form == "count" and merged[-2].ind.id.split("_")[0] == both.ind.id.split("_")[0]:
                merged[-2:] = [_merge_pair(src, merged[-2], both)]
            continue
        if merged and _pair(merged[-1], c):
            merged[-1] = _merge_pair(src, merged[-1], c)
        else:
            merged.append(c)
    best = max((c for c in merged if c.merit > 0), key=lambda c: c.merit, default=None)
    if best is not None and praise is not None and praise.take(section_id):
        best.text += f", {src.rules.praise}"
    out: list[Written] = []
    group: list[Clause] = []
    size = max(1, src.rules.clauses_per_sentence)

    def emit():
        if not group:
            return
        texts = [_unref(src, c.text) if i else c.text for i, c in enumerate(group)]
        lead = {"count": f"Toàn {src.scope} có ", "none": f"Trên địa bàn {src.scope} không có "}.get(group[0].form, "")
        if group[0].form == "plain":
            texts = [texts[0]] + [t.removeprefix(src.scope + " ") for t in texts[1:]]
        body = (", " if group[0].form == "none" else "; ").join(texts)
        out.append(Written(finish(lead + body if lead else capitalize_first(body)),
                           [s for c in group for s in c.stated]))
        group.clear()

    for c in merged:
        if group and (c.form != group[0].form or len(group) >= size):
            emit()
        group.append(c)
    emit()
    return out


def _unref(src: Source, text: str) -> str:
    """The comparison is named once per sentence: later clauses drop "so với năm 2024"."""
    return text.replace(f" so với {src.period.comparison_phrase}", "")
