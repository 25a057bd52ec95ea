"""The html page's ids (engine/present/html_page.py) and links (engine/present/html.py)."""

from __future__ import annotations

import re

from engine.present.html import web_url
from engine.present.html_page import Ids


def test_ids_are_slugs_and_never_repeat() -> None:
    ids = Ids()
    taken = [ids.take("acme-pm"), ids.take("Acme PM"), ids.take("acme.pm"), ids.take("<x>", "a@2")]
    assert taken == ["acme-pm", "acme-pm-2", "acme-pm-3", "x-a-2"]
    assert all(re.fullmatch(r"[a-z0-9-]+", t) for t in taken)
    assert Ids().take("") == "x"


def test_only_http_and_https_addresses_are_links() -> None:
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_url(" http://example.org ") == "http://example.org"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//x.org",
                "file:///etc/passwd", "https:relative", "http://[::1"):  # fmt: skip
        assert web_url(bad) == "", bad
