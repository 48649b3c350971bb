"""The events files on disk: reading them, caching their parse, changing them safely.

One room per concern:

- ``files.py``: finding, reading, decoding and loading files; ``FileData``,
  ``Timeline``, ``load``; large files through the parse cache.
- ``validate.py``: the header, top-level keys, located problems, unique ids.
- ``codec.py``: TOML in and out (the only importer of ``tomli`` and ``tomli_w``);
  events as TOML tables.
- ``spans.py``: where headers, events and keys are in a file's text.
- ``cache.py``: the parse cache.
- ``changes.py``: ``Change``, ``write_change`` and friends: a change planned under
  the lock, written atomically, read back and checked.
- ``patch.py``: an edited event's block rewritten in place.
- ``lock.py``: the writers' lock. ``atomic.py``: atomic replacement of a file.

This package re-exports the reading side (what ``list`` needs); the writing side is
imported from its own module, so reading commands never load it.
"""

from timeline_cli.store.codec import parse_toml
from timeline_cli.store.files import (
    CACHE_MIN_BYTES,
    CACHE_MIN_EVENTS,
    CURRENT,
    Current,
    FileData,
    Timeline,
    decode,
    extended,
    load,
    load_bytes,
    load_file,
    read_bytes,
    read_header,
    remember,
)
from timeline_cli.store.validate import (
    DEFAULT_ZONE,
    HEADER_FIELDS,
    TOP_LEVEL,
    FileProblems,
    check_duplicates,
    duplicate,
    event_label,
    header_fields,
    located,
    not_tables,
    unique_ids,
)

__all__ = [
    "CACHE_MIN_BYTES",
    "CACHE_MIN_EVENTS",
    "CURRENT",
    "DEFAULT_ZONE",
    "HEADER_FIELDS",
    "TOP_LEVEL",
    "Current",
    "FileData",
    "FileProblems",
    "Timeline",
    "check_duplicates",
    "decode",
    "duplicate",
    "event_label",
    "extended",
    "header_fields",
    "load",
    "load_bytes",
    "load_file",
    "located",
    "not_tables",
    "parse_toml",
    "read_bytes",
    "read_header",
    "remember",
    "unique_ids",
]
