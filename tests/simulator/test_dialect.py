"""The dialect switches: every reading reachable, the defaults first, bad input one line."""

import pytest

from simulator.dialect import CHOICES, Dialect, every_reading, parse_dialect


def test_the_few_dialects_speak_every_reading_and_the_first_is_the_default():
    dialects = every_reading()
    assert dialects[0] == Dialect()
    for name, choices in CHOICES.items():
        assert {getattr(d, name) for d in dialects} == set(choices), name
        assert getattr(Dialect(), name) == choices[0], name


def test_a_dialect_is_parsed_from_the_command_line_text():
    assert parse_dialect("") == Dialect()
    chosen = parse_dialect("sessions_time=naive_local, v2_next=relative")
    assert (chosen.sessions_time, chosen.v2_next, chosen.v2_total) == (
        "naive_local",
        "relative",
        "total",
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [("sessions_time", "sessions_time"), ("nope=1", "nope=1"), ("v2_next=sideways", "v2_next")],
)
def test_a_bad_dialect_is_one_line_naming_it(text, named):
    with pytest.raises(ValueError) as error:
        parse_dialect(text)
    assert named in str(error.value) and "\n" not in str(error.value)
