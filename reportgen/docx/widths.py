"""Appendix column widths from what the columns hold, and the table's font size.

Every column is at least as wide as its widest unbreakable piece (a number, a date, a word of a
cell or of its header) at the table's font size; number columns hold their longest value on
one line; other text columns get up to their hinted width (the annex's `col_widths_mm`); the
label column (the indicator names) takes the rest of the landscape text width. When the rest
is too narrow, the text columns give back width down to their longest word, then the font
shrinks (12 → 11 → 10 → 9 pt). So no number, date or word is ever broken inside a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.docx import measure
from reportgen.documents.model import AppendixTable, TableCell

CELL_MARGIN_MM = 1.2        # left and right cell margins of appendix tables (each)
SAFETY_MM = 1.0             # measured text vs LibreOffice's layout: spare room per cell
LABEL_MIN_MM = 45.0         # the indicator names wrap, but not into a sliver
SUB_INDENT_MM = {"sub": 3.0, "subsub": 6.0}
NUMBER = re.compile(r"^[+\-−]?\s*[\d.,  ]*\d[\d.,  ]*\s*%?‰?$")
RATIO = re.compile(r"^\d[\d.,]*/\d[\d.,]*$")
SIZES = (12.0, 11.0, 10.0, 9.0)


@dataclass
class Plan:
    widths_mm: list[float]
    size_pt: float


def label_column(appendix: AppendixTable, ncols: int) -> int:
    """The column holding the names: the left-aligned column with the largest hinted width
    (the first on a tie), else column 1."""
    best, best_width = None, -1.0
    hints = appendix.col_widths_mm
    for i, align in enumerate(appendix.col_align[:ncols]):
        if align == "left":
            width = float(hints[i]) if i < len(hints) and hints[i] else 0.0
            if width > best_width:
                best, best_width = i, width
    if best is not None:
        return best
    return 1 if ncols > 1 else 0


def first_size(ncols: int) -> float:
    return 12.0 if ncols <= 8 else 11.0


def _cell(value) -> tuple[str, int, bool, bool]:
    if isinstance(value, TableCell):
        return value.text, max(1, value.colspan), value.bold, value.italic
    return ("" if value is None else str(value)), 1, False, False


def _is_number_column(texts: list[str]) -> bool:
    """Every filled cell a number, a percentage or a ratio ("92/112"): held on one line."""
    filled = [t.strip() for t in texts if t.strip()]
    return bool(filled) and all(NUMBER.match(t) or RATIO.match(t) for t in filled)


def _measure(appendix: AppendixTable, ncols: int, label: int, size: float, header_spans):
    """Per column in mm: widest unbreakable piece, widest one-line body cell, widest one-line
    header cell; the body texts; the spanned header cells' longest words."""
    pad = 2 * CELL_MARGIN_MM + SAFETY_MM
    mm_per_em = size / measure.PT_PER_MM
    need = [pad] * ncols
    full = [pad] * ncols
    head = [pad] * ncols
    texts: list[list[str]] = [[] for _ in range(ncols)]
    for spec in appendix.rows:
        style = spec.get("style", "item") or "item"
        c = 0
        for value in spec.get("cells", []):
            if c >= ncols:
                break
            text, span, bold, italic = _cell(value)
            bold, italic = bold or style == "group", italic or style in ("sub", "subsub")
            if span == 1 and text:
                indent = SUB_INDENT_MM.get(style, 0.0) if c == label else 0.0
                for line in text.split("\n") if "\n" in text else (text,):
                    word, whole = measure.text_ems(line, bold, italic)
                    need[c] = max(need[c], word * mm_per_em + pad + indent)
                    full[c] = max(full[c], whole * mm_per_em + pad + indent)
                texts[c].append(text)
            c += span
    if appendix.number_row:
        for c in range(ncols):
            need[c] = max(need[c], measure.width_mm(f"({c + 1})", size, italic=True) + pad)
    spanned = []
    for text, col, span, bold, italic in header_spans:
        words = measure.longest_word_mm(text, size, bold, italic) + pad
        if span == 1 and col < ncols:
            need[col] = max(need[col], words)
            head[col] = max(head[col], measure.width_mm(text.strip(), size, bold, italic) + pad)
        elif col < ncols:
            spanned.append((col, min(span, ncols - col), words))
    return need, full, head, texts, spanned


def plan_widths(appendix: AppendixTable, ncols: int, total_mm: float, header_spans) -> Plan:
    """Column widths (mm, summing to `total_mm`) and the font size of an appendix table.

    header_spans: [(text, column, span, bold, italic)] of the header cells."""
    label = label_column(appendix, ncols)
    given = list(appendix.col_widths_mm[:ncols]) + [0.0] * ncols
    hints = [float(w) if w and float(w) > 0 else 16.0 for w in given[:ncols]]
    sizes = [s for s in SIZES if s <= first_size(ncols)]
    for size in sizes:
        need, full, head, texts, spanned = _measure(appendix, ncols, label, size, header_spans)
        numeric = [c != label and _is_number_column(texts[c]) for c in range(ncols)]
        widths = [max(need[c], full[c]) if numeric[c] else need[c] for c in range(ncols)]
        for col, span, words in spanned:  # a spanned header's longest word over its columns
            have = sum(widths[col:col + span])
            if have < words:
                for c in range(col, col + span):
                    widths[c] += (words - have) / span
        label_need = max(need[label], LABEL_MIN_MM) if ncols > 1 else need[label]
        widths[label] = max(widths[label], label_need)
        leftover = total_mm - sum(widths)
        if leftover < 0 and size != sizes[-1]:
            continue
        # Headers on fewer lines: a number column up to its header's one-line width, a text
        # column up to its longest line or half its header; at most the hinted width, as far as
        # the label keeps its own minimum.
        wish = [0.0 if c == label else max(0.0, min(hints[c], head[c] if numeric[c] else
                                                      max(full[c], head[c] / 2)) - widths[c])
                for c in range(ncols)]
        if leftover > 0 and sum(wish) > 0:
            part = min(1.0, leftover / sum(wish))
            for c in range(ncols):
                widths[c] += wish[c] * part
            leftover = total_mm - sum(widths)
        # The rest goes to the label and the other text columns by their hinted widths, a text
        # column never beyond its longest line; what they cannot take goes to the label.
        flexible = {c for c in range(ncols) if not numeric[c] and (c == label or full[c] > widths[c])}
        weights = [h * (1.5 if c == label else 1.0) for c, h in enumerate(hints)]
        while leftover > 1e-6 and flexible:
            weight = sum(weights[c] for c in flexible)
            given_out = 0.0
            for c in sorted(flexible):
                share = leftover * weights[c] / weight
                if c != label:
                    share = min(share, full[c] - widths[c])
                widths[c] += share
                given_out += share
            leftover -= given_out
            flexible = {c for c in flexible if c == label or full[c] - widths[c] > 1e-6}
            if given_out <= 1e-9:
                break
        if leftover > 0:
            widths[label] += leftover
        if leftover >= 0:
            return Plan(widths, size)
        # Even at the smallest size the columns do not fit: scale them all (words may break).
        scale = total_mm / sum(widths)
        return Plan([w * scale for w in widths], size)
    raise AssertionError("unreachable")
