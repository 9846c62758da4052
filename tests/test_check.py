"""reportgen.check and `reportgen check`: every problem at its cell, the right exit code."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import badfiles
from reportgen.core import model as m
from reportgen.core.catalog import load_catalog
from reportgen.check.rules import check_dataset
from reportgen.cli import cli
from reportgen.core.findings import ERROR, WARNING
from reportgen.forms.annex import visible_rows
from reportgen.read.workbook import read_workbook

VIETNAMESE = re.compile(r"[À-ỹ]")
NUMERIC = (m.COUNT, m.MONEY)


def _name(catalog, iid: str) -> str:
    text = catalog.indicator(iid).short or catalog.indicator(iid).name
    return text[:1].upper() + text[1:]


def _vi(n: float) -> str:
    """Vietnamese grouping written out by hand: 31957 -> 31.957, 2.5 -> 2,5."""
    whole, _, frac = f"{n:.2f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


def _in_form(catalog) -> set[str]:
    return {r.indicator for a in catalog.annexes if a.layout == "list"
            for r in visible_rows(a, catalog) if r.indicator}


def _members(rule: m.Rule) -> set[str]:
    return {x for x in (rule.whole, rule.rate, rule.numerator, rule.denominator, *rule.parts) if x}


def _fires(rule: m.Rule, filled: set[str]) -> bool:
    if rule.type == "rate":
        return {rule.rate, rule.numerator, rule.denominator} <= filled
    return rule.whole in filled and any(p in filled for p in rule.parts)


def _pick(catalog, rule_type: str) -> m.Rule:
    """The first rule of a type whose indicators are all in the form, numeric, and that no other rule shares."""
    visible = _in_form(catalog)
    for rule in catalog.rules:
        if rule.type != rule_type or not _members(rule) <= visible:
            continue
        kinds = {catalog.indicator(i).kind for i in _members(rule) - {rule.rate}}
        if not kinds <= set(NUMERIC):
            continue
        if rule.type == "rate" and catalog.indicator(rule.rate).kind not in m.RATE_KINDS:
            continue
        if any(o is not rule and _fires(o, _members(rule)) for o in catalog.rules):
            continue
        return rule
    pytest.skip(f"the catalog has no usable {rule_type} rule yet")


def _violation(catalog, rule: m.Rule):
    """(values to type, cell indicator, expected message) breaking exactly this rule."""
    if rule.type in ("parts_le_whole", "parts_eq_whole", "le"):
        parts = [16210, 15740, 1200, 800, 300, 100][:len(rule.parts)]
        total = sum(parts)
        whole = total + 7 if rule.type == "parts_eq_whole" else total - 1
        values = {rule.whole: whole, **dict(zip(rule.parts, parts))}
        names = " + ".join(_name(catalog, p) for p in rule.parts)
        figures = " + ".join(_vi(v) for v in parts)
        verb = "khác" if rule.type == "parts_eq_whole" else "lớn hơn"
        message = f"{names} ({figures}) {verb} {_name(catalog, rule.whole)} ({_vi(whole)})"
        at = rule.parts[0] if rule.type == "le" else rule.whole
        return values, at, message
    unit = "‰" if rule.scale == 1000 else "%"
    num, den = 2500, 10000
    expected = num / den * rule.scale
    typed = expected + 5
    message = (f"{_name(catalog, rule.rate)} ghi {_vi(typed)}{unit} nhưng tính từ số liệu "
               f"({_vi(num)}/{_vi(den)}) là {_vi(expected)}{unit}")
    return {rule.rate: typed, rule.numerator: num, rule.denominator: den}, rule.rate, message


def _errors(findings):
    return [f for f in findings if f.severity == ERROR]


@pytest.mark.parametrize("rule_type", ["parts_le_whole", "parts_eq_whole", "le", "rate"])
def test_rule_violation_at_the_right_cell(make_form, catalog, cell_of, tmp_path: Path, rule_type: str) -> None:
    rule = _pick(catalog, rule_type)
    values, at, message = _violation(catalog, rule)
    path = make_form(tmp_path, fill={(iid, "current"): v for iid, v in values.items()})
    ds = read_workbook(path, catalog)
    errors = _errors(check_dataset(ds, catalog))
    assert len(errors) == 1, [e.message for e in errors]
    err = errors[0]
    assert err.code == rule.type
    assert err.message == message
    assert f"{err.sheet}!{err.cell}" == cell_of(at)
    assert err.file == "bieu-mau.xlsx"

    result = CliRunner().invoke(cli, ["check", "--quiet", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path.name} {cell_of(at)}: Lỗi: {message}"]
    assert "1 lỗi" in result.stderr


@pytest.mark.parametrize("rule_type", ["parts_le_whole", "parts_eq_whole", "rate"])
def test_rule_satisfied_gives_no_error(make_form, catalog, tmp_path: Path, rule_type: str) -> None:
    rule = _pick(catalog, rule_type)
    values, _, _ = _violation(catalog, rule)
    if rule.type == "rate":
        values[rule.rate] = values[rule.numerator] / values[rule.denominator] * rule.scale + rule.tolerance / 2
    else:
        values[rule.whole] = sum(v for k, v in values.items() if k != rule.whole)
    ds = read_workbook(make_form(tmp_path, fill={(i, "current"): v for i, v in values.items()}), catalog)
    assert _errors(check_dataset(ds, catalog)) == []


def test_rules_apply_to_the_previous_period_too(make_form, catalog, cell_of, tmp_path: Path) -> None:
    rule = _pick(catalog, "parts_eq_whole")
    values, at, message = _violation(catalog, rule)
    ds = read_workbook(make_form(tmp_path, fill={(i, "previous"): v for i, v in values.items()}), catalog)
    errors = _errors(check_dataset(ds, catalog))
    assert [(e.message, f"{e.sheet}!{e.cell}") for e in errors] == [(message, cell_of(at, "previous"))]


def test_message_uses_vietnamese_number_format(catalog) -> None:
    assert _vi(31957) == "31.957" and _vi(1234.5) == "1.234,5" and _vi(2.5) == "2,5"


# --- one indicator, one value ------------------------------------------------------------------


def test_same_indicator_typed_differently_is_a_conflict(make_form, catalog, cell_of, tmp_path: Path) -> None:
    assert {"M01", "PL6"} <= set(catalog.indicator("tre_em_duoi_16").annexes)
    m01, pl6 = cell_of("tre_em_duoi_16", annex="M01"), cell_of("tre_em_duoi_16", annex="PL6")
    path = make_form(tmp_path, fill={m01: 16210, pl6: "16.201"})
    errors = _errors(check_dataset(read_workbook(path, catalog), catalog))
    assert len(errors) == 1
    err = errors[0]
    assert err.code == "conflict"
    assert f"{err.sheet}!{err.cell}" == pl6
    assert err.message == (f"{_name(catalog, 'tre_em_duoi_16')} được nhập hai lần với hai giá trị khác nhau: "
                           f"16.210 ở {m01} và 16.201 ở {pl6}")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"bieu-mau.xlsx {pl6}: Lỗi: " in result.stdout and m01 in result.stdout


def test_same_value_typed_two_ways_is_not_a_conflict(make_form, catalog, cell_of, tmp_path: Path) -> None:
    m01, pl6 = cell_of("tre_em_duoi_16", annex="M01"), cell_of("tre_em_duoi_16", annex="PL6")
    ds = read_workbook(make_form(tmp_path, fill={m01: 13758, pl6: "13.758"}), catalog)
    assert _errors(check_dataset(ds, catalog)) == []
    assert ds.get("tre_em_duoi_16") == 13758
    assert ds.value("tre_em_duoi_16").source.ref == m01  # the first copy, in print order


def test_one_copy_blank_is_not_a_conflict(make_form, catalog, cell_of, tmp_path: Path) -> None:
    pl6 = cell_of("tre_em_duoi_16", annex="PL6")
    ds = read_workbook(make_form(tmp_path, fill={pl6: 16210}), catalog)
    assert _errors(check_dataset(ds, catalog)) == []
    assert ds.get("tre_em_duoi_16") == 16210 and ds.value("tre_em_duoi_16").source.ref == pl6


# --- bad values in number cells --------------------------------------------------------------


@pytest.mark.parametrize("typed, needle", [
    ("khoảng 200", "«khoảng 200» không phải là số"),
    ("N/A", "«N/A» không phải là số"),
    (-5, "số âm (-5)"),
    ("-5", "số âm (-5)"),
    ("200 người", "không phải là số"),
])
def test_bad_number_is_an_error_at_its_cell(make_form, cell_of, tmp_path: Path, typed, needle: str) -> None:
    cell = cell_of("tre_em_duoi_6")
    path = make_form(tmp_path, fill={"tre_em_duoi_6": typed, "tre_em_duoi_16": 16210})
    result = CliRunner().invoke(cli, ["check", "--quiet", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"bieu-mau.xlsx {cell}: Lỗi: ")
    assert needle in lines[0]
    assert "Traceback" not in result.output


def test_every_bad_cell_listed_at_once(make_form, cell_of, tmp_path: Path) -> None:
    bad = {"tre_em_duoi_16": "khoảng 200", "tre_em_duoi_6": "N/A", "tre_em_duoi_6_bhyt": -5}
    path = make_form(tmp_path, fill=bad)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    cells = re.findall(r"^bieu-mau\.xlsx (\S+): Lỗi: ", result.stdout, re.M)
    assert sorted(cells) == sorted(cell_of(i) for i in bad)
    assert "3 lỗi" in result.stderr


# --- clean forms --------------------------------------------------------------------------------


def test_clean_form_exits_0_with_warnings_allowed(make_form, tmp_path: Path) -> None:
    path = make_form(tmp_path, fill={"tre_em_duoi_16": 16210, "tre_em_duoi_6": "5.000", "ty_le_tre_em_duoi_16": "25,5%"})
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "Lỗi:" not in result.stdout
    warnings = [ln for ln in result.stdout.splitlines() if ": Cảnh báo: " in ln]
    assert warnings, "the unit form leaves Thông tin chung and Nội dung to fill: warnings expected"
    summary = result.stderr.strip()
    import re
    more = [int(m.group(1).replace(".", "")) for ln in warnings if (m := re.search(r"và ([\d.]+) cảnh báo khác", ln))]
    assert len(warnings) - len(more) <= 20  # capped per file (api.WARNINGS_PER_FILE), then a count
    assert summary == f"Đã kiểm tra 1 tệp: 0 lỗi, {len(warnings) - len(more) + sum(more)} cảnh báo."
    quiet = CliRunner().invoke(cli, ["check", "-q", str(path)])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_missing_info_warnings_name_the_field(make_form, catalog, tmp_path: Path) -> None:
    path = make_form(tmp_path, info={"issuer": "SỞ Y TẾ", "place": "Sơn Hà", "position": "PHÓ GIÁM ĐỐC"})
    findings = check_dataset(read_workbook(path, catalog), catalog)
    missing = [f for f in findings if f.code == "missing_info"]
    assert [f.message for f in missing] == ["chưa điền «Người ký» ở trang Thông tin chung"]
    assert missing[0].severity == WARNING and missing[0].sheet == "Thông tin chung"


# --- unreadable inputs --------------------------------------------------------------------------


def _sheet_deleted(folder: Path, make_form) -> Path:
    path = make_form(folder, name="thieu-trang.xlsx", edit=lambda wb: wb.remove(wb["M02-TE"]))
    return path


UNREADABLE = {
    "text-named-xlsx": lambda folder, _: badfiles.text_as_xlsx(folder),
    "empty-file": lambda folder, _: badfiles.empty_file(folder),
    "docx-renamed": lambda folder, _: badfiles.docx_renamed(folder),
    "sheet-missing": _sheet_deleted,
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
@pytest.mark.parametrize("command", ["check", "extract"])
def test_unreadable_file_one_vietnamese_line_exit_2(make_form, tmp_path: Path, kind: str, command: str) -> None:
    path = UNREADABLE[kind](tmp_path, make_form)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    text = result.stdout if command == "check" else result.stderr
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    line = lines[0]
    assert str(path) in line or path.name in line
    assert "Lỗi: " in line
    assert VIETNAMESE.search(line.split("Lỗi: ", 1)[1])
    if kind == "sheet-missing":
        assert "«M02-TE»" in line
    if command == "check":
        assert "1 tệp không đọc được" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # inputs are never written


# --- folders ------------------------------------------------------------------------------------


def test_folder_checks_every_xlsx_inside(make_form, cell_of, tmp_path: Path) -> None:
    folder = tmp_path / "cac-don-vi"
    make_form(folder, name="xa-a.xlsx", fill={"tre_em_duoi_16": 16210})
    make_form(folder, name="xa-b.xlsx", fill={"tre_em_duoi_16": "khoảng 200"})
    make_form(folder / "dot-2", name="xa-c.xlsx", fill={"tre_em_duoi_6": -1})
    (folder / "~$xa-a.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    (folder / "ghi-chu.txt").write_text("không phải bảng tính", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--quiet", str(folder)])
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == sorted([
        f"xa-b.xlsx {cell_of('tre_em_duoi_16')}: Lỗi: {_name_line('tre_em_duoi_16')}: «khoảng 200» không phải là số; "
        "hãy chỉ nhập chữ số (ví dụ 13758 hoặc 0,86)",
        f"xa-c.xlsx {cell_of('tre_em_duoi_6')}: Lỗi: {_name_line('tre_em_duoi_6')}: số âm (-1) không hợp lệ; "
        "số liệu phải lớn hơn hoặc bằng 0",
    ])
    assert result.stderr.startswith("Đã kiểm tra 3 tệp: 2 lỗi")


def _name_line(iid: str) -> str:
    return load_catalog().indicator(iid).name[:60]


def test_folder_and_file_together(make_form, tmp_path: Path) -> None:
    good = make_form(tmp_path / "a", name="tot.xlsx", fill={"tre_em_duoi_16": 100})
    badfiles.empty_file(tmp_path / "a")
    other = make_form(tmp_path, name="rieng.xlsx")
    result = CliRunner().invoke(cli, ["check", "-q", str(tmp_path / "a"), str(other)])
    assert result.exit_code == 2  # one unreadable file makes the run exit 2, the others still checked
    assert result.stderr.startswith("Đã kiểm tra 3 tệp: 0 lỗi")
    assert "1 tệp không đọc được" in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / 'a' / 'rong.xlsx'}: Lỗi: ")
    assert good.exists()


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "trong"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(folder) in lines[0] and ".xlsx" in lines[0] and VIETNAMESE.search(lines[0])
