"""Stable hashing: vendor-style ids and RNG seeds derived from the world seed and names."""

import hashlib
import uuid


def stable_int(*parts: object) -> int:
    """A 64-bit integer that depends only on the parts (not on Python's hash randomisation)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def make_id(prefix: str, *parts: object) -> str:
    """`prefix` + 18 digits, e.g. `spc_575377614718369795`."""
    return f"{prefix}{10**17 + stable_int(prefix, *parts) % (9 * 10**17)}"


def make_uuid(*parts: object) -> str:
    """A deterministic UUID string."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))
