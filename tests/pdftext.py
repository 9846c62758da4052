"""What LibreOffice printed, read back from the PDF (poppler's pdftotext), for layout tests.

    broken_tokens(docx, pdf)   table-cell tokens the PDF does not hold whole as often as the .docx
    page_texts(pdf)            the text of each page (-layout)

A token is a whitespace-separated piece of a cell's text; a line may legitimately break after
"-" or "/" before a letter ("GT-" / "VT", "Xã/" / "phường"), never inside a number or a date
("56.207.0" / "00", "09/01/20" / "25") nor inside a word ("Khôn" / "g").
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import docx
from docx.oxml.ns import qn

_SOFT_BREAK = re.compile(r"(?<=[-/])(?=[^\d\W])")


def tokens(text: str) -> list[str]:
    out = []
    for word in unicodedata.normalize("NFC", text).split():
        out += [t for t in _SOFT_BREAK.split(word) if t]
    return out


def _text(element) -> str:
    parts = []
    for el in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        parts.append(el.text or "" if el.tag == qn("w:t") else " ")
    return "".join(parts)


def docx_tokens(path: Path) -> tuple[list[str], Counter]:
    """(the text of every table cell of the body, every body paragraph's tokens counted)."""
    body = docx.Document(str(path)).element.body
    cells = [_text(tc) for tc in body.iter(qn("w:tc"))]
    counted: Counter = Counter()
    for p in body.iter(qn("w:p")):
        counted.update(tokens(_text(p)))
    return cells, counted


def pdf_tokens(pdf: Path) -> Counter:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    words = re.findall(r"<word [^>]*>(.*?)</word>", out)
    return Counter(t for w in words for t in tokens(html.unescape(w)))


def broken_cells(docx_path: Path, pdf: Path) -> list[tuple[str, str]]:
    """[(cell text, first token not printed whole)] of the table cells."""
    cells, counted = docx_tokens(docx_path)
    printed = pdf_tokens(pdf)
    out = []
    for cell in cells:
        for t in tokens(cell):
            if printed[t] < counted[t]:
                out.append((cell, t))
                break
    return out


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    return [unicodedata.normalize("NFC", p) for p in pages[:count]]
