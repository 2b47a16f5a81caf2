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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ketenzicht.api import tokens
from ketenzicht.api.models import ApiClient, ApiRateWindow, ApiReport
from ketenzicht.api.scopes import Scope
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_log_deferred, access_record
from ketenzicht.casework.services import ReportFields, ReportsRefused, reports_register
from ketenzicht.common.inserts import insert_all
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

    code = "message_id_reused"

    def __init__(self, existing: ApiReport) -> None:
        super().__init__(existing.message_id)
        self.existing = existing


def client_edit_logged(
    client: ApiClient,
    *,
    case_id: int,
    report: Report,
    detail: str,
    person_ids: Iterable[int] | None = None,
) -> None:
    """The client's own EDIT entry in the access log for a change to case ``case_id`` (the case
    of ``report``): the report's people (``person_ids`` when the caller has them, else read)
    and household as its subjects. Called inside the change's transaction, so the entry and the
    change land together."""
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=client.user,
        case_ids=(case_id,),
        person_ids=person_ids
        if person_ids is not None
        else ReportPerson.objects.filter(report_id=report.pk).values_list("person_id", flat=True),
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


class SubmissionsRefused(Exception):
    """Some submissions of a batch are refused: ``by_index`` holds each one's
    ``ValidationError`` or :class:`MessageIdReused`, by its place in the batch. Nothing was
    written."""

    def __init__(self, by_index: dict[int, ValidationError | MessageIdReused]) -> None:
        super().__init__(f"{len(by_index)} submissions refused")
        self.by_index = dict(sorted(by_index.items()))


def _existing(client: ApiClient, message_ids: Iterable[str]) -> dict[str, ApiReport]:
    return {
        found.message_id: found
        for found in ApiReport.objects.select_related("report__case").filter(
            client=client, message_id__in=set(message_ids)
        )
    }


def _municipality_refused(message: str) -> ValidationError:
    return ValidationError({"municipality": [message]})


def _destinations(
    submissions: Sequence[ReportSubmission],
) -> dict[str, tuple[Municipality, Organisation, User] | ValidationError]:
    """Per municipality code of ``submissions``: the municipality, the Veilig Thuis of its
    region and that organisation's intake account, or why a report there cannot land."""
    codes = {submission.municipality for submission in submissions}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    organisations: dict[int, Organisation | None] = {}
    registrars: dict[int, User] = {}
    result: dict[str, tuple[Municipality, Organisation, User] | ValidationError] = {}
    for code in codes:
        municipality = municipalities.get(code)
        if municipality is None:
            result[code] = _municipality_refused(_("Unknown municipality (CBS code)."))
            continue
        if municipality.region_id not in organisations:
            organisations[municipality.region_id] = veilig_thuis_for(municipality)
        organisation = organisations[municipality.region_id]
        if organisation is None:
            result[code] = _municipality_refused(
                _("No Veilig Thuis organisation serves this municipality.")
            )
            continue
        if organisation.pk not in registrars:
            registrars[organisation.pk] = intake_account_for(organisation)
        result[code] = (municipality, organisation, registrars[organisation.pk])
    return result


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
    try:
        return api_reports_submit(client=client, submissions=[(message_id, submission)])[0]
    except SubmissionsRefused as exc:
        raise exc.by_index[0] from None


def api_reports_submit(
    *, client: ApiClient, submissions: Sequence[tuple[str, ReportSubmission]]
) -> list[tuple[ApiReport, bool]]:
    """:func:`api_report_submit` for a batch of ``(message_id, submission)``, in its order, all
    or nothing: one transaction, registered together by ``reports_register``. Any refused
    submission raises :class:`SubmissionsRefused` naming each by its place, and nothing is
    written. A message id twice in the batch with the same content is one report (the second
    answered as a resend); with different content it is refused."""
    for attempt in range(3):
        try:
            return _submitted(client, submissions)
        except IntegrityError:
            # A concurrent call registered one of these message ids first: this transaction
            # rolled back whole; read again, and those ids are now resends.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _submitted(
    client: ApiClient, submissions: Sequence[tuple[str, ReportSubmission]]
) -> list[tuple[ApiReport, bool]]:
    existing = _existing(client, (message_id for message_id, _submission in submissions))
    destinations = _destinations([submission for _message_id, submission in submissions])
    refused: dict[int, ValidationError | MessageIdReused] = {}
    answers: dict[int, tuple[ApiReport, bool]] = {}
    new: list[_New] = []
    first: dict[str, tuple[int, str]] = {}  # message id -> its first place and digest here
    copies: dict[int, int] = {}  # a place -> the earlier place of the same message in the batch
    for index, (message_id, submission) in enumerate(submissions):
        digest = submission.digest()
        found = existing.get(message_id)
        if found is not None:
            if found.content_digest != digest:
                refused[index] = MessageIdReused(found)
            else:
                answers[index] = (found, False)
        elif message_id in first:
            earlier, earlier_digest = first[message_id]
            if earlier_digest != digest:
                refused[index] = ValidationError(
                    {
                        "message_id": [
                            ValidationError(
                                _("This message id is used twice in the batch."),
                                code=MessageIdReused.code,
                            )
                        ]
                    }
                )
            else:
                copies[index] = earlier
        else:
            first[message_id] = (index, digest)
            destination = destinations[submission.municipality]
            if isinstance(destination, ValidationError):
                refused[index] = destination
            else:
                fields = _report_fields(client, submission, destination)
                new.append(_New(index, message_id, digest, fields))
    if refused:
        raise SubmissionsRefused(refused)
    if new:
        answers.update(_register(client, new))
    for index, earlier in copies.items():
        answers[index] = (answers[earlier][0], False)
    return [answers[index] for index in range(len(submissions))]


@dataclass(frozen=True)
class _New:
    """A submission with a message id not seen before: its place in the batch and its fields."""

    index: int
    message_id: str
    digest: str
    fields: ReportFields


def _report_fields(
    client: ApiClient,
    submission: ReportSubmission,
    destination: tuple[Municipality, Organisation, User],
) -> ReportFields:
    municipality, organisation, registrar = destination
    police = client.organisation.kind == OrganisationKind.POLICE
    return ReportFields(
        organisation=organisation,
        registered_by=registrar,
        channel=Channel.POLICE_CORV if police else Channel.WEB,
        municipality=municipality,
        reporting_organisation=client.organisation,
        received_at=submission.received_at,
        reporter_role=submission.reporter_role,
        kinds=submission.kinds,
        urgency=submission.urgency,
        household_address=submission.household_address,
        people=submission.people,
        summary=submission.summary,
        reporter_name=submission.reporter_name,
        reporter_organisation=submission.reporter_organisation,
        reporter_phone=submission.reporter_phone,
        reporter_email=submission.reporter_email,
        reporter_shielded=submission.reporter_shielded,
        meldcode_step=submission.meldcode_step,
        reporter_keeps_helping=submission.reporter_keeps_helping,
    )


def _register(client: ApiClient, new: list[_New]) -> dict[int, tuple[ApiReport, bool]]:
    """Register the ``new`` submissions together: their answers by their places."""
    try:
        # The access-log entries (each registration's, the client's) are written together at
        # the end, so the chain head stays locked only from there to the commit.
        with transaction.atomic(), access_log_deferred():
            cases = reports_register([item.fields for item in new])
            created = insert_all(
                [
                    ApiReport(
                        client=client,
                        message_id=item.message_id,
                        report=case.report,
                        content_digest=item.digest,
                    )
                    for item, case in zip(new, cases, strict=True)
                ]
            )
            people: dict[int, list[int]] = {}
            for report_id, person_id in ReportPerson.objects.filter(
                report_id__in=[case.report_id for case in cases]
            ).values_list("report_id", "person_id"):
                people.setdefault(report_id, []).append(person_id)
            for case, submitted in zip(cases, created, strict=True):
                client_edit_logged(
                    client,
                    case_id=case.pk,
                    report=case.report,
                    detail=f"report submitted message_id={submitted.message_id}",
                    person_ids=people.get(case.report_id, []),
                )
    except ReportsRefused as exc:
        raise SubmissionsRefused(
            {new[position].index: error for position, error in exc.by_index.items()}
        ) from exc
    return {item.index: (submitted, True) for item, submitted in zip(new, created, strict=True)}
