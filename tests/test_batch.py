"""reportgen.batch: one document per unit workbook, in parallel; a bad unit never stops the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

import badfiles
from reportgen.batch import BatchResult, build_batch
from reportgen.cli import cli
from reportgen.core.errors import TemplateError, UsageError
from reportgen.read.safety import safe_filename


@pytest.fixture(scope="module")
def folder(tmp_path_factory, make_form, catalog) -> Path:
    """Two good units, the second one twice (another file), one corrupt file, one bad value."""
    count = next(i.id for i in catalog.indicators.values() if i.kind == "count" and i.annexes)
    d = tmp_path_factory.mktemp("nop")
    make_form(d, fill={count: 120}, name="a.xlsx", unit="xã Hòa Bình")
    make_form(d, fill={count: 80}, name="b.xlsx", unit="phường Đông Hải")
    shutil.copyfile(d / "b.xlsx", d / "c-ban-sao.xlsx")
    badfiles.truncated_zip(d)
    make_form(d, fill={count: "nhiều"}, name="sai.xlsx", unit="xã Gõ Sai")
    return d


@pytest.fixture(scope="module")
def batch(folder, tmp_path_factory) -> tuple[BatchResult, Path]:
    out = tmp_path_factory.mktemp("out")
    return build_batch("six-month", folder, out, jobs=2), out


def test_every_good_unit_is_built_and_named_after_its_unit(batch) -> None:
    result, out = batch
    built = {Path(i.source).name: Path(i.output).name for i in result.items if not i.error}
    assert built["a.xlsx"] == f"{safe_filename('xã Hòa Bình')}.docx" == "xa-hoa-binh.docx"
    assert built["b.xlsx"] == "phuong-dong-hai.docx"
    assert built["c-ban-sao.xlsx"] == "phuong-dong-hai-c-ban-sao.docx"
    for name in built.values():
        doc = Document(str(out / name))
        assert any(p.text.strip() for p in doc.paragraphs)
        assert (out / name).with_name(Path(name).stem + ".nguon.csv").exists()
    assert result.built == 3


def test_bad_units_are_listed_and_do_not_stop_the_others(batch, folder) -> None:
    result, _ = batch
    failed = {Path(i.source).name: i.error for i in result.failed}
    assert set(failed) == {p.name for p in folder.iterdir()} - {"a.xlsx", "b.xlsx", "c-ban-sao.xlsx"}
    assert "sai.xlsx" in failed and all(failed.values())
    assert result.exit_code == 1
    assert result.summary() == "Đã lập 3/5 văn bản; 2 tệp lỗi (xem danh sách ở trên)."
    assert [Path(i.source).name for i in result.items] == sorted(p.name for p in folder.iterdir())


def test_a_second_file_of_the_same_unit_is_warned(batch) -> None:
    result, _ = batch
    item = next(i for i in result.items if Path(i.source).name == "c-ban-sao.xlsx")
    assert any("b.xlsx" in w for w in item.warnings)


def test_broken_template_stops_before_any_unit(folder, tmp_path) -> None:
    bad = tmp_path / "mau.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(TemplateError):
        build_batch("six-month", folder, tmp_path / "out", template=bad, jobs=2)
    assert not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("kind, extra, code", [
    ("plan", [], 2),
    ("six-month", ["--data", "{a}"], 2),
])
def test_batch_misuse(folder, tmp_path, kind, extra, code) -> None:
    args = [a.format(a=folder / "a.xlsx") for a in extra]
    run = CliRunner().invoke(cli, ["build", kind, "--batch", str(folder), "-o", str(tmp_path / "o"), *args])
    assert run.exit_code == code, run.output
    assert "--batch" in run.stderr


def test_cli_batch_summary_and_exit_code(tmp_path, folder) -> None:
    small = tmp_path / "in"
    small.mkdir()
    shutil.copyfile(folder / "a.xlsx", small / "a.xlsx")
    badfiles.text_as_xlsx(small)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["build", "six-month", "--batch", str(small), "-o", str(out), "--jobs", "1"])
    assert run.exit_code == 1, run.output
    assert run.stderr.strip().splitlines()[-1] == "Đã lập 1/2 văn bản; 1 tệp lỗi (xem danh sách ở trên)."
    assert (out / "xa-hoa-binh.docx").exists()
    again = CliRunner().invoke(cli, ["build", "six-month", "--batch", str(small), "-o", str(out), "--jobs", "1"])
    assert "--force" in again.stdout and again.exit_code == 1


def test_usage_errors() -> None:
    with pytest.raises(UsageError):
        build_batch("plan", Path("."), Path("x"))
