"""The seeded world: portfolios, the events people make, delivery (late data) and running counts."""

import bisect
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from simulator.world.generated import GENERATED_SUFFIX, generated_spec
from simulator.world.layout import build_portfolio
from simulator.world.model import Event, Portfolio, Space
from simulator.world.people import day_events
from simulator.world.portfolios import PORTFOLIO_SPECS
from simulator.world.timeutil import from_us, local_date, local_instant, to_us

DEFAULT_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class World:
    """A day's data depends only on (seed, space, local date); `now` only decides delivery.

    With `spaces`, each fixed portfolio also has a generated one of that many spaces, keyed
    `<key>_generated` (the Density v2 and Omnos APIs serve it; Density v3 keeps the fixed one).
    """

    def __init__(
        self, seed: int = 7, now: datetime = DEFAULT_NOW, spaces: int | None = None
    ) -> None:
        self.seed = seed
        self.now = now
        self._portfolios = {key: build_portfolio(seed, key) for key in PORTFOLIO_SPECS}
        for key in PORTFOLIO_SPECS if spaces else ():
            generated = key + GENERATED_SUFFIX
            spec = generated_spec(seed, key, spaces)
            self._portfolios[generated] = build_portfolio(seed, generated, spec)
        self._day = lru_cache(maxsize=16_384)(self._generate_day)

    @property
    def now(self) -> datetime:
        """The simulated present: events delivered after it are not visible yet."""
        return from_us(self._now_us)

    @now.setter
    def now(self, value: datetime) -> None:
        self._now_us = to_us(value)

    @property
    def now_us(self) -> int:
        """`now` in microseconds since the epoch."""
        return self._now_us

    def portfolio(self, name: str) -> Portfolio:
        """The portfolio (organisation) of this key, e.g. "density" or "omnos"."""
        return self._portfolios[name]

    def _generate_day(
        self, portfolio: str, space_id: str, day: date
    ) -> tuple[list[int], tuple[Event, ...]]:
        folio = self._portfolios[portfolio]
        space = folio.space(space_id)
        doorways = [folio.doorway(d) for d in space.doorway_ids]
        events = day_events(self.seed, space, doorways, day)
        return [e.ts_us for e in events], events

    def day_events(self, portfolio: str, space_id: str, day: date) -> tuple[Event, ...]:
        """Every event of a local day, delivered or not (the eventual truth)."""
        return self._day(portfolio, space_id, day)[1]

    def visible_events_us(
        self,
        portfolio: str,
        space: Space,
        start_us: int,
        end_us: int,
        now_us: int,
        doorway_id: str | None = None,
    ) -> list[Event]:
        """Delivered events with start <= ts < end, sorted by (ts, id)."""
        end_us = min(end_us, now_us)
        if end_us <= start_us:
            return []
        found = []
        day = local_date(start_us, space.time_zone)
        last_day = local_date(end_us - 1, space.time_zone)
        while day <= last_day:
            stamps, events = self._day(portfolio, space.id, day)
            low, high = bisect.bisect_left(stamps, start_us), bisect.bisect_left(stamps, end_us)
            found.extend(
                e
                for e in events[low:high]
                if e.delivered_us <= now_us and (doorway_id is None or e.doorway_id == doorway_id)
            )
            day += timedelta(days=1)
        return found

    def events(
        self,
        portfolio: str,
        space_id: str,
        start: datetime,
        end: datetime,
        doorway_id: str | None = None,
    ) -> list[Event]:
        """Visible events of a space with start <= ts < end, sorted by (ts, id)."""
        space = self.portfolio(portfolio).space(space_id)
        return self.visible_events_us(
            portfolio, space, to_us(start), to_us(end), self._now_us, doorway_id
        )

    def reset_us(self, space: Space, day: date) -> int:
        """The instant of a space's daily reset on a local day."""
        return local_instant(day, space.reset_time, space.time_zone)

    def last_reset_us(self, space: Space, t_us: int) -> int:
        """The latest daily reset at or before t."""
        day = local_date(t_us, space.time_zone)
        reset = self.reset_us(space, day)
        return reset if reset <= t_us else self.reset_us(space, day - timedelta(days=1))

    def resets_between_us(self, space: Space, start_us: int, end_us: int) -> list[int]:
        """The daily resets r with start < r < end, ascending."""
        resets = []
        day = local_date(start_us, space.time_zone)
        while (reset := self.reset_us(space, day)) < end_us:
            if reset > start_us:
                resets.append(reset)
            day += timedelta(days=1)
        return resets

    def reset_instants(
        self, portfolio: str, space_id: str, start: datetime, end: datetime
    ) -> list[datetime]:
        """The daily resets of a space with start <= r < end."""
        space = self.portfolio(portfolio).space(space_id)
        start_us = to_us(start)
        resets = self.resets_between_us(space, start_us - 1, to_us(end))
        return [from_us(r) for r in resets]

    def count_at_us(self, portfolio: str, space: Space, t_us: int, now_us: int) -> int:
        """Sum of the directions of delivered events with last_reset(t) <= ts <= t."""
        since = self.last_reset_us(space, t_us)
        return sum(
            e.direction for e in self.visible_events_us(portfolio, space, since, t_us + 1, now_us)
        )

    def count_at(self, portfolio: str, space_id: str, t: datetime) -> int:
        """The running count of a space at t, from the events delivered by `now`."""
        space = self.portfolio(portfolio).space(space_id)
        return self.count_at_us(portfolio, space, to_us(t), self._now_us)

    def current_count(self, portfolio: str, space_id: str) -> int:
        """The running count of a space at `now`."""
        return self.count_at(portfolio, space_id, self.now)
