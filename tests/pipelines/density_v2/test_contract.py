"""Every GET response sample of density-v2.txt and omnos.txt, as published, through the readers.

samples/ holds the vendor docs verbatim (the tests run on a clean clone, without /work/shared).
"""

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.density_v2.readings import read_page, with_timestamps
from pipelines.density_v2.records import count_sample, dimension_record, event

SAMPLES = Path(__file__).parent / "samples"
# A listing's records by the path they come from; the loaded resources first.
READERS = [
    (r"/spaces/[^/]+/counts/", lambda r: count_sample(r, {"capacity": None})),
    (r"/spaces/[^/]+/events/", event),
    (r"/(spaces|doorways|sensors|tags|time_segments|webhooks)/", dimension_record),
    # sensor events are not loaded (a test stream): their instants read all the same
    (r"/sensors/[^/]+/events/", lambda r: with_timestamps(r, ("timestamp",))),
]


def _json(text: str) -> str:
    """The balanced `{...}` at the start of `text`."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char == "}":
            return text[: i + 1]
    raise AssertionError(f"unbalanced sample: {text[:80]!r}")


def _published() -> list[tuple[str, str]]:
    """(GET path, response text) of each Example Request of the docs answered by a sample."""
    text = (SAMPLES / "density-v2.txt").read_text()
    found = []
    for chunk in text.split("\nExample Request\n")[1:]:
        request, *answer = re.split(r"\n(?:Example|Paginated) Response\n", chunk, maxsplit=1)
        if not answer or re.search(r"(-X|--request) (POST|PUT|DELETE)", request):
            continue
        url = re.search(r"https?://api\.density\.io/v2(/\S*)", re.sub(r"\\\s*\n\s*", "", request))
        found.append((url.group(1), _json(answer[0][answer[0].index("{") :])))
    return found


def _strict(sample: str) -> str:
    """The sample as JSON: the docs elide list items with a line of dots ("…", "...", "....")
    and leave a trailing comma after the doorways list; real answers have neither."""
    sample = re.sub(r"^\s*(…|\.{3,})\s*$\n?", "", sample, flags=re.M)
    return re.sub(r",(\s*[}\]])", r"\1", sample)


PUBLISHED = _published()


def test_every_get_sample_of_the_docs_is_found():
    paths = [path.split("?")[0] for path, _ in PUBLISHED]
    assert len(PUBLISHED) == 18 and paths.count("/spaces/spc_452554024357462439/counts/") == 3


@pytest.mark.parametrize(("path", "sample"), PUBLISHED, ids=[p for p, _ in PUBLISHED])
def test_each_published_get_answer_reads(path, sample):
    body = json.loads(_strict(sample))
    if "results" not in body:  # one record (GET /spaces/:id/ and the like)
        read = dimension_record(body)
        assert set(read) == set(body)
        return
    page = read_page(body)
    assert page.total == body.get("total", body.get("count"))
    (reader,) = [r for pattern, r in READERS if re.fullmatch(pattern, path.split("?")[0])][:1]
    for raw, read in zip(body["results"], map(reader, page.results), strict=True):
        assert set(read) == set(raw)  # nothing dropped, nothing invented
        for field in ("timestamp", "created_at", "updated_at", "last_heartbeat"):
            if raw.get(field) is not None:
                assert isinstance(read[field], datetime) and read[field].utcoffset().seconds == 0


def test_the_published_counts_keep_null_utilization_null():
    (sample,) = [s for p, s in PUBLISHED if "/counts/" in p and "interval" not in p]
    (first, second) = read_page(json.loads(_strict(sample))).results
    for raw in (first, second):
        read = count_sample(raw, {"capacity": 65})
        assert read["interval"]["analytics"]["utilization"] is None
        assert read["interval"]["end"].microsecond == 999999


def test_the_omnos_pagination_sample_reads():
    text = (SAMPLES / "omnos.txt").read_text()
    fragment = text.split("Paginated Response\n", 1)[1].split("Get started", 1)[0]
    # omnos.txt shows the root's fields without its braces or results: close them to read it
    page = read_page(json.loads("{" + fragment.strip() + "]}"))
    assert page.total == 89 and page.results == []
    assert page.next == "https://< your url >/v2/spaces/?page=5&page_size=15"
