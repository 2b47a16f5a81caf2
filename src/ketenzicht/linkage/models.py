"""Linkage tables: the blocking keys that let the radar find candidate persons in milliseconds.

Every stored person has a handful of short blocking keys (``blocking.blocking_keys``). Looking up
the candidates for a new person is one indexed query on ``key IN (...)``; only those candidates are
compared and scored in Python with the trained weights, never the whole store.
"""

from __future__ import annotations

from django.db import models

from ketenzicht.intake.models import Person


class PersonKey(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linkage_keys")
    key = models.CharField(max_length=48)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="person_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"
