"""End to end: every bad input of tests/badfiles.py through `reportgen check` and `extract`.

The corpus is built and run once per module (scripts/make_bad_inputs_doc.py does the
running, so docs/bad-inputs.md shows exactly what these tests see). Each case then checks
the exit code, one Vietnamese line naming the file (and sheet and cell where there is one),
no traceback, a time bound, and that the input file was not written.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import badfiles
from reportgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
VIETNAMESE = re.compile(r"[À-ỹ]")
TIME_LIMIT = 30.0  # seconds per command; generous (a loaded 2-core machine), a guard against hangs and blow-ups


def _load_doc_script():
    spec = importlib.util.spec_from_file_location("make_bad_inputs_doc",
                                                  ROOT / "scripts" / "make_bad_inputs_doc.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


doc = _load_doc_script()

# key -> (check exit, extract exit, piece of the message, location the message names)
# location: "sheet" means the first annex sheet, "cell" its first spoiled cell as SHEET!CELL.
NOT_A_FORM = "không nhận ra phụ lục nào"
EXPECT: dict[str, tuple[int, int, str, str]] = {
    b.key: (2, 2, b.needle, "") for b in badfiles.CORPUS if b.exit_code
}
EXPECT.update({
    "missing": (2, 2, "không tìm thấy tệp", ""),  # the library answers in one line
    "folder": (2, 2, "", ""),  # `check`: a folder without .xlsx is misuse; `extract`: not a file
    "external_link": (2, 2, NOT_A_FORM, ""),  # accepted by safety, but not one of our forms
    "million_rows": (2, 2, NOT_A_FORM, ""),
    "form_filled": (0, 0, "", ""),
    "form_sheet_deleted": (2, 2, "thiếu trang tính", "sheet"),
    "form_sheet_renamed": (0, 0, "đọc theo nội dung", ""),  # recognised by its content (ids in column A)
    "form_header_changed": (2, 2, "không tìm thấy cột", "sheet"),
    "form_text_in_numbers": (1, 1, "«khoảng 200» không phải là số", "cell"),
    "form_negative": (1, 1, "số âm (-5)", "cell"),
    "form_error_values": (1, 1, "#DIV/0!", "cell"),
    "form_external_formula": (0, 0, "liên kết tới tệp ngoài", ""),
    "form_tricky_unit": (0, 0, "", ""),
})
# `check` takes folders: one named *.xlsx holding no workbook yields only the summary line.
CHECK_SUMMARY_ONLY: dict[str, str] = {}
# key -> why it fails today; marks the case xfail(strict) until fixed.
KNOWN_BUGS: dict[str, str] = {}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("bad-inputs")
    return {o.key: o for o in doc.collect(folder)}


def test_every_case_has_an_expectation() -> None:
    keys = [b.key for b in badfiles.CORPUS] + [c.key for c in badfiles.FORM_CASES]
    assert sorted(keys) == sorted(EXPECT)


def _blank_form(outcome) -> Path:
    """The generated form the spoiled copies were made from (see make_bad_inputs_doc.cases)."""
    return outcome.path.parent.parent / "bieu-mau.xlsx"


def _where(outcome, kind: str) -> str:
    if not kind:
        return ""
    if kind == "sheet":  # as in the form before it was spoiled
        return badfiles.annex_sheets(_blank_form(outcome))[0]
    sheet, cell = badfiles.value_cells(outcome.path, limit=1)[0]
    return f"{sheet}!{cell}"


def _params():
    out = []
    for key in EXPECT:
        for command in ("check", "extract"):
            marks = [pytest.mark.xfail(reason=KNOWN_BUGS[key], strict=True)] if key in KNOWN_BUGS else []
            out.append(pytest.param(key, command, marks=marks, id=f"{key}-{command}"))
    return out


@pytest.mark.parametrize("key, command", _params())
def test_answer(key: str, command: str, outcomes) -> None:
    o = outcomes[key]
    check_exit, extract_exit, needle, where_kind = EXPECT[key]
    expected = check_exit if command == "check" else extract_exit
    answer = getattr(o, command)
    shown = answer.stdout + answer.stderr
    assert answer.exit_code == expected, shown
    assert answer.exception is None, repr(answer.exception)
    assert "Traceback" not in shown
    assert answer.seconds < TIME_LIMIT
    assert o.sha_after == o.sha_before  # inputs are never written
    where = _where(o, where_kind)

    if command == "extract":
        if expected == 0:
            json.loads(answer.stdout)
            return
        error_lines = [line for line in answer.stderr.splitlines() if line.startswith("Lỗi:")]
        assert len(error_lines) == 1, answer.stderr
        line = error_lines[0]
    else:
        lines = o.lines()
        summary = answer.stderr.strip().splitlines()[-1]
        if key == "folder":  # misuse: one "Lỗi:" line, no summary
            assert summary.startswith("Lỗi:") and "không có tệp .xlsx" in summary, shown
            return
        assert summary.startswith("Đã kiểm tra"), summary
        if key in CHECK_SUMMARY_ONLY:
            assert summary.startswith(CHECK_SUMMARY_ONLY[key]) and not lines, shown
            return
        if expected == 0:
            assert not [x for x in lines if "Lỗi:" in x], lines
            if needle:
                assert any(needle in x and "Cảnh báo:" in x for x in lines), lines
            return
        assert lines, shown
        line = lines[0]
    assert o.file in line, line
    assert needle in line, line
    assert where in line, line
    assert VIETNAMESE.search(line), line


def test_external_formula_uses_cached_value(outcomes) -> None:
    o = outcomes["form_external_formula"]
    sheet, cell = badfiles.value_cells(o.path, limit=1)[0]
    data = json.loads(o.extract.stdout)
    found = [v for ind in data["indicators"] for v in ind["values"].values()
             if v["source"] == f"{sheet}!{cell}"]
    assert found and found[0]["value"] == 640


def test_tricky_unit_name_comes_out_literally(outcomes) -> None:
    data = json.loads(outcomes["form_tricky_unit"].extract.stdout)
    assert data["unit"] == badfiles.TRICKY_TEXT
    assert data["info"]["unit_name"] == badfiles.TRICKY_TEXT


def test_missing_file_names_the_file(outcomes) -> None:
    o = outcomes["missing"]
    errors = [x for x in o.check.stdout.splitlines() if "Lỗi:" in x]
    assert len(errors) == 1 and o.file in errors[0] and VIETNAMESE.search(errors[0])


# --- a folder of good and bad files -------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_folder_lists_every_bad_file_and_checks_the_good(tmp_path: Path, outcomes) -> None:
    form = _blank_form(outcomes["form_filled"])
    folder = tmp_path / "nop"
    (folder / "xa").mkdir(parents=True)
    good = badfiles.form_filled(form, folder)
    wrong = badfiles.form_negative(form, folder / "xa")
    bad = [badfiles.empty_file(folder), badfiles.docx_renamed(folder),
           badfiles.text_as_xlsx(folder / "xa"), badfiles.billion_laughs(folder),
           badfiles.truncated_zip(folder)]
    (folder / "~$dien-dung.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file: skipped
    before = {p: _sha(p) for p in folder.rglob("*") if p.is_file()}

    start = time.monotonic()
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert time.monotonic() - start < 3 * TIME_LIMIT

    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for path in bad:
        mine = [x for x in lines if path.name in x]
        assert len(mine) == 1 and "Lỗi:" in mine[0], (path.name, lines)
    sheet, cell = badfiles.value_cells(wrong, limit=1)[0]
    assert any(wrong.name in x and f"{sheet}!{cell}" in x and "số âm" in x for x in lines), lines
    assert not [x for x in lines if good.name in x and "Lỗi:" in x]
    assert not [x for x in lines if "~$" in x]
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"Đã kiểm tra {len(bad) + 2} tệp") and "5 tệp không đọc được" in summary
    after = {p: _sha(p) for p in folder.rglob("*") if p.is_file()}
    assert after == before  # nothing written, nothing left behind


# --- whole runs in a subprocess: issue 14's classes ------------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("runs")
    return {o.key: o for o in doc.collect_runs(folder)}


@pytest.mark.parametrize("key", [c.key for c in badfiles.RUN_CASES])
def test_run(key: str, runs) -> None:
    o = runs[key]
    run = o.run
    shown = o.stdout + o.stderr
    assert "Traceback" not in shown and "Exception ignored" not in shown, shown
    if run.special == "close_pipe":  # ends quietly: no "BrokenPipeError", no "Exception ignored"
        assert "BrokenPipe" not in o.stderr and "Lỗi" not in o.stderr, o.stderr
        assert o.exit_code in (0, 1), o.exit_code
    else:
        assert o.exit_code == run.exit_code, shown
        assert run.needle in shown, shown
        if run.exit_code in (1, 2) and run.special != "interrupt":
            lines = [x for x in shown.splitlines() if "Lỗi" in x]
            assert lines and all(VIETNAMESE.search(x) for x in lines), shown
    assert o.seconds < badfiles.MAX_SECONDS, o.seconds
    assert 0 < o.peak_rss_mb < badfiles.MAX_RSS_MB, o.peak_rss_mb
    assert o.unchanged, "an input was written"
    assert o.stray == [], o.stray
    if run.special == "interrupt":  # no partial or hidden temporary file left behind
        out = o.folder / "van-ban"
        left = [p.name for p in out.iterdir()] if out.is_dir() else []
        assert not [n for n in left if n.startswith(".")], left
    if run.check is not None:
        run.check(o.folder, o.stdout, o.stderr)


# --- docs/bad-inputs.md -------------------------------------------------------------------

def test_doc_is_up_to_date(outcomes, runs) -> None:
    page = doc.render(list(outcomes.values())) + doc.render_runs(list(runs.values()))
    current = doc.DOC.read_text(encoding="utf-8") if doc.DOC.exists() else ""
    assert current == page, "docs/bad-inputs.md đã cũ; chạy: python scripts/make_bad_inputs_doc.py"
