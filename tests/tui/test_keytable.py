"""The README's key table is generated from tui/bindings.py and is up to date."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui import bindings, keytable

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    assert keytable.with_table(text) == text, "run `python -m tui.keytable` to regenerate README's key table"
    for key in bindings.ALL_KEYS:
        assert f"| `{key.id}` |" in text


def test_a_changed_binding_changes_the_table(monkeypatch) -> None:
    text = README.read_text(encoding="utf-8")
    moved = tuple(replace(k, keys="M") if k.id == "merge-up" else k for k in bindings.EDITOR_KEYS)
    monkeypatch.setattr(keytable, "EDITOR_KEYS", moved)
    assert keytable.with_table(text) != text
    assert "| Merge with row above | `M` | `merge-up` |" in keytable.markdown()


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="key table"):
        keytable.with_table("# no table here\n")


def test_the_command_rewrites_only_the_table(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{keytable.BEGIN}\nold rows\n{keytable.END}\nafter\n", encoding="utf-8")
    assert keytable.main([str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith(f"{keytable.END}\nafter\n") and "old rows" not in text
    assert keytable.markdown() in text
