"""Fillable workbooks handed to units: the annex forms and the work-plan form."""
