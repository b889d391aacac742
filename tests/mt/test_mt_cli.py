"""``zhen-align translate`` and ``zhen-align mt download`` through ``cli.main``."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli
from aligner.mt.cache import MTCache
from aligner.mt.factory import default_ct2_dir
from aligner.mt.hf_engine import TransformersTranslator


def translate(args: list[str]) -> int:
    """``zhen-align translate ARGS`` on one thread (the suite runs two workers on two cores)."""
    return cli.main(["translate", *args, "--threads", "1"])


@pytest.fixture
def zh_file(tmp_path: Path, sentences: list[str]) -> Path:
    path = tmp_path / "zh.txt"
    path.write_text(f"{sentences[0]}\n\n{sentences[1]}\n{sentences[2]}\n", encoding="utf-8")
    return path


pytestmark = pytest.mark.usefixtures("xdg")


def test_translate_with_a_local_model_prints_line_by_line(zh_file: Path, tiny_marian: Path,
                                                          sentences: list[str], xdg: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--model", str(tiny_marian), "--max-length", "8"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    expected = TransformersTranslator(str(tiny_marian), max_length=8, threads=1).translate(sentences[:3])
    assert lines == [expected[0], "", expected[1], expected[2]]
    assert captured.err.strip() == f"zhen-align: engine: {tiny_marian.name} (machine translation)"
    with MTCache(xdg / "zhen-align" / "mt.sqlite") as cache:
        assert len(cache) == 3


def test_no_cache_leaves_no_cache_file(zh_file: Path, tiny_marian: Path, xdg: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--model", str(tiny_marian), "--no-cache", "--beam", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    assert not (xdg / "zhen-align" / "mt.sqlite").exists()


def test_an_unusable_cache_is_left_aside_with_one_line(zh_file: Path, tiny_marian: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--model", str(tiny_marian), "--no-cache"]) == 0
    uncached = capsys.readouterr().out
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("ZHEN_ALIGN_CACHE", str(blocker / "cache"))   # cannot be created: read-only alike
    assert translate([str(zh_file), "--model", str(tiny_marian)]) == 0
    captured = capsys.readouterr()
    assert captured.out == uncached
    (warning,) = [line for line in captured.err.splitlines() if "MT cache" in line]
    assert str(blocker / "cache" / "mt.sqlite") in warning and "translating without it" in warning
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_translate_with_a_converted_model(zh_file: Path, tiny_ct2: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--model", str(tiny_ct2)]) == 0
    captured = capsys.readouterr()
    assert "engine: ct2:tiny-opus-mt-zh-en int8" in captured.err
    assert [bool(line) for line in captured.out.splitlines()] == [True, False, True, True]


def test_gloss_is_labelled_on_stderr(zh_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--engine", "gloss"]) == 0
    captured = capsys.readouterr()
    assert "engine: gloss (word-by-word gloss, not a translation)" in captured.err
    assert len(captured.out.splitlines()) == 4


def test_offline_default_model_falls_back_with_one_notice(zh_file: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    mt = tmp_path / "mt.tsv"
    mt.write_text(f"{zh_file.read_text(encoding='utf-8').splitlines()[0]}\tA headline.\n", encoding="utf-8")
    assert translate([str(zh_file), "--mt-file", str(mt)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["A headline.", "", "", ""]
    notices = captured.err.splitlines()
    assert "Helsinki-NLP/opus-mt-zh-en" in notices[0]
    assert "no translation for 2 of" in captured.err
    assert "Traceback" not in captured.err


def test_no_engine_left_exits_2(zh_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(zh_file), "--model", str(tmp_path / "nothing"), "--no-gloss"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "nothing" in err[0] and err[1].startswith(f"zhen-align: {zh_file}: no MT engine")


def test_bad_input_exits_2_with_one_line(tmp_path: Path, zh_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert translate([str(tmp_path / "absent.txt"), "--engine", "gloss"]) == 2
    assert "absent.txt" in capsys.readouterr().err
    assert translate([str(zh_file), "--beam", "0"]) == 2
    assert "--beam must be at least 1" in capsys.readouterr().err


def test_download_offline_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["mt", "download"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Helsinki-NLP/opus-mt-zh-en" in err and "HF_HUB_OFFLINE" in err


def test_download_of_a_local_model_converts_it_for_ct2(tiny_marian: Path, tmp_path: Path, zh_file: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ctranslate2")
    out = tmp_path / "converted"
    assert cli.main(["mt", "download", str(tiny_marian), "--ct2", str(out)]) == 0
    assert (out / "model.bin").is_file() and (out / "tokenizer_config.json").is_file()
    assert str(out) in capsys.readouterr().err
    assert cli.main(["mt", "download", str(tiny_marian), "--ct2", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert translate([str(zh_file), "--model", str(out)]) == 0
    assert "ct2:converted int8" in capsys.readouterr().err


def test_download_to_the_default_place_is_found_by_auto(tiny_marian: Path, zh_file: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ctranslate2")
    assert cli.main(["mt", "download", str(tiny_marian), "--ct2"]) == 0
    assert (default_ct2_dir(str(tiny_marian)) / "model.bin").is_file()
    assert translate([str(zh_file), "--model", str(tiny_marian)]) == 0
    assert "engine: ct2:" in capsys.readouterr().err


def test_download_of_a_cached_model_works_offline(hf_cache: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["mt", "download", hf_cache]) == 0
    assert f"{hf_cache}: available offline" in capsys.readouterr().err


def test_input_in_gb18030_is_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh = tmp_path / "gb.txt"
    zh.write_bytes("市政府计划明年修建三条新地铁线。\n很多市民每天骑自行车上班。\n".encode("gb18030"))
    mt = tmp_path / "mt.tsv"
    mt.write_text("很多市民每天骑自行车上班。\tMany residents cycle to work.\n"
                  "市政府计划明年修建三条新地铁线。\tThe city plans three metro lines.\n", encoding="utf-8")
    assert translate([str(zh), "--engine", "file", "--mt-file", str(mt)]) == 0
    assert capsys.readouterr().out.splitlines() == ["The city plans three metro lines.",
                                                    "Many residents cycle to work."]


def test_a_long_one_per_line_file_stays_aligned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.mt_cmd import CHUNK_LINES

    n = CHUNK_LINES + 44
    zh = tmp_path / "long.txt"
    zh.write_text("".join(f"第{i}句。\n" for i in range(n)), encoding="utf-8")
    mt = tmp_path / "long.en.txt"
    mt.write_text("".join(f"Sentence {i}.\n" for i in range(n)), encoding="utf-8")
    assert translate([str(zh), "--engine", "file", "--mt-file", str(mt)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Sentence {i}." for i in range(n)]
