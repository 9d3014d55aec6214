"""Schema versions of the database file and the migrations between them.

The file records the schema it was written with (`_meta.schema`). A file of an
older schema is upgraded in memory when it is read, one version at a time, and
written in the current schema at the next save, which first keeps the old
file as `NAME.schemaN`. A file of a newer schema is refused rather than misread.

To change the schema: add a function turning version N's tables into version
N+1's under `MIGRATIONS[N]`, and raise `SCHEMA_VERSION` to N+1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, Any]
Migration = Callable[[Tables], Tables]

SCHEMA_VERSION = 3
"""The schema this tui-reader writes."""

FIRST_SCHEMA = 1
"""The schema of files written before the version was recorded."""


def _article_metadata(tables: Tables) -> Tables:
    """Schema 2: every article record has `metadata`, the values the user set ({} at first)."""
    articles = tables.get("articles")
    if not isinstance(articles, dict):
        return tables
    upgraded = {
        key: {**document, "metadata": document.get("metadata", {})}
        if isinstance(document, dict)
        else document
        for key, document in articles.items()
    }
    return {**tables, "articles": upgraded}


def _claim_links(tables: Tables) -> Tables:
    """Schema 3: claims may hold `links` and a `group`; a claim without them has none.

    Nothing to rewrite: the version is raised so that an older tui-reader, which
    would drop the links when it saved an edited claim, refuses the file instead.
    """
    return tables


MIGRATIONS: dict[int, Migration] = {1: _article_metadata, 2: _claim_links}
"""`MIGRATIONS[n]` turns the tables of a version-n file into version n+1."""


class MigrationMissing(Exception):
    """No migration is registered from one schema to the next."""


def migrate(tables: Tables, version: int) -> Tables:
    """Upgrade `tables` from schema `version` to `SCHEMA_VERSION`, step by step."""
    for step in range(version, SCHEMA_VERSION):
        migration = MIGRATIONS.get(step)
        if migration is None:
            raise MigrationMissing(f"no migration from schema {step} to {step + 1}")
        tables = migration(tables)
    return tables
