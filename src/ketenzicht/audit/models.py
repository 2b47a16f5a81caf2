"""The access log: who looked at or changed which person, case or household, when and from where.

Append-only for the application (save() refuses an update, delete() and QuerySet update/delete
are refused) and, below it, database triggers refuse UPDATE and DELETE on the log tables
(``triggers.py``). Each entry is chained to the previous one by a SHA-256 hash
(``chain.py``); ``manage.py accesslog_verify`` walks the chain. The good practice followed is
NEN 7513 (logging of access to records) and Common Ground's *verwerkingenlogging*.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    EDIT = "edit", _("Edit")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    RADAR_LOOKUP = "radar_lookup", _("Radar lookup")
    SEARCH = "search", _("Search")
    DENIED = "denied", _("Access denied")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    DESTROY = "destroy", _("Destruction")
    SUBJECT_ACCESS = "subject_access", _("Subject access export")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")


class SubjectKind(models.TextChoices):
    CASE = "case", _("Case")
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household")


class AppendOnlyError(Exception):
    """The access log is append-only: an entry is never changed or removed."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")


class AccessLogEntry(AppendOnlyModel):
    """One look at (or change of) personal data, or one security event (login, denied access).

    Write entries only through ``services.access_record``; it numbers and chains them. The user,
    organisation and role are snapshots: the entry keeps saying who it was after a user changes
    role or organisation. The ids are plain integers, no foreign keys, so a destroyed case leaves
    its log entries (which hold no personal data beyond ids) in place.
    """

    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    case_ids = models.JSONField(_("cases"), default=list, blank=True)
    person_ids = models.JSONField(_("persons"), default=list, blank=True)
    household_ids = models.JSONField(_("households"), default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="accesslog_user_time"),
            models.Index(fields=["action", "occurred_at"], name="accesslog_action_time"),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AccessLogSubject(AppendOnlyModel):
    """One person, case or household an entry names: makes "who looked at person X" an index
    lookup on any database. Derived from the entry's id lists, written with it."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.DO_NOTHING, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=10, choices=SubjectKind.choices)
    object_id = models.BigIntegerField(_("object id"))

    class Meta:
        indexes = [
            models.Index(fields=["kind", "object_id", "entry"], name="accesslog_subject_lookup")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind", "object_id"], name="accesslog_subject_once"
            )
        ]
        verbose_name = _("access log subject")
        verbose_name_plural = _("access log subjects")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class AccessLogHead(models.Model):
    """The single row naming the chain's last entry. Appending locks it (SELECT ... FOR UPDATE
    on PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers), so two
    concurrent requests never fork the chain. The verification also checks that no entry is
    missing after the last one it finds."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("access log head")
        verbose_name_plural = _("access log heads")

    def __str__(self) -> str:
        return f"head #{self.sequence}"
