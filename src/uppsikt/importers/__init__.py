"""Readers of accounting exports (SIE, CSV, Excel) producing ledger rows and diagnostics."""
