"""What a Density v2 handler is given: the world, the caller's portfolio, the query, the dialect."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from starlette.requests import Request

from simulator.density_v2.query import page_params, paginate
from simulator.dialect import Dialect
from simulator.http.vendor_api import ApiError
from simulator.world.model import Portfolio, Sensor, Space
from simulator.world.world import World

T = TypeVar("T")


def found(items: Iterable[T], matches: Callable[[T], bool]) -> T:
    """The first of `items` that matches, or the API's 404."""
    item = next((i for i in items if matches(i)), None)
    if item is None:
        raise ApiError(404, "Not found.")
    return item


@dataclass(frozen=True)
class V2Request:
    """One request: the world, the caller's portfolio, the request, a fixed `now`, the dialect."""

    world: World
    key: str
    folio: Portfolio
    request: Request
    query: Mapping[str, str]
    now_us: int
    shift: bool
    dialect: Dialect

    def space(self, space_id: str) -> Space:
        """The caller's space with this id, or 404."""
        try:
            return self.folio.space(space_id)
        except KeyError:
            raise ApiError(404, "Not found.") from None

    def sensor(self, serial: str) -> Sensor:
        """The caller's sensor with this serial number, or 404."""
        return found(self.folio.sensors, lambda s: s.serial_number == serial)

    def check_page(self) -> None:
        """400 on a bad `page`/`page_size` before any work is done."""
        page_params(self.query, self.dialect)

    def page(self, items: list, render: Callable, **options) -> dict:
        """One page of `items`, rendered."""
        return paginate(self.request, items, render, self.dialect, shift=self.shift, **options)

    def current_count(self, space: Space) -> int:
        """The running count of a space now."""
        return self.world.count_at_us(self.key, space, self.now_us, self.now_us)
