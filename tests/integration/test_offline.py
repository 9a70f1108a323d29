"""No network at run time: the main flows pass with outbound (non-loopback) sockets blocked."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mlmasters.data.build import build_snapshot
from mlmasters.data.snapshot import snapshot_dir
from mlmasters.service import Service
from mlmasters.web.app import create_app

pytestmark = pytest.mark.integration

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "profile.toml")


class NetworkBlocked(AssertionError):
    pass


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            attempts.append(address)
            raise NetworkBlocked(f"outbound connection to {address} during an offline test")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield attempts
    assert attempts == []


#: Main CLI flows; each must succeed offline. Model commands join as their issues land.
FLOWS: list[list[str]] = [
    ["data", "info", "--json"],
    ["programs", "search", "--cip", "11.01", "--state", "GA", "--json"],
    ["programs", "show", "gatech-omscs", "--json"],
]


def test_snapshot_builds_offline(no_network: list[Any], tmp_path: Path) -> None:
    build_snapshot(snapshot_dir(tmp_path))


@pytest.mark.parametrize("args", FLOWS, ids=lambda a: " ".join(a[:2]))
def test_cli_flows_offline(
    no_network: list[Any], run_cli: Any, data_dir: Path, args: list[str]
) -> None:
    code, _out, err = run_cli(*args, data_dir=data_dir)
    assert code == 0, err


def test_web_flows_offline(no_network: list[Any], service: Service, tmp_path: Path) -> None:
    client = TestClient(create_app(service, database_url=f"sqlite:///{tmp_path / 'db'}"))
    for path in ("/", "/programs?state=WA", "/programs/gatech-omscs", "/data", "/profiles"):
        assert client.get(path).status_code == 200, path
