"""Segmentation rules of etl.segment: article boundaries, titles, paragraphs, sentences, passages."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.clean.text import normalize_text
from etl.config import SegmentConfig
from etl.models import Article, CleanUnit, PageMetadata, RawUnit, SourceFile
from etl.segment import segment, split_articles
from etl.segment.articles import (
    MAX_LINES_ABOVE_DATELINE,
    _is_capitals_headline,
    _is_title_line,
    _stamp_time,
    is_sign_off,
)
from etl.segment.dateline import match_dateline

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
SEED = CORPORA / "seed" / "two-articles.txt"
BBC = CORPORA / "bbc-news"
CONFIG = SegmentConfig()


def _unit(text: str, *, single: bool = False, title: str | None = None, record_index: int | None = None) -> CleanUnit:
    source = SourceFile(path=Path("/src/a.txt"), rel_path="a.txt", size=len(text), mtime=0.0)
    raw = RawUnit(
        source=source,
        format="json" if single else "text",
        encoding="utf-8",
        sha256="0" * 64,
        content=text,
        record_index=record_index,
    )
    return CleanUnit(raw=raw, text=text, metadata=PageMetadata(title=title), single_article=single)


def _articles(text: str, **kwargs: object) -> list[Article]:
    return list(segment(_unit(text, **kwargs), CONFIG))  # type: ignore[arg-type]


# -- article boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One.\n\nStill one.", ["One.\n\nStill one."], id="one-blank-line-separates-paragraphs-only"),
        pytest.param("One.\n\n\nTwo.", ["One.", "Two."], id="two-blank-lines-separate-articles"),
        pytest.param("One.\n\n\n\n\nTwo.", ["One.", "Two."], id="longer-blank-run-is-one-boundary"),
        pytest.param("One.\n \n\t\nTwo.", ["One.", "Two."], id="blank-lines-with-spaces"),
        pytest.param("One.\n----\nTwo.", ["One.", "Two."], id="dash-separator-line"),
        pytest.param("One.\n\n* * *\n\nTwo.", ["One.", "Two."], id="spaced-star-separator-line"),
        pytest.param("One.\n***\nTwo.", ["One.", "Two."], id="star-separator-line"),
        pytest.param("One.\n###\nTwo.", ["One.", "Two."], id="hash-separator-line"),
        pytest.param("One.\n===\nTwo.", ["One.", "Two."], id="equals-separator-line"),
        pytest.param("One.\n___\nTwo.", ["One.", "Two."], id="underscore-separator-line"),
        pytest.param("One.\n\f\nTwo.", ["One.", "Two."], id="form-feed-line"),
        pytest.param("One.\n\n\n----\n\n\nTwo.", ["One.", "Two."], id="separator-between-blank-runs-is-one-boundary"),
        pytest.param("----\nOne.\n----\n\n\n----", ["One."], id="empty-chunks-take-no-index"),
        pytest.param("a --- b ### c", ["a --- b ### c"], id="separator-characters-inside-a-line-are-text"),
        pytest.param(
            "LONDON (Reuters) - One ends.\n\nMore text.\n\nPARIS (Reuters) - Two begins.",
            ["LONDON (Reuters) - One ends.\n\nMore text.", "PARIS (Reuters) - Two begins."],
            id="new-dateline-of-same-style-after-blank-line",
        ),
        pytest.param(
            "WASHINGTON - One ends.\n\nNATO - The alliance said so.",
            ["WASHINGTON - One ends.\n\nNATO - The alliance said so."],
            id="acronym-and-dash-paragraph-does-not-split",
        ),
        pytest.param(
            "WASHINGTON - One says\n\nLONDON - Two begins.",
            ["WASHINGTON - One says\n\nLONDON - Two begins."],
            id="dateline-after-unfinished-paragraph-does-not-split",
        ),
        pytest.param(
            "LONDON (Reuters) - One ends.\n\nPARIS (AFP) - Quoted agency copy.",
            ["LONDON (Reuters) - One ends.\n\nPARIS (AFP) - Quoted agency copy."],
            id="dateline-of-other-style-does-not-split",
        ),
        pytest.param(
            "Plain start.\n\nLONDON (Reuters) - Not a split.",
            ["Plain start.\n\nLONDON (Reuters) - Not a split."],
            id="dateline-split-needs-dateline-led-article",
        ),
        pytest.param(
            "Headline one\n\nBody one.\n\n\nSection text.\n\n\nHeadline two\n\nBody two.",
            ["Headline one\n\nBody one.\n\nSection text.", "Headline two\n\nBody two."],
            id="headline-first-file-blank-run-without-headline-is-a-section-break",
        ),
        pytest.param(
            "Headline one\n\nBody one.\n----\nNo headline here.",
            ["Headline one\n\nBody one.", "No headline here."],
            id="separator-splits-even-in-headline-first-file",
        ),
        # a headline set apart from its story by a blank run (found by make bench-datelines)
        pytest.param(
            "BANK DENIES PLAN\n\n\nHARARE, March 21 - The bank denied it.",
            ["BANK DENIES PLAN\n\nHARARE, March 21 - The bank denied it."],
            id="headline-over-blank-run-joins-its-dateline-story",
        ),
        pytest.param(
            "26-MAR-1987 01:40:41.75\nBANK DENIES PLAN\n\n\n\nHARARE, March 21 - The bank denied it.",
            ["26-MAR-1987 01:40:41.75\nBANK DENIES PLAN\n\nHARARE, March 21 - The bank denied it."],
            id="stamp-and-headline-over-blank-run-join-their-story",
        ),
        pytest.param(
            "One ends.\n\n\nBANK DENIES PLAN\n\n\nHARARE, March 21 - The bank denied it.",
            ["One ends.", "BANK DENIES PLAN\n\nHARARE, March 21 - The bank denied it."],
            id="headline-joins-the-next-story-not-the-previous",
        ),
        pytest.param(
            "Reuter\n\n\nThe bank denied it.",
            ["Reuter", "The bank denied it."],
            id="short-line-over-blank-run-without-dateline-stays-apart",
        ),
        pytest.param(
            "BANK DENIES PLAN\n----\nHARARE, March 21 - The bank denied it.",
            ["BANK DENIES PLAN", "HARARE, March 21 - The bank denied it."],
            id="separator-line-is-never-joined-across",
        ),
        pytest.param(
            "The bank said so.\n\n\nHARARE, March 21 - The bank denied it.",
            ["The bank said so.", "HARARE, March 21 - The bank denied it."],
            id="sentence-over-blank-run-is-not-a-headline",
        ),
    ],
)
def test_split_articles(text: str, expected: list[str]) -> None:
    assert split_articles(text) == list(enumerate(expected))


# -- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "source", "first_paragraph"),
    [
        pytest.param("Shares hit record high\n\nShares rose.", "Shares hit record high", "explicit", "Shares rose.", id="headline-line"),
        pytest.param("Is this the end?\n\nMaybe.", "Is this the end?", "explicit", "Maybe.", id="question-headline"),
        pytest.param("Rivals of the Apple...\n\nText.", "Rivals of the Apple...", "explicit", "Text.", id="headline-ending-in-ellipsis"),
        pytest.param("Short first sentence.\n\nMore.", "Short first sentence", "derived", "Short first sentence.", id="line-ending-in-period-is-body"),
        pytest.param("Two lines\nof headline\n\nBody.", "Two lines of headline", "derived", "Two lines of headline", id="multi-line-block-is-body"),
        pytest.param(" ".join(["word"] * 16) + "\n\nBody.", " ".join(["word"] * 16), "derived", " ".join(["word"] * 16), id="more-than-15-words-is-body"),
        pytest.param("- a list item\n\nBody.", "- a list item", "derived", "- a list item", id="list-item-is-not-a-headline"),
        pytest.param("Only a line", "Only a line", "derived", "Only a line", id="lone-line-is-body"),
        pytest.param("LONDON (Reuters) - Shares rose. Then fell.\n\nMore.", "Shares rose", "derived", "LONDON (Reuters) - Shares rose. Then fell.", id="derived-title-drops-dateline"),
        pytest.param("LONDON (Reuters) - Hi\n\nMore.", "Hi", "derived", "LONDON (Reuters) - Hi", id="dateline-paragraph-is-not-a-headline"),
        pytest.param(
            "Word " * 30 + "end.",
            "Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word…",
            "derived",
            ("Word " * 30 + "end.").strip(),
            id="long-derived-title-cut-at-word-boundary",
        ),
    ],
)
def test_titles(text: str, title: str, source: str, first_paragraph: str) -> None:
    [article] = _articles(text)
    assert (article.title, article.title_source, article.paragraphs[0]) == (title, source, first_paragraph)


@pytest.mark.parametrize(
    ("text", "meta_title", "title", "source", "paragraphs"),
    [
        pytest.param("Body one.\n\nBody two.", "The  Title", "The Title", "explicit", ["Body one.", "Body two."], id="metadata-title"),
        pytest.param("The Title\n\nBody.", "The Title", "The Title", "explicit", ["Body."], id="rendered-title-paragraph-dropped"),
        pytest.param("Headline\n\nBody.", None, "Headline", "derived", ["Headline", "Body."], id="no-headline-detection-in-html-json"),
        pytest.param("One.\n\n\nTwo.", None, "One", "derived", ["One.", "Two."], id="single-article-unit-never-split"),
    ],
)
def test_single_article_units(
    text: str, meta_title: str | None, title: str, source: str, paragraphs: list[str]
) -> None:
    [article] = _articles(text, single=True, title=meta_title, record_index=7)
    assert (article.title, article.title_source, article.paragraphs, article.article_index) == (
        title,
        source,
        paragraphs,
        7,
    )


def test_empty_units_yield_no_article() -> None:
    assert _articles("  \n\n ") == []
    assert _articles("", single=True, title="T") == []


# -- paragraphs and sentences ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        pytest.param("A soft\nwrapped line.\n\nNext.", ["A soft wrapped line.", "Next."], id="soft-wraps-joined-with-space"),
        pytest.param("Items:\n- one\n- two", ["Items:\n- one\n- two"], id="list-items-keep-their-lines"),
        pytest.param("  padded  \n\n\t tabbed", ["padded", "tabbed"], id="paragraph-whitespace-stripped"),
    ],
)
def test_paragraphs(text: str, paragraphs: list[str]) -> None:
    [article] = _articles(text, single=True)
    assert article.paragraphs == paragraphs


def test_sentences_never_span_paragraphs_and_keep_the_dateline() -> None:
    [article] = _articles("ST. LOUIS (AP) — A man left. He came back\n\nwithout his hat. The end.", single=True)
    assert article.sentences == ["ST. LOUIS (AP) — A man left.", "He came back", "without his hat.", "The end."]


# -- passages --------------------------------------------------------------------------------


def _sentence(words: int) -> str:
    return " ".join(["w"] * (words - 1) + ["end."])


@pytest.mark.parametrize(
    ("sentence_words", "passage_words"),
    [
        pytest.param([60, 60, 60, 60], [120, 120], id="closes-once-minimum-reached"),
        pytest.param([90, 150, 40], [90, 190], id="closes-before-exceeding-maximum"),
        pytest.param([250, 10, 100], [250, 110], id="long-sentence-is-its-own-passage"),
        pytest.param([150, 150, 20], [150, 170], id="short-tail-merges-into-previous"),
        pytest.param([200, 60], [200, 60], id="short-tail-stays-when-merge-exceeds-slack"),
        pytest.param([10, 10], [20], id="short-article-one-passage"),
    ],
)
def test_passages(sentence_words: list[int], passage_words: list[int]) -> None:
    text = "\n\n".join(_sentence(n) for n in sentence_words)
    [article] = _articles(text, single=True)
    assert [len(p.text.split()) for p in article.passages] == passage_words
    assert [p.index for p in article.passages] == list(range(len(passage_words)))


def test_passage_offsets_point_at_their_first_sentence_in_body() -> None:
    text = "\n\n".join(_sentence(n) for n in [60, 60, 60, 60])
    [article] = _articles(text, single=True)
    for passage in article.passages:
        first_sentence = passage.text.split(".")[0] + "."
        assert article.body[passage.offset :].startswith(first_sentence)


# -- corpora ---------------------------------------------------------------------------------


def test_seed_file_gives_two_articles() -> None:
    articles = _articles(normalize_text(SEED.read_text(encoding="utf-8")))
    assert len(articles) == 2
    first, second = articles
    assert first.body.startswith("WASHINGTON - A senior Pakistan official")
    assert first.title_source == "derived" and second.title_source == "derived"
    assert first.title.startswith("A senior Pakistan official has said")
    assert "WASHINGTON" not in first.title and len(first.title) <= 101
    assert second.title.startswith("Pakistan and India should work together")
    assert [a.article_index for a in articles] == [0, 1]
    assert "“Everyone has to be taken out.”" in first.sentences
    quoted = first.sentences[first.sentences.index("“Everyone has to be taken out.”") - 1]
    assert quoted.startswith("“How can you carry out") and quoted.endswith("escape?” he said.")
    following = first.sentences[first.sentences.index("“Everyone has to be taken out.”") + 1]
    assert following.startswith("“If there are any militants")
    assert following.endswith("said the official, who spoke on the condition of anonymity.")
    for article in articles:
        for passage in article.passages:
            assert article.body[passage.offset :].startswith(passage.text.split(" ")[0])


def _read_bbc(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # sport/199.txt, as shipped


BBC_FILES = sorted(BBC.glob("*/*.txt"))


def test_bbc_corpus_is_all_there() -> None:
    assert len(BBC_FILES) == 2225


def test_every_bbc_file_is_one_article_titled_by_its_first_line() -> None:
    wrong = []
    for path in BBC_FILES:
        raw = _read_bbc(path)
        articles = _articles(normalize_text(raw))
        headline = " ".join(raw.split("\n", 1)[0].split())
        if len(articles) != 1 or articles[0].title != headline or articles[0].title_source != "explicit":
            wrong.append(path.relative_to(BBC).as_posix())
        elif headline in articles[0].paragraphs:
            wrong.append(path.relative_to(BBC).as_posix())
    assert wrong == []


# -- no text lost ----------------------------------------------------------------------------

_SEPARATOR_LINE = re.compile(r"^[ \t]*(?:-{3,}|={3,}|_{3,}|#{3,}|~{3,}|\*(?:[ \t]*\*){2,}|-(?:[ \t]+-){2,})[ \t]*$")
_LINES = st.one_of(
    st.lists(
        st.sampled_from(["word", "Word.", "said:", "US", "-", "NATO", "“Hi.”", "3.5", "Mr.", "#", "*", "LONDON", "(AP)", "Reuter"]),
        min_size=1,
        max_size=8,
    ).map(" ".join),
    st.sampled_from(["", "", "", "----", "* * *", "***", "###", "===", "___", "\f", "LONDON (AP) - Start.", "Head line", " Reuter",
                     "26-MAR-1987 01:40:41.75", "LONDON 1996-08-30", "BANK HOLDS RATES.", "Peter Blackburn"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=30).map("\n".join))
def test_segmentation_keeps_every_character_exactly_once(text: str) -> None:
    lines = [line for line in text.replace("\f", "\n").split("\n") if not _SEPARATOR_LINE.match(line)]
    out = []
    for article in _articles(text):
        if article.title_source == "explicit":
            out.append(article.title)
        if article.byline:
            out.append(article.byline)
        out.extend(article.paragraphs)
        assert "\n\n".join(article.paragraphs) == article.body
    # Besides separator lines, the only text segmentation may drop is a slug line over a
    # dateline, a wire dump's time stamp line and a story's sign-off line (module docstring): every other line must come out
    # whole and in order.
    produced = "".join("".join(out).split())
    parts = [
        ("".join(line.split()), _may_be_dropped_slug(lines, i) or is_sign_off(line) or _stamp_time(line) is not None)
        for i, line in enumerate(lines)
    ]

    @functools.cache
    def matches(i: int, pos: int) -> bool:
        if i == len(parts):
            return pos == len(produced)
        chars, droppable = parts[i]
        if produced.startswith(chars, pos) and matches(i + 1, pos + len(chars)):
            return True
        return droppable and matches(i + 1, pos)

    assert matches(0, 0), (produced, parts)


def _may_be_dropped_slug(lines: list[str], i: int) -> bool:
    """A title line in capitals (or in lower case over a lower-case dateline) with a dateline
    opening one of the next three non-blank lines."""
    line = lines[i]
    lower, upper = any(ch.islower() for ch in line), any(ch.isupper() for ch in line)
    if (lower and upper) or not (_is_title_line(line) or _is_capitals_headline(line)):
        return False
    following = [j for j in range(i + 1, len(lines)) if lines[j].strip()][:MAX_LINES_ABOVE_DATELINE]
    for j in following:
        block = "\n".join(lines[j:]).lstrip()
        # A dateline alone in its block ("LONDON 1996-08-30", blank line, the story) counts too.
        found = match_dateline(block) or match_dateline(block.split("\n\n", 1)[0].rstrip())
        if found is not None and (not lower or found.text.islower()):
            return True
    return False


# -- a wire dump's time stamp line: publication time, never the title ------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("26-FEB-1987 15:01:01.79\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Rain fell.", id="over-headline-block"),
        pytest.param("26-FEB-1987 15:01:01.79\nCOCOA REVIEW\nSALVADOR, Feb 26 - Rain fell.", id="over-headline-and-dateline"),
        pytest.param("26-FEB-1987 15:01:01.79\n\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Rain fell.", id="own-block"),
        pytest.param("COCOA REVIEW\n26-FEB-1987 15:01:01.79\n\nSALVADOR, Feb 26 - Rain fell.", id="under-headline"),
        pytest.param(" 26-Feb-1987 15:01:01\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Rain fell.", id="no-fraction-any-case"),
        pytest.param("1987-02-26T15:00:00Z\n\nCOCOA REVIEW\n\nSALVADOR, Feb 26 - Rain fell.", id="iso-time"),
        pytest.param("COCOA REVIEW\nFeb 26, 1987 15:00\n\nSALVADOR, Feb 26 - Rain fell.", id="spelled-out-date-and-time"),
    ],
)
def test_a_time_stamp_line_is_the_publication_time_not_the_title(text: str) -> None:
    (article,) = _articles(text)
    assert article.title == "COCOA REVIEW"
    assert article.paragraphs == ["SALVADOR, Feb 26 - Rain fell."]
    assert article.stamped_at is not None and article.stamped_at.year == 1987 and article.stamped_at.hour == 15


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("26 February 1987", datetime(1987, 2, 26, tzinfo=UTC), id="day-month-year"),
        pytest.param("1987-02-26", datetime(1987, 2, 26, tzinfo=UTC), id="iso-date"),
        pytest.param("1234567890", None, id="a-bare-number-is-no-date"),
        pytest.param("March 2024 report", None, id="a-title-with-a-date-is-no-date"),
        pytest.param("12 killed in 2024 blast", None, id="a-headline-with-a-year"),
        pytest.param("Mar 3", None, id="no-year-no-stamp"),
    ],
)
def test_a_line_that_is_only_a_date_is_a_stamp(line: str, expected: datetime | None) -> None:
    assert _stamp_time(line) == expected


@pytest.mark.parametrize(
    ("text", "first_paragraph"),
    [
        pytest.param("31-FEB-1987 15:01:01.79\nCOCOA REVIEW\n\nRain fell.", "31-FEB-1987 15:01:01.79 COCOA REVIEW",
                     id="no-such-day-is-no-stamp"),
        pytest.param("Headline\n\nRain fell.\n26-FEB-1987 15:01:01.79", "Rain fell. 26-FEB-1987 15:01:01.79",
                     id="only-the-first-block"),
        pytest.param("Headline\n\nOn 26-FEB-1987 15:01:01 rain fell.", "On 26-FEB-1987 15:01:01 rain fell.",
                     id="inside-a-sentence-is-text"),
        pytest.param("26-FEB-1987 15:01:01.79", "26-FEB-1987 15:01:01.79", id="a-stamp-alone-is-the-text"),
    ],
)  # fmt: skip
def test_what_is_not_a_time_stamp_line_stays(text: str, first_paragraph: str) -> None:
    (article,) = _articles(text)
    assert article.paragraphs[0] == first_paragraph
    assert article.stamped_at is None


# -- 1990s agency copy: headline, "LONDON 1996-08-30", story (issue 13) --------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("BANK HOLDS RATES\nFRANKFURT 1996-08-22\nThe Bundesbank held rates.\nIt met on Thursday.", id="one-block"),
        pytest.param("BANK HOLDS RATES.\nFRANKFURT 1996-08-22\nThe Bundesbank held rates.\nIt met on Thursday.",
                     id="headline-closed-by-a-period"),
        pytest.param("BANK HOLDS RATES\n\nFRANKFURT 1996-08-22\n\nThe Bundesbank held rates.\nIt met on Thursday.",
                     id="dateline-a-block-of-its-own"),
        pytest.param("BANK HOLDS RATES.\n\nFRANKFURT 1996-08-22\nThe Bundesbank held rates.\nIt met on Thursday.",
                     id="blank-line-under-a-headline-with-a-period"),
        pytest.param("BANK HOLDS RATES\nFRANKFURT 1996-08-22\n\nThe Bundesbank held rates.\nIt met on Thursday.",
                     id="story-a-block-of-its-own"),
    ],
)  # fmt: skip
def test_an_iso_dated_dateline_under_the_headline_dates_the_story(text: str) -> None:
    (article,) = _articles(text)
    assert article.title.rstrip(".") == "BANK HOLDS RATES"
    assert article.paragraphs[0] == "FRANKFURT 1996-08-22 The Bundesbank held rates. It met on Thursday."
    assert article.stamped_at == datetime(1996, 8, 22, tzinfo=UTC)
    assert match_dateline(article.paragraphs[0]) is not None


@pytest.mark.parametrize(
    ("text", "byline"),
    [
        pytest.param("EU REJECTS CALL.\nPeter Blackburn\nBRUSSELS 1996-08-22\nThe Commission disagreed.", "Peter Blackburn",
                     id="under-the-headline"),
        pytest.param("EU REJECTS CALL\n\nBy Anna M. de Vries\nBRUSSELS 1996-08-22\nThe Commission disagreed.", "Anna M. de Vries",
                     id="own-block-with-by"),
        pytest.param("EU REJECTS CALL\nPeter Blackburn\nBRUSSELS, Aug 22 - The Commission disagreed.", "Peter Blackburn",
                     id="over-any-dateline"),
        pytest.param("EU REJECTS CALL\nPETER BLACKBURN\nBRUSSELS 1996-08-22\nThe Commission disagreed.", None,
                     id="capitals-are-a-slug-not-a-name"),
        pytest.param("EU REJECTS CALL\nOfficials say no\nBRUSSELS 1996-08-22\nThe Commission disagreed.", None,
                     id="words-that-are-no-names"),
    ],
)  # fmt: skip
def test_a_reporters_name_between_headline_and_dateline_is_the_byline(text: str, byline: str | None) -> None:
    (article,) = _articles(text)
    assert article.byline == byline
    assert article.title.startswith("EU REJECTS CALL") if byline else True
    if byline:
        assert match_dateline(article.paragraphs[0]) is not None and byline not in article.body


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Bank holds rates.\nFRANKFURT 1996-08-22\nThe Bundesbank held rates.", id="a-sentence-is-no-headline"),
        pytest.param("BANK HOLDS RATES.\n\nThe Bundesbank held rates.", id="no-dateline-under-it"),
    ],
)
def test_a_period_ends_a_capitals_headline_only_over_a_dateline(text: str) -> None:
    (article,) = _articles(text)
    assert article.title_source == "derived"


# -- a story's sign-off (issue 13: "REUTER" as an organisation on every story) ----------------


@pytest.mark.parametrize(
    ("text", "last_paragraph"),
    [
        pytest.param("LONDON, March 3 - Shares rose.\n Reuter", "LONDON, March 3 - Shares rose.", id="wire-sign-off-line"),
        pytest.param("Headline\n\nShares rose.\n\nProfits fell.\n\nREUTER", "Profits fell.", id="own-block"),
        pytest.param("Headline\n\nShares rose.\nAFP", "Shares rose.", id="agency-signature"),
        pytest.param("Headline\n\nShares rose.\n- ENDS -", "Shares rose.", id="end-mark"),
        pytest.param("Headline\n\nShares rose. Reuter", "Shares rose. Reuter", id="inside-a-line-is-text"),
        pytest.param("Headline\n\nShares rose.\nReuters", "Shares rose.", id="agency-name-form"),
        pytest.param("Headline\n\nShares rose.\nReuters said", "Shares rose. Reuters said", id="a-sentence-is-text"),
        pytest.param("Headline\n\nThe agency is\nAP", "The agency is", id="last-line-only-never-middle"),
        pytest.param("Headline\n\nAP\n\nShares rose.", "Shares rose.", id="not-the-last-line-kept"),
    ],
)
def test_a_stories_sign_off_line_is_dropped(text: str, last_paragraph: str) -> None:
    (article,) = _articles(text)
    assert article.paragraphs[-1] == last_paragraph
    assert article.body.endswith(last_paragraph)


def test_a_story_that_is_only_a_sign_off_keeps_it() -> None:
    (article,) = _articles("Reuter")
    assert article.paragraphs == ["Reuter"]


def test_html_and_json_units_keep_their_last_line() -> None:
    (article,) = _articles("Shares rose.\nAP", single=True)
    assert article.paragraphs[-1] == "Shares rose. AP"


def test_an_article_longer_than_the_limit_is_quarantined_not_truncated() -> None:
    from pathlib import Path

    from etl.config import SegmentConfig
    from etl.errors import QuarantineError
    from etl.models import CleanUnit, PageMetadata, RawUnit, SourceFile

    raw = RawUnit(SourceFile(Path("/x.txt"), "x.txt", 1, 0.0), "text", "utf-8", "0" * 64, "")
    unit = CleanUnit(raw, "Title\n\n" + "word " * 300, PageMetadata(), single_article=False)
    with pytest.raises(QuarantineError) as info:
        list(segment(unit, SegmentConfig(max_article_chars=1000)))
    assert info.value.reason == "article_too_large"
    assert len(list(segment(unit, SegmentConfig(max_article_chars=10_000)))) == 1


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n", " ", "\t", "-", "---", "=", "===", "_", "#", "~", "*", "* *", "\f",
                                 "a", "Word", "- - -", "\n\n\n"]), max_size=30))  # fmt: skip
def test_break_scan_finds_exactly_what_the_break_regex_finds(atoms):
    from etl.segment.articles import _BREAK, _breaks

    text = "".join(atoms)
    assert [(m.span(), m.group()) for m in _breaks(text)] == [(m.span(), m.group()) for m in _BREAK.finditer(text)]


# -- a headline or slug line right above the dateline (issue 14, item 3) ------------------------


@pytest.mark.parametrize(
    ("text", "title", "source", "lead"),
    [
        pytest.param(
            "BANK DENIES DEVALUATION PLAN - SOURCES\nHARARE, March 21 - The Reserve Bank denied it.",
            "BANK DENIES DEVALUATION PLAN - SOURCES", "explicit", "HARARE, March 21 - The Reserve Bank denied it.",
            id="caps-headline-line-over-dateline",
        ),
        pytest.param(
            "TENNIS - SMITH BEATS JONES IN FINAL\n  LONDON, July 5 (Reuters) - Smith won. Jones lost.",
            "TENNIS - SMITH BEATS JONES IN FINAL", "explicit", "LONDON, July 5 (Reuters) - Smith won. Jones lost.",
            id="slug-headline-over-indented-dateline",
        ),
        pytest.param(
            "Bank denies devaluation plan\nHARARE, March 21 - The bank denied it.",
            "Bank denies devaluation plan", "explicit", "HARARE, March 21 - The bank denied it.",
            id="mixed-case-headline-over-dateline",
        ),
        pytest.param(
            "Shares rise in Tokyo\n\nECONOMIC SPOTLIGHT\nTOKYO, March 3 - Shares rose.",
            "Shares rise in Tokyo", "explicit", "TOKYO, March 3 - Shares rose.",
            id="caps-slug-under-a-headline-is-dropped",
        ),
        pytest.param(
            "LONDON, March 3 - The bank\nsaid on Monday it would act.",
            "The bank said on Monday it would act", "derived", "LONDON, March 3 - The bank said on Monday it would act.",
            id="soft-wrapped-dateline-is-not-split",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT - BUNDESBANK POLICY FRANKFURT, March 3 - The Bundesbank held rates.",
            "The Bundesbank held rates", "derived",
            "ECONOMIC SPOTLIGHT - BUNDESBANK POLICY FRANKFURT, March 3 - The Bundesbank held rates.",
            id="derived-title-skips-slug-and-dateline",
        ),
        # slug and headline lines stacked above the dateline (found by make bench-datelines)
        pytest.param(
            "ENERGY OUTLOOK\nTEACHERS END STRIKE\nMinneapolis, May 7 (AP) - Teachers went back.",
            "TEACHERS END STRIKE", "explicit", "Minneapolis, May 7 (AP) - Teachers went back.",
            id="slug-line-and-headline-line-over-dateline",
        ),
        pytest.param(
            "WIRE SERVICE\nCREDIT MARKETS\nBONDS RALLY\n  NEW YORK, May 7 - Bonds rose.",
            "BONDS RALLY", "explicit", "NEW YORK, May 7 - Bonds rose.",
            id="two-slug-lines-and-headline-over-indented-dateline",
        ),
        pytest.param(
            "ONE\nTWO\nTHREE\nFOUR\nHARARE, March 21 - The bank denied it.",
            "ONE TWO THREE FOUR HARARE, March 21 - The bank denied it", "derived",
            "ONE TWO THREE FOUR HARARE, March 21 - The bank denied it.",
            id="four-lines-above-are-too-many",
        ),
        pytest.param(
            "Talks went on late\nBANK DENIES PLAN\nHARARE, March 21 - The bank denied it.",
            "Talks went on late BANK DENIES PLAN HARARE, March 21 - The bank denied it", "derived",
            "Talks went on late BANK DENIES PLAN HARARE, March 21 - The bank denied it.",
            id="mixed-case-line-is-not-a-slug-over-a-headline",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT\n\nCOFFEE EXPORTERS CUT SHIPMENTS\n\n    ATHENS, Jul 24 - Exporters agreed.",
            "ECONOMIC SPOTLIGHT", "explicit", "ATHENS, Jul 24 - Exporters agreed.",
            id="capitals-block-between-title-and-dateline-is-dropped",
        ),
        pytest.param(
            "MARKET WATCH\n\nFOCUS\n\nGRAIN\n\nWHEAT\n\nCHICAGO, May 7 - Wheat rose.",
            "MARKET WATCH", "explicit", "FOCUS",
            id="at-most-two-capitals-blocks-are-dropped",
        ),
        pytest.param(
            "Coffee exporters cut shipments\n\nExporters met today\n\nATHENS, Jul 24 - Exporters agreed.",
            "Coffee exporters cut shipments", "explicit", "Exporters met today",
            id="mixed-case-block-before-dateline-is-kept",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT\n\nBUNDESBANK FACES HARD CHOICE\n\nThe Bundesbank faces a choice.",
            "ECONOMIC SPOTLIGHT", "explicit", "BUNDESBANK FACES HARD CHOICE",
            id="capitals-block-without-dateline-below-is-kept",
        ),
        pytest.param(
            "weekly grain roundup\nbank denies plan - sources\nst. paul , aug 2 (reuter)-the bank denied it.",
            "bank denies plan - sources", "explicit", "st. paul , aug 2 (reuter)-the bank denied it.",
            id="lower-cased-copy-slug-and-headline-over-dateline",
        ),
        pytest.param(
            'economic spotlight\n\n"we will not be rushed" says minister\ncanberra, mar 23 - the minister spoke.',
            "economic spotlight", "explicit", "canberra, mar 23 - the minister spoke.",
            id="lower-cased-copy-second-headline-under-title-is-dropped",
        ),
        pytest.param(
            "talks went on late\nBANK DENIES PLAN\nHARARE, March 21 - The bank denied it.",
            "talks went on late BANK DENIES PLAN HARARE, March 21 - The bank denied it", "derived",
            "talks went on late BANK DENIES PLAN HARARE, March 21 - The bank denied it.",
            id="lower-case-line-over-a-capitals-dateline-is-not-a-slug",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT\n\ncoffee exporters cut shipments\n\nATHENS, Jul 24 - Exporters agreed.",
            "ECONOMIC SPOTLIGHT", "explicit", "coffee exporters cut shipments",
            id="lower-case-block-over-a-capitals-dateline-is-kept",
        ),
        pytest.param(
            "26-MAR-1987 01:40:41.75\nBANK DENIES PLAN\n\nHARARE, March 21 - The bank denied it.",
            "BANK DENIES PLAN", "explicit", "HARARE, March 21 - The bank denied it.",
            id="time-stamp-line-over-headline-block",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT\nBank denies plan\n\nHARARE, March 21 - The bank denied it.",
            "Bank denies plan", "explicit", "HARARE, March 21 - The bank denied it.",
            id="slug-line-over-mixed-case-headline-block",
        ),
        pytest.param(
            "Talks went on\nBANK DENIES PLAN\n\nHARARE, March 21 - The bank denied it.",
            "Talks went on BANK DENIES PLAN", "derived", "Talks went on BANK DENIES PLAN",
            id="mixed-case-line-over-headline-block-is-not-a-stack",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT\nBANK DENIES PLAN\n\nThe bank denied it.",
            "ECONOMIC SPOTLIGHT BANK DENIES PLAN", "derived", "ECONOMIC SPOTLIGHT BANK DENIES PLAN",
            id="stack-without-dateline-below-is-left-alone",
        ),
    ],
)  # fmt: skip
def test_headline_line_over_a_dateline(text: str, title: str, source: str, lead: str) -> None:
    [article] = _articles(text)
    assert (article.title, article.title_source, article.paragraphs[0]) == (title, source, lead)


def test_split_on_datelines_sees_the_dateline_under_a_headline_line() -> None:
    text = (
        "BANK DENIES PLAN - SOURCES\nHARARE, March 21 - The bank denied it.\n\n"
        "HARARE, March 22 - Talks went on."
    )
    assert [t for _, t in split_articles(text)] == [
        "BANK DENIES PLAN - SOURCES\nHARARE, March 21 - The bank denied it.",
        "HARARE, March 22 - Talks went on.",
    ]
