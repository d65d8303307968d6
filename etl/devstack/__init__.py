"""The local development stack: a project-local Elasticsearch node (or a cluster of several,
:mod:`etl.devstack.cluster`), PostgreSQL for Airflow, and the Kibana saved-objects importer.

Not part of the pipeline: nothing under :mod:`etl.read` … :mod:`etl.runner` imports it, and the
wheel leaves it out, so a worker image that installs the pipeline carries no pid-file or Maven code.
The ``etl es …`` and ``etl kibana import`` commands use it from a source checkout.
"""
