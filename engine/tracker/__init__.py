"""Spreadsheet job trackers: reading one as CSV into a timeline (`followup import`) and writing
a timeline's applications back as one (`followup export`). docs/import.md is the contract."""
