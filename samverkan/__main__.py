"""`python -m samverkan …` runs the command line."""

from samverkan.cli import main

raise SystemExit(main())
