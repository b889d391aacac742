"""Choosing an engine: the auto chain (ctranslate2 → transformers → file → gloss) and the cache wrapper.

The same chain serves both directions: zh→en (default Helsinki-NLP/opus-mt-zh-en, CC-CEDICT gloss) and
en→zh (default Helsinki-NLP/opus-mt-en-zh, CC-CEDICT reverse gloss).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aligner.derived_cache import cache_home
from aligner.errors import UserError
from aligner.mt.base import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BEAM,
    DEFAULT_MAX_LENGTH,
    DEFAULT_MODEL,
    DEFAULT_MODELS,
    DIRECTIONS,
    ENGINES,
    Direction,
    EngineUnavailable,
    Notify,
    Translator,
    notify_stderr,
)
from aligner.mt.cache import CachedTranslator, TranslationStore
from aligner.mt.ct2_engine import CONVERT_HINT, CT2Translator, is_ct2_dir
from aligner.mt.hf_engine import TransformersTranslator
from aligner.mt.hub import looks_like_path


def default_ct2_dir(model: str = DEFAULT_MODEL) -> Path:
    """Where ``zhen-align mt download --ct2`` puts, and auto looks for, a converted ``model``.

    ``ct2/<org>--<name>`` in zhen-align's cache directory for a hub id; a local model directory is named by
    its absolute path, so that it is found again from any working directory.
    """
    name = str(Path(model).expanduser().resolve()) if looks_like_path(model) else str(model)
    return cache_home() / "ct2" / name.strip("/").replace("/", "--")


def _candidates(engine: str, model: str | None, file_engine: Callable[[], Translator] | None,
                allow_gloss: bool, options: dict[str, int | None], notify: Notify,
                direction: Direction) -> list[Callable[[], Translator]]:
    """Builders of the engines to try, in order."""
    default = DEFAULT_MODELS[direction]
    given_ct2 = model is not None and is_ct2_dir(model)
    found = default_ct2_dir(model or default)
    ct2_dir = Path(model).expanduser() if given_ct2 and model else (found if is_ct2_dir(found) else None)
    hub_model = None if given_ct2 else (model or default)

    def ct2() -> Translator:
        if ct2_dir is None:
            raise EngineUnavailable(f"no CTranslate2 model for {model or default!r}; {CONVERT_HINT}")
        return CT2Translator(ct2_dir, tokenizer=hub_model, direction=direction, **options)

    def transformers() -> Translator:
        return TransformersTranslator(model or default, direction=direction, **options)

    def file() -> Translator:
        if file_engine is None:
            raise UserError("the file engine needs the translations file: pass --mt-file FILE")
        return file_engine()

    def gloss() -> Translator:
        from aligner.mt.gloss_engine import GlossTranslator, ReverseGlossTranslator

        return GlossTranslator() if direction == "zh-en" else ReverseGlossTranslator()

    if engine != "auto":
        return [{"ctranslate2": ct2, "transformers": transformers, "file": file, "gloss": gloss}[engine]]
    chain: list[Callable[[], Translator]] = []
    if ct2_dir is not None:  # the faster engine wins when a converted model is given or found
        chain.append(ct2)
    if hub_model is not None:
        chain.append(transformers)
    if file_engine is not None:
        chain.append(file)
    if allow_gloss:
        chain.append(gloss)
    return chain


def get_translator(engine: str | None = None, model: str | None = None, *,
                   file_engine: Callable[[], Translator] | None = None,
                   cache: TranslationStore | None = None, allow_gloss: bool = True,
                   beam: int = DEFAULT_BEAM, max_length: int = DEFAULT_MAX_LENGTH,
                   batch_size: int = DEFAULT_BATCH_SIZE, threads: int | None = None,
                   notify: Notify = notify_stderr, direction: Direction = "zh-en") -> Translator | None:
    """The first engine that can run here, wrapped with ``cache`` when given; ``None`` when none can.

    ``engine`` None or "auto" tries ctranslate2 (when ``model`` is a converted directory or one is found
    in the default place), transformers (``model``, default opus-mt-zh-en), file (``file_engine()``,
    which builds it: :func:`corpora.readers.mtfile.read_mt_file` bound to the file), then gloss
    (``allow_gloss``). A named engine is tried alone. Each engine that cannot
    run is reported with ONE ``notify`` line; the model engines are cached, the instant ones (file,
    gloss) are not.
    ``threads`` None = the CPUs other work leaves free. ``direction`` ``en-zh`` translates English into
    Chinese (default model opus-mt-en-zh; the gloss is a reverse CC-CEDICT gloss).
    """
    if direction not in DIRECTIONS:
        raise UserError(f"unknown MT direction {direction!r}; choose one of {', '.join(DIRECTIONS)}")
    name = engine or "auto"
    if name not in ENGINES:
        raise UserError(f"unknown MT engine {engine!r}; choose one of {', '.join(ENGINES)}")
    options = {"beam": beam, "max_length": max_length, "batch_size": batch_size, "threads": threads}
    for build in _candidates(name, model, file_engine, allow_gloss, options, notify, direction):
        try:
            translator = build()
        except EngineUnavailable as exc:
            notify(f"{exc}")
            continue
        if cache is not None and isinstance(translator, TransformersTranslator | CT2Translator):
            return CachedTranslator(translator, cache, engine=translator.engine, model=translator.model_id,
                                    revision=translator.revision)
        return translator
    return None
