"""What a worker sends back for one document: its fingerprint and its JSON, serialised once."""

from __future__ import annotations

from pathlib import Path

import orjson

from etl.config import get_settings
from etl.pipeline import process_file
from etl.read import discover
from etl.runner import RUN_FIELDS, RunContext, fingerprint, serialise_document

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"


def _documents():
    settings = get_settings()
    for source in discover(SAMPLE, config=settings.read):
        if hasattr(source, "path"):
            yield from process_file(source, settings).documents


def test_indexed_json_carries_its_fingerprint_and_the_run_fields():
    ctx = RunContext(settings=get_settings(), source_root=SAMPLE, run_id="run-1", index="articles")
    docs = list(_documents())
    assert len(docs) == 15
    for doc in docs:
        fp, payload = serialise_document(doc, ctx)
        body = orjson.loads(payload)
        assert body["fingerprint"] == fp == fingerprint(body)  # what the index-side checks recompute
        assert set(RUN_FIELDS) <= body.keys() and body["duplicate_of"] is None
        assert body["ingest"]["run_id"] == "run-1" and body["id"] == doc.id
        assert "sentences" not in body


def test_fingerprint_ignores_the_run_but_not_the_article():
    docs = list(_documents())
    settings = get_settings()
    one = RunContext(settings=settings, source_root=SAMPLE, run_id="run-1", index="articles")
    two = RunContext(settings=settings, source_root=SAMPLE, run_id="run-2", index="articles")
    before = serialise_document(docs[0], one)[0]
    assert serialise_document(docs[0], two)[0] == before
    docs[0].title += " (updated)"
    assert serialise_document(docs[0], one)[0] != before


def test_the_indexed_form_stores_the_text_once_and_gives_paragraphs_and_passages_back():
    """Paragraphs are the body's blank-line parts and passages are spans of the body: the
    indexed document drops both copies of the text and loses nothing (BBC and the sample)."""
    from tests.conftest import BBC

    settings = get_settings()
    ctx = RunContext(settings=settings, source_root=SAMPLE, run_id="run-1", index="articles")
    sources = [s for root in (SAMPLE, BBC / "tech") for s in discover(root, config=settings.read) if hasattr(s, "path")]
    checked = 0
    for source in sources:
        for doc in process_file(source, settings).documents:
            body = orjson.loads(serialise_document(doc, ctx)[1])
            assert "paragraphs" not in body and all(set(p) == {"offset", "length", "index"} for p in body["passages"])
            assert body["body"].split("\n\n") == doc.paragraphs
            spans = [body["body"][p["offset"] : p["offset"] + p["length"]] for p in body["passages"]]
            assert [" ".join(s.split()) for s in spans] == [" ".join(p.text.split()) for p in doc.passages]
            assert [p["index"] for p in body["passages"]] == [p.index for p in doc.passages]
            checked += 1
    assert checked > 400


def test_a_link_spliced_into_the_json_gives_the_bytes_of_a_load_and_dump():
    """``with_duplicate_of`` writes a copy's link without parsing the document: byte for byte
    what ``orjson`` gives for the loaded document with the field set, also when the article's
    own text holds the run fields' spelling, quotes, backslashes or non-ASCII."""
    from etl.runner.documents import with_duplicate_of

    ctx = RunContext(settings=get_settings(), source_root=SAMPLE, run_id='run-"1\\', index="articles")
    docs = list(_documents())
    docs[0].title = 'Tricky ,"duplicate_of":null,"fingerprint":"x" \\ "é" \u2028'
    docs[1].body = docs[1].body + '\n\n,"duplicate_of":null,"fingerprint":'
    for doc in docs:
        payload = serialise_document(doc, ctx)[1]
        for link in ("abc123", 'quote"and\\back', "ünï"):
            body = orjson.loads(payload)
            body["duplicate_of"] = link
            assert with_duplicate_of(payload, link) == orjson.dumps(body)
