"""Every command of `samverkan`, its flags, and the function that runs it (DESIGN.md).

A command names its function by path ("samverkan.cli.status:run_status"), imported only when
that command runs: building the parser loads no command, so `samverkan status` never loads
the PDF and chart stack that `report` needs, and `--help` loads neither.

Why one module: `--help` is this file, the whole command line read in one place; each
command's flags are a few lines in one `_add_*` function, and split across modules they
would each import argparse's plumbing (_command, _add_db) back from here.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, cast

from samverkan.access import ROLE_LABELS
from samverkan.cli.common import UsageError
from samverkan.models import MeetingBody, ReportFormat, ReportKind

Command = Callable[[argparse.Namespace], int]


class _SwedishHelp(argparse.HelpFormatter):
    """argparse's help with a Swedish usage line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Användning: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Swedish: help headings and errors, which exit 2 without a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _SwedishHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS,
            help="visa den här hjälpen och avsluta",
        )  # fmt: skip

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """A flag's value is named in Swedish in the help (ÅÅÅÅ-MM-DD, KOMMUN), not DONE_ON."""
        option = next((a for a in args if a.startswith("--")), None)
        takes_value = kwargs.get("action") in (None, "store") and "choices" not in kwargs
        if option is not None and takes_value and "metavar" not in kwargs:
            name = str(kwargs.get("dest") or option[2:].replace("-", "_"))
            kwargs["metavar"] = _METAVARS.get(name, "VÄRDE")
        if option == "--kommun" and "help" not in kwargs:
            kwargs["help"] = "kommunen (behövs när databasen har flera)"
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        for english, swedish in _ARGPARSE_SWEDISH:
            message = message.replace(english, swedish)
        raise UsageError(f"{message}\nSkriv `{self.prog} --help` för hjälp.")


_DAY = "ÅÅÅÅ-MM-DD"
_METAVARS = {
    **dict.fromkeys(("done_on", "due", "as_of", "since", "until", "date", "uploaded_at"), _DAY),
    **dict.fromkeys(("db", "mapping", "output", "path"), "FIL"),
    **dict.fromkeys(("uploaded_by", "by", "name"), "NAMN"),
    **dict.fromkeys(("comment", "note", "title"), "TEXT"),
    "kommun": "KOMMUN",
    "lpo": "LPO",
    "period": "ÅÅÅÅ-ÅÅÅÅ",
    "reason": "SKÄL",
    "assessment": "BEDÖMNING",
    "status": "STATUS",
}
_ARGPARSE_SWEDISH = (
    ("argument command: invalid choice", "okänt kommando"),
    ("the following arguments are required", "följande argument saknas"),
    ("unrecognized arguments", "okända argument"),
    ("invalid choice", "ogiltigt val"),
    ("choose from", "välj bland"),
    ("expected one argument", "ett värde saknas"),
    ("argument ", "argument "),
)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of `samverkan`; each command's `run` is its function's path."""
    parser = _Parser(prog="samverkan", description="Uppföljning av samverkansöverenskommelser.")
    commands = parser.add_subparsers(
        title="kommandon", dest="command", required=True, parser_class=_Parser
    )
    _add_import(commands)
    _add_status_and_survey(commands)
    _add_first_steps(commands)
    _add_changes(commands)
    _add_meeting(commands)
    _add_safety(commands)
    _add_report(commands)
    _add_export_plan(commands)
    _add_user(commands)
    _add_remind(commands)
    _add_checkin(commands)
    return parser


def load_command(path: str) -> Command:
    """The function a command's `run` names ("module:function"), its module imported now."""
    module, _, name = path.partition(":")
    return cast(Command, getattr(importlib.import_module(module), name))


def _command(commands: Any, name: str, run: str | None, **kwargs: Any) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(name, **kwargs)
    if run is not None:
        command.set_defaults(run=run)
    return command


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=_store_location,
        help="databasfil eller postgresql://-adress (standard: SAMVERKAN_DB eller data/)",
    )


def _store_location(text: str) -> Path | str:
    """A file's path, or a PostgreSQL address kept as written (a Path would fold its //)."""
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


def _add_include_confidential(parser: argparse.ArgumentParser) -> None:
    """--include-confidential: what a command prints leaves the app, so ej offentlig stays out."""
    parser.add_argument(
        "--include-confidential",
        action="store_true",
        help="ta med aktiviteter som är ej offentliga (utan flaggan utelämnas de)",
    )


def _add_import(commands: Any) -> None:
    imp = _command(
        commands,
        "import",
        "samverkan.cli.importing:run_import",
        help="importera aktivitetsplaner och trygghetsmätningar (.xlsx, .ods, .csv, .docx)",
    )
    imp.add_argument("files", nargs="+", metavar="FIL", type=Path)
    _add_db(imp)
    imp.add_argument("--kommun", help="kommunen, när filen inte säger det")
    imp.add_argument("--lpo", help="lokalpolisområdet")
    imp.add_argument("--period", help="överenskommelsens period, t.ex. 2020-2023")
    imp.add_argument("--uploaded-at", help="datum då planen gällde (ÅÅÅÅ-MM-DD), för äldre filer")
    imp.add_argument("--uploaded-by", default="kommandoraden", help="vem som importerar")
    imp.add_argument("--mapping", type=Path, help="JSON-fil: rubrik → fält, för okända kolumner")
    imp.add_argument(
        "--file-wins",
        action="store_true",
        help="filens värden gäller även där en senare incheckning i appen säger annat",
    )


def _add_status_and_survey(commands: Any) -> None:
    status = _command(
        commands, "status", "samverkan.cli.status:run_status", help="läget för en överenskommelse"
    )
    _add_db(status)
    status.add_argument("--kommun")
    status.add_argument("--as-of", help="bedömningsdag (ÅÅÅÅ-MM-DD), standard i dag")
    status.add_argument("--json", action="store_true", help="skriv JSON")
    status.add_argument(
        "--activities", action="store_true", help="lista aktiviteterna med ID (för checkin)"
    )
    _add_include_confidential(status)

    survey = _command(
        commands,
        "survey",
        "samverkan.cli.status:run_survey",
        help="trygghetsmätningens och nyckeltalens värden",
    )
    _add_db(survey)
    survey.add_argument("--kommun")
    survey.add_argument("--json", action="store_true", help="skriv JSON")


def _add_first_steps(commands: Any) -> None:
    template = _command(
        commands, "template", "samverkan.cli.first_steps:run_template", help="skriv Excel-mallen"
    )
    template.add_argument("path", metavar="SÖKVÄG", type=Path)

    demo = _command(
        commands,
        "demo",
        "samverkan.cli.first_steps:run_demo",
        help="fyll databasen med demoöverenskommelsen",
    )
    _add_db(demo)


def _add_changes(commands: Any) -> None:
    changes = _command(
        commands,
        "changes",
        "samverkan.cli.changes:run_changes",
        help="vad som ändrats i planen sedan ett datum",
    )
    _add_db(changes)
    changes.add_argument("--kommun")
    changes.add_argument("--since", required=True, help="från (ÅÅÅÅ-MM-DD), t.ex. förra mötet")
    changes.add_argument("--until", help="till (ÅÅÅÅ-MM-DD), standard i dag")
    changes.add_argument("--json", action="store_true", help="skriv JSON")
    _add_include_confidential(changes)


def _add_meeting(commands: Any) -> None:
    meeting = _command(
        commands, "meeting", None, help="mötesregistret: lägg till eller lista möten"
    )
    actions = meeting.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = _command(
        actions, "add", "samverkan.cli.meetings:run_meeting_add", help="registrera ett möte"
    )
    _add_db(add)
    add.add_argument("--kommun")
    add.add_argument("--date", help="mötesdag (ÅÅÅÅ-MM-DD), standard i dag")
    add.add_argument(
        "--body",
        default=MeetingBody.STEERING_GROUP.value,
        help=", ".join(b.value for b in MeetingBody),
    )
    add.add_argument("--note", help="anteckning, t.ex. beslut")
    listing = _command(
        actions, "list", "samverkan.cli.meetings:run_meeting_list", help="lista mötena"
    )
    _add_db(listing)
    listing.add_argument("--kommun")
    listing.add_argument("--json", action="store_true", help="skriv JSON")


def _add_safety(commands: Any) -> None:
    withdraw = _command(
        commands,
        "withdraw",
        "samverkan.cli.safety:run_withdraw",
        help="dra tillbaka en uppladdning (planen före gäller igen); inget raderas",
    )
    withdraw.add_argument("upload", metavar="UPPLADDNING", help="uppladdningens nummer")
    _add_db(withdraw)
    withdraw.add_argument(
        "--restore", action="store_true", help="återställ en tillbakadragen uppladdning"
    )
    withdraw.add_argument("--by", default="kommandoraden", help="vem som gör det")

    backup = _command(
        commands,
        "backup",
        "samverkan.cli.safety:run_backup",
        help="säkerhetskopiera databasen (även medan appen kör)",
    )
    backup.add_argument("path", metavar="SÖKVÄG", type=Path)
    _add_db(backup)

    restore = _command(
        commands,
        "restore",
        "samverkan.cli.safety:run_restore",
        help="återställ databasen från en säkerhetskopia",
    )
    restore.add_argument("path", metavar="SÖKVÄG", type=Path)
    _add_db(restore)

    migrate = _command(
        commands,
        "migrate-store",
        "samverkan.cli.migrate_store:run_migrate_store",
        help="kopiera hela databasen till en annan (DuckDB-fil eller PostgreSQL), t.ex. "
        "från DuckDB till PostgreSQL; jämför varje tabell efteråt",
    )
    migrate.add_argument("source", metavar="FRÅN", type=_store_location)
    migrate.add_argument("target", metavar="TILL", type=_store_location)


def _add_report(commands: Any) -> None:
    report = _command(
        commands,
        "report",
        "samverkan.cli.reports:run_report",
        help="kvartalsrapport (KSAU) eller årsrapport som PDF, Excel eller Word",
    )
    report.add_argument("path", metavar="SÖKVÄG", type=Path)
    report.add_argument(
        "--kind", required=True, choices=[k.value for k in ReportKind], help="kvartal eller ar"
    )
    report.add_argument(
        "--format", choices=[f.value for f in ReportFormat], help="pdf, xlsx eller docx "
        "(standard: filändelsen)"
    )  # fmt: skip
    _add_db(report)
    report.add_argument("--kommun")
    report.add_argument(
        "--as-of",
        help="en dag i perioden (ÅÅÅÅ-MM-DD), standard i dag eller "
        "överenskommelsens sista dag om den har löpt ut",
    )


def _add_export_plan(commands: Any) -> None:
    export = _command(
        commands,
        "export-plan",
        "samverkan.cli.export_plan:run_export_plan",
        help="den aktuella planen som Excel-mallen, att arbeta vidare i och ladda upp igen",
    )
    _add_db(export)
    export.add_argument("--kommun")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FIL",
        help="filen att skriva (standard: Samverkan-KOMMUN-aktuell-plan-DATUM.xlsx här)",
    )  # fmt: skip
    export.add_argument(
        "--as", dest="as_user", metavar="EPOST",
        help="med den användarens rättigheter (bara den som får ändra kommunens plan får filen)",
    )  # fmt: skip


def _add_user(commands: Any) -> None:
    user = _command(commands, "user", None, help="användare: lägg till, lista, ta bort")
    actions = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)

    add = _command(
        actions,
        "add",
        "samverkan.cli.users:run_user_add",
        help="lägg till eller ändra en användare",
    )
    add.add_argument("email", metavar="EPOST")
    add.add_argument("--name", required=True, help="namnet som visas, t.ex. 'Anna Lindqvist'")
    add.add_argument("--role", required=True, choices=list(ROLE_LABELS.values()), help="rollen")
    add.add_argument(
        "--kommun", action="append", default=[], help="kommun att ändra (samordnare), läsa (läsare)"
    )
    add.add_argument(
        "--party",
        choices=["polis", "kommun"],
        help="partens och de gemensamma åtagandena får checkas in (i --kommun eller --lpo)",
    )
    add.add_argument("--lpo", help="lokalpolisområdet där parten gäller, t.ex. Kävlinge")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="läs lösenordet (ett lokalt konto) från standard in",
    )
    _add_db(add)

    listing = _command(
        actions, "list", "samverkan.cli.users:run_user_list", help="lista användarna"
    )
    listing.add_argument("--json", action="store_true", help="som JSON")
    _add_db(listing)

    remove = _command(
        actions,
        "remove",
        "samverkan.cli.users:run_user_remove",
        help="ta bort en användare (och hens inloggningar)",
    )
    remove.add_argument("email", metavar="EPOST")
    _add_db(remove)


def _add_remind(commands: Any) -> None:
    remind = _command(
        commands,
        "remind",
        "samverkan.cli.remind:run_remind",
        help="påminn de ansvariga via e-post: försenat, uppföljning saknas, inom 14 dagar",
    )
    _add_db(remind)
    remind.add_argument(
        "--kommun", help="bara den här kommunen (standard: alla med e-postregister)"
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="skriv ut e-posten som skulle skickas; skicka inget"
    )
    remind.add_argument(
        "--as",
        dest="as_user",
        metavar="EPOST",
        help="kör som en användare: bara kommuner hen får ändra, och loggen nämner hen",
    )


def _add_checkin(commands: Any) -> None:
    checkin = _command(
        commands,
        "checkin",
        "samverkan.cli.checkin:run_checkin",
        help="checka in en aktivitet: genomförd, status, slutdatum, bedömning, kommentar",
    )
    checkin.add_argument("activity", metavar="AKTIVITET", help="aktivitetens ID i planen")
    _add_db(checkin)
    checkin.add_argument("--kommun")
    checkin.add_argument("--status", help="Ej påbörjad, Pågår, Genomförd, Stående eller Inställd")
    checkin.add_argument("--done-on", help="genomförd den (ÅÅÅÅ-MM-DD), standard i dag")
    checkin.add_argument("--due", help="nytt slutdatum (ÅÅÅÅ-MM-DD); kräver --reason")
    checkin.add_argument("--reason", help="skälet till det nya slutdatumet")
    checkin.add_argument("--assessment", help="bedömning: Grön, Gul eller Röd")
    checkin.add_argument("--comment", help="kort kommentar")
    checkin.add_argument(
        "--as", dest="as_user", metavar="EPOST", help="användaren som checkar in (reglerna gäller)"
    )
