"""Offline-first model resolution: local directory, then the Hugging Face cache, then (maybe) the hub.

The hub is tried only when a quick socket probe of huggingface.co succeeds, so a machine without
network fails in well under a second instead of spending a minute in download retries.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from aligner.mt.base import DEFAULT_MODEL, EngineUnavailable

TOKENIZER_FILES = ("tokenizer_config.json", "tokenizer.json", "source.spm", "sentencepiece.bpe.model")
#: The fix for a local directory that is not a model (no download command: a path is not a hub id).
LOCAL_ADVICE = "give the directory of a saved model (its config.json, weights and tokenizer files)"
HUB_HOST = ("huggingface.co", 443)
PROBE_TIMEOUT = 2.0
T = TypeVar("T")


def hub_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) asks never to touch the network."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().upper() in {"1", "ON", "YES", "TRUE"}:
            return True
    try:
        from huggingface_hub import constants
    except ImportError:
        return False
    return bool(constants.HF_HUB_OFFLINE)


@lru_cache(maxsize=1)
def _probe_hub() -> bool:
    """Connect to the hub in a daemon thread: the socket timeout does not cover a slow DNS lookup."""
    answer: list[bool] = []

    def attempt() -> None:
        try:
            with socket.create_connection(HUB_HOST, timeout=PROBE_TIMEOUT):
                answer.append(True)
        except OSError:
            answer.append(False)

    probe = threading.Thread(target=attempt, name="zhen-align-hub-probe", daemon=True)
    probe.start()
    probe.join(PROBE_TIMEOUT)
    return bool(answer and answer[0])


def hub_reachable() -> bool:
    """Whether huggingface.co:443 accepts a connection within 2 s (probed once per process)."""
    return not hub_offline() and _probe_hub()


def looks_like_path(model: str | Path) -> bool:
    """A local directory rather than a hub id: it exists, or is written like a path."""
    text = str(model)
    return (isinstance(model, Path) or Path(text).expanduser().exists()
            or text.startswith((".", "/", "~")) or "\\" in text or text.count("/") > 1)


def has_tokenizer(path: Path) -> bool:
    """Whether a directory holds Hugging Face tokenizer files."""
    return any((path / name).is_file() for name in TOKENIZER_FILES)


def missing_model_files(path: Path) -> list[str]:
    """What a saved model needs and directory ``path`` lacks: ``config.json``, tokenizer files."""
    missing = [] if (path / "config.json").is_file() else ["config.json"]
    if not has_tokenizer(path):
        missing.append(f"tokenizer files ({', '.join(TOKENIZER_FILES)})")
    return missing


def _lacking(missing: list[str]) -> str:
    """``no config.json and no tokenizer files (...)``: what :func:`missing_model_files` found missing."""
    return f"no {' and no '.join(missing)}"


def load_failure(path: Path, exc: BaseException) -> str:
    """Why the saved model in directory ``path`` failed to load, in a few words: the files it lacks, else
    the first line of the loader's error."""
    missing = missing_model_files(path)
    return f"{_lacking(missing)} in {path}" if missing else first_line(exc)


def local_model_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a saved model, in a few words, when that is plain before loading it: it does
    not exist, is not a directory, or holds neither a config.json nor tokenizer files."""
    if not path.exists():
        return "no such directory"
    if not path.is_dir():
        return "is a file, not a model directory"
    missing = missing_model_files(path)
    return f"is not a model directory: {_lacking(missing)} in it" if len(missing) == 2 else None


def how_to_provide(model: str, download: str | None = None, option: str = "--model") -> str:
    """The short advice for a model that cannot be loaded here (``download``: the command that fetches
    it, by default ``zhen-align mt download``; ``option``: the option that takes a local directory)."""
    if looks_like_path(model):
        return LOCAL_ADVICE
    command = download or "zhen-align mt download" + ("" if model == DEFAULT_MODEL else f" {model}")
    return f"run `{command}` on a networked machine, or pass {option} DIR"


def first_line(exc: BaseException) -> str:
    """The first non-blank line of an exception message, shortened to fit a notice."""
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    first = first.rstrip(":")   # a line that introduces a list would read as cut off
    return first if len(first) <= 140 else first[:137] + "..."


@contextlib.contextmanager
def quiet_hf() -> Iterator[None]:
    """Silence transformers / huggingface_hub warnings, log messages and progress bars for a while."""
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars
    from transformers.utils import logging as tf_logging

    verbosity = tf_logging.get_verbosity()
    tf_bars = tf_logging.is_progress_bar_enabled()
    hub_bars_off = are_progress_bars_disabled()
    hub_logger = logging.getLogger("huggingface_hub")
    hub_level = hub_logger.level
    tf_logging.set_verbosity_error()
    tf_logging.disable_progress_bar()
    disable_progress_bars()
    hub_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if tf_bars:
            tf_logging.enable_progress_bar()
        if not hub_bars_off:
            enable_progress_bars()
        hub_logger.setLevel(hub_level)


def in_hf_cache(model: str) -> bool:
    """Whether the Hugging Face cache holds a snapshot of hub model ``model``, found from the cache's
    documented layout (``models--ORG--NAME/snapshots/REVISION/config.json``) without the hub client."""
    from huggingface_hub import constants

    snapshots = Path(constants.HF_HUB_CACHE) / f"models--{model.replace('/', '--')}" / "snapshots"
    return any(snapshots.glob("*/config.json"))


def _hub_unavailable() -> str | None:
    """Why a model missing from the local cache cannot be downloaded now; None when it can be tried."""
    if hub_offline():
        return "not downloaded, HF_HUB_OFFLINE is set"
    if not hub_reachable():
        return "not downloaded, huggingface.co unreachable; HF_HUB_OFFLINE=1 skips that check"
    return None


def _not_available(model: str, why: str, kind: str = "MT model", advice: str = "") -> EngineUnavailable:
    return EngineUnavailable(f"{kind} {model!r} is not available ({why}); {advice or how_to_provide(model)}")


def _not_a_model(model: str, problem: str, kind: str = "MT model") -> EngineUnavailable:
    return EngineUnavailable(f"{kind} {model!r}: {problem}; {LOCAL_ADVICE}")


def check_obtainable(model: str) -> None:
    """Raise the ``EngineUnavailable`` that ``load_offline_first`` would raise for a model that is
    neither on disk nor downloadable, decided before torch or transformers are imported (2-3 s)."""
    if looks_like_path(model):
        if (problem := local_model_problem(Path(model).expanduser())) is not None:
            raise _not_a_model(model, problem)
    elif not in_hf_cache(model) and (why := _hub_unavailable()) is not None:
        raise _not_available(model, why)


def load_offline_first(model: str, load: Callable[..., T], *, kind: str = "MT model",
                       download: str | None = None, option: str = "--model") -> T:
    """``load(model_or_dir, local_files_only=...)`` from disk if possible, else from the hub if reachable.

    Raises ``EngineUnavailable`` with one line naming the ``kind`` of model, ``model`` and how to
    provide it (``download``: the command that fetches it; ``option``: the one that takes a directory).
    """
    advice = how_to_provide(model, download, option)
    if looks_like_path(model):
        path = Path(model).expanduser()
        if (problem := local_model_problem(path)) is not None:
            raise _not_a_model(model, problem, kind)
        try:
            with quiet_hf():
                return load(str(path), local_files_only=True)
        except Exception as exc:  # broken or incomplete model files: report them, do not crash
            raise EngineUnavailable(f"{kind} {model!r} could not be loaded ({load_failure(path, exc)}); "
                                    f"{LOCAL_ADVICE}") from exc
    try:
        with quiet_hf():
            return load(model, local_files_only=True)
    except OSError:
        pass  # not in the local cache
    except Exception as exc:  # in the cache, but broken
        raise EngineUnavailable(f"{kind} {model!r} is in the Hugging Face cache but could not be loaded "
                                f"({first_line(exc)}); {advice}") from exc
    why = _hub_unavailable()
    if why is None:
        try:
            return load(model, local_files_only=False)  # first download: huggingface_hub shows its bars
        except Exception as exc:
            why = f"download failed: {first_line(exc)}"
    raise _not_available(model, why, kind, advice)
