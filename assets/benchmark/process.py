"""The simulator in a process of its own for the bench: the vendor's work runs on another core and
its memory (the world's caches) stays out of the measured process's peak."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from functools import cached_property

import httpx

from simulator.app import API_PATHS
from simulator.config import SimulatorConfig
from simulator.world.world import World

STARTUP_SECONDS = 60.0
# The settings a bench changes; the rest keep the simulator's defaults.
SETTINGS = (
    "seed",
    "spaces",
    "density_v2_rate_limit",
    "omnos_rate_limit",
    "density_v3_rate_per_second",
    "density_v3_burst",
)
_SERVE = (
    "import json, sys; from simulator.config import SimulatorConfig;"
    " from simulator.server import serve;"
    " serve(SimulatorConfig(**json.loads(sys.argv[1])), port=int(sys.argv[2]))"
)


def _free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimulatorProcess:
    """`occupancy-elt simulator` with `config`'s settings, started and stopped by the bench; the
    same reading surface as `simulator.server.SimulatorHandle` (config, api_url, requests, world)."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        settings = {name: value for name, value in asdict(config).items() if name in SETTINGS}
        port = _free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, json.dumps(settings), str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while self._process.poll() is None and time.monotonic() < deadline:
            try:
                httpx.get(self.base_url + "/_simulator/health", timeout=1.0).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)  # the process is still importing; no progress to wait on
        self.stop()
        raise RuntimeError(f"the simulator did not start on 127.0.0.1:{port}")

    def api_url(self, api: str) -> str:
        """The base URL of one vendor API."""
        return self.base_url + API_PATHS[api]

    def requests(self) -> list[dict]:
        """The simulator's request log."""
        return httpx.get(self.base_url + "/_simulator/requests", timeout=60).json()

    @cached_property
    def world(self) -> World:
        """The world it serves, rebuilt here from the same seed (it is deterministic)."""
        return World(self.config.seed, self.config.now, self.config.spaces)

    def stop(self) -> None:
        """End the process and wait for it."""
        self._process.terminate()
        self._process.wait(timeout=30)

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
