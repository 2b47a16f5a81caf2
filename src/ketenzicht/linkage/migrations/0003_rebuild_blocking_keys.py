"""Rebuild every person's blocking keys: the keys changed (year-of-birth and asymmetric name keys,
surname stems without glued prefixes, a phonetic key that also folds transliterations).

Runs in batches over the person table with the current blocking code; a store of millions is
faster rebuilt with ``manage.py linkage_index`` after ``migrate --fake linkage 0003``.

Superseded by ``0004_bsn_blind_index_keys``, which rebuilds every key again once the BSN is
encrypted (the records now read ``Person.bsn_index``, a column that does not exist yet at this
point): a database that has not run this migration skips straight to that rebuild.
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
        ("linkage", "0002_merges_and_review_queue"),
        ("intake", "0003_person_merged_into"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
