"""Print a `Document` into a .docx: docxtpl fills the template, python-docx writes the body.

    render_document(doc, Path("bao-cao.docx"))                 # templates/docx/bao-cao.docx
    render_document(doc, out, template=Path("my-layout.docx"))  # an officer's restyled copy

The template gets the letterhead, title, closing and signature through tags; the sections
arrive as one docxtpl Subdoc (`{{p body }}`); the appendices follow in landscape sections.
Templates run in one shared sandboxed Jinja environment with autoescape and StrictUndefined,
so data is always printed literally and a broken or unsafe template raises `TemplateError`.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import re
import zipfile
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.exceptions
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from reportgen.docx import layout as docx_layout
from reportgen.docx import letterhead
from reportgen.words import wording
from reportgen.documents.model import Comment, DocInfo, Document, draft_paragraphs
from reportgen.core.errors import TemplateError
from reportgen.core.numbers import fmt_place_date
from reportgen.core.outputs import atomic_output
from reportgen.core.paths import docx_file

TEMPLATE_FILES = {
    "report": "bao-cao.docx",
    "plan": "ke-hoach.docx",
    "hdnd": "bao-cao-hdnd.docx",
}

class _Environment(SandboxedEnvironment):
    """SandboxedEnvironment that compiles each template text once per process: docxtpl hands
    it the same part XML (and core properties) for every document made from one template."""

    _MAX = 32

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiled: dict[tuple, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = (source, self.autoescape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = super().from_string(source)
            if len(self._compiled) >= self._MAX:
                self._compiled.clear()
            self._compiled[key] = compiled
        return compiled


# One environment for every template: data is escaped, unknown names fail, no internals.
ENV = _Environment(autoescape=True, undefined=jinja2.StrictUndefined)
ENV.filters.update(wording.jinja_filters())  # {{ ind("tre_em_duoi_16") | compare }} and friends

BLANK_NUMBER = " " * 6
BLANK_DAY = " " * 5

# Characters XML 1.0 forbids (Excel cells sometimes carry them); vertical tab = line break.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.S)
_OPEN_TAG = re.compile(r"\{[{%#][^}]*$|\{[{%#][^}]*\}(?!\})")


def default_template(kind: str) -> Path:
    """templates/docx/bao-cao.docx, ke-hoach.docx or bao-cao-hdnd.docx for a document kind."""
    try:
        return docx_file(TEMPLATE_FILES[kind])
    except KeyError:
        raise ValueError(f"unknown document kind {kind!r}; expected one of "
                         f"{sorted(TEMPLATE_FILES)}") from None


def atomic_write_path(out_path: Path | str):
    """A temporary path next to `out_path` that replaces it only on success (see reportgen.outputs)."""
    return atomic_output(Path(out_path), force=True)


def render_document(doc: Document, out_path: Path, template: Path | None = None,
                    comments: list | None = None, extra_context: dict | None = None) -> None:
    """Write `doc` to `out_path` (atomically) with `template` or the default for `doc.kind`.

    comments: `Comment`s (or (section id, text) pairs) shown in Word beside the heading of
    the section with that id.
    Raises TemplateError if the template cannot be opened, has a syntax error, uses a
    name the context lacks, or reaches for Python internals.
    """
    doc = _clean(doc)
    template = Path(template) if template is not None else default_template(doc.kind)
    tpl = _fresh_template(template)  # with the styles reportgen writes with (define_styles)

    body = _Body(tpl)
    headings = docx_layout.write_body(body, draft_paragraphs(doc) + doc.intro, doc.sections)  # draft: issue 14
    for comment in _comments(comments):
        if comment.target not in headings:
            raise ValueError(f"comment target {comment.target!r} is not a section id")
        paragraph = headings[comment.target]
        body.add_comment(paragraph.runs, text=comment.text, author=comment.author,
                         initials=comment.initials)

    context = build_context(doc, body)
    _render(tpl, template, {**(extra_context or {}), **context})
    letterhead.shrink_letterhead(tpl.docx, context["_letterhead_sizes"])

    rendered = tpl.docx
    tables = docx_layout.DeferredTables()  # the appendix tables, as XML text until the save
    for appendix in doc.appendices:
        docx_layout.add_appendix(rendered, appendix, deferred=tables)
    if doc.appendices:
        docx_layout.add_end_paragraph(rendered)

    with atomic_write_path(out_path) as tmp:
        _save(tpl, tmp, tables)


# Deflate level of the parts: 3 is about as fast as 1 and close to the size of the default 6,
# which took a third of the save (the main part is ~2 MB of XML with every annex).
COMPRESS_LEVEL = 3


def _save(tpl: DocxTemplate, path: Path, tables: docx_layout.DeferredTables) -> None:
    """What `tpl.save(path)` writes (python-docx's OpcPackage.save: the same members in the same
    order), with the appendix tables spliced into the main part and our deflate level."""
    if tpl.crc_to_new_media or tpl.crc_to_new_embedded or tpl.zipname_to_replace or tpl.pics_to_replace:
        raise ValueError("render._save: docxtpl media replacement is not supported")
    main = tpl.docx.part
    package = main.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as z:
        z.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        z.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            blob = tables.splice(part.blob) if part is main else part.blob
            z.writestr(part.partname.membername, blob)
            if len(part.rels):
                z.writestr(part.partname.rels_uri.membername, part.rels.xml)


# --- context -------------------------------------------------------------------------------

def build_context(doc: Document, body) -> dict:
    """What the template tags see (see scripts/make_templates.py for the tags used)."""
    info = doc.info
    width = letterhead.letterhead_width_mm()
    parent, parent_size = letterhead.agency_lines(info.parent_agency.upper(), width, bold=False)
    issuer, issuer_size = letterhead.agency_lines(info.issuer.upper(), width, bold=True)
    sizes = {line: parent_size for line in parent if parent_size < letterhead.LETTERHEAD_SIZE}
    sizes.update({line: issuer_size for line in issuer if issuer_size < letterhead.LETTERHEAD_SIZE})
    return {
        "kind": doc.kind,
        "info": info,
        "parent_lines": parent,
        "issuer_lines": issuer,
        "_letterhead_sizes": sizes,
        "title": doc.title,
        "subject": letterhead.subject_lines(doc.subject),
        "recipient_line": doc.recipient_line,
        "closing": doc.closing,
        "number_line": number_line(info),
        "date_line": date_line(info),
        "recipient_lines": recipient_lines(info.recipients),
        "body": body,
    }


def number_line(info: DocInfo) -> str:
    """"Số: 245/BC-SYT"; with no number yet "Số:      /BC-SYT"."""
    number = info.doc_number.strip()
    code = info.doc_code.strip()
    if number and ("/" in number or not code):
        return f"Số: {number}"
    return f"Số: {number}/{code}" if number else f"Số:{BLANK_NUMBER}/{code}"


def date_line(info: DocInfo, today: datetime.date | None = None) -> str:
    """"Quảng Trị, ngày 05 tháng 02 năm 2025" (Nghị định 30: 0 before days < 10 and months 1, 2).

    Without a date: "Quảng Trị, ngày     tháng     năm 2025" (year from `info.year` or today).
    """
    if info.date is not None:
        return fmt_place_date(info.place, info.date)  # babel, as every date reportgen writes
    year = info.year or (today or datetime.date.today()).year
    text = f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"
    place = info.place.strip()
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def recipient_lines(recipients: list[str]) -> list[str]:
    """"- Bộ Y tế;" for each recipient, the last one ending with "." ("- Lưu: VT, …")."""
    items = [r.strip() for r in recipients if r and r.strip()]
    out = []
    for i, item in enumerate(items):
        item = item.lstrip("-–• ").rstrip()
        item = re.sub(r"[;.,]+$", "", item)
        out.append(f"- {item}{'.' if i == len(items) - 1 else ';'}")
    return out


def _none_to_empty(value, annotation):
    """None where the dataclass declares str or list prints as "" / [] (never "None")."""
    if value is not None:
        return value
    annotation = str(annotation)
    if annotation == "str":
        return ""
    if annotation.startswith("list"):
        return []
    return None


def _comments(comments: list | None) -> list[Comment]:
    out = []
    for c in comments or []:
        if isinstance(c, Comment):
            out.append(c)
        elif isinstance(c, dict):
            out.append(Comment(**c))
        else:
            target, text = c
            out.append(Comment(str(target), str(text)))
    return out


def _clean(value):
    """A copy of the document with XML-illegal characters removed from every string."""
    kind = type(value)
    if kind is str:
        if value.isprintable():  # nothing to change (the common case, checked in C)
            return value
        return _ILLEGAL_XML.sub("", value.replace("\x0b", "\n").replace("\r\n", "\n"))
    if kind is list:  # printable strings (most table cells) kept without a call
        return [v if type(v) is str and v.isprintable() else _clean(v) for v in value]
    if kind is dict:
        return {k: v if type(v) is str and v.isprintable() else _clean(v) for k, v in value.items()}
    spec = _init_fields(kind)
    if spec:
        return dataclasses.replace(value, **{
            name: _clean(_none_to_empty(getattr(value, name), annotation)) for name, annotation in spec})
    if dataclasses.is_dataclass(kind):  # a dataclass without init fields
        return dataclasses.replace(value)
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value.replace("\x0b", "\n").replace("\r\n", "\n"))
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _init_fields(kind: type) -> tuple:
    """The init fields (name, annotation) of a dataclass type; () for any other type."""
    return tuple((f.name, f.type) for f in dataclasses.fields(kind) if f.init) if dataclasses.is_dataclass(kind) else ()


# --- template handling and errors -----------------------------------------------------------

def _open_template(template: Path) -> DocxTemplate:
    if not template.is_file():
        raise TemplateError(f"Không tìm thấy tệp mẫu {template.name}.", file=str(template))
    tpl = DocxTemplate(str(template))
    try:
        tpl.get_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise TemplateError(f"Tệp mẫu {template.name} không phải tệp Word (.docx) hợp lệ "
                            f"({exc}).", file=str(template)) from None
    return tpl


class _DocxTemplate(DocxTemplate):
    """DocxTemplate with docxtpl's text passes made cheaper, same results:

    * patch_xml (a dozen regular expressions over a part's XML) is remembered per XML text:
      every document made from one template hands it the same text;
    * resolve_listing (tabs, line breaks, \\a and \\f inside w:t become runs, breaks and
      paragraphs) looks only at the paragraphs holding one of those characters; the others
      come back unchanged from docxtpl's own pass anyway.
    """

    _patched: dict[str, str] = {}
    _LISTING = ("\t", "\a", "\n", "\f")
    _PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as docxtpl's pass

    def patch_xml(self, src_xml):
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = super().patch_xml(src_xml)
            if len(self._patched) >= 32:
                self._patched.clear()
            self._patched[src_xml] = patched
        return patched

    def resolve_listing(self, xml):
        if not any(ch in xml for ch in self._LISTING):
            return xml
        resolve = super().resolve_listing

        def paragraph(m):
            text = m.group(0)
            return resolve(text) if any(ch in text for ch in self._LISTING) else text

        return self._PARAGRAPH.sub(paragraph, xml)


class _Body(Subdoc):
    """`tpl.new_subdoc()` without loading python-docx's default document from disk for each
    report only to hold a body: an empty body whose part is the template's main part (as
    docxtpl does), so styles, comments and relationships resolve in the template."""

    def __init__(self, tpl: DocxTemplate):  # noqa: D107 - no super().__init__: it loads that file
        self.tpl = tpl
        self.docx = tpl.get_docx()
        self.subdocx = DocxDocument(parse_xml(f"<w:document {nsdecls('w')}><w:body/></w:document>"),
                                    self.docx._part)


def _fresh_template(template: Path) -> DocxTemplate:
    """A DocxTemplate of `template`, ready to render, without parsing the file again.

    The file is opened and checked once per process (and again when it changes on disk),
    `define_styles(only_missing=True)` is applied to that copy, and each document gets a deep
    copy of it. The styles part (350 KB of XML, most of the copying) is shared by the copies:
    nothing after define_styles changes it (the body, tables and comments only look styles up).
    """
    if not template.is_file():
        raise TemplateError(f"Không tìm thấy tệp mẫu {template.name}.", file=str(template))
    st = template.stat()
    pristine, styles = _pristine(str(template), st.st_mtime_ns, st.st_size, st.st_ino)
    tpl = _DocxTemplate(str(template))
    tpl.docx = copy.deepcopy(pristine, {id(styles): styles})
    return tpl


@lru_cache(maxsize=8)  # per file and version of it (modification time, size, inode)
def _pristine(name: str, _mtime_ns: int, _size: int, _ino: int) -> tuple:
    """The opened template with define_styles applied, and its styles element."""
    pristine = _open_template(Path(name)).get_docx()
    docx_layout.define_styles(pristine, only_missing=True)
    return pristine, pristine.styles.element


def prepare_template(template: Path) -> None:
    """Open and check `template` now (TemplateError if it is broken) and keep it for the
    documents this process will render (batch workers call this once)."""
    _fresh_template(template)


def _render(tpl: DocxTemplate, template: Path, context: dict) -> None:
    name = template.name
    try:
        tpl.render(context, ENV, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        tag = _offending_tag(tpl, exc, exc.lineno)
        raise TemplateError(
            f"Thẻ {tag} trong mẫu {name} sai cú pháp ({exc.message}). Hãy gõ lại thẻ này "
            f"liền một lần trong Word (Word hay tách thẻ khi sửa định dạng giữa chừng).",
            file=str(template)) from None
    except (jinja2.exceptions.SecurityError, jinja2.UndefinedError) as exc:
        tag = _offending_tag(tpl, exc, _template_line(exc),
                             hint=_attribute(exc) or _undefined_name(exc))
        if isinstance(exc, jinja2.exceptions.SecurityError) or "__" in tag:
            raise TemplateError(
                f"Thẻ {tag} trong mẫu {name} truy cập thành phần nội bộ, không được phép "
                f"({exc}).", file=str(template)) from None
        raise TemplateError(
            f"Thẻ {tag} trong mẫu {name} dùng tên không có trong dữ liệu báo cáo "
            f"({exc.message}).", file=str(template)) from None
    except jinja2.TemplateError as exc:
        tag = _offending_tag(tpl, exc, _template_line(exc))
        raise TemplateError(f"Lỗi ở thẻ {tag} trong mẫu {name} ({exc}).",
                            file=str(template)) from None
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {name} sau khi điền không còn là XML hợp lệ ({exc}); kiểm tra "
            f"các thẻ {{%p …%}}, {{%tr …%}} (mỗi thẻ phải nằm riêng một đoạn/dòng bảng).",
            file=str(template)) from None


def _template_line(exc: BaseException) -> int | None:
    """The template line of a runtime error, from Jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _attribute(exc: BaseException) -> str | None:
    m = re.search(r"attribute '([^']+)'", str(exc))
    return m.group(1) if m else None


def _undefined_name(exc: BaseException) -> str | None:
    m = re.search(r"'([^']+)' is undefined", str(exc)) or re.search(
        r"no attribute '([^']+)'", str(exc))
    return m.group(1) if m else None


def _part_source(tpl: DocxTemplate) -> str:
    """The text docxtpl handed to Jinja for the part that failed (same line numbers)."""
    part = getattr(tpl, "current_rendering_part", None)
    if part is None or part is tpl.docx._part:
        xml = tpl.get_xml()
    else:
        xml = tpl.get_part_xml(part)
    xml = tpl.patch_xml(xml)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _offending_tag(tpl: DocxTemplate, exc: BaseException, lineno: int | None,
                   hint: str | None = None) -> str:
    """The tag text, as the officer typed it, that made Jinja fail ("«{{ … }}»")."""
    try:
        source = _part_source(tpl)
    except Exception:  # pragma: no cover - best effort only
        return "«?»"
    lines = source.split("\n")
    candidates: list[str] = []
    if lineno and 0 < lineno <= len(lines):
        text = _plain(lines[lineno - 1])
        candidates = _TAG.findall(text) or _OPEN_TAG.findall(text)
    if hint:
        hinted = [t for t in (candidates or _TAG.findall(_plain(source))) if hint in t]
        candidates = hinted or candidates
    if not candidates and "end of template" in str(exc):
        candidates = _unclosed_blocks(_plain(source))
    if not candidates:
        return "«?»"
    return "«" + candidates[0].strip() + "»"


def _plain(xml: str) -> str:
    text = re.sub(r"<[^>]+>", "", xml)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                         ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _unclosed_blocks(text: str) -> list[str]:
    """Block tags ({% if %}, {% for %}, …) that never get their {% end… %}."""
    stack: list[tuple[str, str]] = []
    for tag in re.findall(r"\{%.*?%\}", text, re.S):
        m = re.match(r"\{%-?\s*(?:(?:p|r|tr|tc)\s+)?(\w+)", tag)
        if not m:
            continue
        word = m.group(1)
        if word in ("if", "for", "with", "macro", "block", "filter", "call", "raw"):
            stack.append((word, tag))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return [tag for _, tag in stack]
