"""enrich(): one rule per case: ids, dates, language, geo, counts, hashes, source fields."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import etl
from etl.config import EnrichConfig
from etl.enrich import document_id, enrich, word_count
from etl.enrich.dedup import simhash
from etl.enrich.language import detect_language, looks_english, metadata_language
from etl.enrich.vocab import Tokens
from etl.models import Article, CleanUnit, PageMetadata, RawUnit, SourceFile

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "seed" / "two-articles.txt"
CONFIG = EnrichConfig()


def seed_articles() -> list[str]:
    """The seed file's articles (two blank lines apart), NBSP turned into a space."""
    text = SEED.read_text(encoding="utf-8").replace("\u00a0", " ")
    return [chunk.strip() for chunk in text.split("\n\n\n") if chunk.strip()]


def make_article(
    text: str,
    *,
    rel_path: str = "news/a.txt",
    article_index: int = 0,
    title: str = "",
    metadata: PageMetadata | None = None,
    partition_date: date | None = None,
    mtime: float = 0.0,
    sentences: list[str] | None = None,
) -> Article:
    """An Article whose paragraphs are ``text`` split on blank lines."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    source = SourceFile(Path("/data") / rel_path, rel_path, len(text), mtime, partition_date)
    raw = RawUnit(source, "text", "utf-8", "0" * 64, text)
    meta = metadata or PageMetadata()
    unit = CleanUnit(raw, "\n\n".join(paragraphs), meta, False)
    return Article(unit, article_index, title or paragraphs[0][:60], "derived", paragraphs,
                   sentences if sentences is not None else [p for p in paragraphs], [])


MAR_3_2021 = datetime(2021, 3, 3, 12, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("text", "metadata", "partition", "mtime", "expected"),
    [
        pytest.param(  # explicit metadata wins over a dateline
            "LONDON, March 3 (Reuters) - Shares fell.", PageMetadata(published_at=datetime(2024, 5, 6, 7, 8, tzinfo=UTC)),
            date(2020, 1, 1), MAR_3_2021, datetime(2024, 5, 6, 7, 8, tzinfo=UTC), id="metadata-wins",
        ),
        pytest.param(  # a naive metadata timestamp is read as UTC
            "Shares fell.", PageMetadata(published_at=datetime(2024, 5, 6, 7, 8)), None, 0.0,
            datetime(2024, 5, 6, 7, 8, tzinfo=UTC), id="naive-metadata-is-utc",
        ),
        pytest.param(
            "LONDON, March 3 (Reuters) - Shares fell.", None, date(2020, 7, 1), MAR_3_2021,
            datetime(2020, 3, 3, tzinfo=UTC), id="dateline-plus-partition-year",
        ),
        pytest.param(
            "LONDON, March 3 (Reuters) - Shares fell.", None, None, MAR_3_2021,
            datetime(2021, 3, 3, tzinfo=UTC), id="dateline-plus-mtime-year",
        ),
        pytest.param(
            "LONDON, Dec 28 (Reuters) - Shares fell.", None, None, MAR_3_2021,
            datetime(2020, 12, 28, tzinfo=UTC), id="a-day-after-the-files-mtime-is-last-years",
        ),
        pytest.param(
            "TOKYO, March 4 (Reuters) - Shares fell.", None, None, MAR_3_2021,
            datetime(2021, 3, 4, tzinfo=UTC), id="one-day-after-the-mtime-is-a-time-zone",
        ),
        pytest.param(
            "LONDON, Dec 28 (Reuters) - Shares fell.", None, date(2021, 1, 1), MAR_3_2021,
            datetime(2021, 12, 28, tzinfo=UTC), id="a-partitions-year-is-kept",
        ),
        pytest.param(
            "LONDON, Feb 29 (Reuters) - Shares fell.", None, date(2023, 1, 1), 0.0, None,
            id="feb-29-in-common-year-is-none",
        ),
        pytest.param(
            "LONDON, Feb 29 (Reuters) - Shares fell.", None, date(2024, 1, 1), 0.0,
            datetime(2024, 2, 29, tzinfo=UTC), id="feb-29-in-leap-year",
        ),
        pytest.param(
            "WASHINGTON - Talks went on.", None, date(2024, 1, 1), MAR_3_2021, None,
            id="dateline-without-date-is-none",
        ),
        pytest.param("Pakistan and India should talk.", None, date(2024, 1, 1), MAR_3_2021, None,
                     id="no-dateline-no-metadata-is-none"),
        pytest.param("LONDON, March 3 (Reuters) - Shares fell.", None, None, 0.0, None,
                     id="dateline-without-any-year-is-none"),
    ],
)
def test_published_at_follows_metadata_then_dateline_with_file_year(text, metadata, partition, mtime, expected):
    doc = enrich(make_article(text, metadata=metadata, partition_date=partition, mtime=mtime), CONFIG)
    assert doc.published_at == expected
    if doc.published_at is not None:
        assert doc.published_at.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "partition", "expected"),
    [
        pytest.param(
            "26-FEB-1987 15:01:01.79\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Showers went on.", date(2020, 1, 1),
            datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC), id="stamp-beats-dateline-and-partition-year",
        ),
        pytest.param(
            "3-mar-1987 09:05:00\nCOCOA REVIEW\n\nShowers went on.", None,
            datetime(1987, 3, 3, 9, 5, tzinfo=UTC), id="stamp-without-dateline",
        ),
        pytest.param(
            "31-FEB-1987 15:01:01.79\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Showers went on.", date(1987, 1, 1),
            datetime(1987, 2, 26, tzinfo=UTC), id="no-such-day-falls-back-to-the-dateline",
        ),
        pytest.param(
            "COCOA REVIEW\nSALVADOR 1987-02-26\nShowers went on.", None,
            datetime(1987, 2, 26, tzinfo=UTC), id="an-iso-dated-dateline-gives-its-year",
        ),
    ],
)  # fmt: skip
def test_published_at_takes_a_wire_dumps_time_stamp_before_the_dateline(text, partition, expected):
    from etl.config import SegmentConfig
    from etl.segment import segment

    unit = make_article(text, partition_date=partition, mtime=MAR_3_2021).unit
    (article,) = segment(CleanUnit(unit.raw, text, unit.metadata, False), SegmentConfig())  # as the pipeline does
    assert enrich(article, CONFIG).published_at == expected


def test_published_at_keeps_an_explicit_offset():
    when = datetime(2024, 5, 6, 7, 8, tzinfo=timezone(timedelta(hours=2)))
    doc = enrich(make_article("Text.", metadata=PageMetadata(published_at=when)), CONFIG)
    assert doc.published_at == when


@pytest.mark.parametrize(
    ("rel_path", "index", "other_path", "other_index", "same"),
    [
        ("a/b.txt", 0, "a/b.txt", 0, True),
        ("a/b.txt", 0, "a/b.txt", 1, False),
        ("a/b.txt", 0, "a/c.txt", 0, False),
        ("a/b.json", 3, "a/b.json", 3, True),
    ],
)
def test_id_depends_only_on_path_and_index(rel_path, index, other_path, other_index, same):
    one = enrich(make_article("Some text here.", rel_path=rel_path, article_index=index), CONFIG)
    two = enrich(make_article("Other words.", rel_path=other_path, article_index=other_index), CONFIG)
    assert (one.id == two.id) is same
    assert one.id == document_id(rel_path, index)
    assert len(one.id) == 32


def test_id_is_stable_across_machines():
    # Pinned value: a change here re-keys every document in the index.
    assert document_id("2024/03/01/wire.txt", 2) == "0034cd5e8b6c0a716a2c2cf348b28429"


@pytest.mark.parametrize(
    ("metadata_lang", "text", "expected"),
    [
        pytest.param("de", "The minister said that the plan was good and the budget was fine for the year.", "de",
                     id="valid-metadata-wins"),
        pytest.param("en-GB", "Der Minister sagte, dass der Plan gut sei.", "en", id="region-subtag-dropped"),
        pytest.param("english", "Le ministre a dit que le plan était bon et que le budget serait voté demain.", "fr",
                     id="invalid-metadata-ignored"),
        pytest.param(None, "Der Minister sagte am Montag, dass der Plan der Regierung gut sei und die Steuern "
                     "nicht steigen würden, obwohl die Opposition das anders sieht.", "de", id="detected-german"),
        pytest.param(None, "El ministro dijo el lunes que el plan del gobierno es bueno y que los impuestos no "
                     "subirán, aunque la oposición lo ve de otra manera.", "es", id="detected-spanish"),
    ],
)
def test_language_prefers_valid_metadata_then_detects(metadata_lang, text, expected):
    doc = enrich(make_article(text, metadata=PageMetadata(language=metadata_lang)), CONFIG)
    assert doc.language == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", "en"), ("EN-us", "en"), ("pt_BR", "pt"), ("xx", None), ("english", None), ("", None), (None, None)],
)
def test_metadata_language_accepts_only_iso_639_1(value, expected):
    assert metadata_language(value) == expected


@pytest.mark.parametrize(
    ("text", "english"),
    [
        pytest.param(seed_articles()[0], True, id="english-news"),
        pytest.param("Het kabinet heeft in de Tweede Kamer gezegd dat het plan van de minister goed is en dat de "
                     "belasting in het nieuwe jaar niet omhoog gaat, maar de oppositie is het daar niet mee eens.",
                     False, id="dutch-shares-in-is-was"),
        pytest.param("Too short to tell.", False, id="short-text-goes-to-the-model"),
    ],
)
def test_english_fast_path_is_conservative(text, english):
    assert looks_english(Tokens.of(text)) is english


def test_detect_language_reads_only_the_first_thousand_characters():
    text = "Le ministre a dit que le plan était bon et que le budget serait voté. " * 15 + "The end of it. " * 500
    assert detect_language(text) == "fr"


def test_empty_text_has_no_detected_language():
    assert detect_language("   ") is None


@pytest.mark.parametrize(
    ("text", "geo"),
    [
        pytest.param("WASHINGTON - Talks went on.", (38.89511, -77.03637), id="washington-is-the-capital"),
        pytest.param("NEW YORK (AP) - Stocks rose.", (40.71427, -74.00597), id="new-york-is-the-city"),
        pytest.param("Talks went on in Washington.", None, id="no-dateline-no-geo"),
    ],
)
def test_geo_comes_from_the_dateline_location(text, geo):
    doc = enrich(make_article(text), CONFIG)
    assert doc.geo == pytest.approx(geo) if geo else doc.geo is None


@pytest.mark.parametrize(
    ("text", "first_locations"),
    [
        pytest.param("RIGA, Latvia 1996-10-09 Spain were held to a draw.", ["Riga", "Latvia"], id="a-country"),
        pytest.param("CHICAGO, Ill., March 3 - Shares rose.", ["Chicago", "Illinois"], id="a-state-abbreviation"),
        pytest.param("MANCHESTER, England 1996-09-21 United lost.", ["Manchester", "England"], id="a-region"),
        pytest.param("TORONTO, Ontario, March 3 - Shares rose.", ["Toronto"], id="known-only-as-a-town-is-left-out"),
        pytest.param("WASHINGTON - Talks went on.", ["Washington"], id="no-region"),
    ],
)
def test_a_datelines_state_or_country_follows_its_place_among_the_locations(text, first_locations):
    locations = enrich(make_article(text), CONFIG).locations
    assert locations[: len(first_locations)] == first_locations
    assert "Ontario" not in locations


def test_dateline_is_parsed_from_the_lead_and_kept_out_of_entities():
    doc = enrich(make_article(seed_articles()[0]), CONFIG)
    assert doc.dateline is not None and doc.dateline.location == "Washington"
    assert "WASHINGTON" not in doc.organizations


@pytest.mark.parametrize(
    ("text", "title", "not_a_keyword"),
    [
        pytest.param(
            "NEW YORK, March 3 - Coffee prices rose on fears of frost in Brazil. Coffee traders said the frost"
            " would cut the harvest. Brazil grows a third of the world's coffee.",
            "COFFEE PRICES RISE", "new york", id="the-dateline-place",
        ),
        pytest.param(
            "Coffee prices rose on fears of frost in Brazil. Coffee traders said the frost would cut the"
            " harvest. Brazil grows a third of the world's coffee.",
            "COFFEE PRICES RISE ON FROST FEARS - PAPER", "paper", id="a-headlines-attribution",
        ),
    ],
)
def test_where_a_story_was_filed_and_who_says_so_are_no_keywords(text, title, not_a_keyword):
    keywords = enrich(make_article(text, title=title), CONFIG).keywords
    assert "coffee" in " ".join(keywords)
    assert not_a_keyword not in keywords


@pytest.mark.parametrize(
    ("metadata", "authors"),
    [
        pytest.param(PageMetadata(), ["Peter Blackburn"], id="the-byline-line"),
        pytest.param(PageMetadata(authors=["Desk"]), ["Desk"], id="the-sources-metadata-first"),
    ],
)
def test_a_byline_line_is_the_author(metadata, authors):
    from etl.config import SegmentConfig
    from etl.segment import segment

    text = "EU REJECTS CALL.\nPeter Blackburn\nBRUSSELS 1996-08-22\nThe Commission said it disagreed."
    unit = make_article(text).unit
    (article,) = segment(CleanUnit(unit.raw, text, metadata, False), SegmentConfig())
    doc = enrich(article, CONFIG)
    assert doc.to_dict()["authors"] == authors
    assert "Peter Blackburn" not in doc.people and "Blackburn" not in doc.organizations


_BODY = "Officials said on Monday that talks would go on. A spokesman gave no details."


@pytest.mark.parametrize(
    ("title", "kind", "name", "added"),
    [
        pytest.param("RUSSIA AND CHINA SIGN BORDER DEAL", "locations", "Russia", True, id="countries"),
        pytest.param("GENERAL MOTORS PROFIT FALLS", "organizations", "General Motors", True, id="a-known-company"),
        pytest.param("SRI LANKA ARMY SAYS 40 REBELS KILLED", "locations", "Sri Lanka", True, id="a-country-of-two-words"),
        pytest.param("SPARKS FLY OVER BUDGET", "locations", "Sparks", False, id="a-small-towns-name-is-a-word"),
        pytest.param("TURBO SALES SLUMP", "locations", "Turbo", False, id="another-small-town"),
        pytest.param("BLAIR FACES REVOLT", "organizations", "BLAIR", False, id="a-capitals-word-is-no-organisation"),
        pytest.param("Talks with Russia stall", "locations", "Russia", False, id="mixed-case-headlines-are-not-read"),
    ],
)
def test_a_capitals_headline_adds_only_names_that_cannot_be_words(title, kind, name, added):
    article = replace(make_article(_BODY, title=title), title_source="explicit")
    assert (name in getattr(enrich(article, CONFIG), kind)) is added


def test_seed_article_document_fields():
    text = seed_articles()[0]
    doc = enrich(make_article(text, rel_path="seed/two-articles.txt", article_index=0), CONFIG)
    assert doc.lead.startswith("WASHINGTON - A senior Pakistan official")
    assert doc.body == "\n\n".join(doc.paragraphs)
    assert doc.paragraph_count == 8
    assert doc.language == "en"
    assert {"Nawaz Sharif", "Chuck Hagel"} <= set(doc.people)
    assert {"ISAF", "The Washington Post"} <= set(doc.organizations)
    assert {"Pakistan", "Afghanistan", "North Waziristan"} <= set(doc.locations)
    assert "pakistan" in doc.keywords
    assert doc.source_path == "seed/two-articles.txt"
    assert doc.pipeline_version == etl.PIPELINE_VERSION


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("One two three.", 3),
        ("The U.S. didn't act - at all.", 6),
        ("Spaced – en dash and — em dash.", 6),
        ("", 0),
    ],
)
def test_word_count_counts_words_not_punctuation(text, words):
    assert word_count(Tokens.of(text)) == words


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (230, 1), (231, 2), (460, 2), (461, 3)])
def test_reading_time_rounds_up_with_a_minimum_of_one(words, minutes):
    doc = enrich(make_article(" ".join(["word"] * words)), CONFIG)
    assert doc.word_count == words
    assert doc.reading_time_minutes == max(1, math.ceil(words / CONFIG.reading_words_per_minute)) == minutes


@pytest.mark.parametrize(
    ("one", "two", "same"),
    [
        ("Shares fell sharply.", "shares   FELL\n\nsharply.", True),
        ("Shares fell sharply.", "Shares rose sharply.", False),
    ],
)
def test_content_hash_ignores_case_and_whitespace(one, two, same):
    a = enrich(make_article(one), CONFIG)
    b = enrich(make_article(two), CONFIG)
    assert (a.content_hash == b.content_hash) is same
    assert (a.simhash == b.simhash) is same
    assert a.simhash == simhash(a.body)


def test_counts_and_source_fields_come_from_the_article():
    article = make_article("First para here.\n\nSecond para.", rel_path="x/y.txt", article_index=4,
                           sentences=["First para here.", "Second", "para."])
    article = replace(article, unit=replace(article.unit, raw=replace(article.unit.raw, encoding="cp1252",
                                                                       sha256="ab" * 32)))
    doc = enrich(article, CONFIG)
    assert (doc.sentence_count, doc.paragraph_count, doc.article_index) == (3, 2, 4)
    assert (doc.source_path, doc.source_format, doc.source_encoding, doc.source_sha256) == (
        "x/y.txt", "text", "cp1252", "ab" * 32)
    assert doc.lead == "First para here."
    assert doc.sentences is None


@pytest.mark.parametrize("with_sentences", [True, False])
def test_sentences_only_when_asked(with_sentences):
    doc = enrich(make_article("One. Two.", sentences=["One.", "Two."]), CONFIG, with_sentences=with_sentences)
    assert doc.sentences == (["One.", "Two."] if with_sentences else None)
    assert ("sentences" in doc.to_dict()) is with_sentences


def test_keywords_respect_max_keywords():
    doc = enrich(make_article(seed_articles()[0]), EnrichConfig(max_keywords=3))
    assert len(doc.keywords) == 3
    assert enrich(make_article(seed_articles()[0]), EnrichConfig(max_keywords=0)).keywords == []


def test_document_serialises_to_the_index_shape():
    doc = enrich(make_article(seed_articles()[0]), CONFIG).to_dict()
    assert doc["geo"] == {"lat": pytest.approx(38.89511), "lon": pytest.approx(-77.03637)}
    assert len(doc["simhash"]) == 16
    assert doc["dateline"]["location"] == "Washington"
