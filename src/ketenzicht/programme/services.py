"""Writes to the action programme: policy officers of the region, one transaction each.

Every service checks the actor (a policy officer of an organisation in the programme's region),
checks its input with the rules in ``checks`` (all problems at once, as a ``ValidationError``
per field, nothing written), writes, and appends an access-log entry in the same transaction
(``audit.services.access_record``; the programme holds no personal data, so the entry names the
programme and the object, no case or person). ``programme_import`` reads a whole programme from
YAML, all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.organisations.access import region_of_member
from ketenzicht.organisations.models import Municipality, Region, Role, User
from ketenzicht.programme import checks, yamlformat
from ketenzicht.programme.checks import ActionData, NoteData, Problem
from ketenzicht.programme.labels import FIELD_LABELS, problem_message
from ketenzicht.programme.models import (
    Action,
    ActionLine,
    Ambition,
    BodyKind,
    Decision,
    GovernanceBody,
    Meeting,
    Milestone,
    NationalLine,
    ProgrammePeriod,
    ProgressNote,
    Project,
    ProjectContact,
)

# --- who may ----------------------------------------------------------------------------------


def reader_region(user: object) -> Region | None:
    """The region whose programmes ``user`` may read: that of their organisation (any role)."""
    return region_of_member(user)


def may_read(user: object, region_id: int) -> bool:
    region = reader_region(user)
    return region is not None and region.pk == region_id


def may_edit(user: object, region_id: int) -> bool:
    """Policy officers of an organisation in the region edit its programme."""
    return getattr(user, "role", "") == Role.POLICY_OFFICER and may_read(user, region_id)


def _require_editor(actor: User, region_id: int) -> None:
    if not may_edit(actor, region_id):
        raise PermissionDenied


def _audit(actor: User, detail: str) -> None:
    access_record(request=None, action=AccessAction.EDIT, user=actor, detail=f"programme: {detail}")


def _raise(problems: Iterable[Problem]) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        name = problem.field.split(".")[0]
        message = problem_message(problem.code, problem.value, problem.other)
        if problem.field != name:  # a milestone or note: say which one
            number = int(problem.field.split(".")[1]) + 1
            part = problem.field.split(".")[2]
            message = f"{number}, {FIELD_LABELS.get(part, part)}: {message}"
        if message not in errors[name]:
            errors[name].append(message)
    if errors:
        raise ValidationError(dict(errors))


# --- the programme ----------------------------------------------------------------------------


NATIONAL_NAMES = {
    checks.SEEN_EARLIER: NationalLine.SEEN_EARLIER.label,
    checks.STOPPED: NationalLine.STOPPED.label,
    checks.SPECIFIC_GROUPS: NationalLine.SPECIFIC_GROUPS.label,
}


@transaction.atomic
def programme_create(
    *, actor: User, name: str, start_year: int, end_year: int, national_lines: bool = True
) -> ProgrammePeriod:
    """A programme period of the actor's region, with the three national lines unless not."""
    region = reader_region(actor)
    if region is None:
        raise PermissionDenied
    _require_editor(actor, region.pk)
    name = name.strip()
    problems = checks.period_problems(name=name, start_year=start_year, end_year=end_year)
    if ProgrammePeriod.objects.filter(region=region, name=name).exists():
        problems.append(Problem("name", "name_taken"))
    _raise(problems)
    period = ProgrammePeriod.objects.create(
        region=region, name=name, start_year=start_year, end_year=end_year
    )
    if national_lines:
        ActionLine.objects.bulk_create(
            ActionLine(period=period, national=code, name=str(label), position=n)
            for n, (code, label) in enumerate(NATIONAL_NAMES.items(), start=1)
        )
    _audit(actor, f"period {period.pk} created")
    return period


@transaction.atomic
def programme_update(
    *, actor: User, period: ProgrammePeriod, name: str, start_year: int, end_year: int
) -> ProgrammePeriod:
    """Rename a programme or change its years. Years that would leave an action's planning
    outside the period (with the year of slack either side that actions get) are refused,
    naming the actions: change their planning first."""
    period = ProgrammePeriod.objects.select_for_update().get(pk=period.pk)
    _require_editor(actor, period.region_id)
    name = name.strip()
    problems = checks.period_problems(name=name, start_year=start_year, end_year=end_year)
    taken = ProgrammePeriod.objects.filter(region_id=period.region_id, name=name)
    if taken.exclude(pk=period.pk).exists():
        problems.append(Problem("name", "name_taken"))
    if not problems:
        outside = []
        for action in (
            Action.objects.filter(ambition__line__period=period)
            .select_related("ambition__line")
            .prefetch_related("milestones")
            .order_by("ambition__line__position", "ambition__position", "position")
        ):
            found: list[Problem] = []
            days = [action.starts_on, action.ends_on, *(m.due_on for m in action.milestones.all())]
            for day in days:
                checks.in_period(found, "day", day, start_year, end_year)
            if found:
                line, ambition = action.ambition.line, action.ambition
                outside.append(f"{line.position}.{ambition.position}.{action.position}")
        if outside:
            problems.append(
                Problem(
                    "start_year", "actions_outside_years", str(len(outside)), ", ".join(outside)
                )
            )
    _raise(problems)
    before = (period.name, period.start_year, period.end_year)
    period.name, period.start_year, period.end_year = name, start_year, end_year
    period.save(update_fields=["name", "start_year", "end_year"])
    _audit(
        actor,
        f"period {period.pk} changed: years {before[1]}-{before[2]} -> {start_year}-{end_year}"
        + (", renamed" if before[0] != name else ""),
    )
    return period


@transaction.atomic
def line_add(*, actor: User, period: ProgrammePeriod, name: str, national: str = "") -> ActionLine:
    """An action line at the end of the programme (the region's own when ``national`` is empty)."""
    _require_editor(actor, period.region_id)
    taken = set(period.lines.exclude(national="").values_list("national", flat=True))
    _raise(checks.line_problems(name=name.strip(), national=national, taken=taken))
    last = period.lines.aggregate(m=Max("position"))["m"] or 0
    line = ActionLine.objects.create(
        period=period, national=national, name=name.strip(), position=last + 1
    )
    _audit(actor, f"period {period.pk}: line {line.pk} added")
    return line


@transaction.atomic
def ambition_add(*, actor: User, line: ActionLine, title: str, description: str = "") -> Ambition:
    _require_editor(actor, line.period.region_id)
    title, description = title.strip(), description.strip()
    _raise(checks.ambition_problems(title=title, description=description))
    last = line.ambitions.aggregate(m=Max("position"))["m"] or 0
    ambition = Ambition.objects.create(
        line=line, title=title, description=description, position=last + 1
    )
    _audit(actor, f"period {line.period_id}: ambition {ambition.pk} added")
    return ambition


# --- actions ----------------------------------------------------------------------------------


def _municipalities(region_id: int, refs: list[str]) -> tuple[list[Municipality], list[Problem]]:
    """Resolve CBS codes (or exact names) against the region's municipalities."""
    known = list(Municipality.objects.filter(region_id=region_id))
    by_code = {m.code.upper(): m for m in known}
    by_name = {m.name.casefold(): m for m in known}
    found: list[Municipality] = []
    problems: list[Problem] = []
    for ref in refs:
        match = by_code.get(ref.strip().upper()) or by_name.get(ref.strip().casefold())
        if match is None:
            problems.append(Problem("municipalities", "unknown_municipality", ref))
        elif match not in found:
            found.append(match)
    return found, problems


def _clean(data: ActionData) -> ActionData:
    for name in ("title", "description", "lead_name", "lead_organisation", "other_parties"):
        setattr(data, name, getattr(data, name).strip())
    data.funding, data.target = data.funding.strip(), data.target.strip()
    return data


def _write_action(action: Action, data: ActionData, municipalities: list[Municipality]) -> None:
    action.title = data.title
    action.description = data.description
    action.starts_on, action.ends_on = data.starts_on, data.ends_on
    action.lead_name, action.lead_organisation = data.lead_name, data.lead_organisation
    action.all_municipalities = data.all_municipalities
    action.police, action.veilig_thuis = data.police, data.veilig_thuis
    action.other_parties = data.other_parties
    action.responsibility = data.responsibility
    action.cost, action.funding = data.cost, data.funding
    action.target, action.indicator = data.target, data.indicator
    action.target_value = data.target_value


def _milestones(action: Action, data: ActionData) -> None:
    action.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(action=action, title=m.title.strip(), due_on=m.due_on, done_on=m.done_on)
        for m in data.milestones
        if m.due_on is not None
    )


def _notes(action: Action, notes: list[NoteData]) -> None:
    """The notes of a new action (checked already: each has a date)."""
    ProgressNote.objects.bulk_create(
        ProgressNote(action=action, written_on=n.written_on, text=n.text.strip(), status=n.status)
        for n in notes
        if n.written_on is not None
    )


def _checked(data: ActionData, period: ProgrammePeriod) -> list[Municipality]:
    problems = checks.action_problems(data, start_year=period.start_year, end_year=period.end_year)
    municipalities, unknown = _municipalities(period.region_id, data.municipalities)
    _raise(problems + unknown)
    return municipalities


@transaction.atomic
def action_create(*, actor: User, ambition: Ambition, data: ActionData) -> Action:
    """An action at the end of ``ambition``; its status and notes come from ``data`` too."""
    period = ambition.line.period
    _require_editor(actor, period.region_id)
    data = _clean(data)
    municipalities = _checked(data, period)
    last = ambition.actions.aggregate(m=Max("position"))["m"] or 0
    action = Action(ambition=ambition, position=last + 1, status=data.status)
    _write_action(action, data, municipalities)
    action.save()
    action.municipalities.set(municipalities)
    _milestones(action, data)
    _notes(action, data.notes)
    _audit(actor, f"period {period.pk}: action {action.pk} created")
    return action


@transaction.atomic
def action_update(*, actor: User, action: Action, data: ActionData) -> Action:
    """Change an action's content and milestones. Its status and notes stay as they are: a
    status changes only with a note (:func:`action_status_set`)."""
    action = (
        Action.objects.select_for_update()
        .select_related("ambition__line__period")
        .get(pk=action.pk)
    )
    period = action.ambition.line.period
    _require_editor(actor, period.region_id)
    data = _clean(data)
    data.status, data.notes = action.status, []
    municipalities = _checked(data, period)
    _write_action(action, data, municipalities)
    action.save()
    action.municipalities.set(municipalities)
    _milestones(action, data)
    _audit(actor, f"period {period.pk}: action {action.pk} changed")
    return action


@transaction.atomic
def action_status_set(
    *, actor: User, action: Action, status: str, note: str, on: date | None = None
) -> ProgressNote:
    """Set the status of ``action`` with a dated note saying why (the note is required)."""
    action = (
        Action.objects.select_for_update()
        .select_related("ambition__line__period")
        .get(pk=action.pk)
    )
    period = action.ambition.line.period
    _require_editor(actor, period.region_id)
    on = on or timezone.localdate()
    problems = checks.note_problems(NoteData(written_on=on, text=note.strip(), status=status))
    if status not in checks.STATUSES:
        problems.append(Problem("status", "unknown_status", status))
    if on > timezone.localdate():
        problems.append(Problem("written_on", "future_date"))
    _raise(problems)
    written = ProgressNote.objects.create(
        action=action, written_on=on, text=note.strip(), status=status, author=actor
    )
    if action.status != status:
        action.status = status
        action.save(update_fields=["status", "updated_at"])
    _audit(actor, f"period {period.pk}: action {action.pk} status {status}")
    return written


@transaction.atomic
def progress_note_add(
    *, actor: User, action: Action, text: str, on: date | None = None
) -> ProgressNote:
    """A dated progress note that leaves the status as it is."""
    period = action.ambition.line.period
    _require_editor(actor, period.region_id)
    on = on or timezone.localdate()
    problems = checks.note_problems(NoteData(written_on=on, text=text.strip()))
    if on > timezone.localdate():
        problems.append(Problem("written_on", "future_date"))
    _raise(problems)
    written = ProgressNote.objects.create(
        action=action, written_on=on, text=text.strip(), author=actor
    )
    _audit(actor, f"period {period.pk}: action {action.pk} note")
    return written


def _locked_action(action: Action) -> Action:
    return (
        Action.objects.select_for_update()
        .select_related("ambition__line__period")
        .get(pk=action.pk)
    )


@transaction.atomic
def action_delete(*, actor: User, action: Action) -> None:
    """Delete an action that has no history: no progress notes, no decisions linked to it.

    An action with a history is refused (``ValidationError`` on ``action``): set it to
    *dropped* instead, so the notes and the decision log keep what they are about. The actions
    after it in its ambition move up one place, so the numbers stay without gaps."""
    action = _locked_action(action)
    period = action.ambition.line.period
    _require_editor(actor, period.region_id)
    problems: list[Problem] = []
    if action.notes.exists() or action.decisions.exists():
        problems.append(Problem("action", "action_has_history"))
    _raise(problems)
    ambition_id, position, pk = action.ambition_id, action.position, action.pk
    action.delete()
    for later in Action.objects.filter(ambition_id=ambition_id, position__gt=position).order_by(
        "position"
    ):
        later.position -= 1
        later.save(update_fields=["position"])
    _audit(actor, f"period {period.pk}: action {pk} deleted")


MOVES = ("up", "down")


@transaction.atomic
def action_move(*, actor: User, action: Action, direction: str) -> Action:
    """Swap ``action`` with its neighbour above (``up``) or below (``down``) in its ambition.

    The first action cannot go up nor the last down (``ValidationError``, nothing changed)."""
    action = _locked_action(action)
    period = action.ambition.line.period
    _require_editor(actor, period.region_id)
    if direction not in MOVES:
        _raise([Problem("direction", "unknown_direction", direction)])
    siblings = Action.objects.select_for_update().filter(ambition_id=action.ambition_id)
    neighbour = (
        siblings.filter(position__lt=action.position).order_by("-position").first()
        if direction == "up"
        else siblings.filter(position__gt=action.position).order_by("position").first()
    )
    if neighbour is None:
        _raise([Problem("direction", "cannot_move", direction)])
    assert neighbour is not None
    mine, theirs = action.position, neighbour.position
    # Through position 0 (never used: positions start at 1), as (ambition, position) is unique.
    action.position = 0
    action.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    action.position = theirs
    action.save(update_fields=["position", "updated_at"])
    _audit(actor, f"period {period.pk}: action {action.pk} moved {direction}")
    return action


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileError:
    line: int  # 0: the file as a whole
    path: str
    message: str


class ImportRejected(Exception):
    """The file was not imported; ``errors`` says why, each with its line."""

    def __init__(self, errors: list[FileError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def _file_errors(problems: Iterable[yamlformat.LineProblem]) -> list[FileError]:
    return [FileError(p.line, p.path, problem_message(p.code, p.value, p.other)) for p in problems]


@transaction.atomic
def programme_import(*, actor: User, raw: bytes | str, replace: bool = False) -> ProgrammePeriod:
    """A whole programme from YAML into the actor's region, all or nothing.

    A programme with the same name in the region is refused, or replaced (with everything
    under it) when ``replace`` is set: re-importing an edited export is how a programme is
    revised in bulk.
    """
    region = reader_region(actor)
    if region is None:
        raise PermissionDenied
    _require_editor(actor, region.pk)
    doc, problems = yamlformat.parse(raw)
    existing: ProgrammePeriod | None = None
    if doc is not None:
        known = {m.code.upper() for m in Municipality.objects.filter(region=region)} | {
            m.name.casefold() for m in Municipality.objects.filter(region=region)
        }
        extra: list[yamlformat.LineProblem] = []
        for item in doc.actions():
            for ref in item.data.municipalities:
                if ref.strip().upper() not in known and ref.strip().casefold() not in known:
                    extra.append(
                        yamlformat.LineProblem(
                            item.line, "parties.municipalities", "unknown_municipality", ref
                        )
                    )
        existing = ProgrammePeriod.objects.filter(region=region, name=doc.name).first()
        if existing is not None and not replace:
            extra.append(yamlformat.LineProblem(0, "name", "name_taken"))
        problems = sorted([*problems, *extra], key=lambda p: (p.line, p.path))
    if doc is None or problems:
        raise ImportRejected(_file_errors(problems))
    if existing is not None:
        existing.delete()
    assert doc.start_year is not None and doc.end_year is not None
    period = ProgrammePeriod.objects.create(
        region=region, name=doc.name, start_year=doc.start_year, end_year=doc.end_year
    )
    by_ref = {m.code.upper(): m for m in Municipality.objects.filter(region=region)}
    by_ref |= {m.name.casefold(): m for m in by_ref.values()}
    for n, line_doc in enumerate(doc.lines, start=1):
        line = ActionLine.objects.create(
            period=period, national=line_doc.national, name=line_doc.name, position=n
        )
        for m, amb_doc in enumerate(line_doc.ambitions, start=1):
            ambition = Ambition.objects.create(
                line=line, title=amb_doc.title, description=amb_doc.description, position=m
            )
            for k, action_doc in enumerate(amb_doc.actions, start=1):
                data = _clean(action_doc.data)
                action = Action(ambition=ambition, position=k, status=data.status)
                refs = [
                    by_ref.get(r.strip().upper()) or by_ref[r.strip().casefold()]
                    for r in data.municipalities
                ]
                _write_action(action, data, refs)
                action.save()
                action.municipalities.set(refs)
                _milestones(action, data)
                _notes(action, data.notes)
    verb = "replaced" if existing is not None else "imported"
    _audit(actor, f"period {period.pk} {verb} from YAML ({len(doc.actions())} actions)")
    return period


# --- projects and governance ------------------------------------------------------------------


def _texts(problems: list[Problem], **fields: tuple[str, int, bool]) -> None:
    for name, (value, limit, required) in fields.items():
        checks.text_problems(problems, name, value, limit=limit, required=required)


def _actions_of(period_id: int, action_ids: Iterable[int]) -> tuple[list[Action], list[Problem]]:
    ids = list(dict.fromkeys(action_ids))
    found = list(Action.objects.filter(pk__in=ids, ambition__line__period_id=period_id))
    if len(found) != len(ids):
        return found, [Problem("actions", "unknown_action")]
    return found, []


@transaction.atomic
def project_create(
    *,
    actor: User,
    period: ProgrammePeriod,
    name: str,
    leader_name: str,
    leader_organisation: str,
    description: str = "",
    action_ids: Iterable[int] = (),
) -> Project:
    """A project of the programme with its project leader, carrying out some of its actions."""
    _require_editor(actor, period.region_id)
    name, description = name.strip(), description.strip()
    problems: list[Problem] = []
    _texts(
        problems,
        name=(name, checks.MAX_NAME, True),
        leader_name=(leader_name.strip(), checks.MAX_NAME, True),
        leader_organisation=(leader_organisation.strip(), checks.MAX_NAME, True),
        description=(description, checks.MAX_TEXT, False),
    )
    if Project.objects.filter(period=period, name=name).exists():
        problems.append(Problem("name", "project_name_taken"))
    actions, unknown = _actions_of(period.pk, action_ids)
    _raise(problems + unknown)
    project = Project.objects.create(
        period=period,
        name=name,
        description=description,
        leader_name=leader_name.strip(),
        leader_organisation=leader_organisation.strip(),
    )
    project.actions.set(actions)
    _audit(actor, f"period {period.pk}: project {project.pk} created")
    return project


@transaction.atomic
def project_contact_set(
    *, actor: User, project: Project, municipality: Municipality, name: str, role: str = ""
) -> ProjectContact | None:
    """The contact official of ``municipality`` for ``project``; an empty name removes it."""
    period = project.period
    _require_editor(actor, period.region_id)
    problems: list[Problem] = []
    if municipality.region_id != period.region_id:
        problems.append(Problem("municipality", "unknown_municipality", municipality.code))
    _texts(
        problems,
        name=(name.strip(), checks.MAX_NAME, False),
        role=(role.strip(), checks.MAX_NAME, False),
    )
    _raise(problems)
    if not name.strip():
        ProjectContact.objects.filter(project=project, municipality=municipality).delete()
        _audit(
            actor, f"period {period.pk}: project {project.pk} contact {municipality.code} removed"
        )
        return None
    contact, _created = ProjectContact.objects.update_or_create(
        project=project,
        municipality=municipality,
        defaults={"name": name.strip(), "role": role.strip()},
    )
    _audit(actor, f"period {period.pk}: project {project.pk} contact {municipality.code} set")
    return contact


@transaction.atomic
def governance_body_create(
    *,
    actor: User,
    name: str,
    kind: str,
    members: str,
    meetings_min: int,
    meetings_max: int,
) -> GovernanceBody:
    """A governance body of the actor's region with its meeting rhythm (times a year)."""
    region = reader_region(actor)
    if region is None:
        raise PermissionDenied
    _require_editor(actor, region.pk)
    problems: list[Problem] = []
    _texts(
        problems,
        name=(name.strip(), checks.MAX_NAME, True),
        members=(members.strip(), checks.MAX_TEXT, True),
    )
    if kind not in BodyKind.values:
        problems.append(Problem("kind", "unknown_kind", kind))
    if not 0 <= meetings_min <= meetings_max <= 52:
        problems.append(Problem("meetings_max", "bad_rhythm"))
    if GovernanceBody.objects.filter(region=region, name=name.strip()).exists():
        problems.append(Problem("name", "body_name_taken"))
    _raise(problems)
    body = GovernanceBody.objects.create(
        region=region,
        name=name.strip(),
        kind=kind,
        members=members.strip(),
        meetings_min=meetings_min,
        meetings_max=meetings_max,
    )
    _audit(actor, f"governance body {body.pk} created")
    return body


@dataclass(frozen=True)
class DecisionInput:
    text: str
    action_ids: tuple[int, ...] = ()


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    body: GovernanceBody,
    held_on: date,
    summary: str = "",
    decisions: Iterable[DecisionInput] = (),
) -> Meeting:
    """A meeting of ``body`` with its decisions, each linked to the actions it is about."""
    _require_editor(actor, body.region_id)
    decisions = [d for d in decisions if d.text.strip()]
    problems: list[Problem] = []
    _texts(problems, summary=(summary.strip(), checks.MAX_TEXT, False))
    if held_on > timezone.localdate():
        problems.append(Problem("held_on", "future_date"))
    linked: list[list[Action]] = []
    for d in decisions:
        _texts(problems, decisions=(d.text.strip(), checks.MAX_TEXT, True))
        ids = list(dict.fromkeys(d.action_ids))
        found = list(
            Action.objects.filter(pk__in=ids, ambition__line__period__region_id=body.region_id)
        )
        if len(found) != len(ids):
            problems.append(Problem("actions", "unknown_action"))
        linked.append(found)
    _raise(problems)
    meeting = Meeting.objects.create(body=body, held_on=held_on, summary=summary.strip())
    for d, actions in zip(decisions, linked, strict=True):
        decision = Decision.objects.create(meeting=meeting, text=d.text.strip())
        decision.actions.set(actions)
    _audit(actor, f"governance body {body.pk}: meeting {meeting.pk} ({len(decisions)} decisions)")
    return meeting
