"""Check-ins' pure rules: who may (access.may_check_in), what a request changes
(checkins.plan_checkin), and an upload that contradicts a later check-in (find_conflicts,
apply_choices)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.access import may_check_in
from samverkan.checkins import (
    apply_choices,
    checkin_sentence,
    clean_text,
    conflict_choices,
    conflict_sentence,
    find_conflicts,
    plan_checkin,
)
from samverkan.models import (
    Activity,
    Assessment,
    CheckIn,
    CheckInField,
    CheckInRequest,
    FieldChange,
    Party,
    Role,
    Status,
    StoredAgreement,
    UserAccount,
)

TODAY = dt.date(2026, 12, 7)


def agreement(
    kommun: str = "Burlöv", lpo: str | None = "Kävlinge", id_: int = 1
) -> StoredAgreement:
    return StoredAgreement(
        id=id_,
        kommun=kommun,
        lpo=lpo,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )


def activity(**overrides: object) -> Activity:
    values: dict[str, object] = {
        "activity_key": "B4",
        "title": "Riktade narkotikakontroller",
        "party": Party.POLIS,
        "status": Status.IN_PROGRESS,
        "due": dt.date(2027, 3, 31),
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity.model_validate(values)


def user(
    role: Role, kommuner: tuple[str, ...] = (), party: Party | None = None, lpo: str | None = None
) -> UserAccount:
    return UserAccount(
        email="x@example.se", name="X", role=role, kommuner=kommuner, party=party, lpo=lpo
    )


ADMIN = user(Role.ADMIN)
BURLOV_COORDINATOR = user(Role.COORDINATOR, ("Burlöv",))
LOMMA_COORDINATOR = user(Role.COORDINATOR, ("Lomma",))
READER = user(Role.READER)
KIM = user(Role.READER, party=Party.POLIS, lpo="Kävlinge")
KIM_WRITTEN_LONG = user(Role.READER, party=Party.POLIS, lpo="LPO kävlinge ")
MALMO_POLIS = user(Role.READER, party=Party.POLIS, lpo="Malmö Norr")
BURLOV_KOMMUN = user(Role.READER, ("Burlöv",), party=Party.KOMMUN)
BURLOV_POLIS_BY_KOMMUN = user(Role.READER, ("Burlövs kommun",), party=Party.POLIS)
NO_SCOPE_POLIS = user(Role.READER, party=Party.POLIS)
JOINT_PARTY = user(Role.READER, ("Burlöv",), party=Party.JOINT)

BURLOV = agreement()
LOMMA = agreement("Lomma", "Kävlinge", 2)
MALMO = agreement("Malmö", "Malmö Norr", 3)
NO_LPO = agreement("Burlöv", None, 4)


@pytest.mark.parametrize(
    ("who", "where", "party", "allowed"),
    [
        (ADMIN, MALMO, Party.EXTERNAL, True),
        (ADMIN, BURLOV, None, True),
        (BURLOV_COORDINATOR, BURLOV, Party.KOMMUN, True),
        (BURLOV_COORDINATOR, BURLOV, Party.POLIS, True),
        (BURLOV_COORDINATOR, BURLOV, None, True),
        (BURLOV_COORDINATOR, LOMMA, Party.KOMMUN, False),
        (LOMMA_COORDINATOR, BURLOV, Party.KOMMUN, False),  # a coordinator of another kommun
        (READER, BURLOV, Party.POLIS, False),  # a reader
        (None, BURLOV, Party.POLIS, False),  # nobody logged in
        (KIM, BURLOV, Party.POLIS, True),
        (KIM, BURLOV, Party.JOINT, True),
        (KIM, LOMMA, Party.POLIS, True),  # every kommun of the LPO
        (KIM, BURLOV, Party.KOMMUN, False),
        (KIM, BURLOV, Party.EXTERNAL, False),
        (KIM, BURLOV, None, False),
        (KIM, MALMO, Party.POLIS, False),  # another LPO's kommun
        (KIM, NO_LPO, Party.POLIS, False),  # an agreement without an LPO
        (KIM_WRITTEN_LONG, BURLOV, Party.POLIS, True),
        (MALMO_POLIS, BURLOV, Party.POLIS, False),  # a kommunpolis of another LPO
        (MALMO_POLIS, MALMO, Party.JOINT, True),
        (BURLOV_KOMMUN, BURLOV, Party.KOMMUN, True),
        (BURLOV_KOMMUN, BURLOV, Party.JOINT, True),
        (BURLOV_KOMMUN, BURLOV, Party.POLIS, False),
        (BURLOV_KOMMUN, LOMMA, Party.KOMMUN, False),
        (BURLOV_KOMMUN, NO_LPO, Party.KOMMUN, True),
        (BURLOV_POLIS_BY_KOMMUN, BURLOV, Party.POLIS, True),
        (BURLOV_POLIS_BY_KOMMUN, LOMMA, Party.POLIS, False),
        (NO_SCOPE_POLIS, BURLOV, Party.POLIS, False),  # a party with no place
        (JOINT_PARTY, BURLOV, Party.JOINT, False),  # only Polis or Kommun is a user's party
    ],
)
def test_who_may_check_in(
    who: UserAccount | None, where: StoredAgreement, party: Party | None, allowed: bool
) -> None:
    assert may_check_in(who, where, activity(party=party)) is allowed


@pytest.mark.parametrize("who", [ADMIN, BURLOV_COORDINATOR, KIM])
def test_an_ej_offentlig_activity_is_for_those_who_may_see_it(who: UserAccount) -> None:
    assert may_check_in(who, BURLOV, activity(confidential=True))
    assert not may_check_in(None, BURLOV, activity(confidential=True))


@pytest.mark.parametrize(
    ("written", "cleaned"),
    [
        ("  Klart  i tisdags ", "Klart i tisdags"),
        ("rad ett\nrad två\ttab", "rad ett rad två tab"),
        ("\x1b[2Jrensa", "[2Jrensa"),
        ("vänd\u202eomvänd", "vänd omvänd"),
        ("\x00\x07", None),
        ("", None),
        (None, None),
    ],
)
def test_typed_text_loses_its_control_characters(written: str | None, cleaned: str | None) -> None:
    assert clean_text(written) == cleaned


def fields(request: CheckInRequest, **on: object) -> dict[CheckInField, tuple[object, object]]:
    plan = plan_checkin(BURLOV, activity(**on), request, TODAY)
    assert not plan.problems, plan.problems
    return {c.field: (c.before, c.after) for c in plan.changes}


def test_genomford_defaults_to_today() -> None:
    assert fields(CheckInRequest(status=Status.DONE)) == {
        CheckInField.STATUS: (Status.IN_PROGRESS, Status.DONE),
        CheckInField.DONE_ON: (None, TODAY),
    }


def test_a_done_date_alone_means_genomford() -> None:
    day = dt.date(2026, 11, 30)
    assert fields(CheckInRequest(done_on=day))[CheckInField.STATUS][1] is Status.DONE


def test_another_status_clears_the_done_date() -> None:
    changed = fields(
        CheckInRequest(status=Status.IN_PROGRESS),
        status=Status.DONE,
        done_on=dt.date(2026, 11, 1),
    )
    assert changed[CheckInField.DONE_ON] == (dt.date(2026, 11, 1), None)


def test_a_new_due_date_with_its_reason() -> None:
    plan = plan_checkin(
        BURLOV,
        activity(),
        CheckInRequest(due=dt.date(2027, 6, 30), reason="Väntar på skolan"),
        TODAY,
    )
    assert [c.field for c in plan.changes] == [CheckInField.DUE]
    assert plan.reason == "Väntar på skolan"


@pytest.mark.parametrize(
    ("request_", "says"),
    [
        (CheckInRequest(done_on=dt.date(2026, 12, 8)), "har inte kommit än"),
        (CheckInRequest(done_on=dt.date(2024, 12, 31)), "före överenskommelsens period"),
        (CheckInRequest(status=Status.IN_PROGRESS, done_on=TODAY), "bara med status Genomförd"),
        (CheckInRequest(due=dt.date(2027, 6, 30)), "behöver ett skäl"),
        (CheckInRequest(due=dt.date(2027, 6, 30), reason=" \n "), "behöver ett skäl"),
        (CheckInRequest(reason="Sjukdom"), "ange slutdatumet också"),
        (CheckInRequest(comment="x" * 501), "högst 500 tecken"),
        (CheckInRequest(due=dt.date(2027, 6, 30), reason="y" * 301), "högst 300 tecken"),
        (CheckInRequest(comment="Ring 19121212-1212"), "personnummer"),
        (CheckInRequest(comment="Samordn. 701063-2391"), "samordningsnummer"),
        (CheckInRequest(status=Status.IN_PROGRESS), "Inget att spara"),
        (CheckInRequest(), "Inget att spara"),
        (CheckInRequest(assessment=None, comment="   "), "Inget att spara"),
    ],
)
def test_refused_requests_say_why_in_swedish(request_: CheckInRequest, says: str) -> None:
    plan = plan_checkin(BURLOV, activity(), request_, TODAY)
    assert not plan.changes
    assert any(says in p for p in plan.problems), plan.problems


def test_the_confirmation_names_the_activity() -> None:
    checkin = CheckIn(
        upload_id=9,
        agreement_id=1,
        activity_key="B4",
        title="Riktade narkotikakontroller",
        changes=[
            FieldChange(field=CheckInField.STATUS, before=Status.IN_PROGRESS, after=Status.DONE),
            FieldChange(field=CheckInField.DONE_ON, before=None, after=dt.date(2027, 3, 3)),
            FieldChange(field=CheckInField.ASSESSMENT, before=None, after=Assessment.GREEN),
        ],
        by="Kim Polis",
        at=dt.datetime(2027, 3, 3, 14, 5),
    )
    assert checkin_sentence(checkin) == (
        "Sparat: Riktade narkotikakontroller markerad som genomförd 3 mars 2027, bedömning Grön."
    )
    assert checkin_sentence(checkin, short=True) == (
        "Sparat: B4 markerad som genomförd, bedömning Grön."
    )


def checkin_of(key: str, *changes: FieldChange, at: int = 14, id_: int = 9) -> CheckIn:
    return CheckIn(
        upload_id=id_,
        agreement_id=1,
        activity_key=key,
        title="t",
        changes=list(changes),
        by="Kim Polis",
        at=dt.datetime(2027, 3, 3, at, 5),
    )


DONE = FieldChange(field=CheckInField.STATUS, before=Status.IN_PROGRESS, after=Status.DONE)
DONE_ON = FieldChange(field=CheckInField.DONE_ON, before=None, after=dt.date(2027, 3, 3))
YELLOW = FieldChange(field=CheckInField.ASSESSMENT, before=None, after=Assessment.YELLOW)


@pytest.mark.parametrize(
    ("in_file", "checkins", "conflicting"),
    [
        # the old copy says Pågår, the check-in said Genomförd on 3 March
        ({}, [checkin_of("B4", DONE, DONE_ON)], {"status", "done_on"}),
        # the file agrees with the check-in: nothing to choose
        (
            {"status": Status.DONE, "done_on": dt.date(2027, 3, 3)},
            [checkin_of("B4", DONE, DONE_ON)],
            set(),
        ),
        # the file says a third thing: still the coordinator's choice
        ({"assessment": Assessment.RED}, [checkin_of("B4", YELLOW)], {"assessment"}),
        # an activity the file no longer has
        ({}, [checkin_of("X9", DONE)], set()),
        # the newest check-in of a field counts
        (
            {"status": Status.DONE},
            [
                checkin_of("B4", DONE, at=10),
                checkin_of(
                    "B4",
                    FieldChange(
                        field=CheckInField.STATUS, before=Status.DONE, after=Status.CANCELLED
                    ),
                    at=11,
                ),
            ],
            {"status"},
        ),
        ({}, [], set()),
    ],
)
def test_a_file_that_contradicts_a_check_in_is_a_conflict(
    in_file: dict[str, object], checkins: list[CheckIn], conflicting: set[str]
) -> None:
    conflicts = find_conflicts(1, [activity(**in_file)], checkins)
    assert {c.field.value for c in conflicts} == conflicting


def test_another_agreements_check_in_is_no_conflict() -> None:
    other = checkin_of("B4", DONE).model_copy(update={"agreement_id": 2})
    assert find_conflicts(1, [activity()], [other]) == []


def test_the_check_in_is_kept_unless_the_file_is_chosen() -> None:
    activities = [activity(), activity(activity_key="B5", title="Annan")]
    conflicts = find_conflicts(1, activities, [checkin_of("B4", DONE, DONE_ON, YELLOW)])
    assert conflict_sentence(conflicts[0]) == (
        "B4 Riktade narkotikakontroller (status): filen säger Pågår; Kim Polis satte "
        "Genomförd i appen 3 mars 2027."
    )
    kept = apply_choices(activities, conflicts, file_wins=set())
    assert (kept[0].status, kept[0].done_on, kept[0].assessment) == (
        Status.DONE,
        dt.date(2027, 3, 3),
        Assessment.YELLOW,
    )
    assert kept[0].status_text == "Genomförd"
    assert kept[1] is activities[1]
    status_key = next(c.key for c in conflicts if c.field is CheckInField.STATUS)
    assert len(conflict_choices(conflicts)) == 2  # the done date goes with its status
    mixed = apply_choices(activities, conflicts, file_wins={status_key})
    assert (mixed[0].status, mixed[0].done_on, mixed[0].assessment) == (
        Status.IN_PROGRESS,
        None,
        Assessment.YELLOW,
    )
    assert apply_choices(activities, conflicts, {c.key for c in conflicts}) is activities


@given(st.text())
def test_cleaned_text_has_no_control_characters_and_cleans_to_itself(text: str) -> None:
    cleaned = clean_text(text)
    if cleaned is None:
        return
    assert cleaned == cleaned.strip()
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert clean_text(cleaned) == cleaned


@given(
    st.sampled_from([*Status, None]),
    st.sampled_from([*Assessment, None]),
    st.one_of(st.none(), st.text(max_size=40)),
)
def test_a_plan_changes_only_what_differs(
    status: Status | None, assessment: Assessment | None, comment: str | None
) -> None:
    request = CheckInRequest(status=status, assessment=assessment, comment=comment)
    plan = plan_checkin(BURLOV, activity(assessment=Assessment.RED), request, TODAY)
    assert bool(plan.changes) != bool(plan.problems)
    for change in plan.changes:
        assert change.before != change.after
