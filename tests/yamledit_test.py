"""engine/io/yamledit.py: an item goes in, and every other byte of the file stays."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE
from hypothesis import given
from hypothesis import strategies as st
from strategies import COMMON_SETTINGS

from engine.io import safeyaml
from engine.io.yamledit import LayoutError, insert_item, plain_data

EVENT = {"date": dt.date(2026, 11, 25), "type": "follow_up_sent", "channel": "email"}


def _only_added(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`, checking that it removes or changes none."""
    import difflib

    ops = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True)).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), ops
    lines = new.splitlines(True)
    return [line for tag, _, _, j1, j2 in ops if tag == "insert" for line in lines[j1:j2]]


def _events(text: str, app: int) -> list[Any]:
    data: Any = safeyaml.loads(text).data
    events: list[Any] = data["applications"][app]["events"]
    return events


def test_an_event_among_flow_events_is_a_flow_line_at_their_indentation() -> None:
    old = EXAMPLE_TIMELINE.read_text()
    new = insert_item(old, ("applications", 0, "events"), 3, EVENT, flow=False)
    assert _only_added(old, new) == [
        "      - {date: 2026-11-25, type: follow_up_sent, channel: email}\n"
    ]
    assert _events(new, 0)[3] == plain_data(EVENT)


def test_an_event_before_the_first_goes_above_it_and_below_the_comments() -> None:
    old = EXAMPLE_TIMELINE.read_text()
    new = insert_item(old, ("applications", 1, "events"), 0, EVENT, flow=True)
    assert len(_only_added(old, new)) == 1
    assert _events(new, 1)[0]["date"] == "2026-11-25"


def test_block_items_keep_the_key_column_of_their_neighbours() -> None:
    old = "version: 1\nitems:\n-   a: 1\n    b: x  # keep\n\n-   a: 2\n    b: y\n"
    new = insert_item(old, ("items",), 2, {"a": 3, "b": "yes"}, flow=True)
    assert new == old + "\n-   a: 3\n    b: 'yes'\n"  # the blank line between items too
    assert safeyaml.loads(new).data["items"][2] == {"a": 3, "b": "yes"}


def test_a_flow_list_gets_a_flow_item_and_keeps_its_line() -> None:
    old = "a: [{x: 1}, {x: 3}]  # note\n"
    middle = insert_item(old, ("a",), 1, {"x": 2}, flow=False)
    assert middle == "a: [{x: 1}, {x: 2}, {x: 3}]  # note\n"
    first = insert_item(old, ("a",), 0, {"x": 0}, flow=False)
    assert first == "a: [{x: 0}, {x: 1}, {x: 3}]  # note\n"


def test_an_empty_list_opens_into_a_block_list() -> None:
    old = "version: 1\napplications: []  # none yet\nz: 1\n"
    new = insert_item(old, ("applications",), 0, {"id": "a", "role": "PM"}, flow=False)
    assert new == "version: 1\napplications:  # none yet\n  - id: a\n    role: PM\nz: 1\n"


def test_a_missing_list_is_added_before_the_key_asked_for() -> None:
    old = "apps:\n  - id: a\n    events: []\n"
    new = insert_item(old, ("apps", 0, "contacts"), 0, {"id": "c"}, flow=True, before_key="events")
    assert new == "apps:\n  - id: a\n    contacts:\n      - {id: c}\n    events: []\n"


def test_a_file_without_a_final_newline_gets_one_before_the_new_line() -> None:
    new = insert_item("a:\n  - {x: 1}", ("a",), 1, {"x": 2}, flow=True)
    assert new == "a:\n  - {x: 1}\n  - {x: 2}\n"


def test_values_that_would_read_back_as_something_else_are_quoted() -> None:
    item = {"note": "yes", "time": "10:30", "n": "007", "t": "#x", "nul": "null", "c": "a: b"}
    new = insert_item("a:\n  - {x: 1}\n", ("a",), 1, item, flow=True)
    assert safeyaml.loads(new).data["a"][1] == item


def test_json_keeps_its_indentation_and_key_order() -> None:
    data = {"version": 1, "z": 1, "a": [{"k": "é"}]}
    old = json.dumps(data, indent=3, ensure_ascii=False) + "\n"
    new = insert_item(old, ("a",), 1, {"k": "x", "d": dt.date(2026, 1, 2)}, flow=True)
    assert new == json.dumps(
        {**data, "a": [{"k": "é"}, {"k": "x", "d": "2026-01-02"}]}, indent=3, ensure_ascii=False
    ) + "\n"


def test_a_layout_it_cannot_read_is_refused() -> None:
    with pytest.raises(LayoutError):
        insert_item("a: 1\n", ("a",), 0, {"x": 1}, flow=True)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@COMMON_SETTINGS
@given(
    position=st.integers(min_value=0, max_value=3),
    note=_TEXT,
    comment=st.text(st.sampled_from("abc #:'\"-"), max_size=20),
    flow=st.booleans(),
)
def test_every_other_byte_stays_and_the_item_reads_back(
    position: int, note: str, comment: str, flow: bool
) -> None:
    lines = [
        "# top\n",
        "list:  # " + comment + "\n",
        "  - {a: 1}  # one\n" if flow else "  - a: 1  # one\n",
        "  # between\n",
        "  - {a: 2}\n" if flow else "  - a: 2\n    b: [x]\n",
        "\n",
        "  - {a: 3}\n" if flow else "  - a: 3\n",
        "tail: 'q'\n",
    ]
    old = "".join(lines)
    item = {"a": 9, "note": note}
    new = insert_item(old, ("list",), position, item, flow=flow)
    added = _only_added(old, new)
    assert added and all(line.strip() == "" or line.startswith("  - ") for line in added[:1])
    got = safeyaml.loads(new).data
    assert got["list"][position] == item
    assert len(got["list"]) == 4 and got["tail"] == "q"


def test_a_windows_file_keeps_its_line_endings() -> None:
    old = "a:\r\n  - {x: 1}  # one\r\nb: 2\r\n"
    assert insert_item(old, ("a",), 1, {"x": 2}, flow=True) == (
        "a:\r\n  - {x: 1}  # one\r\n  - {x: 2}\r\nb: 2\r\n"
    )


@pytest.mark.parametrize(
    "old",
    [
        "version: 1\nevents: &ev\n  - {a: 1}\n  - {a: 2}\nagain: *ev\n",
        "version: 1\nevents: !!seq\n  - {a: 1}\n  - {a: 2}\n",
        "version: 1\nevents:  # the list\n  - {a: 1}\n  - {a: 2}\n",
    ],
)
def test_an_anchor_a_tag_or_a_comment_on_the_list_is_kept_and_items_go_where_its_are(
    old: str,
) -> None:
    for index in (0, 2):
        new = insert_item(old, ("events",), index, {"a": 9}, flow=True)
        assert _only_added(old, new) == ["  - {a: 9}\n"]
        assert safeyaml.loads(new).data["events"][index] == {"a": 9}


@pytest.mark.parametrize(
    ("old", "where", "key"),
    [
        ("base: &c\n  - {a: 1}\nlist: *c\n", ("list",), ""),  # an alias: would change `base`
        ("list:\n  -\n    a: 1\n  - {a: 2}\n", ("list",), ""),  # an item below its dash
    ],
)
def test_a_list_that_is_an_alias_or_whose_items_it_cannot_place_is_refused(
    old: str, where: tuple[str, ...], key: str
) -> None:
    with pytest.raises(LayoutError):
        insert_item(old, where, 1, {"a": 9}, flow=True, before_key=key)


def test_a_new_list_before_a_key_that_shares_the_dash_line_goes_after_the_mapping() -> None:
    old = "apps:\n  - events: []\n    id: x\n"
    new = insert_item(old, ("apps", 0, "contacts"), 0, {"id": "c"}, flow=True, before_key="events")
    app = {"events": [], "id": "x", "contacts": [{"id": "c"}]}
    assert safeyaml.loads(new).data["apps"][0] == app
    assert new.startswith(old)


@pytest.mark.parametrize("note", ["a\n\nb", "line one\nline two\n\n\nend", "x\n \ny"])
def test_a_multi_line_value_leaves_no_line_of_only_spaces(note: str) -> None:
    old = "list:\n  - a: 1\n    b: x\n"
    new = insert_item(old, ("list",), 1, {"a": 2, "note": note}, flow=False)
    assert not [line for line in new.splitlines() if line and not line.strip()]
    assert safeyaml.loads(new).data["list"][1] == {"a": 2, "note": note}
