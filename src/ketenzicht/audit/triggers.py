"""Database triggers that make the access log append-only below the application.

UPDATE and DELETE on the log tables are refused by the database itself, on SQLite and on
PostgreSQL. (On PostgreSQL, also revoke TRUNCATE on these tables from the application's role;
see docs/architecture.md, "Access log".) The only code that lifts them is the test-database
``flush`` (``management/commands/flush.py``), which empties every table between transactional
tests.
"""

from __future__ import annotations

from typing import Any

TABLES = ("audit_accesslogentry", "audit_accesslogsubject")
MESSAGE = "the access log is append-only"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op};" for op in ("update", "delete")]


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _pg_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();",
    ]


def _pg_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
    ]


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [sql for table in TABLES for sql in _sqlite_create(table)]
    if vendor == "postgresql":
        return [_PG_FUNCTION, *(sql for table in TABLES for sql in _pg_create(table))]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [sql for table in TABLES for sql in _sqlite_drop(table)]
    if vendor == "postgresql":
        return [sql for table in TABLES for sql in _pg_drop(table)]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def create(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in create_statements(connection.vendor):
            cursor.execute(sql)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in drop_statements(connection.vendor):
            cursor.execute(sql)
