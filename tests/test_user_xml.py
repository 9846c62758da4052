"""XML that comes from users is parsed without expanding entities (a template's theme part)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from reportgen.docx import oxml

THEME = ('<?xml version="1.0"?><!DOCTYPE a:theme [<!ENTITY secret SYSTEM "file://{path}">'
         '<!ENTITY inner "EXPANDED">]>'
         '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>'
         '<a:fontScheme name="x"><a:majorFont><a:latin typeface="Calibri"/></a:majorFont>'
         '<a:minorFont><a:latin typeface="Calibri"/></a:minorFont></a:fontScheme></a:themeElements>'
         '<a:extLst><a:ext uri="x">{ref}</a:ext></a:extLst></a:theme>')


@pytest.mark.parametrize("ref", ["&secret;", "&inner;"])
def test_theme_of_a_template_never_expands_entities(tmp_path, ref):
    secret = tmp_path / "secret.txt"
    secret.write_text("NOI-DUNG-MAT", encoding="utf-8")
    part = SimpleNamespace(blob=THEME.format(path=secret, ref=ref).encode(), _blob=None)
    document = SimpleNamespace(part=SimpleNamespace(rels={"rId1": SimpleNamespace(reltype=RT.THEME, target_part=part)}))
    oxml.set_theme_fonts(document, "Times New Roman")
    out = part._blob.decode("utf-8")
    assert out.count('typeface="Times New Roman"') == 2
    assert "NOI-DUNG-MAT" not in out and "EXPANDED" not in out
    assert ref in out  # kept as a reference, as written
