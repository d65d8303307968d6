"""etl.devstack.kibana.import_saved_objects against a small local HTTP server that answers like Kibana.

Kibana itself cannot run on this machine (no container engine, no Kibana package), so a
stand-in on 127.0.0.1 checks the request shape of the saved-objects import API and sends
back Kibana-shaped answers. Everything else (the HTTP client, multipart encoding, error
mapping) is the real code.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from etl.devstack.kibana import (
    SAVED_OBJECTS_PATH,
    KibanaImportError,
    import_saved_objects,
    import_url,
)
from etl.errors import EtlError

PASSWORD = "correct-horse-battery-staple"
API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="


class FakeKibana(BaseHTTPRequestHandler):
    """Answers POST /api/saved_objects/_import like Kibana 8.x; records what it received."""

    server: Any

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "")
        parts = {}
        if ctype.startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode() + raw)
            for part in msg.iter_parts():
                parts[part.get_param("name", header="content-disposition")] = {
                    "filename": part.get_filename(),
                    "content": part.get_payload(decode=True),
                }
        self.server.requests.append(
            {"method": "POST", "path": self.path, "headers": dict(self.headers), "content_type": ctype, "parts": parts}
        )
        mode = self.server.mode
        if mode == "unauthorized":
            self._send(401, {"statusCode": 401, "error": "Unauthorized", "message": "[security_exception] unable to authenticate user"})
            return
        if mode == "not_kibana":
            self._send(404, {"error": "not found"})
            return
        if not self.path.endswith("/api/saved_objects/_import?overwrite=true") or self.headers.get("kbn-xsrf") != "true":
            self._send(400, {"statusCode": 400, "error": "Bad Request", "message": "Request must contain a kbn-xsrf header."})
            return
        if "file" not in parts:
            self._send(415, {"statusCode": 415, "error": "Unsupported Media Type", "message": "no file part"})
            return
        objects = [json.loads(line) for line in parts["file"]["content"].splitlines() if line.strip()]
        if mode == "partial":
            bad = objects[-1]
            errors = [
                {
                    "id": bad["id"],
                    "type": bad["type"],
                    "title": bad["attributes"].get("title"),
                    "meta": {"title": bad["attributes"].get("title"), "icon": "dashboardApp"},
                    "error": {"type": "missing_references", "references": [{"type": "lens", "id": "no-such-lens"}]},
                }
            ]
            self._send(200, {"success": False, "successCount": len(objects) - 1, "errors": errors})
            return
        results = [{"type": o["type"], "id": o["id"], "meta": {"title": o["attributes"].get("title")}, "overwrite": True} for o in objects]
        self._send(200, {"success": True, "successCount": len(objects), "successResults": results, "errors": []})


@pytest.fixture
def kibana() -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeKibana)
    server.requests = []
    server.mode = "ok"
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _objects_count() -> int:
    return sum(1 for line in SAVED_OBJECTS_PATH.read_text(encoding="utf-8").splitlines() if line.strip())


def test_import_posts_the_ndjson_as_multipart_file_with_xsrf_header(kibana: Any) -> None:
    result = import_saved_objects(kibana.url, username="elastic", password=PASSWORD)

    assert result["success"] is True
    assert result["successCount"] == _objects_count()
    assert result["errors"] == []
    (req,) = kibana.requests
    assert req["method"] == "POST"
    assert req["path"] == "/api/saved_objects/_import?overwrite=true"
    assert req["headers"]["kbn-xsrf"] == "true"
    assert req["content_type"].startswith("multipart/form-data; boundary=")
    assert set(req["parts"]) == {"file"}
    assert req["parts"]["file"]["filename"].endswith(".ndjson")
    assert req["parts"]["file"]["content"] == SAVED_OBJECTS_PATH.read_bytes()
    expected = base64.b64encode(f"elastic:{PASSWORD}".encode()).decode()
    assert req["headers"]["Authorization"] == f"Basic {expected}"


def test_import_into_a_space_with_api_key(kibana: Any) -> None:
    import_saved_objects(kibana.url + "/", space="news room", api_key=API_KEY)
    (req,) = kibana.requests
    assert req["path"] == "/s/news%20room/api/saved_objects/_import?overwrite=true"
    assert req["headers"]["Authorization"] == f"ApiKey {API_KEY}"


def test_import_url_default_space_has_no_prefix() -> None:
    assert import_url("http://k:5601", "default") == "http://k:5601/api/saved_objects/_import?overwrite=true"
    assert import_url("http://k:5601/", None) == "http://k:5601/api/saved_objects/_import?overwrite=true"


def test_import_of_another_file(kibana: Any, tmp_path: Path) -> None:
    one = tmp_path / "one.ndjson"
    one.write_text(SAVED_OBJECTS_PATH.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = import_saved_objects(kibana.url, path=one)
    assert result["successCount"] == 1
    assert kibana.requests[0]["parts"]["file"]["content"] == one.read_bytes()
    assert "Authorization" not in kibana.requests[0]["headers"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_says_url_wrong_or_kibana_down() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(url, username="elastic", password=PASSWORD, timeout=5)
    message = str(info.value)
    assert isinstance(info.value, EtlError)
    assert url in message
    assert "URL is wrong or Kibana is down" in message
    assert PASSWORD not in message


def test_unknown_host_says_url_wrong_or_kibana_down() -> None:
    with pytest.raises(KibanaImportError, match="URL is wrong or Kibana is down"):
        import_saved_objects("http://kibana.invalid:5601", password=PASSWORD, timeout=5)


def test_wrong_credentials_401_without_the_password(kibana: Any) -> None:
    kibana.mode = "unauthorized"
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(kibana.url, username="elastic", password=PASSWORD)
    message = str(info.value)
    assert info.value.status == 401
    assert "credentials" in message and "'elastic'" in message
    assert PASSWORD not in message
    assert PASSWORD not in repr(info.value.args)


def test_password_in_the_url_is_not_shown(kibana: Any) -> None:
    kibana.mode = "unauthorized"
    host = kibana.url.removeprefix("http://")
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(f"http://elastic:{PASSWORD}@{host}")
    assert PASSWORD not in str(info.value)
    assert f"http://{host}" in str(info.value)


def test_404_says_not_kibana(kibana: Any) -> None:
    kibana.mode = "not_kibana"
    with pytest.raises(KibanaImportError, match="not Kibana") as info:
        import_saved_objects(kibana.url)
    assert info.value.status == 404


def test_partial_failure_lists_failing_objects_and_error_types(kibana: Any) -> None:
    kibana.mode = "partial"
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(kibana.url, username="elastic", password=PASSWORD)
    message = str(info.value)
    last = json.loads(SAVED_OBJECTS_PATH.read_text(encoding="utf-8").splitlines()[-1])
    assert f"{last['type']}/{last['id']}: missing_references (lens/no-such-lens)" in message
    assert f"imported {_objects_count() - 1} saved objects but 1 failed" in message
    assert info.value.errors[0]["id"] == last["id"]
    assert PASSWORD not in message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KibanaImportError, match="cannot read the saved objects file"):
        import_saved_objects("http://127.0.0.1:1", path=tmp_path / "nope.ndjson")
