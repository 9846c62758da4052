"""The YAML files users edit are checked against their schemas: a mistake is one Vietnamese line naming
the file, the key path and the allowed values, exit 2 (never a KeyError or a traceback)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.core import schemas
from reportgen.core.errors import CatalogError, TemplateError
from reportgen.core.paths import data_dir, outline_dir
from reportgen.core.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A copy of the files users edit (catalog, levels, outlines), used through REPORTGEN_CONFIG."""
    home = tmp_path / "home"
    shutil.copytree(data_dir() / "catalog", home / "data" / "catalog")
    shutil.copy(data_dir() / "levels.yaml", home / "data" / "levels.yaml")
    shutil.copytree(outline_dir(), home / "templates" / "outline")
    monkeypatch.setenv("REPORTGEN_CONFIG", str(home))
    monkeypatch.delenv("REPORTGEN_CATALOG", raising=False)
    return home


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ALL_KINDS = "count, money, percent, permille, yesno, ratio, text"

# (file under the copied home, text replaced, replacement, the whole message as a regex)
BROKEN = [
    ("data/catalog/m01.yaml", "    good: up\n", "    good: dwon\n",
     r"m01\.yaml: rows\[\d+\]\.good: giá trị «dwon» không hợp lệ \(cho phép: up, down, none\)"),
    ("data/catalog/pl3.yaml", "    kind: count\n", "    kind: cout\n",
     rf"pl3\.yaml: indicators\[0\]\.kind: giá trị «cout» không hợp lệ \(cho phép: {ALL_KINDS}\)"),
    ("data/catalog/pl3.yaml", "kind: count, total: pl3_so_lop", "kind: number, total: pl3_so_lop",
     r"pl3\.yaml: record_fields\[2\]\.kind: giá trị «number» không hợp lệ \(cho phép: text, count, money\)"),
    ("data/catalog/m01.yaml", "sheet: M01-TE\n", "",
     r"m01\.yaml: thiếu khóa «sheet» \(tên trang tính của phụ lục\)"),
    ("data/catalog/m01.yaml", "    name: Số trẻ em dưới 6 tuổi\n", "",
     r"m01\.yaml: rows\[\d+\]: thiếu khóa «name» \(tên chỉ tiêu\)"),
    ("data/catalog/pl5.yaml", "  prefix: bo_may\n", "",
     r"pl5\.yaml: matrix: thiếu khóa «prefix»"),
    ("data/catalog/pl5.yaml", "      name: Số người làm công tác BVCSTE chuyên trách - Nam\n", "",
     r"pl5\.yaml: matrix\.columns\[0\]: thiếu khóa «name»"),
    ("data/catalog/m01.yaml", "    noun: em\n", "    nuon: em\n",
     r"m01\.yaml: rows\[\d+\]: khóa không hợp lệ «nuon» \(cho phép: tt, label, style, ref, group, agency, id, "
     r"name, unit, kind, good, aggregate, parent, numerator, denominator, noun, short, theme, level, yes_text, "
     r"no_text, target_down\)"),
    ("data/catalog/m01.yaml", "columns: [previous, current, note]", "columns: [previous, curent, note]",
     r"m01\.yaml: columns\[1\]\.role: giá trị «curent» không hợp lệ \(cho phép: previous, current, plan, "
     r"next_plan, assessment, note, agency, detail\)"),
    ("data/catalog/pl6.yaml", "\n    target_down: true\n", "\n    target_down: có\n",
     r"pl6\.yaml: rows\[\d+\]\.target_down: giá trị «có» không hợp lệ \(cho phép: true, false\)"),
    ("data/catalog/m01.yaml", "id: tre_em_duoi_16\n", "id: Tre_em_duoi_16\n",
     r"m01\.yaml: rows\[1\]\.id: mã «Tre_em_duoi_16» phải viết thường, không dấu"),
    ("data/catalog/m01.yaml", "order: 1\n", "order: một\n",
     r"m01\.yaml: order: cần một số, không phải «một»"),
    ("data/catalog/m01.yaml", "annex: M01", "annex: [M01",
     r"m01\.yaml: lỗi cú pháp YAML ở dòng \d+, cột \d+"),
    ("data/catalog/m01.yaml", "{type: parts_le_whole, whole: ", "{type: parts_le_whole, hole: ",
     r"m01\.yaml: rules\[0\]: khóa không hợp lệ «hole»"),
    ("data/catalog/pl7.yaml", "    rate: ty_le_tre_em_hcdb\n    numerator: tre_em_hcdb\n    denominator: tre_em_duoi_16\n",
     "    rate: ty_le_tre_em_hcdb\n    numerator: tre_em_hcdb\n",
     r"pl7\.yaml: rules\[\d+\]: quy tắc «rate» cần khóa «denominator»"),
    ("data/catalog/m01.yaml", "{type: parts_le_whole, whole: tre_em_duoi_16, ", "{type: parts_le_whole, ",
     r"m01\.yaml: rules\[0\]: quy tắc «parts_le_whole» cần khóa «whole»"),
    ("data/catalog/m01.yaml", "    short: tổng số trẻ em dưới 16 tuổi\n", "    short:\n",
     r"m01\.yaml: rows\[1\]\.short: chưa có giá trị"),
    ("data/catalog/m01.yaml", '  - tt: "1"\n    id: tre_em_duoi_16\n', "  - tt: 1.10\n    id: tre_em_duoi_16\n",
     r'm01\.yaml: rows\[1\]\.tt: số thứ tự phải đặt trong ngoặc kép, ví dụ tt: "1\.10" \(không có ngoặc kép, '
     r"YAML đọc thành số 1\.1\)"),
    ("data/catalog/m01.yaml", '{tt: "I", group: "Dân số trẻ em"}', '{tt: "I", group: "Dân số trẻ em", ref: tre_em_duoi_16}',
     r"m01\.yaml: rows\[0\]: một dòng chỉ có một trong «id», «ref», «group» \(dòng này có ref, group\)"),
    ("data/catalog/_catalog.yaml", "version: ", "versoin: ",
     r"_catalog\.yaml: khóa không hợp lệ «versoin» \(cho phép: version, themes\)"),
    ("data/levels.yaml", "    active: true\n    until:", "    active: maybe\n    until:",
     r"levels\.yaml: levels\[1\]\.active: giá trị «maybe» không hợp lệ \(cho phép: true, false\)"),
    ("data/levels.yaml", "    until: 2025-07-01", "    until: 2025-13-01",
     r"levels\.yaml: giá trị không hợp lệ \(month must be in 1\.\.12\); ngày viết dạng 2025-07-01"),
    ("data/levels.yaml", "  - key: tinh\n", "  - kee: tinh\n",
     r"levels\.yaml: levels\[0\]: thiếu khóa «key»"),
    ("templates/outline/bao-cao.yaml", ", compare_all: true}", ", compare_al: true}",
     r"bao-cao\.yaml: sections\[0\]\.children\[1\]\.children\[0\]: khóa không hợp lệ «compare_al» \(cho phép: id, heading, text, "),
    ("templates/outline/bao-cao.yaml", "kind: report", "kind: reprot",
     r"bao-cao\.yaml: kind: giá trị «reprot» không hợp lệ \(cho phép: report, hdnd, plan\)"),
    ("templates/outline/bao-cao.yaml", "            text: true\n", "            text: có\n",
     r"bao-cao\.yaml: sections\[0\]\.children\[0\]\.children\[0\]\.text: giá trị «có» không hợp lệ "
     r"\(cho phép: true, false\)"),
    ("templates/outline/bao-cao.yaml", "    heading: \"A. KẾT QUẢ", "    headin: \"A. KẾT QUẢ",
     r"bao-cao\.yaml: sections\[0\]: thiếu khóa «heading»"),
    ("templates/outline/bao-cao.yaml", "themes: [van_ban]", "themes: van_ban",
     r"bao-cao\.yaml: sections\[0\]\.children\[0\]\.children\[0\]\.themes: cần một danh sách"),
]


@pytest.mark.parametrize("rel, old, new, message", BROKEN, ids=[f"{b[0].split('/')[-1]}-{i}" for i, b in enumerate(BROKEN)])
def test_broken_yaml_is_one_line_and_exit_2(home, tmp_path, rel, old, new, message):
    _edit(home / rel, old, new)
    out = tmp_path / "bieu-mau.xlsx"
    result = CliRunner().invoke(cli, ["forms", "--period", "2025", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert re.search(message, lines[0]), lines[0]
    assert "KeyError" not in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_the_shipped_files_fit_their_schemas():
    for path in sorted((data_dir() / "catalog").glob("*.yaml")):
        model = schemas.CatalogMeta if path.name.startswith("_") else schemas.AnnexFile
        assert schemas.validate(model, load_yaml(path, CatalogError)) is None, path.name
    assert schemas.validate(schemas.LevelsFile, load_yaml(data_dir() / "levels.yaml", CatalogError)) is None
    for path in sorted(outline_dir().glob("*.yaml")):
        assert schemas.validate(schemas.OutlineFile, load_yaml(path, TemplateError)) is None, path.name


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "levels.yaml"
    path.write_text("levels:\n  - {key: tinh, name: cấp tỉnh}\n", encoding="utf-8")
    assert load_yaml(path, CatalogError, "LevelsFile")["levels"][0]["key"] == "tinh"
    path.write_text("levels:\n  - {key: xa, name: cấp xã, active: true}\n", encoding="utf-8")
    assert load_yaml(path, CatalogError, "LevelsFile")["levels"][0]["key"] == "xa"
    path.write_text("levels:\n  - {key: xa, actve: true}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_yaml(path, CatalogError, "LevelsFile")
    assert info.value.message == "levels[0]: khóa không hợp lệ «actve» (cho phép: key, name, active, until) (dòng 2)"
    assert info.value.exit_code == 2


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(TemplateError) as info:
        load_yaml(tmp_path / "khong-co.yaml", TemplateError, "OutlineFile")
    assert info.value.file.endswith("khong-co.yaml") and "không đọc được tệp" in info.value.message


@pytest.mark.parametrize("loc, path", [
    (("rows", 12, "good"), "rows[12].good"),
    (("sections", 0, "children", 3, "text"), "sections[0].children[3].text"),
    (("order",), "order"),
    ((), ""),
])
def test_key_path(loc, path):
    assert schemas.key_path(loc) == path


def test_outline_sections_take_unknown_keys_nowhere():
    """The outline's extension points are explicit: a section key must be declared on OutlineSectionSpec."""
    doc = {"kind": "report", "title": "T", "subject": "S", "intro": "I",
           "sections": [{"id": "A", "heading": "A.", "children": [{"id": "A.1", "heading": "1.", "new_key": 1}]}]}
    assert schemas.validate(schemas.OutlineFile, doc) == (
        "sections[0].children[0]: khóa không hợp lệ «new_key» (cho phép: " +
        ", ".join(f.alias or n for n, f in schemas.OutlineSectionSpec.model_fields.items()) + ")")


@pytest.mark.parametrize("rel, old, new, marker", [
    ("data/catalog/m01.yaml", "    good: up\n", "    good: dwon\n", "good: dwon"),
    ("data/catalog/m01.yaml", "    noun: em\n", "    nuon: em\n", "nuon: em"),
    ("templates/outline/bao-cao.yaml", ", compare_all: true}", ", compare_al: true}", "compare_al: true"),
    ("data/levels.yaml", "    active: true\n    until:", "    active: maybe\n    until:", "active: maybe"),
])
def test_the_message_gives_the_line(home, rel, old, new, marker):
    """rows[5] counts from 0 as YAML tools do; the line number is what an officer's editor shows."""
    _edit(home / rel, old, new)
    line = next(i for i, text in enumerate((home / rel).read_text(encoding="utf-8").splitlines(), 1) if marker in text)
    error = CatalogError if rel.startswith("data/") else TemplateError
    model = {"data/levels.yaml": "LevelsFile"}.get(rel, "OutlineFile" if error is TemplateError else "AnnexFile")
    with pytest.raises(error) as info:
        load_yaml(home / rel, error, model)
    assert info.value.message.endswith(f"(dòng {line})"), info.value.message
