"""Stage 5, documents: outlines and the content of the six-month and annual reports, the HĐND submission, the work plan and their appendices, as plain Document objects."""
