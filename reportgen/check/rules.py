"""Consistency checks: every problem of a dataset at once, each at its cell."""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.read.sheets import INFO_FIELDS, INFO_SHEET, NARRATIVE_SHEET
from reportgen.core.numbers import fmt_number

_CHECK_ROLES = (m.PREVIOUS, m.CURRENT, m.PLAN)
_REQUIRED_INFO = ("unit_name", "issuer", "place", "signer", "position")


def check_dataset(ds: m.Dataset, catalog: Catalog, *, narrative_sections=()) -> list[Finding]:
    """Reader findings, catalog rules, conflicting copies, empty narrative sections, missing details."""
    findings = list(ds.problems)
    for rule in catalog.rules:
        for role in _CHECK_ROLES:
            f = _apply(rule, ds, catalog, role)
            if f:
                findings.append(f)
    findings.extend(_conflicts(ds, catalog))
    findings.extend(_missing_info(ds))
    findings.extend(_empty_sections(ds, narrative_sections))
    return findings


def _num(ds: m.Dataset, iid: str, role: str):
    v = ds.value(iid, role)
    if v is None or not isinstance(v.value, (int, float)) or isinstance(v.value, bool):
        return None, v
    return float(v.value), v


def _where(ds: m.Dataset, v: m.Value | None) -> dict:
    if v is None or v.source is None:
        return {"file": ds.file}
    return {"file": v.source.file, "sheet": v.source.sheet, "cell": v.source.cell}


def _name(catalog: Catalog, iid: str) -> str:
    ind = catalog.indicators[iid]
    text = ind.short or ind.name
    return text[:1].upper() + text[1:]


def _apply(rule: m.Rule, ds: m.Dataset, catalog: Catalog, role: str) -> Finding | None:
    if rule.type in ("parts_le_whole", "parts_eq_whole", "le"):
        whole, wv = _num(ds, rule.whole, role)
        parts = [_num(ds, p, role) for p in rule.parts]
        known = [(p, v) for p, v in zip(rule.parts, parts) if v[0] is not None]
        if whole is None or not known:
            return None
        total = sum(v[0] for _, v in known)
        names = " + ".join(_name(catalog, p) for p, _ in known)
        figures = " + ".join(fmt_number(v[0]) for _, v in known)
        if len(known) == 1:
            names, figures = _name(catalog, known[0][0]), fmt_number(known[0][1][0])
        label = f"{names} ({figures})" if len(known) > 1 else f"{names} ({figures})"
        if rule.type == "parts_eq_whole" and len(known) == len(rule.parts) and abs(total - whole) > 1e-9:
            msg = rule.message or f"{label} khác {_name(catalog, rule.whole)} ({fmt_number(whole)})"
            return Finding(ERROR, msg, code=rule.type, **_where(ds, wv))
        if total > whole + 1e-9:
            msg = rule.message or f"{label} lớn hơn {_name(catalog, rule.whole)} ({fmt_number(whole)})"
            return Finding(ERROR, msg, code=rule.type, **_where(ds, known[0][1][1] if rule.type == "le" else wv))
        return None
    if rule.type == "rate":
        rate, rv = _num(ds, rule.rate, role)
        num, _ = _num(ds, rule.numerator, role)
        den, _ = _num(ds, rule.denominator, role)
        if rate is None or num is None or not den:
            return None
        expected = num / den * rule.scale
        if abs(expected - rate) > rule.tolerance:
            unit = "‰" if rule.scale == 1000 else "%"
            msg = rule.message or (
                f"{_name(catalog, rule.rate)} ghi {fmt_number(rate)}{unit} nhưng tính từ số liệu "
                f"({fmt_number(num)}/{fmt_number(den)}) là {fmt_number(round(expected, 2))}{unit}")
            return Finding(ERROR, msg, code="rate", **_where(ds, rv))
    return None


def _conflicts(ds: m.Dataset, catalog: Catalog) -> list[Finding]:
    """One indicator, one value: copies typed in several annexes must agree."""
    out = []
    for (iid, role), copies in ds.copies.items():
        filled = [c for c in copies if not c.blank]
        if len({_key(c.value) for c in filled}) > 1:
            first, other = filled[0], next(c for c in filled if _key(c.value) != _key(filled[0].value))
            out.append(Finding(
                ERROR, f"{_name(catalog, iid)} được nhập hai lần với hai giá trị khác nhau: "
                       f"{_show(first.value)} ở {first.source.ref if first.source else '?'} và "
                       f"{_show(other.value)} ở {other.source.ref if other.source else '?'}",
                code="conflict", **_where(ds, other)))
    return out


def _key(v):
    return (v.num, v.den) if isinstance(v, m.Ratio) else v


def _show(v) -> str:
    if isinstance(v, bool):
        return "Có" if v else "Không"
    if isinstance(v, m.Ratio):
        return f"{fmt_number(v.num)}/{fmt_number(v.den)}" if v.den else fmt_number(v.num)
    if isinstance(v, (int, float)):
        return fmt_number(v)
    return str(v)


def _missing_info(ds: m.Dataset) -> list[Finding]:
    labels = {k: label for k, label, _ in INFO_FIELDS}
    if not ds.info.fields:
        return []
    return [Finding(WARNING, f"chưa điền «{labels[k]}» ở trang Thông tin chung", ds.file, INFO_SHEET,
                    code="missing_info")
            for k in _REQUIRED_INFO if not ds.info.get(k)]


def _empty_sections(ds: m.Dataset, sections) -> list[Finding]:
    return [Finding(WARNING, f"mục «{heading}» chưa có nội dung; báo cáo sẽ để dòng «[Nội dung cần bổ sung…]»",
                    ds.file, NARRATIVE_SHEET, ds.narrative_cells.get(sid, ""), code="empty_section")
            for sid, heading in sections if not ds.narrative.get(sid)]
