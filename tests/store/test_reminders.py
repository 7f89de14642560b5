"""The owners' e-mail register and the reminders sent, in the store (schema version 5)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.models import SentReminder
from samverkan.store.reminders import (
    fetch_owner_addresses,
    fetch_register_kommuner,
    fetch_sent_reminders,
    save_owner_addresses,
    save_sent_reminder,
)
from samverkan.store.schema import SCHEMA_VERSION, migrate

AT = dt.datetime(2026, 12, 7, 8, 0)


def test_addresses_are_set_changed_and_taken_away_per_owner(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        changed = save_owner_addresses(
            con,
            "Burlöv",
            {"Fritid/UKF": "ukf@burlov.se", "Kommunpolis": "kim@polisen.se", "Ingen": None},
            "Anna",
            AT,
        )
        assert changed == 2
        assert save_owner_addresses(con, "Burlöv", {"Fritid/UKF": "ukf@burlov.se"}, "Anna") == 0
        save_owner_addresses(
            con, "burlöv", {"kommunpolis": "", "Fritid/UKF": "fritid@burlov.se"}, "Bo"
        )
        [only] = fetch_owner_addresses(con, "BURLÖV")
        assert (only.owner, only.email, only.set_by) == ("Fritid/UKF", "fritid@burlov.se", "Bo")
        save_owner_addresses(con, "Lomma", {"Socialtjänsten": "soc@lomma.se"}, "Eva")
        assert fetch_register_kommuner(con) == ["Burlöv", "Lomma"]


def test_sent_reminders_are_read_back_since_a_moment(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        for days_ago, meeting in ((10, None), (2, dt.date(2026, 12, 10))):
            save_sent_reminder(
                con,
                SentReminder(
                    email="ukf@burlov.se",
                    kommun="Burlöv",
                    content_sha256="a" * 64,
                    sent_at=AT - dt.timedelta(days=days_ago),
                    sent_by="kommandoraden",
                    meeting_on=meeting,
                ),
            )
        assert len(fetch_sent_reminders(con, "Burlöv")) == 2
        [recent] = fetch_sent_reminders(con, "burlöv", AT - dt.timedelta(days=7))
        assert recent.meeting_on == dt.date(2026, 12, 10)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        # Any text but NUL, which the store drops on both engines (test_engines.py).
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1,
            max_size=30,
        ).filter(str.strip),
        st.emails(),
        max_size=5,
    )
)
def test_the_register_round_trips(empty_store: str, register: dict[str, str]) -> None:
    with store.open_store(empty_store) as con:
        con.execute("DELETE FROM owner_address")
        # Owners that differ only in case or spaces around are one owner: the last one wins.
        expected: dict[str, tuple[str, str]] = {}
        for owner, email in register.items():
            expected[owner.strip().casefold()] = (owner.strip(), email)
        save_owner_addresses(con, "Burlöv", register, "t")
        read = {(a.owner.casefold(), a.email) for a in fetch_owner_addresses(con, "Burlöv")}
    assert read == {(k, e) for k, (_, e) in expected.items()}


def test_a_version_3_store_gets_the_register_once_and_keeps_its_data(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        save_owner_addresses(con, "Burlöv", {"Kommunpolis": "kim@polisen.se"}, "t")
        con.execute("DROP TABLE reminder_sent")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with store.open_store(empty_store) as con:
        assert [a.owner for a in fetch_owner_addresses(con, "Burlöv")] == ["Kommunpolis"]
        assert fetch_sent_reminders(con, "Burlöv") == []
        migrate(con)  # idempotent: again changes nothing
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert row == (str(SCHEMA_VERSION),)
    assert SCHEMA_VERSION >= 5
