"""The JSON shapes of the handover endpoints (strict input, as ``serializers``)."""

from __future__ import annotations

from rest_framework import serializers

from ketenzicht.api.serializers import StrictSerializer
from ketenzicht.casework.models import HandoverStatus, HandoverTarget
from ketenzicht.intake.models import PersonRole, ViolenceKind
from ketenzicht.plans.models import ParticipationKind

# --- input ------------------------------------------------------------------------------------


class HandoverFilterSerializer(serializers.Serializer):
    """The query of the list (besides the pagination's ``page`` and ``page_size``)."""

    status = serializers.ChoiceField(
        choices=HandoverStatus.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only the handovers in this status.",
    )


class HandoverAcceptSerializer(StrictSerializer):
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="An optional note for Veilig Thuis.",
    )


class HandoverRefuseSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=5000, help_text="Why the handover is refused (required)."
    )


class ParticipationSerializer(StrictSerializer):
    """What the receiving organisation tells the case director of the household plan."""

    kind = serializers.ChoiceField(choices=ParticipationKind.choices)
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for break_off, no_show and proposal: the director answers them.",
    )


# --- answers ----------------------------------------------------------------------------------


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code, e.g. GM0505.")
    name = serializers.CharField()


class HandoverSummarySerializer(serializers.Serializer):
    """A handover as the inbox lists it: no names, no address."""

    id = serializers.IntegerField()
    case_reference = serializers.CharField(help_text="The case at Veilig Thuis (Z0000123).")
    veilig_thuis = serializers.CharField(help_text="The Veilig Thuis organisation handing over.")
    target = serializers.ChoiceField(choices=HandoverTarget.choices)
    offered_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=HandoverStatus.choices)
    municipality = MunicipalitySerializer()
    responded_at = serializers.DateTimeField(allow_null=True)
    plan_reference = serializers.CharField(
        allow_null=True, help_text="The household plan drawn up from it (P0000012), if any."
    )


class HouseholdAddressSerializer(serializers.Serializer):
    street = serializers.CharField(allow_blank=True)
    house_number = serializers.CharField(allow_blank=True)
    house_number_suffix = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)


class InvolvedPersonSerializer(serializers.Serializer):
    first_names = serializers.CharField(allow_blank=True)
    surname_prefix = serializers.CharField(allow_blank=True)
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    role = serializers.ChoiceField(choices=PersonRole.choices)


class HandoverSerializer(HandoverSummarySerializer):
    """What the receiving organisation needs to take over help, not the Veilig Thuis file."""

    offered_by = serializers.CharField(help_text="The VT professional who offered it.")
    household = HouseholdAddressSerializer()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceKind.choices))
    people = InvolvedPersonSerializer(many=True)
    assessment_summary = serializers.CharField(allow_blank=True)
    safety_conditions = serializers.CharField(allow_blank=True)
    response_reason = serializers.CharField(
        allow_blank=True, help_text="The note on acceptance or the reason of a refusal."
    )


class ParticipationReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan_reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=ParticipationKind.choices)
    note = serializers.CharField(allow_blank=True)
    reported_at = serializers.DateTimeField()
