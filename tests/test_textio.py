"""read_text(): encodings, and every kind of bad input it must refuse with a one-line UserError."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from aligner.errors import UserError
from corpora.textio import MAX_LINE_CHARS, check_language, read_text

ZH_SIMPLIFIED = "香港特区政府今日公布第三季经济数据。本地生产总值按年增长百分之二点五。"
ZH_TRADITIONAL = "香港特區政府今日公布第三季經濟數據。本地生產總值按年增長百分之二點五。"
SHORT_SIMPLIFIED = ["国务院召开常务会议", "央行下调存款准备金率", "北京今天迎来降雪", "新能源汽车销量增长"]
SHORT_TRADITIONAL = ["立法會通過財政預算案", "颱風襲港航班取消", "政府宣佈新一輪消費券", "股市今日大幅反彈"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_user_error(path: Path, *fragments: str) -> str:
    with pytest.raises(UserError) as info:
        read_text(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    return message


@pytest.mark.parametrize(("encoding", "data"), [
    ("utf-8", ZH_SIMPLIFIED.encode("utf-8")),
    ("utf-8-bom", codecs.BOM_UTF8 + ZH_SIMPLIFIED.encode("utf-8")),
    ("utf-16-le-bom", ZH_SIMPLIFIED.encode("utf-16")),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + ZH_SIMPLIFIED.encode("utf-16-be")),
    ("utf-32-bom", ZH_SIMPLIFIED.encode("utf-32")),
    ("gb18030", ZH_SIMPLIFIED.encode("gb18030")),
    ("gbk", ZH_SIMPLIFIED.encode("gbk")),
])
def test_simplified_chinese_encodings(tmp_path: Path, encoding: str, data: bytes) -> None:
    assert read_text(write(tmp_path, f"{encoding}.txt", data)) == ZH_SIMPLIFIED


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs", "utf-8", "gb18030"])
def test_traditional_chinese_kept_as_written(tmp_path: Path, encoding: str) -> None:
    assert read_text(write(tmp_path, "t.txt", ZH_TRADITIONAL.encode(encoding))) == ZH_TRADITIONAL


@pytest.mark.parametrize("text", SHORT_SIMPLIFIED)
def test_short_gb_text_is_not_taken_for_big5(tmp_path: Path, text: str) -> None:
    assert read_text(write(tmp_path, "gb.txt", text.encode("gb18030"))) == text


@pytest.mark.parametrize("text", SHORT_TRADITIONAL)
def test_short_big5_text_is_not_taken_for_gb(tmp_path: Path, text: str) -> None:
    assert read_text(write(tmp_path, "big5.txt", text.encode("big5"))) == text


def test_newlines_normalised_and_widths_kept(tmp_path: Path) -> None:
    text = "標題ＡＢＣ１２３\r\n第一段。\r第二段，ABC 123。\r\n"
    assert read_text(write(tmp_path, "crlf.txt", text.encode("utf-8"))) == \
        "標題ＡＢＣ１２３\n第一段。\n第二段，ABC 123。\n"


def test_windows_1252_english(tmp_path: Path) -> None:
    text = "The minister said \u201cwe will act\u201d on Tuesday \u2014 and the caf\u00e9 closed.\n" * 3
    assert read_text(write(tmp_path, "en.txt", text.encode("cp1252"))) == text


def test_missing_file(tmp_path: Path) -> None:
    assert_user_error(tmp_path / "absent.zh.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    assert_user_error(tmp_path, "directory")


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", "\u3000\n".encode(), codecs.BOM_UTF8])
def test_empty_or_whitespace_only(tmp_path: Path, data: bytes) -> None:
    assert_user_error(write(tmp_path, "empty.txt", data), "empty")


def test_binary_with_nul_bytes_is_called_binary_not_utf16(tmp_path: Path) -> None:
    """USERTEST3 entry 15: random bytes were told to convert themselves with iconv -f UTF-16LE."""
    noise = random.Random(3).randbytes(3000)
    for name, data in (("image.txt", bytes(range(256)) * 8), ("random.txt", noise)):
        message = assert_user_error(write(tmp_path, name, data), "looks binary", "plain text file")
        assert "iconv" not in message and "UTF-16" not in message


def test_nul_byte_far_into_a_text_file(tmp_path: Path) -> None:
    assert_user_error(write(tmp_path, "late.txt", b"plain text\n" * 20_000 + b"\x00"), "NUL")


def test_mostly_control_bytes(tmp_path: Path) -> None:
    assert_user_error(write(tmp_path, "ctl.txt", b"\x01\x02\x03\x04abc\x05\x06" * 50), "binary")


def test_utf16_without_bom_is_read_or_explained(tmp_path: Path) -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        assert read_text(write(tmp_path, "u16.txt", "Plain English text.".encode(encoding))) == \
            "Plain English text."
    bad = "Plain English text.".encode("utf-16-be") + b"\x00\x01\x00\x02" * 20
    assert_user_error(write(tmp_path, "u16.txt", bad), "iconv -f UTF-16BE")


@pytest.mark.parametrize(("magic", "kind"), [(b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04\x14\x00", "ZIP")])
def test_documents_that_are_not_plain_text(tmp_path: Path, magic: bytes, kind: str) -> None:
    assert_user_error(write(tmp_path, "article.txt", magic + b"x" * 100), kind, "plain text")


def test_undecodable_bytes(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0x100)) * 40
    message = assert_user_error(write(tmp_path, "odd.txt", data), "iconv -f GBK -t UTF-8")
    assert message.endswith(".utf8")


def test_utf8_with_a_few_bad_bytes_names_the_line(tmp_path: Path) -> None:
    good = (ZH_SIMPLIFIED + "\n").encode("utf-8") * 3
    assert_user_error(write(tmp_path, "damaged.txt", good + b"bad \xff byte\n" + good),
                      "UTF-8", "1 invalid", "line 4")


def test_bad_bom_content(tmp_path: Path) -> None:
    assert_user_error(write(tmp_path, "bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8"), "UTF-8")


def test_overlong_line(tmp_path: Path) -> None:
    data = b"\xe4\xb8\xad" * (10 * 1024 * 1024 // 3)  # ~10 MB of one Han character, no newline
    message = assert_user_error(write(tmp_path, "huge.txt", b"title\n" + data), "line 2", "3,495,253")
    assert f"{MAX_LINE_CHARS:,}" in message


def test_line_at_the_limit_is_fine(tmp_path: Path) -> None:
    text = "a" * MAX_LINE_CHARS + "\nb"
    assert read_text(write(tmp_path, "ok.txt", text.encode())) == text


def test_check_language_english_passed_as_chinese() -> None:
    with pytest.raises(UserError, match=r"^a\.zh\.txt looks English \(\d+% Chinese characters\): pass"):
        check_language("The minister said the plan would go ahead. 会议", "zh", "a.zh.txt")


def test_check_language_chinese_passed_as_english() -> None:
    with pytest.raises(UserError, match=r"b\.en\.txt looks Chinese"):
        check_language(ZH_SIMPLIFIED, "en", "b.en.txt")


@pytest.mark.parametrize(("text", "lang"), [
    ("苹果公司(Apple Inc.)首席执行官Tim Cook今天在上海表示，iPhone 15销量增长12.5%。", "zh"),
    ("国务院召开常务会议\nThe State Council held an executive meeting on Wednesday to discuss "
     "measures for the economy, officials in Beijing said.", "en"),
])
def test_check_language_accepts_mixed_articles(text: str, lang: str) -> None:
    check_language(text, lang, "x.txt")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_language_without_letters(lang: str) -> None:
    with pytest.raises(UserError, match=r"n\.txt"):
        check_language("2024 - 12 - 31", lang, "n.txt")  # type: ignore[arg-type]


# A news article (wmt22-news 001) whose Han characters with a zero byte (一 is U+4E00) outnumber a quarter
# of its ASCII ones: counting NUL bytes cannot tell its byte order, decoding can.
ZH_NEWS = ("浙大学术年会上学生唱主角 研究成果让人脑洞大开\n"
           "昨天晚上，在浙江大学学术年会开幕式上，一系列脑洞大开的学术成果获得表彰。\n"
           "同学们从一个好奇的点子开始，创造出了许多具有应用价值的高端发明，其中一些项目已在国内国际获奖。\n"
           "生物医学工程学院博士生张迪鸣团队现场展示了一个智能手机端的生物传感器，大小只有智能手机的一半。\n")
EN_NEWS = ("Students played the leading role at the Annual Academic Conference of Zhejiang University\n"
           "Last night, a series of creative academic achievements were awarded at the 2016 conference.\n")
WMT22 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "zhen" / "wmt22-news"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ZH_NEWS, EN_NEWS, ZH_NEWS + EN_NEWS], ids=["zh", "en", "mixed"])
def test_utf16_without_bom_of_a_news_article(tmp_path: Path, encoding: str, text: str) -> None:
    assert read_text(write(tmp_path, "news.txt", text.encode(encoding))) == text


@pytest.mark.skipif(not WMT22.is_dir(), reason="../shared/eval/zhen/wmt22-news is not there")
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_every_wmt22_article(tmp_path: Path, encoding: str) -> None:
    for original in sorted(WMT22.glob("*/*.txt")):
        text = read_text(original)
        assert read_text(write(tmp_path, "news.txt", text.encode(encoding))) == text, original


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 64,                                    # every byte value, NULs at even offsets
    b"\x7fELF\x02\x01\x01" + b"\x00" * 10 + b"\x02\x00>\x00" * 300 + ZH_NEWS.encode("utf-8"),
    ZH_NEWS.encode("utf-8") + b"\x00",                         # UTF-8 with a NUL, of even length
])
def test_binary_is_not_taken_for_utf16(tmp_path: Path, data: bytes) -> None:
    assert_user_error(write(tmp_path, "bin.txt", data), "NUL")


def test_a_stray_nul_in_a_text_file_is_named_with_its_line(tmp_path: Path) -> None:
    """USERTEST4 entry 16: one NUL in a good text file was called "NUL bytes scattered through it"."""
    data = "救援工作仍在进行中。\n台北101大楼晃动明显。\n\x00零字节后的句子。\n".encode()
    message = assert_user_error(write(tmp_path, "nul.zh.txt", data), "holds 1 NUL byte (the first on line 3)",
                                "tr -d")
    assert "binary" not in message and "scattered" not in message
