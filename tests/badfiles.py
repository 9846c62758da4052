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
