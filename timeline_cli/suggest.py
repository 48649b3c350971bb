"""Close matches for "did you mean": one core for every suggestion.

Unknown fields, keys and rule parts, misspelt ids and zone names all go through
:func:`close_matches`; each site says how many it wants and how close they must be,
and :func:`did_you_mean` words the usual one-choice hint.
"""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(
    word: str, choices: Iterable[str], *, n: int = 1, cutoff: float = 0.6
) -> list[str]:
    """Up to ``n`` of ``choices`` close to ``word``, the closest first."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'title'?)`` for the closest choice, or an empty string."""
    close = close_matches(word, choices)
    return f" (did you mean {close[0]!r}?)" if close else ""
