"""Regenerate templates/docx/*.docx: the Nghị định 30/2020/NĐ-CP layouts docxtpl fills.

    python scripts/make_templates.py [OUTDIR]

Each template is an ordinary Word document an officer can open and restyle: a borderless
letterhead table with docxtpl tags, the title and trích yếu, a `{{p body }}` placeholder for
the sections, the closing, the Nơi nhận / signature table, a page number in the header (not
on the first page), and the styles Normal, Heading 1–4, Table Grid, the Phụ lục table and
cell styles and the yellow placeholder character style (python-docx's other styles are pruned,
see reportgen.docx.styles.prune_styles). The tags read the context that `reportgen.render` passes:

    parent_lines, issuer_lines (the letterhead's agency lines, broken between whole names),
    info.authority, info.signer, info.place, …
    number_line, date_line, title, subject, recipient_line, body, closing, recipient_lines

The pieces are built by reportgen.docx.letterhead (letterhead, title) and
reportgen.docx.signature (closing, Nơi nhận, signature).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.docx import layout as L  # noqa: E402
from reportgen.docx.letterhead import letterhead, title_block  # noqa: E402
from reportgen.docx.signature import body_and_closing, signature  # noqa: E402

TEMPLATES = {
    # file name: (document type shown in Word's properties, "Kính gửi" line)
    "bao-cao.docx": ("Báo cáo", "optional"),
    "ke-hoach.docx": ("Kế hoạch", "optional"),
    "bao-cao-hdnd.docx": ("Báo cáo gửi Hội đồng nhân dân", "always"),
}


def build(doc_type: str, recipient: str):
    doc = docx.Document()
    L.define_styles(doc)
    section = doc.sections[0]
    L.setup_section(section)
    L.add_page_number_header(section)
    letterhead(doc)
    title_block(doc, recipient)
    body_and_closing(doc)
    signature(doc)
    L.prune_styles(doc)
    props = doc.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = f"Mẫu {doc_type.lower()} (Nghị định 30/2020/NĐ-CP)"
    props.subject = doc_type
    props.comments = "Tạo bởi scripts/make_templates.py; có thể sửa kiểu chữ trong Word."
    props.language = "vi-VN"
    return doc


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "templates" / "docx"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (doc_type, recipient) in TEMPLATES.items():
        path = out_dir / name
        build(doc_type, recipient).save(str(path))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
