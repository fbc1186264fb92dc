"""The simulator's ASGI app: every fake vendor API mounted at its path, plus admin routes."""

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from simulator.config import SimulatorConfig
from simulator.density_v2.api import make_dispatch as make_density_v2_dispatch
from simulator.density_v3.api import make_dispatch as make_density_v3_dispatch
from simulator.density_v3.auth import OAuthIssuer
from simulator.density_v3.occupancy import v3_world
from simulator.http.faults import FaultInjector
from simulator.http.ratelimit import FixedWindowLimiter, TokenBucket
from simulator.http.requestlog import RequestLog
from simulator.http.vendor_api import VendorApi
from simulator.occuspace.api import make_dispatch as make_occuspace_dispatch
from simulator.occuspace.world import OccuspaceWorld
from simulator.world.generated import GENERATED_SUFFIX
from simulator.world.timeutil import format_iso
from simulator.world.world import World

API_PATHS = {
    "density_v2": "/density/v2",
    "omnos": "/omnos/v2",
    "occuspace": "/occuspace/v1",
    "density_v3": "/density/v3",
}


@dataclass
class SimulatorState:
    """The live state behind one app: its world, request log and pending faults."""

    config: SimulatorConfig
    world: World
    log: RequestLog
    faults: FaultInjector


def create_app(config: SimulatorConfig | None = None) -> Starlette:
    """Build the app; its `state.simulator` holds the world, log and faults."""
    config = config or SimulatorConfig()
    world = World(config.seed, config.now, config.spaces)
    state = SimulatorState(config, world, RequestLog(), FaultInjector())
    window = config.rate_limit_window_seconds
    suffix = GENERATED_SUFFIX if config.spaces else ""
    apis = {
        "density_v2": make_density_v2_dispatch(
            state.world,
            "density" + suffix,
            config.density_tokens,
            FixedWindowLimiter(config.density_v2_rate_limit, window),
            config.dialect,
        ),
        "omnos": make_density_v2_dispatch(
            state.world,
            "omnos" + suffix,
            config.omnos_tokens,
            FixedWindowLimiter(config.omnos_rate_limit, window),
            config.dialect,
        ),
        "occuspace": make_occuspace_dispatch(
            state.world,
            OccuspaceWorld(config.seed),
            config.occuspace_tokens,
            config.occuspace_unreadable,
            config.dialect,
        ),
        "density_v3": make_density_v3_dispatch(
            v3_world(state.world),
            config.density_tokens,
            config.density_v3_denied_tokens,
            OAuthIssuer(config.density_v3_clients, config.density_v3_token_seconds),
            TokenBucket(config.density_v3_rate_per_second, config.density_v3_burst),
            config.dialect,
        ),
    }

    async def requests(_: Request) -> JSONResponse:
        return JSONResponse(state.log.records())

    async def health(_: Request) -> JSONResponse:
        now = format_iso(state.world.now_us)
        return JSONResponse({"status": "ok", "seed": config.seed, "now": now})

    routes = [
        Mount(API_PATHS[name], app=VendorApi(name, dispatch, state.log, state.faults))
        for name, dispatch in apis.items()
    ]
    routes += [Route("/_simulator/requests", requests), Route("/_simulator/health", health)]
    app = Starlette(routes=routes)
    app.state.simulator = state
    return app
