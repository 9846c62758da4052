"""render_document: the Nghị định 30 layout, checked on the .docx with python-docx."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from reportgen import _oxml
from reportgen.doccontext import (AppendixTable, Comment, DocInfo, Document, Paragraph,
                                  Section, TableCell)
from reportgen.errors import TemplateError
from reportgen.render import (atomic_write_path, date_line, default_template, number_line,
                              recipient_lines, render_document)

TRICKY = 'Phường A & B <c> "d" {{ 7*7 }} {% for %}'


def sample_document(*, tricky: str = TRICKY, long_rows: int = 60) -> Document:
    """A realistic six-month report of a provincial health department, with 2 appendices."""
    info = DocInfo(
        parent_agency="Ủy ban nhân dân tỉnh Quảng Trị",
        issuer="Sở Y tế",
        doc_code="BC-SYT",
        doc_number="",
        place="Quảng Trị",
        date=datetime.date(2025, 6, 5),
        signer="Nguyễn Văn An",
        authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        recipients=["Bộ Y tế (Cục Bà mẹ và Trẻ em)", "UBND tỉnh (để b/c)",
                    "Các sở, ban, ngành cấp tỉnh", "UBND các xã, phường, đặc khu",
                    "Lưu: VT, P.BTXH"],
    )
    sections = [
        Section(1, "A. KẾT QUẢ THỰC HIỆN CÔNG TÁC TRẺ EM 6 THÁNG ĐẦU NĂM 2025", [], "A"),
        Section(2, "I. Tổ chức thực hiện quản lý nhà nước về trẻ em", [], "A.I"),
        Section(3, "1. Công tác tham mưu lãnh đạo, chỉ đạo và triển khai thực hiện", [
            Paragraph("Sở Y tế đã tham mưu UBND tỉnh ban hành Kế hoạch số 112/KH-UBND ngày "
                      "20/02/2025 về thực hiện công tác trẻ em năm 2025; hướng dẫn các xã, "
                      "phường triển khai Tháng hành động vì trẻ em với chủ đề “Hành động vì "
                      "một thế giới an toàn cho trẻ em”."),
            Paragraph(f"Tổ chức truyền thông tại {tricky} với 1.250 lượt người tham gia."),
            Paragraph("Kết quả phối hợp liên ngành trong 6 tháng đầu năm", "placeholder"),
        ], "A.I.1"),
        Section(3, "2. Công tác tuyên truyền, phổ biến giáo dục pháp luật về trẻ em", [
            Paragraph("Tổ chức 45 lớp tập huấn cho 1.320 lượt cán bộ, cộng tác viên."),
            Paragraph("Phát sóng 24 chương trình trên Đài Phát thanh - Truyền hình tỉnh;",
                      "bullet"),
            Paragraph("Đăng tải 56 tin, bài trên Cổng thông tin điện tử.", "bullet"),
        ], "A.I.2"),
        Section(4, "a) Cấp tỉnh", [
            Paragraph("(Phần số liệu theo các phụ lục I, II đính kèm)", "note"),
        ], "A.I.2.a"),
        Section(2, "II. Đánh giá kết quả đạt được", [
            Paragraph("Tổng số trẻ em toàn tỉnh là 187.432 em, tăng 1,2% so với cùng kỳ năm "
                      "trước; tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp đạt 98,5%."),
        ], "A.II"),
        Section(1, "B. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025", [
            Paragraph("Tiếp tục triển khai các chương trình, đề án về bảo vệ, chăm sóc trẻ em."),
        ], "B"),
    ]
    appendix_1 = AppendixTable(
        number="Phụ lục I",
        title="Kết quả thực hiện các chỉ tiêu về trẻ em 6 tháng đầu năm 2025",
        attached_line="(Kèm theo Báo cáo số      /BC-SYT ngày 05 tháng 6 năm 2025 của Sở Y tế)",
        unit_note="",
        header_rows=[
            [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2),
             TableCell("ĐVT", rowspan=2), TableCell("Kế hoạch năm 2025", rowspan=2),
             TableCell("Kết quả 6 tháng", rowspan=2),
             TableCell("Đánh giá kết quả thực hiện", colspan=3),
             TableCell("Ghi chú", rowspan=2)],
            [TableCell("Đạt KH"), TableCell("Không đạt KH"), TableCell("Vượt KH")],
        ],
        number_row=True,
        rows=[{"cells": ["I", "Trẻ em có hoàn cảnh đặc biệt", "", "", "", "", "", "", ""],
               "style": "group"}]
        + [{"cells": [str(i), f"Chỉ tiêu số {i} về bảo vệ, chăm sóc trẻ em tại {tricky}",
                      "Người", f"{1000 + i * 37:,}".replace(",", "."),
                      f"{900 + i * 41:,}".replace(",", "."), "x" if i % 3 == 0 else "",
                      "x" if i % 3 == 1 else "", "x" if i % 3 == 2 else "", ""],
            "style": "item"} for i in range(1, long_rows + 1)]
        + [{"cells": ["-", "Trong đó: trẻ em gái", "Người", "410", "395", "", "x", "", ""],
            "style": "sub"},
           {"cells": ["+", "Dưới 6 tuổi", "Người", "120", "118", "", "x", "", ""],
            "style": "subsub"}],
        col_widths_mm=[12, 90, 20, 25, 25, 18, 20, 18, 24],
        col_align=["center", "left", "center", "right", "right", "center", "center",
                   "center", "left"],
    )
    appendix_2 = AppendixTable(
        number="Phụ lục II",
        title="Kinh phí thực hiện công tác trẻ em",
        attached_line="(Kèm theo Báo cáo số      /BC-SYT ngày 05 tháng 6 năm 2025 của Sở Y tế)",
        unit_note="Đơn vị tính: 1000đ",
        header_rows=[[TableCell("TT"), TableCell("Nguồn kinh phí"), TableCell("Năm 2024"),
                      TableCell("6 tháng đầu năm 2025"), TableCell("So sánh (%)")]],
        number_row=True,
        rows=[
            {"cells": ["1", "Ngân sách cấp tỉnh", "1.250.000", "640.000", "51,2"]},
            {"cells": ["2", "Ngân sách cấp xã", "830.500", "410.000", "49,4"]},
            {"cells": ["3", "Nguồn vận động", "215.000", "98.000", "45,6"]},
            {"cells": [TableCell("Tổng cộng", colspan=2, bold=True), "2.295.500",
                       "1.148.000", "50,0"], "style": "group"},
        ],
        col_widths_mm=[15, 100, 45, 45, 40],
        col_align=["center", "left", "right", "right", "right"],
    )
    return Document(
        kind="report",
        title="BÁO CÁO",
        subject="Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025\n"
                "và phương hướng, nhiệm vụ 6 tháng cuối năm 2025",
        intro=[Paragraph("Thực hiện Công văn số 1234/BYT-BMTE ngày 15/5/2025 của Bộ Y tế về "
                         "việc báo cáo kết quả thực hiện công tác trẻ em, Sở Y tế báo cáo "
                         "như sau:")],
        sections=sections,
        closing="Trên đây là báo cáo kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025 "
                "của Sở Y tế tỉnh Quảng Trị./.",
        info=info,
        appendices=[appendix_1, appendix_2],
    )
