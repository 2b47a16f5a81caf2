"""Django's ``flush``, which also empties the append-only access log.

The test suite flushes the database after every transactional (browser) test; the log's
triggers would refuse that. This command lifts them for the flush and puts them back at once,
in the same transaction. Deleting a whole database is an operator's act, never the
application's; the triggers keep the running application (and anyone with only its SQL access
and no DDL rights) from changing the log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from ketenzicht.audit import triggers


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        with transaction.atomic(using=connection.alias):
            triggers.drop(connection)
            try:
                super().handle(**options)
            finally:
                triggers.create(connection)
