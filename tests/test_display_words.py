"""Words built around a number or a name for messages (aligner/display.py)."""

from __future__ import annotations

import pytest

from aligner.display import count, with_article


@pytest.mark.parametrize(("noun", "phrase"), [
    ("English", "an English"), ("Chinese", "a Chinese"), ("object", "an object"), ("int", "an int"),
    ("set", "a set"), ("UTF-8", "a UTF-8"), ("unit", "a unit"), ("one-sided row", "a one-sided row"),
    ("umbrella", "an umbrella"),
])
def test_the_indefinite_article_follows_the_first_sound(noun: str, phrase: str) -> None:
    assert with_article(noun) == phrase


def test_a_count_is_plural_unless_it_is_one() -> None:
    assert (count(1, "row"), count(5, "row"), count(0, "row")) == ("1 row", "5 rows", "0 rows")
