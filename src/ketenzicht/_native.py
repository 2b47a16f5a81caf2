"""Which build of the compiled linkage modules runs: mypyc's, or the Python source.

``setup.py`` compiles a few pure modules (:data:`COMPILED`) with mypyc and records the SHA-256
of each source it compiled in ``_native_sources.json``. Python would import a compiled module in
preference to its source even after the source was edited; :func:`guard` (run from the package's
``__init__``, before any of these modules is imported) prevents that: when the recorded sources
differ from the current ones, or ``KZ_PURE_PYTHON=1`` is set, every compiled module is imported
from its ``.py`` source instead (all or none: compiled modules call each other directly). A
stale build says so once, with a warning; ``make install`` rebuilds.

No Django here: this runs before anything else of the package.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

#: Compiled by ``setup.py`` (keep in step with ``setup.py``'s ``COMPILED``).
COMPILED = (
    "ketenzicht.common.identifiers",
    "ketenzicht.linkage.normalise",
    "ketenzicht.linkage.blocking",
    "ketenzicht.linkage.compare",
    "ketenzicht.linkage.scoring",
    "ketenzicht.linkage.batch",
)
PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_native_sources.json"

_state = {"compiled": False, "reason": "not checked"}


def _source(module: str) -> Path:
    return PACKAGE_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")


def _has_extension(module: str) -> bool:
    source = _source(module)
    return any(
        source.with_suffix(suffix).exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES
    )


def _stale_modules(manifest: Path | None = None) -> list[str]:
    """The compiled modules whose source differs from the one the build recorded."""
    try:
        recorded = json.loads((manifest or MANIFEST).read_text())
    except (OSError, ValueError):
        return list(COMPILED)
    stale = []
    for module in COMPILED:
        relative = "/".join(module.split(".")) + ".py"
        try:
            current = hashlib.sha256(_source(module).read_bytes()).hexdigest()
        except OSError:
            continue  # an installed wheel without sources: nothing to compare
        if recorded.get(relative) != current:
            stale.append(module)
    return stale


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the compiled modules from their ``.py`` source."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, _source(fullname))


def guard() -> None:
    """Decide once, before the first import of a compiled module, which build to use."""
    if not any(_has_extension(module) for module in COMPILED):
        _state.update(
            compiled=False, reason="not compiled (KZ_PURE_PYTHON=1 or no C compiler at install)"
        )
        return
    stale = [] if os.environ.get("KZ_PURE_PYTHON") == "1" else _stale_modules()
    if os.environ.get("KZ_PURE_PYTHON") == "1":
        reason = "KZ_PURE_PYTHON=1"
    elif stale:
        reason = "stale build of " + ", ".join(stale)
        warnings.warn(
            f"Ketenzicht: the compiled linkage modules are older than their source ({reason}); "
            "running the Python source instead. `make install` rebuilds them.",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        _state.update(compiled=True, reason="compiled with mypyc")
        return
    loaded = [module for module in COMPILED if module in sys.modules]
    if loaded:  # too late to choose: say so rather than mix builds silently
        raise RuntimeError(f"compiled linkage modules imported before the guard: {loaded}")
    sys.meta_path.insert(0, _SourceFinder())
    _state.update(compiled=False, reason=reason)


def compiled() -> bool:
    """Whether the linkage runs its mypyc-compiled build (for benchmarks and ``--version``)."""
    return bool(_state["compiled"])


def build() -> str:
    """A short description of the running build, e.g. ``"compiled with mypyc"``."""
    return str(_state["reason"])
