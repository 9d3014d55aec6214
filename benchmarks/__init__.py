"""Benchmarks of tui-reader: how fast it opens, moves, searches and saves, by article size.

Run them all with `python -m benchmarks` from the repository root (`--help` for
the options); `suite.py` says what each case measures and how.
"""
