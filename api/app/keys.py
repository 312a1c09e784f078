"""API keys: generation, hashing, the keys file, and constant-time verification.

Only hashes are stored. Three formats are accepted in a key entry's ``hash``:

- ``<64 hex digits>``: SHA-256 of the key. The default for generated keys: they carry 256 random
  bits, so no dictionary or brute-force attack applies and a slow hash adds nothing but cost.
- ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``: for keys chosen by people.
- ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``: likewise.

No function here logs or returns a key except :func:`new_key`, whose caller prints it once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from api.app.errors import KeyConfigError

__all__ = [
    "AccessRole",
    "KeyConfigError",
    "KeyEntry",
    "KeyRing",
    "Principal",
    "add_key",
    "hash_key",
    "new_key",
    "read_keys_file",
]

AccessRole = Literal["admin", "organiser", "member"]
HashScheme = Literal["sha256", "pbkdf2", "scrypt"]
KEY_PREFIX = "km_"
PBKDF2_ITERATIONS = 200_000
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_NEGATIVE_CACHE = 1024


class KeyEntry(BaseModel):
    """One configured key: who it is, what it may do, and the hash of the key."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: AccessRole
    organisation: str | None = Field(default=None, min_length=1, max_length=200)
    hash: str = Field(min_length=64, max_length=600)

    @model_validator(mode="after")
    def _member_has_organisation(self) -> KeyEntry:
        if self.role == "member" and not self.organisation:
            raise ValueError(f"key {self.name!r}: a member key needs an organisation")
        _parse_hash(self.hash, self.name)
        return self


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's holder, or the anonymous caller of an open server."""

    name: str
    role: AccessRole
    organisation: str | None = None
    anonymous: bool = False


def new_key() -> str:
    """A fresh random key (256 bits)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _sha256(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def hash_key(key: str, scheme: HashScheme = "sha256") -> str:
    """The stored form of ``key`` in one of the formats above."""
    if scheme == "sha256":
        return _sha256(key).hex()
    salt = secrets.token_bytes(16)
    if scheme == "pbkdf2":
        digest = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), salt, PBKDF2_ITERATIONS)
        return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"
    digest = hashlib.scrypt(key.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _parse_hash(stored: str, name: str) -> tuple[str, list[int], bytes, bytes]:
    """``(scheme, parameters, salt, digest)``; KeyConfigError (a ValueError for pydantic) if malformed."""
    try:
        if "$" not in stored and len(stored) == 64:
            return "sha256", [], b"", bytes.fromhex(stored)
        parts = stored.split("$")
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            return "pbkdf2", [int(parts[1])], bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
        if parts[0] == "scrypt" and len(parts) == 6:
            params = [int(p) for p in parts[1:4]]
            return "scrypt", params, bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        pass
    raise ValueError(
        f"key {name!r}: hash must be 64 hex digits (sha256), pbkdf2_sha256$... or scrypt$... "
        "(see docs/security.md)"
    )


def _derive(key: str, scheme: str, params: list[int], salt: bytes) -> bytes:
    raw = key.encode("utf-8")
    if scheme == "pbkdf2":
        return hashlib.pbkdf2_hmac("sha256", raw, salt, params[0])
    n, r, p = params
    return hashlib.scrypt(raw, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024)


class KeyRing:
    """The configured keys; :meth:`verify` finds the holder of a presented key.

    Every SHA-256 entry is compared with ``hmac.compare_digest`` (no early exit, so timing tells
    nothing about how much of a hash matched). Salted entries cost one key derivation each, so a
    key once verified is remembered by its SHA-256 (in memory only), and the SHA-256 of the last
    1024 rejected keys too, so a flood of one wrong key costs a derivation once.
    """

    def __init__(self, entries: Sequence[KeyEntry]) -> None:
        self.entries = list(entries)
        self._fast = [(e, bytes.fromhex(e.hash)) for e in self.entries if "$" not in e.hash]
        self._slow = [(e, _parse_hash(e.hash, e.name)) for e in self.entries if "$" in e.hash]
        self._known: dict[bytes, KeyEntry] = {}
        self._rejected: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def verify(self, key: str) -> Principal | None:
        """The principal holding ``key``, or None when no configured key matches."""
        digest = _sha256(key)
        found: KeyEntry | None = None
        for entry, stored in self._fast:
            if hmac.compare_digest(digest, stored) and found is None:
                found = entry
        if found is None and self._slow:
            found = self._verify_slow(key, digest)
        if found is None:
            return None
        return Principal(name=found.name, role=found.role, organisation=found.organisation)

    def _verify_slow(self, key: str, digest: bytes) -> KeyEntry | None:
        with self._lock:
            if digest in self._known:
                return self._known[digest]
            if digest in self._rejected:
                return None
        found = None
        for entry, (scheme, params, salt, stored) in self._slow:
            if hmac.compare_digest(_derive(key, scheme, params, salt), stored) and found is None:
                found = entry
        with self._lock:
            if found is not None:
                self._known[digest] = found
            else:
                self._rejected[digest] = None
                while len(self._rejected) > _NEGATIVE_CACHE:
                    self._rejected.popitem(last=False)
        return found


_ENTRIES = TypeAdapter(list[KeyEntry])


def read_keys_file(path: Path) -> list[KeyEntry]:
    """The entries of a keys file (a JSON list); a missing file holds none."""
    if not path.exists():
        return []
    try:
        return _ENTRIES.validate_json(path.read_bytes())
    except ValidationError as exc:
        raise KeyConfigError(f"keys file {str(path)!r} is not a valid list of keys: {exc}") from exc


def add_key(
    path: Path,
    *,
    name: str,
    role: AccessRole,
    organisation: str | None = None,
    scheme: HashScheme = "sha256",
) -> str:
    """Create a key, append its hash to the keys file (created when missing); returns the key."""
    entries = read_keys_file(path)
    if any(e.name == name for e in entries):
        raise KeyConfigError(f"keys file {str(path)!r} already has a key named {name!r}")
    key = new_key()
    try:
        entry = KeyEntry(name=name, role=role, organisation=organisation, hash=hash_key(key, scheme))
    except ValidationError as exc:
        raise KeyConfigError(str(exc.errors()[0]["msg"])) from exc
    entries.append(entry)
    text = json.dumps([e.model_dump(exclude_none=True) for e in entries], ensure_ascii=False, indent=2)
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    return key
