"""Tables and pages as LibreOffice prints them (issue 13): no number, date or word broken inside
a table cell, the closing sentence on the page of Nơi nhận and the signature, the place name
whole on one line of the letterhead. Renders the sample annual report, the HĐND submission, a
commune's report and a stress table once per session (marked `render`)."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reportgen.api import build_document, load_catalog
from reportgen.core.paths import data_dir
from reportgen.docx.pdf import find_soffice, to_pdf
from reportgen.docx.render import render_document
from reportgen.documents.model import AppendixTable, DocInfo, TableCell

sys.path.insert(0, str(Path(__file__).parent))
from pdftext import broken_cells, page_texts  # noqa: E402
from test_render import sample_document  # noqa: E402

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice (soffice) or poppler-utils missing"),
]

LONG_PARENT = "Ủy ban nhân dân thành phố Hồ Chí Minh"
LONG_ISSUER = "Phòng Văn hóa - Xã hội phường Bến Thành"


def stress_table() -> AppendixTable:
    """Nine-digit money, dates, the catalog's longest labels and agency texts, assessment
    columns: everything that broke inside its cell before."""
    catalog = load_catalog()
    labels = sorted({r.label for a in catalog.annexes for r in a.rows if r.label}, key=len)[-12:]
    agencies = sorted({r.agency for a in catalog.annexes for r in a.rows if r.agency}, key=len)[-4:]
    head1 = [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2), TableCell("ĐVT", rowspan=2),
             TableCell("Ngày ban hành", rowspan=2), TableCell("Kết quả thực hiện năm 2024", rowspan=2),
             TableCell("Kế hoạch thực hiện năm 2025", rowspan=2),
             TableCell("Kết quả thực hiện năm 2025", rowspan=2),
             TableCell("Đánh giá kết quả thực hiện năm 2025", colspan=3),
             TableCell("Kế hoạch năm 2026", rowspan=2),
             TableCell("Cơ quan chủ trì tham mưu thực hiện", rowspan=2)]
    head2 = [TableCell("Đạt KH"), TableCell("Không đạt KH"), TableCell("Vượt KH")]
    rows = [{"cells": ["I", TableCell("Nguồn lực thực hiện công tác trẻ em", colspan=2)], "style": "group"}]
    for i, label in enumerate(labels, start=1):
        money = f"{987 - i}.{654 - i:03d}.{321 + i:03d}"
        rows.append({"cells": [str(i), label, "Nghìn đồng", f"{i:02d}/01/2025", money, money, money,
                               "" if i % 3 else "x", "x" if i % 3 == 1 else "", "107,1%" if i % 3 == 2 else "",
                               money, agencies[i % len(agencies)]], "style": "sub" if i % 4 == 0 else "item"})
    return AppendixTable(number="Phụ lục I", title="BẢNG KIỂM TRA ĐỘ RỘNG CỘT",
                         attached_line="(Kèm theo Báo cáo số      /BC-SYT)", header_rows=[head1, head2],
                         rows=rows, col_widths_mm=[10, 95, 18, 18, 16, 16, 16, 13, 13, 13, 16, 40],
                         col_align=["center", "left", "center", "center"] + ["right"] * 7 + ["left"])


FLOW_ROWS = 91  # with LibreOffice 7.4, kept apart the rows would end a page on "Nhóm chỉ tiêu số 34"
                # and leave the last row alone on the last page


def flow_table() -> AppendixTable:
    """Group rows and items in turn: without keep-with-next, pages end on a group heading."""
    rows = []
    for i in range(FLOW_ROWS):
        if i % 2 == 0:
            rows.append({"cells": [str(i // 2 + 1), TableCell(f"Nhóm chỉ tiêu số {i // 2 + 1}", colspan=3)],
                         "style": "group"})
        else:
            rows.append({"cells": ["-", f"Chỉ tiêu thuộc nhóm số {i // 2 + 1}", "Người", f"{1000 + i}"],
                         "style": "item"})
    return AppendixTable(number="Phụ lục II", title="DÒNG NHÓM VÀ DÒNG CUỐI BẢNG",
                         header_rows=[[TableCell(h) for h in ["TT", "Chỉ tiêu", "ĐVT", "Số lượng"]]],
                         rows=rows, col_widths_mm=[10, 95, 18, 16], col_align=["center", "left", "center", "right"])


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{name: (docx, pdf)} for the four documents, rendered once (two LibreOffice at a time)."""
    folder = tmp_path_factory.mktemp("pages")
    samples = data_dir() / "samples"
    docs = {}
    for name, kind, data in (("annual", "annual", samples / "son-ha-2025.xlsx"),
                             ("hdnd", "hdnd", samples / "son-ha-2025.xlsx"),
                             ("commune", "six-month", samples / "xa" / "xa-tan-lap-2025-H1.xlsx")):
        docs[name] = folder / f"{name}.docx"
        build_document(kind, data, docs[name], force=True)
    stress = sample_document(long_rows=2)
    info = dataclasses.replace(stress.info, parent_agency=LONG_PARENT, issuer=LONG_ISSUER)
    stress = dataclasses.replace(stress, info=info, appendices=[stress_table(), flow_table()])
    assert isinstance(stress.info, DocInfo)
    docs["stress"] = folder / "stress.docx"
    render_document(stress, docs["stress"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = dict(zip(docs, pool.map(lambda p: to_pdf(p, p.with_suffix(".pdf")), docs.values())))
    return {name: (docs[name], pdfs[name]) for name in docs}


@pytest.mark.parametrize("name", ["annual", "hdnd", "commune", "stress"])
def test_every_number_date_and_word_of_every_cell_is_whole(printed, name):
    docx_path, pdf = printed[name]
    broken = broken_cells(docx_path, pdf)
    assert broken == [], f"{len(broken)} cells broken, e.g. {broken[:5]}"


@pytest.mark.parametrize("name", ["annual", "hdnd", "commune"])
def test_closing_sentence_shares_a_page_with_noi_nhan(printed, name):
    pages = page_texts(printed[name][1])
    closing = [i for i, text in enumerate(pages) if "Trên đây là" in text]
    receivers = [i for i, text in enumerate(pages) if "Nơi nhận:" in text]
    assert closing and receivers and closing[-1] == receivers[0]


@pytest.mark.parametrize("name,names", [
    ("annual", ["ỦY BAN NHÂN DÂN", "TỈNH SƠN HÀ", "SỞ Y TẾ"]),
    ("hdnd", ["ỦY BAN NHÂN DÂN", "TỈNH SƠN HÀ"]),
    ("commune", ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"]),
    ("stress", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "PHÒNG VĂN HÓA - XÃ HỘI", "PHƯỜNG BẾN THÀNH"]),
])
def test_letterhead_names_are_whole_on_one_line(printed, name, names):
    first = page_texts(printed[name][1])[0].splitlines()[:8]
    left = [line[:len(line) // 2 + 12].strip() for line in first]  # the issuer's column
    for whole in names:
        assert any(whole in line for line in left), (whole, first)


def test_nine_digit_money_stays_on_one_line(printed):
    pages = page_texts(printed["stress"][1])
    assert any("986.653.322" in text for text in pages)


def _group_labels(docx_path: Path) -> set[str]:
    """The first words of the appendix group rows' labels ("Dân số trẻ em", "Mục tiêu 1"…: bold
    body rows) but the last row of a table (a table may end with its bold "Tổng cộng")."""
    import docx
    from docx.oxml.ns import qn
    labels = set()
    for table in docx.Document(str(docx_path)).tables[2:]:
        rows = table._tbl.findall(qn("w:tr"))
        for tr in rows[:-1]:
            if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
                continue
            cells = tr.findall(qn("w:tc"))
            runs = list(cells[1].iter(qn("w:r"))) if len(cells) > 1 else []
            if runs and all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in runs):
                text = "".join(t.text or "" for t in cells[1].iter(qn("w:t"))).strip()
                words = text.split()
                if words:  # a short label whole, a long one by its first words (it may wrap)
                    labels.add(" ".join(words if len(words) <= 6 else words[:4]))
    return labels


@pytest.mark.parametrize("name", ["annual", "commune", "stress"])
def test_no_page_ends_with_a_group_heading_row(printed, name):
    docx_path, pdf = printed[name]
    labels = _group_labels(docx_path)
    assert labels
    for number, text in enumerate(page_texts(pdf), start=1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if lines:
            last = f" {lines[-1]} "
            assert not any(f" {label} " in last for label in labels), (number, lines[-1])


def test_a_table_never_ends_with_a_lone_row_on_a_page(printed):
    pages = [" ".join(text.split()) for text in page_texts(printed["stress"][1])]
    last = f"Nhóm chỉ tiêu số {FLOW_ROWS // 2 + 1}"
    before = f"Chỉ tiêu thuộc nhóm số {FLOW_ROWS // 2}"
    assert [i for i, text in enumerate(pages) if last in text] == \
        [i for i, text in enumerate(pages) if before in text]
