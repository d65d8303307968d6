"""The Airflow adapter: task bodies (:mod:`etl.airflow.tasks`) and the DAG settings loader.

DAG files import :mod:`etl.airflow.dag_settings` at parse time, so this package imports
nothing at module level; every task body imports what it needs when it runs.
"""
