"""The ledger: imported accounting rows (utfall, budget) stored in an embedded DuckDB file,
mapped onto the report's dimensions and aggregated into economic facts."""
