"""The Airflow adapter: task bodies (:mod:`etl.airflow.tasks`), staging between tasks
(:mod:`etl.airflow.staging`) and the DAG settings loader (:mod:`etl.airflow.dag_settings`).

The work is the runner's (:mod:`etl.runner`), the same functions ``etl run`` calls; this
package only turns task inputs and outputs into them. DAG files import
:mod:`etl.airflow.dag_settings` at parse time, so this package imports nothing at module
level; every task body imports what it needs when it runs.
"""
