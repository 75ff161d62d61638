"""Rendered pieces of pages that show only computed figures, kept by the files they come from.

The reference picker and the indicator table show what computing gives, and computing never
reads the narrative texts. Such a piece is kept under a *figures key*, a hash of every file of
the report but the texts (:func:`figures_key`): saving a text keeps it, saving a value or any
other file gives a new key, so a piece never shows a figure as it was before a save. A piece
is kept in this process's memory and in Django's cache, so one serving process renders it
for all; a process that finds it there does not even compute the report (the loaded state
computes on first use).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from uppsikt.web.services.loaded import Loaded

KEEP = 64
"""Pieces kept in this process's memory, the most recently used."""
SHARED_SECONDS = 60 * 60
"""How long Django's cache keeps a piece (a key's piece never changes; a report saved again
has a new key, and the old one is of no more use)."""


def figures_key(loaded: Loaded) -> str:
    """A hash of the files the figures of ``loaded`` are computed from: each file's path and
    content hash, the narrative texts (text/*.md) left out."""
    digest = hashlib.sha256()
    for path, sha in sorted(loaded.files.items()):
        if not _is_text(path):
            digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()[:40]


def _is_text(path: str) -> bool:
    folder, _, name = path.partition("/")
    return folder == "text" and "/" not in name and name.endswith(".md")


def fragment(name: str, loaded: Loaded, render: Callable[[], str]) -> SafeString:
    """The piece ``name`` of ``loaded`` (HTML that ``render`` makes, escaped by it): from
    this process's memory, from the shared cache, or rendered and kept in both.

    Only for a state that could be read (``loaded.ws``): when the texts are why a report
    cannot be read, the figures key alone would find the piece of a readable state."""
    if loaded.ws is None:
        raise ValueError("a piece of figures needs a readable report")
    key = f"uppsikt:{name}:{figures_key(loaded)}"
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    shared = cache.get(key)
    if isinstance(shared, str):
        found = mark_safe(shared)  # rendered and escaped by ``render``, in some process
    else:
        found = mark_safe(render())  # ``render`` escapes what it renders
        cache.set(key, str(found), SHARED_SECONDS)
    with _lock:
        _kept[key] = found
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return found


_kept: OrderedDict[str, SafeString] = OrderedDict()
_lock = threading.Lock()
