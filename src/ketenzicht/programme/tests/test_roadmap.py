"""The roadmap SVG (pure): bars in the right place, today marked, text escaped, clipped."""

from __future__ import annotations

from datetime import date

from ketenzicht.programme.roadmap import LABEL_WIDTH, YEAR_WIDTH, Band, Bar, roadmap_svg


def svg(bars, today=date(2025, 7, 2)):
    return roadmap_svg(
        "r",
        [Band("1. Eerder in beeld", bars)],
        first_year=2024,
        last_year=2027,
        today=today,
        title="Routekaart",
        desc="Beschrijving",
        today_label="vandaag",
    )


def test_a_bar_runs_from_its_start_to_its_end_across_the_years():
    out = svg([Bar("Training", date(2025, 1, 1), date(2025, 12, 31), "on_track", "Op schema")])
    x = LABEL_WIDTH + YEAR_WIDTH
    assert f'<rect x="{x:.1f}"' in out
    assert "<title>Training: Op schema, 2025-01-01 - 2025-12-31</title>" in out
    assert 'role="img"' in out and 'aria-labelledby="r-title r-desc"' in out


def test_today_is_marked_only_inside_the_years_shown():
    assert "vandaag" in svg([])
    assert "vandaag" not in svg([], today=date(2031, 1, 1))


def test_text_is_escaped_and_no_style_or_script_is_written():
    out = svg([Bar("<script>x</script>", date(2024, 1, 1), date(2024, 2, 1), "late", "Te laat")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "style=" not in out


def test_a_bar_outside_the_years_is_clipped_not_drawn_beyond_the_chart():
    out = svg([Bar("Oud", date(2020, 1, 1), date(2021, 1, 1), "done", "Afgerond")])
    assert "<title>Oud" not in out and ">Oud<" in out  # its row label stays, no bar


def test_milestones_are_diamonds_with_their_date():
    bar = Bar("M", date(2024, 1, 1), date(2024, 6, 1), "on_track", "x", (date(2024, 3, 1),))
    assert "<title>2024-03-01</title></path>" in svg([bar])
