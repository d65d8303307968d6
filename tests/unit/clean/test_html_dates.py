"""Publication dates of HTML pages (etl.clean.html.dates): precedence, languages, ambiguity, plausibility."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from etl.clean.html import extract_article
from etl.clean.html.dates import text_dates

BODY_DE = "<p>" + "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen und damit lange Debatten beendet. " * 4 + "</p>"


def page(body: str, head: str = "", lang: str = "de") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def article(byline: str, lang: str = "de", head: str = "", after: str = "") -> str:
    return page(f"<article><h1>Haushalt beschlossen</h1>{byline}{BODY_DE}</article>{after}", head, lang)


def d(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("html", "published", "modified"),
    [
        pytest.param(article('<div class="byline">Von Anna Berg | 12. März 2024, 14:30 Uhr</div>'), d(2024, 3, 12, 14, 30), None, id="de-byline-with-time"),
        pytest.param(article('<p class="meta">Aktualisiert am 14.03.2024 – Veröffentlicht am 12.03.2024</p>'), d(2024, 3, 12), d(2024, 3, 14), id="de-published-cue-beats-updated-cue"),
        pytest.param(article('<span class="date">Publié le 1er mars 2024 à 10h15</span>', "fr"), d(2024, 3, 1, 10, 15), None, id="fr-ordinal-and-h-time"),
        pytest.param(article('<div class="fecha">12 de marzo de 2024</div>', "es"), d(2024, 3, 12), None, id="es-de-month-de-year"),
        pytest.param(article('<div class="data">12 marca 2024</div>', "pl"), d(2024, 3, 12), None, id="pl-genitive-month"),
        pytest.param(article('<div class="data">Pubblicato il 12 marzo 2024</div>', "it"), d(2024, 3, 12), None, id="it-month"),
        pytest.param(article('<div class="datum">12 maart 2024</div>', "nl"), d(2024, 3, 12), None, id="nl-month"),
        pytest.param(article('<div class="info">发布时间：2024年3月12日 10:00</div>', "zh-CN"), d(2024, 3, 12, 10), None, id="zh-year-month-day-with-time"),
        pytest.param(article('<div class="date">12/03/2024</div>', "fr"), d(2024, 3, 12), None, id="slash-day-first-outside-english"),
        pytest.param(article('<div class="date">03/04/2024</div>', "en-US"), d(2024, 3, 4), None, id="slash-month-first-in-us-english"),
        pytest.param(article('<div class="date">03/04/2024</div>', "en"), None, None, id="slash-ambiguous-in-english-refused"),
        pytest.param(article('<div class="date">13/03/2024</div>', "en"), d(2024, 3, 13), None, id="slash-unambiguous-in-english"),
        pytest.param(article('<div class="date">March 12, 2024</div>', "en"), d(2024, 3, 12), None, id="en-month-day-year"),
        pytest.param(article("", head='<link rel="canonical" href="https://x.de/politik/2024/03/12/haushalt.html">'), d(2024, 3, 12), None, id="url-slashes"),
        pytest.param(article("", head='<meta property="og:url" content="https://x.de/a/20240312/haushalt">'), d(2024, 3, 12), None, id="url-eight-digits"),
        pytest.param(article("", head='<link rel="canonical" href="https://x.de/2024/02/30/x">'), None, None, id="url-impossible-date"),
        pytest.param(
            article('<div class="date">12.03.2024</div>', head='<meta property="article:published_time" content="2024-03-10T08:00:00Z">'),
            d(2024, 3, 10, 8), None, id="structured-beats-byline",
        ),
        pytest.param(
            article("", head='<link rel="canonical" href="https://x.de/2024/03/01/x"><script type="application/ld+json">{"@type":"NewsArticle","dateCreated":"2024-03-02"}</script>'),
            d(2024, 3, 2), None, id="jsonld-date-created-beats-url",
        ),
        pytest.param(article('<div class="date">12.03.2024</div>', head='<link rel="canonical" href="https://x.de/2024/03/01/x">'), d(2024, 3, 12), None, id="byline-beats-url"),
        pytest.param(article("", head='<meta property="article:modified_time" content="2024-03-14T10:00:00Z">'), d(2024, 3, 14, 10), d(2024, 3, 14, 10), id="modified-only-is-the-fallback"),
        pytest.param(
            article("", head='<meta property="article:published_time" content="2024-03-12T10:00:00Z"><meta property="article:modified_time" content="2024-03-14T10:00:00Z">'),
            d(2024, 3, 12, 10), d(2024, 3, 14, 10), id="original-preferred-over-modified",
        ),
        pytest.param(article("", after='<div class="comments"><time datetime="2024-05-01">1 May</time> 13.05.2024</div>'), None, None, id="comment-dates-ignored"),
        pytest.param(article("", after='<ul class="related"><li>Andere Meldung, 13.05.2024</li></ul>'), None, None, id="related-list-dates-ignored"),
        pytest.param(article("", after="<footer>© 2024 Zeitung, 01.01.2024</footer>"), None, None, id="footer-dates-ignored"),
        pytest.param(article('<div class="date">12.03.2099</div>'), None, None, id="future-refused"),
        pytest.param(article("", head='<meta property="article:published_time" content="1970-01-01T00:00:00Z">'), None, None, id="placeholder-before-1990-refused"),
        pytest.param(
            article('<div class="date">12. März 1987</div>', head='<meta property="article:published_time" content="1987-03-12">'),
            d(1987, 3, 12), None, id="before-1990-when-two-sources-agree",
        ),
        pytest.param(
            page("<article><h1>T</h1><p>" + "Das Fest findet am 12. Juli 2025 statt und alle sind eingeladen. " * 8 + "</p></article>"),
            None, None, id="event-date-in-body-text-ignored",
        ),
        pytest.param(article('<div class="date">vor 2 Stunden</div>'), None, None, id="relative-date-ignored"),
    ],
)  # fmt: skip
def test_publication_date_rules(html: str, published: datetime | None, modified: datetime | None) -> None:
    meta = extract_article(html).metadata
    assert (meta.published_at, meta.modified_at) == (published, modified)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("12. März 2024", "de", [d(2024, 3, 12)]),
        ("12. Maerz 2024", "de", [d(2024, 3, 12)]),
        ("3. Dez. 2023 um 9:05", "de", [d(2023, 12, 3, 9, 5)]),
        ("le 5 févr. 2024", "fr", [d(2024, 2, 5)]),
        ("5 de septiembre de 2023", "es", [d(2023, 9, 5)]),
        ("5 września 2023", "pl", [d(2023, 9, 5)]),
        ("Sept. 5, 2023", "en", [d(2023, 9, 5)]),
        ("2023-09-05", None, [d(2023, 9, 5)]),
        ("05.09.2023 und 06.09.2023", "de", [d(2023, 9, 5), d(2023, 9, 6)]),
        ("31.02.2023", "de", []),
        ("12 Foo 2024", "en", []),
        ("05.09.23", "de", []),
    ],
)  # fmt: skip
def test_text_dates(text: str, lang: str | None, expected: list[datetime]) -> None:
    assert [when for when, _ in text_dates(text, lang)] == expected


# Every date source and form of issue 14 item 2 not already in the table above.
@pytest.mark.parametrize(
    ("html", "published", "modified"),
    [
        pytest.param(article("", head='<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-12T09:00:00+01:00","dateModified":"2024-03-14T10:00:00Z"}</script>'),
                     d(2024, 3, 12, 8), d(2024, 3, 14, 10), id="jsonld-date-published-and-modified"),
        pytest.param(article("", head='<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","datePublished":"2024-03-12"}]}</script>'),
                     d(2024, 3, 12), None, id="jsonld-graph"),
        pytest.param(article("", head='<meta property="og:article:published_time" content="2024-03-12T10:00:00Z">'), d(2024, 3, 12, 10), None, id="og-article-published-time"),
        pytest.param(article('<meta itemprop="datePublished" content="2024-03-12T10:00:00Z">'), d(2024, 3, 12, 10), None, id="itemprop-meta-content"),
        pytest.param(article('<time itemprop="datePublished" datetime="2024-03-12T10:00:00Z">12. März</time>'), d(2024, 3, 12, 10), None, id="itemprop-time"),
        pytest.param(article('<time datetime="2024-03-12T09:00:00+01:00">12. März 2024</time>'), d(2024, 3, 12, 8), None, id="time-datetime"),
        pytest.param(article('<time datetime="2024-03-12T09:00:00+01:00">vor 2 Stunden</time>'), d(2024, 3, 12, 8), None, id="relative-text-anchored-by-datetime"),
        pytest.param(article('<div class="date">gestern, 14:30 Uhr</div>'), None, None, id="de-relative-unanchored-ignored"),
        pytest.param(article('<div class="date">il y a 3 heures</div>', "fr"), None, None, id="fr-relative-unanchored-ignored"),
        pytest.param(article('<div class="fecha">hace 2 horas</div>', "es"), None, None, id="es-relative-unanchored-ignored"),
        pytest.param(article('<div class="fecha">12/03/2024</div>', "es"), d(2024, 3, 12), None, id="es-slash-day-first"),
        pytest.param(article('<div class="data">12/03/2024</div>', "it"), d(2024, 3, 12), None, id="it-slash-day-first"),
        pytest.param(article('<div class="datum">12-03-2024</div>', "nl"), d(2024, 3, 12), None, id="nl-dash-day-first"),
        pytest.param(article('<div class="data">12.03.2024, 10:42</div>', "pl"), d(2024, 3, 12, 10, 42), None, id="pl-dot-day-first-with-time"),
        pytest.param(article('<div class="date">Dienstag, 12. März 2024</div>'), d(2024, 3, 12), None, id="de-weekday-long"),
        pytest.param(article('<div class="date">mardi 12 mars 2024</div>', "fr"), d(2024, 3, 12), None, id="fr-weekday-long"),
        pytest.param(article('<div class="data">wtorek, 12 marca 2024</div>', "pl"), d(2024, 3, 12), None, id="pl-weekday-long"),
        pytest.param(article('<div class="date">2024年03月12日 09:12</div>', "zh-CN"), d(2024, 3, 12, 9, 12), None, id="zh-zero-padded-with-time"),
        pytest.param(article('<span class="updated">Aktualisiert am 14.03.2024</span>'), d(2024, 3, 14), d(2024, 3, 14), id="de-updated-only-is-the-fallback"),
        pytest.param(
            article('<div class="date">12.03.2024</div>', head='<meta property="article:published_time" content="2099-03-12T10:00:00Z">'),
            d(2024, 3, 12), None, id="future-structured-refused-byline-used",
        ),
        pytest.param(article('<div class="date">12. März 1987</div>'), None, None, id="before-1990-from-one-source-refused"),
        pytest.param(article('<div class="date">08/11/2022</div>', "en", head='<link rel="canonical" href="https://www.example.co.uk/news/x">'),
                     d(2022, 11, 8), None, id="en-ambiguous-numeric-on-uk-host-day-first"),
        pytest.param(article('<div class="date">08/11/2022</div>', "en", head='<link rel="canonical" href="https://news.example.us/x">'),
                     d(2022, 8, 11), None, id="en-ambiguous-numeric-on-us-host-month-first"),
        pytest.param(article('<div class="date">08/11/2022</div>', "en", head='<link rel="canonical" href="https://www.example.com/x">'),
                     None, None, id="en-ambiguous-numeric-on-generic-host-refused"),
        pytest.param(
            page('<div class="widget Blog"><h2 class="date-header">Donnerstag, 14. September 2023</h2><div class="post-body">' + BODY_DE + "</div></div>"),
            d(2023, 9, 14), None, id="date-in-a-widget-that-holds-the-post",
        ),
        pytest.param(
            page('<article><h1>T</h1>' + BODY_DE + '</article><div class="widget PopularPosts"><span class="date">13.05.2024</span></div>'),
            None, None, id="date-in-a-sidebar-widget-ignored",
        ),
    ],
)  # fmt: skip
def test_publication_date_sources_and_forms(html: str, published: datetime | None, modified: datetime | None) -> None:
    meta = extract_article(html).metadata
    assert (meta.published_at, meta.modified_at) == (published, modified)
