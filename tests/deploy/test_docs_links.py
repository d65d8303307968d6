"""The README and docs/: every relative link resolves, and so does every `#anchor` in it.

A link resolves when its target (relative to the page, or to the repository root for `/…`)
exists inside the repository; a `#fragment` must name a heading of the target Markdown file
(or of the page itself for a bare `#fragment`), by GitHub's rules: the heading's text
lower-cased, everything but letters, digits, `_`, `-` and spaces dropped, spaces turned
into `-`, and `-1`, `-2`, … appended to repeated headings. Links inside code (fenced
blocks, inline spans) are not links and are skipped, as are absolute URLs.

Beside the links: the docs pages that other files name (`docker-compose.yml`,
`.env.example`, …) exist, every docs page is reachable from the README, the tests the
docs cite exist, and the README stays a front page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
README_MAX_LINES = 200

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^\s()<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*\b(?:name|id)=\"([^\"]+)\"", re.IGNORECASE)
_HTML_HREF = re.compile(r"<a\s[^>]*\bhref=\"([^\"]+)\"", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def _prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code spans removed."""
    lines, fence = [], None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        lines.append(_CODE_SPAN.sub("", line))
    return lines


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading (before numbering repeats)."""
    text = _CODE_SPAN.sub(lambda m: m.group(2), heading)  # code spans keep their text
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor a Markdown page defines: its headings' slugs (repeats numbered) and HTML ids."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fence = None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        found.update(_HTML_ANCHOR.findall(line))
        h = _HEADING.match(line)
        if not h:
            continue
        slug = github_slug(h.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def links(text: str) -> list[str]:
    """Every link target of a Markdown page, in order (inline links, images, references, <a href>)."""
    targets: list[str] = []
    for line in _prose_lines(text):
        targets += _INLINE_LINK.findall(line)
        targets += _HTML_HREF.findall(line)
        ref = _REFERENCE_DEF.match(line)
        if ref:
            targets.append(ref.group(1))
    return targets


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    """The relative links of `page` that do not resolve, each with the reason."""
    broken = []
    for target in links(page.read_text(encoding="utf-8")):
        if _SCHEME.match(target):
            continue  # http:, https:, mailto:, //host: not ours to check
        path_part, _, fragment = target.partition("#")
        path_part, fragment = unquote(path_part), unquote(fragment)
        if not path_part:
            dest = page
        elif path_part.startswith("/"):
            dest = root / path_part.lstrip("/")
        else:
            dest = page.parent / path_part
        dest = dest.resolve()
        if not dest.is_relative_to(root.resolve()):
            broken.append(f"{target}: outside the repository")
            continue
        if not dest.exists():
            broken.append(f"{target}: no such file")
            continue
        if fragment and dest.suffix.lower() == ".md" and fragment not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{fragment} in {dest.relative_to(root.resolve())}")
    return broken


# -- the project's pages ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    broken = broken_links(page)
    assert not broken, f"broken links in {page.relative_to(ROOT)}:\n" + "\n".join(broken)


def test_the_docs_folder_has_pages() -> None:
    assert len(PAGES) > 1 and all(p.is_file() for p in PAGES)


@pytest.mark.parametrize("page", PAGES[1:], ids=[str(p.relative_to(ROOT)) for p in PAGES[1:]])
def test_every_docs_page_is_linked_from_the_readme(page: Path) -> None:
    linked = {(README.parent / unquote(t.partition("#")[0])).resolve() for t in links(README.read_text(encoding="utf-8"))}
    assert page.resolve() in linked, f"README.md does not link {page.relative_to(ROOT)}"


# Files outside the docs that send a reader to a docs page, e.g. `see docs/kibana.md ("Security off")`.
REFERRING_FILES = ["docker-compose.yml", ".env.example", "Makefile", "tools/docker/airflow.Dockerfile", "pyproject.toml"]
_DOCS_MENTION = re.compile(r"\bdocs/([\w./-]+\.md)(?:\s*\(\"([^\"]+)\"\))?")


def _docs_mentions() -> list[tuple[str, str, str | None]]:
    found = []
    for name in REFERRING_FILES + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "etl").rglob("*.py")):
        path = ROOT / name
        if path.is_file():
            found += [(name, doc, section) for doc, section in _DOCS_MENTION.findall(path.read_text(encoding="utf-8"))]
    return found


DOCS_MENTIONS = _docs_mentions()


@pytest.mark.parametrize(("referrer", "doc", "section"), DOCS_MENTIONS, ids=[f"{r}->{d}" for r, d, _ in DOCS_MENTIONS])
def test_docs_pages_named_by_other_files_exist_with_the_named_section(referrer: str, doc: str, section: str | None) -> None:
    target = DOCS / doc
    assert target.is_file(), f"{referrer} names docs/{doc}, which does not exist"
    if section:
        headings = [m.group(2) for m in map(_HEADING.match, target.read_text(encoding="utf-8").splitlines()) if m]
        assert any(h.startswith(section) for h in headings), f"{referrer}: docs/{doc} has no section {section!r}"


def test_the_compose_file_and_env_example_point_at_the_kibana_page() -> None:
    # The two deploy files both send readers to docs/kibana.md; the check above only bites if they do.
    assert {(r, d) for r, d, _ in DOCS_MENTIONS} >= {("docker-compose.yml", "kibana.md"), (".env.example", "kibana.md")}


_CITED_TEST = re.compile(r"`(?:([\w/.-]*test_\w+\.py)::)?(test_\w+)`")
_CITED_PATH = re.compile(r"`(tests/[\w/.-]+)`")


def test_every_test_the_docs_cite_exists() -> None:
    defined: dict[str, set[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        defined.setdefault(path.name, set()).update(re.findall(r"^\s*(?:async\s+)?def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    everywhere = set().union(*defined.values())
    missing = []
    for page in PAGES:
        for file_part, name in _CITED_TEST.findall(page.read_text(encoding="utf-8")):
            if file_part:
                if file_part.startswith("tests/") and not (ROOT / file_part).is_file():
                    missing.append(f"{page.name}: {file_part} (no such file)")
                elif name not in defined.get(Path(file_part).name, set()):
                    missing.append(f"{page.name}: {file_part}::{name}")
            elif name not in everywhere:
                missing.append(f"{page.name}: {name}")
        for path in _CITED_PATH.findall(page.read_text(encoding="utf-8")):
            if not (ROOT / path).exists():
                missing.append(f"{page.name}: {path} (no such file)")
    assert not missing, "the docs cite tests that do not exist:\n" + "\n".join(missing)


def test_the_readme_is_a_front_page_of_at_most_200_lines() -> None:
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= README_MAX_LINES, f"README.md has {n} lines; move detail into docs/"


def test_the_readme_quick_start_is_make_demo_and_make_test() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


# -- the checker itself -----------------------------------------------------------------

SLUGS = [
    ("Where Elasticsearch is", "where-elasticsearch-is"),
    ('A manual run (the Trigger button, "Single Run")', "a-manual-run-the-trigger-button-single-run"),
    ("What a failed run means, and how to recover", "what-a-failed-run-means-and-how-to-recover"),
    ("Security off (throwaway local stack only)", "security-off-throwaway-local-stack-only"),
    ("Appendix: HTML article extraction (`etl/html_extract.py`) — method and measurement",
     "appendix-html-article-extraction-etlhtml_extractpy--method-and-measurement"),
    ('Processing speed, session 2 (issue "Article processing": ≥ 2,000 plain-text articles/s per core)',
     "processing-speed-session-2-issue-article-processing--2000-plain-text-articless-per-core"),
    ("Earlier: session 1 (before → after)", "earlier-session-1-before--after"),
    ("See [the guide](guide.md) now", "see-the-guide-now"),
    ("Überblick & Ausblick", "überblick--ausblick"),
    ("snake_case_name", "snake_case_name"),
]


@pytest.mark.parametrize(("heading", "slug"), SLUGS, ids=[s for _, s in SLUGS])
def test_headings_get_githubs_anchor_slugs(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_repeated_headings_get_numbered_anchors_and_code_blocks_define_none() -> None:
    text = "# Method\n\n## Method\n\n```bash\n# not a heading\n```\n\n### Method\n"
    assert anchors(text) == {"method", "method-1", "method-2"}


CHECKER_CASES = [
    # (case, page text, other page text, the broken targets reported)
    ("valid file and anchor", "[a](other.md#part-two) [b](#top) [c](other.md)", "# Other\n## Part two\n", []),
    ("missing file", "[a](nowhere.md)", "", ["nowhere.md"]),
    ("missing anchor in this page", "# Top\n[a](#bottom)", "", ["#bottom"]),
    ("missing anchor in another page", "[a](other.md#part-three)", "## Part two\n", ["other.md#part-three"]),
    ("anchor of a repeated heading", "[a](other.md#x-1) [b](other.md#x-2)", "## X\n## X\n", ["other.md#x-2"]),
    ("image and reference definition", "![i](pic.png)\n\n[ref]: gone.md\n", "", ["pic.png", "gone.md"]),
    ("html link", '<a href="gone.md">x</a>', "", ["gone.md"]),
    ("outside the repository", "[a](../../outside.md)", "", ["../../outside.md"]),
    ("absolute urls are not checked", "[a](https://example.com/x.md) [b](mailto:a@b.c)", "", []),
    ("links in code are not links", "`[a](gone.md)`\n\n```\n[b](gone.md)\n```\n", "", []),
    ("percent-encoded path", "[a](my%20page.md)", "", ["my%20page.md"]),
]


@pytest.mark.parametrize(("case", "page_text", "other_text", "expected"), CHECKER_CASES, ids=[c[0] for c in CHECKER_CASES])
def test_the_checker_reports_exactly_the_broken_links(tmp_path: Path, case: str, page_text: str, other_text: str, expected: list[str]) -> None:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    page = root / "docs" / "page.md"
    page.write_text("# Top\n\n" + page_text, encoding="utf-8")
    (root / "docs" / "other.md").write_text(other_text, encoding="utf-8")
    reported = [b.split(": ", 1)[0] for b in broken_links(page, root)]
    assert reported == expected
