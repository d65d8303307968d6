"""Only for the optional C extension; everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # -ffp-contract=off: no fused multiply-add, so keyword scores are the same doubles as Python's.
        # optional: without a C compiler the install still succeeds and the numpy code paths,
        # which give identical results, are used instead (etl/enrich/dedup.py, etl/enrich/keywords.py).
        Extension("etl.enrich._speedups", ["etl/enrich/_speedups.c"], optional=True, extra_compile_args=["-O2", "-ffp-contract=off"]),
        # Sentence splitting's common case (etl/segment/sentences.py); the same fallback when not built.
        Extension("etl.segment._speedups", ["etl/segment/_speedups.c"], optional=True, extra_compile_args=["-O2"]),
    ]
)
