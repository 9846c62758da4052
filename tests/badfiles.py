"""Bad inputs, each written by one function into a folder the caller owns (a pytest tmp_path).

`CORPUS` lists them with what `inspect_workbook` answers; tests/test_safety.py,
tests/test_bad_inputs.py and scripts/make_bad_inputs_doc.py all walk the same list.
The raw zip/XML writing here is deliberate: these files are broken on purpose, so no
library would write them.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# --- valid building blocks ----------------------------------------------------------------


def valid_workbook(folder: Path, name: str = "hop-le.xlsx") -> Path:
    """A small ordinary workbook written by openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Chỉ tiêu", "Số lượng"])
    ws.append(["Số trẻ em", 1250])
    ws.append(["Số xã", 7])
    path = folder / name
    wb.save(path)
    return path


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes | None] | None = None,
                compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Copy a zip, replacing (bytes), deleting (None) or adding members; order is kept."""
    replace = dict(replace or {})
    with zipfile.ZipFile(src) as zin:
        members = [(i.filename, zin.read(i)) for i in zin.infolist()]
    out: list[tuple[str, bytes]] = []
    for name, data in members:
        if name in replace:
            new = replace.pop(name)
            if new is not None:
                out.append((name, new))
        else:
            out.append((name, data))
    out += [(n, d) for n, d in replace.items() if d is not None]
    tmp = dst.with_name(dst.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression) as zout:
        for name, data in out:
            zout.writestr(name, data)
    tmp.replace(dst)
    return dst


def _read_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


# --- not a workbook at all ----------------------------------------------------------------


def empty_file(folder: Path) -> Path:
    path = folder / "rong.xlsx"
    path.write_bytes(b"")
    return path


def text_as_xlsx(folder: Path) -> Path:
    path = folder / "csv-doi-duoi.xlsx"
    path.write_text("STT,Chỉ tiêu,Số lượng\n1,Số trẻ em,1250\n2,Số xã,7\n", encoding="utf-8")
    return path


def html_as_xlsx(folder: Path) -> Path:
    """What some web portals export as "Excel"."""
    path = folder / "html-doi-duoi.xlsx"
    path.write_text("<html><body><table><tr><td>Số trẻ em</td><td>1250</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    return path


def xls_signature(folder: Path) -> Path:
    """The OLE2 compound-file header of an Excel 97-2003 .xls, padded to one sector."""
    path = folder / "ban-cu.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    path.write_bytes(header + bytes(512 - len(header)) + b"Workbook".join([bytes(100)] * 2))
    return path


def encrypted_xlsx(folder: Path) -> Path:
    """A password-protected .xlsx is OLE2 with an EncryptionInfo stream."""
    path = folder / "co-mat-khau.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    body = bytes(512 - len(header)) + "EncryptionInfo".encode("utf-16-le") + bytes(400)
    path.write_bytes(header + body)
    return path


def folder_not_file(folder: Path) -> Path:
    path = folder / "thu-muc.xlsx"
    path.mkdir()
    return path


def missing_file(folder: Path) -> Path:
    return folder / "khong-co.xlsx"


def docx_renamed(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo công tác trẻ em")
    path = folder / "word-doi-duoi.xlsx"
    document.save(path)
    return path


def zip_without_workbook(folder: Path) -> Path:
    path = folder / "zip-khac.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("bao-cao.txt", "Số trẻ em: 1250")
    return path


# --- broken workbooks ---------------------------------------------------------------------


def truncated_zip(folder: Path) -> Path:
    """A valid openpyxl workbook cut in half (an interrupted download or copy)."""
    src = valid_workbook(folder, "nguon-cat.xlsx")
    data = src.read_bytes()
    src.unlink()
    path = folder / "bi-cat-cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def bad_crc(folder: Path) -> Path:
    """Directory intact, one stored byte of xl/workbook.xml flipped."""
    src = valid_workbook(folder, "nguon-crc.xlsx")
    path = rewrite_zip(src, folder / "sai-crc.xlsx", compression=zipfile.ZIP_STORED)
    src.unlink()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/workbook.xml")
    raw = bytearray(path.read_bytes())
    off = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[off + 26: off + 30])
    data_at = off + 30 + name_len + extra_len
    raw[data_at + 10] ^= 0x20  # inside the XML declaration; the CRC no longer matches
    path.write_bytes(bytes(raw))
    return path


# --- hostile workbooks --------------------------------------------------------------------


def zip_bomb(folder: Path) -> Path:
    """A workbook carrying 60 MB of zeros deflated at level 1 (about 230:1)."""
    src = valid_workbook(folder, "nguon-bom.xlsx")
    path = folder / "bom-nen.xlsx"
    rewrite_zip(src, path)
    src.unlink()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/media/image1.bin", "w", force_zip64=True) as fh:
            zeros = bytes(1 << 20)
            for _ in range(60):
                fh.write(zeros)
    return path


def _patch_sizes(path: Path, member: str, size: int) -> Path:
    """Rewrite the uncompressed size a zip declares for `member` (local and central headers)."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    raw = bytearray(path.read_bytes())
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    name = member.encode()
    pos = raw.rfind(b"PK\x01\x02", 0)
    while pos != -1:
        n_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46: pos + 46 + n_len] == name:
            struct.pack_into("<I", raw, pos + 24, size)
            break
        pos = raw.rfind(b"PK\x01\x02", 0, pos)
    path.write_bytes(bytes(raw))
    return path


def declared_bomb(folder: Path) -> Path:
    """Small file whose directory claims a 4 GB sheet (declared sizes, nothing inflated)."""
    src = valid_workbook(folder, "nguon-khai.xlsx")
    path = rewrite_zip(src, folder / "khai-bao-4gb.xlsx")
    src.unlink()
    return _patch_sizes(path, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0)


def lying_size(folder: Path) -> Path:
    """The directory claims a smaller sheet than what inflates: reading must stop at the claim."""
    src = valid_workbook(folder, "nguon-noi-doi.xlsx")
    path = rewrite_zip(src, folder / "khai-bao-sai.xlsx")
    src.unlink()
    return _patch_sizes(path, "xl/worksheets/sheet1.xml", 100)


def too_many_members(folder: Path) -> Path:
    src = valid_workbook(folder, "nguon-nhieu.xlsx")
    path = rewrite_zip(src, folder / "qua-nhieu-muc.xlsx", compression=zipfile.ZIP_STORED)
    src.unlink()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(10_001):
            z.writestr(f"customXml/item{i}.txt", b"")
    return path


_LOL = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                  for i in range(1, 10))
        + ']>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        '</sheetData></worksheet>')


def billion_laughs(folder: Path) -> Path:
    """A valid workbook whose sheet1.xml declares the "lol" entity chain."""
    src = valid_workbook(folder, "nguon-lol.xlsx")
    path = rewrite_zip(src, folder / "billion-laughs.xlsx",
                       {"xl/worksheets/sheet1.xml": _LOL.encode("utf-8")})
    src.unlink()
    return path


def billion_laughs_utf16(folder: Path) -> Path:
    """The same chain, encoded as UTF-16 so a plain byte search for "<!DOCTYPE" misses it."""
    src = valid_workbook(folder, "nguon-lol16.xlsx")
    xml = _LOL.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    path = rewrite_zip(src, folder / "billion-laughs-utf16.xlsx", {"xl/worksheets/sheet1.xml": xml})
    src.unlink()
    return path


def external_entity(folder: Path) -> Path:
    """XXE: a SYSTEM entity in the shared strings pointing at a local file."""
    src = valid_workbook(folder, "nguon-xxe.xlsx")
    xml = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
           'uniqueCount="1"><si><t>&xxe;</t></si></sst>')
    path = rewrite_zip(src, folder / "thuc-the-ngoai.xlsx", {"xl/sharedStrings.xml": xml.encode()})
    src.unlink()
    return path


def doctype_after_padding(folder: Path) -> Path:
    """A DOCTYPE pushed past the first 64 KB by a long comment."""
    src = valid_workbook(folder, "nguon-dem.xlsx")
    xml = ('<?xml version="1.0"?><!--' + " " * 70_000 + '-->' + _LOL.split("\n", 1)[1])
    path = rewrite_zip(src, folder / "doctype-sau-64kb.xlsx", {"xl/worksheets/sheet1.xml": xml.encode()})
    src.unlink()
    return path


# --- odd but acceptable -------------------------------------------------------------------

_EXT_LINK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<externalBook r:id="rId1"><sheetNames><sheetName val="{sheet}"/></sheetNames>'
             '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>{value}</v></cell></row>'
             '</sheetData></sheetDataSet></externalBook></externalLink>')
_EXT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/externalLinkPath" Target="{target}" TargetMode="External"/>'
             '</Relationships>')
EXTERNAL_TARGET = "file:///C:/BaoCao/PL_2024.xlsx"


def add_external_link(path: Path, sheet_part: str, cell: str, cached: float,
                      target: str = EXTERNAL_TARGET, sheet: str = "Sheet1") -> Path:
    """Make `cell` a formula `[1]Sheet1!$A$1` into another file, with `cached` as its value."""
    wb_xml = _read_member(path, "xl/workbook.xml").decode("utf-8")
    rels = _read_member(path, "xl/_rels/workbook.xml.rels").decode("utf-8")
    types = _read_member(path, "[Content_Types].xml").decode("utf-8")
    sheet_xml = _read_member(path, sheet_part).decode("utf-8")
    rels = rels.replace("</Relationships>",
                        '<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/externalLink" '
                        'Target="externalLinks/externalLink1.xml"/></Relationships>')
    if "xmlns:r=" not in wb_xml.split(">", 2)[1]:
        wb_xml = wb_xml.replace("<workbook ", '<workbook xmlns:r="http://schemas.openxmlformats.'
                                "org/officeDocument/2006/relationships\" ", 1)
    wb_xml = wb_xml.replace("</sheets>", '</sheets><externalReferences>'
                            '<externalReference r:id="rIdExt1"/></externalReferences>', 1)
    types = types.replace("</Types>",
                          '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                          '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                          'externalLink+xml"/></Types>')
    sheet_xml = set_cell_xml(sheet_xml, cell, f"<f>[1]{sheet}!$A$1</f><v>{cached:g}</v>")
    return rewrite_zip(path, path, {
        "xl/workbook.xml": wb_xml.encode(),
        "xl/_rels/workbook.xml.rels": rels.encode(),
        "[Content_Types].xml": types.encode(),
        sheet_part: sheet_xml.encode(),
        "xl/externalLinks/externalLink1.xml": _EXT_LINK.format(sheet=sheet, value=f"{cached:g}").encode(),
        "xl/externalLinks/_rels/externalLink1.xml.rels": _EXT_RELS.format(target=target).encode(),
    })


def _col_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def set_cell_xml(sheet_xml: str, ref: str, inner: str, cell_type: str | None = None) -> str:
    """Replace or insert the `<c r="ref">` element of a worksheet written by openpyxl."""
    t = f' t="{cell_type}"' if cell_type else ""
    row_no = int(re.search(r"\d+", ref).group(0))
    existing = re.search(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', sheet_xml, re.S)
    if existing:
        style = re.search(r'\ss="\d+"', existing.group(1))
        new = f'<c r="{ref}"{style.group(0) if style else ""}{t}>{inner}</c>'
        return sheet_xml[:existing.start()] + new + sheet_xml[existing.end():]
    new = f'<c r="{ref}"{t}>{inner}</c>'
    row = re.search(rf'<row r="{row_no}"[^>]*?(/>|>(.*?)</row>)', sheet_xml, re.S)
    if row:
        if row.group(1) == "/>":
            opened = row.group(0)[:-2] + ">"
            return sheet_xml[:row.start()] + opened + new + "</row>" + sheet_xml[row.end():]
        body = row.group(2)
        at = len(body)
        for m in re.finditer(r'<c r="([A-Z]+)\d+"', body):
            if _col_number(m.group(1)) > _col_number(ref):
                at = m.start()
                break
        start = row.start(2)
        return sheet_xml[:start + at] + new + sheet_xml[start + at:]
    rows = list(re.finditer(r'<row r="(\d+)"', sheet_xml))
    after = [m for m in rows if int(m.group(1)) > row_no]
    new_row = f'<row r="{row_no}">{new}</row>'
    if after:
        return sheet_xml[:after[0].start()] + new_row + sheet_xml[after[0].start():]
    if "<sheetData/>" in sheet_xml:
        return sheet_xml.replace("<sheetData/>", f"<sheetData>{new_row}</sheetData>", 1)
    return sheet_xml.replace("</sheetData>", new_row + "</sheetData>", 1)


def external_link(folder: Path) -> Path:
    """A workbook whose B3 reads another file; Excel stored 7 as the last value."""
    path = valid_workbook(folder, "lien-ket-ngoai.xlsx")
    return add_external_link(path, "xl/worksheets/sheet1.xml", "B3", 7)


def million_rows(folder: Path) -> Path:
    """One sheet of 1,000,000 rows with one number each, streamed straight into the zip."""
    path = folder / "trieu-dong.xlsx"
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            f'"{rel_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel_ns}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            f'"{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{ns}">'
                     f'<dimension ref="A1:A1000000"/><sheetData>\n'.encode())
            step = 20_000
            for start in range(1, 1_000_001, step):
                fh.write("".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>\n'
                                 for i in range(start, start + step)).encode())
            fh.write(b"</sheetData></worksheet>")
    return path


# --- a generated form, spoiled in one way -----------------------------------------------
# Each function takes a form written by `reportgen forms` and returns a spoiled copy.

FORM_PERIOD = "2025"


def _load(form: Path):
    from openpyxl import load_workbook

    return load_workbook(form)


def _sheetnames(form: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(form, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def annex_sheets(form: Path) -> list[str]:
    """Sheets of the form that hold indicator rows (not info, narrative or identity)."""
    from reportgen.read.sheets import IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET

    return [n for n in _sheetnames(form) if n not in (IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET)]


def value_cells(form: Path, kinds=("count",), role: str = "current", limit: int = 3) -> list[tuple[str, str]]:
    """(sheet, cell) of the first `limit` input cells of `role` for indicators of `kinds`."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from reportgen.forms import annex as forms
    from reportgen.core.catalog import load_catalog
    from reportgen.core.period import Period

    catalog = load_catalog()
    period = Period.parse(FORM_PERIOD)
    wb = load_workbook(form, read_only=True)
    out: list[tuple[str, str]] = []
    try:
        for annex in catalog.annexes:
            if annex.layout == "records" or annex.sheet not in wb.sheetnames:
                continue
            roles = [c.role for c in forms.sheet_columns(annex, period)]
            if role not in roles:
                continue
            col = get_column_letter(forms.FIRST_ROLE_COL + roles.index(role))
            ids = wb[annex.sheet].iter_rows(min_row=forms.FIRST_DATA_ROW, min_col=forms.ID_COL,
                                            max_col=forms.ID_COL, values_only=True)
            for r, (iid,) in enumerate(ids, start=forms.FIRST_DATA_ROW):
                ind = catalog.indicators.get(iid) if iid else None
                if ind is not None and ind.kind in kinds:
                    out.append((annex.sheet, f"{col}{r}"))
                    if len(out) >= limit:
                        return out
    finally:
        wb.close()
    return out


def _spoil(form: Path, folder: Path, name: str, change) -> Path:
    wb = _load(form)
    change(wb)
    path = folder / name
    wb.save(path)
    return path


def form_sheet_deleted(form: Path, folder: Path) -> Path:
    sheet = annex_sheets(form)[0]
    return _spoil(form, folder, "thieu-trang.xlsx", lambda wb: wb.remove(wb[sheet]))


def form_sheet_renamed(form: Path, folder: Path) -> Path:
    sheet = annex_sheets(form)[0]

    def rename(wb):
        wb[sheet].title = "Sheet1"
    return _spoil(form, folder, "doi-ten-trang.xlsx", rename)


def form_header_changed(form: Path, folder: Path) -> Path:
    """Every header of the value columns overwritten (someone retyped the header row)."""
    from reportgen.forms import annex as forms

    sheet = annex_sheets(form)[0]

    def retitle(wb):
        ws = wb[sheet]
        for col in range(forms.FIRST_ROLE_COL, ws.max_column + 1):
            for row in (forms.HEADER_ROW, forms.HEADER_ROW + 1):
                cell = ws.cell(row, col)
                if type(cell).__name__ != "MergedCell":
                    cell.value = f"Cột {col}"
    return _spoil(form, folder, "doi-tieu-de.xlsx", retitle)


def _fill(form: Path, folder: Path, name: str, values: list, kinds=("count",)) -> Path:
    cells = value_cells(form, kinds, limit=len(values))

    def put(wb):
        for (sheet, ref), v in zip(cells, values):
            wb[sheet][ref] = v
    return _spoil(form, folder, name, put)


def form_filled(form: Path, folder: Path) -> Path:
    """A correctly filled form: plain whole numbers."""
    return _fill(form, folder, "dien-dung.xlsx", [1250, 640, 35])


def form_text_in_numbers(form: Path, folder: Path) -> Path:
    return _fill(form, folder, "chu-trong-o-so.xlsx", ["khoảng 200", "N/A"])


def form_negative(form: Path, folder: Path) -> Path:
    return _fill(form, folder, "so-am.xlsx", [-5])


def form_error_values(form: Path, folder: Path) -> Path:
    """openpyxl stores "#DIV/0!" assigned to a cell as an error cell (t="e")."""
    return _fill(form, folder, "loi-excel.xlsx", ["#DIV/0!", "#REF!", "#N/A"])


def form_external_formula(form: Path, folder: Path) -> Path:
    """The current-year count of the first indicator links to another file; cached 640."""
    sheet, ref = value_cells(form, limit=1)[0]
    path = folder / "cong-thuc-ngoai.xlsx"
    path.write_bytes(form.read_bytes())
    part = _sheet_part(path, _sheetnames(path).index(sheet))
    return add_external_link(path, part, ref, 640)


def _sheet_part(path: Path, index: int) -> str:
    """The zip part of the index-th sheet, from workbook.xml and its relationships."""
    wb_xml = _read_member(path, "xl/workbook.xml").decode()
    rels = _read_member(path, "xl/_rels/workbook.xml.rels").decode()
    rid = re.findall(r'<sheet [^>]*?r:id="([^"]+)"', wb_xml)[index]
    target = re.search(rf'<Relationship [^>]*?Id="{rid}"[^>]*?Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="{rid}"', rels)
    t = target.group(1)
    return t.lstrip("/") if t.startswith("/") else f"xl/{t}"


def form_tricky_unit(form: Path, folder: Path) -> Path:
    """The unit name holds markup and template syntax; it must come out literally."""
    from reportgen.read.sheets import INFO_SHEET

    def rename_unit(wb):
        ws = wb[INFO_SHEET]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Tên đơn vị, địa phương báo cáo":
                    ws.cell(cell.row, cell.column + 1, TRICKY_TEXT)
                    return
        raise AssertionError("no unit_name row in the info sheet")
    return _spoil(form, folder, "ten-dac-biet.xlsx", rename_unit)


# --- names and text that must come out literally ------------------------------------------

TRICKY_TEXT = '& < > " {{ 7*7 }} {% for %}'
TRICKY_NAMES = [
    "Xã Hương Phùng",
    "../../etc/passwd",
    "..\\..\\Windows\\win.ini",
    "Phường 1/Quận 3",
    "C:Xã A",
    "Xã\x00A\x1f\x7f",
    "CON",
    "nul",
    "",
    "   ",
    "Đ" * 300,
    TRICKY_TEXT,
    "市政府",
]

# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BadInput:
    key: str
    title: str  # Vietnamese, for docs/bad-inputs.md
    build: Callable[[Path], Path]
    exit_code: int  # what inspect_workbook answers: 2 refused, 0 accepted
    needle: str  # a piece of the expected message (or warning when accepted)


CORPUS: list[BadInput] = [
    BadInput("missing", "Tệp không tồn tại", missing_file, 2, "không tìm thấy tệp"),
    BadInput("folder", "Một thư mục mang đuôi .xlsx", folder_not_file, 2, "thư mục"),
    BadInput("empty", "Tệp rỗng (0 byte)", empty_file, 2, "tệp rỗng, không phải bảng tính Excel"),
    BadInput("text", "Tệp CSV/văn bản đổi đuôi .xlsx", text_as_xlsx, 2, "tệp văn bản"),
    BadInput("html", "Tệp HTML đổi đuôi .xlsx", html_as_xlsx, 2, "tệp HTML"),
    BadInput("xls", "Tệp .xls cũ (Excel 97-2003) đổi đuôi", xls_signature, 2, "định dạng .xls cũ"),
    BadInput("encrypted", "Tệp Excel có mật khẩu", encrypted_xlsx, 2, "mật khẩu"),
    BadInput("docx", "Tệp Word (.docx) đổi đuôi .xlsx", docx_renamed, 2, "tệp Word (.docx)"),
    BadInput("other_zip", "Tệp nén khác (không có xl/workbook.xml)", zip_without_workbook, 2,
             "không chứa xl/workbook.xml"),
    BadInput("truncated", "Tệp bị cắt cụt (tải/chép dở)", truncated_zip, 2, "bị cắt cụt"),
    BadInput("bad_crc", "Tệp hỏng (sai mã CRC)", bad_crc, 2, "CRC"),
    BadInput("zip_bomb", "Bom nén (60 MB số 0 nén lại)", zip_bomb, 2, "bom nén"),
    BadInput("declared_bomb", "Bom nén khai báo (mục lục ghi 4 GB)", declared_bomb, 2, "bom nén"),
    BadInput("lying_size", "Kích thước khai báo sai (nhỏ hơn thực tế)", lying_size, 2, "tệp bị hỏng"),
    BadInput("too_many", "Quá nhiều mục trong tệp nén (> 10 000)", too_many_members, 2, "mục (tối đa"),
    BadInput("billion_laughs", "“Billion laughs” (chuỗi thực thể XML)", billion_laughs, 2,
             "DOCTYPE/ENTITY"),
    BadInput("billion_laughs_utf16", "“Billion laughs” mã hóa UTF-16", billion_laughs_utf16, 2,
             "DOCTYPE/ENTITY"),
    BadInput("xxe", "Thực thể XML ngoài (XXE) trỏ tới /etc/passwd", external_entity, 2,
             "DOCTYPE/ENTITY"),
    BadInput("doctype_late", "DOCTYPE đặt sau 64 KB chú thích", doctype_after_padding, 2,
             "dài bất thường"),
    BadInput("external_link", "Công thức liên kết tới tệp ngoài", external_link, 0,
             "liên kết tới tệp ngoài"),
    BadInput("million_rows", "Trang tính 1 000 000 dòng", million_rows, 0, ""),
]


def by_key(key: str) -> BadInput:
    return next(b for b in CORPUS if b.key == key)


@dataclass(frozen=True)
class FormCase:
    key: str
    title: str  # Vietnamese, for docs/bad-inputs.md
    build: Callable[[Path, Path], Path]  # (generated form, folder) -> spoiled copy


FORM_CASES: list[FormCase] = [
    FormCase("form_filled", "Biểu mẫu điền đúng (đối chứng)", form_filled),
    FormCase("form_sheet_deleted", "Biểu mẫu bị xóa một trang phụ lục", form_sheet_deleted),
    FormCase("form_sheet_renamed", "Biểu mẫu bị đổi tên trang phụ lục", form_sheet_renamed),
    FormCase("form_header_changed", "Dòng tiêu đề cột bị sửa", form_header_changed),
    FormCase("form_text_in_numbers", "Chữ trong ô số («khoảng 200», «N/A»)", form_text_in_numbers),
    FormCase("form_negative", "Số âm trong ô số lượng", form_negative),
    FormCase("form_error_values", "Ô lỗi Excel (#DIV/0!, #REF!, #N/A)", form_error_values),
    FormCase("form_external_formula", "Công thức liên kết tệp ngoài (giá trị đã lưu 640)",
             form_external_formula),
    FormCase("form_tricky_unit", f"Tên đơn vị chứa ký tự đặc biệt `{TRICKY_TEXT}`", form_tricky_unit),
]


# --- whole runs: one command in a subprocess, per class of issue 14 -------------------------------
# Each case prepares a folder and returns the command line (after `reportgen`), the files that must
# not change, and the files the run may leave. tests/test_bad_inputs.py runs each in a subprocess
# (sys.executable -m reportgen) and asserts the exit code, the message, no traceback, time and peak
# memory (os.wait4), inputs unchanged and nothing else left in the folder.

MAX_SECONDS = 30
MAX_RSS_MB = 500


def _minimal_xlsx(path: Path, rows: dict[int, str], shared: str | None = None) -> Path:
    """A one-sheet workbook written as raw XML: `rows` maps a row number to its <c> elements."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
             'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else "") + "</Types>")
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel_ns}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{rel_ns}/sharedStrings" Target="sharedStrings.xml"/>'
               if shared is not None else "") + "</Relationships>")
    body = "".join(f'<row r="{r}">{cells}</row>' for r, cells in sorted(rows.items()))
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
                        f'"{rel_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel_ns}">'
                            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">'
                                     f'<sheetData>{body}</sheetData></worksheet>'),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="1" '
                                         f'uniqueCount="1"><si><t>{shared}</t></si></sst>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def far_cell(folder: Path) -> Path:
    """A value in the last column of the last row: calamine would build a 17-billion-cell grid."""
    return _minimal_xlsx(folder / "o-xa.xlsx", {1: '<c r="A1"><v>1</v></c>',
                                                1_048_576: '<c r="XFD1048576"><v>2</v></c>'})


def far_cell_smaller(folder: Path) -> Path:
    """ZZ30000: 21 million cells once read (5 GB and 20 s before the extent was checked)."""
    return _minimal_xlsx(folder / "o-xa-vua.xlsx", {1: '<c r="A1"><v>1</v></c>', 30_000: '<c r="ZZ30000"><v>2</v></c>'})


def shared_string_bomb(folder: Path) -> Path:
    """2,000 cells pointing at one 1 MB shared string: 4 GB once every cell is a Python string."""
    rows = {i: f'<c r="A{i}" t="s"><v>0</v></c>' for i in range(1, 2001)}
    return _minimal_xlsx(folder / "chuoi-lap.xlsx", rows, shared="ă" * 500_000)


def _set_raw(form: Path, dst: Path, sheet: str, ref: str, inner: str, cell_type: str | None = None) -> Path:
    dst.write_bytes(form.read_bytes())
    part = _sheet_part(dst, _sheetnames(dst).index(sheet))
    xml = set_cell_xml(_read_member(dst, part).decode("utf-8"), ref, inner, cell_type)
    return rewrite_zip(dst, dst, {part: xml.encode("utf-8")})


def form_formula_without_value(form: Path, folder: Path) -> Path:
    """A formula a program wrote without its cached value (never opened in Excel)."""
    sheet, ref = value_cells(form, limit=1)[0]
    return _set_raw(form, folder / "cong-thuc-chua-tinh.xlsx", sheet, ref, "<f>SUM(1,2)</f>")


def form_sheets_swapped(form: Path, folder: Path) -> Path:
    """The first two annex sheets swapped by name; a value typed in the first."""
    first, second = annex_sheets(form)[:2]
    sheet, ref = value_cells(form, limit=1)[0]

    def swap(wb):
        wb[sheet][ref] = 1250
        wb[first].title, wb[second].title = "tam", first
        wb["tam"].title = second
    return _spoil(form, folder, "doi-cho-trang.xlsx", swap)


def form_info_renamed(form: Path, folder: Path) -> Path:
    from reportgen.read.sheets import INFO_SHEET

    def rename(wb):
        wb[INFO_SHEET].title = "TT chung"
    return _spoil(form, folder, "doi-ten-thong-tin.xlsx", rename)


def form_escape_in_cell(form: Path, folder: Path) -> Path:
    """An escape sequence (clear screen) typed in a number cell: shown escaped, never raw."""
    sheet, ref = value_cells(form, limit=1)[0]  # Excel writes a control character as _x001B_
    return _set_raw(form, folder / "ky-tu-dieu-khien.xlsx", sheet, ref,
                    "<is><t>_x001B_[2J_x001B_[31m12\u202e</t></is>", "inlineStr")


def form_count_in_ratio(form: Path, folder: Path) -> Path:
    """138 typed where x/y is expected."""
    return _fill(form, folder, "so-trong-o-ty-so.xlsx", [138], kinds=("ratio",))


def form_parts_over_total(form: Path, folder: Path) -> Path:
    """Values `check` refuses (1e308); build must refuse them the same way."""
    return _fill(form, folder, "so-qua-lon.xlsx", [1e308])


def form_many_warnings(form: Path, folder: Path) -> Path:
    """3,000 rows no indicator matches, each holding a number: a warning each, capped when shown."""
    sheet = annex_sheets(form)[0]

    def add(wb):
        ws = wb[sheet]
        from reportgen.forms import annex as forms
        start = ws.max_row + 2
        for k in range(3000):
            ws.cell(start + k, forms.NAME_COL, f"Dòng lạ {k}")
            ws.cell(start + k, forms.FIRST_ROLE_COL + 1, k)
    return _spoil(form, folder, "nhieu-canh-bao.xlsx", add)


@dataclass(frozen=True)
class Run:
    args: list[str]  # after `reportgen`, run in the case's folder
    inputs: list[Path]  # files that must come out unchanged
    outputs: tuple[str, ...] = ()  # names the run may create in the folder
    exit_code: int = 0
    needle: str = ""  # in stdout or stderr
    check: Callable[[Path, str, str], None] | None = None  # more assertions: (folder, stdout, stderr)
    special: str = ""  # "close_pipe": stdout closed before the first line; "interrupt": Ctrl-C once an output appears


@dataclass(frozen=True)
class RunCase:
    key: str
    group: str  # the class of issue 14 it belongs to
    title: str  # Vietnamese, for docs/bad-inputs.md
    prepare: Callable[[Path, Path], Run]  # (folder, a blank form of FORM_PERIOD) -> the run


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def _sheet_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]


FORMULA_TEXT = "=cmd|' /C calc'!A0"


def cp1258(text: str) -> bytes:
    """What Notepad saves as "ANSI" on a Vietnamese Windows: letters with a tone mark written as the
    letter and a combining mark (cp1258 has no precomposed ỉ, ạ, ế...)."""
    import unicodedata
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", d[:-1]).encode("cp1258") + d[-1].encode("cp1258")
    return out


def _no_formula(name: str):
    def check(folder: Path, out: str, err: str) -> None:
        sheets = _sheet_xml(folder / name)
        assert not any("<f>" in x or "<f " in x for x in sheets), "a formula was written"
        assert any("cmd|" in x for x in sheets), "the text is missing"
    return check


def _docx_text(path: Path) -> str:
    import docx
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _run_cases() -> list[RunCase]:
    def far(folder, form):
        return Run(["check", far_cell(folder).name], [folder / "o-xa.xlsx"], exit_code=2,
                   needle="vượt quá cỡ một biểu mẫu")

    def far_smaller(folder, form):
        return Run(["check", far_cell_smaller(folder).name], [folder / "o-xa-vua.xlsx"], exit_code=2,
                   needle="ZZ30000")

    def bomb(folder, form):
        return Run(["check", shared_string_bomb(folder).name], [folder / "chuoi-lap.xlsx"], exit_code=2,
                   needle="chuỗi văn bản rất dài")

    def far_among_good(folder, form):
        sub = folder / "nop"
        sub.mkdir()
        good, bad = form_filled(form, sub), far_cell(sub)

        def check(folder, out, err):
            assert err.strip().splitlines()[-1].startswith("Đã kiểm tra 2 tệp"), err
            assert not [x for x in out.splitlines() if good.name in x and "Lỗi:" in x], out
        return Run(["check", "nop"], [good, bad], exit_code=2, needle=bad.name, check=check)

    def forms_formula(folder, form):
        return Run(["forms", "--period", FORM_PERIOD, "--unit", FORMULA_TEXT, "-o", "bieu-mau.xlsx"], [],
                   ("bieu-mau.xlsx",), 0, "Đã tạo biểu mẫu", _no_formula("bieu-mau.xlsx"))

    def aggregate_formula(folder, form):
        from reportgen import api
        from reportgen.core.period import Period
        unit = api.make_forms(Period.parse(FORM_PERIOD), folder / "don-vi.xlsx", unit=FORMULA_TEXT)
        return Run(["aggregate", unit.name, "-o", "tong-hop.xlsx"], [unit], ("tong-hop.xlsx",), 0, "",
                   _no_formula("tong-hop.xlsx"))

    def build_over_input(folder, form):
        data = form_filled(form, folder)
        return Run(["build", "annual", "--data", data.name, "-o", data.name, "--force"], [data], exit_code=2,
                   needle="trùng với tệp đầu vào")

    def sidecar_exists(folder, form):
        data = form_filled(form, folder)
        old = folder / "bao-cao.nguon.csv"
        old.write_text("bản cũ\n", encoding="utf-8")
        return Run(["build", "annual", "--data", data.name, "-o", "bao-cao.docx"], [data, old], exit_code=2,
                   needle="đã tồn tại")

    def under_a_file(folder, form):
        data = form_filled(form, folder)
        note = folder / "ghi-chu.txt"
        note.write_text("ghi chú\n", encoding="utf-8")
        return Run(["build", "annual", "--data", data.name, "-o", "ghi-chu.txt/bao-cao.docx"], [data, note],
                   exit_code=2, needle="là tệp, không phải thư mục")

    def build_refused(folder, form):
        data = form_parts_over_total(form, folder)
        return Run(["build", "annual", "--data", data.name, "-o", "bao-cao.docx"], [data], exit_code=1,
                   needle="số quá lớn")

    def build_draft(folder, form):
        data = form_parts_over_total(form, folder)

        def check(folder, out, err):
            assert "DỰ THẢO" in _docx_text(folder / "bao-cao.docx")
        return Run(["build", "annual", "--draft", "--data", data.name, "-o", "bao-cao.docx"], [data],
                   ("bao-cao.docx", "bao-cao.nguon.csv"), 0, "số quá lớn", check)

    def formula_no_value(folder, form):
        data = form_formula_without_value(form, folder)
        return Run(["check", data.name], [data], exit_code=1, needle="không lưu giá trị đã tính")

    def swapped(folder, form):
        data = form_sheets_swapped(form, folder)
        return Run(["check", data.name], [data], exit_code=0, needle="đọc theo nội dung")

    def info_renamed(folder, form):
        data = form_info_renamed(form, folder)
        return Run(["check", data.name], [data], exit_code=0, needle="đọc trang «TT chung»")

    def count_in_ratio(folder, form):
        data = form_count_in_ratio(form, folder)

        def check(folder, out, err):
            text = _docx_text(folder / "bao-cao.docx")
            assert "138/0" not in text and "138" in text, "the count is not written as a count"
        return Run(["build", "annual", "--draft", "--data", data.name, "-o", "bao-cao.docx"], [data],
                   ("bao-cao.docx", "bao-cao.nguon.csv"), 0, "", check)

    def units(encoding: str, bom: bytes = b""):
        def prepare(folder, form):
            from reportgen import api
            from reportgen.core.period import Period
            data = api.make_forms(Period.parse(FORM_PERIOD), folder / "son-ha.xlsx", unit="tỉnh Sơn Hà")
            listing = folder / "don-vi.txt"
            text = "# danh sách\ntỉnh Sơn Hà\n"
            listing.write_bytes(bom + (cp1258(text) if encoding == "cp1258" else text.encode(encoding)))

            def check(folder, out, err):
                assert "thiếu số liệu của đơn vị" not in out + err, out + err
            return Run(["aggregate", data.name, "--units", listing.name, "-o", "tong-hop.xlsx"], [data, listing],
                       ("tong-hop.xlsx",), 0, "", check)
        return prepare

    def units_folder(folder, form):
        data = form_filled(form, folder)
        (folder / "don-vi").mkdir()
        return Run(["aggregate", data.name, "--units", "don-vi", "-o", "tong-hop.xlsx"], [data], exit_code=2,
                   needle="thư mục")

    def units_fifo(folder, form):
        import os
        data = form_filled(form, folder)
        os.mkfifo(folder / "don-vi.txt")
        return Run(["aggregate", data.name, "--units", "don-vi.txt", "-o", "tong-hop.xlsx"], [data], exit_code=2,
                   needle="không phải tệp thông thường")

    def check_fifo(folder, form):
        import os
        os.mkfifo(folder / "ong.xlsx")
        return Run(["check", "ong.xlsx"], [], exit_code=2, needle="không phải tệp thông thường")

    def check_device(folder, form):
        return Run(["check", "/dev/zero"], [], exit_code=2, needle="không phải tệp thông thường")

    def escape(folder, form):
        data = form_escape_in_cell(form, folder)

        def check(folder, out, err):
            assert "\x1b" not in out + err and "\\x1b" in out, out
        return Run(["check", data.name], [data], exit_code=1, needle="không phải là số", check=check)

    def many(folder, form):
        data = form_many_warnings(form, folder)

        def check(folder, out, err):
            assert len(out.splitlines()) <= 30, len(out.splitlines())
            assert "Đã kiểm tra 1 tệp: 0 lỗi, 30" in err, err  # every warning still counted
        return Run(["check", data.name], [data], exit_code=0, needle="cảnh báo khác của tệp này", check=check)

    def broken_pipe(folder, form):
        data = form_many_warnings(form, folder)
        return Run(["check", data.name], [data], exit_code=-1, special="close_pipe")

    def interrupted(folder, form):
        src = folder / "nop"
        src.mkdir()
        made = [form_filled(form, src)]
        for k in range(15):
            made.append(_copy(made[0], src / f"don-vi-{k:02d}.xlsx"))
        return Run(["build", "annual", "--batch", "nop", "-o", "van-ban", "--jobs", "2"], made, ("van-ban",),
                   130, "Đã dừng", special="interrupt")

    return [
        RunCase("far_cell", "1. Đọc có giới hạn", "Một giá trị ở ô XFD1048576", far),
        RunCase("far_cell_smaller", "1. Đọc có giới hạn", "Một giá trị ở ô ZZ30000 (21 triệu ô)", far_smaller),
        RunCase("shared_string_bomb", "1. Đọc có giới hạn", "2.000 ô trỏ tới một chuỗi 1 MB", bomb),
        RunCase("far_cell_among_good", "1. Đọc có giới hạn", "Thư mục: một tệp tốt và một tệp ô ở xa",
                far_among_good),
        RunCase("formula_unit_forms", "2. Chữ vẫn là chữ", f"`forms --unit \"{FORMULA_TEXT}\"`", forms_formula),
        RunCase("formula_unit_aggregate", "2. Chữ vẫn là chữ", "Tổng hợp đơn vị có tên dạng công thức",
                aggregate_formula),
        RunCase("build_over_input", "3. Kết quả là kết quả", "`build -o` chính tệp số liệu, có `--force`",
                build_over_input),
        RunCase("sidecar_exists", "3. Kết quả là kết quả", "Tệp .nguon.csv đã có, không `--force`", sidecar_exists),
        RunCase("output_under_file", "3. Kết quả là kết quả", "`-o` nằm dưới một tệp", under_a_file),
        RunCase("interrupted_batch", "3. Kết quả là kết quả", "Ctrl-C khi đang lập hàng loạt", interrupted),
        RunCase("build_refused", "4. build kiểm tra trước", "`build` với số liệu `check` báo lỗi (1e308)",
                build_refused),
        RunCase("build_draft", "4. build kiểm tra trước", "`build --draft` với số liệu còn lỗi", build_draft),
        RunCase("formula_without_value", "5. Không bỏ sót", "Công thức không có giá trị đã lưu", formula_no_value),
        RunCase("sheets_swapped", "5. Không bỏ sót", "Hai trang phụ lục đổi tên cho nhau", swapped),
        RunCase("info_renamed", "5. Không bỏ sót", "Trang «Thông tin chung» bị đổi tên", info_renamed),
        RunCase("count_in_ratio", "5. Không bỏ sót", "Số 138 gõ vào ô dạng x/y", count_in_ratio),
        RunCase("units_utf16", "6. Lỗi hệ điều hành, mã hóa", "`--units` UTF-16", units("utf-16")),
        RunCase("units_utf8_bom", "6. Lỗi hệ điều hành, mã hóa", "`--units` UTF-8 có BOM",
                units("utf-8", b"\xef\xbb\xbf")),
        RunCase("units_cp1258", "6. Lỗi hệ điều hành, mã hóa", "`--units` cp1258", units("cp1258")),
        RunCase("units_folder", "6. Lỗi hệ điều hành, mã hóa", "`--units` là thư mục", units_folder),
        RunCase("units_fifo", "6. Lỗi hệ điều hành, mã hóa", "`--units` là ống dẫn (FIFO)", units_fifo),
        RunCase("check_fifo", "6. Lỗi hệ điều hành, mã hóa", "`check` một ống dẫn (FIFO)", check_fifo),
        RunCase("check_device", "6. Lỗi hệ điều hành, mã hóa", "`check /dev/zero`", check_device),
        RunCase("escape_in_cell", "7. In ra màn hình an toàn", "Ký tự điều khiển ESC trong ô", escape),
        RunCase("many_warnings", "7. In ra màn hình an toàn", "3.000 cảnh báo trong một tệp", many),
        RunCase("broken_pipe", "7. In ra màn hình an toàn", "`check … | head -0` (đầu đọc đóng trước)", broken_pipe),
    ]


RUN_CASES: list[RunCase] = _run_cases()
