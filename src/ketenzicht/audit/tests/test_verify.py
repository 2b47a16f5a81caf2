"""manage.py accesslog_verify reports OK, or exactly the first broken link."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ketenzicht.audit import triggers
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.services import access_record

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = StringIO()
    call_command("accesslog_verify", "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def _log(user, count=5):
    return [
        access_record(
            request=None, action=AccessAction.VIEW, user=user, case_ids=(n,), person_ids=(n + 100,)
        )
        for n in range(1, count + 1)
    ]


def _bypassing_the_triggers(sql, *params):
    """What an attacker with DDL rights could do: lift the triggers, change a row, restore."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.create(connection)


def test_an_intact_log_is_reported_ok_with_its_count(vt_worker):
    _log(vt_worker, 5)
    assert "Access log OK: 5 entries" in _verify()


def test_an_empty_log_is_ok(db):
    assert "Access log OK: 0 entries" in _verify()


def test_a_tampered_row_is_reported_as_the_first_broken_link(vt_worker):
    entries = _log(vt_worker, 5)
    _bypassing_the_triggers(
        "UPDATE audit_accesslogentry SET detail = %s WHERE id = %s", "nothing", entries[2].pk
    )
    with pytest.raises(CommandError, match=r"BROKEN at entry #3: its contents do not match"):
        _verify()


def test_a_tampered_user_is_detected(vt_worker, team_lead):
    entries = _log(vt_worker, 3)
    _bypassing_the_triggers(
        "UPDATE audit_accesslogentry SET user_id = %s, username = %s WHERE id = %s",
        team_lead.pk,
        team_lead.username,
        entries[0].pk,
    )
    with pytest.raises(CommandError, match=r"BROKEN at entry #1:"):
        _verify()


def test_a_deleted_row_is_reported_as_a_gap(vt_worker):
    entries = _log(vt_worker, 5)
    _bypassing_the_triggers("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", entries[1].pk)
    _bypassing_the_triggers("DELETE FROM audit_accesslogentry WHERE id = %s", entries[1].pk)
    with pytest.raises(CommandError, match=r"BROKEN at entry #3: entry #2 is missing"):
        _verify()


def test_a_removed_tail_is_detected_through_the_chain_head(vt_worker):
    entries = _log(vt_worker, 3)
    _bypassing_the_triggers("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", entries[2].pk)
    _bypassing_the_triggers("DELETE FROM audit_accesslogentry WHERE id = %s", entries[2].pk)
    with pytest.raises(CommandError, match=r"chain head names entry #3 but the last entry is #2"):
        _verify()


def test_a_removed_subject_row_is_detected(vt_worker):
    entries = _log(vt_worker, 3)
    _bypassing_the_triggers(
        "DELETE FROM audit_accesslogsubject WHERE entry_id = %s AND kind = 'person'",
        entries[1].pk,
    )
    with pytest.raises(CommandError, match=r"#2: its person ids \[102\] differ"):
        _verify()


def test_a_rewritten_chain_from_a_changed_entry_on_is_still_caught_at_the_head(vt_worker):
    """An attacker who changes entry 3 and recomputes its hash still breaks entry 4's link."""
    from ketenzicht.audit.chain import HASHED_FIELDS, entry_hash

    entries = _log(vt_worker, 4)
    row = AccessLogEntry.objects.filter(pk=entries[2].pk).values(*HASHED_FIELDS).get()
    row["detail"] = "nothing"
    _bypassing_the_triggers(
        "UPDATE audit_accesslogentry SET detail = %s, hash = %s WHERE id = %s",
        "nothing",
        entry_hash(row),
        entries[2].pk,
    )
    with pytest.raises(CommandError, match=r"BROKEN at entry #4: its previous hash"):
        _verify()


def test_verification_streams_many_entries(vt_worker):
    _log(vt_worker, 2500)  # more than one chunk
    assert "Access log OK: 2500 entries" in _verify()
