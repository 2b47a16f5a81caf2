"""The JSON shapes of the API. Strict: a field the API does not know is refused.

The serializers check the *form* of the input only (types, lengths, choices, unknown fields);
the rules of a report (a reporter's name unless anonymous, a valid BSN, the postcode, a date of
birth not in the future, ...) stay in ``casework.services.report_register`` and come back as its
``ValidationError`` in the same error shape (``errors.py``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ketenzicht.api.models import message_id_validator
from ketenzicht.api.outcomes import Outcome, Status
from ketenzicht.api.services import ReportSubmission
from ketenzicht.casework.models import TaskKind
from ketenzicht.intake.models import PersonRole, ReporterRole, Sex, Urgency, ViolenceKind
from ketenzicht.intake.services import AddressInput, PersonInput


def _printable(name: Any) -> str:
    """A field name as it can be written back in an error (no lone surrogates, no NUL)."""
    text = str(name).encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")
    return text[:100]


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not declare (also in nested objects), each under its own path."""

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, Any] = {}
        if isinstance(data, dict):
            unknown = {
                _printable(name): [
                    serializers.ErrorDetail(_("This field is not known."), code="unknown")
                ]
                for name in sorted(set(data) - set(self.fields), key=str)
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


class AddressSerializer(StrictSerializer):
    """An address in the Netherlands; every part may be left out."""

    street = _text(200)
    house_number = _text(10)
    house_number_suffix = _text(10)
    postcode = _text(7, help_text="Dutch postcode, e.g. 3311 AB.")
    city = _text(100)


class ReporterSerializer(StrictSerializer):
    """Who reports (*melder*): a professional, or a citizen who may stay anonymous."""

    role = serializers.ChoiceField(choices=ReporterRole.choices)
    name = _text(200, help_text="Required unless the role is anonymous_citizen.")
    organisation = _text(200)
    phone = _text(40)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    shielded = serializers.BooleanField(
        required=False, default=False, help_text="Shield the reporter's identity from the family."
    )
    meldcode_step = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None
    )
    keeps_helping = serializers.BooleanField(required=False, allow_null=True, default=None)


class PersonSerializer(StrictSerializer):
    """A person the report is about, with their role in it."""

    surname = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=PersonRole.choices)
    first_names = _text(200)
    surname_prefix = _text(30)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.OTHER)
    bsn = _text(9, help_text="Burgerservicenummer, nine digits (eleven test).")
    address = AddressSerializer(
        required=False, allow_null=True, default=None, help_text="Null: the household's address."
    )


class ReportSubmissionSerializer(StrictSerializer):
    """A report (*melding*; from the police a *zorgmelding*) for Veilig Thuis. Unknown fields
    are refused."""

    message_id = serializers.CharField(
        max_length=100,
        validators=[message_id_validator],
        help_text="The sender's own id of this message: a resend with the same id and content "
        "returns the first report (200) instead of registering a second one.",
    )
    received_at = serializers.DateTimeField(help_text="When the report was made (ISO 8601).")
    municipality = serializers.RegexField(
        r"^GM\d{4}$", max_length=6, help_text="CBS code of the household's municipality."
    )
    reporter = ReporterSerializer()
    household = AddressSerializer()
    people = PersonSerializer(many=True, allow_empty=False, max_length=50)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolenceKind.choices),
        allow_empty=False,
        max_length=len(ViolenceKind.values),
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    summary = serializers.CharField(max_length=20000, help_text="What was reported (free text).")

    def submission(self) -> ReportSubmission:
        return submission_of(self.validated_data)


def submission_of(data: dict[str, Any]) -> ReportSubmission:
    """The service's input from a report's validated data (:class:`ReportSubmissionSerializer`)."""
    reporter = data["reporter"]
    return ReportSubmission(
        received_at=data["received_at"],
        municipality=data["municipality"],
        reporter_role=reporter["role"],
        reporter_name=reporter["name"],
        reporter_organisation=reporter["organisation"],
        reporter_phone=reporter["phone"],
        reporter_email=reporter["email"],
        reporter_shielded=reporter["shielded"],
        meldcode_step=reporter["meldcode_step"],
        reporter_keeps_helping=reporter["keeps_helping"],
        kinds=list(data["kinds"]),
        urgency=data["urgency"],
        household_address=AddressInput(**data["household"]),
        people=[
            PersonInput(
                surname=p["surname"],
                role=p["role"],
                first_names=p["first_names"],
                surname_prefix=p["surname_prefix"],
                date_of_birth=p["date_of_birth"],
                sex=p["sex"],
                bsn=p["bsn"],
                address=AddressInput(**p["address"]) if p["address"] else None,
            )
            for p in data["people"]
        ],
        summary=data["summary"],
    )


#: The most reports one batch call takes.
BATCH_MAX_REPORTS = 100


class ReportBatchSerializer(StrictSerializer):
    """Up to 100 reports in one call, each with its own message id: registered together, all
    or nothing."""

    reports = ReportSubmissionSerializer(many=True, allow_empty=False, max_length=BATCH_MAX_REPORTS)


# --- answers ----------------------------------------------------------------------------------


class FeedbackSerializer(serializers.Serializer):
    """One duty of Veilig Thuis to give the reporter feedback, and whether it was done."""

    kind = serializers.ChoiceField(
        choices=[TaskKind.FEEDBACK_DECISION, TaskKind.FEEDBACK_INVESTIGATION]
    )
    due_at = serializers.DateTimeField()
    given_at = serializers.DateTimeField(allow_null=True)


class ReportStatusSerializer(serializers.Serializer):
    """What the sender may see of its report: no case contents."""

    reference = serializers.CharField(help_text="The report's reference at Veilig Thuis.")
    message_id = serializers.CharField()
    received_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField()
    veilig_thuis = serializers.CharField(help_text="The Veilig Thuis organisation handling it.")
    assessment_due_at = serializers.DateTimeField(
        help_text="The deadline of the safety assessment (five working days; acute: the same day)."
    )
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    outcome = serializers.ChoiceField(
        choices=[o.value for o in Outcome],
        help_text="Comparable to the national JZV codes of reports (see the API docs).",
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    feedback = FeedbackSerializer(many=True)


class ReportBatchItemSerializer(serializers.Serializer):
    """One report of a batch: whether this call registered it (false: a resend), and its
    status."""

    created = serializers.BooleanField(
        help_text="True if this call registered the report; false for a resend of a message id."
    )
    report = ReportStatusSerializer()


class ReportBatchResultSerializer(serializers.Serializer):
    reports = ReportBatchItemSerializer(many=True, help_text="In the order of the request.")
