"""The Kibana saved objects against the real index: every field they use exists with a fitting
type, and every search and visualization, translated into the Elasticsearch query Kibana would
send, finds data.

Setup is the project's own: ``etl.index.manage.setup`` (templates, alias, runs index), then a
real ingest run of ``data/sample`` with ``etl.runner.run``, whose run report is indexed into
``<prefix>-runs`` (``RunReport.to_es_doc``). Data view titles map onto this test's prefix:
``articles`` → ``<prefix>``, ``articles-runs`` → ``<prefix>-runs``.

The translator covers exactly the Lens shapes the project writes (form-based layers with
``date_histogram``, ``terms`` ordered by a metric column, and ``count``/``sum``/``avg``/
``max``/``min``/``unique_count`` metrics), the saved search (columns, sort), the options-list
and time-slider controls and the map's Elasticsearch-documents layer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.es, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NDJSON = ROOT / "config" / "kibana" / "saved_objects.ndjson"
SAMPLE = ROOT / "data" / "sample"

OBJECTS = [json.loads(line) for line in NDJSON.read_text(encoding="utf-8").splitlines() if line.strip()]
BY_ID = {o["id"]: o for o in OBJECTS}
DATA_VIEWS = {o["id"]: o for o in OBJECTS if o["type"] == "index-pattern"}
LENS = [o for o in OBJECTS if o["type"] == "lens"]

BUCKET_TYPES = {"keyword", "constant_keyword", "long", "integer", "short", "byte", "float", "double", "half_float", "scaled_float", "date", "date_nanos", "boolean", "ip"}
NUMERIC_TYPES = {"long", "integer", "short", "byte", "float", "double", "half_float", "scaled_float"}
METRIC_AGGS = {"sum": "sum", "avg": "avg", "max": "max", "min": "min", "unique_count": "cardinality"}
#: Lens's "auto" interval: the time range over about this many buckets (Kibana's histogram:barTarget),
#: rounded up to one of these fixed intervals. The range here is the data's own (min..max of the field)
#: instead of the time picker's.
BAR_TARGET = 50
ROUND_INTERVALS = [("1m", 60), ("30m", 1800), ("1h", 3600), ("3h", 10800), ("12h", 43200), ("1d", 86400), ("7d", 604800), ("30d", 2592000), ("365d", 31536000)]


@dataclass
class Loaded:
    es: Any
    prefix: str
    report: Any

    def index_of(self, data_view_id: str) -> str:
        title = DATA_VIEWS[data_view_id]["attributes"]["title"]
        assert title == "articles" or title.startswith("articles-"), title
        return self.prefix + title.removeprefix("articles")


@pytest.fixture(scope="module")
def loaded(es_node: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """One real ingest run of data/sample for the whole module (own prefix, cleaned afterwards)."""
    from etl.config import ElasticsearchConfig, load_settings
    from etl.index.client import make_client
    from etl.index.manage import setup
    from etl.index.schema import IndexNames
    from etl.runner import run

    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings = load_settings(elasticsearch=ElasticsearchConfig(url=es_node.url, index_prefix=prefix))
    es = make_client(settings.elasticsearch)
    names = IndexNames.of(settings.elasticsearch)
    try:
        setup(es, settings.elasticsearch)
        report = run(es, settings, SAMPLE, workers=1, runs_dir=tmp_path_factory.mktemp("runs"))
        # The run publishes its report itself; index it again explicitly (same id: idempotent)
        # so this test does not depend on that best-effort step.
        es.index(index=names.runs, id=report.run_id, document=report.to_es_doc())
        es.indices.refresh(index=f"{prefix}*")
        assert es.count(index=names.alias)["count"] == report.indexed > 0
        yield Loaded(es, prefix, report)
    finally:
        es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
        for name in (prefix, f"{prefix}-runs"):
            es.options(ignore_status=404).indices.delete_index_template(name=name)
        for name in (f"{prefix}-settings", f"{prefix}-mappings"):
            es.options(ignore_status=404).cluster.delete_component_template(name=name)
        es.close()


# -- which fields the saved objects use -------------------------------------------------------


def field_uses() -> list[tuple[str, str, str, str]]:
    """(data view id, field, required kind, where) for every field any saved object names."""
    uses: list[tuple[str, str, str, str]] = []
    for dv_id, dv in DATA_VIEWS.items():
        attrs = dv["attributes"]
        uses.append((dv_id, attrs["timeFieldName"], "date", f"{dv_id} timeFieldName"))
        for field in json.loads(attrs["fieldAttrs"]):
            uses.append((dv_id, field, "any", f"{dv_id} fieldAttrs"))
    for obj in OBJECTS:
        refs = {r["name"]: r["id"] for r in obj["references"]}
        attrs = obj["attributes"]
        if obj["type"] == "search":
            dv_id = refs[json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])["indexRefName"]]
            for column in attrs["columns"]:
                uses.append((dv_id, column, "any", f"search {obj['id']} column"))
            for field, _ in attrs["sort"]:
                uses.append((dv_id, field, "bucket", f"search {obj['id']} sort"))
        elif obj["type"] == "lens":
            for layer_id, layer in attrs["state"]["datasourceStates"]["formBased"]["layers"].items():
                dv_id = refs[f"indexpattern-datasource-layer-{layer_id}"]
                for column in layer["columns"].values():
                    op, field = column["operationType"], column.get("sourceField")
                    where = f"lens {obj['id']} {op}"
                    if op == "date_histogram":
                        uses.append((dv_id, field, "date", where))
                    elif op == "terms":
                        uses.append((dv_id, field, "bucket", where))
                    elif op in ("sum", "avg", "max", "min"):
                        uses.append((dv_id, field, "numeric", where))
                    elif op == "unique_count":
                        uses.append((dv_id, field, "bucket", where))
        elif obj["type"] == "map":
            for layer in json.loads(attrs["layerListJSON"]):
                source = layer["sourceDescriptor"]
                if source.get("type") == "ES_SEARCH":
                    dv_id = refs[source["indexPatternRefName"]]
                    uses.append((dv_id, source["geoField"], "geo_point", f"map {obj['id']} geoField"))
                    uses.append((dv_id, source["sortField"], "bucket", f"map {obj['id']} sortField"))
                    for field in source["tooltipProperties"]:
                        uses.append((dv_id, field, "any", f"map {obj['id']} tooltip"))
        elif obj["type"] == "dashboard" and "controlGroupInput" in attrs:
            for cid, control in json.loads(attrs["controlGroupInput"]["panelsJSON"]).items():
                if control["type"] == "optionsListControl":
                    dv_id = refs[f"controlGroup_{cid}:optionsListDataView"]
                    uses.append((dv_id, control["explicitInput"]["fieldName"], "bucket", f"dashboard {obj['id']} control"))
    return uses


def test_every_used_field_exists_with_a_fitting_type(loaded: Loaded) -> None:
    problems = []
    caps_by_index: dict[str, dict[str, Any]] = {}
    uses = field_uses()
    assert {dv for dv, *_ in uses} == set(DATA_VIEWS)
    for dv_id, field, kind, where in uses:
        index = loaded.index_of(dv_id)
        if index not in caps_by_index:
            caps_by_index[index] = loaded.es.field_caps(index=index, fields="*").body["fields"]
        caps = caps_by_index[index].get(field)
        if not caps:
            problems.append(f"{where}: field {field!r} is not in the mapping of {index}")
            continue
        types = set(caps) - {"unmapped"}
        info = next(iter(caps.values()))
        ok = {
            "any": bool(types),
            "date": types <= {"date", "date_nanos"},
            "bucket": types <= BUCKET_TYPES and all(c.get("aggregatable") for c in caps.values()),
            "numeric": types <= NUMERIC_TYPES,
            "geo_point": types == {"geo_point"},
        }[kind]
        if not ok:
            problems.append(f"{where}: field {field!r} is {sorted(types)} (aggregatable={info.get('aggregatable')}), needs {kind}")
    assert not problems, "\n".join(problems)


# -- translating saved objects into Elasticsearch requests ------------------------------------------


def auto_interval(loaded: Loaded, index: str, field: str) -> str:
    stats = loaded.es.search(index=index, size=0, aggs={"s": {"stats": {"field": field}}}).body["aggregations"]["s"]
    span_s = ((stats["max"] or 0) - (stats["min"] or 0)) / 1000
    for name, seconds in ROUND_INTERVALS:
        if span_s / seconds <= BAR_TARGET:
            return name
    return ROUND_INTERVALS[-1][0]


def lens_request(layer: dict[str, Any], auto: str = "1d") -> tuple[dict[str, Any], list[str]]:
    """The aggregation request for one Lens form-based layer; returns (aggs, bucket column ids)."""
    columns = layer["columns"]
    buckets = [cid for cid in layer["columnOrder"] if columns[cid]["isBucketed"]]
    metrics = [cid for cid in layer["columnOrder"] if not columns[cid]["isBucketed"]]

    def metric_aggs() -> dict[str, Any]:
        out = {}
        for cid in metrics:
            col = columns[cid]
            if col["operationType"] == "count":
                continue  # doc_count
            out[cid] = {METRIC_AGGS[col["operationType"]]: {"field": col["sourceField"]}}
        return out

    inner: dict[str, Any] = metric_aggs()
    for cid in reversed(buckets):
        col = columns[cid]
        if col["operationType"] == "date_histogram":
            interval = col["params"]["interval"]
            body: dict[str, Any] = {
                "date_histogram": {"field": col["sourceField"], "fixed_interval": auto if interval == "auto" else interval}
            }
        elif col["operationType"] == "terms":
            params = col["params"]
            order_col = columns[params["orderBy"]["columnId"]]
            key = "_count" if order_col["operationType"] == "count" else params["orderBy"]["columnId"]
            body = {"terms": {"field": col["sourceField"], "size": params["size"], "order": {key: params["orderDirection"]}}}
        else:  # pragma: no cover - the project writes no other bucket operation
            raise AssertionError(f"no translation for {col['operationType']}")
        if inner:
            body["aggs"] = inner
        inner = {cid: body}
    return inner, buckets


def rows(response: dict[str, Any], layer: dict[str, Any], buckets: list[str]) -> list[dict[str, Any]]:
    """Flatten the aggregation response into Lens-like table rows (one per leaf bucket)."""
    columns = layer["columns"]
    metrics = [cid for cid in layer["columnOrder"] if not columns[cid]["isBucketed"]]

    def leaf(node: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
        row = dict(key)
        for cid in metrics:
            row[cid] = node["doc_count"] if columns[cid]["operationType"] == "count" else node[cid]["value"]
        return row

    def walk(node: dict[str, Any], level: int, key: dict[str, Any]) -> list[dict[str, Any]]:
        if level == len(buckets):
            return [leaf(node, key)]
        out = []
        for bucket in node[buckets[level]]["buckets"]:
            if bucket["doc_count"]:
                out += walk(bucket, level + 1, key | {buckets[level]: bucket.get("key_as_string", bucket["key"])})
        return out

    root = dict(response.get("aggregations") or {})
    root["doc_count"] = response["hits"]["total"]["value"]
    return walk(root, 0, {})


@pytest.mark.parametrize("obj", LENS, ids=lambda o: o["id"])
def test_lens_visualization_finds_data(loaded: Loaded, obj: dict[str, Any]) -> None:
    refs = {r["name"]: r["id"] for r in obj["references"]}
    state = obj["attributes"]["state"]
    assert state["query"] == {"query": "", "language": "kuery"} and state["filters"] == []
    for layer_id, layer in state["datasourceStates"]["formBased"]["layers"].items():
        index = loaded.index_of(refs[f"indexpattern-datasource-layer-{layer_id}"])
        dates = [c["sourceField"] for c in layer["columns"].values() if c["operationType"] == "date_histogram"]
        auto = auto_interval(loaded, index, dates[0]) if dates else "1d"
        aggs, buckets = lens_request(layer, auto)
        response = loaded.es.search(index=index, size=0, aggs=aggs or None, track_total_hits=True).body
        table = rows(response, layer, buckets)
        assert table, f"{obj['id']}: no buckets on {index}; aggs {json.dumps(aggs)}"
        metric_ids = [cid for cid in layer["columnOrder"] if not layer["columns"][cid]["isBucketed"]]
        for cid in metric_ids:
            assert any(row[cid] is not None for row in table), f"{obj['id']}: metric {cid} is empty in every row"
        if any(layer["columns"][c]["operationType"] == "count" for c in metric_ids):
            count_id = next(c for c in metric_ids if layer["columns"][c]["operationType"] == "count")
            assert sum(row[count_id] for row in table) > 0


def test_saved_search_lists_articles_newest_first(loaded: Loaded) -> None:
    search = BY_ID["articles-saved-search"]
    attrs = search["attributes"]
    source = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])
    index = loaded.index_of({r["name"]: r["id"] for r in search["references"]}[source["indexRefName"]])
    sort = [{field: {"order": direction}} for field, direction in attrs["sort"]]
    response = loaded.es.search(index=index, size=50, sort=sort, fields=attrs["columns"], source=False, track_total_hits=True).body
    hits = response["hits"]["hits"]
    assert response["hits"]["total"]["value"] == loaded.report.indexed
    assert hits
    stamps = [hit["sort"][0] for hit in hits]
    assert stamps == sorted(stamps, reverse=True)
    for column in attrs["columns"]:
        assert any(column in hit.get("fields", {}) for hit in hits), f"no article shows a value in column {column!r}"


def test_controls_offer_options(loaded: Loaded) -> None:
    dashboard = BY_ID["news-articles-dashboard"]
    refs = {r["name"]: r["id"] for r in dashboard["references"]}
    controls = json.loads(dashboard["attributes"]["controlGroupInput"]["panelsJSON"])
    for cid, control in controls.items():
        if control["type"] == "optionsListControl":
            index = loaded.index_of(refs[f"controlGroup_{cid}:optionsListDataView"])
            field = control["explicitInput"]["fieldName"]
            sort = control["explicitInput"]["sort"]
            response = loaded.es.search(
                index=index, size=0, aggs={"options": {"terms": {"field": field, "size": 10, "order": {sort["by"]: sort["direction"]}}}}
            ).body
            assert response["aggregations"]["options"]["buckets"], f"control {cid} on {field} offers no option"
        elif control["type"] == "timeSlider":
            dv = DATA_VIEWS["articles-data-view"]["attributes"]
            response = loaded.es.search(
                index=loaded.index_of("articles-data-view"), size=0, aggs={"range": {"stats": {"field": dv["timeFieldName"]}}}
            ).body
            assert response["aggregations"]["range"]["count"] > 0
        else:  # pragma: no cover
            raise AssertionError(f"unexpected control type {control['type']}")


def test_map_layer_finds_geo_points(loaded: Loaded) -> None:
    (map_obj,) = [o for o in OBJECTS if o["type"] == "map"]
    refs = {r["name"]: r["id"] for r in map_obj["references"]}
    for layer in json.loads(map_obj["attributes"]["layerListJSON"]):
        source = layer["sourceDescriptor"]
        if source.get("type") != "ES_SEARCH":
            continue
        index = loaded.index_of(refs[source["indexPatternRefName"]])
        geo = source["geoField"]
        response = loaded.es.search(
            index=index,
            size=10,
            query={"exists": {"field": geo}},
            sort=[{source["sortField"]: {"order": source["sortOrder"]}}],
            fields=[geo, *source["tooltipProperties"]],
            source=False,
            aggs={"bounds": {"geo_bounds": {"field": geo}}, "tiles": {"geotile_grid": {"field": geo, "precision": 4}}},
        ).body
        assert response["hits"]["hits"], "no article has a dateline position"
        assert response["aggregations"]["bounds"]["bounds"]["top_left"]
        assert response["aggregations"]["tiles"]["buckets"]
        assert any("title" in hit["fields"] for hit in response["hits"]["hits"])


def test_runs_data_view_sees_the_report(loaded: Loaded) -> None:
    index = loaded.index_of("articles-runs-data-view")
    hits = loaded.es.search(index=index, query={"term": {"run_id": loaded.report.run_id}}).body["hits"]["hits"]
    assert len(hits) == 1
    doc = hits[0]["_source"]
    assert doc["files_parsed"] == loaded.report.files_parsed and doc["indexed"] == loaded.report.indexed
