"""Who may see and change what: pure rules over a user's role and kommuner (issue 7).

- läsare: every page that only shows; never a page or button that writes.
- samordnare: also uploads, meetings and the agreement, for the kommuner they are given.
- admin: everything, every kommun, withdrawing uploads, and the users and log page.
- ej offentlig activities: every logged-in user sees them inside the app (`may_see_confidential`);
  nothing that leaves the app carries them.
- check-ins (issue 18): the kommun's samordnare and admins for every activity; a user given a
  party (Polis or Kommun) in kommuner or an LPO for that party's and the joint commitments
  there, nothing else (`may_check_in`); ej offentlig ones only for those who may see them.
- many kommuner side by side (Jämförelse): an admin sees every kommun, anyone else only the
  kommuner they are given (`visible_kommuner`, `may_see_kommun`); nobody logged in sees none.
  The same holds for every agreement the app offers (`visible_agreements`,
  `may_see_agreement`): the sidebar's list, an address that names one, Snabbkoll's ?lpo= and
  the command line's `--as`; a user given a party in an LPO also sees that LPO's agreements.

The navigation is built from `is_page_visible`; every write checks `may_write` (or
`may_withdraw`) again when it runs, on the server, so a hidden button is never the only
guard; so does the download of an upload's original file (`may_take_original`) and of the
current plan as a working copy (`may_take_current_plan`). In local
mode the person at the machine is `LOCAL_ADMIN`.
"""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.kommuner import canonical_kommun
from samverkan.models import Activity, Agreement, Party, Role, StoredAgreement, UserAccount

LOCAL_ADMIN = UserAccount(email="lokal@localhost", name="lokal användare", role=Role.ADMIN)

ROLE_LABELS = {Role.READER: "läsare", Role.COORDINATOR: "samordnare", Role.ADMIN: "admin"}

# Pages (by their url_path, the page file's name) beyond the ones every role sees.
WRITING_PAGES = frozenset({"ladda_upp", "overenskommelse"})
ADMIN_PAGES = frozenset({"anvandare"})


def is_page_visible(role: Role, page: str) -> bool:
    """True when the role's navigation offers the page."""
    if page in ADMIN_PAGES:
        return role is Role.ADMIN
    if page in WRITING_PAGES:
        return role in (Role.COORDINATOR, Role.ADMIN)
    return True


def may_write(user: UserAccount | None, kommun: str | None) -> bool:
    """True when the user may change the kommun's data (uploads, meetings, its agreement)."""
    if user is None:
        return False
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.COORDINATOR or not kommun:
        return False
    return _kommun_key(kommun) in {_kommun_key(k) for k in user.kommuner}


def may_check_in(user: UserAccount | None, agreement: Agreement, activity: Activity) -> bool:
    """True when the user may record a check-in for this activity of this agreement.

    A samordnare of the kommun and an admin may for every activity. A user given a party may
    for the activities of that party and the joint ones (Gemensam), in the kommuner they are
    given or in the agreements of their LPO; an activity of no party, another party or an
    external one is the samordnare's. Ej offentlig activities need may_see_confidential too.
    """
    if user is None or (activity.confidential and not may_see_confidential(user)):
        return False
    if may_write(user, agreement.kommun):
        return True
    if user.party not in (Party.POLIS, Party.KOMMUN):
        return False
    if activity.party not in (user.party, Party.JOINT):
        return False
    in_kommun = _kommun_key(agreement.kommun) in {_kommun_key(k) for k in user.kommuner}
    in_lpo = bool(user.lpo and agreement.lpo) and _lpo_key(user.lpo) == _lpo_key(agreement.lpo)
    return in_kommun or in_lpo


def may_write_all(user: UserAccount | None, kommuner: list[str]) -> bool:
    """True when the user may write for every one of the kommuner (a file may hold several)."""
    return bool(kommuner) and all(may_write(user, k) for k in kommuner)


def may_take_original(user: UserAccount | None, kommuner: list[str]) -> bool:
    """True when the user may download an upload's original file.

    The file holds every row of every kommun in it, ej offentlig ones included, exactly as
    uploaded: only someone who may write for each of those kommuner takes it, or an admin.
    """
    if user is not None and user.role is Role.ADMIN:
        return True
    return may_write_all(user, kommuner)


def may_take_current_plan(user: UserAccount | None, kommun: str) -> bool:
    """True when the user may download the kommun's current plan as the working copy.

    It keeps the ej offentlig rows (so it reads back unchanged), as the uploaded original
    does: the same right, for those who may write the kommun's plan, and admins.
    """
    return may_take_original(user, [kommun])


def may_see_confidential(user: UserAccount | None) -> bool:
    """True when the user may see ej offentlig activities: every logged-in user, in the app.

    Fails closed: without a user (nobody logged in) they are left out.
    """
    return user is not None


def visible_kommuner(user: UserAccount | None) -> frozenset[str] | None:
    """The kommuner whose figures a page of many kommuner shows the user; None means every one.

    Fails closed: nobody logged in, or a user given no kommun, sees none (an empty set).
    """
    if user is None:
        return frozenset()
    if user.role is Role.ADMIN:
        return None
    return frozenset(_kommun_key(k) for k in user.kommuner)


def may_see_kommun(user: UserAccount | None, kommun: str) -> bool:
    """True when a page of many kommuner may show this kommun's figures to the user."""
    visible = visible_kommuner(user)
    return visible is None or _kommun_key(kommun) in visible


def visible_agreements(
    user: UserAccount | None, agreements: Sequence[StoredAgreement]
) -> list[StoredAgreement]:
    """The agreements the user may see (may_see_agreement; every one for an admin), in order.

    What the sidebar offers, what an address (?kommun=, ?avtal=, ?lpo=) may choose and what
    `--as` lets a command see: one that is left out is as unknown as one that does not exist.
    """
    return [a for a in agreements if may_see_agreement(user, a)]


def may_see_agreement(user: UserAccount | None, agreement: Agreement) -> bool:
    """True when the app may offer and show the agreement to the user (fails closed).

    An admin every one; anyone else those of the kommuner they are given, and a user given a
    party in an LPO (a kommunpolis) also the agreements of that LPO, whose commitments they
    check in. Nobody logged in, none.
    """
    visible = visible_kommuner(user)
    if visible is None:
        return True
    if _kommun_key(agreement.kommun) in visible:
        return True
    return (
        user is not None
        and user.party is not None
        and bool(user.lpo and agreement.lpo)
        and _lpo_key(user.lpo) == _lpo_key(agreement.lpo)
    )


def may_withdraw(user: UserAccount | None) -> bool:
    """True when the user may withdraw and restore uploads (an admin's right)."""
    return user is not None and user.role is Role.ADMIN


def may_manage_users(user: UserAccount | None) -> bool:
    """True when the user may see the users and the audit log."""
    return user is not None and user.role is Role.ADMIN


def write_refusal(user: UserAccount | None, kommuner: list[str]) -> str:
    """Why the user may not write here, as one Swedish sentence that says nothing was saved."""
    if user is None:
        return "Du är inte inloggad. Logga in och försök igen. Inget har sparats."
    if user.role is Role.READER:
        return "Ditt konto får bara läsa, inte ändra. Inget har sparats."
    asked = ", ".join(k for k in kommuner if not may_write(user, k)) or "den här kommunen"
    own = ", ".join(user.kommuner)
    given = f" Ditt konto gäller {own}." if own else " Ditt konto gäller ingen kommun ännu."
    return (
        f"Du får inte ändra uppgifterna för {asked}.{given} Inget har sparats; kontakta "
        "administratören om du behöver göra det."
    )


WITHDRAW_REFUSAL = "Bara en administratör kan dra tillbaka eller återställa en uppladdning."


CHECKIN_REFUSAL = (
    "Du får inte checka in den här aktiviteten. Kommunens samordnare kan göra det, och den som "
    "har fått en part (polis eller kommun) där, för partens och de gemensamma åtagandena. "
    "Inget har sparats."
)


def role_description(user: UserAccount) -> str:
    """'samordnare för Burlöv, Lomma', 'läsare för Burlöv', 'admin'; with a party also
    ', part Polis i LPO Kävlinge'."""
    label = ROLE_LABELS[user.role]
    if user.role is not Role.ADMIN and user.kommuner:
        label = f"{label} för {', '.join(user.kommuner)}"
    if user.party is not None:
        where = [f"LPO {user.lpo}"] if user.lpo else []
        label += f", part {user.party.value}" + (f" i {', '.join(where)}" if where else "")
    return label


def _lpo_key(name: str | None) -> str:
    """'LPO Kävlinge', 'lpo kävlinge ' and 'Kävlinge' are the same lokalpolisområde."""
    words = (name or "").casefold().split()
    if words and words[0] in ("lpo", "lokalpolisområde"):
        words = words[1:]
    return " ".join(words)


def _kommun_key(name: str) -> str:
    return (canonical_kommun(name) or name).strip().casefold()
