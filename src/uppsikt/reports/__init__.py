"""The report: its model (model.py), built from the computed figures (build/) and rendered to
HTML, Word, PDF, Excel and an open data package (publish.py dispatches)."""
