"""``zhen-align --version`` prints the installed package's version."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from cli import main


def test_version_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"zhen-align {version('zhen-align')}\n"
