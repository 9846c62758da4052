"""The People's Committee's report to the People's Council (HĐND) on children's rights.

Article 90(3) of the Law on Children: every year the People's Committee reports to the
People's Council of its level on the realisation of children's rights and the children's
issues it resolved, including the prevention of child abuse. The report is built from the
same annual annex workbook as the annual report: the figures and sentences come from
`reportgen.reports.SectionWriter`, the officer's text from the "Nội dung" sheet (keyed by the
six-month/annual outline's section ids, mapped with `from:` in templates/outline/bao-cao-hdnd.yaml),
and the issuer, signature and recipients from that outline's header.
"""

from __future__ import annotations

import re

from reportgen.core import model as m
from reportgen.words.select import Rules
from reportgen.documents.appendix import build_appendices
from reportgen.core.catalog import Catalog
from reportgen.documents.model import DocInfo, Document, Paragraph
from reportgen.documents.outline import Outline, OutlineSection, fill, period_vars
from reportgen.core.text import fold
from reportgen.documents.reports import (  # noqa: F401 (unit_level: used by tests and plan)
    Built, SectionWriter, appendix_numbers, attached_line, doc_info, template_helpers, unit_level, walk_outline)

_COMMITTEE_PREFIXES = ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")


def _lower(text: str) -> str:
    return fold(text)


def is_committee(info: m.UnitInfo) -> bool:
    """The workbook's own issuer is a People's Committee (not a department such as Sở Y tế)."""
    return _lower(info.get("issuer")).startswith(_COMMITTEE_PREFIXES)


class CouncilWriter(SectionWriter):
    """SectionWriter whose officer text comes from the annual outline's sections (`from:`)."""

    def __init__(self, ds: m.Dataset, catalog: Catalog, level: str | None, rules: Rules | None = None,
                 appendix_of: dict[str, str] | None = None):
        super().__init__(ds, catalog, ds.period, rules, level, appendix_of)
        self.level = level

    def theme_ids(self, themes) -> list[str]:
        """Indicators of the themes in the order the outline lists the themes."""
        out: list[str] = []
        for theme in themes or []:
            out += [i for i in super().theme_ids([theme]) if i not in out]
        return out

    def source_ids(self, sec: OutlineSection) -> list[str]:
        wanted = list(sec.spec.get("from") or [])
        wanted += list((sec.spec.get("from_level") or {}).get(self.level, []) or [])
        ids: list[str] = []
        for sid in map(str, wanted):
            if sid.endswith("*"):
                prefix = sid[:-1]
                ids += [k for k in self.ds.narrative if k.startswith(prefix) and k not in ids]
            elif sid not in ids:
                ids.append(sid)
        return ids

    def narrative(self, sec: OutlineSection) -> list[Paragraph]:
        """The Committee's own row of the form first; the annual report's text (`from:`) only
        when the outline asks for it and the own row is empty."""
        own = super().narrative(sec)
        if own:
            return own
        paras: list[Paragraph] = []
        for sid in self.source_ids(sec):
            paras += super().narrative(OutlineSection(id=sid, heading="", level=sec.level))
        return paras


def _council(info: m.UnitInfo, meta: dict, unit: str) -> str:
    return info.get("council") or fill(meta.get("council", ""), {"unit": unit}).strip()


def _is_issuer(recipient: str, unit: str, level_word: str) -> bool:
    """"UBND tỉnh", "Ủy ban nhân dân tỉnh Sơn Hà (để b/c)": the issuing Committee itself, which a
    department's own recipients list names but the Committee's report does not send to."""
    text = _lower(recipient.split("(")[0]).strip(" ;.")
    for prefix in _COMMITTEE_PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix):].strip()
            return rest in ("", _lower(unit), level_word)
    return False


def council_info(info: m.UnitInfo, meta: dict, ds: m.Dataset, level_word: str = "") -> DocInfo:
    """Letterhead and signature of the People's Committee; the Council's bodies first in Nơi nhận."""
    base = doc_info(info, ds.period, "BC")
    own = is_committee(info)
    unit = info.get("unit_name") or ds.unit
    council = _council(info, meta, unit)
    short = council.replace(str(meta.get("council_short_from", "")), str(meta.get("council_short_to", "")), 1) \
        if meta.get("council_short_from") else council
    first = [fill(r, {"council": council, "council_short": short}) for r in meta.get("recipients_first", [])]
    own_list = base.recipients if own else [r for r in base.recipients if not _lower(r).startswith("lưu")]
    recipients = first + [r for r in own_list if r not in first and not _is_issuer(r, unit, level_word)]
    if not own:  # the department's archive line is not the Committee's
        recipients.append(str(meta.get("archive", "Lưu: VT")))
    # "KT." anywhere: the reader may have joined "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" into one line.
    deputy = re.search(r"(^|\s)KT\.", " ".join(base.authority).upper()) is not None
    authority = [str(a) for a in meta.get("authority_deputy" if deputy else "authority", [])]
    issuer = str(meta.get("issuer", ""))
    if unit and _lower(unit) not in _lower(issuer):
        issuer += "\n" + unit.upper()
    short_code = str(meta.get("issuer_short", ""))
    return DocInfo(parent_agency="", issuer=issuer, doc_code=f"BC-{short_code}" if short_code else "BC",
                   doc_number=base.doc_number if own else "", place=base.place,
                   date=base.date if own else None, signer=base.signer if own else "",
                   authority=authority, recipients=recipients, year=ds.period.year)


def build_hdnd(ds: m.Dataset, catalog: Catalog, outline: Outline) -> Built:
    """The report to the People's Council, from an annual (or six-month) annex dataset."""
    meta = outline.meta
    level = _level_key(ds, catalog)
    word = next((_lower(lv.name).removeprefix("cấp ").strip() for lv in catalog.levels if lv.key == level), "")
    info = council_info(ds.info, meta, ds, word)
    unit = ds.info.get("unit_name") or ds.unit
    own = is_committee(ds.info)
    variables = {**period_vars(ds.period), "unit": unit}
    issuer = ds.info.get("issuer_name") if own and ds.info.get("issuer_name") else \
        fill(meta.get("issuer_name", ""), variables).strip()
    council = _council(ds.info, meta, unit)
    basis = ds.info.get("basis") if own and ds.info.get("basis") else str(meta.get("basis", ""))
    variables.update(issuer_name=issuer, council=council,
                     basis=(basis.strip().rstrip(" ,;") + ", ") if basis.strip() else "")
    appendices = build_appendices(catalog, ds, ds.period, attached_line(info, "Báo cáo", issuer),
                                  meta.get("appendices"))  # only the summary appendices the outline lists
    writer = CouncilWriter(ds, catalog, level, Rules.from_meta(meta), appendix_numbers(catalog, appendices))
    sections = walk_outline(writer, outline)
    document = Document(
        kind="hdnd", title=str(meta.get("title", "BÁO CÁO")),
        subject=fill(meta.get("subject", ""), variables),
        recipient_line=fill(meta.get("recipient_line", ""), variables),
        intro=[Paragraph(fill(meta["intro"], variables))] if meta.get("intro") else [],
        sections=sections, closing=fill(meta.get("closing", ""), variables), info=info,
        appendices=appendices)
    return Built(document, writer.figures, template_helpers(writer, outline), self_requests(document, unit, word))


def self_requests(document: Document, unit: str, level_word: str) -> list[str]:
    """The Committee signs this report: a proposal to itself ("Đề nghị Ủy ban nhân dân tỉnh …"),
    copied from a department's text, is worth a warning; its proposals go to the Council."""
    names = [n for n in {_lower(f"ủy ban nhân dân {unit}"), _lower(f"ủy ban nhân dân {level_word}"),
                         _lower(f"ubnd {level_word}"), _lower(f"ubnd {unit}")} if n.split()[-1] not in ("dân", "ubnd")]
    out = []
    for sec in document.sections:
        for p in sec.paragraphs:
            text = _lower(p.text)
            if any(f"đề nghị {n}" in text for n in names):
                out.append(f"mục «{sec.heading}» có lời «Đề nghị Ủy ban nhân dân …» trong báo cáo do chính Ủy ban "
                           f"ký; kiến nghị gửi Hội đồng nhân dân")
                break
    return out


def _level_key(ds: m.Dataset, catalog: Catalog) -> str | None:
    return unit_level(m.UnitInfo({"unit_name": ds.unit, **ds.info.fields}), catalog)
