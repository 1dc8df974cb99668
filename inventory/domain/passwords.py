"""How strong a password must be: long enough, and not one a guesser tries first.

Kept small on purpose (NIST SP 800-63B: a minimum length and a list of known-bad passwords, no
composition rules): the clinic's users are volunteers who type on phones.
"""

from __future__ import annotations

from .errors import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 200
# The first guesses of any attacker, in the clinic's languages: refused whatever their length.
COMMON = frozenset(
    {
        "password", "password1", "password123", "passw0rd", "12345678", "123456789", "1234567890",
        "87654321", "11111111", "00000000", "qwertyui", "qwerty123", "qwertyuiop", "asdfghjk",
        "abcdefgh", "abcd1234", "iloveyou", "sommer2026", "kodeord1", "kodeord123", "adgangskode",
        "rodekors", "rødekors", "redcross", "sundhedsklinik", "klinikken", "velkommen", "welcome1",
    }
)


def check_password(password: str, *, username: str = "") -> None:
    """Refuse a weak password, naming the field `password`."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_LENGTH} characters", field="password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"a password has at most {MAX_LENGTH} characters", field="password")
    folded = password.casefold()
    if len(set(folded)) < 3:
        raise InvalidInput("a password needs more than one or two different characters", field="password")
    if folded in COMMON or folded.rstrip("0123456789!.") in COMMON:
        raise InvalidInput(
            "this password is among the first an attacker tries: choose another", field="password"
        )
    if username and username.casefold() in folded:
        raise InvalidInput("a password must not contain the user name", field="password")
