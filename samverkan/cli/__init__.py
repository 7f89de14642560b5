"""The `samverkan` command line: a thin layer over the library (DESIGN.md, "The command line").

Exit codes: 0 done, 2 refused input or a wrong choice, 3 the store is busy, 1 anything
unexpected (still a Swedish sentence, never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from samverkan import store
from samverkan.confidentiality import carry_messages
from samverkan.excel.agreement_info import parse_period
from samverkan.excel.guard import max_upload_bytes
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.sandbox import keep_spare_child
from samverkan.indicators import survey_values_json
from samverkan.kommuner import canonical_kommun
from samverkan.models import ImportReport, SurveyReport
from samverkan.status import (
    AgreementChoiceError,
    build_plan_status,
    choose_agreement,
    confidential_line,
    plan_status_json,
)
from samverkan.swedish import format_count as _count
from samverkan.swedish import format_number, format_years

EXIT_OK, EXIT_UNEXPECTED, EXIT_REFUSED, EXIT_BUSY = 0, 1, 2, 3
_MAX_MAPPING_BYTES = 1024 * 1024


class UsageError(Exception):
    """The command was written wrong; the message says how to write it."""


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

    def error(self, message: str) -> NoReturn:
        for english, swedish in _ARGPARSE_SWEDISH:
            message = message.replace(english, swedish)
        raise UsageError(f"{message}\nSkriv `{self.prog} --help` för hjälp.")


_ARGPARSE_SWEDISH = (
    ("the following arguments are required", "följande argument saknas"),
    ("unrecognized arguments", "okända argument"),
    ("invalid choice", "ogiltigt val"),
    ("choose from", "välj bland"),
    ("expected one argument", "ett värde saknas"),
    ("argument ", "argument "),
)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of `samverkan`."""
    parser = _Parser(prog="samverkan", description="Uppföljning av samverkansöverenskommelser.")
    commands = parser.add_subparsers(
        title="kommandon", dest="command", required=True, parser_class=_Parser
    )

    imp = commands.add_parser(
        "import", help="importera aktivitetsplaner och trygghetsmätningar (.xlsx, .ods, .csv)"
    )
    imp.add_argument("files", nargs="+", metavar="FIL", type=Path)
    _add_db(imp)
    imp.add_argument("--kommun", help="kommunen, när filen inte säger det")
    imp.add_argument("--lpo", help="lokalpolisområdet")
    imp.add_argument("--period", help="överenskommelsens period, t.ex. 2020-2023")
    imp.add_argument("--uploaded-at", help="datum då planen gällde (ÅÅÅÅ-MM-DD), för äldre filer")
    imp.add_argument("--uploaded-by", default="kommandoraden", help="vem som importerar")
    imp.add_argument("--mapping", type=Path, help="JSON-fil: rubrik → fält, för okända kolumner")

    status = commands.add_parser("status", help="läget för en överenskommelse")
    _add_db(status)
    status.add_argument("--kommun")
    status.add_argument("--as-of", help="bedömningsdag (ÅÅÅÅ-MM-DD), standard i dag")
    status.add_argument("--json", action="store_true", help="skriv JSON")
    add_include_confidential(status)

    survey = commands.add_parser("survey", help="trygghetsmätningens och nyckeltalens värden")
    _add_db(survey)
    survey.add_argument("--kommun")
    survey.add_argument("--json", action="store_true", help="skriv JSON")

    template = commands.add_parser("template", help="skriv Excel-mallen")
    template.add_argument("path", metavar="SÖKVÄG", type=Path)

    demo = commands.add_parser("demo", help="fyll databasen med demoöverenskommelsen")
    _add_db(demo)

    from samverkan.cli.changes import add_changes_commands  # it uses this module's helpers

    add_changes_commands(commands, _add_db)

    from samverkan.cli.safety import add_safety_commands  # it uses this module's helpers

    add_safety_commands(commands, _add_db)

    from samverkan.cli.reports import add_report_commands  # it uses this module's helpers

    add_report_commands(commands, _add_db)

    from samverkan.cli.users import add_user_commands  # it uses this module's helpers

    add_user_commands(commands, _add_db)
    return parser


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="databasfil (standard: SAMVERKAN_DB eller data/)")


def add_include_confidential(parser: argparse.ArgumentParser) -> None:
    """--include-confidential: what a command prints leaves the app, so ej offentlig stays out."""
    parser.add_argument(
        "--include-confidential",
        action="store_true",
        help="ta med aktiviteter som är ej offentliga (utan flaggan utelämnas de)",
    )


@contextlib.contextmanager
def open_existing_store(db: Path | None) -> Iterator[store.Connection]:
    """The store for a command that needs what it holds: refused (exit 2) when there is no file.

    Opening a store creates it, so without this check `samverkan status` on a mistyped path
    would leave an empty database behind and then say it holds no agreement.
    """
    path = store.resolve_db_path(db)
    if not path.is_file():
        raise UsageError(
            f"Databasen {path} finns inte. Ange rätt fil med --db (eller SAMVERKAN_DB), eller "
            "importera en plan först med `samverkan import FIL`."
        )
    with store.open_store(path) as con:
        yield con


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        handler = {
            "import": _import,
            "status": _status,
            "survey": _survey,
            "template": _template,
            "demo": _demo,
        }
        run = getattr(args, "run", None) or handler[args.command]  # `run`: set by its parser
        return int(run(args))
    except UsageError as exc:
        _say(f"Fel: {exc}")
        return EXIT_REFUSED
    except AgreementChoiceError as exc:
        _say(str(exc))
        return EXIT_REFUSED
    except store.StoreBusy:
        _say(store.BUSY_MESSAGE)
        return EXIT_BUSY
    except BrokenPipeError:  # `samverkan status --json | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except KeyboardInterrupt:
        _say("Avbrutet.")
        return EXIT_UNEXPECTED
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        _say(f"Ett oväntat fel inträffade ({type(exc).__name__}). Inget har ändrats.")
        return EXIT_UNEXPECTED


def _import(args: argparse.Namespace) -> int:
    if len(args.files) > 1:  # each next file finds its child process started ahead
        keep_spare_child()
    options = ImportOptions(
        kommun=args.kommun,
        lpo=args.lpo,
        period=_period(args.period),
        column_mapping=_mapping(args.mapping),
    )
    uploaded_at = _day(args.uploaded_at, "--uploaded-at")
    when = dt.datetime.combine(uploaded_at, dt.time()) if uploaded_at else None
    worst = EXIT_OK
    for path in args.files:
        try:
            with path.open("rb") as stream:  # never more than the limit: /dev/zero, a FIFO
                data = stream.read(max_upload_bytes() + 1)
        except OSError:
            _say(f"{path}: filen går inte att läsa (finns den?).")
            worst = EXIT_REFUSED
            continue
        if len(data) > max_upload_bytes():
            _say(f"{path.name}: filen importerades inte. Inget har ändrats i databasen.")
            _say(
                f"  Fel – Filen är större än gränsen {max_upload_bytes() // 1024 // 1024} MB "
                "och läses inte. Ta bort bilder och tomma blad och försök igen."
            )
            worst = EXIT_REFUSED
            continue
        outcome = import_workbook(
            data,
            path.name,
            db_path=args.db,
            options=options,
            uploaded_by=args.uploaded_by,
            uploaded_at=when,
        )
        if outcome.summary is None:
            _print_refusal(path, outcome.report)
            worst = EXIT_REFUSED
            continue
        _print_warnings(outcome.report)
        if outcome.remembered_mapping:
            print(f"{path.name}: kolumnvalen från förra uppladdningen används.")
        if outcome.summary.already_imported:
            print(
                f"{path.name}: redan importerad (uppladdning {outcome.summary.upload_id}); "
                "inget nytt sparades."
            )
            continue
        if outcome.survey is not None:
            _print_survey_summary(path, outcome.survey)
            continue
        for parsed in outcome.report.agreements:
            a = parsed.agreement
            print(
                f"{path.name}: {_count(len(parsed.activities), 'aktivitet', 'aktiviteter')} i "
                + _count(
                    len({x.focus_area for x in parsed.activities}), "fokusområde", "fokusområden"
                )
                + f" importerade för {a.kommun} {a.period_label}"
                + (f" (LPO {a.lpo})" if a.lpo else "")
                + f", {_count(len(outcome.report.warnings), 'varning', 'varningar')}."
            )
        for _kind, text in carry_messages(outcome.summary.confidential):
            print(f"  Ej offentlig – {text}")
    return worst


def _status(args: argparse.Namespace) -> int:
    as_of = _day(args.as_of, "--as-of")
    with open_existing_store(args.db) as con:
        agreement = choose_agreement(store.fetch_agreements(con), args.kommun, as_of)
        status = build_plan_status(
            con, agreement, as_of, include_confidential=args.include_confidential
        )
    if as_of is not None and as_of < agreement.period_start:
        _say(
            f"Obs: {as_of} är före överenskommelsens period ({agreement.period_label}); "
            "planen bedöms ändå den dagen."
        )
    document = plan_status_json(status, include_confidential=args.include_confidential)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{document['kommun']} – läget {document['as_of']}")
    for fa in status.focus_areas:
        print(
            f"  {fa.name}: {_count(fa.activities, 'aktivitet', 'aktiviteter')}, "
            f"{_count(fa.done, 'genomförd', 'genomförda')}, "
            f"{_count(fa.overdue, 'försenad', 'försenade')}"
        )
    confidential = document["confidential"]
    line = confidential_line(confidential["activities"], confidential["included"])
    if line:
        print(line)
    return EXIT_OK


def _survey(args: argparse.Namespace) -> int:
    with open_existing_store(args.db) as con:
        in_store = store.fetch_survey_kommuner(con)
        kommun = _survey_kommun(in_store, args.kommun)
        values = store.fetch_survey_values(con, kommun) if kommun else []
        if kommun and not values and in_store:
            known = {a.kommun for a in store.fetch_agreements(con)}
            if kommun not in known:
                raise UsageError(
                    f"Inga mätvärden för {kommun}. Databasen har mätvärden för: "
                    + ", ".join(in_store)
                    + "."
                )
    if args.json:
        print(json.dumps(survey_values_json(values), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not values:
        print("Databasen innehåller inga mätvärden" + (f" för {kommun}." if kommun else "."))
        return EXIT_OK
    print(f"{kommun} – trygghetsmätning och nyckeltal")
    rows: dict[tuple[str, str], list[str]] = {}
    for v in values:
        shown = format_number(v.value)
        rows.setdefault((v.indicator, v.area), []).append(f"{v.year}: {shown}")
    for (indicator, area), years in rows.items():
        print(f"  {indicator} ({area}): " + ", ".join(years))
    return EXIT_OK


def _survey_kommun(in_store: list[str], asked: str | None) -> str | None:
    """The kommun asked for (by its proper name), or the only one the store has values for."""
    if asked is not None:
        kommun = canonical_kommun(asked)
        if kommun is None:
            raise UsageError(f'"{asked}" är ingen svensk kommun. Skriv t.ex. --kommun Eslöv.')
        return kommun
    if len(in_store) > 1:
        raise UsageError(
            "Databasen har mätvärden för flera kommuner; ange en med --kommun: "
            + ", ".join(in_store)
            + "."
        )
    return in_store[0] if in_store else None


def _template(args: argparse.Namespace) -> int:
    from samverkan.excel.template import write_template

    try:
        write_template(args.path)
    except OSError:
        raise UsageError(f"{args.path}: filen går inte att skriva (finns mappen?).") from None
    print(f"Mallen är skriven till {args.path}.")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from samverkan.demo import ensure_demo

    created = ensure_demo(args.db)
    print(
        "Demoöverenskommelsen är inläst."
        if created
        else "Databasen har redan data; inget ändrades."
    )
    return EXIT_OK


def _period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    period = parse_period(text)
    if period is None:
        raise UsageError(f'--period "{text}" förstås inte; skriv t.ex. 2020-2023.')
    return period


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'{option} "{text}" är inget datum; skriv ÅÅÅÅ-MM-DD.') from None


def _mapping(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        with path.open("rb") as stream:  # a column mapping is a few hundred bytes
            text = stream.read(_MAX_MAPPING_BYTES + 1)
        if len(text) > _MAX_MAPPING_BYTES:
            raise ValueError("too large")
        loaded: Any = json.loads(text.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        raise UsageError(f"--mapping {path}: filen går inte att läsa som JSON.") from None
    if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
        raise UsageError('--mapping ska vara ett JSON-objekt {"Rubrik": "fält"}.')
    return {str(k): v for k, v in loaded.items()}


def _print_refusal(path: Path, report: ImportReport) -> None:
    _say(f"{path.name}: filen importerades inte. Inget har ändrats i databasen.")
    for issue in report.errors:
        _say(f"  Fel – {issue}")


def _print_survey_summary(path: Path, survey: SurveyReport) -> None:
    for kommun in survey.kommuner:
        values = [v for v in survey.values if v.kommun == kommun]
        years = sorted({v.year for v in values})
        span = format_years(years[0], years[-1])
        print(
            f"{path.name}: {len(values)} mätvärden för "
            f"{len({v.indicator for v in values})} indikatorer i "
            f"{len({v.area for v in values})} områden ({span}) importerade för {kommun}, "
            f"{len(survey.warnings)} varningar."
        )


def _print_warnings(report: ImportReport) -> None:
    for issue in report.warnings:
        _say(f"  Varning – {issue}")


def _say(message: str) -> None:
    print(message, file=sys.stderr)
