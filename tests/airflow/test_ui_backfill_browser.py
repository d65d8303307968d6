"""A person's path in a real browser: Debian's Chromium, driven by Playwright, makes a backfill in the
Airflow 3 UI and watches it succeed; the index then holds exactly that day's articles.

Sign in (simple auth manager form) → open ``ingest_articles`` → Trigger → Backfill → date range
2024-03-04..2024-03-04 and the source directory → Run Backfill → the Runs tab shows the run as
Success. The clicking happens in the browser only; the REST API is not used here. A screenshot is
saved under ``artifacts/`` at the end and on failure.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.airflow.conftest import DAG_ID, PASSWORD, USER
from tests.airflow.helpers import ROOT, SAMPLE, alias_ids, parsed_ids, run_reports

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.es]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts"
DAY = "2024-03-04"
RUN_ID = f"backfill__{DAY}T00:00:00+00:00"


@pytest.fixture
def page(request):  # noqa: ANN001
    """A Chromium page (fresh profile); a screenshot goes to artifacts/ at the end, pass or fail."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's Chromium (`apt-get install -y chromium`, or `make sysdeps`)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp(prefix="etl-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            yield page
        finally:
            failed = getattr(request.node, "rep_call", None) is None or request.node.rep_call.failed
            name = f"{request.node.name}{'-failed' if failed else ''}.png"
            try:
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the test's own error
                print(f"screenshot failed: {exc!r}")
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def _pick_datetime(page, dialog, label: str, day: str) -> None:  # noqa: ANN001
    """The backfill form's From/To fields are popovers with a Date (YYYY/MM/DD) and a Time (HH:mm) box."""
    field = dialog.get_by_role("group").filter(has=page.locator("label", has_text=re.compile(rf"^{label}$")))
    field.get_by_test_id("datetime-input").first.click()
    page.get_by_placeholder("YYYY/MM/DD").fill(day.replace("-", "/"))
    page.get_by_placeholder("HH:mm").fill("00:00")
    dialog.get_by_text("Date Range", exact=True).click()  # closes the popover
    stamp = time.strftime("%b %d, %Y", time.strptime(day, "%Y-%m-%d"))
    from playwright.sync_api import expect

    # A closing popover stays in the page for its animation: the next field's popover must not
    # open beside it (two "YYYY/MM/DD" boxes at once).
    expect(page.get_by_placeholder("YYYY/MM/DD")).to_have_count(0)

    expect(field.get_by_test_id("datetime-input").first).to_contain_text(stamp)


@pytest.mark.timeout(300, func_only=True)  # the shared Airflow starts in fixtures, not counted
def test_backfill_made_in_the_airflow_ui_indexes_exactly_that_day(airflow, page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    stack = airflow
    expected = parsed_ids(SAMPLE, [DAY])
    assert len(expected) == 3, expected  # data/sample/README.md: 2024-03-04 has 3 articles

    # Sign in with the simple auth manager's form.
    page.goto(f"{stack.url}/")
    page.get_by_label("Username").fill(USER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)

    # Open the DAG (from the Dags list, as a person would).
    page.get_by_role("link", name="Dags", exact=True).first.click()
    page.wait_for_url(re.compile(r"/dags/?(\?.*)?$"))
    # The DAG's own link (pages in transition also show links named after the DAG to its runs and tasks).
    dag_link = page.get_by_role("link", name=DAG_ID, exact=True).and_(page.locator(f'[href$="/dags/{DAG_ID}"]'))
    dag_link.first.click()
    page.wait_for_url(re.compile(rf"/dags/{DAG_ID}/?$"))
    trigger = page.get_by_role("button", name="Trigger Dag")
    expect(trigger).to_have_count(1)  # the list page had one per DAG row; the DAG page has its own

    # Trigger → Backfill, date range, source directory, Run Backfill.
    trigger.click()
    dialog = page.get_by_role("dialog").first
    dialog.get_by_text("Backfill", exact=True).click()
    expect(dialog.get_by_role("heading", name=re.compile("Run Backfill"))).to_be_visible()
    _pick_datetime(page, dialog, "From", DAY)
    _pick_datetime(page, dialog, "To", DAY)
    expect(dialog.get_by_text("1 run will be triggered.")).to_be_visible()
    expect(dialog.get_by_label("Missing Runs")).to_be_checked()
    source = dialog.get_by_role("group").filter(has=page.locator("label", has_text=re.compile(r"^Source directory"))).last
    source.get_by_role("textbox").fill(str(SAMPLE))
    dialog.get_by_role("button", name="Run Backfill").click()
    expect(page.get_by_text("Backfill generated").first).to_be_visible()

    # Watch the run in the Runs tab until it shows Success (reloading; fail fast on Failed).
    page.get_by_role("tab", name="Runs").or_(page.get_by_role("link", name="Runs", exact=True)).first.click()
    row = page.get_by_role("row").filter(has_text=RUN_ID)
    deadline = time.monotonic() + 200
    state = ""
    while time.monotonic() < deadline:
        stack.check_alive()
        if row.count():
            state = row.first.inner_text()
            if "Success" in state or "Failed" in state:
                break
        page.wait_for_timeout(3000)
        page.reload()
        page.wait_for_load_state("networkidle")
    assert "Success" in state, f"run {RUN_ID} shows {state!r} in the UI\n{stack.task_logs(RUN_ID)}"
    expect(row.first.get_by_text("Backfill", exact=True)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "ui-backfill-runs.png"), full_page=True)

    # The index: exactly that day's articles for that day's paths, and a balanced report for the run.
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    es = make_client(ElasticsearchConfig(url=stack.env["ES_URL"], index_prefix=stack.prefix))
    try:
        got = {i: p for i, p in alias_ids(es, stack.prefix).items() if p.startswith("2024/03/04/")}
        assert got == expected
        reports = [r for r in run_reports(es, f"{stack.prefix}-runs") if r.get("dag_run_id") == RUN_ID]
        assert len(reports) == 1 and reports[0]["balanced"], reports
        assert reports[0]["date_from"] == reports[0]["date_to"] == DAY
        assert reports[0]["articles_parsed"] == 3 and reports[0]["indexed"] + reports[0]["unchanged"] == 3
    finally:
        es.close()
