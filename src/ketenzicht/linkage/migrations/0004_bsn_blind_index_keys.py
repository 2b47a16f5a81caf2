"""Rebuild every person's blocking keys now that the BSN is encrypted: the ``b:`` key carries the
BSN's blind index (``Person.bsn_index``), never the plaintext (intake ``0004_bsn_encrypted``).

Reads persons through conversion's ``record_from_values`` in batches, as ``0003`` did; a store of
millions is faster rebuilt with ``manage.py linkage_index`` after
``migrate --fake linkage 0004``. Going back leaves the keys alone (index keys are no plaintext).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 5000


def rebuild(apps: Any, schema_editor: Any) -> None:
    from ketenzicht.linkage.blocking import blocking_keys
    from ketenzicht.linkage.conversion import RECORD_FIELDS, record_from_values
    from ketenzicht.linkage.normalise import normalise

    person_model = apps.get_model("intake", "Person")
    key_model = apps.get_model("linkage", "PersonKey")
    key_model.objects.all().delete()
    last = 0
    while True:
        rows = list(
            person_model.objects.filter(pk__gt=last, merged_into__isnull=True)
            .order_by("pk")
            .values_list(*RECORD_FIELDS)[:BATCH]
        )
        if not rows:
            break
        keys = [
            key_model(person_id=row[0], key=key)
            for row in rows
            for key in sorted(blocking_keys(normalise(record_from_values(row))))
        ]
        key_model.objects.bulk_create(keys, batch_size=BATCH)
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0003_rebuild_blocking_keys"),
        ("intake", "0004_bsn_encrypted"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
