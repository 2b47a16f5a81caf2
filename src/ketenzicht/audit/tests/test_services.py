"""access_record: numbering, chaining, snapshots, subjects, and bad input."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from ketenzicht.audit.chain import GENESIS_HASH, entry_hash
from ketenzicht.audit.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogHead,
    AccessLogSubject,
    AppendOnlyError,
)
from ketenzicht.audit.services import access_log_deferred, access_record
from ketenzicht.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _request(user, path="/zaken/12/", **meta):
    request = RequestFactory().get(path + "?q=Jansen", HTTP_USER_AGENT="Firefox", **meta)
    request.user = user
    return request


def test_it_records_who_what_and_from_where(vt_worker):
    entry = access_record(
        request=_request(vt_worker),
        action=AccessAction.VIEW,
        case_ids=(12,),
        person_ids=(5, 3, 5),
        household_ids=(7,),
        detail="case page",
    )
    entry.refresh_from_db()
    assert entry.sequence == 1
    assert entry.previous_hash == GENESIS_HASH
    assert entry.user_id == vt_worker.pk
    assert entry.username == vt_worker.username
    assert entry.organisation_id == vt_worker.organisation_id
    assert entry.organisation_name == vt_worker.organisation.name
    assert entry.role == vt_worker.role
    assert entry.person_ids == [3, 5]
    assert entry.path == "/zaken/12/"  # never the query string
    assert entry.method == "GET"
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == "Firefox"
    subjects = set(AccessLogSubject.objects.values_list("kind", "object_id"))
    assert subjects == {("case", 12), ("person", 3), ("person", 5), ("household", 7)}


def test_each_entry_is_chained_to_the_previous(vt_worker):
    first = access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    second = access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(1,))
    second.refresh_from_db()
    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.hash
    fields = {
        name: getattr(second, name)
        for name in (
            "sequence",
            "occurred_at",
            "user_id",
            "username",
            "organisation_id",
            "organisation_name",
            "role",
            "action",
            "case_ids",
            "person_ids",
            "household_ids",
            "detail",
            "path",
            "method",
            "ip_address",
            "user_agent",
            "previous_hash",
        )
    }
    assert entry_hash(fields) == second.hash
    head = AccessLogHead.objects.get()
    assert (head.sequence, head.hash) == (second.sequence, second.hash)


def test_a_command_without_request_or_user_is_recorded_without_a_user(db):
    entry = access_record(request=None, action=AccessAction.DESTROY, case_ids=(4,))
    assert entry.user_id is None and entry.username == "" and entry.path == ""


def test_it_refuses_an_unknown_action_and_bad_ids_and_writes_nothing(vt_worker):
    with pytest.raises(ValueError):
        access_record(request=None, action="peek", user=vt_worker)
    for bad in (("3",), (0,), (True,), (-1,)):
        with pytest.raises(ValueError):
            access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=bad)
    assert not AccessLogEntry.objects.exists()


def test_an_entry_rolls_back_with_a_failed_write(vt_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(1,))
        raise RuntimeError("the write failed")
    assert not AccessLogEntry.objects.exists()
    entry = access_record(request=None, action=AccessAction.EDIT, user=vt_worker)
    assert entry.sequence == 1


def test_the_application_cannot_change_or_remove_an_entry(vt_worker):
    entry = access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    entry.detail = "nothing happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogSubject.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accesslogentry SET detail = 'x'",
        "DELETE FROM audit_accesslogentry",
        "UPDATE audit_accesslogsubject SET object_id = 99",
        "DELETE FROM audit_accesslogsubject",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(vt_worker, sql):
    access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLogEntry.objects.get().detail == ""
    assert AccessLogSubject.objects.get().object_id == 1


# --- access_log_deferred: entries held back to the end of the block ----------------------------


def test_deferred_entries_are_written_together_when_the_block_ends(vt_worker):
    access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    with transaction.atomic(), access_log_deferred():
        held = access_record(
            request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(2,), person_ids=(9,)
        )
        access_record(request=None, action=AccessAction.EDIT, user=vt_worker, household_ids=(4,))
        assert held.pk is None  # not yet written
        assert AccessLogEntry.objects.count() == 1
    entries = list(AccessLogEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[1].previous_hash == entries[0].hash
    assert entries[2].previous_hash == entries[1].hash
    assert (entries[1].case_ids, entries[1].person_ids) == ([2], [9])
    assert AccessLogHead.objects.get(pk=1).hash == entries[2].hash
    subjects = set(AccessLogSubject.objects.values_list("entry__sequence", "kind", "object_id"))
    assert subjects == {(1, "case", 1), (2, "case", 2), (2, "person", 9), (3, "household", 4)}
    assert verify_chain().ok


def test_deferred_entries_roll_back_with_a_failed_block(vt_worker):
    with pytest.raises(ZeroDivisionError), transaction.atomic(), access_log_deferred():
        access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(2,))
        1 / 0  # noqa: B018 - the write fails after its entry was made
    assert not AccessLogEntry.objects.exists()
    # The next entry is written at once again, first in the chain.
    entry = access_record(request=None, action=AccessAction.VIEW, user=vt_worker, case_ids=(1,))
    assert entry.sequence == 1


def test_nested_deferred_blocks_write_once_at_the_outer_end(vt_worker):
    with transaction.atomic(), access_log_deferred():
        with access_log_deferred():
            access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(1,))
        assert not AccessLogEntry.objects.exists()
        access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(2,))
    assert list(AccessLogEntry.objects.order_by("sequence").values_list("case_ids", flat=True)) == [
        [1],
        [2],
    ]


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_deferring_outside_a_transaction_is_refused(vt_worker):
    with pytest.raises(RuntimeError, match="belongs inside"), access_log_deferred():
        pass  # pragma: no cover
    assert not AccessLogEntry.objects.exists()
