"""Hostile inputs, generated rather than kept as files: one kind per item of the hardening issue that a
careful attacker or an unlucky user hit (each test module names the item it pins)."""

from __future__ import annotations

import random

#: Escape sequences a headline may carry to take over a terminal: set the window title (OSC 0, ended by
#: BEL), clear the screen, colour text, an OSC 8 hyperlink (ended by ST), and the 8-bit CSI (C1 0x9b).
TERMINAL_ATTACKS = (
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\x1b[31;1m",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m",
)
#: Common Chinese characters without any sentence-ending punctuation.
_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"


def hostile_headline() -> str:
    """A Chinese headline with every attack of :data:`TERMINAL_ATTACKS` inside it."""
    return "新闻" + "".join(f"{attack}标题" for attack in TERMINAL_ATTACKS)


def run_on_line(chars: int, seed: int = 13) -> str:
    """``chars`` Chinese characters on one line with no sentence end (no 。！？ and no full stop)."""
    rng = random.Random(seed)
    return "".join(rng.choice(_HAN) for _ in range(chars))


def controls(text: str, allowed: str = "") -> list[str]:
    """The C0 and C1 control characters (and DEL) in ``text``, except those in ``allowed``."""
    return [c for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]
