"""`--format html` (engine/present/html.py): the page's structure read with the standard
library's parser, its escaping, its determinism and its size. The same page in a real browser:
tests/html_browser_test.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml
from cli_support import EXAMPLE_TIMELINE, POLICIES, invoke
from html_support import EXAMPLE_DAY, Node, parse
from html_support import example_comparison as comparison
from hypothesis import given, settings
from strategies import COMMON_SETTINGS, Case, Doc, load_timeline_doc, packs_with_timelines

from engine import evaluate, load_pack, load_timeline
from engine.model import Pack
from engine.present.formats import COMPARISON, REPORT

AS_OF = "2026-11-21"
COMPARE = ["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF, "--format", "html"]


@cache
def compare_page() -> str:
    result = invoke(COMPARE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _lanes(chart: Node) -> list[Node]:
    return [g for g in chart.find_all("g", "lane")]


def test_one_chart_per_application_with_one_lane_per_pack() -> None:
    c = comparison()
    tree = parse(compare_page())
    sections = tree.find_all("section", "application")
    assert [s.attrs["data-application"] for s in sections] == [a.id for a in c.applications]
    for section, app in zip(sections, c.applications, strict=True):
        [svg] = section.find_all("svg")
        assert svg.attrs["role"] == "img"
        assert [g.attrs["data-pack"] for g in _lanes(svg)] == [v.pack for v in app.views]


def test_each_lane_marks_the_simulated_schedule_and_the_audit() -> None:
    """A mark per step of the schedule the persistence was read from, a mark per finding."""
    tree = parse(compare_page())
    total = 0
    for section, app in zip(tree.find_all("section", "application"), comparison().applications,
                            strict=True):  # fmt: skip
        [svg] = section.find_all("svg")
        for lane, view in zip(_lanes(svg), app.views, strict=True):
            steps = view.persistence.steps if view.persistence else ()
            actions = [g for g in lane.find_all("g", "mark") if g.classes & {"action", "move-on"}]
            assert len(actions) == len(steps), (app.id, view.pack)
            assert len(lane.find_all("g", "audit")) == len(view.audit), (app.id, view.pack)
            for mark, step in zip(actions, steps, strict=True):
                assert f"{step.date:%a %Y-%m-%d}" in mark.all_text()
            total += len(steps)
    assert total > 20  # the example schedules something in most lanes


def test_the_table_holds_a_row_per_mark_with_its_quote() -> None:
    """The text alternative: every mark names a row of the table, which says the same day and
    action and opens (details) on the rule's quote."""
    tree = parse(compare_page())
    rows = {tr.attrs["id"]: tr for tr in tree.find_all("tr") if "id" in tr.attrs}
    marks = [g for g in tree.find_all("g", "mark") if "data-row" in g.attrs]
    assert len(marks) == len(rows)
    steps = {s.rec.cite for a in comparison().applications for v in a.views
             for s in (v.persistence.steps if v.persistence else ())}  # fmt: skip
    quotes = set()
    for mark in marks:
        row = rows[mark.attrs["data-row"]]
        day = row.find_all("td")[0].all_text()
        assert day in mark.all_text()
        for details in row.find_all("details"):
            assert details.find_all("summary")
            quotes |= {q.all_text().strip("“”") for q in details.find_all("blockquote")}
    assert steps <= quotes


def test_disagreements_prohibitions_and_the_summary_are_the_comparison_s() -> None:
    c = comparison()
    tree = parse(compare_page())
    for section, app in zip(tree.find_all("section", "application"), c.applications,
                            strict=True):  # fmt: skip
        diff = section.find_all("table", "diff")
        assert len(diff) == (1 if app.disagreements else 0)
        if diff:
            heads = [
                th.all_text() for th in diff[0].find_all("th") if th.attrs.get("scope") == "row"
            ]
            assert len(heads) == len(app.disagreements)
        said = " ".join(li.all_text() for li in section.find_all("li"))
        for d in app.disagreements:
            for p in d.prohibitions:
                assert f"{p.pack} forbids" in said and f"({p.id})" in said
    week = {s.attrs["data-pack"]: s for s in tree.find_all("section", "pack-week")}
    assert list(week) == [p.label for p in c.packs]
    end = c.as_of + dt.timedelta(days=6)
    for i, info in enumerate(c.packs):
        due = [r for a in c.applications for r in a.views[i].pending if r.due and r.due <= end]
        assert len(week[info.label].find_all("li")) == len(due)


def test_self_contained_no_script_and_only_internal_links() -> None:
    page = compare_page()
    tree = parse(page)
    assert not tree.find_all("script") and not tree.find_all("link") and not tree.find_all("img")
    assert "src=" not in page and "url(" not in page and "@import" not in page
    ids = [n.attrs["id"] for n in tree.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for a in tree.find_all("a"):
        href = a.attrs["href"]
        assert href.startswith("#") and href[1:] in ids, href  # no built-in pack has a url
    assert len(page.encode("utf-8")) < 300_000
    assert "prefers-color-scheme: dark" in page and "@media print" in page


def test_the_same_input_gives_the_same_bytes() -> None:
    first = COMPARISON.render("html", comparison())
    again = COMPARISON.render("html", comparison())
    assert first == again == compare_page()
    report = evaluate(load_pack("clue-wagon"), load_timeline(EXAMPLE_TIMELINE), EXAMPLE_DAY)
    assert REPORT.render("html", report) == REPORT.render("html", report)
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:", first)  # no timestamp


def _drawn(lane: Node) -> list[tuple[str, ...]]:
    return [tuple(t.all_text() for t in m.find_all("text")) for m in lane.find_all("g", "mark")]


def test_run_draws_one_lane_the_same_as_compare_s() -> None:
    result = invoke(["run", str(EXAMPLE_TIMELINE), "-p", "mason-group", "--as-of", AS_OF,
                     "--format", "html"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    tree = parse(result.stdout)
    both = parse(compare_page())
    for mine, theirs in zip(tree.find_all("section", "application"),
                            both.find_all("section", "application"), strict=True):  # fmt: skip
        [lane] = _lanes(mine.find_all("svg")[0])
        [same] = [
            g for g in _lanes(theirs.find_all("svg")[0]) if g.attrs["data-pack"] == "mason-group"
        ]
        # the same marks, with the same letters; only compare's say what another pack forbids
        assert _drawn(lane) == _drawn(same)
    assert not tree.find_all("table", "diff")


HOSTILE = '<script>alert("x")</script> & "quoted" \x1b[2J \u202e'


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A timeline and a pack whose text tries to become markup, a link or a terminal escape."""
    doc = yaml.safe_load(EXAMPLE_TIMELINE.read_text(encoding="utf-8"))
    app = doc["applications"][0]
    app["company"] = HOSTILE
    app["contacts"][0]["name"] = HOSTILE
    app["events"][0]["note"] = HOSTILE
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(yaml.safe_dump(doc, allow_unicode=False), encoding="utf-8")
    pack = yaml.safe_load((POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8"))
    pack["title"] = HOSTILE
    pack["source"]["url"] = "javascript:alert(1)"
    pack["rules"][0]["cite"] = HOSTILE
    pack_file = tmp_path / "clue-wagon.yaml"
    pack_file.write_text(yaml.safe_dump(pack, allow_unicode=False), encoding="utf-8")
    return timeline, pack_file


def test_untrusted_text_is_escaped_and_never_a_link(hostile: tuple[Path, Path]) -> None:
    timeline, pack = hostile
    result = invoke(["run", str(timeline), "-p", str(pack), "--as-of", AS_OF, "--format", "html"])
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<script" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34;" in page
    assert "\x1b" not in page and "\u202e" not in page
    assert "\\x1b[2J \\u202e" in page  # shown, as every reporter for people shows it
    tree = parse(page)
    assert all(a.attrs["href"].startswith("#") for a in tree.find_all("a"))


def test_an_http_source_is_a_plain_link(tmp_path: Path) -> None:
    pack = yaml.safe_load((POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8"))
    pack["source"]["url"] = 'https://example.org/follow-up?a=1&b="2"'
    path = tmp_path / "clue-wagon.yaml"
    path.write_text(yaml.safe_dump(pack), encoding="utf-8")
    result = invoke(["run", str(EXAMPLE_TIMELINE), "-p", str(path), "--as-of", AS_OF,
                     "--format", "html"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    links = [a.attrs["href"] for a in parse(result.stdout).find_all("a")]
    assert [h for h in links if not h.startswith("#")] == [
        'https://example.org/follow-up?a=1&b="2"'
    ]
    assert 'href="https://example.org/follow-up?a=1&amp;b=&#34;2&#34;"' in result.stdout


def test_compare_output_writes_the_page_and_never_over_a_file(tmp_path: Path) -> None:
    timeline = tmp_path / "timeline.yaml"
    shutil.copyfile(EXAMPLE_TIMELINE, timeline)
    out = tmp_path / "report.html"
    args = ["compare", str(timeline), "--all", "--as-of", AS_OF, "--format", "html", "-o", str(out)]
    result = invoke(args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {out}\n")
    assert out.read_text(encoding="utf-8") == compare_page().replace(
        str(EXAMPLE_TIMELINE), str(timeline)
    )
    again = invoke(args)
    assert again.exit_code == 2 and "file already exists" in again.stderr
    assert invoke([*args, "--force"]).exit_code == 0
    over = invoke([*args[:-1], str(timeline), "--force"])
    assert over.exit_code == 2 and "refusing to write over an input file" in over.stderr
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()
    lonely = invoke(["compare", str(timeline), "--all", "--force"])
    assert lonely.exit_code == 2 and "--force goes with --output FILE" in lonely.stderr


@settings(COMMON_SETTINGS, max_examples=4)  # each page simulates every application ahead
@given(packs_with_timelines(1))
def test_random_packs_give_a_well_formed_page_and_the_same_bytes(
    case: tuple[Doc, Pack, list[Case]],
) -> None:
    _, pack, [(doc, as_of)] = case
    first = REPORT.render("html", evaluate(pack, load_timeline_doc(doc), as_of))
    second = REPORT.render("html", evaluate(pack, load_timeline_doc(doc), as_of))
    assert first.encode() == second.encode()
    tree = parse(first)
    assert len(tree.find_all("section", "application")) == len(doc["applications"])
