"""The BSN at rest: Fernet encryption with rotation, and the keyed blind index."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from ketenzicht import settings as project_settings
from ketenzicht.common.crypto import (
    BsnKeyError,
    bsn_index,
    decrypt_bsn,
    encrypt_bsn,
    rotate_bsn_token,
)

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def test_a_bsn_encrypts_differently_every_time_and_decrypts_again():
    first, second = encrypt_bsn("111222333"), encrypt_bsn("111222333")
    assert first != second
    assert "111222333" not in first
    assert decrypt_bsn(first) == decrypt_bsn(second) == "111222333"


def test_no_bsn_stays_empty():
    assert encrypt_bsn("") == ""
    assert decrypt_bsn("") == ""
    assert bsn_index("") == ""


def test_an_old_key_still_decrypts_while_the_first_key_encrypts(settings):
    settings.BSN_KEYS = [OLD]
    token = encrypt_bsn("111222333")
    settings.BSN_KEYS = [NEW, OLD]
    assert decrypt_bsn(token) == "111222333"
    rotated = rotate_bsn_token(token)
    settings.BSN_KEYS = [NEW]
    assert decrypt_bsn(rotated) == "111222333"


def test_a_wrong_key_gives_a_clear_error(settings):
    settings.BSN_KEYS = [OLD]
    token = encrypt_bsn("111222333")
    settings.BSN_KEYS = [NEW]
    with pytest.raises(BsnKeyError, match="cannot be decrypted with any key in KZ_BSN_KEYS"):
        decrypt_bsn(token)
    with pytest.raises(BsnKeyError, match="put the old key back"):
        rotate_bsn_token(token)


def test_the_blind_index_is_the_same_for_the_same_bsn_however_written():
    index = bsn_index("111222333")
    assert len(index) == 32 and int(index, 16) >= 0
    assert bsn_index(" 111 222 333 ") == index
    assert bsn_index("11122233") == bsn_index("011122233")  # a lost leading zero
    assert bsn_index("123456782") != index


def test_the_blind_index_depends_on_its_key_and_indexes_only_valid_bsns(settings):
    assert bsn_index("111222333", key="a" * 32) != bsn_index("111222333", key="b" * 32)
    assert bsn_index("123456789") == ""  # fails the eleven-test
    settings.BSN_INDEX_KEY = "c" * 32
    assert bsn_index("111222333") == bsn_index("111222333", key="c" * 32)


def test_production_refuses_to_start_without_the_keys(monkeypatch):
    monkeypatch.setattr(project_settings, "PRODUCTION", True)
    monkeypatch.delenv("KZ_BSN_KEYS", raising=False)
    monkeypatch.delenv("KZ_BSN_INDEX_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="KZ_BSN_KEYS is required in production"):
        project_settings._bsn_keys()
    with pytest.raises(ImproperlyConfigured, match="KZ_BSN_INDEX_KEY is required in production"):
        project_settings._bsn_index_key()


def test_malformed_keys_are_refused(monkeypatch):
    monkeypatch.setenv("KZ_BSN_KEYS", f"{NEW},not-a-key")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        project_settings._bsn_keys()
    monkeypatch.setenv("KZ_BSN_INDEX_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        project_settings._bsn_index_key()
    monkeypatch.setenv("KZ_BSN_INDEX_KEY", project_settings.BSN_KEYS[0])
    with pytest.raises(ImproperlyConfigured, match="must differ"):
        project_settings._bsn_index_key()


def test_keys_from_the_environment_are_used_in_order(monkeypatch):
    monkeypatch.setenv("KZ_BSN_KEYS", f" {NEW} , {OLD} ")
    assert project_settings._bsn_keys() == [NEW, OLD]
