"""The one text normaliser: what people type (composed or decomposed accents, non-breaking spaces,
any case) into one form to store, compare or match."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_MARKERS = re.compile(r"^(?:[-+*•–]\s*|trong đó\s*:?\s*)+")
_NONWORD = re.compile(r"[^\w%‰/]+")


def nfc(text) -> str:
    """Composed Unicode (NFC): "ệ" typed as e + two accents becomes one letter."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def squash(text) -> str:
    """NFC, every run of spaces (non-breaking ones too, and line breaks) one space, no space at the ends."""
    # perf: the reader calls this for every text cell; nfc inlined
    return _SPACES.sub(" ", unicodedata.normalize("NFC", "" if text is None else str(text))).strip()


def fold(text) -> str:
    """`squash` in one case: two spellings of a name that differ only in case or spacing compare equal."""
    return squash(text).casefold()


@lru_cache(maxsize=1 << 16, typed=True)  # perf: the same labels recur in every workbook
def norm(text) -> str:
    """A label as a key for matching headers and row names: NFC, lower case, no list markers ("-", "+",
    "Trong đó:"), punctuation as spaces, single spaces ("thôn/ xóm" = "thôn/xóm")."""
    t = unicodedata.normalize("NFC", str(text or "")).lower().replace("<i>", "").replace("</i>", "")
    t = _MARKERS.sub("", t.strip())
    t = _NONWORD.sub(" ", t)
    return " ".join(t.split()).replace(" /", "/").replace("/ ", "/")
