"""What every v3 handler gets: the v3 world, the JSON body, the query, a fixed `now`."""

from dataclasses import dataclass

from simulator.density_v3 import query as q
from simulator.density_v3.layout import V3Sensor
from simulator.density_v3.occupancy import V3World
from simulator.dialect import Dialect
from simulator.http.vendor_api import ApiError
from simulator.world.model import Space


@dataclass(frozen=True)
class V3Request:
    """What a handler needs: the v3 world, the JSON body, the query, a fixed `now`, the dialect."""

    v3: V3World
    body: dict
    query: dict
    now_us: int
    dialect: Dialect = Dialect()

    def spaces(self, name: str = "space_ids") -> list[Space]:
        """The requested spaces with sensors, parents flattened into their descendants."""
        requested = q.ids(self.body, name) or [s.id for s in self.v3.folio.spaces]
        found: dict[str, Space] = {}
        for space_id in requested:
            try:
                family = self.v3.folio.descendants(space_id)
            except KeyError:
                raise ApiError(404, f"space {space_id} not found") from None
            found.update((s.id, s) for s in family if self.v3.mode(s))
        return list(found.values())

    def sensors(self) -> list[V3Sensor]:
        """The sensors selected by serial_numbers or space_ids (all when neither is sent)."""
        serials, space_ids = q.sensor_filter(self.body)
        folio = self.v3.folio
        if serials:
            return [s for s in folio.sensors if s.serial_number in serials]
        if space_ids:
            wanted = set(space_ids)
            return [
                s
                for s in folio.sensors
                if any(wanted & {sid, *(a.id for a in folio.ancestry(sid))} for sid in s.space_ids)
            ]
        return list(folio.sensors)
