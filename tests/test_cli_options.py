"""Options several subcommands share are made by cli/options.py only, so they cannot drift apart."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from cli import COMMANDS, build_parser
from cli.options import SHARED

SHARED_NAMES = {"--presegmented", "--fast", "--embedder", "--model", "--mt", "--no-mt", "--engine"}
#: Same name, another option: (command, option) -> what it is there.
OTHER_MEANING = {("eval", "--mt"): "a flag: use the set's mt/ folder",
                 ("batch", "--engine"): "where the batch runs: local or dask"}


Parser = argparse.ArgumentParser


def commands(parser: Parser, path: str = "") -> Iterator[tuple[str, Parser]]:
    """Every (sub)command parser, named by its words ("mt download")."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, f"{path} {name}".strip())


def test_every_shared_option_comes_from_cli_options() -> None:
    seen = []
    for command, parser in commands(build_parser()):
        for action in parser._actions:
            for name in set(action.option_strings) & SHARED_NAMES:
                if (command, name) in OTHER_MEANING:
                    assert getattr(action, SHARED, None) is None
                    continue
                assert getattr(action, SHARED, None) == name, f"{command} {name} is not made by cli.options"
                seen.append((command, name))
    assert {name for _, name in seen} == SHARED_NAMES
    assert len(seen) > 15


def test_an_option_added_by_hand_is_found() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fast", action="store_true")
    action = next(a for a in parser._actions if "--fast" in a.option_strings)
    assert getattr(action, SHARED, None) is None


def test_every_argument_has_help() -> None:
    quiet = (argparse._HelpAction, argparse._SubParsersAction, argparse._VersionAction)
    missing = [f"{command} {action.option_strings or action.metavar or action.dest}"
               for command, parser in commands(build_parser()) for action in parser._actions
               if not isinstance(action, quiet) and not action.help]
    assert missing == []


#: What one thing is called across commands: the spelling most commands use, then the older one kept.
SPELLINGS = {"--doc": "--article", "--out": "--output"}


def test_the_same_thing_has_the_same_option_name_everywhere() -> None:
    for command, parser in commands(build_parser()):
        for action in parser._actions:
            for name, old in SPELLINGS.items():
                if old in action.option_strings:
                    assert name in action.option_strings, f"{command} has {old} but not {name}"
    parsed = build_parser().parse_args(["align", "a.zh", "a.en", "--out", "x.tsv"])
    assert str(parsed.output) == "x.tsv"
    parsed = build_parser().parse_args(["check", "ws.zhalign", "--article", "3", "--doc", "4"])
    assert parsed.doc == [3, 4]


def test_batch_help_gives_its_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["batch", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for code, meaning in (("0", "every document was aligned"), ("1", "some failed"),
                          ("2", "usage or input error"), ("130", "interrupted")):
        assert f"{code} when {meaning}" in text or f"{code} for a {meaning}" in text, code


def test_each_command_is_registered_by_the_module_named_for_it() -> None:
    """``main`` imports only the module :data:`cli.COMMANDS` names for the command on its command line."""
    everything = [name for name, _ in commands(build_parser()) if name and " " not in name]
    assert everything == list(COMMANDS)
    for command in COMMANDS:
        alone = [name for name, _ in commands(build_parser(command)) if name and " " not in name]
        assert alone == [name for name, module in COMMANDS.items() if module == COMMANDS[command]]
