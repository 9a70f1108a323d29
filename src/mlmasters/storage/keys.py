"""Personal keys: how a person reaches their private space without an email or password.

A key is ``<owner id>.<secret>``: the owner id finds the row, the secret (32 random bytes)
proves it. Only an Argon2id hash of the whole key is stored (argon2-cffi, the maintained
binding of the reference implementation), so a copy of the database opens no space. The
key is shown once, when the space is made.

Hash cost: OWASP's minimum Argon2id configuration (19 MiB, 2 passes, 1 lane). The secret
has 256 random bits, so no cost setting makes guessing feasible; the cost matters for the
server, which verifies a key once per process and then remembers the SHA-256 digest of a
key that verified against that row's hash (``KeyCheck``). The row is still read on every
request, so a deleted space stops working at once in every worker.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
KEY_BYTES = 32
MAX_KEY_CHARS = 120


def new_secret() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def make_key(owner_id: str) -> str:
    return f"{owner_id}.{new_secret()}"


def hash_key(key: str) -> str:
    return _HASHER.hash(key)


def owner_id_of(key: str) -> str | None:
    """The owner id a key names, or None when it is not shaped like a key."""
    if not key or len(key) > MAX_KEY_CHARS:
        return None
    owner, dot, secret = key.strip().partition(".")
    if not dot or len(owner) != 36 or len(secret) < 20:
        return None
    return owner


class KeyCheck:
    """Verifies keys against stored hashes; remembers keys that verified (per process)."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self._ok: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _digest(key: str, key_hash: str) -> bytes:
        return hashlib.sha256(f"{key_hash}\0{key}".encode()).digest()

    def verify(self, key: str, key_hash: str) -> bool:
        digest = self._digest(key, key_hash)
        with self._lock:
            known = self._ok.get(digest)
            if known is not None and hmac.compare_digest(known, key_hash):
                self._ok.move_to_end(digest)
                return True
        try:
            ok = _HASHER.verify(key_hash, key)
        except (VerificationError, InvalidHashError):
            return False
        if ok:
            with self._lock:
                self._ok[digest] = key_hash
                while len(self._ok) > self.size:
                    self._ok.popitem(last=False)
        return bool(ok)
