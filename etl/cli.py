"""The ``etl`` command: a thin shell over the package.

    etl parse PATH... [--sentences]          print documents as JSON lines
    etl sentences < text                     print the sentences of stdin as a JSON array
    etl run --source DIR|s3://… [...]        read → clean → segment → enrich → index, with a run report
    etl search "query" [...]                 top hits with highlights and facets
    etl index setup|status|reindex|prune     index templates, aliases and versions
    etl es install|start|stop|status         the project-local Elasticsearch node (--nodes 3: a cluster)
    etl kibana import --url URL              import the saved objects into Kibana
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from etl.errors import EtlError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


@contextmanager
def progress_bar(total: int | None, unit: str, desc: str) -> Iterator[Callable[[int], None]]:
    """A tqdm bar on stderr when stderr is a terminal; a no-op otherwise (logs, CI, pipes)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar.update


def _count_files(paths: list[Path | str]) -> int | None:
    """How many files lie under ``paths`` (for the progress bar); ``None`` when unknown (object storage: not listed twice)."""
    total = 0
    for p in paths:
        if isinstance(p, str):
            return None
        if p.is_file():
            total += 1
        elif p.is_dir():
            total += sum(len(files) for _, _, files in os.walk(p))
    return total or None


def _keep_stdout_for_data(roots: list[Path | str], verbose: bool) -> None:
    """Before reading an object-storage source: keep Airflow's logs off stdout.

    Importing Airflow (it gives ``s3://`` access) points the root logger at stdout, at INFO; this
    command's stdout carries data (``etl parse``'s documents, ``etl run --json``'s report), so
    the logs go back to stderr at the command's level. Local paths import no Airflow at all.
    """
    if not any(isinstance(root, str) for root in roots):
        return
    from airflow.sdk.log import configure_logging  # importing Airflow configures its logging: to stdout

    configure_logging(log_level="INFO" if verbose else "WARNING", output=sys.stderr)


# -- parse / sentences -------------------------------------------------------------------


#: ``etl parse`` writes its JSON lines in batches of this many documents (~4.7 KB each: ~1 MB).
_PARSE_LINES_PER_WRITE = 200
#: ``etl parse`` uses worker processes only for more files than this: forking and handing out
#: files costs more than it saves on a few files (the usual interactive use).
_PARSE_POOL_MIN_FILES = 64
#: Files per task message to a worker (see :attr:`etl.runner.parser.Parser.chunksize`).
_PARSE_CHUNK = 16


def _parse_lines(item: tuple[object, bool]) -> tuple[list, bool, list[tuple[str, str, int, bytes]]]:
    """One file → (problems, quarantined, [(id, content_hash, simhash, JSON line)]), in a worker
    or in this process. ``duplicate_of`` is decided by the caller, in file order."""
    import orjson

    from etl.pipeline import process_file
    from etl.stage_config import stage_settings

    source, with_sentences = item
    result = process_file(source, stage_settings(), with_sentences=with_sentences)  # type: ignore[arg-type]
    lines = [
        (doc.id, doc.content_hash, doc.simhash, orjson.dumps(doc.to_dict(), option=orjson.OPT_APPEND_NEWLINE))
        for doc in result.documents
    ]
    return result.problems, result.quarantined, lines


def cmd_parse(args: argparse.Namespace) -> int:
    """Documents as JSON lines on stdout, in discovery order, the same with any ``--workers``.

    Parsing runs in worker processes (``--workers``, default: all cores) when there are more
    than :data:`_PARSE_POOL_MIN_FILES` files; near-duplicates are decided here in file order.
    """
    import itertools

    import orjson

    from etl.enrich.dedup import NearDuplicateDetector
    from etl.errors import ConfigError
    from etl.models import Quarantined
    from etl.read import discover
    from etl.read.objects import source_location
    from etl.stage_config import stage_settings

    settings = stage_settings()  # no pydantic once this configuration was validated (etl.stage_config)
    detector = NearDuplicateDetector(settings.enrich.near_duplicate_max_distance)
    readable = 0
    out = sys.stdout.buffer
    roots = [source_location(p) for p in args.paths]
    _keep_stdout_for_data(roots, args.verbose)
    # One write per batch of lines, not one per document: each write of a BufferedWriter takes
    # its lock and checks its buffer, and a pipe reader wakes per flush, not per line.
    lines: list[bytes] = []

    def sources() -> Iterator[tuple[object, bool]]:
        for root in roots:
            if isinstance(root, Path) and not root.exists():
                print(f"etl parse: {root}: no such file or directory", file=sys.stderr)
                continue
            try:
                for item in discover(root, config=settings.read):
                    if isinstance(item, Quarantined):
                        _report_problem(item)
                        continue
                    yield item, args.sentences
            except ConfigError as exc:  # an object-storage root that cannot be listed
                print(f"etl parse: {exc}", file=sys.stderr)

    items = sources()
    head = list(itertools.islice(items, _PARSE_POOL_MIN_FILES + 1))
    workers = args.workers or os.cpu_count() or 1
    pool = None
    # Objects are read in this process: s3fs's event loop and connections do not survive a fork.
    if workers > 1 and len(head) > _PARSE_POOL_MIN_FILES and all(isinstance(r, Path) for r in roots):
        from etl.pipeline import parser_pool

        pool = parser_pool(workers)  # the one etl run's Parser uses
    try:
        everything = itertools.chain(head, items)
        results = pool.imap(_parse_lines, everything, _PARSE_CHUNK) if pool else map(_parse_lines, everything)
        with progress_bar(_count_files(roots) if sys.stderr.isatty() else None, "file", "parse") as tick:
            for problems, quarantined, docs in results:
                tick(1)
                for problem in problems:
                    _report_problem(problem)
                if quarantined:
                    continue
                readable += 1
                for doc_id, content_hash, simhash, line in docs:
                    first = detector.check(doc_id, content_hash, simhash)
                    if first is not None:
                        doc = orjson.loads(line)
                        doc["duplicate_of"] = first  # the key is already there: same place in the line
                        line = orjson.dumps(doc, option=orjson.OPT_APPEND_NEWLINE)
                    lines.append(line)
                if len(lines) >= _PARSE_LINES_PER_WRITE:
                    out.write(b"".join(lines))
                    lines.clear()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    out.write(b"".join(lines))
    out.flush()
    if readable == 0:
        print("etl parse: no file could be read", file=sys.stderr)
        return 1
    return 0


def _report_problem(problem) -> None:  # noqa: ANN001 - etl.models.Quarantined, imported lazily
    where = f" ({problem.location})" if problem.location else ""
    print(f"etl parse: {problem.rel_path}{where}: {problem.reason}: {problem.detail}", file=sys.stderr)


def cmd_sentences(args: argparse.Namespace) -> int:
    from etl.segment.sentences import split_sentences

    text = sys.stdin.read()
    json.dump(split_sentences(text), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


# -- run / search ------------------------------------------------------------------------


def _client():
    from etl.config import get_settings
    from etl.index.client import make_client

    return make_client(get_settings().elasticsearch)


def cmd_run(args: argparse.Namespace) -> int:
    from etl.config import get_settings
    from etl.errors import ConfigError
    from etl.index import manage
    from etl.read.objects import ObjectRoot, source_location
    from etl.runner import run

    settings = get_settings()
    source = source_location(args.source)
    _keep_stdout_for_data([source], args.verbose)
    if isinstance(source, Path):
        if not source.is_dir():
            print(f"etl run: --source {source} is not a directory", file=sys.stderr)
            return 2
    else:
        try:
            ObjectRoot.parse(source).check()
        except ConfigError as exc:
            print(f"etl run: --source: {exc}", file=sys.stderr)
            return 2
    es = None
    if not args.dry_run:
        es = _client()
        manage.setup(es, settings.elasticsearch)
    workers = args.workers or max(1, (os.cpu_count() or 1))
    with progress_bar(_count_files([source]), "file", "ingest") as tick:
        try:
            report = run(
                es,
                settings,
                source,
                date_from=args.since,
                date_to=args.until,
                include_undated=not (args.since or args.until),
                full_sync=args.full_sync,
                force_delete=args.force_delete,
                dry_run=args.dry_run,
                workers=workers,
                progress=tick,
            )
        finally:
            if es is not None:
                es.close()
    data = report.to_dict()
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        print(_format_report(data))
    return 0 if report.status == "succeeded" and not report.dead_lettered else 3


def _format_report(data: dict) -> str:
    keys = [
        "files_seen", "files_parsed", "files_unchanged", "files_quarantined", "records_quarantined",
        "articles_parsed", "indexed", "created", "updated", "unchanged", "duplicates", "dead_lettered",
        "deleted", "retries",
    ]  # fmt: skip
    lines = [f"run {data['run_id']}: {data['status']} in {data['timings_s'].get('total', 0):.2f}s"]
    lines += [f"  {k:<20} {data[k]}" for k in keys]
    if data.get("articles_per_s"):
        lines.append(f"  {'throughput':<20} {data['articles_per_s']} articles/s, {data['mb_per_s']} MB/s")
    if data["errors"]:
        lines.append("  errors by reason: " + ", ".join(f"{k}={v}" for k, v in sorted(data["errors"].items())))
    for p in data["problems"][:20]:
        lines.append(f"  ! {p.get('path') or p.get('id')}: {p['reason']}: {p.get('detail', '')}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    from etl.config import get_settings
    from etl.index.schema import IndexNames
    from etl.index.search import SearchRequest, format_table, search

    req = SearchRequest(
        query=args.query,
        date_from=args.date_from,
        date_to=args.date_to,
        location=args.location,
        person=args.person,
        limit=args.limit,
        include_duplicates=not args.no_duplicates,
    )
    es = _client()
    try:
        result = search(es, IndexNames.of(get_settings().elasticsearch).alias, req)
    finally:
        es.close()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_table(result))
    return 0


# -- index / es / kibana ---------------------------------------------------------------


def cmd_index(args: argparse.Namespace) -> int:
    from etl.config import get_settings
    from etl.index import manage

    cfg = get_settings().elasticsearch
    es = _client()
    try:
        if args.action == "setup":
            print(f"alias {cfg.index_prefix} → {manage.setup(es, cfg)}")
        elif args.action == "status":
            print(json.dumps(manage.status(es, cfg), indent=2))
        elif args.action == "reindex":
            if args.source:
                from etl.read.objects import source_location
                from etl.runner.reindex import reindex_from_source

                source = source_location(args.source)
                _keep_stdout_for_data([source], args.verbose)
                result = reindex_from_source(es, get_settings(), source, workers=os.cpu_count() or 1)
            else:
                result = manage.reindex(es, cfg)
            print(json.dumps(result, indent=2))
        elif args.action == "prune":
            doomed = manage.prune(es, cfg, keep=args.keep, dry_run=args.dry_run)
            print(("would delete: " if args.dry_run else "deleted: ") + (", ".join(doomed) or "nothing"))
    finally:
        es.close()
    return 0


def cmd_es(args: argparse.Namespace) -> int:
    try:
        from etl.devstack.localnode import LocalNode, install
    except ModuleNotFoundError as exc:  # a wheel install: etl.devstack stays in the source checkout
        from etl.resources import devstack_missing

        raise devstack_missing(exc, f"etl es {args.action}") from None

    cluster = _local_cluster(args)
    target = cluster or LocalNode(port=args.port, heap=args.heap or "1g")
    if args.action == "install":
        print(install(force=args.force))
    elif args.action == "start":
        print(target.start())
        if cluster is not None:
            print(f"use it with: export ES_URL={cluster.url} ETL_ELASTICSEARCH__REPLICAS=1", file=sys.stderr)
    elif args.action == "stop":
        if not target.stop():
            print(f"no local node running on port {args.port}" + (f" (cluster ports {cluster.http_ports})" if cluster else ""))
    elif args.action == "status":
        status = target.status()
        print(json.dumps(status, indent=2))
        return 0 if status["healthy"] else 1
    return 0


def _local_cluster(args: argparse.Namespace):
    """The local cluster ``etl es`` acts on, or ``None`` for the single node.

    ``--nodes N`` (N > 1) names a cluster on ports ``--port`` … ``--port + N - 1``; without
    ``--nodes``, ``stop`` and ``status`` act on the cluster last started on ``--port`` while any of
    its nodes runs, so ``etl es stop`` stops what ``etl es start --nodes 3`` started.
    """
    from etl.devstack.cluster import LocalCluster

    if args.nodes is not None and args.nodes > 1:
        known = LocalCluster.load(args.port)
        if known is not None and known.size == args.nodes and args.action != "start":
            return known
        return LocalCluster(size=args.nodes, base_port=args.port, heap=args.heap or "512m")
    if args.nodes is None and args.action in ("stop", "status"):
        known = LocalCluster.load(args.port)
        if known is not None and any(node.pid() is not None for node in known.nodes):
            return known
    return None


def cmd_kibana(args: argparse.Namespace) -> int:
    try:
        from etl.devstack.kibana import import_saved_objects
    except ModuleNotFoundError as exc:  # a wheel install: etl.devstack stays in the source checkout
        from etl.resources import devstack_missing

        raise devstack_missing(exc, f"etl kibana {args.action}") from None

    result = import_saved_objects(
        args.url, space=args.space, username=args.username, password=args.password, api_key=args.api_key
    )
    print(json.dumps(result, indent=2))
    return 0


# -- wiring ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="etl", description="News articles → Elasticsearch ETL")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="print every article found, one JSON document per line")
    sp.add_argument("paths", nargs="+", help="files or folders; file:// and s3://bucket/prefix URLs too")
    sp.add_argument("--sentences", action="store_true", help="add a 'sentences' list to each document")
    sp.add_argument("--workers", type=int, default=0, help="parser processes (default: all cores; one for a few files)")
    sp.set_defaults(func=cmd_parse)

    sp = sub.add_parser("sentences", help="split stdin into sentences (JSON array)")
    sp.set_defaults(func=cmd_sentences)

    sp = sub.add_parser("run", help="ingest a source folder into Elasticsearch")
    sp.add_argument("--source", required=True, help="a folder, a file:// URL, or s3://[conn_id@]bucket/prefix")
    sp.add_argument("--since", type=_date, help="first partition date (YYYY-MM-DD)")
    sp.add_argument("--until", type=_date, help="last partition date (YYYY-MM-DD)")
    sp.add_argument("--full-sync", action="store_true", help="delete documents whose source file is gone")
    sp.add_argument("--force-delete", action="store_true", help="allow full sync to delete beyond the safety share")
    sp.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
    sp.add_argument("--workers", type=int, default=0, help="parser processes (default: all cores)")
    sp.add_argument("--json", action="store_true", help="print the run report as JSON")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("search", help="search the articles")
    sp.add_argument("query")
    sp.add_argument("--from", dest="date_from", type=_date)
    sp.add_argument("--to", dest="date_to", type=_date)
    sp.add_argument("--location")
    sp.add_argument("--person")
    sp.add_argument("--limit", type=int, default=10)
    sp.add_argument("--no-duplicates", action="store_true", help="hide near-duplicate copies")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("index", help="templates, aliases and index versions")
    sp.add_argument("action", choices=["setup", "status", "reindex", "prune"])
    sp.add_argument("--source", help="reindex: rebuild from these source files (a folder or s3://…) instead of copying")
    sp.add_argument("--keep", type=int, default=1, help="prune: old indices to keep for rollback")
    sp.add_argument("--dry-run", action="store_true", help="prune: only say what would be deleted")
    sp.set_defaults(func=cmd_index)

    sp = sub.add_parser("es", help="the project-local Elasticsearch node (or cluster, with --nodes)")
    sp.add_argument("action", choices=["install", "start", "stop", "status"])
    sp.add_argument("--port", type=int, default=int(os.environ.get("LOCAL_ES_PORT", "9200")),
                    help="HTTP port (of the first node of a cluster)")
    sp.add_argument("--nodes", type=int, default=None,
                    help="a local cluster of this many nodes on ports --port … --port+N-1 (default: one node)")
    sp.add_argument("--heap", default=os.environ.get("LOCAL_ES_HEAP"), help="per node (default 1g; 512m in a cluster)")
    sp.add_argument("--force", action="store_true", help="install: fetch and build again")
    sp.set_defaults(func=cmd_es)

    sp = sub.add_parser("kibana", help="Kibana saved objects")
    sp.add_argument("action", choices=["import"])
    sp.add_argument("--url", required=True, help="Kibana base URL, e.g. http://localhost:5601")
    sp.add_argument("--space", default=None)
    sp.add_argument("--username", default=os.environ.get("KIBANA_USERNAME") or os.environ.get("ES_USERNAME"))
    sp.add_argument("--password", default=os.environ.get("KIBANA_PASSWORD") or os.environ.get("ES_PASSWORD"))
    sp.add_argument("--api-key", default=os.environ.get("KIBANA_API_KEY"), help="instead of username/password")
    sp.set_defaults(func=cmd_kibana)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except EtlError as exc:
        print(f"etl {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - connection problems deserve a sentence, not a traceback
        from elasticsearch import ApiError, TransportError

        if isinstance(exc, (ApiError, TransportError)):
            from etl.config import get_settings
            from etl.index.client import redacted_url

            url = redacted_url(get_settings().elasticsearch.url)
            print(
                f"etl {args.command}: Elasticsearch at {url} failed: {exc}. "
                "Is it running (`etl es start`), and are ES_URL and credentials right?",
                file=sys.stderr,
            )
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
