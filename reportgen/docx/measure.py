"""Text widths in Times New Roman (its metric twin's table) and the line breaks chosen from them.

Widths ignore kerning, which only narrows text: a measured line is never shorter than printed.
Used to size appendix columns (no number, date or word broken in a cell), to break the
letterhead between whole names and to balance the lines of the trích yếu.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import combinations

from reportgen.docx.font_metrics import METRICS

PT_PER_MM = 72 / 25.4
JOINER = "\u2060"  # word joiner: measured as a space, never a break (callers put the space back)


def _style(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


@lru_cache(maxsize=4)
def _table(style: str) -> tuple[float, dict[str, float]]:
    units, chars, widths = METRICS[style]
    table = {c: w / units for c, w in zip(chars, widths)}
    table[JOINER] = table[" "]
    return max(table.values()), table


@lru_cache(maxsize=1 << 15)
def em_width(text: str, bold: bool = False, italic: bool = False) -> float:
    """Width of `text` in em (multiply by the font size); unknown characters count as the widest."""
    widest, table = _table(_style(bold, italic))
    return sum(table.get(c, widest) for c in unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1 << 15)
def text_ems(text: str, bold: bool = False, italic: bool = False) -> tuple[float, float]:
    """(widest word, whole text on one line) of `text` in em; lines joined by a space."""
    words = text.split()
    return (max((em_width(w, bold, italic) for w in words), default=0.0),
            em_width(" ".join(words), bold, italic))


def width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    return em_width(text, bold, italic) * size_pt


def width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    return width_pt(text, size_pt, bold, italic) / PT_PER_MM


def longest_word_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """The widest unbreakable piece of `text` (split at spaces and line breaks), in mm."""
    words = text.split()
    return max((width_mm(w, size_pt, bold, italic) for w in words), default=0.0)


def fit_lines(words: list[str], width: float, measure, bonus=None) -> list[str] | None:
    """The fewest lines holding `words` in order, each at most `width` by `measure(line)`,
    balanced: of the layouts with that many lines, the one whose longest line less the
    `bonus(j)` of its breaks (before word j) is smallest, ties to the fullest last line.
    None when a single word is wider than `width`."""
    n = len(words)
    if n == 0:
        return []
    if any(measure(w) > width for w in words):
        return None
    span: dict[tuple[int, int], float] = {}

    def line(i: int, j: int) -> float:
        if (i, j) not in span:
            span[(i, j)] = measure(" ".join(words[i:j]))
        return span[(i, j)]

    for count in range(1, n + 1):
        best = None
        for cuts in combinations(range(1, n), count - 1):
            edges = (0, *cuts, n)
            widths = [line(edges[k], edges[k + 1]) for k in range(count)]
            if max(widths) > width:
                continue
            gain = sum(bonus(j) for j in cuts) if bonus else 0.0
            key = (max(widths) - gain, -widths[-1])
            if best is None or key < best[0]:
                best = (key, edges)
        if best is not None:
            edges = best[1]
            return [" ".join(words[edges[k]:edges[k + 1]]) for k in range(count)]
        if count >= 12:  # more lines than any title or letterhead takes: give up balancing
            break
    return None


# Breaking a Vietnamese line: best after a comma, then before a joining word; never inside
# "vấn đề" and the like when a better place exists (bonus in mm of line width).
_AFTER_COMMA_MM = 40.0
_BEFORE_WORD_MM = 25.0
_JOINING = frozenset(("và", "của", "về", "trên", "tại", "trong", "cho", "đối", "theo", "giai", "với"))


def phrase_bonus(words: list[str]):
    def bonus(j: int) -> float:
        if words[j - 1].endswith((",", ";", ":")):
            return _AFTER_COMMA_MM
        if words[j].lower() in _JOINING:
            return _BEFORE_WORD_MM
        return 0.0
    return bonus


def balanced_lines(text: str, width_mm_: float, size_pt: float, *, bold: bool = False,
                   italic: bool = False) -> list[str]:
    """`text` broken into the fewest lines that fit `width_mm_`, balanced and broken between
    phrases where it can, so that the last line never holds a single word when the text
    needs more than one line."""
    words = text.split()
    lines = fit_lines(words, width_mm_, lambda s: width_mm(s, size_pt, bold, italic), phrase_bonus(words))
    if lines is None:
        return [" ".join(words)]
    if len(lines) > 1 and len(lines[-1].split()) == 1:  # balanced but still one word: pull one down
        last_words = lines[-2].split()
        if len(last_words) > 1:
            lines[-2:] = [" ".join(last_words[:-1]), f"{last_words[-1]} {lines[-1]}"]
    return lines


def name_lines(names: list[str], width_mm_: float, size_pt: float, *, bold: bool = False,
               min_size_pt: float = 9.0) -> tuple[list[str], float]:
    """Whole names (e.g. ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"]) laid on the fewest balanced lines
    that fit, breaking only between names; the size shrinks (by 0.5 pt) only when a single
    name is wider than the line. Returns (lines, size in pt)."""
    size = size_pt
    while True:
        lines = fit_lines(names, width_mm_, lambda s: width_mm(s, size, bold))
        if lines is not None:
            return lines, size
        if size <= min_size_pt:  # a name wider than the column even small: one name a line
            return list(names), size
        size -= 0.5
