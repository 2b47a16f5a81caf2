"""The import commands: the same checks as the upload, a clear report, an exit code."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ketenzicht.external.models import ExternalFigure, PopulationFigure

pytestmark = pytest.mark.django_db


def test_the_population_command_imports_a_file_and_says_how_many_rows(region, tmp_path):
    path = tmp_path / "bevolking.csv"
    path.write_bytes("\ufeffgemeente;jaar;inwoners\nGM0505;2025;122598\n".encode())
    out = io.StringIO()
    call_command("external_import_population", str(path), stdout=out)
    assert "1 rows imported" in out.getvalue()
    assert PopulationFigure.objects.get().source == "CBS StatLine"


def test_the_series_command_lists_every_problem_and_imports_nothing(region, tmp_path):
    path = tmp_path / "politie.csv"
    path.write_text(
        "indicator,municipality,period,value,source\n"
        "police_incidents,GM0505,2024,512,Politie\n"
        "police_incidents,GM0505,2024,513,Politie\n"
        "police_incidents,Atlantis,2024,1,Politie\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("external_import_series", str(path), stderr=err)
    # The problems are reported in Dutch, the interface language (Regel = line).
    assert "Regel 3" in err.getvalue() and "Regel 4" in err.getvalue()
    assert ExternalFigure.objects.count() == 0
