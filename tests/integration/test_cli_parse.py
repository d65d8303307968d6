"""`etl parse` and `etl sentences` as a user runs them: the seed file, the BBC corpus, the
sample, bad files, and every document valid against config/schema/document.schema.json."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import BBC, ROOT, SAMPLE, SEED

ETL = [sys.executable, "-m", "etl.cli"]


def etl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ETL, *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=600)


def docs_of(proc: subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def schema_validator():
    import jsonschema

    schema = json.loads((ROOT / "config" / "schema" / "document.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def seed_docs() -> list[dict]:
    proc = etl("parse", "--sentences", str(SEED))
    assert proc.returncode == 0, proc.stderr
    return docs_of(proc)


@pytest.fixture(scope="module")
def bbc_docs() -> list[dict]:
    proc = etl("parse", str(BBC))
    assert proc.returncode == 0, proc.stderr
    return docs_of(proc)


def test_seed_file_is_exactly_two_articles(seed_docs) -> None:
    assert len(seed_docs) == 2
    assert [d["source"]["article_index"] for d in seed_docs] == [0, 1]


def test_seed_first_article_has_washington_dateline_derived_title_and_people(seed_docs) -> None:
    first = seed_docs[0]
    assert first["dateline"]["location"] == "Washington"
    assert first["title_source"] == "derived"
    assert not first["title"].startswith("WASHINGTON")
    assert first["body"].startswith("WASHINGTON -"), "the body keeps the dateline"
    assert {"Nawaz Sharif", "Chuck Hagel"} <= set(first["entities"]["people"])


def test_seed_quoted_passage_splits_into_the_three_sentences(seed_docs) -> None:
    sentences = seed_docs[0]["sentences"]
    i = next(i for i, s in enumerate(sentences) if s.startswith("“How can you carry out"))
    assert sentences[i].endswith("escape?” he said.")
    assert sentences[i + 1] == "“Everyone has to be taken out.”"
    assert sentences[i + 2].startswith("“If there are any militants")
    assert sentences[i + 2].endswith("said the official, who spoke on the condition of anonymity.")


def test_bbc_corpus_is_2225_articles_with_the_first_line_as_explicit_title(bbc_docs) -> None:
    assert len(bbc_docs) == 2225
    for doc in bbc_docs:
        raw = (BBC / doc["source"]["path"]).read_bytes().split(b"\n", 1)[0]
        try:
            first_line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            first_line = raw.decode("cp1252").strip()
        # Titles are whitespace-normalised: "economy'  - TUC" → "economy' - TUC".
        assert doc["title"] == " ".join(first_line.split()), doc["source"]["path"]
        assert doc["title_source"] == "explicit", doc["source"]["path"]


def test_bbc_latin1_file_keeps_the_pound_sign(bbc_docs) -> None:
    (doc,) = [d for d in bbc_docs if d["source"]["path"] == "sport/199.txt"]
    assert "£15.8m" in doc["body"] and doc["source"]["encoding"] in ("cp1252", "latin-1")


def test_bbc_byte_identical_pairs_are_flagged_as_duplicates(bbc_docs) -> None:
    by_sha: dict[str, list[dict]] = defaultdict(list)
    for doc in bbc_docs:
        by_sha[hashlib.sha256((BBC / doc["source"]["path"]).read_bytes()).hexdigest()].append(doc)
    pairs = [docs for docs in by_sha.values() if len(docs) == 2]
    assert len(pairs) == 98
    for first, second in (sorted(p, key=lambda d: d["source"]["path"]) for p in pairs):
        assert first["duplicate_of"] is None
        assert second["duplicate_of"] == first["id"]


def test_sample_documents_follow_the_json_schema(schema_validator) -> None:
    proc = etl("parse", "--sentences", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    docs = docs_of(proc)
    assert len(docs) == 15
    for doc in docs:
        errors = sorted(schema_validator.iter_errors(doc), key=str)
        assert not errors, f"{doc['source']['path']}: {errors[0].message}"


def test_parser_processes_print_the_same_lines_in_the_same_order_as_one_process(bbc_docs) -> None:
    """The BBC corpus (over the pool's 64-file threshold, with byte-identical pairs) through two
    workers and through one: byte for byte the same output, duplicates decided in file order."""
    one, two = etl("parse", "--workers", "1", str(BBC)), etl("parse", "--workers", "2", str(BBC))
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert len(docs_of(one)) == len(bbc_docs) == 2225
    assert any(d["duplicate_of"] for d in docs_of(two))


def test_ids_are_deterministic_across_runs() -> None:
    first = [d["id"] for d in docs_of(etl("parse", str(SAMPLE)))]
    second = [d["id"] for d in docs_of(etl("parse", str(SAMPLE)))]
    assert first == second and len(set(first)) == len(first)


def test_bad_files_are_reported_on_stderr_and_the_rest_is_parsed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Headline here\n\nA body sentence. Another one.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"Title\n\nBody text here.\n" * 50)[:40])
    (tmp_path / "mixed.jsonl").write_text('{"title": "A", "body": "Text a."}\n{not json\n{"title": "B", "body": "Text b."}\n')
    proc = etl("parse", str(tmp_path))
    assert proc.returncode == 0
    titles = sorted(d["title"] for d in docs_of(proc))
    assert titles == ["A", "B", "Headline here"]
    assert "binary.txt: binary" in proc.stderr
    assert "cut.txt.gz: truncated_gzip" in proc.stderr
    assert "mixed.jsonl (line 2): invalid_json" in proc.stderr


def test_parse_exits_non_zero_when_no_file_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00" * 64)
    proc = etl("parse", str(tmp_path))
    assert proc.returncode != 0 and "no file could be read" in proc.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.", ["Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday."]),
        ("“Stop!” she said. It stopped.", ["“Stop!” she said.", "It stopped."]),
    ],
)
def test_sentences_command_prints_a_json_array(text: str, expected: list[str]) -> None:
    proc = etl("sentences", stdin=text)
    assert proc.returncode == 0 and json.loads(proc.stdout) == expected
