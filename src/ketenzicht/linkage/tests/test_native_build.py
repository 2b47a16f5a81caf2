"""The mypyc build of the linkage modules (setup.py, ketenzicht/_native.py).

The compiled build must give exactly what the Python source gives, and an edited source must
never run against an old compiled module. Both are checked in fresh interpreters, since the
choice of build is made once, at the package's first import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketenzicht import _native
from ketenzicht.linkage import scoring
from ketenzicht.linkage.batch import dedupe_pairs
from ketenzicht.linkage.synthetic import generate

PAIRS_SCRIPT = """
import json, sys
from ketenzicht import _native
from ketenzicht.linkage import scoring
from ketenzicht.linkage.batch import dedupe_pairs
from ketenzicht.linkage.synthetic import generate
records = [s.record for s in generate(persons=600, seed=11)]
def evidence(score):
    return [[e.field, e.level, e.weight] for e in score.evidence]
pairs = sorted(
    [p.left, p.right, p.score.match_weight, evidence(p.score)]
    for p in dedupe_pairs(records, minimum=0.0)
)
json.dump({"build": _native.build(), "scoring": scoring.__file__, "pairs": pairs}, sys.stdout)
"""


def _pairs_here() -> list[list[object]]:
    records = [s.record for s in generate(persons=600, seed=11)]
    pairs = sorted(
        [
            p.left,
            p.right,
            p.score.match_weight,
            [[e.field, e.level, e.weight] for e in p.score.evidence],
        ]
        for p in dedupe_pairs(records, minimum=0.0)
    )
    return json.loads(json.dumps(pairs))  # type: ignore[no-any-return]


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not _native.compiled(), reason="the linkage runs uncompiled here")
def test_the_compiled_build_gives_exactly_the_pairs_and_scores_of_the_python_source() -> None:
    assert scoring.__file__.endswith(".so")
    run = _python(PAIRS_SCRIPT, KZ_PURE_PYTHON="1")
    assert run.returncode == 0, run.stderr
    source = json.loads(run.stdout)
    assert source["build"] == "KZ_PURE_PYTHON=1"
    assert source["scoring"].endswith("scoring.py")
    assert source["pairs"] == _pairs_here()
    assert len(source["pairs"]) > 100


# Loads the package's _native module without the package __init__ (which would decide at once),
# points it at a manifest of our choosing, and reports which file serves the scoring module.
GUARD_SCRIPT = """
import json, sys, types, warnings
from pathlib import Path
package = types.ModuleType("ketenzicht")
package.__path__ = [{package!r}]
sys.modules["ketenzicht"] = package
import ketenzicht._native as native
native.MANIFEST = Path({manifest!r})
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    native.guard()
import ketenzicht.linkage.scoring as scoring
json.dump({{"file": scoring.__file__, "build": native.build(),
           "warnings": [str(w.message) for w in caught]}}, sys.stdout)
"""


def _guard_run(manifest: Path) -> dict[str, object]:
    code = GUARD_SCRIPT.format(package=str(_native.PACKAGE_DIR), manifest=str(manifest))
    run = _python(code)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


@pytest.mark.skipif(not _native.compiled(), reason="the linkage runs uncompiled here")
def test_an_edited_source_runs_as_python_with_a_warning_until_it_is_rebuilt(
    tmp_path: Path,
) -> None:
    recorded = json.loads(_native.MANIFEST.read_text())
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps(recorded))
    assert _guard_run(fresh) == {
        "file": scoring.__file__,
        "build": "compiled with mypyc",
        "warnings": [],
    }

    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({**recorded, "ketenzicht/linkage/compare.py": "0" * 64}))
    outcome = _guard_run(stale)
    assert str(outcome["file"]).endswith("linkage/scoring.py")  # all or none: not just compare
    assert outcome["build"] == "stale build of ketenzicht.linkage.compare"
    assert "make install" in str(outcome["warnings"])


def test_a_missing_manifest_counts_every_compiled_module_as_stale(tmp_path: Path) -> None:
    assert _native._stale_modules(tmp_path / "absent.json") == list(_native.COMPILED)
