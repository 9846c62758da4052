"""Stage 3, facts: the arithmetic of each figure against the previous period and the plan."""
