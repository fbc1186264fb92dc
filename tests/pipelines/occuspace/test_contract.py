"""Every response sample of occuspace-v1.txt, as published, through the Occuspace readers.

samples/ holds the vendor docs verbatim (the tests run on a clean clone, without /work/shared).
"""

import json
import re
from pathlib import Path

import pytest

from pipelines.occuspace.helpers import expect, unwrap
from pipelines.occuspace.readings import location_node, message_kind, now_reading
from pipelines.occuspace.settings import DATA_KEYS

DOCS = (Path(__file__).parent / "samples" / "occuspace-v1.txt").read_text()


def _published() -> list[tuple[str, str]]:
    """(endpoint, response text) of every Example Request / Example Response pair."""
    pairs = re.findall(
        r'Example Request\n\$ curl "(\S+)".*?\nExample Response\n(\{.*?\n\})', DOCS, re.S
    )
    return [(re.sub(r"^.*/v1|\?.*$", "", url), body) for url, body in pairs]


def _strict(sample: str) -> str:
    """The sample as JSON: the docs elide list items with a "..." line and leave trailing
    commas after the last field of objects; real answers have neither."""
    sample = re.sub(r"^\s*\.{3}\s*$\n?", "", sample, flags=re.M)
    return re.sub(r",(\s*[}\]])", r"\1", sample)


PUBLISHED = _published()


def test_every_sample_of_the_docs_is_found():
    assert [path.rsplit("/", 1)[-1] for path, _ in PUBLISHED] == [
        "locations",
        "now",
        *DATA_KEYS,
    ]


@pytest.mark.parametrize(("path", "sample"), PUBLISHED, ids=[p for p, _ in PUBLISHED])
def test_each_published_answer_reads(path, sample):
    body = json.loads(_strict(sample))
    message, data = unwrap(body, path)
    assert message_kind(message) == "ok"
    endpoint = path.rsplit("/", 1)[-1]
    if endpoint == "locations":
        nodes = [location_node(node) for node in data]
        assert [(n["id"], n["parentId"]) for n in nodes] == [
            (node["id"], node["parentID"]) for node in data
        ]
        assert all(
            set(n) == set(raw) - {"parentID"} | {"parentId"}
            for n, raw in zip(nodes, data, strict=True)
        )
    elif endpoint == "now":
        read = now_reading(expect(path, "Occuspace")(data), path)
        assert read == data  # integer ids already: read as they came
    else:
        rows = expect(path, "Occuspace", DATA_KEYS[endpoint])(data)
        assert rows and rows == data[DATA_KEYS[endpoint]]
