"""The `samverkan` command line: a thin layer over the library (DESIGN.md, "The command line").

Exit codes: 0 done, 2 refused input or a wrong choice, 3 the store is busy, 1 anything
unexpected (still a Swedish sentence, never a traceback).

- main (here): runs one command and turns what went wrong into its exit code
- parser: every command and flag, each naming the function that runs it
- common: exit codes, UsageError, a day as written, the store that must already exist
- one module per command group, imported only when its command runs:
  importing (`import`), status (`status`, `survey`), first_steps (`template`, `demo`),
  changes (`changes`), meetings (`meeting add|list`), reports (`report`),
  safety (`withdraw`, `backup`, `restore`), users (`user add|list|remove`),
  remind (`remind`)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from samverkan.cli.common import EXIT_BUSY, EXIT_OK, EXIT_REFUSED, EXIT_UNEXPECTED, UsageError, say
from samverkan.cli.parser import build_parser, load_command

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        return int(load_command(args.run)(args))
    except UsageError as exc:
        say(f"Fel: {exc}")
        return EXIT_REFUSED
    except BrokenPipeError:  # `samverkan status --json | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except KeyboardInterrupt:
        say("Avbrutet.")
        return EXIT_UNEXPECTED
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        return _refusal_or_unexpected(exc)


def _refusal_or_unexpected(exc: Exception) -> int:
    """A wrong choice of agreement (2), a busy store (3), or anything else (1), said in Swedish.

    Each of the first two is raised only by a module the command has loaded, so they are looked
    up among the loaded modules: naming them here must not load the store for `--help`.
    """
    agreement = sys.modules.get("samverkan.agreement")
    if agreement is not None and isinstance(exc, agreement.AgreementChoiceError):
        say(f"Fel: {exc}")
        return EXIT_REFUSED
    store = sys.modules.get("samverkan.store")
    if store is not None and isinstance(exc, store.StoreBusy):
        say(str(exc) or store.BUSY_MESSAGE)
        return EXIT_BUSY
    say(f"Ett oväntat fel inträffade ({type(exc).__name__}). Inget har ändrats.")
    return EXIT_UNEXPECTED
