"""The work queue as a spreadsheet (CSV or XLSX, ``casework:queue_export``): the rows of the
queue page plus the report number and the people involved, written through
``common.exports`` (formula-injection-safe). The view logs the export."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.casework.models import Case
from ketenzicht.casework.selectors import QueueRow
from ketenzicht.common.exports import Cell
from ketenzicht.intake.models import ReportPerson

#: An export holds at most this many cases (as the queue page counts at most 10,000).
MAX_ROWS = 10_000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def with_people(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with the names of their people loaded (no BSN: it is not exported)."""
    involved = ReportPerson.objects.select_related("person").only(
        "id",
        "report_id",
        "person_id",
        "role",
        "person__first_names",
        "person__surname_prefix",
        "person__surname",
        "person__date_of_birth",
    )
    return cases.prefetch_related(Prefetch("report__involved", queryset=involved))


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def queue_table(rows: list[QueueRow]) -> tuple[list[str], list[list[Cell]]]:
    header = [
        _("Case"),
        _("Report"),
        _("Status"),
        _("Urgency"),
        _("Next deadline"),
        _("Due"),
        _("Working days left"),
        _("Overdue"),
        _("Municipality"),
        _("Assigned to"),
        _("People involved"),
    ]
    table: list[list[Cell]] = []
    for row in rows:
        case = row.case
        report = case.report
        people = "; ".join(
            f"{inv.person.full_name} ({inv.get_role_display()}"
            + (f", {inv.person.date_of_birth:%d-%m-%Y})" if inv.person.date_of_birth else ")")
            for inv in report.involved.all()
        )
        table.append(
            [
                case.reference,
                report.reference,
                case.state_label,
                report.get_urgency_display(),
                case.next_due_display,
                _local(case.next_due_at),
                row.working_days_left,
                _("yes") if row.overdue else _("no"),
                str(report.municipality),
                str(case.assigned_to) if case.assigned_to else "",
                people,
            ]
        )
    return header, table


def export_filename(view: str, today: date, fmt: str) -> str:
    return f"werkvoorraad-{view}-{today:%Y%m%d}.{fmt}"
