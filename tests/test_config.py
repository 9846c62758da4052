"""A province's own config folder, init-config, output names, help text and officer-facing messages."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as DocxFile

from reportgen import api
from reportgen.cli import cli
from reportgen.core import paths
from reportgen.core.catalog import load_catalog
from reportgen.core.errors import UsageError
from reportgen.core.period import Period
from reportgen.documents.outline import load_outline
from reportgen.docx.render import default_template

SAMPLES = paths.samples_dir()
BUILT_IN = paths.home()


@pytest.fixture
def no_config(monkeypatch):
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.delenv(paths.CATALOG_ENV, raising=False)


def _text(docx: Path) -> str:
    return "\n".join(p.text for p in DocxFile(str(docx)).paragraphs)


# --- where data comes from ----------------------------------------------------------------------


def test_built_in_data_is_found(no_config):
    assert (paths.catalog_dir() / "_catalog.yaml").is_file()
    assert paths.outline_file("bao-cao.yaml").is_file() and paths.docx_file("bao-cao.docx").is_file()
    assert (SAMPLES / "son-ha-2025.xlsx").is_file() and paths.levels_file().is_file()
    assert set(paths.default_files()) >= {"data/levels.yaml", "data/catalog/_catalog.yaml",
                                           "templates/outline/bao-cao.yaml", "templates/docx/bao-cao.docx"}


@pytest.mark.parametrize("copied,own", [
    # (files the province keeps, the lookups that must come from its folder)
    (["templates/outline/bao-cao.yaml"], {"outline"}),
    (["templates/docx/bao-cao.docx"], {"docx"}),
    (["data/levels.yaml"], {"levels"}),
    (["data/catalog"], {"catalog"}),
    (["data/catalog", "templates/outline/bao-cao.yaml", "templates/docx/bao-cao.docx", "data/levels.yaml"],
     {"catalog", "outline", "docx", "levels"}),
    ([], set()),
    (["data/catalog/README.md"], set()),  # a catalog folder without YAML files: the built-in catalog
])
def test_province_folder_wins_file_by_file(tmp_path, monkeypatch, no_config, copied, own):
    province = tmp_path / "tinh"
    province.mkdir()
    for rel in copied:
        src, dst = BUILT_IN / rel, province / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(src, dst) if src.is_dir() else shutil.copyfile(src, dst)
    monkeypatch.setenv(paths.CONFIG_ENV, str(province))
    found = {"outline": paths.outline_file("bao-cao.yaml"), "docx": paths.docx_file("bao-cao.docx"),
             "levels": paths.levels_file(), "catalog": paths.catalog_dir(),
             "hdnd outline": paths.outline_file("bao-cao-hdnd.yaml"), "plan docx": default_template("plan")}
    for what, path in found.items():
        root = province if what in own else BUILT_IN
        assert root in path.parents, f"{what}: {path}"


def test_missing_config_folder_is_one_line(tmp_path, monkeypatch, no_config):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "khong-co"))
    with pytest.raises(UsageError, match="REPORTGEN_CONFIG") as exc:
        paths.outline_file("bao-cao.yaml")
    assert exc.value.exit_code == 2
    r = CliRunner().invoke(cli, ["--config", str(tmp_path / "khong-co"), "check", str(SAMPLES / "son-ha-2025.xlsx")])
    assert r.exit_code == 2 and "không tồn tại" in r.output and "Traceback" not in r.output


def test_init_config_copies_the_defaults_and_keeps_edits(tmp_path, no_config):
    dest = tmp_path / "cau-hinh"
    r = CliRunner().invoke(cli, ["init-config", str(dest)])
    assert r.exit_code == 0, r.output
    made = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert made == paths.default_files()
    assert (dest / "templates/docx/bao-cao.docx").read_bytes() == (BUILT_IN / "templates/docx/bao-cao.docx").read_bytes()
    edited = dest / "data/levels.yaml"
    edited.write_text("levels: []\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["init-config", str(dest)])
    assert r.exit_code == 0 and "giữ nguyên" in r.output and edited.read_text(encoding="utf-8") == "levels: []\n"
    r = CliRunner().invoke(cli, ["init-config", str(dest), "--force"])
    assert r.exit_code == 0 and edited.read_bytes() == (BUILT_IN / "data/levels.yaml").read_bytes()


def test_build_uses_the_province_outline(tmp_path, no_config):
    """`reportgen --config DIR build`: the province's edited outline heading is in the document,
    with everything else (catalog, Word template, levels) still the built-in data."""
    dest = tmp_path / "cau-hinh"
    api.init_config(dest)
    outline = dest / "templates/outline/bao-cao.yaml"
    heading = '"A. KẾT QUẢ THỰC HIỆN CÔNG TÁC TRẺ EM {PERIOD_UPPER}"'
    text = outline.read_text(encoding="utf-8")
    assert heading in text
    outline.write_text(text.replace(heading, '"A. KẾT QUẢ RIÊNG CỦA TỈNH {PERIOD_UPPER}"'), encoding="utf-8")
    for rel in ("data/catalog", "templates/docx", "data/levels.yaml"):  # keep only the outline
        shutil.rmtree(dest / rel) if (dest / rel).is_dir() else (dest / rel).unlink()
    built = {}
    for config in ([], ["--config", str(dest)]):
        out = tmp_path / f"bao-cao-{len(config)}.docx"
        r = CliRunner().invoke(cli, [*config, "build", "annual", "--data", str(SAMPLES / "son-ha-2025.xlsx"),
                                     "-o", str(out)])
        assert r.exit_code == 0, r.output
        built[bool(config)] = _text(out)
    assert "KẾT QUẢ RIÊNG CỦA TỈNH NĂM 2025" in built[True]
    assert "KẾT QUẢ RIÊNG" not in built[False] and "KẾT QUẢ THỰC HIỆN CÔNG TÁC TRẺ EM NĂM 2025" in built[False]


# --- output names -------------------------------------------------------------------------------


@pytest.mark.parametrize("given,extension,expected", [
    ("bao-cao", ".docx", "bao-cao.docx"),
    ("bao-cao.docx", ".docx", "bao-cao.docx"),
    ("Bao-Cao.DOCX", ".docx", "Bao-Cao.DOCX"),
    ("bao-cao-v1.2", ".docx", "bao-cao-v1.2.docx"),
    ("thu-muc/bao-cao", ".docx", "thu-muc/bao-cao.docx"),
    ("tong-hop", ".xlsx", "tong-hop.xlsx"),
    ("bao-cao.doc", ".docx", UsageError),
    ("bao-cao.xlsx", ".docx", UsageError),
    ("tong-hop.docx", ".xlsx", UsageError),
    ("tong-hop.csv", ".xlsx", UsageError),
])
def test_output_path(given, extension, expected):
    if expected is UsageError:
        with pytest.raises(UsageError, match=re.escape(extension)):
            api.output_path(Path(given), extension)
    else:
        assert api.output_path(Path(given), extension) == Path(expected)


def test_build_adds_docx_and_refuses_pdf_name_without_pdf(tmp_path, no_config):
    data = str(SAMPLES / "son-ha-2025.xlsx")
    r = CliRunner().invoke(cli, ["build", "hdnd", "--data", data, "-o", str(tmp_path / "bao-cao")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "bao-cao.docx").is_file() and not (tmp_path / "bao-cao").exists()
    assert f"Đã tạo: {tmp_path / 'bao-cao.docx'}" in r.output
    r = CliRunner().invoke(cli, ["build", "hdnd", "--data", data, "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2 and "--pdf" in r.output and "Traceback" not in r.output
    assert not list(tmp_path.glob("x.*"))


def test_pdf_name_with_pdf_makes_both(tmp_path, monkeypatch, no_config):
    """`-o x.pdf --pdf`: the Word file is x.docx and the PDF is x.pdf (the conversion itself is
    tested with LibreOffice in test_reports/test_pdf_layout; here it copies, to test the names)."""
    import reportgen.docx.pdf as pdf

    def fake_to_pdf(src, dst, **_):
        Path(dst).write_bytes(b"%PDF-1.4 " + Path(src).read_bytes()[:100])
        return Path(dst)

    monkeypatch.setattr(pdf, "to_pdf", fake_to_pdf)
    r = CliRunner().invoke(cli, ["build", "hdnd", "--data", str(SAMPLES / "son-ha-2025.xlsx"), "-o",
                                 str(tmp_path / "x.pdf"), "--pdf"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx", "x.nguon.csv", "x.pdf"]


def test_forms_and_aggregate_add_xlsx(tmp_path, no_config):
    r = CliRunner().invoke(cli, ["forms", "--period", "2025", "-o", str(tmp_path / "bieu-mau")])
    assert r.exit_code == 0 and (tmp_path / "bieu-mau.xlsx").is_file(), r.output
    r = CliRunner().invoke(cli, ["aggregate", str(SAMPLES / "xa"), "-o", str(tmp_path / "tong-hop")])
    assert r.exit_code == 0 and (tmp_path / "tong-hop.xlsx").is_file(), r.output
    assert f"Đã ghi biểu mẫu tổng hợp: {tmp_path / 'tong-hop.xlsx'}" in r.output


@pytest.mark.parametrize("units,message", [
    ("khong-co.txt", "không tìm thấy tệp"),
    ("nhi-phan.txt", "không phải tệp văn bản"),
])
def test_bad_units_file_is_one_line(tmp_path, no_config, units, message):
    (tmp_path / "nhi-phan.txt").write_bytes(b"PK\x03\x04\x14\x00 an xlsx saved as .txt")
    r = CliRunner().invoke(cli, ["aggregate", str(SAMPLES / "xa"), "-o", str(tmp_path / "t.xlsx"),
                                 "--units", str(tmp_path / units)])
    assert r.exit_code == 2, r.output
    assert message in r.output and "không mong đợi" not in r.output
    assert not (tmp_path / "t.xlsx").exists()


# --- messages -----------------------------------------------------------------------------------


def _all_commands():
    yield []
    for name, command in sorted(cli.commands.items()):
        yield [name]
        for sub in sorted(getattr(command, "commands", {})):
            yield [name, sub]


ENGLISH = re.compile(r"\[OPTIONS\]|\bCOMMAND\b|\[ARGS\]|\bARGS\b|\b(TEXT|INTEGER|FLOAT|PATH|FILE|DIRECTORY|"
                     r"FILENAME|BOOLEAN|RANGE)\b|\bUsage:|\bOptions:|\bShow this message")


@pytest.mark.parametrize("words", list(_all_commands()), ids=lambda w: " ".join(w) or "reportgen")
def test_help_is_vietnamese(words):
    r = CliRunner().invoke(cli, [*words, "--help"], prog_name="reportgen")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Cách dùng: reportgen"), r.output
    assert not ENGLISH.search(r.output), f"English left in help: {ENGLISH.search(r.output).group(0)}\n{r.output}"


def test_blank_form_gets_one_clear_warning(tmp_path, blank_form, make_form, no_config):
    result = api.check_files([blank_form("2025")])
    assert result.exit_code == 0
    assert len(result.findings) == 1, "one clear line, not a warning for every empty section"
    first = result.findings[0]
    assert first.code == "no_figures" and "chưa có số liệu nào" in first.message and "năm 2025" in first.message
    filled = make_form(tmp_path, "2025", {"tre_em_duoi_16": 1000})
    assert not [f for f in api.check_files([filled]).findings if f.code == "no_figures"]
    mistyped = make_form(tmp_path, "2025", {"tre_em_duoi_16": "khoảng 200"}, name="go-sai.xlsx")
    findings = api.check_files([mistyped]).findings  # its error is the message, not «no figures»
    assert findings[0].severity == "error" and not [f for f in findings if f.code == "no_figures"]
    r = CliRunner().invoke(cli, ["check", str(blank_form("2025-H1"))])
    assert "chưa có số liệu nào của 6 tháng đầu năm 2025" in r.output


def test_catalog_internals_go_to_the_developer_log(tmp_path, caplog, no_config):
    """Findings about the catalog itself are logged for developers, every other finding is shown."""
    from reportgen.totals.aggregate import aggregate
    total = aggregate(api.expand_inputs([SAMPLES / "xa"]), load_catalog())
    raw = total.findings
    plan = ("(KH năm 2025)", "(KH năm 2026)")  # the plan columns of a 2025-H1 form
    internal = [f for f in raw if f.code in api.CATALOG_INTERNALS
                or (f.code == "rate_left_out" and any(p in f.message for p in plan))]
    with caplog.at_level(logging.INFO, logger="reportgen.catalog"):
        r = CliRunner().invoke(cli, ["aggregate", str(SAMPLES / "xa"), "-o", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.output
    logged = [rec.getMessage() for rec in caplog.records if rec.name == "reportgen.catalog"]
    assert logged == [f.format() for f in internal]
    for f in raw:
        assert (f.message in r.output) == (f not in internal), f.message
