"""Concurrent requests append to one chain: none forks it, none is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.services import access_record
from ketenzicht.audit.verify import verify_chain


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_unbroken_chain(vt_worker):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database does not serve threads like a server")
    errors: list[BaseException] = []
    per_thread, threads = 25, 4

    def work(n: int) -> None:
        try:
            for i in range(per_thread):
                access_record(
                    request=None,
                    action=AccessAction.VIEW,
                    user=vt_worker,
                    case_ids=(n * 100 + i + 1,),
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    assert AccessLogEntry.objects.count() == per_thread * threads
    outcome = verify_chain()
    assert outcome.ok, outcome.problem
    assert outcome.count == per_thread * threads


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_empties_the_log_and_puts_the_triggers_back(vt_worker):
    from io import StringIO

    from django.core.management import call_command
    from django.db import DatabaseError, transaction

    access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    call_command("flush", "--no-input", stdout=StringIO())
    assert not AccessLogEntry.objects.exists()
    entry = access_record(request=None, action=AccessAction.VIEW, case_ids=(2,))
    assert entry.sequence == 1
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry")
