"""Pseudonymised keys (假名化): join and export on a keyed hash of the ID number, not the number.

A plain SHA-256 of an ID number protects nothing: there are only about a billion possible ID
numbers in a county's range, and a laptop hashes them all in minutes. A *keyed* hash (HMAC-
SHA256) cannot be recomputed without the key, which the data officer keeps apart from the
data. Two tables pseudonymised with the same key still join on the pseudonym, so a model can
run without ever showing a real ID number, and the officer can re-identify a confirmed clue.

Pseudonymised data are still personal information under the Personal Information Protection
Law (only anonymised data are not): keep the minimum columns and the same care.

    from course import pseudonym
    key = "a key of at least 16 characters"      # kept by the data officer, never in a notebook
    pseudonym.pseudonymise("34990119320413332X", key)   # 16 hexadecimal characters
    companies["rep_key"] = pseudonym.pseudonymise_column(companies["id_clean"], key)

IDs must be cleaned first (no spaces, upper-case X): the hash of a dirty ID is a different
pseudonym, and the join would silently lose that person. The functions refuse a dirty ID.
"""
from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd

LENGTH = 16          # hexadecimal characters kept: 64 bits, ample to tell a province's people apart
MIN_KEY = 16         # characters
_CLEAN_ID = re.compile(r"[0-9]{17}[0-9X]")


class NotClean(ValueError):
    """An ID number that has not been cleaned, or a key too short to protect anything."""


def _key_bytes(key: str | bytes) -> bytes:
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY:
        raise NotClean(f"The key has {len(raw)} characters; use at least {MIN_KEY}. A short key "
                       "can be guessed, and then every pseudonym can be reversed.")
    return raw


def pseudonymise(id_number: str, key: str | bytes) -> str:
    """The pseudonym of one cleaned ID number: HMAC-SHA256 with `key`, first 16 hex characters."""
    if not isinstance(id_number, str) or not _CLEAN_ID.fullmatch(id_number):
        raise NotClean(f"{id_number!r} is not a clean ID number (18 characters: 17 digits, then a "
                       "digit or an upper-case X, no spaces). Clean it first; otherwise the same "
                       "person gets two different pseudonyms and the join loses them.")
    digest = hmac.new(_key_bytes(key), id_number.encode("ascii"), hashlib.sha256).hexdigest()
    return digest[:LENGTH]


def pseudonymise_column(values: pd.Series, key: str | bytes) -> pd.Series:
    """`pseudonymise` applied to every value of a column of cleaned ID numbers."""
    raw = _key_bytes(key)
    return values.map(lambda v: pseudonymise(v, raw))
