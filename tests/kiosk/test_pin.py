"""The admin PIN: the rules, the salted hash format, verification, malformed hashes."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from assistant.kiosk.pin import (
    PBKDF2_ITERATIONS,
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
    check_pin,
    hash_pin,
    is_valid_pin_hash,
    pin_hash_problem,
    verify_pin,
)

HASH_FORMAT = re.compile(r"scrypt\$n=16384,r=8,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})\Z")


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("4821")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def test_a_hash_is_self_describing_scrypt_with_a_16_byte_salt_and_a_32_byte_key(
    stored: str,
) -> None:
    match = HASH_FORMAT.match(stored)
    assert match is not None, stored
    salt = base64.b64decode(match.group(1) + "==")
    key = base64.b64decode(match.group(2) + "=")
    assert len(salt) == 16
    assert len(key) == 32
    # The key is scrypt of the PIN with that salt and those parameters, nothing else.
    assert key == hashlib.scrypt(b"4821", salt=salt, n=16384, r=8, p=1, dklen=32)


def test_the_right_pin_is_accepted_and_a_wrong_one_is_not(stored: str) -> None:
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)
    assert not verify_pin("48210", stored)
    assert not verify_pin("1284", stored)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_pin("4821"), hash_pin("4821")
    assert first != second
    assert first.split("$")[2] != second.split("$")[2]
    assert verify_pin("4821", first) and verify_pin("4821", second)


@pytest.mark.parametrize("pin", ["0000", "1234", "000000000000", "987654321098"])
def test_pins_of_4_to_12_digits_are_allowed(pin: str) -> None:
    check_pin(pin)
    assert verify_pin(pin, hash_pin(pin))


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("", "the PIN must have 4 to 12 digits, not 0"),
        ("123", "the PIN must have 4 to 12 digits, not 3"),
        ("1234567890123", "the PIN must have 4 to 12 digits, not 13"),
        ("12a4", "the PIN may only contain the digits 0-9"),
        (" 1234", "the PIN may only contain the digits 0-9"),
        ("1234\n", "the PIN may only contain the digits 0-9"),
        ("١٢٣٤", "the PIN may only contain the digits 0-9"),  # Arabic-Indic digits
        ("12.34", "the PIN may only contain the digits 0-9"),
    ],
)
def test_pins_that_break_the_rules_are_refused_with_a_clear_message(pin: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        hash_pin(pin)
    if pin.strip():
        assert pin.strip() not in str(raised.value)  # the message never repeats the PIN


def test_the_limits_are_4_and_12() -> None:
    assert (PIN_MIN_DIGITS, PIN_MAX_DIGITS) == (4, 12)


def test_a_pin_breaking_the_rules_is_never_accepted(stored: str) -> None:
    assert not verify_pin("", stored)
    assert not verify_pin("4821 ", stored)


def test_a_pbkdf2_hash_from_a_machine_without_scrypt_is_verified() -> None:
    salt = bytes(range(16))
    key = hashlib.pbkdf2_hmac("sha256", b"2468", salt, 200_000, 32)
    stored = f"pbkdf2-sha256$i=200000${b64(salt)}${b64(key)}"
    assert is_valid_pin_hash(stored)
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert PBKDF2_ITERATIONS >= 200_000


@pytest.mark.parametrize(
    ("mangle", "problem"),
    [
        (lambda s: "", "the PIN hash is empty"),
        (lambda s: "   ", "the PIN hash is empty"),
        (lambda s: "4821", "this is not a PIN hash made by assistant kiosk-pin"),
        (lambda s: s + "$extra", "this is not a PIN hash made by assistant kiosk-pin"),
        (lambda s: s.replace("scrypt", "md5", 1), "unknown PIN hash scheme 'md5'"),
        (lambda s: s.replace("n=16384", "n=1000", 1), "scrypt n must be a power of 2"),
        (lambda s: s.replace("n=16384", "n=512", 1), "scrypt n must be a power of 2"),
        (lambda s: s.replace("n=16384", "n=1048576", 1), "need too much memory"),
        (lambda s: s.replace("r=8", "r=0", 1), "scrypt r must be 1 to 32"),
        (lambda s: s.replace("p=1", "p=99", 1), "p 1 to 16"),
        (lambda s: s.replace("n=16384,", "", 1), "the scrypt parameters must read"),
        (lambda s: s[:-1] + "!", "must be base64 text"),
        (lambda s: s[:-4], "the hash must have 32 bytes"),
        (
            lambda s: "$".join([*s.split("$")[:2], "AAAA", s.split("$")[3]]),
            "the salt must have at least 16 bytes",
        ),
        (lambda s: s + "A" * 600, "too long"),
    ],
)
def test_a_malformed_hash_is_refused_and_never_raises(
    stored: str, mangle: object, problem: str
) -> None:
    assert callable(mangle)
    bad = mangle(stored)
    assert not is_valid_pin_hash(bad)
    found = pin_hash_problem(bad)
    assert found is not None and problem in found
    assert verify_pin("4821", bad) is False


def test_pbkdf2_iterations_are_bounded() -> None:
    salt, key = b64(bytes(16)), b64(bytes(32))
    assert pin_hash_problem(f"pbkdf2-sha256$i=1000${salt}${key}") == (
        "pbkdf2-sha256 needs 200,000 to 10,000,000 iterations, not 1,000"
    )
    assert pin_hash_problem(f"pbkdf2-sha256$i=999999999${salt}${key}") is not None
    assert pin_hash_problem(f"pbkdf2-sha256$i=200000${salt}${key}") is None


def test_a_well_formed_hash_has_no_problem(stored: str) -> None:
    assert pin_hash_problem(stored) is None
    assert is_valid_pin_hash(stored)


def test_a_non_string_never_raises() -> None:
    assert verify_pin(1234, "x") is False  # type: ignore[arg-type]
    assert verify_pin("1234", None) is False  # type: ignore[arg-type]
    assert is_valid_pin_hash(None) is False  # type: ignore[arg-type]
