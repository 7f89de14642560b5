"""Importing a file: guard, read in a child process (sandbox.py, reading.py), then parse and store.

Kept light on purpose: the sandbox's child imports this package and must not load the store.
"""
