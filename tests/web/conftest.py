"""Fixtures of the web tests (see web_support.py): two nämnder, their reports and users."""

from __future__ import annotations

from .web_support import world

__all__ = ["world"]
