"""Logging filters for the web application's settings."""

from __future__ import annotations

import logging


class WithoutTraceback(logging.Filter):
    """Keeps a record's message and drops its traceback: a request with a foreign ``Host``
    header is a client's mistake (or a probe), answered 400, and a stack trace for each would
    let anyone fill the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
