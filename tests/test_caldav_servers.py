"""The sync tests' servers are real, separate, authenticated and killable.

If these fail, every sync test's result means nothing: they show that each server
keeps what the ``caldav`` library puts, refuses a wrong password, verifies TLS where
it serves it, gives each test an empty calendar, and really goes away when stopped.
"""

from __future__ import annotations

import socket

import caldav
import pytest
from caldav.lib import error

from tests.caldav_servers import Server

EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:probe@test
DTSTAMP:20240101T000000Z
DTSTART;VALUE=DATE:20240124
SUMMARY:Probe
END:VEVENT
END:VCALENDAR
"""


def test_a_calendar_starts_empty_and_keeps_what_is_put(caldav_server: Server) -> None:
    calendar = caldav_server.calendar()
    assert calendar.events() == []
    calendar.save_event(EVENT)
    found = caldav_server.calendar().events()
    assert [str(e.icalendar_component["SUMMARY"]) for e in found] == ["Probe"]
    assert str(caldav_server.new_calendar()) != str(calendar.url)  # the next test's: empty
    assert caldav_server.calendar().events() == []


def test_a_wrong_password_is_refused(caldav_server: Server) -> None:
    with pytest.raises(error.AuthorizationError):
        caldav_server.client(password="wrong").principal()


def test_xandikos_is_https_and_verified(caldav_server: Server) -> None:
    """Radicale is plain HTTP on 127.0.0.1; Xandikos is HTTPS, its certificate checked."""
    if caldav_server.kind == "radicale":
        assert caldav_server.url.startswith("http://127.0.0.1:")
        return
    assert caldav_server.url.startswith("https://localhost:")
    unverified = caldav.DAVClient(
        caldav_server.base, username=caldav_server.username, password=caldav_server.password
    )
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        unverified.principal()


def test_a_stopped_server_is_gone_and_comes_back_with_its_data(
    own_caldav_server: Server,
) -> None:
    own_caldav_server.calendar().save_event(EVENT)
    own_caldav_server.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", own_caldav_server.port)):
        pass
    own_caldav_server.start()
    assert len(own_caldav_server.calendar().events()) == 1


def test_a_shared_server_may_not_be_stopped(caldav_server: Server) -> None:
    with pytest.raises(RuntimeError, match="own_caldav_server"):
        caldav_server.stop()
