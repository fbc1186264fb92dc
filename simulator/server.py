"""Running the simulator: in a background thread on a free loopback port, or blocking."""

import ipaddress
import socket
import threading
import time

import httpx
import uvicorn

from simulator.app import API_PATHS, SimulatorState, create_app
from simulator.config import SimulatorConfig
from simulator.http.faults import FaultInjector
from simulator.world.world import World

_STARTUP_SECONDS = 10.0


class SimulatorHandle:
    """A simulator running in a background thread; a context manager that stops it on exit."""

    def __init__(
        self, state: SimulatorState, server: uvicorn.Server, thread: threading.Thread, port: int
    ) -> None:
        self._state = state
        self._server = server
        self._thread = thread
        self.base_url = f"http://127.0.0.1:{port}"

    @property
    def config(self) -> SimulatorConfig:
        """The configuration it was started with."""
        return self._state.config

    @property
    def world(self) -> World:
        """The world it serves: read the truth, or set `world.now` to advance time."""
        return self._state.world

    @property
    def faults(self) -> FaultInjector:
        """Program faults with `faults.add(api=..., kind=..., times=...)`."""
        return self._state.faults

    def api_url(self, api: str) -> str:
        """The base URL of an API, e.g. `api_url("omnos")` -> `http://127.0.0.1:PORT/omnos/v2`."""
        return self.base_url + API_PATHS[api]

    def requests(self) -> list[dict]:
        """A copy of the request log."""
        return self._state.log.records()

    def clear_requests(self) -> None:
        """Empty the request log."""
        self._state.log.clear()

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=_STARTUP_SECONDS)

    def __enter__(self) -> "SimulatorHandle":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start(config: SimulatorConfig | None = None) -> SimulatorHandle:
    """Serve on 127.0.0.1 at a free port in a daemon thread; return once it answers."""
    app = create_app(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"simulator-{port}", daemon=True
    )
    thread.start()
    handle = SimulatorHandle(app.state.simulator, server, thread, port)
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.started:
            try:
                httpx.get(handle.base_url + "/_simulator/health", timeout=1.0).raise_for_status()
                return handle
            except httpx.HTTPError:
                pass
        if not thread.is_alive():
            break
        time.sleep(0.01)
    handle.stop()
    raise RuntimeError(f"the simulator did not start on 127.0.0.1:{port}")


def serve(config: SimulatorConfig | None = None, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the simulator in the foreground until interrupted (loopback addresses only)."""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the simulator serves on loopback only, not {host}")
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
