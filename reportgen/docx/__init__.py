"""Stage 6, docx: rendering a Document into a .docx (layout, raw XML helpers) and PDF."""
