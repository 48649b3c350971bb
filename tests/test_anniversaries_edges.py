"""`timeline anniversaries` at the ends of the calendar: no overflow, no traceback."""

from __future__ import annotations

import pytest

from tests.helpers import SAMPLE, invoke

ZONES = ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT-14", "Etc/GMT+12")


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-25", "0001-01-01"])
@pytest.mark.parametrize("within", ["0", "5", "400"])
def test_last_and_first_days_of_the_calendar(zone: str, day: str, within: str) -> None:
    """Looking from 0001-01-01 or 9999-12-31, in any zone and window, works (exit 0)."""
    args = ["anniversaries", "-f", str(SAMPLE), "--on", day, "--within", within, "--tz", zone]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
