"""The two portfolios of the world, Density's and Omnos's, declared as specs."""

from simulator.world.specs import DoorSpec, PortfolioSpec, SegmentGroupSpec, SegmentSpec, SpaceSpec

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _room(name: str, function: str, capacity: int | None, *doors: str, **extra) -> SpaceSpec:
    return SpaceSpec(
        name, "space", function, capacity, doors=tuple(DoorSpec(d) for d in doors), **extra
    )


DENSITY = PortfolioSpec(
    roots=(
        SpaceSpec(
            "Riverside Campus",
            "campus",
            time_zone="America/New_York",
            tags=("hq",),
            address="500 River Rd, New York, NY 10001",
            children=(
                SpaceSpec(
                    "Riverside HQ",
                    "building",
                    capacity=400,
                    target_capacity=300,
                    doors=(
                        DoorSpec("HQ Main Entrance", ("main_entrance",)),
                        DoorSpec("HQ Loading Dock"),
                    ),
                    tags=("hq",),
                    address="500 River Rd, New York, NY 10001",
                    children=(
                        SpaceSpec(
                            "HQ Floor 1",
                            "floor",
                            capacity=180,
                            target_capacity=150,
                            floor_level=1,
                            doors=(DoorSpec("HQ F1 Stairwell"), DoorSpec("HQ F1 Elevator Lobby")),
                            children=(
                                _room(
                                    "Main Cafe",
                                    "cafe",
                                    60,
                                    "Cafe Door",
                                    target_capacity=45,
                                    daily_reset="02:00",
                                    tags=("amenities",),
                                    weekday_visits=30,
                                ),
                                _room(
                                    "Conference Rm A",
                                    "conference_room",
                                    12,
                                    "Conf A Door",
                                    target_capacity=10,
                                ),
                                _room(
                                    "Open Office East",
                                    "office",
                                    None,
                                    "Open Office Door",
                                    "Open Office Side Door",
                                    daily_reset=None,
                                    weekday_visits=30,
                                ),
                            ),
                        ),
                        SpaceSpec(
                            "HQ Floor 2",
                            "floor",
                            capacity=150,
                            floor_level=2,
                            doors=(DoorSpec("HQ F2 Stairwell"),),
                            daily_reset="02:00",
                            children=(
                                _room(
                                    "Board Room",
                                    "meeting_room",
                                    8,
                                    "Board Room Door",
                                    target_capacity=6,
                                    daily_reset="23:00",
                                    weekday_visits=16,
                                ),
                                _room(
                                    "Quiet Library", "library", 0, "Library Door", weekday_visits=12
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "London Office",
            "building",
            capacity=120,
            target_capacity=100,
            time_zone="Europe/London",
            doors=(DoorSpec("London Front Door", ("main_entrance",)),),
            address="1 Finsbury Ave, London EC2M 2PF",
            weekday_visits=130,
            children=(
                SpaceSpec(
                    "London Ground Floor",
                    "floor",
                    capacity=100,
                    floor_level=0,
                    doors=(DoorSpec("London Floor Entrance"),),
                    weekday_visits=60,
                    children=(
                        _room("Kitchen", "kitchen", 15, "Kitchen Door", tags=("amenities",)),
                        _room(
                            "Phone Booths",
                            "phone_booth",
                            4,
                            "Phone Booth Door",
                            daily_reset="23:00",
                            weekday_visits=10,
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "Bengaluru Lab",
            "building",
            capacity=200,
            time_zone="Asia/Kolkata",
            doors=(DoorSpec("Bengaluru Gate"), DoorSpec("Bengaluru Side Gate")),
            address="80 Feet Rd, Koramangala, Bengaluru 560034",
            weekday_visits=180,
            children=(
                SpaceSpec(
                    "Bengaluru Floor 1",
                    "floor",
                    capacity=150,
                    floor_level=1,
                    doors=(DoorSpec("Lab Floor Entrance"),),
                    weekday_visits=90,
                    children=(
                        _room("Lab 1", "lab", 20, "Lab 1 Door", target_capacity=16),
                        _room("Lounge", "lounge", 25, "Lounge Door", weekday_visits=25),
                    ),
                ),
            ),
        ),
    ),
    segments=(
        SegmentSpec("Lunch", "11:00:00", "13:00:00", WEEKDAYS, ("Main Cafe", "Kitchen")),
        SegmentSpec(
            "Core Hours", "09:00:00", "17:00:00", WEEKDAYS, ("Riverside HQ", "London Office")
        ),
    ),
    groups=(SegmentGroupSpec("Working Day", ("Core Hours", "Lunch")),),
)

OMNOS = PortfolioSpec(
    roots=(
        SpaceSpec(
            "Gryd West",
            "building",
            capacity=250,
            target_capacity=200,
            time_zone="America/Los_Angeles",
            address="200 Market St, San Francisco, CA 94105",
            doors=(DoorSpec("West Lobby Doors", ("main_entrance",)), DoorSpec("West Garage Door")),
            children=(
                SpaceSpec(
                    "West Level 1",
                    "floor",
                    capacity=200,
                    floor_level=1,
                    doors=(DoorSpec("Level 1 Entrance"),),
                    children=(
                        _room(
                            "Dining Hall",
                            "dining_area",
                            80,
                            "Dining Hall Door",
                            daily_reset="02:00",
                            tags=("food",),
                            weekday_visits=30,
                        ),
                        _room(
                            "Studio Gym",
                            "gym",
                            None,
                            "Gym Door",
                            "Gym Back Door",
                            daily_reset=None,
                            weekday_visits=18,
                        ),
                        _room(
                            "Huddle Room",
                            "collaboration",
                            6,
                            "Huddle Door",
                            target_capacity=4,
                            daily_reset="23:00",
                            weekday_visits=14,
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "Adelaide Studio",
            "building",
            capacity=90,
            time_zone="Australia/Adelaide",
            doors=(DoorSpec("Studio Entrance", ("main_entrance",)),),
            weekday_visits=110,
            address="25 Grenfell St, Adelaide SA 5000",
            children=(
                SpaceSpec(
                    "Studio Floor",
                    "floor",
                    capacity=80,
                    floor_level=1,
                    doors=(DoorSpec("Studio Floor Door"),),
                    weekday_visits=50,
                    children=(
                        _room(
                            "Wellness Room",
                            "wellness_room",
                            0,
                            "Wellness Door",
                            daily_reset="02:00",
                            weekday_visits=6,
                        ),
                        _room(
                            "Reception", "reception", 10, "Reception Door", tags=("front_of_house",)
                        ),
                    ),
                ),
            ),
        ),
    ),
    segments=(
        SegmentSpec("Lunch", "11:00:00", "13:00:00", WEEKDAYS, ("Dining Hall",)),
        SegmentSpec("Mornings", "08:00:00", "11:00:00", WEEKDAYS, ("Reception", "Huddle Room")),
    ),
    groups=(SegmentGroupSpec("Daytime", ("Mornings", "Lunch")),),
)

PORTFOLIO_SPECS: dict[str, PortfolioSpec] = {"density": DENSITY, "omnos": OMNOS}
