"""The domain model: frozen, typed records with no I/O. Money is Decimal, in kronor."""
