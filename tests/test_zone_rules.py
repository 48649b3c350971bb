"""One rule for zone abbreviations, and the system zone from a POSIX ``TZ``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_error, event_toml, invoke, list_whens, write_timeline

SUMMER = event_toml("2024-07-01T17:00:00+00:00", title="Summer")
WINTER = event_toml("2024-01-24T17:00:00+00:00", title="Winter")


def whens(path: Path, *args: str) -> list[str]:
    return list_whens(path, *args)


# --- abbreviations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"), [(SUMMER, "2024-07-01 12:00 EST"), (WINTER, "2024-01-24 12:00 EST")]
)
def test_list_tz_est_is_minus_five_all_year(tmp_path: Path, body: str, shown: str) -> None:
    """``--tz EST`` shows times at -05:00 in July too (never New York's EDT)."""
    assert whens(write_timeline(tmp_path, body), "--tz", "EST") == [shown]


def test_list_tz_edt_is_minus_four(tmp_path: Path) -> None:
    """``--tz EDT`` is -04:00, in January too."""
    assert whens(write_timeline(tmp_path, WINTER), "--tz", "EDT") == ["2024-01-24 13:00 EDT"]


def test_list_tz_kst_is_seoul(tmp_path: Path) -> None:
    """``--tz KST`` is Asia/Seoul."""
    assert whens(write_timeline(tmp_path, SUMMER), "--tz", "KST") == ["2024-07-02 02:00 KST"]


def test_add_tz_est_is_not_new_york(tmp_path: Path) -> None:
    """``add --tz EST`` in July never stores New York's EDT: EST is a fixed offset,
    which an event's zone cannot be (exit 2, nothing written)."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024-07-01 18:00", "--tz", "EST", "-f", str(path)])
    assert_error(result, 2, "--tz 'EST'")
    assert not path.exists()


def test_a_time_with_est_in_july_is_refused(tmp_path: Path) -> None:
    """``--start "2024-07-01 18:00 EST"``: EST is not in force in New York in July."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024-07-01 18:00 EST", "-f", str(path)])
    assert_error(result, 2, "EST is not in effect in America/New_York on 2024-07-01")
