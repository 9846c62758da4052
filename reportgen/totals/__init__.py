"""Totals over many units: aggregation and its per-unit breakdown sheet."""
