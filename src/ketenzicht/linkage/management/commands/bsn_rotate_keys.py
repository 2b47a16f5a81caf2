"""Re-encrypt every stored BSN under the current key (the first of KZ_BSN_KEYS); with
``--reindex`` also recompute every blind index under KZ_BSN_INDEX_KEY and rewrite the persons'
blocking keys (the ``b:`` key carries the index). The procedure is in docs/keys.md.

It lives in the linkage app because ``--reindex`` rewrites linkage's ``PersonKey`` rows; the
encryption itself is ``common/crypto.py``. Batches of ``--batch`` persons, each one transaction
with its rows locked; a run that stops half-way is simply run again (a value already under the
current key is left alone).
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast
from tqdm import tqdm

from ketenzicht.common.crypto import BsnKeyError, bsn_index, decrypt_bsn
from ketenzicht.intake.models import Person
from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.services import persons_index


class Command(BaseCommand):
    help = (
        "Re-encrypt every BSN under the first key of KZ_BSN_KEYS (in batches, with a progress "
        "bar); --reindex also recomputes the blind indexes under KZ_BSN_INDEX_KEY."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="persons per transaction")
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="also recompute every blind index (after changing KZ_BSN_INDEX_KEY)",
        )

    def handle(self, *args: Any, batch: int, reindex: bool, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        current = Fernet(settings.BSN_KEYS[0].encode())
        stored = (
            Person.objects.annotate(token=Cast("bsn", output_field=models.TextField()))
            .exclude(token="")
            .order_by("pk")
        )
        total = stored.count()
        rotated = reindexed = 0
        last = 0
        with tqdm(total=total, unit="BSN", disable=options["verbosity"] == 0) as bar:
            while True:
                try:
                    with transaction.atomic():
                        rows = list(
                            stored.filter(pk__gt=last)
                            .select_for_update()
                            .values_list("pk", "token", "bsn_index")[:batch]
                        )
                        if not rows:
                            break
                        done = self._batch(rows, current, reindex)
                except BsnKeyError as exc:
                    raise CommandError(str(exc)) from exc
                rotated += done[0]
                reindexed += done[1]
                last = rows[-1][0]
                bar.update(len(rows))
        line = f"{total} BSNs, {rotated} re-encrypted under the current key"
        if reindex:
            line += f", {reindexed} blind indexes changed"
        self.stdout.write(line)

    def _batch(
        self, rows: list[tuple[int, str, str]], current: Fernet, reindex: bool
    ) -> tuple[int, int]:
        write: list[Person] = []
        rotated = 0
        changed_index: list[int] = []
        for pk, token, index in rows:
            plain = decrypt_bsn(token)
            new_index = bsn_index(plain) if reindex else index
            stale = not _under(current, token)
            rotated += stale
            if stale or new_index != index:
                # bulk_update skips BsnIndexField.pre_save: both columns are given here.
                write.append(Person(pk=pk, bsn=plain, bsn_index=new_index))
            if new_index != index:
                changed_index.append(pk)
        if write:
            Person.objects.bulk_update(write, ["bsn", "bsn_index"])
        if changed_index:
            PersonKey.objects.filter(person_id__in=changed_index).delete()
            persons_index(
                persons=Person.objects.filter(
                    pk__in=changed_index, merged_into__isnull=True
                ).select_related("municipality")
            )
        return rotated, len(changed_index)


def _under(key: Fernet, token: str) -> bool:
    try:
        key.decrypt(token.encode())
    except InvalidToken:
        return False
    return True
