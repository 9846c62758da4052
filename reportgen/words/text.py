"""Small text helpers shared by the sentence engine: clean-up, capitals, and the words an
indicator brings to a sentence (its subject, its thing, its unit noun)."""

from __future__ import annotations

import re
import zlib

from reportgen.core.text import squash
from reportgen.core import model as m

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

_COUNT_PREFIX = re.compile(r"^(tổng số lượng|tổng số|số lượng|số)\s+", re.IGNORECASE)


def clean(text: str | None) -> str:
    return squash(text)


def pick(ind: m.Indicator, slot: str, options: tuple[str, ...]) -> str:
    """One of `options`, always the same for this indicator and slot (CRC-32 of the id)."""
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


def tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r",(\s*,)+", ",", text)
    return re.sub(r"[\s.,;:…!?]+$", "", text)


def finish(text: str | None) -> str | None:
    """One sentence: tidy spaces and commas, capital first letter, exactly one final "."."""
    text = tidy(text or "")
    return capitalize_first(text) + "." if text else None


def noun(ind: m.Indicator) -> str:
    """The unit in running text: `ind.noun`, else the lower-cased ĐVT ("Người" → "người")."""
    if ind.noun and ind.noun.strip():
        return clean(ind.noun)
    unit = clean(ind.unit)
    return UNIT_NOUNS.get(unit.lower(), lower_first(unit))


def subject(ind: m.Indicator) -> str:
    """The subject of the sentence: `ind.short`, else `ind.name`, first letter lowered."""
    return lower_first(clean(ind.short or ind.name or ind.id))


def thing(ind: m.Indicator) -> str:
    """The subject without "số"/"tổng số": "số trẻ em bị bạo lực" → "trẻ em bị bạo lực"."""
    subj = subject(ind)
    stripped = _COUNT_PREFIX.sub("", subj, count=1)
    return stripped or subj


def common_words(texts: list[list[str]], reverse: bool = False) -> int:
    """How many leading (or trailing) words all `texts` share."""
    n = 0
    for words in zip(*[(t[::-1] if reverse else t) for t in texts]):
        if len(set(words)) != 1:
            break
        n += 1
    return n
