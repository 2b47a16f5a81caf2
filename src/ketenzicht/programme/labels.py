"""Words for the programme's codes: problems, steering figures, statuses (UI language)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ketenzicht.programme import checks

INDICATOR_LABELS: dict[str, Promise] = {
    "reports": gettext_lazy("Reports per half-year"),
    "advice": gettext_lazy("Advice requests per half-year"),
    "restraining": gettext_lazy("Reports with a restraining order per half-year"),
    "assessment": gettext_lazy("Safety assessments within 5 working days (%)"),
    "investigation": gettext_lazy("Investigations within 10 weeks (%)"),
    "vv": gettext_lazy("Voorwaarden en vervolg within 10 weeks (%)"),
    "police": gettext_lazy("Share of reports by the police (%)"),
    "repeat": gettext_lazy("Repeat reports within 12 months (%)"),
    "during_open": gettext_lazy("Reports during open involvement (%)"),
    "waiting": gettext_lazy("Waiting list (reports not yet assessed)"),
}

#: CSS class of a status badge; the status is always written out in words as well.
STATUS_BADGES = {
    checks.NOT_STARTED: "badge",
    checks.ON_TRACK: "badge",
    checks.AT_RISK: "badge badge-warning",
    checks.LATE: "badge badge-danger",
    checks.DONE: "badge",
    checks.DROPPED: "badge",
}

FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "start_year": gettext_lazy("first year"),
    "end_year": gettext_lazy("last year"),
    "national": gettext_lazy("national line"),
    "title": gettext_lazy("title"),
    "description": gettext_lazy("description"),
    "starts_on": pgettext_lazy("programme", "start"),
    "ends_on": pgettext_lazy("programme", "end"),
    "milestones": gettext_lazy("milestones"),
    "lead_organisation": gettext_lazy("lead (organisation)"),
    "lead_name": gettext_lazy("lead (name)"),
    "parties": gettext_lazy("responsible parties"),
    "municipalities": gettext_lazy("municipalities"),
    "other_parties": gettext_lazy("other parties"),
    "responsibility": gettext_lazy("responsibility"),
    "cost": gettext_lazy("cost"),
    "funding": gettext_lazy("funding source"),
    "target": gettext_lazy("SMART target"),
    "indicator": gettext_lazy("steering figure"),
    "target_value": gettext_lazy("target value"),
    "status": gettext_lazy("status"),
    "notes": gettext_lazy("progress notes"),
    "text": gettext_lazy("note"),
    "written_on": gettext_lazy("date"),
}

PERSONAL_DATA = {
    "bsn": gettext_lazy("a BSN"),
    "postcode": gettext_lazy("a postcode with a house number"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an e-mail address"),
}


def problem_message(code: str, value: str = "", other: str = "") -> str:
    """One problem in words (Dutch in the Dutch UI)."""
    params = {"value": value, "other": other}
    if code == "personal_data":
        params["value"] = str(PERSONAL_DATA.get(value, value))
    messages = {
        # the rules (checks)
        "required": _("This is required."),
        "too_long": _("Too long (at most %(other)s characters)."),
        "personal_data": _(
            "This text seems to hold %(value)s. A programme is shared across the region: name "
            "organisations and roles, never a client or contact details."
        ),
        "year_out_of_range": _("%(value)s is not a year between 2000 and 2100."),
        "years_reversed": _("The last year lies before the first year."),
        "too_many_years": _("A programme period spans at most %(other)s years."),
        "unknown_line": _(
            "“%(value)s” is not a national line (seen_earlier, stopped or specific_groups; leave "
            "it out for the region's own line)."
        ),
        "line_twice": _("The national line “%(value)s” appears twice."),
        "start_and_end": _("Give both a start and an end date, or neither (and milestones)."),
        "no_planning": _("Plan the action: a start and end date, or at least one milestone."),
        "dates_reversed": _("The end lies before the start."),
        "date_outside_period": _("%(value)s lies too far outside the programme's years %(other)s."),
        "no_parties": _(
            "Name who is responsible: all municipalities, named municipalities, the police, "
            "Veilig Thuis or another party."
        ),
        "all_and_named": _("Choose all municipalities or name some, not both."),
        "municipality_twice": _("A municipality is named twice."),
        "unknown_responsibility": _("“%(value)s” is not regional or local."),
        "local_without_municipality": _(
            "A local responsibility needs the municipalities it lies with (or all of them)."
        ),
        "bad_amount": _("Enter an amount of at least zero."),
        "cost_without_funding": _("An action with costs needs a funding source."),
        "unknown_indicator": _("“%(value)s” is not a steering figure."),
        "value_without_indicator": _("A target value needs a steering figure to follow."),
        "bad_target_value": _("%(value)s is not a possible value of this steering figure."),
        "indicator_without_target": _("Describe the SMART target the steering figure follows."),
        "unknown_status": _("“%(value)s” is not a status."),
        "unknown_municipality": _(
            "“%(value)s” is not a municipality of this region (use the CBS code, e.g. GM0505)."
        ),
        "future_date": _("The date lies in the future."),
        "project_name_taken": _("The programme has a project with this name already."),
        "body_name_taken": _("The region has a governance body with this name already."),
        "unknown_action": _("An action was chosen that is not in this region's programme."),
        "unknown_kind": _("Choose the kind of body."),
        "bad_rhythm": _(
            "Give the meetings a year as two numbers from 0 to 52, the first not above the second."
        ),
        "name_taken": _("The region has a programme with this name already."),
        "actions_outside_years": _(
            "%(value)s action(s) would be planned outside these years: %(other)s. Change their "
            "planning first."
        ),
        "action_has_history": _(
            "This action has progress notes or decisions linked to it and cannot be deleted. "
            "Set its status to “Dropped” instead: its history stays."
        ),
        "unknown_direction": _("An action moves up or down."),
        "cannot_move": _("The action is already at the top or bottom of its ambition."),
        # the file (yamlformat)
        "too_large": _("The file is too large (%(value)s bytes; at most %(other)s)."),
        "encoding": _("The file is not UTF-8 text."),
        "syntax": _("This is not valid YAML here (%(value)s)."),
        "empty": _("The file is empty."),
        "too_many_nodes": _("The file holds too many values (at most %(other)s)."),
        "too_many_actions": _("Too many actions (at most %(other)s)."),
        "not_a_mapping": _("Expected keys with values here."),
        "not_a_list": _("Expected a list here (lines starting with “- ”)."),
        "not_a_value": _("Expected a single value here."),
        "bad_key": _("A key must be a plain word."),
        "bad_tag": _("The YAML tag %(value)s is not allowed."),
        "unknown_key": _("Unknown key “%(value)s” (expected one of: %(other)s)."),
        "duplicate_key": _("The key “%(value)s” appears twice (first on line %(other)s)."),
        "missing_key": _("The key “%(value)s” is missing."),
        "unknown_format": _("Format %(value)s is unknown; this version reads format %(other)s."),
        "not_whole_number": _("“%(value)s” is not a whole number."),
        "not_yes_no": _("“%(value)s” is not yes or no (true or false)."),
        "bad_date": _("“%(value)s” is not a date (YYYY-MM-DD, e.g. 2025-03-31)."),
        "bad_amount_text": _("“%(value)s” is not an amount in euros (e.g. 12500 or 12500.50)."),
        "no_lines": _("The programme has no action lines."),
    }
    template = messages.get(code, code)
    return template % params if "%(" in template else template
