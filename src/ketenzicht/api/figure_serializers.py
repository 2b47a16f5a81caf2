"""The JSON shapes of the figures endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from ketenzicht.api.handover_serializers import MunicipalitySerializer
from ketenzicht.reporting.figures import parse_period

FIRST_YEAR, LAST_YEAR = 2000, 2100

# --- input ------------------------------------------------------------------------------------


class FigureQuerySerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=7,
        help_text="A half-year (2026-H1) or a year (2026); default the latest with figures.",
    )
    municipality = serializers.RegexField(
        r"^GM\d{4}$",
        required=False,
        allow_blank=True,
        default="",
        max_length=6,
        help_text="CBS code of a municipality in the client's scope; default its own.",
    )
    region = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The whole region, each municipality a row (when the client may see it).",
    )

    def validate_period(self, value: str) -> Any:
        if not value:
            return None
        period = parse_period(value)
        if period is None or not FIRST_YEAR <= period[0] <= LAST_YEAR:
            raise serializers.ValidationError(
                _("Give a half-year like 2026-H1 or a year like 2026."), code="invalid"
            )
        return period

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["region"] and attrs["municipality"]:
            raise serializers.ValidationError(
                {"municipality": [_("Ask for a municipality or for the region, not both.")]}
            )
        return attrs


# --- answers ----------------------------------------------------------------------------------


class CellSerializer(serializers.Serializer):
    """A protected figure: null and the label "·" when it is not shown (small, or one from
    which a small one could be derived); "-" when there is nothing to compute it from."""

    value = serializers.FloatField(allow_null=True)
    label = serializers.CharField()


class CatalogueItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=["counts", "shares", "waiting"])


class DisclosureSerializer(serializers.Serializer):
    rounding_base = serializers.IntegerField(help_text="Counts are multiples of this.")
    threshold = serializers.IntegerField(help_text="Counts below this (and above 0) are hidden.")


class FigureCatalogueSerializer(serializers.Serializer):
    region = MunicipalitySerializer(help_text="The Veilig Thuis region.")
    region_allowed = serializers.BooleanField(help_text="The client may ask for ?region=true.")
    own = MunicipalitySerializer(allow_null=True, help_text="The default municipality.")
    municipalities = MunicipalitySerializer(many=True)
    periods = serializers.ListField(
        child=serializers.CharField(), help_text="The half-years with figures, oldest first."
    )
    latest = serializers.CharField(help_text="The default period.")
    disclosure = DisclosureSerializer()
    tables = CatalogueItemSerializer(many=True)


class _TableHead(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    scope = serializers.CharField(help_text="The municipality or region shown.")
    period = serializers.CharField()
    note = serializers.CharField(allow_blank=True, help_text="How to read it (never a verdict).")
    direction = serializers.ChoiceField(choices=["higher", "lower", ""])
    reading = serializers.CharField()


class CountRowSerializer(serializers.Serializer):
    municipality = serializers.CharField(
        allow_null=True, help_text="CBS code; null: the municipality is unknown."
    )
    label = serializers.CharField()
    cells = CellSerializer(many=True)
    total = CellSerializer(allow_null=True)
    extra = CellSerializer(allow_null=True)


class CountTotalsSerializer(serializers.Serializer):
    cells = CellSerializer(many=True)
    total = CellSerializer(allow_null=True)
    extra = CellSerializer(allow_null=True)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class CountTableSerializer(_TableHead):
    """Counts: municipalities down, periods or categories across, with totals."""

    columns = ColumnSerializer(many=True)
    total_label = serializers.CharField(allow_blank=True, help_text="Empty: no row totals.")
    extra_label = serializers.CharField(allow_blank=True)
    rows = CountRowSerializer(many=True)
    totals = CountTotalsSerializer()


class ShareLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = CellSerializer(many=True)


class ShareTableSerializer(_TableHead):
    """Shares in percent per half-year (and lead times in days), with the norm if any."""

    norm = serializers.IntegerField(allow_null=True)
    periods = serializers.ListField(child=serializers.CharField())
    lines = ShareLineSerializer(many=True)
    medians = CellSerializer(many=True)
    p90s = CellSerializer(many=True)


class WaitingPointSerializer(serializers.Serializer):
    on = serializers.CharField(help_text="Month end, YYYY-MM-DD.")
    value = serializers.FloatField(allow_null=True)
    label = serializers.CharField()


class WaitingTableSerializer(_TableHead):
    """Reports received but not yet assessed at each month end, against the target band."""

    band = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    points = WaitingPointSerializer(many=True)


FigureTableSerializer = PolymorphicProxySerializer(
    component_name="FigureTable",
    serializers={
        "counts": CountTableSerializer,
        "shares": ShareTableSerializer,
        "waiting": WaitingTableSerializer,
    },
    resource_type_field_name="kind",
)
