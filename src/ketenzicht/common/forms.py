"""Form plumbing shared by all apps: turning a service's ValidationError into form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


def call_service(form: forms.BaseForm, service: Callable[..., T], **kwargs: Any) -> T | None:
    """Call ``service``; on ValidationError put its messages on ``form`` and return None.

    Messages for fields the form has go to those fields; the rest become non-field errors, so a
    worker always sees why nothing was saved.
    """
    try:
        return service(**kwargs)
    except ValidationError as exc:
        add_errors(form, exc)
        return None


def add_errors(form: forms.BaseForm, exc: ValidationError, *, skip_prefix: str = "") -> None:
    """Put the messages of ``exc`` on ``form``; keys starting with ``skip_prefix`` belong to
    another form (e.g. a formset's rows) and are left to the caller."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if skip_prefix and field.startswith(skip_prefix):
                continue
            messages = [m for e in errors for m in e.messages]
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


#: Error codes of a value the form never offered (a choice, a model instance by its id).
FORGED_CODES = frozenset({"invalid_choice", "invalid_pk_value"})


def forged_fields(form: forms.BaseForm) -> list[str]:
    """The fields of a bound form that hold a value its page never offered: a choice of a
    select, radio or checkbox list (or a hidden field) outside its choices, e.g. another
    organisation's id on a handover. A browser does not send those; a tampered request does.

    Views answer such a post with 400 (the form is shown again with its errors) and mark it as
    a refusal for the access log (``audit.middleware.refused``); other form errors answer 422.
    """
    if not form.is_bound or form.is_valid():
        return []
    found = []
    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        if field is None or not isinstance(field.widget, ChoiceWidget | forms.HiddenInput):
            continue
        if any(error.code in FORGED_CODES for error in errors):
            found.append(name)
    return found


def set_queryset(form: forms.BaseForm, field: str, queryset: Any) -> None:
    """Limit a model choice field to ``queryset`` (typed access to ``field.queryset``)."""
    choice = form.fields[field]
    assert isinstance(choice, forms.ModelChoiceField)
    choice.queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
