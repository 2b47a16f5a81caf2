"""The default list of life domains (after the self-reliance matrix, plus safety and upbringing).

Names are reference data in Dutch, the users' language; an administrator may rename, reorder,
add or retire domains in the admin.
"""

from django.db import migrations

DOMAINS = [
    ("veiligheid", "Veiligheid"),
    ("financien", "Financiën"),
    ("dagbesteding", "Werk, school en dagbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("opvoeding", "Opvoeding en ontwikkeling"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("verslaving", "Middelengebruik"),
    ("adl", "Algemene dagelijkse levensverrichtingen"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]


def forwards(apps, schema_editor):
    LifeDomain = apps.get_model("plans", "LifeDomain")
    for order, (code, name) in enumerate(DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
