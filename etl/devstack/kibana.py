"""Load the project's Kibana saved objects (data views, searches, Lens, maps, dashboards).

The objects live in ``config/kibana/saved_objects.ndjson`` (built by
``tools/kibana/build_saved_objects.py``) with fixed ids, so an import with
``overwrite=true`` replaces them in place: importing again is always safe.

    from etl.devstack.kibana import import_saved_objects
    import_saved_objects("http://localhost:5601", username="elastic", password="...")

Errors are :class:`KibanaImportError` with a message that says what to do; passwords
and API keys never appear in them.
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from etl.errors import KibanaImportError
from etl.index.client import redacted_url
from etl.resources import config_file

#: Package data (importlib.resources, see :mod:`etl.resources`): ``config/kibana/saved_objects.ndjson``.
SAVED_OBJECTS_PATH = config_file("kibana", "saved_objects.ndjson")
_MAX_LISTED = 20


def import_url(url: str, space: str | None = None) -> str:
    """The import endpoint for Kibana at ``url`` (optionally in a space), with ``overwrite=true``."""
    base = url.rstrip("/")
    if space and space != "default":
        base += f"/s/{quote(space, safe='')}"
    return f"{base}/api/saved_objects/_import?overwrite=true"


def import_saved_objects(
    url: str,
    *,
    space: str | None = None,
    username: str | None = None,
    password: str | None = None,
    api_key: str | None = None,
    path: str | os.PathLike[str] | Traversable = SAVED_OBJECTS_PATH,
    timeout: float = 30,
) -> dict[str, Any]:
    """POST the NDJSON file to Kibana's saved-objects import API; return Kibana's answer.

    The answer has ``success``, ``successCount`` and ``errors`` (and ``successResults``).
    Authentication: ``api_key`` (an encoded Elasticsearch API key) or ``username``/``password``
    (basic auth), or none for a Kibana without security.
    Raises :class:`KibanaImportError` when Kibana cannot be reached, refuses the
    credentials, is not Kibana, or imports only part of the objects.
    """
    import httpx

    secrets = [s for s in (password, api_key, urlsplit(url).password) if s]
    shown = redacted_url(url)
    endpoint = import_url(url, space)
    if isinstance(path, (str, os.PathLike)):
        path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise KibanaImportError(f"cannot read the saved objects file {path}: {exc.strerror or exc}") from None

    headers = {"kbn-xsrf": "true"}
    auth: httpx.BasicAuth | None = None
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key}"
    elif username is not None or password is not None:
        auth = httpx.BasicAuth(username or "", password or "")
    user_note = f" as user {username!r}" if username and not api_key else (" with the API key" if api_key else "")

    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(
                endpoint,
                headers=headers,
                auth=auth,
                files={"file": (path.name, content, "application/ndjson")},
            )
    except httpx.ConnectError as exc:
        raise KibanaImportError(
            f"cannot connect to Kibana at {shown} ({_scrub(str(exc), secrets) or type(exc).__name__}): "
            "the URL is wrong or Kibana is down; check --url (e.g. http://localhost:5601) and that Kibana is running"
        ) from None
    except httpx.TimeoutException:
        raise KibanaImportError(
            f"Kibana at {shown} did not answer within {timeout:g} s; it may still be starting, try again"
        ) from None
    except httpx.HTTPError as exc:
        raise KibanaImportError(
            f"request to Kibana at {shown} failed: {_scrub(str(exc), secrets) or type(exc).__name__}"
        ) from None

    status = response.status_code
    if status in (401, 403):
        what = "rejected the credentials" if status == 401 else "refused the import (the user lacks privileges)"
        hint = (
            "check --username/--password (or KIBANA_USERNAME/KIBANA_PASSWORD) or the API key"
            if status == 401
            else "use a user with the 'kibana_admin' role or saved-objects management privileges in this space"
        )
        raise KibanaImportError(f"Kibana at {shown} {what}{user_note} (HTTP {status}): {hint}", status=status)
    if status == 404:
        where = f"space {space!r} does not exist, or " if space and space != "default" else ""
        raise KibanaImportError(
            f"{shown} answered 404 for the saved-objects import API: {where}this is not Kibana "
            "(the URL must be Kibana's, e.g. http://localhost:5601, not Elasticsearch's :9200)",
            status=status,
        )
    if status == 503:
        raise KibanaImportError(f"Kibana at {shown} is not ready yet (HTTP 503); wait and try again", status=status)
    try:
        body = response.json()
    except ValueError:
        body = None
    if status >= 400 or not isinstance(body, dict):
        detail = ""
        if isinstance(body, dict):
            detail = str(body.get("message") or body.get("error") or "")
        elif response.text:
            detail = response.text[:300]
        kind = "an error" if status >= 400 else "an answer that is not the import API's JSON"
        raise KibanaImportError(
            f"Kibana at {shown} returned {kind} (HTTP {status}){': ' + _scrub(detail, secrets) if detail else ''}",
            status=status,
        )
    if not body.get("success", False) or body.get("errors"):
        errors = list(body.get("errors") or [])
        raise KibanaImportError(
            f"Kibana at {shown} imported {body.get('successCount', 0)} saved objects but {len(errors)} failed: "
            + _scrub(_describe(errors), secrets)
            + (
                " (missing_references: the referenced object is neither in the file nor in Kibana; "
                "unsupported_type: this Kibana does not know the type; conflict: an object with the id exists "
                "and overwrite was refused)"
            ),
            status=status,
            errors=errors,
        )
    return body


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:_MAX_LISTED]:
        info = err.get("error") or {}
        kind = info.get("type", "unknown")
        text = f"{err.get('type', '?')}/{err.get('id', '?')}: {kind}"
        missing = info.get("references") or []
        if missing:
            text += " (" + ", ".join(f"{r.get('type')}/{r.get('id')}" for r in missing) + ")"
        elif info.get("message"):
            text += f" ({info['message']})"
        parts.append(text)
    if len(errors) > _MAX_LISTED:
        parts.append(f"... and {len(errors) - _MAX_LISTED} more")
    return "; ".join(parts) or "no error details"


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text
