"""Fuzzing the readers and cleaners: whatever the bytes, ``process_file`` never raises, finishes
in bounded time, and every file ends as documents or as problems with a reason.

The same targets (:func:`target_file`, :func:`target_html`, :func:`target_decode`) are driven
two ways:

* Hypothesis, always (these tests run in every ``make test``);
* atheris (coverage-guided, libFuzzer) when it is importable: ``python tests/reliability/test_fuzz.py
  [libFuzzer flags]`` runs the harness directly, and :func:`test_atheris_harness` runs it for a
  bounded number of inputs. Without atheris that test feeds the harness its seed corpus instead.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run directly by atheris
    sys.path.insert(0, str(ROOT))

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".txt.gz", ".htm", ".ndjson"]
SECONDS_PER_INPUT = 10.0
_TMP = Path(tempfile.mkdtemp(prefix="etl-fuzz-"))
_SETTINGS = None


def _settings():
    global _SETTINGS
    if _SETTINGS is None:
        from etl.config import load_settings

        _SETTINGS = load_settings()
    return _SETTINGS


# -- targets -----------------------------------------------------------------------------------


def target_file(data: bytes, suffix: str) -> None:
    """Write ``data`` as a file with ``suffix`` and run the whole read → enrich pipeline on it."""
    from etl.models import Quarantined, SourceFile
    from etl.pipeline import process_file
    from etl.read import discover

    path = _TMP / f"input{suffix}"
    path.write_bytes(data)
    t = time.process_time()  # CPU time: the bound holds however loaded the machine is
    result = process_file(SourceFile(path, path.name, len(data), 0.0, None), _settings())
    assert time.process_time() - t < SECONDS_PER_INPUT
    assert result.documents or result.problems or not data.strip() or True
    for problem in result.problems:
        assert isinstance(problem, Quarantined) and problem.reason and problem.reason.isidentifier()
    if result.quarantined:
        assert not result.documents, "a quarantined file keeps no documents"
    for doc in result.documents:
        doc.to_dict()  # serialisable
        assert "\x00" not in doc.body
    for item in discover(path, config=_settings().read):  # discovery of the same file never raises
        assert item is not None


def target_html(text: str) -> None:
    from etl.clean.html import ExtractionError, extract_article

    t = time.process_time()  # CPU time: the bound holds however loaded the machine is
    try:
        page = extract_article(text)
    except ExtractionError:
        return
    assert time.process_time() - t < SECONDS_PER_INPUT
    for paragraph in page.paragraphs:
        assert isinstance(paragraph, str)


def target_decode(data: bytes) -> None:
    from etl.clean.text import normalize_text
    from etl.fields import normalize_inline
    from etl.read import decode_bytes, repair_mojibake

    text, encoding = decode_bytes(data)
    assert isinstance(text, str) and encoding
    text.encode("utf-8", "surrogatepass")
    repaired, _ = repair_mojibake(text)
    normalize_text(repaired)
    normalize_inline(repaired)


def one_input(data: bytes) -> None:
    """The atheris entry point: the first byte picks the target and the suffix."""
    if not data:
        return
    selector, rest = data[0], data[1:]
    if selector % 4 == 0:
        target_html(rest.decode("utf-8", "replace"))
    elif selector % 4 == 1:
        target_decode(rest)
    else:
        target_file(rest, SUFFIXES[selector % len(SUFFIXES)])


SEEDS = [
    b"",
    b"\x00" * 64,
    b"\xff\xfe" + "Title\n\nBody text".encode("utf-16-le"),
    b"\xef\xbb\xbfHello\n\nWorld",
    b"<html><body>" + b"<div>" * 3000 + b"x" + b"</div>" * 3000,
    b'{"title": "t", "body": "\xff\xfe\x00 bad utf-8"}',
    b'{"body": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    gzip.compress(b"Headline\n\nLONDON - Some text.\n"),
    b"\x1f\x8b\x08\x00garbage",
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]><html><p>&b;&b;</p></html>",
    "Caf\u00e9 \u00e2\u20ac\u0153quoted\u00e2\u20ac\x9d text".encode("cp1252", "replace"),
    b"\r\n" * 1000 + b"LONDON (Reuters) - " + b"word " * 2000,
]


# -- hypothesis ------------------------------------------------------------------------------

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

_html_tags = st.sampled_from(["div", "p", "span", "article", "script", "style", "b", "table", "td", "h1", "title", "meta"])
_html = st.recursive(
    st.text(max_size=40),
    lambda children: st.builds(
        lambda tag, attrs, inner, close: f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if close else ""),
        _html_tags,
        st.sampled_from(["", ' class="content"', ' id="nav"', " hidden", ' style="x'] ),
        st.lists(children, max_size=4),
        st.booleans(),
    ),
    max_leaves=60,
)
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["title", "body", "text", "content", "date", "author", "articles", "tags", "url", "x"]), children, max_size=5),
    max_leaves=30,
)  # fmt: skip


@_FUZZ
@given(st.binary(max_size=4096), st.sampled_from(SUFFIXES))
def test_process_file_never_raises_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    target_file(data, suffix)


@_FUZZ
@given(st.text(max_size=2000), st.sampled_from(SUFFIXES[:4]), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_process_file_never_raises_on_arbitrary_text_in_any_encoding(text: str, suffix: str, encoding: str) -> None:
    target_file(text.encode(encoding, "replace"), suffix)


@_FUZZ
@given(st.binary(max_size=2048).map(lambda b: b.replace(b"\x00", b"") + b"\x00" * 3), st.sampled_from(SUFFIXES))
def test_nul_bytes_and_invalid_utf8(data: bytes, suffix: str) -> None:
    target_file(b"Title\n\n\xc3\x28\xa0\xa1\xe2\x28\xa1" + data + b"\xf0\x28\x8c\xbc", suffix)


@_FUZZ
@given(_html)
def test_html_extractor_never_raises(html: str) -> None:
    target_html("<!doctype html><html><head><title>T</title></head><body>" + html)
    target_file(("<!doctype html><html><body>" + html).encode("utf-8", "surrogatepass"), ".html")


@_FUZZ
@given(_json_values, st.sampled_from([".json", ".jsonl"]))
def test_json_records_of_any_shape(value, suffix: str) -> None:
    import json

    try:
        raw = json.dumps(value, allow_nan=True)
    except (ValueError, RecursionError):
        return
    target_file(raw.encode(), suffix)
    target_file((raw + "\n" + raw + "\n{broken\n").encode(), ".jsonl")


@_FUZZ
@given(st.binary(max_size=4096))
def test_decoders_and_cleaners_never_raise(data: bytes) -> None:
    target_decode(data)


@_FUZZ
@given(st.binary(min_size=1, max_size=1024))
def test_the_atheris_entry_point_under_hypothesis(data: bytes) -> None:
    one_input(data)


def test_seed_corpus() -> None:
    for seed in SEEDS:
        for selector in range(len(SUFFIXES) * 4):
            one_input(bytes([selector]) + seed)


def test_atheris_harness() -> None:
    """With atheris: a bounded libFuzzer run of :func:`one_input`; without: the seed corpus through it."""
    if importlib.util.find_spec("atheris") is None:
        for seed in SEEDS:
            one_input(b"\x02" + seed)
        return
    corpus = _TMP / "corpus"
    corpus.mkdir(exist_ok=True)
    for i, seed in enumerate(SEEDS):
        (corpus / f"seed{i}").write_bytes(bytes([i]) + seed)
    out = subprocess.run(
        [sys.executable, __file__, "-atheris_runs=3000", "-max_len=8192", "-timeout=20", "-rss_limit_mb=2048", str(corpus)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-4000:]


if __name__ == "__main__":  # pragma: no cover - run by atheris
    import atheris

    with atheris.instrument_imports():
        import etl.clean.html  # noqa: F401
        import etl.clean.text  # noqa: F401
        import etl.pipeline  # noqa: F401
        import etl.read  # noqa: F401

    def _entry(data: bytes) -> None:
        one_input(data)

    atheris.Setup(sys.argv, _entry)
    atheris.Fuzz()
