"""The schema is portable: written for SQLite first, it must compile for PostgreSQL too."""

from __future__ import annotations


def test_schema_compiles_for_postgresql() -> None:
    """The same tables serve a PostgreSQL server later: they must compile for its dialect."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from harvest.store._schema import metadata

    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
        assert ddl.startswith(f"\nCREATE TABLE {table.name}")
