"""Zone input: IANA names, ``local``, offsets, abbreviations, hostile names, the system zone."""

from __future__ import annotations

import time
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import APIA, BERLIN, KATHMANDU, LORD_HOWE, MANILA, NEW_YORK, SAO_PAULO, SEOUL
from timeline_cli.errors import TimelineWarning, UsageError
from timeline_cli.timeparse import parse_when
from timeline_cli.zones import (
    ABBREVIATIONS,
    AMBIGUOUS,
    SEASONAL,
    check_abbreviation,
    format_offset,
    resolve_zone,
    system_zone,
    word_zone,
    zone_name,
)

SEOUL_FILE = Path("/usr/share/zoneinfo/Asia/Seoul")


def set_tz(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """Point the process's TZ at ``value`` (conftest restores it after the test)."""
    monkeypatch.setenv("TZ", value)
    time.tzset()


# --- IANA names, UTC and local ------------------------------------------------------


@pytest.mark.parametrize("name", ["Asia/Seoul", "America/New_York", "Pacific/Apia"])
def test_iana_name_resolves_to_that_zone(name: str) -> None:
    """An exact IANA name gives the ZoneInfo of that name."""
    assert resolve_zone(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", ["asia/seoul", "ASIA/SEOUL", "Asia/seoul"])
def test_iana_name_is_case_insensitive(name: str) -> None:
    """IANA names are matched whatever their case, and keep the canonical key."""
    zone = resolve_zone(name)
    assert zone_name(zone) == "Asia/Seoul"


def test_surrounding_whitespace_is_ignored() -> None:
    """Spaces and a trailing newline around a name do not matter."""
    assert resolve_zone("  Europe/Berlin \n") == BERLIN


@pytest.mark.parametrize("name", ["UTC", "utc", "Z"])
def test_utc_names_have_zero_offset(name: str) -> None:
    """``UTC`` (any case) and ``Z`` are UTC and are shown as ``UTC``."""
    zone = resolve_zone(name)
    assert zone.utcoffset(datetime(2024, 7, 1)) == timedelta(0)
    assert zone_name(zone) == "UTC"


def test_local_follows_tz_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``local`` is the zone named by TZ, read when it is resolved."""
    set_tz(monkeypatch, "Asia/Seoul")
    assert resolve_zone("local") == SEOUL
    set_tz(monkeypatch, "Pacific/Apia")
    assert resolve_zone("LOCAL") == APIA


def test_local_default_in_tests_is_kathmandu() -> None:
    """The autouse fixture makes ``local`` Asia/Kathmandu, never UTC by accident."""
    assert resolve_zone("local") == KATHMANDU


# --- Fixed offsets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("+09:00", timedelta(hours=9)),
        ("-0530", -timedelta(hours=5, minutes=30)),
        ("UTC+9", timedelta(hours=9)),
        ("GMT-3", -timedelta(hours=3)),
        ("+05:45", timedelta(hours=5, minutes=45)),
        ("-00:00", timedelta(0)),
    ],
)
def test_fixed_offsets(text: str, offset: timedelta) -> None:
    """Offsets with or without colon, with or without a UTC/GMT prefix, are fixed zones."""
    zone = resolve_zone(text)
    assert zone.utcoffset(datetime(2024, 1, 1)) == offset
    assert zone.utcoffset(datetime(2024, 7, 1)) == offset


@pytest.mark.parametrize("text", ["+24:00", "+09:60", "UTC+99", "-25"])
def test_out_of_range_offsets_are_refused(text: str) -> None:
    """An offset of 24 hours or more, or 60 minutes, is a usage error."""
    with pytest.raises(UsageError, match="not a valid UTC offset"):
        resolve_zone(text)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        (timezone(timedelta(hours=9)), "+09:00"),
        (timezone(-timedelta(hours=5, minutes=30)), "-05:30"),
        (timezone(timedelta(hours=5, minutes=45)), "+05:45"),
        (timezone(timedelta(0)), "UTC"),
        (UTC, "UTC"),
        (SEOUL, "Asia/Seoul"),
        (LORD_HOWE, "Australia/Lord_Howe"),
    ],
)
def test_zone_name(zone: timezone | ZoneInfo, shown: str) -> None:
    """Named zones show their IANA key; fixed offsets show ``+09:00``; zero shows ``UTC``."""
    assert zone_name(zone) == shown


def test_format_offset_negative_half_hour() -> None:
    """Negative offsets keep their sign and minutes (``-09:30``, not ``-10:30``)."""
    assert format_offset(-timedelta(hours=9, minutes=30)) == "-09:30"
    assert format_offset(timedelta(hours=10, minutes=30)) == "+10:30"


# --- Abbreviations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abbrev", "zone"),
    [
        ("KST", SEOUL),
        ("kst", SEOUL),
        ("JST", ZoneInfo("Asia/Tokyo")),
        ("PST", ZoneInfo("America/Los_Angeles")),
        ("CET", BERLIN),
        ("EST", NEW_YORK),
        ("NPT", KATHMANDU),
    ],
)
def test_unambiguous_abbreviations_name_a_real_zone(abbrev: str, zone: ZoneInfo) -> None:
    """After a time, an unambiguous abbreviation names its region's IANA zone."""
    assert word_zone(abbrev) == zone


@pytest.mark.parametrize(
    ("abbrev", "offset"),
    [("EST", timedelta(hours=-5)), ("pdt", timedelta(hours=-7)), ("NST", -timedelta(hours=3.5))],
)
def test_seasonal_abbreviations_alone_are_their_fixed_offset(
    abbrev: str, offset: timedelta
) -> None:
    """As a zone on its own (--tz EST) a seasonal abbreviation is its offset all year."""
    zone = resolve_zone(abbrev)
    assert zone.utcoffset(datetime(2024, 7, 1)) == offset
    assert zone.utcoffset(datetime(2024, 1, 1)) == offset
    assert zone.tzname(None) == abbrev.upper()


def test_abbreviations_without_a_season_alone_are_their_zone() -> None:
    """``--tz KST`` is Asia/Seoul."""
    assert resolve_zone("KST") == SEOUL


@pytest.mark.parametrize(
    ("abbrev", "candidates"),
    [
        ("CST", ["America/Chicago", "Asia/Shanghai"]),
        ("IST", ["Asia/Kolkata", "Europe/Dublin"]),
        ("BST", ["Europe/London", "Asia/Dhaka"]),
        ("cst", ["America/Chicago"]),
    ],
)
def test_ambiguous_abbreviations_list_candidates(abbrev: str, candidates: list[str]) -> None:
    """An ambiguous abbreviation is refused with the IANA names it could mean."""
    with pytest.raises(UsageError, match="ambiguous") as info:
        resolve_zone(abbrev)
    for name in candidates:
        assert name in info.value.message


def test_every_table_entry_is_a_real_zone() -> None:
    """Every abbreviation and every ambiguous candidate names a zone that exists."""
    names = [*ABBREVIATIONS.values(), *(n for names in AMBIGUOUS.values() for n in names)]
    for name in names:
        assert zone_name(ZoneInfo(name)) == name


def test_abbreviation_out_of_season_is_refused() -> None:
    """EST on a July date is refused: New York is on EDT then."""
    with pytest.raises(UsageError, match="EDT"):
        check_abbreviation("EST", datetime(2024, 7, 1, 18, 0, tzinfo=NEW_YORK))


def test_abbreviation_in_season_is_accepted() -> None:
    """EDT in July, EST in January and KST any time are accepted."""
    check_abbreviation("EDT", datetime(2024, 7, 1, 18, 0, tzinfo=NEW_YORK))
    check_abbreviation("EST", datetime(2024, 1, 1, 18, 0, tzinfo=NEW_YORK))
    check_abbreviation("KST", datetime(2024, 7, 1, 18, 0, tzinfo=SEOUL))


@pytest.mark.parametrize(
    ("abbrev", "moment", "numeric"),
    [
        ("EST", datetime(2024, 7, 1, 18, 0, tzinfo=KATHMANDU), "+0545"),
        ("EDT", datetime(2024, 7, 1, 18, 0, tzinfo=SAO_PAULO), "-03"),
        ("est", datetime(2024, 1, 1, 18, 0, tzinfo=SAO_PAULO), "-03"),
    ],
)
def test_abbreviation_check_skips_numeric_zone_names(
    abbrev: str, moment: datetime, numeric: str
) -> None:
    """A seasonal abbreviation cannot be contradicted by a numeric tzdata name.

    The moment is kept as it is (no fold chosen, no error); against an alphabetic name
    the same abbreviation out of season is refused.
    """
    assert abbrev.upper() in SEASONAL
    assert moment.tzname() == numeric
    kept = check_abbreviation(abbrev, moment)
    assert kept == moment
    assert (kept.tzinfo, kept.fold, kept.utcoffset()) == (
        moment.tzinfo,
        0,
        moment.utcoffset(),
    )
    summer = datetime(2024, 7, 1, 18, 0, tzinfo=NEW_YORK)
    with pytest.raises(UsageError) as refused:
        check_abbreviation("EST", summer)
    assert refused.value.message == (
        "EST is not in effect in America/New_York on 2024-07-01 (it is EDT);"
        " give an offset or the zone name"
    )


def test_a_zone_only_abbreviation_is_never_checked() -> None:
    """NPT only names Kathmandu: whatever the moment's zone, it is returned unchanged."""
    assert "NPT" not in SEASONAL
    for zone in (KATHMANDU, NEW_YORK):
        moment = datetime(2024, 7, 1, 18, 0, tzinfo=zone)
        assert check_abbreviation("NPT", moment) is moment


def test_pht_time_is_accepted() -> None:
    """``2024-01-24 18:00 PHT`` is a Manila wall time, not an error."""
    now = datetime(2024, 1, 1, tzinfo=UTC)
    when = parse_when("2024-01-24 18:00 PHT", now=now, zone=UTC)
    assert when.value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=MANILA)


# --- Unknown and hostile names ------------------------------------------------------


def test_misspelt_name_suggests_close_names() -> None:
    """``Asia/Seol`` is refused with a suggestion of ``Asia/Seoul``."""
    with pytest.raises(UsageError, match="unknown") as info:
        resolve_zone("Asia/Seol")
    assert "Asia/Seoul" in info.value.message


@pytest.mark.parametrize("city", ["seoul", "Seoul", "kathmandu"])
def test_bare_city_suggests_iana_name(city: str) -> None:
    """A bare city name is refused and its IANA name is suggested."""
    with pytest.raises(UsageError) as info:
        resolve_zone(city)
    assert f"/{city.capitalize()}" in info.value.message


def test_what_names_the_option_in_the_message() -> None:
    """The ``what`` argument names the option that held the bad value."""
    with pytest.raises(UsageError, match="unknown --tz 'Mars/Base'"):
        resolve_zone("Mars/Base", what="--tz")


@pytest.mark.parametrize(
    "name",
    [
        "../etc/passwd",
        "/etc/passwd",
        "Asia/../../etc/passwd",
        "Asia/Seoul/../../../etc/passwd",
        "..\\..\\windows",
        "",
        " ",
        "\x00",
        "Asia/Seoul\x00",
        "\u202eKST",
        "Asia",
        "zone.tab",
        "tzdata",
        "a" * 5000,
    ],
)
def test_hostile_names_are_usage_errors(name: str) -> None:
    """Paths, NUL, control and directory names are refused cleanly, never read or crashed on."""
    with pytest.raises(UsageError) as info:
        resolve_zone(name)
    assert "\x00" not in info.value.message
    assert "\u202e" not in info.value.message


# --- The system zone ----------------------------------------------------------------


def test_system_zone_from_tz_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """TZ=Pacific/Apia gives the Apia zone by name, not its current offset."""
    set_tz(monkeypatch, "Pacific/Apia")
    assert system_zone() == APIA


def test_system_zone_with_colon_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """The POSIX ``:Europe/Berlin`` form is understood."""
    set_tz(monkeypatch, ":Europe/Berlin")
    assert system_zone() == BERLIN


@pytest.mark.skipif(not SEOUL_FILE.exists(), reason="no system zoneinfo database")
def test_system_zone_from_zoneinfo_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """TZ pointing at a zoneinfo file gives the zone named by its path."""
    set_tz(monkeypatch, str(SEOUL_FILE))
    assert zone_name(system_zone()) == "Asia/Seoul"


@pytest.mark.parametrize("value", ["Nowhere/Invalid", "", ":", "/etc/passwd", "../Asia/Seoul"])
def test_invalid_tz_falls_back_to_utc(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """A TZ that names no zone gives UTC, never a guessed fixed offset; a name that is
    neither a file path nor empty is warned about (the core warns, never prints)."""
    set_tz(monkeypatch, value)
    if value in ("Nowhere/Invalid", ":", "../Asia/Seoul"):
        with pytest.warns(TimelineWarning, match=r"is not a zone name; using UTC"):
            zone = system_zone()
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            zone = system_zone()
    assert zone.utcoffset(datetime(2024, 1, 1)) == timedelta(0)
    assert zone.utcoffset(datetime(2024, 7, 1)) == timedelta(0)


def test_system_zone_keeps_dst_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system zone is the named zone: winter and summer offsets differ in New York."""
    set_tz(monkeypatch, "America/New_York")
    zone = system_zone()
    assert zone.utcoffset(datetime(2024, 1, 1)) == timedelta(hours=-5)
    assert zone.utcoffset(datetime(2024, 7, 1)) == timedelta(hours=-4)
