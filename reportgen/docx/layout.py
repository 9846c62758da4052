"""Nghị định 30/2020/NĐ-CP layout with python-docx, by concern:

    page         page setup, page numbers, landscape sections, shared measures
    styles       Normal, Heading 1–4, placeholder, table cell and table styles; a template's pruning
    lines        directly formatted lines and short rules
    letterhead   the template's letterhead and title; issuer and trích yếu line breaks
    body         headings and paragraphs (and their fast path)
    tables       layout tables and Phụ lục tables (widths: widths.py, fast rows: table_rows.py)
    signature    closing, Nơi nhận and signature block of the template
    oxml, oxml_tables   raw XML helpers

This module names what `reportgen.docx.render` and scripts/make_templates.py call, so a
benchmark (bench/build_speed.py) can wrap them in one place.
"""

from __future__ import annotations

from reportgen.docx.body import add_heading, add_paragraph, bullet_text, placeholder_text, write_body
from reportgen.docx.lines import add_line, add_rule
from reportgen.docx.page import (FONT, LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH, add_end_paragraph,
                                 add_landscape_section, add_page_number_header, setup_section)
from reportgen.docx.styles import PLACEHOLDER_STYLE, define_styles, prune_styles
from reportgen.docx.table_rows import DeferredTables
from reportgen.docx.tables import add_appendix, add_appendix_table, borderless_table, clear_cell

__all__ = [
    "FONT", "TEXT_WIDTH", "LANDSCAPE_TEXT_WIDTH", "PLACEHOLDER_STYLE", "setup_section",
    "add_page_number_header", "add_landscape_section", "define_styles", "prune_styles", "add_line",
    "add_rule", "add_heading", "add_paragraph", "write_body", "borderless_table",
    "clear_cell", "add_appendix_table", "add_appendix", "add_end_paragraph",
    "placeholder_text", "bullet_text", "DeferredTables",
]
