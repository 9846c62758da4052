"""Foundation shared by every stage: errors, the typed data model, periods, the indicator catalog, paths, Vietnamese number text, findings and safe output files."""
