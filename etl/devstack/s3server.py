"""A local S3-compatible server: S3Proxy with its filesystem backend, on loopback, stopped by pid.

S3Proxy (``org.gaul:s3proxy``, Apache-2.0) is fetched from Maven Central by
``tools/s3proxy/pom.xml`` as one self-contained jar into ``.local/s3proxy/``; it runs on the
same JDK as the local Elasticsearch node. Buckets are folders under the server's data
directory, objects are files, and it speaks the S3 REST API with AWS signature v2 and v4,
ETags and paginated listings, so boto3, s3fs and Airflow's ``ObjectStoragePath`` talk to it
exactly as to AWS S3 (endpoint URL set, path-style addressing).

Each server keeps its files under ``base_dir`` (``s3proxy.properties``, ``data/``,
``s3proxy.pid``, ``s3proxy.log``). Standard library only, like the rest of :mod:`etl.devstack`.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from etl.devstack.localnode import _port_in_use, free_port, java_home
from etl.devstack.processes import log_tail, running_pid, stop_pid
from etl.errors import LocalS3Error
from etl.resources import PROJECT_ROOT

S3PROXY_POM = PROJECT_ROOT / "tools" / "s3proxy" / "pom.xml"
S3PROXY_JAR = PROJECT_ROOT / ".local" / "s3proxy" / "s3proxy.jar"
ACCESS_KEY = "local-access-key"
SECRET_KEY = "local-secret-key"

__all__ = ["ACCESS_KEY", "SECRET_KEY", "LocalS3", "install"]


def _log(message: str) -> None:
    print(f"local-s3: {message}", file=sys.stderr, flush=True)


def install() -> Path:
    """The S3Proxy jar, fetched with Maven on first use."""
    if not S3PROXY_JAR.exists():
        cmd = ["mvn", "-q", "-B", "-Dstyle.color=never", "-f", str(S3PROXY_POM), "dependency:copy"]
        _log(f"fetching S3Proxy: {' '.join(cmd)}")
        try:
            subprocess.run(cmd, check=True, cwd=PROJECT_ROOT)
        except FileNotFoundError as exc:
            raise LocalS3Error("Maven (mvn) is not installed; it is needed to fetch S3Proxy") from exc
        except subprocess.CalledProcessError as exc:
            raise LocalS3Error(f"fetching S3Proxy failed (exit {exc.returncode}); check that Maven Central is reachable") from exc
    if not S3PROXY_JAR.exists():
        raise LocalS3Error(f"{S3PROXY_JAR} is missing after the Maven fetch; delete .local/s3proxy and retry")
    return S3PROXY_JAR


@dataclass
class LocalS3:
    """One S3Proxy on ``127.0.0.1:<port>`` with its buckets under ``base_dir/data``."""

    base_dir: Path
    port: int = 0
    """0 picks a free port at :meth:`start`."""
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    @property
    def pid_file(self) -> Path:
        return self.base_dir / "s3proxy.pid"

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The standard AWS variables that point boto3, s3fs and Airflow's S3 hook at this server."""
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ENDPOINT_URL_S3": self.endpoint_url,
            # botocore >= 1.36 adds CRC checksum headers to every upload by default, which S3Proxy
            # answers with 501 NotImplemented; S3-compatible stores commonly need this opt-out.
            "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
            "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",
        }

    def connection_uri(self) -> str:
        """An Airflow ``aws`` connection for this server (for ``AIRFLOW_CONN_<ID>``)."""
        import json
        from urllib.parse import quote

        extra = json.dumps({"endpoint_url": self.endpoint_url, "region_name": "us-east-1"})
        return f"aws://{quote(self.access_key, safe='')}:{quote(self.secret_key, safe='')}@/?__extra__={quote(extra, safe='')}"

    def pid(self) -> int | None:
        return running_pid(self.pid_file)

    def start(self, timeout: float = 90.0) -> str:
        """Start the server (fetching it first if needed), wait until it answers; return its endpoint."""
        if self.pid() is not None:
            return self.endpoint_url
        jar = install()
        if not self.port:
            self.port = free_port()
        elif _port_in_use(self.port):
            raise LocalS3Error(f"port {self.port} is already in use by another process; choose another")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        props = self.base_dir / "s3proxy.properties"
        props.write_text(
            "\n".join(
                [
                    f"s3proxy.endpoint=http://127.0.0.1:{self.port}",
                    "s3proxy.authorization=aws-v2-or-v4",
                    f"s3proxy.identity={self.access_key}",
                    f"s3proxy.credential={self.secret_key}",
                    "jclouds.provider=filesystem",
                    f"jclouds.filesystem.basedir={self.data_dir}",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        java = str(Path(java_home()) / "bin" / "java")
        log = self.base_dir / "s3proxy.log"
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [java, "-Xmx256m", "-jar", str(jar), "--properties", str(props)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.base_dir,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        _log(f"starting S3Proxy on {self.endpoint_url} (pid {proc.pid}, files in {self.base_dir})")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalS3Error(f"S3Proxy exited during start-up (exit {proc.returncode}):\n{self._log_tail()}")
            if self.answering():
                return self.endpoint_url
            time.sleep(0.3)
        self.stop()
        raise LocalS3Error(f"S3Proxy did not answer within {timeout:.0f}s:\n{self._log_tail()}")

    def answering(self) -> bool:
        """True when the server answers HTTP (an unsigned request gets 403, which is an answer)."""
        try:
            with urllib.request.urlopen(self.endpoint_url + "/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def create_bucket(self, name: str) -> None:
        """Create a bucket (with the filesystem backend a bucket is a folder of ``data/``)."""
        (self.data_dir / name).mkdir(parents=True, exist_ok=True)

    def stop(self, timeout: float = 20.0) -> bool:
        """Stop the server by its pid (TERM, then KILL); False when it was not running."""
        return stop_pid(self.pid_file, timeout)

    def _log_tail(self) -> str:
        return log_tail(self.base_dir / "s3proxy.log")

