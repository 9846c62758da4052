"""Stage 1, reading: workbook safety checks, typed cells, the forms' layout, and the tolerant reader that turns filled workbooks into a Dataset."""
