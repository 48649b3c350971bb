"""The zone database: always the tzdata package, whatever the system has or PYTHONTZPATH says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from timeline_cli import __version__

SYSTEM_DB = Path("/usr/share/zoneinfo")
SCRIPT = shutil.which("timeline", path=str(Path(sys.executable).parent))
needs_script = pytest.mark.skipif(SCRIPT is None, reason="no timeline console script installed")

# A release after 2025b moved the start of Colombia's 1992 daylight time from 3 May to
# 2 May (2025b, the system database here, still has 3 May): at noon on 2 May the
# package says -04, the older database -05. A historical correction, so later
# releases keep it; where the system has it too, the source tests below still prove
# where zones come from.
ZONE = "America/Bogota"
WALL = datetime(1992, 5, 2, 12, 0)


def package_file(key: str) -> Traversable:
    """The zone file ``key`` inside the installed tzdata package."""
    found = files("tzdata").joinpath("zoneinfo")
    for part in key.split("/"):
        found = found.joinpath(part)
    return found


def package_zone(key: str) -> ZoneInfo:
    """``key`` read straight from the tzdata package's file, past every search path."""
    with package_file(key).open("rb") as stream:
        return ZoneInfo.from_file(stream, key=key)


def system_zone_file(key: str) -> ZoneInfo | None:
    """``key`` read from the system database, or None where the system has none."""
    path = SYSTEM_DB / key
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return ZoneInfo.from_file(stream, key=key)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The installed ``timeline`` script with ``env`` added to this test's environment."""
    assert SCRIPT is not None
    return subprocess.run(
        [SCRIPT, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def events_file(tmp_path: Path) -> Path:
    """One event at ``WALL`` in ``ZONE``."""
    path = tmp_path / "events.toml"
    path.write_text(
        f'[[events]]\nid = "noon"\ntitle = "Noon"\nstart = {WALL.isoformat()}\n'
        f'timezone = "{ZONE}"\n',
        encoding="utf-8",
    )
    return path


@needs_script
def test_version_shows_the_package_release() -> None:
    """``timeline --version`` names the IANA release that the tzdata package holds."""
    with package_file("tzdata.zi").open("r", encoding="utf-8") as stream:
        release = stream.readline().removeprefix("# version").strip()
    import tzdata  # type: ignore[import-untyped]

    assert release == tzdata.IANA_VERSION
    done = run(["--version"])
    assert done.stdout == f"timeline {__version__} (time zones: tzdata {release})\n"


@needs_script
def test_list_uses_the_package_even_with_pythontzpath(tmp_path: Path) -> None:
    """A zone's offset is the package's, even with PYTHONTZPATH naming the system database."""
    local = WALL.replace(tzinfo=package_zone(ZONE))
    expected = f"{local.astimezone(UTC):%Y-%m-%d %H:%M} UTC  {WALL:%H:%M} {local.tzname()}"
    done = run(
        ["list", "--file", str(events_file(tmp_path)), "--tz", "UTC"],
        PYTHONTZPATH=str(SYSTEM_DB),
    )
    assert expected in done.stdout
    system = system_zone_file(ZONE)
    if system is not None and system.utcoffset(WALL) != local.utcoffset():
        other = WALL.replace(tzinfo=system).astimezone(UTC)
        assert f"{other:%Y-%m-%d %H:%M} UTC" not in done.stdout


def test_zones_in_this_process_come_from_the_package() -> None:
    """After importing timeline, the search path is the package's and ZoneInfo agrees with it."""
    import zoneinfo

    folder = Path(str(files("tzdata").joinpath("zoneinfo")))
    assert all(Path(entry) == folder for entry in zoneinfo.TZPATH)
    package = package_zone(ZONE)
    for day in range(0, 366 * 68, 5):
        moment = datetime(1970, 1, 1, 12) + timedelta(days=day)
        assert ZoneInfo(ZONE).utcoffset(moment) == package.utcoffset(moment), moment


def test_icalendar_zones_come_from_the_package() -> None:
    """icalendar's zones, which it makes with zoneinfo too, are the package's."""
    import icalendar

    text = f"BEGIN:VEVENT\r\nDTSTART;TZID={ZONE}:{WALL:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
    start = icalendar.Event.from_ical(text).decoded("DTSTART")
    assert start.utcoffset() == package_zone(ZONE).utcoffset(WALL)


def test_zone_loaded_before_timeline_is_reloaded_from_the_package() -> None:
    """A zone cached from the system before timeline's import is not what later lookups get."""
    wall = f"datetime.datetime.fromisoformat({WALL.isoformat()!r})"
    code = (
        f"import zoneinfo, datetime; zoneinfo.ZoneInfo({ZONE!r}); import timeline_cli; "
        f"print(zoneinfo.TZPATH); print(zoneinfo.ZoneInfo({ZONE!r}).utcoffset({wall}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONTZPATH": str(SYSTEM_DB)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    path, offset = done.stdout.splitlines()
    assert str(SYSTEM_DB) not in path
    assert offset == str(package_zone(ZONE).utcoffset(WALL))


@needs_script
@pytest.mark.parametrize(
    "value",
    [
        "Asia/Seoul",
        ":Asia/Seoul",
        pytest.param(
            str(SYSTEM_DB / "Asia/Seoul"),
            marks=pytest.mark.skipif(
                not (SYSTEM_DB / "Asia/Seoul").is_file(), reason="no system zone database"
            ),
        ),
        str(package_file("Asia/Seoul")),
    ],
)
def test_tz_still_names_the_display_zone(tmp_path: Path, value: str) -> None:
    """TZ as a name, ``:name`` or a path under zoneinfo/ gives Asia/Seoul as the display zone."""
    done = run(["list", "--file", str(events_file(tmp_path))], TZ=value)
    assert "times in Asia/Seoul" in done.stdout
