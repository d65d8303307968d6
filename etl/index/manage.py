"""Index lifecycle: setup, status, zero-downtime reindex, prune.

The reindex has four steps, each a function: :func:`reindex_start` (a new empty index),
fill (:func:`copy_documents`, or a run from the source files), :func:`reindex_verify`,
:func:`reindex_swap`. :func:`reindex` runs them in one call for ``etl index reindex``;
the ``reindex_articles`` DAG runs them as its four tasks and the ingest DAG's ``reindex``
param uses the first and the last (its batches fill the index).

Searches always go through the alias. A reindex builds a new concrete index, fills
it, checks it, then moves the alias in one atomic ``_aliases`` call, so a search
running through the swap sees either the old or the new index, never neither.
Old indices stay for rollback until ``prune`` removes them: nothing is deleted by
accident.

Replicas: ``setup`` also brings the write index and the runs index to the configured
``elasticsearch.replicas`` (a dynamic setting), so raising it for a cluster takes effect on
an existing index with ``etl index setup`` or the next run, not only on the next reindex.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from etl.config import ElasticsearchConfig
from etl.errors import ElasticsearchUnavailable, IndexSetupError, ReportMismatch
from etl.index.schema import IndexNames, render_templates, schema_version

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)


def put_templates(es: Elasticsearch, cfg: ElasticsearchConfig) -> None:
    """Create or update the component and index templates (idempotent)."""
    for key, body in render_templates(cfg).items():
        kind, name = key.split(":", 1)
        body = dict(body)
        meta = body.pop("_meta", None)
        if kind == "component":
            es.cluster.put_component_template(name=name, template=body["template"], meta=meta)
        else:
            es.indices.put_index_template(name=name, meta=meta, **body)


def alias_indices(es: Elasticsearch, names: IndexNames) -> dict[str, bool]:
    """Concrete indices behind the alias → whether each is the write index."""
    if not es.indices.exists_alias(name=names.alias):
        return {}
    found = es.indices.get_alias(name=names.alias)
    out = {}
    for index, body in found.body.items():
        spec = body.get("aliases", {}).get(names.alias, {})
        out[index] = bool(spec.get("is_write_index", len(found.body) == 1))
    return out


def write_index(es: Elasticsearch, names: IndexNames) -> str | None:
    """The concrete index that writes through the alias go to."""
    for index, is_write in alias_indices(es, names).items():
        if is_write:
            return index
    return None


def create_index(es: Elasticsearch, names: IndexNames) -> str:
    """A new, empty concrete index for the current schema (templates must be in place)."""
    index = names.new_index()
    es.indices.create(index=index, wait_for_active_shards="1")
    return index


def apply_replicas(es: Elasticsearch, index: str, cfg: ElasticsearchConfig) -> None:
    """Set ``index``'s replica count to ``cfg.replicas`` only when it differs."""
    found = es.indices.get_settings(index=index, name="index.number_of_replicas", flat_settings=True).body
    current = next(iter(found.values()), {}).get("settings", {}).get("index.number_of_replicas")
    if current is None or int(current) != cfg.replicas:
        es.indices.put_settings(index=index, settings={"index": {"number_of_replicas": cfg.replicas}})


def setup(es: Elasticsearch, cfg: ElasticsearchConfig) -> str:
    """Put templates in place and make sure the alias points at a write index; return that index.

    Safe to run any number of times; it never touches documents.
    """
    names = IndexNames.of(cfg)
    try:
        put_templates(es, cfg)
        current = write_index(es, names)
        if current is None:
            if es.indices.exists(index=names.alias) and not es.indices.exists_alias(name=names.alias):
                raise IndexSetupError(
                    f"a concrete index named {names.alias!r} exists where the alias should be; "
                    "reindex it into a versioned index and delete it, or choose another index_prefix"
                )
            current = create_index(es, names)
            es.indices.update_aliases(
                actions=[{"add": {"index": current, "alias": names.alias, "is_write_index": True}}]
            )
        if not es.indices.exists(index=names.runs):
            es.indices.create(index=names.runs)
        for index in (current, names.runs):
            apply_replicas(es, index, cfg)
    except IndexSetupError:
        raise
    except Exception as exc:  # elasticsearch's transport and API errors
        from etl.index.client import redacted_url

        raise ElasticsearchUnavailable(
            f"index setup on {redacted_url(cfg.url)} failed: {exc}. Is Elasticsearch running "
            "(`etl es start`), and are ES_URL and the credentials right?"
        ) from exc
    return current


def index_schema_version(es: Elasticsearch, index: str) -> int | None:
    meta = es.indices.get_mapping(index=index).body[index]["mappings"].get("_meta", {})
    return int(meta["schema_version"]) if "schema_version" in meta else None


def status(es: Elasticsearch, cfg: ElasticsearchConfig) -> dict[str, Any]:
    """Alias, indices with document counts and schema versions, and whether a reindex is due."""
    names = IndexNames.of(cfg)
    behind = alias_indices(es, names)
    indices = []
    for index in sorted(es.indices.get(index=names.pattern, expand_wildcards="open").body):
        count = es.count(index=index)["count"]
        indices.append(
            {
                "index": index,
                "docs": count,
                "schema_version": index_schema_version(es, index),
                "behind_alias": index in behind,
                "write_index": behind.get(index, False),
            }
        )
    current = write_index(es, names)
    current_version = index_schema_version(es, current) if current else None
    return {
        "alias": names.alias,
        "write_index": current,
        "schema_version_expected": schema_version(),
        "schema_version_current": current_version,
        "reindex_needed": current is not None and current_version != schema_version(),
        "indices": indices,
    }


def swap_alias(es: Elasticsearch, names: IndexNames, new_index: str) -> list[str]:
    """Point the alias at ``new_index`` only, atomically; return the indices it left."""
    old = list(alias_indices(es, names))
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": names.alias}} for i in old if i != new_index]
    actions.append({"add": {"index": new_index, "alias": names.alias, "is_write_index": True}})
    es.indices.update_aliases(actions=actions)
    return [i for i in old if i != new_index]


def copy_documents(es: Elasticsearch, source: str, dest: str, cfg: ElasticsearchConfig) -> int:
    """Copy every document of ``source`` into ``dest``; return how many were copied.

    Uses the server-side ``_reindex`` API when the cluster has it, and a client-side
    scroll + bulk copy otherwise (the project's local node ships without the reindex
    module).
    """
    from elasticsearch import ApiError

    try:
        result = es.options(request_timeout=3600).reindex(
            source={"index": source},
            dest={"index": dest, "op_type": "index"},
            wait_for_completion=True,
            refresh=True,
        )
        if result.get("failures"):
            raise IndexSetupError(f"reindex {source} → {dest} had failures: {result['failures'][:3]}")
        return int(result.get("total", 0))
    except ApiError as exc:
        if exc.meta.status not in (400, 404, 405):
            raise
        log.info("server-side _reindex unavailable (%s); copying through the client", exc.meta.status)
    ok, errors = _client_copy(es, source, dest)
    if errors:
        raise IndexSetupError(f"copying {source} → {dest} failed for {len(errors)} documents: {errors[:3]}")
    es.indices.refresh(index=dest)
    return ok


def _client_copy(es: Elasticsearch, source: str, dest: str) -> tuple[int, list[Any]]:
    from elasticsearch import helpers

    actions = (
        {"_op_type": "index", "_index": dest, "_id": hit["_id"], "_source": hit["_source"]}
        for hit in helpers.scan(es, index=source, query={"query": {"match_all": {}}}, size=1000, preserve_order=False)
    )
    ok, errors = helpers.bulk(es, actions, chunk_size=500, raise_on_error=False, max_retries=5)
    return ok, list(errors) if isinstance(errors, list) else []


def verify_searches(es: Elasticsearch, old: str | None, new: str, queries: Iterable[str]) -> None:
    """Each query that finds documents in ``old`` must find some in ``new`` too (before a swap)."""
    for query in queries:
        body = {"simple_query_string": {"query": query, "fields": ["title", "body"]}}
        had = es.count(index=old, query=body)["count"] if old else 0
        if had and not es.count(index=new, query=body)["count"]:
            raise IndexSetupError(f"verification search {query!r} finds nothing in {new}; alias left on {old}")


class Filled(NamedTuple):
    """What the fill step of a reindex wrote into the new index."""

    documents: int
    dead_lettered: int = 0
    run_id: str | None = None
    """The run that filled it (its dead letters are under that run's folder)."""


def reindex_start(es: Elasticsearch, cfg: ElasticsearchConfig, *, ensure_alias: bool = False) -> tuple[str | None, str]:
    """Reindex, step 1: templates in place, then a new empty index; return (old write index, new index).

    With ``ensure_alias`` the alias (and the runs index) are set up first, as :func:`setup`
    does, so there is an old index even on a fresh cluster.
    """
    names = IndexNames.of(cfg)
    if ensure_alias:
        setup(es, cfg)
    else:
        put_templates(es, cfg)
    return write_index(es, names), create_index(es, names)


def reindex_verify(
    es: Elasticsearch,
    old: str | None,
    new: str,
    filled: Filled,
    queries: Iterable[str] = (),
) -> int:
    """Reindex, step 3: the new index holds exactly what was filled, nothing was dead-lettered,
    and every query that finds documents in ``old`` finds some in ``new``; return its count.

    Raises :class:`ReportMismatch` for a count or dead letters, :class:`IndexSetupError` for a
    search; either way the alias stays where it is.
    """
    es.indices.refresh(index=new)
    actual = es.count(index=new)["count"]
    if actual != filled.documents or filled.dead_lettered:
        dead = f"the dead letters of run {filled.run_id}" if filled.run_id else "the dead letters"
        raise ReportMismatch(
            f"{new} holds {actual} documents, {filled.documents} expected, {filled.dead_lettered} dead-lettered;"
            f" the alias stays on {old}: check {dead}, fix, and run the reindex again"
        )
    verify_searches(es, old, new, queries)
    return actual


def reindex_swap(es: Elasticsearch, cfg: ElasticsearchConfig, new: str) -> list[str]:
    """Reindex, step 4: move the alias to ``new`` in one atomic call; return the indices kept for rollback."""
    return swap_alias(es, IndexNames.of(cfg), new)


def reindex(
    es: Elasticsearch,
    cfg: ElasticsearchConfig,
    *,
    fill: Callable[[str], Filled] | None = None,
    verify_queries: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Build a new index, fill it, verify it, swap the alias; keep the old index for rollback.

    The four steps in one call (the ``reindex_articles`` DAG runs them as tasks).
    ``fill(new_index)`` fills the new index (e.g. a full pipeline run from the source
    files, :func:`etl.runner.reindex.fill_from_source`) and says what it wrote; by default
    documents are copied from the current write index.
    """
    old, new = reindex_start(es, cfg)
    if fill is None:
        if old is None:
            raise IndexSetupError("nothing to reindex: the alias has no index yet; run `etl index setup`")
        filled = Filled(copy_documents(es, old, new, cfg))
    else:
        filled = fill(new)
    actual = reindex_verify(es, old, new, filled, verify_queries)
    left = reindex_swap(es, cfg, new)
    return {"old_indices": left, "new_index": new, "documents": actual}


def prune(es: Elasticsearch, cfg: ElasticsearchConfig, *, keep: int = 1, dry_run: bool = False) -> list[str]:
    """Delete versioned indices not behind the alias, keeping the ``keep`` newest for rollback."""
    names = IndexNames.of(cfg)
    behind = set(alias_indices(es, names))
    candidates = sorted(i for i in es.indices.get(index=names.pattern).body if i not in behind)
    doomed = candidates[: max(0, len(candidates) - keep)]
    if not dry_run:
        for index in doomed:
            es.indices.delete(index=index)
    return doomed
