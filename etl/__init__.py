"""articles-etl: raw news-article files → clean, segmented, enriched documents → Elasticsearch.

Each stage is a plain function over the typed records in :mod:`etl.models`::

    read → clean → segment → enrich → index

The CLI (:mod:`etl.cli`) and the Airflow DAGs (``dags/``) are thin shells over this package.
"""

__version__ = "0.1.0"

#: Stamped on every document; bump when the output of a stage changes on the same input.
PIPELINE_VERSION = "2"
