"""Writing the access log: ``access_record`` is the one way in.

Call it inside the same ``transaction.atomic()`` as a write (the entry rolls back with a failed
write); call it in the view for a read (it then commits in its own short transaction before the
page is rendered, so no page is shown whose look was not logged).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from ketenzicht.audit.chain import GENESIS_HASH, canonical_ids, entry_hash
from ketenzicht.audit.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogHead,
    AccessLogSubject,
    SubjectKind,
)

_RETRIES = 5  # SQLite answers "database is locked" after its busy timeout under heavy load

# The request being served (set by ``middleware.AccessLogMiddleware``). A service called with
# ``request=None`` from a view still records where the change came from (path, method, address,
# user agent) — never who: the user is always the one passed or the request's own.
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)

# The entries held back by ``access_log_deferred`` (None: write each entry at once).
_deferred: ContextVar[list[dict[str, Any]] | None] = ContextVar("deferred_entries", default=None)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer, or the address KZ_TRUSTED_PROXY_COUNT proxies saw.

    X-Forwarded-For is only believed for the hops our own proxies added (right to left), so a
    client cannot choose its address by sending the header itself. The one rule for the access
    log and the login lockout (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "KZ_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = client_ip(request)
    try:
        validate_ipv46_address(raw)
    except ValidationError:
        return None
    # The form the database keeps (IPv6 normalised), so the hash is over what is stored.
    return str(AccessLogEntry._meta.get_field("ip_address").get_prep_value(raw))


def _snapshot(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return {
            "user_id": None,
            "username": "",
            "organisation_id": None,
            "organisation_name": "",
            "role": "",
        }
    organisation = getattr(user, "organisation", None)
    return {
        "user_id": user.pk,
        "username": user.get_username()[:150],
        "organisation_id": organisation.pk if organisation is not None else None,
        "organisation_name": organisation.name[:200] if organisation is not None else "",
        "role": (getattr(user, "role", "") or "")[:30],
    }


def _head() -> AccessLogHead:
    """The chain head, locked for this transaction; recreated from the last entry if missing."""
    head = AccessLogHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    last = AccessLogEntry.objects.order_by("-sequence").values("sequence", "hash").first()
    try:
        with transaction.atomic():
            AccessLogHead.objects.create(
                pk=1,
                sequence=last["sequence"] if last else 0,
                hash=last["hash"] if last else GENESIS_HASH,
            )
    except IntegrityError:  # another request made it first
        pass
    return AccessLogHead.objects.select_for_update().get(pk=1)


def access_record(
    *,
    request: HttpRequest | None,
    action: str,
    user: Any = None,
    case_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    household_ids: Iterable[int] = (),
    detail: str = "",
) -> AccessLogEntry:
    """Append one entry to the access log and return it.

    ``request`` gives the user (unless ``user`` is passed), the client address, user agent,
    path (never the query string, which may hold a searched name or BSN) and method. A service
    passes None and its ``user`` (the actor); the request being served, if any, then still gives
    the path, method, address and user agent. Commands and scheduled tasks pass None.
    ``detail`` is a short English text. Ids must be positive integers; a bad action or id raises
    ValueError and writes nothing.
    """
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if request is None:
        request = current_request.get()
    fields: dict[str, Any] = {
        **_snapshot(user),
        "action": str(action),
        "case_ids": canonical_ids(case_ids),
        "person_ids": canonical_ids(person_ids),
        "household_ids": canonical_ids(household_ids),
        "detail": str(detail)[:300],
        "path": request.path[:500] if request is not None else "",
        "method": (request.method or "")[:10] if request is not None else "",
        "ip_address": _ip(request),
        "user_agent": (
            request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
        ),
    }
    held = _deferred.get()
    if held is not None and connection.in_atomic_block:
        held.append(fields)
        return AccessLogEntry(**fields)  # numbered and chained when the block ends
    if connection.in_atomic_block:
        return _append(fields)
    # A read outside any transaction: its own short one, retried if SQLite is busy.
    for attempt in range(_RETRIES):
        try:
            return _append(fields)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def access_log_deferred() -> Iterator[None]:
    """Hold back the entries that ``access_record`` makes inside this block and write them
    together when it ends: one lock on the chain head, one insert of entries, one of subjects.

    Use it inside a write's ``transaction.atomic()`` (entries made outside one are written at
    once, as always), around code that lets every failure end the transaction: an entry held
    back is written even if a savepoint inside the block rolled back and was caught. The chain
    head is then locked only from the end of the block to the commit, instead of from the first
    entry on, so concurrent writes wait for each other far less (the API's report intake)."""
    if not connection.in_atomic_block:
        raise RuntimeError("access_log_deferred() belongs inside transaction.atomic()")
    if _deferred.get() is not None:  # already inside one: the outer block writes them
        yield
        return
    held: list[dict[str, Any]] = []
    token = _deferred.set(held)
    try:
        yield
    finally:
        _deferred.reset(token)
    if held:
        _append_many(held)


def _append(fields: dict[str, Any]) -> AccessLogEntry:
    return _append_many([fields])[0]


def _append_many(many: list[dict[str, Any]]) -> list[AccessLogEntry]:
    # Inside a write's transaction no savepoint of its own: a failed entry fails the write.
    with transaction.atomic(savepoint=False):
        head = _head()
        sequence, previous = head.sequence, head.hash
        entries: list[AccessLogEntry] = []
        for fields in many:
            sequence += 1
            chained = {
                **fields,
                "sequence": sequence,
                "occurred_at": timezone.now(),
                "previous_hash": previous,
            }
            previous = entry_hash(chained)
            entries.append(AccessLogEntry(**chained, hash=previous))
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            AccessLogEntry.objects.bulk_create(entries)
        AccessLogSubject.objects.bulk_create(
            [
                AccessLogSubject(entry=entry, kind=kind, object_id=object_id)
                for entry in entries
                for kind, ids in (
                    (SubjectKind.CASE, entry.case_ids),
                    (SubjectKind.PERSON, entry.person_ids),
                    (SubjectKind.HOUSEHOLD, entry.household_ids),
                )
                for object_id in ids
            ]
        )
        AccessLogHead.objects.filter(pk=1).update(sequence=sequence, hash=previous)
    return entries
