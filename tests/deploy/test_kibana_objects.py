"""config/kibana/saved_objects.ndjson: well-formed Kibana 8.x export, self-contained, reproducible."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NDJSON = ROOT / "config" / "kibana" / "saved_objects.ndjson"
BUILDER = ROOT / "tools" / "kibana" / "build_saved_objects.py"

REQUIRED_IDS = {
    "articles-data-view",
    "articles-runs-data-view",
    "articles-saved-search",
    "news-articles-dashboard",
    "ingestion-health-dashboard",
}
KNOWN_TYPES = {"index-pattern", "search", "lens", "map", "dashboard", "visualization"}


def load() -> list[dict[str, Any]]:
    lines = NDJSON.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in the NDJSON"
    return [json.loads(line) for line in lines]


OBJECTS = load()
BY_KEY = {(o["type"], o["id"]): o for o in OBJECTS}


def test_file_is_what_the_generator_builds() -> None:
    proc = subprocess.run([sys.executable, str(BUILDER), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: f"{o.get('type')}:{o.get('id')}")
def test_object_shape(obj: dict[str, Any]) -> None:
    assert set(obj) >= {"type", "id", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion", "managed"}
    assert obj["type"] in KNOWN_TYPES
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", obj["id"]), "ids are stable, readable slugs"
    assert obj["managed"] is False
    assert re.fullmatch(r"\d+\.\d+\.\d+", obj["coreMigrationVersion"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", obj["typeMigrationVersion"])
    major = int(obj["coreMigrationVersion"].split(".")[0])
    assert major == 8, "a Kibana 8.x export"
    assert isinstance(obj["attributes"], dict) and obj["attributes"].get("title")
    for ref in obj["references"]:
        assert set(ref) == {"id", "name", "type"}


def test_ids_unique_and_required_present() -> None:
    ids = [o["id"] for o in OBJECTS]
    assert len(ids) == len(set(ids))
    assert REQUIRED_IDS <= set(ids)


def test_same_type_same_migration_versions() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for o in OBJECTS:
        versions = (o["coreMigrationVersion"], o["typeMigrationVersion"])
        assert seen.setdefault(o["type"], versions) == versions


def test_every_reference_resolves_inside_the_file() -> None:
    for o in OBJECTS:
        names = [r["name"] for r in o["references"]]
        assert len(names) == len(set(names)), f"{o['id']}: duplicate reference names"
        for ref in o["references"]:
            assert (ref["type"], ref["id"]) in BY_KEY, f"{o['type']}/{o['id']} references missing {ref}"


def test_data_views() -> None:
    articles = BY_KEY[("index-pattern", "articles-data-view")]["attributes"]
    runs = BY_KEY[("index-pattern", "articles-runs-data-view")]["attributes"]
    assert (articles["title"], articles["timeFieldName"]) == ("articles", "@timestamp")
    assert (runs["title"], runs["timeFieldName"]) == ("articles-runs", "@timestamp")
    labels = json.loads(articles["fieldAttrs"])
    for field in ("title", "dateline.location", "published_at", "entities.people", "entities.organizations", "source.path"):
        assert labels[field]["customLabel"]
    assert json.loads(runs["fieldAttrs"])["files_quarantined"]["customLabel"]


def test_saved_search() -> None:
    search = BY_KEY[("search", "articles-saved-search")]
    attrs = search["attributes"]
    assert attrs["title"] == "Articles"
    assert attrs["columns"] == ["title", "dateline.location", "published_at", "entities.people", "source.path"]
    assert attrs["sort"] == [["@timestamp", "desc"]]
    source = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])
    ref = {r["name"]: r for r in search["references"]}[source["indexRefName"]]
    assert (ref["type"], ref["id"]) == ("index-pattern", "articles-data-view")


@pytest.mark.parametrize("obj", [o for o in OBJECTS if o["type"] == "lens"], ids=lambda o: o["id"])
def test_lens_layers_reference_their_data_view(obj: dict[str, Any]) -> None:
    state = obj["attributes"]["state"]
    layers = state["datasourceStates"]["formBased"]["layers"]
    assert layers
    refs = {r["name"]: r for r in obj["references"]}
    for layer_id, layer in layers.items():
        assert f"indexpattern-datasource-layer-{layer_id}" in refs
        assert set(layer["columnOrder"]) == set(layer["columns"])
        for column in layer["columns"].values():
            assert column["operationType"] in {"date_histogram", "terms", "count", "sum", "avg", "max", "min", "unique_count"}
            if column["operationType"] == "terms":
                assert column["params"]["orderBy"]["columnId"] in layer["columns"]
    accessors = json.dumps(state["visualization"])
    for layer_id, layer in layers.items():
        assert layer_id in accessors, "the visualization draws the layer"
        for column_id in layer["columns"]:
            assert f'"{column_id}"' in accessors, f"column {column_id} is not shown"


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return json.loads(dashboard["attributes"]["panelsJSON"])


@pytest.mark.parametrize("dashboard_id", ["news-articles-dashboard", "ingestion-health-dashboard"])
def test_dashboard_panels_have_matching_references(dashboard_id: str) -> None:
    dashboard = BY_KEY[("dashboard", dashboard_id)]
    refs = {r["name"]: r for r in dashboard["references"]}
    panels = _panels(dashboard)
    assert panels
    indexes = [p["panelIndex"] for p in panels]
    assert len(indexes) == len(set(indexes))
    for panel in panels:
        name = panel["panelRefName"]
        ref = refs.get(f"{panel['panelIndex']}:{name}") or refs.get(name)
        assert ref is not None, f"{dashboard_id}: panel {panel['panelIndex']} has no reference {name}"
        assert ref["type"] == panel["type"]
        grid = panel["gridData"]
        assert grid["i"] == panel["panelIndex"] and 0 <= grid["x"] and grid["x"] + grid["w"] <= 48
    json.loads(dashboard["attributes"]["optionsJSON"])
    json.loads(dashboard["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])


def test_dashboard_panels_do_not_overlap() -> None:
    for dashboard in (o for o in OBJECTS if o["type"] == "dashboard"):
        cells: set[tuple[int, int]] = set()
        for panel in _panels(dashboard):
            g = panel["gridData"]
            mine = {(x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])}
            assert not cells & mine, f"{dashboard['id']}: panel {panel['panelIndex']} overlaps another"
            cells |= mine


def test_news_dashboard_contents() -> None:
    dashboard = BY_KEY[("dashboard", "news-articles-dashboard")]
    panel_types = {(p["type"], r["id"]) for p in _panels(dashboard) for r in dashboard["references"] if r["name"] == f"{p['panelIndex']}:{p['panelRefName']}"}
    assert ("search", "articles-saved-search") in panel_types
    assert any(t == "map" for t, _ in panel_types)
    controls = json.loads(dashboard["attributes"]["controlGroupInput"]["panelsJSON"])
    by_type: dict[str, list[dict[str, Any]]] = {}
    for cid, control in controls.items():
        assert control["explicitInput"]["id"] == cid
        by_type.setdefault(control["type"], []).append(control)
    assert {c["explicitInput"]["fieldName"] for c in by_type["optionsListControl"]} == {"dateline.location", "entities.people"}
    assert len(by_type["timeSlider"]) == 1
    refs = {r["name"]: r for r in dashboard["references"]}
    for cid, control in controls.items():
        if control["type"] == "optionsListControl":
            ref = refs[f"controlGroup_{cid}:optionsListDataView"]
            assert (ref["type"], ref["id"]) == ("index-pattern", "articles-data-view")
    json.loads(dashboard["attributes"]["controlGroupInput"]["ignoreParentSettingsJSON"])


def test_map_layer_on_geo_field() -> None:
    maps = [o for o in OBJECTS if o["type"] == "map"]
    assert len(maps) == 1
    layers = json.loads(maps[0]["attributes"]["layerListJSON"])
    json.loads(maps[0]["attributes"]["mapStateJSON"])
    es_layers = [layer for layer in layers if layer["sourceDescriptor"].get("type") == "ES_SEARCH"]
    assert len(es_layers) == 1
    source = es_layers[0]["sourceDescriptor"]
    assert source["geoField"] == "geo"
    ref = {r["name"]: r for r in maps[0]["references"]}[source["indexPatternRefName"]]
    assert ref["id"] == "articles-data-view"


def test_health_dashboard_uses_runs_data_view_only() -> None:
    dashboard = BY_KEY[("dashboard", "ingestion-health-dashboard")]
    fields = set()
    for ref in dashboard["references"]:
        target = BY_KEY[(ref["type"], ref["id"])]
        assert {r["id"] for r in target["references"] if r["type"] == "index-pattern"} == {"articles-runs-data-view"}
        for layer in target["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values():
            fields |= {c.get("sourceField") for c in layer["columns"].values()}
    assert {"files_parsed", "files_unchanged", "files_quarantined", "indexed", "unchanged", "dead_lettered"} <= fields
    assert {"articles_per_s", "mb_per_s"} <= fields
