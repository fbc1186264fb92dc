"""Read a written report back: its images decoded, its text, as a browser would find them."""

import base64
import io
from html.parser import HTMLParser

from PIL import Image

PNG_PREFIX = "data:image/png;base64,"


class Page(HTMLParser):
    """The <img> sources, <h2> titles and paragraph texts of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.images: list[str] = []
        self.titles: list[str] = []
        self.paragraphs: list[str] = []
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        self._open = tag if tag in ("h2", "p") else None

    def handle_data(self, data):
        if self._open == "h2":
            self.titles.append(data)
        elif self._open == "p":
            self.paragraphs.append(data)

    def handle_endtag(self, tag):
        self._open = None


def png_size(src: str) -> tuple[int, int]:
    """The pixel size of a data: URI that must hold a PNG."""
    assert src.startswith(PNG_PREFIX), src[:40]
    image = Image.open(io.BytesIO(base64.b64decode(src.removeprefix(PNG_PREFIX), validate=True)))
    assert image.format == "PNG"
    return image.size


def sane(size: tuple[int, int]) -> bool:
    """A chart readable on a screen: neither a speck nor a poster."""
    width, height = size
    return 300 <= width <= 2000 and 150 <= height <= 3000
