"""The kiosk administrator's PIN: rules, a salted hash to store, and its verification.

The PIN is typed on an on-screen digit keypad, so it is 4 to 12 ASCII digits. Only a salted,
slow hash of it is stored (the kiosk config's `pin_hash`, made by `assistant kiosk-pin`), in a
self-describing text form:

    scrypt$n=16384,r=8,p=1$<salt>$<key>          hashlib.scrypt (the default)
    pbkdf2-sha256$i=600000$<salt>$<key>           where Python's OpenSSL has no scrypt

with `<salt>` (16 random bytes) and `<key>` (32 bytes) in base64 without "=" padding. Both forms
are verified everywhere, so a hash made on one machine works on any other. The cost parameters
are bounded when a stored hash is read, so an edited config cannot make verification take
minutes or gigabytes.

`verify_pin` never raises: a malformed stored hash, or a PIN that breaks the rules, is simply
not accepted. `pin_hash_problem` says what is wrong with a stored hash, for the config loader.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from typing import Final

from assistant import command_name

__all__ = [
    "PIN_COMMAND",
    "PIN_MAX_DIGITS",
    "PIN_MIN_DIGITS",
    "check_pin",
    "hash_pin",
    "is_valid_pin_hash",
    "pin_hash_problem",
    "verify_pin",
]

PIN_MIN_DIGITS: Final = 4
PIN_MAX_DIGITS: Final = 12

SALT_BYTES: Final = 16
KEY_BYTES: Final = 32

SCRYPT: Final = "scrypt"
SCRYPT_N: Final = 2**14
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
SCRYPT_MAX_MEMORY: Final = 64 * 1024 * 1024
"""The most memory a stored scrypt hash may ask for (the default asks for 16 MiB)."""

PBKDF2: Final = "pbkdf2-sha256"
PBKDF2_ITERATIONS: Final = 600_000
PBKDF2_MIN_ITERATIONS: Final = 200_000
PBKDF2_MAX_ITERATIONS: Final = 10_000_000

_PIN = re.compile(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}\Z")
_B64 = re.compile(r"[A-Za-z0-9+/]+\Z")
_SCRYPT_PARAMS = re.compile(r"n=([0-9]{1,10}),r=([0-9]{1,4}),p=([0-9]{1,4})\Z")
_PBKDF2_PARAMS = re.compile(r"i=([0-9]{1,10})\Z")
_MAX_STORED = 512  # characters: a real hash is about 90
PIN_COMMAND: Final = f"{command_name()} kiosk-pin"  # the command that makes a hash


def check_pin(pin: str) -> None:
    """Raise ValueError, with a message for the person choosing the PIN, unless `pin` is 4 to
    12 digits 0-9. The message never repeats the PIN."""
    if _PIN.match(pin):
        return
    if any(not ("0" <= char <= "9") for char in pin):
        raise ValueError(
            f"the PIN may only contain the digits 0-9 (it is typed on a digit keypad); "
            f"choose {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"
        )
    raise ValueError(
        f"the PIN must have {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits, not {len(pin)}"
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    """Base64 without padding -> bytes; ValueError if it is not that."""
    if not _B64.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    need = 128 * r * (n + p + 2)  # what OpenSSL allocates for these parameters
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=need + 1024 * 1024, dklen=KEY_BYTES
    )


def _pbkdf2(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations, KEY_BYTES)


def hash_pin(pin: str) -> str:
    """A salted hash of `pin` to store in the kiosk config (`pin_hash`); ValueError if the PIN
    breaks the rules (see `check_pin`). Each call uses a new random salt."""
    check_pin(pin)
    salt = os.urandom(SALT_BYTES)
    if hasattr(hashlib, "scrypt"):
        key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        params = f"n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}"
        return f"{SCRYPT}${params}${_b64(salt)}${_b64(key)}"
    key = _pbkdf2(pin, salt, PBKDF2_ITERATIONS)  # pragma: no cover - OpenSSL without scrypt
    return f"{PBKDF2}$i={PBKDF2_ITERATIONS}${_b64(salt)}${_b64(key)}"  # pragma: no cover


class _Parsed:
    """A well-formed stored hash, split into its parts."""

    __slots__ = ("key", "params", "salt", "scheme")

    def __init__(self, scheme: str, params: tuple[int, ...], salt: bytes, key: bytes) -> None:
        self.scheme = scheme
        self.params = params
        self.salt = salt
        self.key = key


def _parse(stored: str) -> _Parsed | str:
    """The parts of a stored hash, or what is wrong with it (a message)."""
    example = f'make one with "{PIN_COMMAND}" (it looks like {SCRYPT}$n=16384,r=8,p=1$...)'
    if not isinstance(stored, str) or not stored.strip():
        return f"the PIN hash is empty; {example}"
    if len(stored) > _MAX_STORED:
        return f"the PIN hash is too long to be one; {example}"
    parts = stored.split("$")
    if len(parts) != 4:
        return f"this is not a PIN hash made by {PIN_COMMAND}; {example}"
    scheme, params_text, salt_text, key_text = parts
    params: tuple[int, ...]
    if scheme == SCRYPT:
        match = _SCRYPT_PARAMS.match(params_text)
        if match is None:
            return f'the scrypt parameters must read "n=<N>,r=<R>,p=<P>"; {example}'
        n, r, p = (int(group) for group in match.groups())
        if n < 2**10 or n & (n - 1):
            return f"scrypt n must be a power of 2, at least 1024 ({PIN_COMMAND} uses 16384)"
        if not 1 <= r <= 32 or not 1 <= p <= 16:
            return f"scrypt r must be 1 to 32 and p 1 to 16 ({PIN_COMMAND} uses r=8, p=1)"
        if 128 * r * (n + p + 2) > SCRYPT_MAX_MEMORY:
            return "these scrypt parameters need too much memory; make a new hash"
        params = (n, r, p)
    elif scheme == PBKDF2:
        match = _PBKDF2_PARAMS.match(params_text)
        if match is None:
            return f'the pbkdf2-sha256 parameters must read "i=<iterations>"; {example}'
        iterations = int(match.group(1))
        if not PBKDF2_MIN_ITERATIONS <= iterations <= PBKDF2_MAX_ITERATIONS:
            return (
                f"pbkdf2-sha256 needs {PBKDF2_MIN_ITERATIONS:,} to {PBKDF2_MAX_ITERATIONS:,} "
                f"iterations, not {iterations:,}"
            )
        params = (iterations,)
    else:
        return f"unknown PIN hash scheme {scheme[:20]!r} (known: {SCRYPT}, {PBKDF2}); {example}"
    try:
        salt = _unb64(salt_text)
        key = _unb64(key_text)
    except ValueError:
        return f"the salt and the hash must be base64 text; {example}"
    if len(salt) < SALT_BYTES:
        return f"the salt must have at least {SALT_BYTES} bytes; make a new hash"
    if len(key) != KEY_BYTES:
        return f"the hash must have {KEY_BYTES} bytes; the text was cut or edited: make a new hash"
    return _Parsed(scheme, params, salt, key)


def pin_hash_problem(stored: str) -> str | None:
    """What is wrong with a stored PIN hash, or None if it is well formed."""
    parsed = _parse(stored)
    return parsed if isinstance(parsed, str) else None


def is_valid_pin_hash(stored: str) -> bool:
    """True if `stored` is a well-formed PIN hash (it says nothing about which PIN)."""
    return not isinstance(_parse(stored), str)


def verify_pin(pin: str, stored: str) -> bool:
    """True if `pin` is the PIN `stored` was made from. Never raises: a malformed hash, or a PIN
    that breaks the rules, is not accepted. Compares in constant time."""
    if not isinstance(pin, str) or not _PIN.match(pin):
        return False
    parsed = _parse(stored)
    if isinstance(parsed, str):
        return False
    try:
        if parsed.scheme == SCRYPT:
            n, r, p = parsed.params
            key = _scrypt(pin, parsed.salt, n, r, p)
        else:
            key = _pbkdf2(pin, parsed.salt, parsed.params[0])
    except (ValueError, MemoryError, AttributeError):  # no scrypt in this OpenSSL, or no memory
        return False
    return hmac.compare_digest(key, parsed.key)
