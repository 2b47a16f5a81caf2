"""Production settings: ``manage.py check --deploy`` is clean, and demo-only settings are
refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KZ_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        {
            "KZ_PRODUCTION": "1",
            "KZ_SECRET_KEY": "p" * 20 + "-production-test-key-0123456789-abcdefghijklmnop",
            "KZ_ALLOWED_HOSTS": "ketenzicht.example.nl",
            "KZ_BSN_KEYS": "o1GvxIXq3Q8yRnwmpx0fO4o9GQYpC8W1Hk8vQw3J5vE=",
            "KZ_BSN_INDEX_KEY": "index-key-for-the-production-settings-test-000",
            "KZ_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "ketenzicht.settings",
        }
    )
    env.update(extra)
    return env


def manage(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "message"),
    [("KZ_DEMO_FIXED_OTP", "demo-only"), ("KZ_DEBUG", "KZ_DEBUG cannot be on in production")],
)
def test_production_refuses_demo_only_settings(tmp_path, variable, message):
    result = manage(tmp_path, "check", **{variable: "1"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
