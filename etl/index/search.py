"""Full-text search over the ``articles`` alias, for ``etl search`` and the demo.

User text goes through ``simple_query_string``, which has no scripts, no field
boosting syntax that reaches other indices, and never raises on bad syntax, so a
query string cannot inject DSL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

SEARCH_FIELDS = ["title^3", "title.exact^2", "lead^2", "body", "body.exact"]
FACETS = {"locations": "dateline.location", "people": "entities.people", "organizations": "entities.organizations"}


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    date_from: date | None = None
    date_to: date | None = None
    location: str | None = None
    person: str | None = None
    limit: int = 10
    include_duplicates: bool = True


def build_query(req: SearchRequest) -> dict[str, Any]:
    """The search body for ``req`` (query, filters, highlight, facets)."""
    must: list[dict[str, Any]] = []
    if req.query.strip():
        must.append(
            {
                "simple_query_string": {
                    "query": req.query,
                    "fields": SEARCH_FIELDS,
                    "default_operator": "and",
                    "flags": "AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE",
                }
            }
        )
    else:
        must.append({"match_all": {}})
    filters: list[dict[str, Any]] = []
    if req.date_from or req.date_to:
        rng: dict[str, str] = {}
        if req.date_from:
            rng["gte"] = req.date_from.isoformat()
        if req.date_to:
            rng["lte"] = req.date_to.isoformat()
        filters.append({"range": {"published_at": rng}})
    if req.location:
        filters.append({"term": {"dateline.location": req.location}})
    if req.person:
        filters.append({"term": {"entities.people": req.person}})
    bool_q: dict[str, Any] = {"must": must, "filter": filters}
    if not req.include_duplicates:
        bool_q["must_not"] = [{"exists": {"field": "duplicate_of"}}]
    return {
        "query": {"bool": bool_q},
        "size": req.limit,
        "_source": ["id", "title", "published_at", "dateline", "source.path", "duplicate_of", "entities"],
        "highlight": {
            "pre_tags": ["«"],
            "post_tags": ["»"],
            "fields": {"body": {"fragment_size": 160, "number_of_fragments": 1}, "title": {"number_of_fragments": 0}},
        },
        "aggs": {name: {"terms": {"field": field, "size": 10}} for name, field in FACETS.items()},
    }


def search(es: Elasticsearch, index: str, req: SearchRequest) -> dict[str, Any]:
    """Run the search; returns ``{"total", "hits": [...], "facets": {...}}``."""
    body = build_query(req)
    resp = es.search(index=index, **body)
    hits = []
    for hit in resp["hits"]["hits"]:
        src = hit["_source"]
        hl = hit.get("highlight", {})
        dateline = src.get("dateline") or {}
        hits.append(
            {
                "id": hit["_id"],
                "score": hit["_score"],
                "title": src.get("title"),
                "published_at": src.get("published_at"),
                "dateline": dateline.get("text"),
                "location": dateline.get("location"),
                "source": (src.get("source") or {}).get("path"),
                "duplicate_of": src.get("duplicate_of"),
                "highlight": (hl.get("body") or hl.get("title") or [""])[0],
            }
        )
    facets = {
        name: [(b["key"], b["doc_count"]) for b in resp["aggregations"][name]["buckets"]] for name in FACETS
    }
    return {"total": resp["hits"]["total"]["value"], "hits": hits, "facets": facets}


def format_table(result: dict[str, Any], width: int = 100) -> str:
    """A readable terminal rendering of :func:`search`'s result."""
    lines = [f"{result['total']} matching articles"]
    for i, hit in enumerate(result["hits"], 1):
        date_s = (hit["published_at"] or "")[:10] or "—"
        where = hit["location"] or "—"
        lines.append(f"{i:>2}. {hit['title']}")
        lines.append(f"    {date_s} · {where} · {hit['source']}" + (" · duplicate" if hit["duplicate_of"] else ""))
        if hit["highlight"]:
            lines.append("    " + " ".join(hit["highlight"].split())[: width - 4])
    for name, buckets in result["facets"].items():
        if buckets:
            lines.append(f"{name}: " + ", ".join(f"{k} ({n})" for k, n in buckets))
    return "\n".join(lines)
