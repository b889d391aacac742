"""Language codes for many-to-many models (NLLB, M2M100, mBART-50); OPUS-MT pairs need none."""

from __future__ import annotations

from typing import Any

# (Chinese, English) code pairs, tried in order: NLLB-200, mBART-50, M2M100
ZH_EN_CODES = (("zho_Hans", "eng_Latn"), ("zh_CN", "en_XX"), ("zh", "en"))


def _code_id(tokenizer: Any, code: str) -> int | None:
    table = getattr(tokenizer, "lang_code_to_id", None)
    if isinstance(table, dict) and code in table:
        return int(table[code])
    token_id = tokenizer.convert_tokens_to_ids(code)
    if isinstance(token_id, int) and token_id != tokenizer.unk_token_id:
        return token_id
    return None


def setup_languages(tokenizer: Any, direction: str = "zh-en") -> int | None:
    """Set a multilingual tokenizer's source language (Chinese for ``zh-en``, English for ``en-zh``); the
    target language's token id, if any.

    The returned id is the ``forced_bos_token_id`` for ``generate`` (or, as a token, the target prefix
    for CTranslate2). Tokenizers without ``src_lang`` (OPUS-MT) are left alone and give ``None``.
    """
    if not hasattr(tokenizer, "src_lang"):
        return None
    for zh, en in ZH_EN_CODES:
        src, tgt = (zh, en) if direction == "zh-en" else (en, zh)
        tgt_id = _code_id(tokenizer, tgt)
        if _code_id(tokenizer, src) is not None and tgt_id is not None:
            tokenizer.src_lang = src
            return tgt_id
    return None
