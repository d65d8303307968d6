"""Hostile files: gzip bombs, files that change or vanish while read, symlinks out of the root,
odd file names, huge lines, deep nesting, entity expansion, 100,000 tiny files. Each bad file
is quarantined with a reason, the run goes on, and the report accounts for every file."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLE = "Council approves the budget\n\nLONDON - The city council approved its budget on Tuesday after a long debate.\n"


def _settings(**read):
    from etl.config import ReadConfig, load_settings

    return load_settings(read=ReadConfig(**read)) if read else load_settings()


def _source(path: Path, root: Path):
    from etl.models import SourceFile

    st = path.stat()
    return SourceFile(path, path.relative_to(root).as_posix(), st.st_size, st.st_mtime, None)


def _process(path: Path, root: Path, settings=None):
    from etl.pipeline import process_file

    return process_file(_source(path, root), settings or _settings())


def _reasons(result) -> set[str]:
    return {p.reason for p in result.problems}


def _in_subprocess(code: str, timeout: float = 120) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line; VmHWM (peak RSS, kB) is added."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _j
        _hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
        print(_j.dumps({**RESULT, "vmhwm_kb": _hwm}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _baseline_kb() -> int:
    return _in_subprocess("import etl.pipeline, etl.config; etl.config.load_settings(); RESULT = {}")["vmhwm_kb"]


# -- gzip bombs ------------------------------------------------------------------------------


def _bomb(path: Path, decompressed_mb: int) -> None:
    zero = bytes(1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with path.open("wb") as fh:
        for _ in range(decompressed_mb):
            fh.write(comp.compress(zero))
        fh.write(comp.flush())


@pytest.mark.timeout(180)
def test_gzip_bombs_are_quarantined_with_bounded_memory(tmp_path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    _bomb(root / "ratio-bomb.txt.gz", 300)  # 300 MB of zeros in ~300 KB: ratio ~1000
    # Past the absolute cap without passing the ratio: concatenated members of random-ish text.
    _bomb(root / "disguised.txt", 200)  # gzip magic, no .gz name
    baseline = _baseline_kb()
    result = _in_subprocess(
        f"""
        from pathlib import Path
        from etl.config import load_settings, ReadConfig
        from etl.models import SourceFile
        from etl.pipeline import process_file
        import time
        root = Path({str(root)!r})
        RESULT = {{}}
        for name in ("ratio-bomb.txt.gz", "disguised.txt"):
            p = root / name
            t = time.process_time()
            r = process_file(SourceFile(p, name, p.stat().st_size, p.stat().st_mtime, None), load_settings())
            RESULT[name] = [[q.reason for q in r.problems], len(r.documents), time.process_time() - t]
        # the absolute cap, with the ratio out of the way
        s = load_settings(read=ReadConfig(max_decompressed_bytes=20_000_000, max_decompression_ratio=1e9))
        p = root / "ratio-bomb.txt.gz"
        r = process_file(SourceFile(p, "cap", p.stat().st_size, p.stat().st_mtime, None), s)
        RESULT["cap"] = [[q.reason for q in r.problems], len(r.documents), 0]
        """
    )
    for name in ("ratio-bomb.txt.gz", "disguised.txt", "cap"):
        reasons, docs, seconds = result[name]
        assert reasons == ["gzip_bomb"] and docs == 0, (name, reasons)
        assert seconds < 20
    extra_mb = (result["vmhwm_kb"] - baseline) / 1024
    # The ratio cap stops at ~200 × 300 KB = 60 MB of output; never the 300 MB the bomb holds.
    assert extra_mb < 200, f"peak RSS grew by {extra_mb:.0f} MB"


def test_small_gzip_expanding_past_the_ratio_but_under_the_floor_is_read(tmp_path) -> None:
    p = tmp_path / "tiny.txt.gz"
    p.write_bytes(gzip.compress((ARTICLE + " " * 30_000).encode()))
    result = _process(p, tmp_path)
    assert not result.problems and len(result.documents) == 1


def test_truncated_and_corrupt_gzip_are_quarantined(tmp_path) -> None:
    data = gzip.compress(ARTICLE.encode() * 50)
    (tmp_path / "trunc.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "corrupt.txt.gz").write_bytes(data[:10] + b"\xff" * 40 + data[50:])
    assert _reasons(_process(tmp_path / "trunc.txt.gz", tmp_path)) == {"truncated_gzip"}
    assert _reasons(_process(tmp_path / "corrupt.txt.gz", tmp_path)) == {"corrupt_gzip"}


# -- files that change or vanish while being read ---------------------------------------------


def test_file_deleted_between_discover_and_read_is_quarantined_as_vanished(tmp_path) -> None:
    p = tmp_path / "gone.txt"
    p.write_text(ARTICLE)
    src = _source(p, tmp_path)
    p.unlink()
    from etl.pipeline import process_file

    assert _reasons(process_file(src, _settings())) == {"vanished"}


def test_file_rewritten_during_the_read_is_quarantined_as_changed_while_reading(tmp_path, monkeypatch) -> None:
    """Deterministic: the file grows between two of the reader's own read() calls."""
    import etl.read.limits as read_mod  # where files are opened and read

    p = tmp_path / "growing.txt"
    p.write_text(ARTICLE * 2000)
    real_read = os.read
    calls = {"n": 0}

    def read_then_append(fd, n):
        data = real_read(fd, n)
        calls["n"] += 1
        if calls["n"] == 1:
            with p.open("a") as fh:
                fh.write("late addition\n" * 100)
        return data

    class _Os:
        def __getattr__(self, name):
            return read_then_append if name == "read" else getattr(os, name)

    monkeypatch.setattr(read_mod, "os", _Os())
    assert _reasons(_process(p, tmp_path)) == {"changed_while_reading"}


@pytest.mark.timeout(120)
def test_files_rewritten_and_deleted_by_another_process_during_a_run(tmp_path) -> None:
    """A background thread rewrites and deletes files while ``etl.runner.run`` walks and reads them."""
    from etl.runner import run

    root = tmp_path / "src"
    victims = []
    for i in range(300):
        d = root / "2024" / "03" / f"{1 + i % 5:02d}"
        d.mkdir(parents=True, exist_ok=True)
        f = d / f"a{i:04d}.txt"
        f.write_text(f"Story {i}\n\n" + (f"LONDON - Paragraph {i} of a moving story. " * 400) + "\n")
        victims.append(f)
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set() and n < 3000:
            time.sleep(0.001)
            f = victims[n % len(victims)]
            try:
                if n % 3 == 0:
                    f.unlink()
                else:
                    with f.open("a") as fh:
                        fh.write("more text appended by another writer. " * 5)
            except FileNotFoundError:
                pass
            n += 1

    thread = threading.Thread(target=churn, daemon=True)
    thread.start()
    try:
        report = run(None, _settings(), root, dry_run=True, runs_dir=tmp_path / "runs", workers=1)
    finally:
        stop.set()
        thread.join()
    assert report.balanced and report.status == "succeeded"
    assert report.files_seen == report.files_parsed + report.files_quarantined
    assert set(report.errors) <= {"vanished", "changed_while_reading", "empty"}, report.errors
    assert report.files_seen <= 300


# -- symlinks, odd names: a real run into the real node --------------------------------------


@pytest.mark.es
@pytest.mark.timeout(180)
def test_symlinks_out_of_the_root_and_odd_file_names_in_a_real_run(es, es_settings, tmp_path) -> None:
    from etl.index import manage
    from etl.runner import run

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret plans\n\nLONDON - Nobody outside should read this file at all.\n")
    (outside / "sub").mkdir()
    (outside / "sub" / "also-secret.txt").write_text(ARTICLE)
    root = tmp_path / "src"
    day = root / "2024" / "03" / "01"
    day.mkdir(parents=True)
    (day / "link-to-secret.txt").symlink_to(outside / "secret.txt")
    (day / "link-dir").symlink_to(outside / "sub")
    (day / "relative-escape.txt").symlink_to(Path("../../../../outside/secret.txt"))
    (day / "loop.txt").symlink_to(day / "loop.txt")
    (day / "dangling.txt").symlink_to(day / "nowhere.txt")
    (day / "inside-link.txt").symlink_to(day / "plain.txt")
    (day / "plain.txt").write_text(ARTICLE)
    (day / "new\nline.txt").write_text(ARTICLE.replace("budget", "line budget"))
    bad = os.fsencode(str(day)) + b"/caf\xe9-latin1-name.txt"
    with open(bad, "wb") as fh:
        fh.write(ARTICLE.replace("budget", "cafe budget").encode())
    (day / "tab\tand spaces .txt").write_text(ARTICLE.replace("budget", "tab budget"))
    (day / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (day / "empty.txt").write_bytes(b"")

    manage.setup(es, es_settings.elasticsearch)
    report = run(es, es_settings, root, runs_dir=tmp_path / "runs", workers=1)
    assert report.balanced and report.status == "succeeded"
    assert report.errors["symlink_outside_root"] == 3
    assert report.errors["symlink_loop"] == 1 and report.errors["broken_symlink"] == 1
    assert report.errors["binary"] == 1 and report.errors["empty"] == 1
    assert report.files_seen == 12 and report.files_quarantined == 7 and report.files_parsed == 5
    alias = es_settings.elasticsearch.index_prefix
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=50, source=["source.path", "body"])["hits"]["hits"]
    paths = {h["_source"]["source"]["path"] for h in hits}
    assert paths == {
        "2024/03/01/plain.txt",
        "2024/03/01/inside-link.txt",
        "2024/03/01/new\nline.txt",
        "2024/03/01/caf\\xe9-latin1-name.txt",
        "2024/03/01/tab\tand spaces .txt",
    }
    assert not any("Nobody outside" in h["_source"]["body"] for h in hits)
    # Each path is usable: a term query finds its document, and the path leads back to the file.
    for path in paths:
        assert es.count(index=alias, query={"term": {"source.path": path}})["count"] == 1
    latin = next(p for p in paths if "latin1" in p)
    assert os.path.exists(os.fsencode(str(root)) + b"/" + latin.encode().decode("unicode_escape").encode("latin-1"))
    problems = {p["path"]: p["reason"] for p in report.problems}
    assert problems["2024/03/01/link-to-secret.txt"] == "symlink_outside_root"
    assert problems["2024/03/01/link-dir"] == "symlink_outside_root"
    json.dumps(report.to_dict())  # the report (with odd names) is valid JSON


# -- large and deep input --------------------------------------------------------------------


def _run_files(paths: list[Path], timeout: float = 170) -> dict:
    return _in_subprocess(
        f"""
        import time
        from pathlib import Path
        from etl.config import load_settings
        from etl.models import SourceFile
        from etl.pipeline import process_file
        RESULT = {{}}
        for p in map(Path, {[str(p) for p in paths]!r}):
            t = time.process_time()
            r = process_file(SourceFile(p, p.name, p.stat().st_size, p.stat().st_mtime, None), load_settings())
            RESULT[p.name] = [[q.reason for q in r.problems], len(r.documents), time.process_time() - t]
        """,
        timeout=timeout,
    )


@pytest.mark.timeout(180)
def test_a_50_mib_file_and_a_30_mb_jsonl_line_are_reported_in_bounded_time_and_memory(tmp_path) -> None:
    over = tmp_path / "fifty.txt"
    with over.open("wb") as fh:
        fh.write(b"x" * (50 * 1024 * 1024) + b"\n")  # 50 MiB, one line: over read.max_file_bytes
    jsonl = tmp_path / "one.jsonl"
    with jsonl.open("wb") as fh:
        fh.write(b'{"title": "t", "body": "' + b"a" * 30_000_000 + b'"}\n{"title": "ok", "body": "A fine body of text here."}\n')
    baseline = _baseline_kb()
    result = _run_files([over, jsonl])
    reasons, docs, seconds = result["fifty.txt"]
    assert reasons == ["too_large"] and docs == 0 and seconds < 5
    reasons, docs, seconds = result["one.jsonl"]
    assert reasons == ["line_too_long"] and docs == 1 and seconds < 30
    extra_mb = (result["vmhwm_kb"] - baseline) / 1024
    assert extra_mb < 500, f"peak RSS grew by {extra_mb:.0f} MB"


@pytest.mark.timeout(240)
def test_a_49_mb_single_line_article_stays_within_bounded_memory(tmp_path) -> None:
    text_file = tmp_path / "one-line.txt"
    with text_file.open("wb") as fh:
        fh.write(b"Headline\n\n" + b"word " * (49_000_000 // 5) + b"\n")
    baseline = _baseline_kb()
    result = _run_files([text_file], timeout=230)
    reasons, docs, seconds = result["one-line.txt"]
    extra_mb = (result["vmhwm_kb"] - baseline) / 1024
    print(f"49 MB line: {reasons} {docs} docs in {seconds:.0f}s, peak +{extra_mb:.0f} MB")
    assert reasons == ["article_too_large"] and docs == 0, "quarantined whole, never truncated"
    assert seconds < 120
    assert extra_mb < 1000, f"peak RSS grew by {extra_mb:.0f} MB for a 49 MB file"


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "name,content",
    [
        ("deep.html", "<html><body>" + "<div>" * 100_000 + "<p>Deep text here for the reader.</p>" + "</div>" * 100_000 + "</body></html>"),
        ("deep-unclosed.html", "<!doctype html><html><body>" + "<span><b><i>" * 40_000 + "text"),
        ("deep.json", '{"title": "t", "body": ' + "[" * 100_000 + '"x"' + "]" * 100_000 + "}"),
        ("deep-list.jsonl", "[" * 200_000 + "\n"),
        ("deep.txt", "(" * 1_000_000),
    ],
)
def test_deep_nesting_never_raises_and_finishes(tmp_path, name, content) -> None:
    p = tmp_path / name
    p.write_text(content)
    t = time.process_time()  # CPU time: the bound holds however loaded the machine is
    result = _process(p, tmp_path)
    assert time.process_time() - t < 60
    assert result.documents or result.problems


_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<html><head><title>Laughs &lol9;</title></head><body><p>Billion &lol9; laughs &xxe; here.</p>
<p>LONDON - The real paragraph of this page says something sensible about the council.</p></body></html>
"""


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", ["laughs.html", "laughs.xml.html", "laughs.txt", "laughs.json"])
def test_entity_expansion_and_external_entities_are_never_expanded(tmp_path, name) -> None:
    p = tmp_path / name
    content = _LAUGHS if not name.endswith(".json") else json.dumps({"title": "x", "body": _LAUGHS})
    p.write_text(content)
    baseline = _baseline_kb()
    result = _in_subprocess(
        f"""
        import time
        from pathlib import Path
        from etl.config import load_settings
        from etl.models import SourceFile
        from etl.pipeline import process_file
        p = Path({str(p)!r})
        t = time.process_time()
        r = process_file(SourceFile(p, p.name, p.stat().st_size, p.stat().st_mtime, None), load_settings())
        text = " ".join(d.body + " " + (d.title or "") for d in r.documents)
        RESULT = {{"seconds": time.process_time() - t, "chars": len(text), "passwd": "root:" in text,
                   "laughs": text.count("lollol"), "problems": [q.reason for q in r.problems]}}
        """
    )
    assert result["seconds"] < 30 and result["chars"] < 100_000 and result["laughs"] == 0
    assert not result["passwd"], "an external entity was resolved"
    assert (result["vmhwm_kb"] - baseline) / 1024 < 200


# -- many files ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_a_directory_of_100000_tiny_files_is_accounted_for_with_flat_memory(tmp_path) -> None:
    """100,000 tiny articles plus a handful of hostile files, in a dry run (parse and report, no index).

    Dry run because indexing 100k documents on this 2-core machine would dominate the suite;
    discovery, reading, parsing and accounting are what grows with the number of files.
    """
    root = tmp_path / "many"
    n = 100_000
    for i in range(n):
        d = root / f"d{i // 2000:03d}"
        if i % 2000 == 0:
            d.mkdir(parents=True)
        with open(d / f"a{i:06d}.txt", "w") as fh:
            fh.write(f"Item {i}\n\nLONDON - Tiny article {i} about item {i}.\n")
    hostile = root / "zz-hostile"
    hostile.mkdir()
    (hostile / "empty.txt").write_bytes(b"")
    (hostile / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    (hostile / "bad.json").write_text("{not json")
    (hostile / "bomb.txt.gz").write_bytes(gzip.compress(bytes(30_000_000)))
    (hostile / "out.txt").symlink_to("/etc/hostname")
    result = _in_subprocess(
        f"""
        import resource, time
        from pathlib import Path
        from etl.config import load_settings
        from etl.runner import run
        t = time.process_time()
        r = run(None, load_settings(), Path({str(root)!r}), dry_run=True, runs_dir=Path({str(tmp_path / "runs")!r}), workers=2)
        RESULT = {{"seconds": time.process_time() - t, "report": r.to_dict(),
                   "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}
        """,
        timeout=390,
    )
    report = result["report"]
    assert report["balanced"] and report["status"] == "succeeded"
    assert report["files_seen"] == n + 5
    assert report["files_parsed"] == report["articles_parsed"] == n
    assert report["files_quarantined"] == 5
    assert report["errors"] == {"empty": 1, "binary": 1, "invalid_json": 1, "gzip_bomb": 1, "symlink_outside_root": 1}
    assert result["vmhwm_kb"] < 400 * 1024 and result["children_maxrss_kb"] < 400 * 1024
    print(f"100k tiny files: {result['seconds']:.0f}s, peak RSS {result['vmhwm_kb'] // 1024} MB "
          f"(workers {result['children_maxrss_kb'] // 1024} MB)")  # fmt: skip
