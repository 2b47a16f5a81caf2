"""Build step beside pyproject.toml: compiles the linkage's pure calculation modules with mypyc.

The batch deduplication and the online radar spend nearly all their time in a handful of typed,
Django-free modules (normalising, blocking, comparing and scoring person records). mypyc (part of
mypy) compiles exactly these modules to C extensions: the same source, the same results, about
twice as fast. Nothing else is compiled.

- ``KZ_PURE_PYTHON=1`` at install time skips the compilation; without a C compiler, or when
  mypyc refuses a module, the build goes on without it: the modules then run as ordinary Python;
- a build also writes ``src/ketenzicht/_native_sources.json`` (the SHA-256 of each compiled
  source), so that :mod:`ketenzicht._native` can tell a stale build from a fresh one and fall
  back to the Python source after an edit, until ``make install`` rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
#: Keep in step with ``ketenzicht._native.COMPILED``.
COMPILED = [
    "src/ketenzicht/common/identifiers.py",
    "src/ketenzicht/linkage/normalise.py",
    "src/ketenzicht/linkage/blocking.py",
    "src/ketenzicht/linkage/compare.py",
    "src/ketenzicht/linkage/scoring.py",
    "src/ketenzicht/linkage/batch.py",
]
MANIFEST = HERE / "src" / "ketenzicht" / "_native_sources.json"


def native_extensions() -> list:
    if os.environ.get("KZ_PURE_PYTHON") == "1":
        MANIFEST.unlink(missing_ok=True)
        return []
    from mypyc.build import mypycify

    MANIFEST.write_text(
        json.dumps(
            {
                path.removeprefix("src/"): hashlib.sha256((HERE / path).read_bytes()).hexdigest()
                for path in COMPILED
            },
            indent=2,
        )
        + "\n"
    )
    # An empty configuration: pyproject's [tool.mypy] loads the Django plugin, which the build
    # environment does not have; rapidfuzz (C already) is called as an ordinary Python module.
    try:
        extensions = mypycify(
            ["--config-file", os.devnull, "--ignore-missing-imports", *COMPILED],
            opt_level="3",
            group_name="ketenzicht_native",
        )
    except (Exception, SystemExit) as error:  # a type error mypyc refuses: run the source
        print(f"warning: not compiling the linkage modules ({error!r}); Python source runs")
        MANIFEST.unlink(missing_ok=True)
        return []
    for extension in extensions:
        extension.optional = True  # no C compiler: the Python source runs
    return extensions


setup(ext_modules=native_extensions())
