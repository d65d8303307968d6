#!/usr/bin/env python3
"""Build ``config/kibana/saved_objects.ndjson``: the Kibana 8.x saved objects of the project.

    python tools/kibana/build_saved_objects.py            # (re)write the NDJSON
    python tools/kibana/build_saved_objects.py --check    # exit 1 when the file is out of date
    etl kibana import --url http://localhost:5601         # then load it into Kibana

The objects are written the way Kibana 8.x exports them (``Stack Management → Saved
objects → Export``): one JSON object per line with ``type``, ``id``, ``attributes``,
``references``, ``coreMigrationVersion``, ``typeMigrationVersion`` and ``managed``.
Every id is fixed, so importing with ``overwrite=true`` replaces the objects in place.

Visualizations are Lens objects of their own (by reference, one id each) so that the
dashboards stay short and each chart can be opened and edited on its own. The map of
dateline locations is a Maps object (type ``map``) with an Elasticsearch-documents layer
on the data view's ``geo`` field.

``typeMigrationVersion`` values: Kibana migrates an imported object forward from the
version it carries, and refuses one that is *newer* than it knows. Each value below is
the version at which the attribute shape written here was introduced in 8.x, and every
one is known to Kibana 8.14 and later (so to 8.19):

=============  =========  ====================================================
type           version    why
=============  =========  ====================================================
index-pattern  8.0.0      last migration of data views
search         10.2.0     model version 2 of saved searches
lens           8.9.0      ``datasourceStates.formBased`` (renamed in 8.9)
map            8.4.0      last migration of maps
dashboard      10.2.0     model version 2 (``controlGroupInput.showApplySelections``)
=============  =========  ====================================================

``coreMigrationVersion`` is ``8.8.0`` for every type (the last core migration of 8.x).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "config" / "kibana" / "saved_objects.ndjson"

CORE_MIGRATION_VERSION = "8.8.0"
TYPE_MIGRATION_VERSION = {
    "index-pattern": "8.0.0",
    "search": "10.2.0",
    "lens": "8.9.0",
    "map": "8.4.0",
    "dashboard": "10.2.0",
}

ARTICLES_DV = "articles-data-view"
RUNS_DV = "articles-runs-data-view"
SAVED_SEARCH = "articles-saved-search"
NEWS_DASHBOARD = "news-articles-dashboard"
HEALTH_DASHBOARD = "ingestion-health-dashboard"
MAP_ID = "articles-dateline-map"

#: Readable names shown by Discover, Lens and the controls instead of the field paths.
ARTICLE_LABELS = {
    "@timestamp": "Date",
    "title": "Title",
    "lead": "Lead",
    "body": "Body",
    "published_at": "Published",
    "dateline.location": "Location",
    "dateline.agency": "Agency",
    "dateline.text": "Dateline",
    "entities.people": "People",
    "entities.organizations": "Organisations",
    "entities.locations": "Places mentioned",
    "keywords": "Keywords",
    "language": "Language",
    "geo": "Dateline position",
    "authors": "Authors",
    "section": "Section",
    "tags": "Tags",
    "url": "URL",
    "word_count": "Words",
    "source.path": "Source file",
    "source.format": "Source format",
    "duplicate_of": "Duplicate of",
}
RUN_LABELS = {
    "@timestamp": "Run finished",
    "run_id": "Run",
    "status": "Status",
    "mode": "Mode",
    "files_seen": "Files seen",
    "files_parsed": "Files parsed",
    "files_unchanged": "Files unchanged",
    "files_quarantined": "Files quarantined",
    "records_quarantined": "Records quarantined",
    "articles_parsed": "Articles parsed",
    "indexed": "Articles indexed",
    "unchanged": "Articles unchanged",
    "dead_lettered": "Articles dead-lettered",
    "duplicates": "Near-duplicates",
    "articles_per_s": "Articles per second",
    "mb_per_s": "MB per second",
    "duration_s": "Duration (s)",
}

SAVED_SEARCH_COLUMNS = ["title", "dateline.location", "published_at", "entities.people", "source.path"]
EMPTY_QUERY = {"query": "", "language": "kuery"}


def _dumps(value: Any) -> str:
    """JSON inside a JSON attribute (Kibana keeps panelsJSON, searchSourceJSON... as strings)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def saved_object(type_: str, id_: str, attributes: dict[str, Any], references: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "attributes": attributes,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "id": id_,
        "managed": False,
        "references": references,
        "type": type_,
        "typeMigrationVersion": TYPE_MIGRATION_VERSION[type_],
    }


# -- data views ---------------------------------------------------------------------------


def data_view(id_: str, title: str, name: str, labels: dict[str, str]) -> dict[str, Any]:
    return saved_object(
        "index-pattern",
        id_,
        {
            "allowHidden": False,
            "fieldAttrs": _dumps({field: {"customLabel": label} for field, label in labels.items()}),
            "fieldFormatMap": "{}",
            "fields": "[]",
            "name": name,
            "runtimeFieldMap": "{}",
            "sourceFilters": "[]",
            "timeFieldName": "@timestamp",
            "title": title,
            "typeMeta": "{}",
        },
        [],
    )


# -- saved search ---------------------------------------------------------------------------


def saved_search() -> dict[str, Any]:
    source = {
        "query": EMPTY_QUERY,
        "filter": [],
        "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
    }
    return saved_object(
        "search",
        SAVED_SEARCH,
        {
            "columns": SAVED_SEARCH_COLUMNS,
            "description": "Every article, newest first.",
            "grid": {},
            "hideChart": False,
            "isTextBasedQuery": False,
            "kibanaSavedObjectMeta": {"searchSourceJSON": _dumps(source)},
            "sort": [["@timestamp", "desc"]],
            "title": "Articles",
        },
        [{"id": ARTICLES_DV, "name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern"}],
    )


# -- Lens ---------------------------------------------------------------------------------------


def col_date_histogram(field: str = "@timestamp", label: str = "Date") -> dict[str, Any]:
    return {
        "customLabel": True,
        "dataType": "date",
        "isBucketed": True,
        "label": label,
        "operationType": "date_histogram",
        "params": {"dropPartials": False, "includeEmptyRows": True, "interval": "auto"},
        "scale": "interval",
        "sourceField": field,
    }


def col_terms(field: str, label: str, size: int, order_by: str, *, other: bool = False) -> dict[str, Any]:
    return {
        "customLabel": True,
        "dataType": "string",
        "isBucketed": True,
        "label": label,
        "operationType": "terms",
        "params": {
            "missingBucket": False,
            "orderBy": {"columnId": order_by, "type": "column"},
            "orderDirection": "desc",
            "otherBucket": other,
            "parentFormat": {"id": "terms"},
            "size": size,
        },
        "scale": "ordinal",
        "sourceField": field,
    }


def col_count(label: str = "Articles") -> dict[str, Any]:
    return {
        "customLabel": True,
        "dataType": "number",
        "isBucketed": False,
        "label": label,
        "operationType": "count",
        "params": {"emptyAsNull": True},
        "scale": "ratio",
        "sourceField": "___records___",
    }


def col_metric(operation: str, field: str, label: str) -> dict[str, Any]:
    return {
        "customLabel": True,
        "dataType": "number",
        "isBucketed": False,
        "label": label,
        "operationType": operation,
        "params": {"emptyAsNull": True},
        "scale": "ratio",
        "sourceField": field,
    }


def lens(
    id_: str,
    title: str,
    visualization_type: str,
    data_view_id: str,
    columns: dict[str, dict[str, Any]],
    visualization: dict[str, Any],
    description: str = "",
) -> dict[str, Any]:
    """A Lens object with one form-based layer; ``columns`` in column order (buckets first)."""
    layer_id = f"layer-{id_}"
    visualization = json.loads(json.dumps(visualization).replace("$LAYER", layer_id))
    state = {
        "adHocDataViews": {},
        "datasourceStates": {
            "formBased": {
                "layers": {
                    layer_id: {
                        "columnOrder": list(columns),
                        "columns": columns,
                        "incompleteColumns": {},
                        "sampling": 1,
                    }
                }
            },
            "indexpattern": {"layers": {}},
            "textBased": {"layers": {}},
        },
        "filters": [],
        "internalReferences": [],
        "query": EMPTY_QUERY,
        "visualization": visualization,
    }
    return saved_object(
        "lens",
        id_,
        {"description": description, "state": state, "title": title, "visualizationType": visualization_type},
        [
            {"id": data_view_id, "name": "indexpattern-datasource-current-indexpattern", "type": "index-pattern"},
            {"id": data_view_id, "name": f"indexpattern-datasource-layer-{layer_id}", "type": "index-pattern"},
        ],
    )


def xy(series: str, x: str, accessors: list[str], split: str | None = None, *, right: tuple[str, ...] = ()) -> dict[str, Any]:
    layer: dict[str, Any] = {
        "accessors": accessors,
        "layerId": "$LAYER",
        "layerType": "data",
        "position": "top",
        "seriesType": series,
        "showGridlines": False,
        "xAccessor": x,
    }
    if split:
        layer["splitAccessor"] = split
    if right:
        layer["yConfig"] = [{"axisMode": "right" if a in right else "left", "forAccessor": a} for a in accessors]
    return {
        "axisTitlesVisibilitySettings": {"x": False, "yLeft": True, "yRight": True},
        "fittingFunction": "None",
        "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
        "layers": [layer],
        "legend": {"isVisible": True, "position": "right"},
        "preferredSeriesType": series,
        "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
        "valueLabels": "hide",
    }


def top_values(id_: str, title: str, field: str, label: str, size: int = 10) -> dict[str, Any]:
    """Horizontal bars: the ``size`` most frequent values of a keyword field."""
    return lens(
        id_,
        title,
        "lnsXY",
        ARTICLES_DV,
        {"terms": col_terms(field, label, size, "count"), "count": col_count()},
        xy("bar_horizontal", "terms", ["count"]),
    )


def over_time(
    id_: str,
    title: str,
    data_view_id: str,
    metrics: dict[str, dict[str, Any]],
    series: str = "bar_stacked",
    *,
    split: tuple[str, dict[str, Any]] | None = None,
    right: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A date histogram on ``@timestamp`` with one or more metrics, optionally broken down by ``split``."""
    columns = {"date": col_date_histogram(label="Date" if data_view_id == ARTICLES_DV else "Run finished")}
    if split:
        columns[split[0]] = split[1]
    columns |= metrics
    visualization = xy(series, "date", list(metrics), split[0] if split else None, right=right)
    return lens(id_, title, "lnsXY", data_view_id, columns, visualization)


def metric(id_: str, title: str, field: str, label: str) -> dict[str, Any]:
    return lens(
        id_,
        title,
        "lnsMetric",
        RUNS_DV,
        {"value": col_metric("sum", field, label)},
        {"layerId": "$LAYER", "layerType": "data", "metricAccessor": "value"},
    )


def news_visualizations() -> list[dict[str, Any]]:
    return [
        over_time("articles-over-time", "Articles over time", ARTICLES_DV, {"count": col_count()}),
        top_values("articles-top-locations", "Top dateline locations", "dateline.location", "Location"),
        top_values("articles-top-people", "Top people", "entities.people", "Person"),
        top_values("articles-top-organizations", "Top organisations", "entities.organizations", "Organisation"),
        top_values("articles-top-places", "Top places mentioned", "entities.locations", "Place"),
        lens(
            "articles-keywords",
            "Keywords",
            "lnsTagcloud",
            ARTICLES_DV,
            {"terms": col_terms("keywords", "Keyword", 40, "count"), "count": col_count()},
            {
                "layerId": "$LAYER",
                "maxFontSize": 64,
                "minFontSize": 14,
                "orientation": "single",
                "showLabel": True,
                "tagAccessor": "terms",
                "valueAccessor": "count",
            },
        ),
        lens(
            "articles-languages",
            "Languages",
            "lnsPie",
            ARTICLES_DV,
            {"terms": col_terms("language", "Language", 10, "count", other=True), "count": col_count()},
            {
                "layers": [
                    {
                        "categoryDisplay": "default",
                        "layerId": "$LAYER",
                        "layerType": "data",
                        "legendDisplay": "default",
                        "metrics": ["count"],
                        "nestedLegend": False,
                        "numberDisplay": "percent",
                        "primaryGroups": ["terms"],
                    }
                ],
                "shape": "donut",
            },
        ),
    ]


def health_visualizations() -> list[dict[str, Any]]:
    return [
        over_time(
            "runs-over-time",
            "Runs over time by status",
            RUNS_DV,
            {"runs": col_count("Runs")},
            split=("status", col_terms("status", "Status", 5, "runs")),
        ),
        over_time(
            "runs-files-per-outcome",
            "Files per outcome",
            RUNS_DV,
            {
                "parsed": col_metric("sum", "files_parsed", "Parsed"),
                "unchanged": col_metric("sum", "files_unchanged", "Unchanged"),
                "quarantined": col_metric("sum", "files_quarantined", "Quarantined"),
            },
        ),
        over_time(
            "runs-articles-per-outcome",
            "Articles per outcome",
            RUNS_DV,
            {
                "indexed": col_metric("sum", "indexed", "Indexed"),
                "unchanged": col_metric("sum", "unchanged", "Unchanged"),
                "dead_lettered": col_metric("sum", "dead_lettered", "Dead-lettered"),
            },
        ),
        metric("runs-files-quarantined", "Files quarantined", "files_quarantined", "Files quarantined"),
        metric("runs-records-quarantined", "Records quarantined", "records_quarantined", "Records quarantined"),
        metric("runs-dead-lettered", "Articles dead-lettered", "dead_lettered", "Articles dead-lettered"),
        over_time(
            "runs-throughput",
            "Throughput",
            RUNS_DV,
            {
                "articles_per_s": col_metric("avg", "articles_per_s", "Articles per second"),
                "mb_per_s": col_metric("avg", "mb_per_s", "MB per second"),
            },
            series="line",
            right=("mb_per_s",),
        ),
    ]


# -- map ------------------------------------------------------------------------------------------


def dateline_map() -> dict[str, Any]:
    layers = [
        {
            "alpha": 1,
            "id": "basemap",
            "includeInFitToBounds": True,
            "label": None,
            "locale": "autoselect",
            "maxZoom": 24,
            "minZoom": 0,
            "sourceDescriptor": {"id": None, "isAutoSelect": True, "lightModeDefault": "road_map_desaturated", "type": "EMS_TMS"},
            "style": {"type": "EMS_VECTOR_TILE"},
            "type": "EMS_VECTOR_TILE",
            "visible": True,
        },
        {
            "alpha": 0.75,
            "id": "articles-geo",
            "includeInFitToBounds": True,
            "joins": [],
            "label": "Articles by dateline",
            "maxZoom": 24,
            "minZoom": 0,
            "sourceDescriptor": {
                "applyForceRefresh": True,
                "applyGlobalQuery": True,
                "applyGlobalTime": True,
                "filterByMapBounds": True,
                "geoField": "geo",
                "id": "articles-geo-source",
                "indexPatternRefName": "layer_1_source_index_pattern",
                "scalingType": "MVT",
                "sortField": "@timestamp",
                "sortOrder": "desc",
                "tooltipProperties": ["title", "dateline.location", "published_at"],
                "topHitsGroupByTimeseries": False,
                "topHitsSize": 1,
                "topHitsSplitField": "",
                "type": "ES_SEARCH",
            },
            "style": {
                "isTimeAware": True,
                "properties": {
                    "fillColor": {"options": {"color": "#54B399"}, "type": "STATIC"},
                    "icon": {"options": {"value": "marker"}, "type": "STATIC"},
                    "iconSize": {"options": {"size": 6}, "type": "STATIC"},
                    "labelText": {"options": {"value": ""}, "type": "STATIC"},
                    "lineColor": {"options": {"color": "#41937c"}, "type": "STATIC"},
                    "lineWidth": {"options": {"size": 1}, "type": "STATIC"},
                    "symbolizeAs": {"options": {"value": "circle"}},
                },
                "type": "VECTOR",
            },
            "type": "MVT_VECTOR",
            "visible": True,
        },
    ]
    map_state = {
        "center": {"lat": 20, "lon": 0},
        "filters": [],
        "query": EMPTY_QUERY,
        "refreshConfig": {"interval": 0, "isPaused": True},
        "settings": {"autoFitToDataBounds": True},
        "timeFilters": {"from": "now-25y", "to": "now"},
        "zoom": 1.5,
    }
    return saved_object(
        "map",
        MAP_ID,
        {
            "description": "Articles placed at their dateline location (field geo).",
            "layerListJSON": _dumps(layers),
            "mapStateJSON": _dumps(map_state),
            "title": "Articles by dateline location",
            "uiStateJSON": _dumps({"isLayerTOCOpen": False, "openTOCDetails": []}),
        },
        [{"id": ARTICLES_DV, "name": "layer_1_source_index_pattern", "type": "index-pattern"}],
    )


# -- dashboards ------------------------------------------------------------------------------------


def dashboard(
    id_: str,
    title: str,
    description: str,
    panels: list[tuple[str, str, tuple[int, int, int, int]]],
    *,
    controls: list[dict[str, Any]] | None = None,
    control_data_view: str | None = None,
) -> dict[str, Any]:
    """``panels``: (object type, object id, (x, y, w, h)) on Kibana's 48-column grid."""
    panels_json = []
    references = []
    for type_, object_id, (x, y, w, h) in panels:
        index = object_id
        panels_json.append(
            {
                "embeddableConfig": {"enhancements": {}},
                "gridData": {"h": h, "i": index, "w": w, "x": x, "y": y},
                "panelIndex": index,
                "panelRefName": f"panel_{index}",
                "type": type_,
            }
        )
        references.append({"id": object_id, "name": f"{index}:panel_{index}", "type": type_})
    attributes: dict[str, Any] = {
        "description": description,
        "kibanaSavedObjectMeta": {"searchSourceJSON": _dumps({"query": EMPTY_QUERY, "filter": []})},
        "optionsJSON": _dumps(
            {"hidePanelTitles": False, "syncColors": False, "syncCursor": True, "syncTooltips": False, "useMargins": True}
        ),
        "panelsJSON": _dumps(panels_json),
        "refreshInterval": {"pause": True, "value": 60000},
        "timeFrom": "now-25y",
        "timeRestore": True,
        "timeTo": "now",
        "title": title,
        "version": 1,
    }
    if controls:
        control_panels = {}
        for order, control in enumerate(controls):
            cid = control["id"]
            explicit = {"id": cid, "title": control["title"], "enhancements": {}}
            if control["type"] == "optionsListControl":
                explicit |= {
                    "exclude": False,
                    "existsSelected": False,
                    "fieldName": control["field"],
                    "searchTechnique": "prefix",
                    "selectedOptions": [],
                    "sort": {"by": "_count", "direction": "desc"},
                }
                references.append(
                    {"id": control_data_view, "name": f"controlGroup_{cid}:optionsListDataView", "type": "index-pattern"}
                )
            control_panels[cid] = {
                "explicitInput": explicit,
                "grow": True,
                "order": order,
                "type": control["type"],
                "width": control.get("width", "medium"),
            }
        attributes["controlGroupInput"] = {
            "chainingSystem": "HIERARCHICAL",
            "controlStyle": "oneLine",
            "ignoreParentSettingsJSON": _dumps(
                {"ignoreFilters": False, "ignoreQuery": False, "ignoreTimerange": False, "ignoreValidations": False}
            ),
            "panelsJSON": _dumps(control_panels),
            "showApplySelections": False,
        }
    return saved_object("dashboard", id_, attributes, references)


def news_dashboard() -> dict[str, Any]:
    return dashboard(
        NEWS_DASHBOARD,
        "News articles",
        "What the articles are about, where they come from and who they name; the table lists the latest ones.",
        [
            ("lens", "articles-over-time", (0, 0, 32, 12)),
            ("lens", "articles-languages", (32, 0, 16, 12)),
            ("lens", "articles-top-locations", (0, 12, 16, 14)),
            ("lens", "articles-top-people", (16, 12, 16, 14)),
            ("lens", "articles-top-organizations", (32, 12, 16, 14)),
            ("lens", "articles-top-places", (0, 26, 16, 14)),
            ("lens", "articles-keywords", (16, 26, 32, 14)),
            ("map", MAP_ID, (0, 40, 48, 18)),
            ("search", SAVED_SEARCH, (0, 58, 48, 20)),
        ],
        controls=[
            {"id": "control-time", "type": "timeSlider", "title": "Date", "width": "large"},
            {"id": "control-location", "type": "optionsListControl", "title": "Location", "field": "dateline.location"},
            {"id": "control-person", "type": "optionsListControl", "title": "Person", "field": "entities.people"},
        ],
        control_data_view=ARTICLES_DV,
    )


def health_dashboard() -> dict[str, Any]:
    return dashboard(
        HEALTH_DASHBOARD,
        "Ingestion health",
        "One point per ingest run (index articles-runs): outcomes of files and articles, problems and throughput.",
        [
            ("lens", "runs-files-quarantined", (0, 0, 16, 7)),
            ("lens", "runs-records-quarantined", (16, 0, 16, 7)),
            ("lens", "runs-dead-lettered", (32, 0, 16, 7)),
            ("lens", "runs-over-time", (0, 7, 48, 12)),
            ("lens", "runs-files-per-outcome", (0, 19, 24, 14)),
            ("lens", "runs-articles-per-outcome", (24, 19, 24, 14)),
            ("lens", "runs-throughput", (0, 33, 48, 14)),
        ],
    )


# -- all ----------------------------------------------------------------------------------------------


def build() -> list[dict[str, Any]]:
    return [
        data_view(ARTICLES_DV, "articles", "Articles", ARTICLE_LABELS),
        data_view(RUNS_DV, "articles-runs", "Ingest runs", RUN_LABELS),
        saved_search(),
        *news_visualizations(),
        dateline_map(),
        *health_visualizations(),
        news_dashboard(),
        health_dashboard(),
    ]


def render(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="exit 1 when the NDJSON file differs from what this script builds")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python tools/kibana/build_saved_objects.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} saved objects to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
