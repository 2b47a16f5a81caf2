"""Writes of the API: clients and their tokens, and reports submitted by a client.

A submitted report lands at the Veilig Thuis organisation of the region of the household's
municipality and is registered there through ``casework.services.report_register`` by that
organisation's *intake account* (:func:`intake_account_for`): an inactive account without a
usable password or an e-mail address, so nobody can log in with it; the access log and the case
history name it as the registrar. Which client sent the report, under which message id, is kept
in :class:`ApiReport` (one per client and message id: a resend returns the first report).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ketenzicht.api import tokens
from ketenzicht.api.models import ApiClient, ApiRateWindow, ApiReport
from ketenzicht.api.scopes import Scope
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_log_deferred, access_record
from ketenzicht.casework.services import report_register
from ketenzicht.intake.models import Channel, Report, ReportPerson
from ketenzicht.intake.services import AddressInput, PersonInput
from ketenzicht.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

INTAKE_ACCOUNT_PREFIX = "api-intake-"
CLIENT_ACCOUNT_PREFIX = "api-client-"


def _account(*, username: str, organisation: Organisation, role: str, name: str) -> User:
    """An account nobody logs in with: inactive, no usable password, no e-mail (OIDC)."""
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=name[:150],
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    return user


def service_account_for(*, prefix: str, organisation: Organisation, role: str) -> User:
    """The API's account with ``role`` at ``organisation`` (``<prefix><organisation id>``,
    made once): the actor of the domain services the API calls on the organisation's behalf."""
    username = f"{prefix}{organisation.pk}"
    user = User.objects.filter(username=username).select_related("organisation").first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            return _account(username=username, organisation=organisation, role=role, name="API")
    except IntegrityError:  # made by a concurrent request
        return User.objects.select_related("organisation").get(username=username)


def intake_account_for(organisation: Organisation) -> User:
    """The account that registers API reports at Veilig Thuis ``organisation`` (made once)."""
    return service_account_for(
        prefix=INTAKE_ACCOUNT_PREFIX, organisation=organisation, role=Role.INTAKE_WORKER
    )


def veilig_thuis_for(municipality: Municipality) -> Organisation | None:
    """The Veilig Thuis organisation of the municipality's region (the oldest, if several)."""
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.VEILIG_THUIS, region_id=municipality.region_id
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def api_client_create(
    *,
    name: str,
    organisation: Organisation,
    client_id: str,
    scopes: Sequence[str],
    secret: str | None = None,
) -> tuple[ApiClient, str]:
    """Create a client and return it with its token (shown once; only a digest is kept).

    ``secret`` is for the demo's known tokens only; otherwise a random one is made.
    """
    errors: dict[str, list[str]] = {}
    if not tokens.CLIENT_ID_PATTERN.match(client_id):
        errors["client_id"] = [_("A client id has 2 to 63 lower-case letters, digits and hyphens.")]
    elif ApiClient.objects.filter(client_id=client_id).exists():
        errors["client_id"] = [_("This client id is taken.")]
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors["scopes"] = [_("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    if not name.strip():
        errors["name"] = [_("Give the client a name.")]
    if errors:
        raise ValidationError(errors)
    secret = secret or tokens.secret_new()
    if tokens.token_split(tokens.token_join(client_id, secret)) is None:
        raise ValidationError({"secret": [_("A secret has 20 to 100 url-safe characters.")]})
    user = _account(
        username=f"{CLIENT_ACCOUNT_PREFIX}{client_id}",
        organisation=organisation,
        role="",
        name=name.strip(),
    )
    client = ApiClient.objects.create(
        name=name.strip(),
        organisation=organisation,
        client_id=client_id,
        secret_digest=tokens.secret_digest(secret),
        scopes=sorted(set(scopes)),
        user=user,
    )
    return client, tokens.token_join(client_id, secret)


# --- reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSubmission:
    """A report as another system sends it (``serializers.ReportSubmissionSerializer``)."""

    received_at: datetime
    municipality: str  # CBS code, e.g. GM0505
    reporter_role: str
    kinds: list[str]
    urgency: str
    household_address: AddressInput
    people: list[PersonInput]
    summary: str
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_shielded: bool = False
    meldcode_step: int | None = None
    reporter_keeps_helping: bool | None = None

    def digest(self) -> str:
        """A digest of the content, to tell a resend from a different report under one id."""
        canonical = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=True)
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()


class MessageIdReused(Exception):
    """The client sent a different report under a message id it used before."""

    def __init__(self, existing: ApiReport) -> None:
        super().__init__(existing.message_id)
        self.existing = existing


def client_edit_logged(client: ApiClient, *, case_id: int, report: Report, detail: str) -> None:
    """The client's own EDIT entry in the access log for a change to case ``case_id`` (the case
    of ``report``): the report's people and household as its subjects. Called inside the
    change's transaction, so the entry and the change land together."""
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=client.user,
        case_ids=(case_id,),
        person_ids=ReportPerson.objects.filter(report_id=report.pk).values_list(
            "person_id", flat=True
        ),
        household_ids=(report.household_id,),
        detail=f"api {client.client_id} {detail}"[:300],
    )


def api_rate_count(client: ApiClient, window_start: int) -> int:
    """Count one call of ``client`` in the rate window that starts at ``window_start`` (seconds
    since 1970) and return the calls in it so far, this one included.

    One statement (an upsert that adds one and returns the count), so concurrent calls in any
    number of server processes are each counted once; autocommitted on its own, not part of the
    call's own transaction. The first call of a window removes the client's older windows.
    """
    if window_start < 0:
        raise ValidationError({"window_start": _("A rate window cannot start before 1970.")})
    table = connection.ops.quote_name(ApiRateWindow._meta.db_table)
    client_column = connection.ops.quote_name("client_id")
    start_column = connection.ops.quote_name("window_start")
    calls_column = connection.ops.quote_name("calls")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({client_column}, {start_column}, {calls_column}) "
            f"VALUES (%s, %s, 1) ON CONFLICT ({client_column}, {start_column}) "
            f"DO UPDATE SET {calls_column} = {table}.{calls_column} + 1 RETURNING {calls_column}",
            [client.pk, window_start],
        )
        calls = int(cursor.fetchone()[0])
    if calls == 1:
        ApiRateWindow.objects.filter(client=client, window_start__lt=window_start).delete()
    return calls


def _existing(client: ApiClient, message_id: str) -> ApiReport | None:
    return (
        ApiReport.objects.select_related("report__case")
        .filter(client=client, message_id=message_id)
        .first()
    )


def _resend(existing: ApiReport, digest: str) -> tuple[ApiReport, bool]:
    if existing.content_digest != digest:
        raise MessageIdReused(existing)
    return existing, False


def api_report_submit(
    *, client: ApiClient, message_id: str, submission: ReportSubmission
) -> tuple[ApiReport, bool]:
    """Register ``submission`` once per client and message id: ``(submission, created)``.

    A resend of the same content returns the first one (created False), also when two arrive at
    the same moment: the unique constraint on (client, message_id) makes the second transaction
    fail and roll back whole, after which the first one's row is returned. Different content under
    a used message id raises :class:`MessageIdReused`. Bad input raises ``ValidationError``
    (from ``report_register``, or about the municipality) and writes nothing.
    """
    digest = submission.digest()
    existing = _existing(client, message_id)
    if existing is not None:
        return _resend(existing, digest)
    municipality = Municipality.objects.filter(code=submission.municipality).first()
    if municipality is None:
        raise ValidationError({"municipality": [_("Unknown municipality (CBS code).")]})
    organisation = veilig_thuis_for(municipality)
    if organisation is None:
        raise ValidationError(
            {"municipality": [_("No Veilig Thuis organisation serves this municipality.")]}
        )
    registrar = intake_account_for(organisation)
    fields: dict[str, Any] = {
        key: value for key, value in asdict(submission).items() if key != "municipality"
    }
    # asdict turned the inputs into dicts: pass the dataclasses themselves.
    fields["household_address"] = submission.household_address
    fields["people"] = submission.people
    police = client.organisation.kind == OrganisationKind.POLICE
    try:
        # The two access-log entries (the registration, the client's) are written together at
        # the end, so the chain head stays locked only from there to the commit.
        with transaction.atomic(), access_log_deferred():
            case = report_register(
                organisation=organisation,
                registered_by=registrar,
                channel=Channel.POLICE_CORV if police else Channel.WEB,
                municipality=municipality,
                reporting_organisation=client.organisation,
                **fields,
            )
            created = ApiReport.objects.create(
                client=client,
                message_id=message_id,
                report=case.report,
                content_digest=digest,
            )
            client_edit_logged(
                client,
                case_id=case.pk,
                report=case.report,
                detail=f"report submitted message_id={message_id}",
            )
    except IntegrityError:
        existing = _existing(client, message_id)
        if existing is None:
            raise
        return _resend(existing, digest)
    return created, True
