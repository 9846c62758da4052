"""Stage 2, checks: consistency rules over a Dataset, reported as findings at their cells."""
