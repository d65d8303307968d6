"""READ stage: discover() and read_units(), including hostile inputs built in tmp_path."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import etl.read.limits as read_mod  # where files are opened, read and gunzipped
from etl.config import ReadConfig
from etl.errors import ConfigError, QuarantineError
from etl.fields import parse_date
from etl.models import Quarantined, RawUnit, SourceFile
from etl.read import decode_bytes, discover, read_units, repair_mojibake

PROJECT = Path(__file__).resolve().parents[3]
SAMPLE = PROJECT / "data" / "sample"
BBC = PROJECT / ".." / "shared" / "corpora" / "bbc-news"
SEED = PROJECT / ".." / "shared" / "corpora" / "seed" / "two-articles.txt"
CFG = ReadConfig()


# --------------------------------------------------------------------------- helpers


def write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def source(path: Path, root: Path | None = None) -> SourceFile:
    st = path.stat()
    rel = path.relative_to(root).as_posix() if root else path.name
    return SourceFile(path=path, rel_path=rel, size=st.st_size, mtime=st.st_mtime)


def found(root: Path, **kwargs: Any) -> list[SourceFile | Quarantined]:
    return list(discover(root, config=kwargs.pop("config", CFG), **kwargs))


def rel_paths(items: list[SourceFile | Quarantined]) -> list[str]:
    return [i.rel_path for i in items if isinstance(i, SourceFile)]


def quarantines(items: list[Any]) -> list[tuple[str, str]]:
    return [(i.rel_path, i.reason) for i in items if isinstance(i, Quarantined)]


def units_of(path: Path, config: ReadConfig = CFG) -> list[RawUnit | Quarantined]:
    return list(read_units(source(path), config))


def reason_of(path: Path, config: ReadConfig = CFG) -> str:
    with pytest.raises(QuarantineError) as info:
        units_of(path, config)
    return info.value.reason


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


ARTICLE = "Headline here\n\nThe council met on Monday. \u201cIt went well,\u201d a spokesperson said.\n"


# --------------------------------------------------------------------------- discover: sample tree


SAMPLE_SOURCES = [
    ("2024/03/01/millbrook-footbridge.html", date(2024, 3, 1)),
    ("2024/03/01/wire-roundup.txt", date(2024, 3, 1)),
    ("2024/03/02/courier-export.jsonl", date(2024, 3, 2)),
    ("2024/03/02/night-bus.txt", date(2024, 3, 2)),
    ("2024/03/03/cafe-sales-cp1252.txt", date(2024, 3, 3)),
    ("2024/03/03/museum-mojibake.txt", date(2024, 3, 3)),
    ("2024/03/04/council-budget.json", date(2024, 3, 4)),
    ("2024/03/04/evening-briefing.txt.gz", date(2024, 3, 4)),
    ("undated/archive-features.txt", None),
]


def test_discover_sample_lists_sources_sorted_with_partition_dates_and_skips_readme() -> None:
    items = found(SAMPLE)
    assert quarantines(items) == []
    assert [(i.rel_path, i.partition_date) for i in items if isinstance(i, SourceFile)] == SAMPLE_SOURCES
    first = items[0]
    assert isinstance(first, SourceFile) and first.path.is_absolute() and first.size == first.path.stat().st_size


@pytest.mark.parametrize(
    ("date_from", "date_to", "include_undated", "expected"),
    [
        pytest.param(date(2024, 3, 2), date(2024, 3, 3), True,
                     [p for p, d in SAMPLE_SOURCES if d is None or date(2024, 3, 2) <= d <= date(2024, 3, 3)],
                     id="inclusive-range-plus-undated"),
        pytest.param(date(2024, 3, 2), date(2024, 3, 3), False,
                     [p for p, d in SAMPLE_SOURCES if d and date(2024, 3, 2) <= d <= date(2024, 3, 3)],
                     id="inclusive-range-without-undated"),
        pytest.param(date(2024, 3, 4), None, False, [p for p, d in SAMPLE_SOURCES if d == date(2024, 3, 4)],
                     id="open-ended-from"),
        pytest.param(None, date(2024, 3, 1), False, [p for p, d in SAMPLE_SOURCES if d == date(2024, 3, 1)],
                     id="open-ended-to"),
        pytest.param(date(2025, 1, 1), None, False, [], id="range-after-all-files"),
        pytest.param(None, None, False, [p for p, d in SAMPLE_SOURCES if d], id="only-dated"),
    ],
)  # fmt: skip
def test_discover_date_filter(
    date_from: date | None, date_to: date | None, include_undated: bool, expected: list[str]
) -> None:
    items = found(SAMPLE, date_from=date_from, date_to=date_to, include_undated=include_undated)
    assert rel_paths(items) == expected


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("2024/03/05/a.txt", date(2024, 3, 5)),
        ("feeds/2024/3/5/deep/a.txt", date(2024, 3, 5)),
        ("feeds/2024-03-05/a.txt", date(2024, 3, 5)),
        ("x/2024-03-05/y/2023/01/01/a.txt", date(2024, 3, 5)),
        ("2024/02/30/a.txt", None),
        ("2024/03/a.txt", None),
        ("2024-03-05.txt", None),
        ("2024-13-01/a.txt", None),
    ],
    ids=["ymd-chain", "ymd-chain-deeper-single-digits", "iso-folder", "first-date-wins",
         "impossible-date-ignored", "incomplete-chain", "file-name-not-a-folder", "invalid-month"],
)  # fmt: skip
def test_discover_partition_date_from_folders(tmp_path: Path, rel: str, expected: date | None) -> None:
    write(tmp_path, rel, ARTICLE)
    (item,) = found(tmp_path)
    assert isinstance(item, SourceFile) and item.partition_date == expected


@pytest.mark.parametrize(
    ("name", "content", "yielded"),
    [
        ("a.txt", ARTICLE, True),
        ("b.TXT", ARTICLE, True),
        ("c.html", "<p>x</p>", True),
        ("d.htm", "<p>x</p>", True),
        ("e.json", '{"body": "x"}', True),
        ("f.ndjson", '{"body": "x"}', True),
        ("g.jsonl.gz", gz(b'{"body": "x"}'), True),
        ("h.txt.gz", gz(ARTICLE.encode()), True),
        ("page.dat", "<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("page.php", "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><p>x</p></html>", True),
        ("export.out", '[{"title": "T", "body": "x"}]', True),
        ("export.gz", gz(b'{"headline": "T", "articleBody": "x"}'), True),
        ("noext", "<html><body>x</body></html>", True),
        ("notes.md", ARTICLE, False),
        ("data.csv", "a,b\n1,2\n", False),
        ("config.cfg", '{"port": 1}', False),
        ("feed.xml", "<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>", False),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", False),
        ("README.txt", ARTICLE, False),
        ("LICENSE", ARTICLE, False),
        ("provenance.md", ARTICLE, False),
        (".hidden.txt", ARTICLE, False),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_discover_extension_and_sniffing_rule(tmp_path: Path, name: str, content: bytes | str, yielded: bool) -> None:
    write(tmp_path, name, content)
    items = found(tmp_path)
    assert quarantines(items) == []
    assert rel_paths(items) == ([name] if yielded else [])


def test_discover_skips_hidden_directories(tmp_path: Path) -> None:
    write(tmp_path, ".git/objects/a.txt", ARTICLE)
    write(tmp_path, "visible/.cache/b.txt", ARTICLE)
    write(tmp_path, "visible/c.txt", ARTICLE)
    assert rel_paths(found(tmp_path)) == ["visible/c.txt"]


def test_discover_single_file_root_yields_that_file(tmp_path: Path) -> None:
    path = write(tmp_path, "2024/03/01/one.dat", "plain text, odd extension")
    (item,) = found(path)
    assert isinstance(item, SourceFile)
    assert (item.rel_path, item.partition_date, item.path) == ("one.dat", None, path)


def test_discover_missing_root_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        found(tmp_path / "nope")


def test_discover_order_is_stable_and_sorted(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "a/10.txt", "a/1.txt", "c.txt", "B.txt"]:
        write(tmp_path, rel, ARTICLE)
    assert rel_paths(found(tmp_path)) == ["B.txt", "a/1.txt", "a/10.txt", "b/2.txt", "c.txt"]


# --------------------------------------------------------------------------- discover: hostile trees


def test_discover_symlink_inside_root_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "real/a.txt", ARTICLE)
    (tmp_path / "alias").symlink_to("real")
    (tmp_path / "link.txt").symlink_to("real/a.txt")
    assert rel_paths(found(tmp_path)) == ["alias/a.txt", "link.txt", "real/a.txt"]


@pytest.mark.parametrize(
    ("make", "rel", "reason"),
    [
        (lambda root, out: (root / "out.txt").symlink_to(out / "secret.txt"), "out.txt", "symlink_outside_root"),
        (lambda root, out: (root / "outdir").symlink_to(out), "outdir", "symlink_outside_root"),
        (lambda root, out: (root / "abs.dat").symlink_to("/etc/hostname"), "abs.dat", "symlink_outside_root"),
        (lambda root, out: (root / "up.txt").symlink_to("../outside/secret.txt"), "up.txt", "symlink_outside_root"),
        (lambda root, out: ((root / "a.txt").symlink_to("b.txt"), (root / "b.txt").symlink_to("a.txt")),
         "a.txt", "symlink_loop"),
        (lambda root, out: (root / "self.txt").symlink_to("self.txt"), "self.txt", "symlink_loop"),
        (lambda root, out: ((root / "d").mkdir(), (root / "d" / "back").symlink_to("..")), "d/back", "symlink_loop"),
        (lambda root, out: (root / "dangling.txt").symlink_to("missing.txt"), "dangling.txt", "broken_symlink"),
    ],
    ids=["file-link-outside", "dir-link-outside", "absolute-link-outside", "relative-link-escaping",
         "two-link-cycle", "self-link", "dir-link-to-ancestor", "dangling-link"],
)  # fmt: skip
def test_discover_quarantines_unsafe_symlink(tmp_path: Path, make: Any, rel: str, reason: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = write(tmp_path, "outside/secret.txt", "not for you").parent
    write(root, "ok.txt", ARTICLE)
    make(root, outside)
    items = found(root)
    assert (rel, reason) in quarantines(items)
    assert "ok.txt" in rel_paths(items)
    assert not any("secret" in str(i.path) for i in items if isinstance(i, SourceFile))


def test_discover_reports_unlistable_directory_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing; inject the EACCES the kernel would return.
    write(tmp_path, "locked/a.txt", ARTICLE)
    write(tmp_path, "open/b.txt", ARTICLE)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(read_mod.os, "scandir", scandir)
    items = found(tmp_path)
    assert quarantines(items) == [("locked", "unreadable")]
    assert rel_paths(items) == ["open/b.txt"]


def test_discover_does_not_walk_directories_dated_outside_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "2024/03/01/a.txt", ARTICLE)
    write(tmp_path, "2024/03/09/b.txt", ARTICLE)
    listed: list[str] = []
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        listed.append(Path(path).relative_to(tmp_path).as_posix())
        return real_scandir(path)

    monkeypatch.setattr(read_mod.os, "scandir", scandir)
    assert rel_paths(found(tmp_path, date_from=date(2024, 3, 1), date_to=date(2024, 3, 2))) == ["2024/03/01/a.txt"]
    assert "2024/03/09" not in listed and "2024/03/01" in listed


def test_discover_quarantines_fifo_with_our_extension(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.other")
    assert quarantines(found(tmp_path)) == [("pipe.txt", "special_file")]


@pytest.mark.parametrize(
    ("raw_name", "expected_rel"),
    [
        (b"line\nbreak.txt", "line\nbreak.txt"),
        (b"caf\xe9.txt", "caf\\xe9.txt"),
        (b"\xff\xfe.txt", "\\xff\\xfe.txt"),
        ("caf\u00e9.txt".encode(), "caf\u00e9.txt"),
    ],
    ids=["newline", "latin1-byte", "invalid-utf8-bytes", "valid-utf8"],
)
def test_discover_odd_file_names_give_json_safe_rel_path_and_stay_readable(
    tmp_path: Path, raw_name: bytes, expected_rel: str
) -> None:
    with open(os.path.join(os.fsencode(tmp_path), raw_name), "wb") as fh:
        fh.write(ARTICLE.encode())
    (item,) = found(tmp_path)
    assert isinstance(item, SourceFile) and item.rel_path == expected_rel
    assert orjson.loads(orjson.dumps({"p": item.rel_path}))["p"] == expected_rel
    (unit,) = list(read_units(item, CFG))
    assert isinstance(unit, RawUnit) and unit.content == ARTICLE


# --------------------------------------------------------------------------- read_units: sample data


@pytest.mark.parametrize(
    ("rel", "fmt", "encoding", "n_units", "repaired"),
    [
        ("2024/03/01/millbrook-footbridge.html", "html", "utf-8", 1, False),
        ("2024/03/01/wire-roundup.txt", "text", "utf-8", 1, False),
        ("2024/03/02/courier-export.jsonl", "jsonl", "utf-8", 3, False),
        ("2024/03/02/night-bus.txt", "text", "utf-8", 1, False),
        ("2024/03/03/cafe-sales-cp1252.txt", "text", "cp1252", 1, False),
        ("2024/03/03/museum-mojibake.txt", "text", "utf-8", 1, True),
        ("2024/03/04/council-budget.json", "json", "utf-8", 1, False),
        ("2024/03/04/evening-briefing.txt.gz", "text", "utf-8", 1, False),
        ("undated/archive-features.txt", "text", "utf-8", 1, False),
    ],
)
def test_read_sample_file(rel: str, fmt: str, encoding: str, n_units: int, repaired: bool) -> None:
    units = units_of(SAMPLE / rel)
    assert all(isinstance(u, RawUnit) for u in units) and len(units) == n_units
    assert {(u.format, u.encoding, u.mojibake_repaired) for u in units} == {(fmt, encoding, repaired)}


def test_read_sample_cp1252_file_decodes_pound_eacute_and_curly_quotes() -> None:
    (unit,) = units_of(SAMPLE / "2024/03/03/cafe-sales-cp1252.txt")
    assert "£48.5m" in unit.content and "Renée" in unit.content and "“treating" in unit.content


def test_read_sample_mojibake_file_is_repaired() -> None:
    (unit,) = units_of(SAMPLE / "2024/03/03/museum-mojibake.txt")
    assert "“We found old photographs" in unit.content and "José" in unit.content and "museum’s" in unit.content
    assert "â€" not in unit.content and "Ã" not in unit.content


def test_read_gzip_sha256_is_of_the_file_as_stored_on_disk() -> None:
    path = SAMPLE / "2024/03/04/evening-briefing.txt.gz"
    (unit,) = units_of(path)
    assert unit.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert unit.sha256 != hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()
    assert "* * *" in unit.content


def test_read_plain_sha256_is_of_file_bytes() -> None:
    (unit,) = units_of(SEED)
    assert unit.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert unit.content.startswith("WASHINGTON -\u00a0") and unit.record_index is None and not unit.is_html


# --------------------------------------------------------------------------- read_units: hostile files


BIG_ZEROS = b"\x00" * 3_000_000


@pytest.mark.parametrize(
    ("name", "data", "config", "reason"),
    [
        ("nul.txt", b"hello\x00world", CFG, "binary"),
        ("pdf.txt", b"%PDF-1.7\n1 0 obj", CFG, "binary"),
        ("png.html", b"\x89PNG\r\n\x1a\nrest", CFG, "binary"),
        ("zip.json", b"PK\x03\x04rest-of-zip", CFG, "binary"),
        ("jpeg.txt", b"\xff\xd8\xff\xe0JFIF", CFG, "binary"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"some text", CFG, "binary"),
        ("nested.txt.gz", gz(gz(b"inner")), CFG, "binary"),
        ("empty.txt", b"", CFG, "empty"),
        ("blank.txt", b" \n\t\r\n  ", CFG, "empty"),
        ("bom-only.txt", codecs.BOM_UTF8, CFG, "empty"),
        ("empty.txt.gz", gz(b""), CFG, "empty"),
        ("big.txt", b"x" * 101, ReadConfig(max_file_bytes=100), "too_large"),
        ("truncated.txt.gz", gz(ARTICLE.encode() * 50)[:-30], CFG, "truncated_gzip"),
        ("corrupt.txt.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40, CFG, "corrupt_gzip"),
        ("notgzip.txt.gz", b"plain text saved with a .gz name", CFG, "corrupt_gzip"),
        ("bomb-ratio.txt.gz", gz(BIG_ZEROS), CFG, "gzip_bomb"),
        ("bomb-cap.txt.gz", gz(b"a" * 200_000), ReadConfig(max_decompressed_bytes=100_000), "gzip_bomb"),
        ("bad.json", b'{"title": "x", "body": ', CFG, "invalid_json"),
        ("scalar.json", b"42", CFG, "invalid_json"),
        ("text.json", b"this is not json at all", CFG, "invalid_json"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, CFG, "invalid_json"),
        ("nolist.json", b"[]", CFG, "empty"),
        ("nobody.json", b'{"title": "Only a title"}', CFG, "no_body"),
        ("blankbody.json", b'{"title": "T", "body": "   "}', CFG, "no_body"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_read_whole_file_quarantine_reason(name: str, data: bytes, config: ReadConfig, reason: str, tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, name, data), config) == reason


def test_read_gzip_bomb_is_stopped_without_inflating_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "bomb.txt.gz", gz(b"\x00" * 50_000_000))
    produced: list[int] = []
    real = zlib.decompressobj

    class Spy:
        def __init__(self, *args: Any) -> None:
            self._d = real(*args)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            out = self._d.decompress(data, max_length)
            produced.append(len(out))
            return out

        def __getattr__(self, name: str) -> Any:
            return getattr(self._d, name)

    monkeypatch.setattr(read_mod.zlib, "decompressobj", Spy)
    assert reason_of(path) == "gzip_bomb"
    assert sum(produced) <= path.stat().st_size * CFG.max_decompression_ratio + 1


def test_read_concatenated_gzip_members_are_all_read(tmp_path: Path) -> None:
    path = write(tmp_path, "multi.txt.gz", gz(b"first part. ") + gz(b"second part."))
    (unit,) = units_of(path)
    assert unit.content == "first part. second part."


def test_read_too_large_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.txt", b"y" * 5000)
    monkeypatch.setattr(read_mod.os, "read", lambda *a: pytest.fail("read a file that is too large"))
    assert reason_of(path, ReadConfig(max_file_bytes=4999)) == "too_large"


# --------------------------------------------------------------------------- read_units: I/O failures


def test_read_file_deleted_before_reading_is_vanished(tmp_path: Path) -> None:
    path = write(tmp_path, "gone.txt", ARTICLE)
    src = source(path)
    path.unlink()
    with pytest.raises(QuarantineError) as info:
        list(read_units(src, CFG))
    assert info.value.reason == "vanished" and info.value.path == "gone.txt"


def _patch_read(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    """Run ``action`` once, in the middle of the read (after the first chunk)."""
    real_read = os.read
    done: list[bool] = []

    def read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        if not done:
            done.append(True)
            action()
        return chunk

    monkeypatch.setattr(read_mod.os, "read", read)


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        (lambda p: p.unlink(), "vanished"),
        (lambda p: p.open("ab").write(b"appended while reading"), "changed_while_reading"),
        (lambda p: os.utime(p, (1_000_000_000, 1_000_000_000)), "changed_while_reading"),
        (lambda p: (p.unlink(), p.write_bytes(ARTICLE.encode())), "changed_while_reading"),
    ],
    ids=["deleted-during-read", "grew-during-read", "mtime-changed-during-read", "replaced-during-read"],
)
def test_read_detects_changes_during_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: Any, reason: str
) -> None:
    path = write(tmp_path, "live.txt", ARTICLE)
    _patch_read(monkeypatch, lambda: action(path))
    assert reason_of(path) == reason


def test_read_permission_denied_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod 000 does not block reads; inject the EACCES that open(2) gives other users.
    path = write(tmp_path, "secret.txt", ARTICLE)
    real_open = os.open

    def deny(p: Any, flags: int, *args: Any) -> int:
        if os.fspath(p) == str(path):
            raise PermissionError(13, "Permission denied", os.fspath(p))
        return real_open(p, flags, *args)

    monkeypatch.setattr(read_mod.os, "open", deny)
    assert reason_of(path) == "unreadable"


def test_read_io_error_during_read_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "bad-sector.txt", ARTICLE)

    def eio(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(read_mod.os, "read", eio)
    assert reason_of(path) == "unreadable"


def test_read_directory_in_place_of_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    src = SourceFile(path=path, rel_path="folder.txt", size=0, mtime=0.0)
    with pytest.raises(QuarantineError) as info:
        list(read_units(src, CFG))
    assert info.value.reason == "unreadable"


def test_read_fifo_is_special_file_and_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    src = SourceFile(path=path, rel_path="pipe.txt", size=0, mtime=0.0)
    with pytest.raises(QuarantineError) as info:
        list(read_units(src, CFG))
    assert info.value.reason == "special_file"


# --------------------------------------------------------------------------- read_units: JSON and JSONL


def test_read_jsonl_bad_lines_are_quarantined_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [
        '{"title": "One", "body": "First body."}',
        "",
        '{"title": "Two", "body": ',
        "[1, 2]",
        '{"title": "Four", "text": "' + "x" * 300 + '"}',
        '{"title": "Five"}',
        '{"title": "Six", "content": "Sixth body."}',
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    out = units_of(path, ReadConfig(max_line_bytes=200))
    summary = [
        (u.record_index, u.content) if isinstance(u, RawUnit) else (u.location, u.reason, u.whole_file) for u in out
    ]
    assert summary == [
        (0, "First body."),
        ("line 3", "invalid_json", False),
        ("line 4", "invalid_json", False),
        ("line 5", "line_too_long", False),
        ("line 6", "no_body", False),
        (5, "Sixth body."),
    ]


def test_read_json_list_bad_element_is_quarantined_by_record(tmp_path: Path) -> None:
    doc = [{"title": "A", "body": "Alpha."}, "not an object", {"title": "C"}, {"body": "Delta."}]
    out = units_of(write(tmp_path, "list.json", json.dumps(doc)))
    summary = [(u.record_index, u.content) if isinstance(u, RawUnit) else (u.location, u.reason) for u in out]
    assert summary == [(0, "Alpha."), ("record 1", "invalid_json"), ("record 2", "no_body"), (3, "Delta.")]


@pytest.mark.parametrize(
    ("name", "data", "fmt", "n_units"),
    [
        ("page.txt", "<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", "html", 1),
        ("fragment.txt", "<p>Just a paragraph of markup.</p>", "html", 1),
        ("lt.txt", "<3 this is a text that starts with a less-than sign.", "text", 1),
        ("record.txt", '{"title": "T", "body": "Body."}', "json", 1),
        ("records.txt", '{"body": "One."}\n{"body": "Two."}\n', "jsonl", 2),
        ("lines.json", '{"body": "One."}\n{"body": "Two."}\n', "jsonl", 2),
        ("pretty.jsonl", '{\n  "title": "T",\n  "body": "Pretty."\n}\n', "json", 1),
        ("page.json", "<!doctype html><html><body><p>error page</p></body></html>", "html", 1),
        ("plain.html", "No markup at all, just words.", "html", 1),
        ("wrapped.json", '{"articles": [{"body": "One."}, {"body": "Two."}]}', "json", 2),
        ("nolabel", "Some plain words.", "text", 1),
        ("page.htm.gz", gz(b"<html><body><p>x</p></body></html>"), "html", 1),
        ("magic-no-suffix.txt", gz(ARTICLE.encode()), "text", 1),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v[:20] and len(v) < 25 else None,
)
def test_read_format_sniffed_from_content(tmp_path: Path, name: str, data: str | bytes, fmt: str, n_units: int) -> None:
    units = units_of(write(tmp_path, name, data))
    assert [u.format for u in units] == [fmt] * n_units
    assert all(u.is_html == (fmt == "html") for u in units if fmt in ("text", "html"))


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"title": " A  title\n", "body": "b"}, {"title": "A title"}),
        ({"headline": "Head", "body": "b"}, {"title": "Head"}),
        ({"published_at": "2024-03-01T10:00:00Z", "body": "b"},
         {"published_at": datetime(2024, 3, 1, 10, tzinfo=timezone.utc)}),
        ({"date": "2024-03-01", "body": "b"}, {"published_at": datetime(2024, 3, 1, tzinfo=timezone.utc)}),
        ({"datePublished": "2024-03-01T10:00:00+01:00", "body": "b"},
         {"published_at": datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(hours=1)))}),
        ({"pubDate": "Fri, 01 Mar 2024 10:00:00 GMT", "body": "b"},
         {"published_at": datetime(2024, 3, 1, 10, tzinfo=timezone.utc)}),
        ({"date": "yesterday", "body": "b"}, {"published_at": None}),
        ({"dateModified": "2024-03-02T00:00:00Z", "body": "b"},
         {"modified_at": datetime(2024, 3, 2, tzinfo=timezone.utc)}),
        ({"author": "By Jane Doe", "body": "b"}, {"authors": ["Jane Doe"]}),
        ({"authors": ["A One", "B Two", "A One"], "body": "b"}, {"authors": ["A One", "B Two"]}),
        ({"author": {"@type": "Person", "name": "C Three"}, "body": "b"}, {"authors": ["C Three"]}),
        ({"byline": "Doe, Jane", "body": "b"}, {"authors": ["Doe, Jane"]}),
        ({"description": "Desc.", "body": "b"}, {"description": "Desc."}),
        ({"summary": "Sum.", "body": "b"}, {"description": "Sum."}),
        ({"url": "https://x.example/a", "body": "b"}, {"url": "https://x.example/a"}),
        ({"link": "https://x.example/b", "body": "b"}, {"url": "https://x.example/b"}),
        ({"section": "World", "body": "b"}, {"section": "World"}),
        ({"category": ["Sport", "Football"], "body": "b"}, {"section": "Sport"}),
        ({"tags": ["a", "b", "a"], "body": "b"}, {"tags": ["a", "b"]}),
        ({"keywords": "x, y; z", "body": "b"}, {"tags": ["x", "y", "z"]}),
        ({"language": "en", "body": "b"}, {"language": "en"}),
        ({"lang": "en_GB", "body": "b"}, {"language": "en"}),  # issue 12: one language rule for JSON and HTML (was "en-gb")
        ({"inLanguage": "not a language!", "body": "b"}, {"language": None}),
        ({"publisher": {"name": "The Paper"}, "body": "b"}, {"site_name": "The Paper"}),
        ({"title": 42, "author": 7, "tags": {"x": 1}, "body": "b"}, {"title": None, "authors": [], "tags": []}),
    ],
)  # fmt: skip
def test_read_json_fields_map_to_metadata(tmp_path: Path, record: dict[str, Any], expected: dict[str, Any]) -> None:
    (unit,) = units_of(write(tmp_path, "r.json", json.dumps(record)))
    for field, value in expected.items():
        assert getattr(unit.metadata, field) == value


@pytest.mark.parametrize(
    ("record", "content", "is_html"),
    [
        ({"body": "Plain body."}, "Plain body.", False),
        ({"text": "Text body."}, "Text body.", False),
        ({"content": "<p>Para one.</p><p>Two.</p>"}, "<p>Para one.</p><p>Two.</p>", True),
        ({"articleBody": "Schema body with a < b and c > d."}, "Schema body with a < b and c > d.", False),
        ({"body": ["Para one.", "Para two."]}, "Para one.\n\nPara two.", False),
        ({"body": "", "text": "Fallback text."}, "Fallback text.", False),
    ],
    ids=["body", "text", "html-content", "angle-brackets-not-html", "list-of-paragraphs", "empty-body-falls-back"],
)
def test_read_json_body_field_and_html_flag(tmp_path: Path, record: dict[str, Any], content: str, is_html: bool) -> None:
    (unit,) = units_of(write(tmp_path, "r.json", json.dumps(record)))
    assert (unit.content, unit.is_html, unit.record_index) == (content, is_html, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=timezone.utc)),
        ("2024-03-01T09:30:00", datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        ("2024-03-01T09:30:00Z", datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        ("2024-03-01T09:30:00-05:00", datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("Fri, 01 Mar 2024 09:30:00 +0000", datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        ("March 1, 2024", datetime(2024, 3, 1, tzinfo=timezone.utc)),
        ("1 March 2024", datetime(2024, 3, 1, tzinfo=timezone.utc)),
        (1709285400, datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        (1709285400000, datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        ("1709285400", datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)),
        ("01/03/2024", None),
        ("soon", None),
        ("", None),
        (None, None),
        (True, None),
        (-5, None),
        (float("nan"), None),
        ({"date": "2024-03-01"}, None),
    ],
)
def test_parse_date(value: Any, expected: datetime | None) -> None:
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- encodings


LATIN_TEXT = "Le café était très animé à côté de la gare, où les élèves déjeunaient. « Très bien », dit-il. " * 3
CYRILLIC = "Правительство объявило о новых мерах поддержки для фермеров в северных регионах страны."


@pytest.mark.parametrize(
    ("data", "encoding", "contains"),
    [
        (codecs.BOM_UTF8 + "caf\u00e9 \u201cq\u201d".encode(), "utf-8", "caf\u00e9 \u201cq\u201d"),
        (codecs.BOM_UTF16_LE + "caf\u00e9 \u00a3".encode("utf-16-le"), "utf-16-le", "caf\u00e9 \u00a3"),
        (codecs.BOM_UTF16_BE + "caf\u00e9 \u00a3".encode("utf-16-be"), "utf-16-be", "caf\u00e9 \u00a3"),
        (codecs.BOM_UTF32_LE + "caf\u00e9".encode("utf-32-le"), "utf-32-le", "caf\u00e9"),
        (codecs.BOM_UTF32_BE + "caf\u00e9".encode("utf-32-be"), "utf-32-be", "caf\u00e9"),
        (b"plain ascii only", "utf-8", "plain ascii only"),
        ("caf\u00e9 \u00a3 \u201cq\u201d".encode(), "utf-8", "caf\u00e9 \u00a3 \u201cq\u201d"),
        ("caf\u00e9 \u00a3 \u201cq\u201d \u20ac".encode("cp1252"), "cp1252", "caf\u00e9 \u00a3 \u201cq\u201d \u20ac"),
        (b"undefined \x81 byte \xe9", "cp1252", "undefined \x81 byte \u00e9"),
        (b'<meta charset="iso-8859-1"><p>caf\xe9 \x93q\x94</p>', "cp1252", "caf\u00e9 \u201cq\u201d"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcf\xf0\xe8</p>',
         "cp1251", "\u041f\u0440\u0438"),
        (b'<?xml version="1.0" encoding="ISO-8859-15"?><html><p>\xa4 caf\xe9</p></html>', "iso8859-15", "\u20ac caf\u00e9"),
        ('<meta charset="shift_jis"><p>\u65e5\u672c\u8a9e</p>'.encode("shift_jis"), "shift-jis", "\u65e5\u672c\u8a9e"),
        ('<meta charset="iso-8859-1"><p>caf\u00e9</p>'.encode(), "utf-8", "caf\u00e9"),
        ('<meta charset="utf-8"><p>caf\u00e9</p>'.encode("cp1252"), "cp1252", "caf\u00e9"),
        (b'<meta charset="utf-7"><p>+AKM-1 caf\xe9</p>', "cp1252", "+AKM-1 caf\u00e9"),
        (b'<meta charset="base64"><p>caf\xe9</p>', "cp1252", "caf\u00e9"),
        (b'<meta charset="no-such-charset"><p>caf\xe9</p>', "cp1252", "caf\u00e9"),
        (CYRILLIC.encode("cp1251"), "cp1251", CYRILLIC),
        (LATIN_TEXT.encode("cp1252"), "cp1252", LATIN_TEXT),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom", "ascii-reported-as-utf8",
         "strict-utf8", "cp1252-fallback", "cp1252-undefined-byte-kept-as-c1", "declared-latin1-is-cp1252",
         "declared-http-equiv-cp1251", "xml-prolog-iso8859-15", "declared-shift-jis",
         "valid-utf8-beats-declared-single-byte", "wrong-utf8-declaration-falls-back", "utf7-declaration-ignored",
         "non-text-codec-ignored", "unknown-charset-ignored", "statistics-cyrillic", "statistics-tie-prefers-cp1252"],
)  # fmt: skip
def test_decode_bytes_encoding_choice(data: bytes, encoding: str, contains: str) -> None:
    text, used = decode_bytes(data)
    assert used == encoding and contains in text


@pytest.mark.parametrize(
    ("codec", "name"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")], ids=["le", "be"]
)
def test_read_utf16_without_bom_is_not_binary(tmp_path: Path, codec: str, name: str) -> None:
    (unit,) = units_of(write(tmp_path, "wide.txt", ARTICLE.encode(codec)))
    assert (unit.encoding, unit.content) == (name, ARTICLE)


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [
        ("\u00e2\u20ac\u0153Hello\u00e2\u20ac\x9d", "\u201cHello\u201d", True),
        ("It\u00e2\u20ac\u2122s Jos\u00c3\u00a9", "It\u2019s Jos\u00e9", True),
        ("taken out.\u00e2\u20ac\x9d\u00e2\u20ac\u0153If", "taken out.\u201d\u201cIf", True),
        ("\u201cAlready fine\u201d caf\u00e9 \u00a3", "\u201cAlready fine\u201d caf\u00e9 \u00a3", False),
        ("plain ascii", "plain ascii", False),
        ("\u00bfEst\u00e1 aqu\u00ed\u201d?", "\u00bfEst\u00e1 aqu\u00ed\u201d?", False),
    ],
    ids=["curly-double", "apostrophe-and-eacute", "seed-style-glued-quotes", "clean-unicode-untouched",
         "ascii-untouched", "spanish-lookalike-untouched"],
)  # fmt: skip
def test_repair_mojibake(text: str, expected: str, repaired: bool) -> None:
    assert repair_mojibake(text) == (expected, repaired)


def test_read_json_with_escaped_mojibake_is_repaired(tmp_path: Path) -> None:
    record = {"title": "\u00e2\u20ac\u0153Quote\u00e2\u20ac\x9d", "body": "It\u00e2\u20ac\u2122s here."}
    (unit,) = units_of(write(tmp_path, "m.json", json.dumps(record)))  # ASCII file: escapes only
    assert (unit.metadata.title, unit.content, unit.mojibake_repaired) == ("\u201cQuote\u201d", "It\u2019s here.", True)


# --------------------------------------------------------------------------- BBC corpus


def test_bbc_latin1_file_decodes_pound_sign() -> None:
    (unit,) = units_of(BBC / "sport" / "199.txt")
    assert unit.encoding in ("cp1252", "latin-1")
    assert "a \u00a315.8m signing" in unit.content and "\ufffd" not in unit.content


def test_bbc_corpus_reads_every_article_and_skips_its_documentation() -> None:
    # README.TXT and PROVENANCE.md are skipped by discover(): documentation names are never sources.
    files = found(BBC)
    assert quarantines(files) == []
    rels = rel_paths(files)
    assert len(rels) == 2225 and "README.TXT" not in rels and "PROVENANCE.md" not in rels
    n_units = 0
    encodings: set[str] = set()
    for f in files:
        assert isinstance(f, SourceFile)
        for unit in read_units(f, CFG):
            assert isinstance(unit, RawUnit) and unit.format == "text" and not unit.mojibake_repaired
            encodings.add(unit.encoding)
            n_units += 1
    assert n_units == 2225 and encodings == {"utf-8", "cp1252"}


# --------------------------------------------------------------------------- properties


def _drain(units: Iterator[Any]) -> None:
    for _ in units:
        pass


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(lambda b: gzip.compress(b, mtime=0), st.binary(max_size=200)),
        st.builds(lambda b, n: gzip.compress(b, mtime=0)[:n], st.binary(max_size=200), st.integers(0, 60)),
        st.sampled_from([b"{", b"[", b'{"body": 1}', b"[[]]", b'[{"body": "x"}, 3]', b"<html", b"\xef\xbb\xbf{}"]),
    ),
    suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".txt.gz", ".json.gz", ".dat"]),
)
def test_read_units_raises_only_quarantine_error_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path, "fuzz" + suffix, data)
    try:
        _drain(read_units(source(path), ReadConfig(max_line_bytes=64)))
    except QuarantineError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=800))
def test_decode_bytes_never_raises(data: bytes) -> None:
    text, encoding = decode_bytes(data)
    assert isinstance(text, str) and encoding


def test_binary_with_alternating_nuls_is_not_taken_for_utf16(tmp_path) -> None:
    from etl.errors import QuarantineError

    path = tmp_path / "records.txt"
    path.write_bytes(bytes([0, 1, 2, 3]) * 2000)
    with pytest.raises(QuarantineError) as info:
        list(units_of(path))
    assert info.value.reason == "binary"


def test_bomless_utf16_text_is_still_read(tmp_path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Headline\n\nA body written in UTF-16 without a byte order mark.\n".encode("utf-16-le"))
    (unit,) = units_of(path)
    assert unit.encoding == "utf-16-le" and unit.content.startswith("Headline")
