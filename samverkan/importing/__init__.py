"""Importing a file in one pass: guard → read once → decide the kind → parse → validate → store.

- pipeline.py: import_workbook, the one entry point (the page's preview is save=False)
- sandbox.py: the reading runs in a child process under memory, CPU and time limits
- reading.py: what the child runs: the values read once, a plan or survey parsed from them
- kinds.py: where an upload gets its kind decided (plan or survey), and a plan's sheets sorted

Kept light on purpose: the sandbox's child imports this package and must not load the store.
"""
