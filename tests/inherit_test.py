"""Packs that build on another: `extends: NAME@RANGE`, `disable`, `override`, added rules.

Every derived pack here is written into tmp_path and driven through the command line in-process.
The dates come from examples/worked-example.yaml: an interview on Tuesday 2026-11-17 and a
promised decision date of Friday 2026-11-20, with US holidays. clue-wagon's post-interview email
is due 3 business days after that date (Wednesday 2026-11-25); 5 business days skip Thanksgiving
(Thursday 2026-11-26) and land on Monday 2026-11-30.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    POLICIES,
    ROOT,
    WORKED_EXAMPLE,
    assert_one_error_line,
    invoke,
    pending,
    recommendations,
    run_json,
)
from click.testing import Result

from engine.core.compiler import ruleset_name
from engine.errors import FollowupError
from engine.load.packs import load_pack

AS_OF = "2026-11-21"
CLUE_WAGON = "clue-wagon@2.0.0"
CLUE_WAGON_RULES = [
    "resume-follow-up",
    "post-interview-email",
    "post-round-email",
    "final-call",
    "move-on",
    "move-on-after-resume",
]

# Five business days after the stated date instead of three; the rest of the timing restated,
# because an override replaces the whole `timing` key.
LATER_EMAIL = """\
  - id: post-interview-email
    timing:
      from: stated_date
      after: {business_days: 5}
      repeat: {every: {days: 7}}
      max_attempts: 2
"""

MY_PACK = (
    """\
extends: clue-wagon@^2.0.0
disable: [final-call]
override:
"""
    + LATER_EMAIL
)

THANK_YOU = """\
  - id: thank-you
    when:
      anchor: interview
    timing:
      after: {days: [0, 1]}
    action:
      kind: thank_you
      channel: email
      recipient: anchor_contact
    cite: "Thank every interviewer within a day."
"""


def write_pack(
    folder: Path, name: str, body: str, *, version: str = "0.1.0", filename: str = ""
) -> Path:
    """A pack file: the three required keys, then `body` as written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (filename or f"{name}.yaml")
    head = f"pack_format: 1\nname: {name}\nversion: {version}\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: str = "") -> int:
    """The 1-based number of the first line holding `text` (after the first holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def run(pack: str | Path, *extra: str, timeline: Path = WORKED_EXAMPLE) -> Result:
    return invoke(["run", str(timeline), "--pack", str(pack), "--as-of", AS_OF, *extra])


def show_json(pack: str | Path, *extra: str) -> dict[str, Any]:
    result = invoke(["show", str(pack), "--format", "json", *extra])
    assert result.exit_code == 0, (result.stderr, result.exception)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def show_origins(pack: str | Path, *extra: str) -> dict[str, str]:
    """Rule id -> the `from:` line under it in `followup show` text, in order."""
    result = invoke(["show", str(pack), *extra])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    rules = lines[lines.index("Rules") + 1 :]
    origins: dict[str, str] = {}
    for i, line in enumerate(rules):
        if not line:
            break
        head = re.match(r"^  ([a-z0-9][a-z0-9_-]*): ", line)
        if head:
            follow = rules[i + 1]
            assert follow.startswith("    from: "), (line, follow)
            origins[head[1]] = follow.removeprefix("    from: ")
    return origins


def two_emails_timeline(folder: Path) -> Path:
    """The worked example plus two unanswered post-interview emails (Mon 11-30, Mon 12-07)."""
    text = WORKED_EXAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    text += "      - {date: 2026-11-30, type: follow_up_sent, channel: email, with: dana}\n"
    text += "      - {date: 2026-12-07, type: follow_up_sent, channel: email, with: dana}\n"
    path = folder / "two-emails.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def all_rules(report: dict[str, Any]) -> list[str]:
    return [r["rule"] for app in report["applications"] for r in app["recommendations"]]


# --- disable and override on the worked example --------------------------------------------------


def test_an_override_moves_the_due_date(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "my-pack", MY_PACK)
    base = run_json(WORKED_EXAMPLE, "clue-wagon", AS_OF)
    (before,) = pending(recommendations(base, "acme-pm"))
    assert (before["rule"], before["due"]) == ("post-interview-email", "2026-11-25")

    report = run_json(WORKED_EXAMPLE, pack, AS_OF)
    assert (report["pack"]["name"], report["pack"]["version"]) == ("my-pack", "0.1.0")
    (rec,) = pending(recommendations(report, "acme-pm"))
    assert rec["rule"] == "post-interview-email"
    assert (rec["status"], rec["due"]) == ("upcoming", "2026-11-30")
    assert rec["window"] == {"start": "2026-11-30", "end": "2026-11-30"}
    assert (rec["attempt"], rec["max_attempts"]) == (1, 2)
    assert rec["why"].startswith("5 business days after the decision date 2026-11-20")
    # The keys not overridden are inherited: the quote, the channel, the recipient.
    assert rec["cite"] == before["cite"]
    assert (rec["channels"], rec["recipients"]) == (before["channels"], before["recipients"])


def test_a_disabled_rule_never_appears(tmp_path: Path) -> None:
    timeline = two_emails_timeline(tmp_path)
    pack = write_pack(tmp_path, "my-pack", MY_PACK)
    as_of = "2026-12-08"
    base = run_json(timeline, "clue-wagon", as_of)
    assert "final-call" in all_rules(base)  # the control: clue-wagon offers the final call here

    report = run_json(timeline, pack, as_of)
    assert "final-call" not in all_rules(report)
    recs = {r["rule"]: r for r in recommendations(report, "acme-pm")}
    assert recs["post-interview-email"]["status"] == "done"
    assert (recs["move-on"]["status"], recs["move-on"]["due"]) == ("upcoming", "2026-12-21")
    assert "final-call" not in show_origins(pack)
    assert "final-call" not in [r.id for r in load_pack(pack).rules]


def test_show_text_says_where_every_rule_comes_from(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "my-pack", MY_PACK + "rules:\n" + THANK_YOU)
    result = invoke(["show", str(pack)])
    assert result.exit_code == 0, result.stderr
    assert "Extends: clue-wagon@2.0.0 (each rule says which pack it comes from)" in (
        result.stdout.splitlines()
    )
    assert show_origins(pack) == {
        "resume-follow-up": CLUE_WAGON,
        "post-interview-email": f"{CLUE_WAGON}; timing from my-pack@0.1.0",
        "post-round-email": CLUE_WAGON,
        "move-on": CLUE_WAGON,
        "move-on-after-resume": CLUE_WAGON,
        "thank-you": "my-pack@0.1.0",
    }


def test_show_json_gives_every_rule_its_origin(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "my-pack", MY_PACK + "rules:\n" + THANK_YOU)
    data = show_json(pack)
    assert (data["name"], data["version"], data["extends"]) == ("my-pack", "0.1.0", CLUE_WAGON)
    assert {r["id"]: r["origin"] for r in data["rules"]} == show_origins(pack)
    # Inherited rules first, in the base's order, then the pack's own.
    assert [r["id"] for r in data["rules"]] == [
        "resume-follow-up",
        "post-interview-email",
        "post-round-email",
        "move-on",
        "move-on-after-resume",
        "thank-you",
    ]
    assert [r.origin for r in load_pack(pack).rules] == [r["origin"] for r in data["rules"]]
    # Prohibitions, the source and the not-encoded advice are inherited too.
    assert [p["id"] for p in data["prohibitions"]] == ["never-phone", "never-hr"]
    assert data["source"]["author"] == "Kerry Sandberg Scott"
    assert data["not_encoded"] == show_json("clue-wagon")["not_encoded"]


def test_a_pack_that_extends_nothing_shows_no_origins() -> None:
    result = invoke(["show", "clue-wagon"])
    assert result.exit_code == 0, result.stderr
    assert "from:" not in result.stdout
    assert "Extends:" not in result.stdout
    data = show_json("clue-wagon")
    assert data["extends"] is None
    assert {r["origin"] for r in data["rules"]} == {CLUE_WAGON}


def test_added_rules_run_beside_the_inherited_ones(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "my-pack", MY_PACK + "rules:\n" + THANK_YOU)
    report = run_json(WORKED_EXAMPLE, pack, AS_OF)
    recs = {r["rule"]: r for r in recommendations(report, "acme-pm")}
    assert set(recs) == {"thank-you", "post-interview-email"}
    thanks = recs["thank-you"]
    assert (thanks["status"], thanks["due"]) == ("overdue", "2026-11-17")
    assert thanks["window"] == {"start": "2026-11-17", "end": "2026-11-18"}
    assert [r["contact"] for r in thanks["recipients"]] == ["dana"]
    assert thanks["cite"] == "Thank every interviewer within a day."
    assert recs["post-interview-email"]["due"] == "2026-11-30"


def test_an_override_of_several_keys_replaces_each_and_keeps_the_rest(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        "my-pack",
        """\
        extends: clue-wagon
        override:
          - id: post-interview-email
            summary: Two short emails after the promised date.
            cite: "My own words."
            action:
              kind: check_in
              channel: [email, linkedin]
              recipient: hiring_manager
              guidance: ["Mention the role by name."]
        """,
    )
    (rec,) = pending(recommendations(run_json(WORKED_EXAMPLE, pack, AS_OF), "acme-pm"))
    assert rec["rule"] == "post-interview-email"
    assert (rec["kind"], rec["channels"]) == ("check_in", ["email", "linkedin"])
    assert (rec["cite"], rec["guidance"]) == ("My own words.", ["Mention the role by name."])
    # `when`, `timing` and `stop_when` were not given, so they are clue-wagon's.
    assert (rec["due"], rec["attempt"], rec["max_attempts"]) == ("2026-11-25", 1, 2)
    origins = show_origins(pack)
    several = f"{CLUE_WAGON}; action, cite, summary from my-pack@0.1.0"
    assert origins["post-interview-email"] == several
    assert origins["final-call"] == CLUE_WAGON


def test_an_overridden_key_is_replaced_whole_not_merged(tmp_path: Path) -> None:
    """`timing: {after: ...}` alone drops the inherited `from`, `repeat` and `max_attempts`."""
    pack = write_pack(
        tmp_path,
        "my-pack",
        """\
        extends: clue-wagon
        override:
          - id: post-interview-email
            timing: {after: {business_days: 5}}
        """,
    )
    (rec,) = pending(recommendations(run_json(WORKED_EXAMPLE, pack, AS_OF), "acme-pm"))
    # 5 business days after the anchor (Tue 11-17), not after the stated date; one attempt.
    assert (rec["due"], rec["max_attempts"]) == ("2026-11-24", 1)
    assert rec["why"] == "5 business days after the news of a decision date on 2026-11-17"


# --- chains and --pack-path ----------------------------------------------------------------------

B_PACK = """\
extends: clue-wagon@~2.0
disable: [move-on-after-resume]
override:
  - id: post-interview-email
    summary: Email a working week after the promised date.
    timing:
      {from: stated_date, after: {business_days: 5}, repeat: {every: {days: 7}}, max_attempts: 2}
rules:
"""

C_PACK = """\
extends: b@^1.2.0
disable: [final-call]
override:
  - id: post-interview-email
    cite: "My own words."
  - id: thank-you
    timing: {after: {days: 0}}
"""


def _chain(folder: Path) -> None:
    write_pack(folder, "b", B_PACK + THANK_YOU, version="1.2.0")
    write_pack(folder, "c", C_PACK, version="0.3.0")


def test_a_chain_records_each_pack_along_the_way(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    _chain(folder)
    expected = {
        "resume-follow-up": CLUE_WAGON,
        "post-interview-email": f"{CLUE_WAGON}; summary, timing from b@1.2.0; cite from c@0.3.0",
        "post-round-email": CLUE_WAGON,
        "move-on": CLUE_WAGON,
        "thank-you": "b@1.2.0; timing from c@0.3.0",
    }
    assert show_origins("c", "--pack-path", str(folder)) == expected
    data = show_json("c", "--pack-path", str(folder))
    assert data["extends"] == "b@1.2.0"
    assert {r["id"]: r["origin"] for r in data["rules"]} == expected
    assert show_json("b", "--pack-path", str(folder))["extends"] == CLUE_WAGON

    report = run_json(WORKED_EXAMPLE, "c", AS_OF, "--pack-path", str(folder))
    recs = {r["rule"]: r for r in recommendations(report, "acme-pm")}
    assert set(recs) == {"thank-you", "post-interview-email"}
    assert recs["thank-you"]["window"] == {"start": "2026-11-17", "end": "2026-11-17"}
    assert (recs["post-interview-email"]["due"], recs["post-interview-email"]["cite"]) == (
        "2026-11-30",
        "My own words.",
    )


def test_a_chain_loaded_by_file_still_finds_its_base_on_the_pack_path(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    _chain(folder)
    report = run_json(WORKED_EXAMPLE, folder / "c.yaml", AS_OF, "--pack-path", str(folder))
    assert report["pack"]["name"] == "c"
    match = assert_one_error_line(run(folder / "c.yaml"))  # no --pack-path: b is unknown
    assert match["path"] == str(folder / "c.yaml")
    assert int(match["line"]) == line_of(folder / "c.yaml", "extends:")
    assert "no pack named 'b' to extend" in match["message"]
    assert "--pack-path" in match["message"]


def test_pack_path_resolves_a_custom_base_by_name(tmp_path: Path) -> None:
    bases = tmp_path / "bases"
    write_pack(
        bases,
        "house-rules",
        "title: House rules\n"
        "source: {author: Sam Rivera, title: House rules, publication: personal notes}\n"
        "rules:\n" + THANK_YOU,
        version="2.3.1",
    )
    pack = write_pack(tmp_path / "mine", "mine", "extends: house-rules@^2.0.0\n")
    report = run_json(WORKED_EXAMPLE, pack, AS_OF, "--pack-path", str(bases))
    assert report["pack"]["title"] == "House rules"
    assert [r["rule"] for r in recommendations(report, "acme-pm")] == ["thank-you"]
    assert show_origins(pack, "--pack-path", str(bases)) == {"thank-you": "house-rules@2.3.1"}


def test_a_pack_path_folder_comes_before_the_built_in_packs(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    (folder / "clue-wagon.yaml").write_text(
        text.replace("version: 2.0.0", "version: 3.0.0", 1), encoding="utf-8"
    )
    pack = write_pack(tmp_path, "my-pack", "extends: clue-wagon@^3.0.0\n")
    assert assert_one_error_line(run(pack))["message"].startswith(
        "clue-wagon is at version 2.0.0, which does not satisfy '^3.0.0'"
    )
    report = run_json(WORKED_EXAMPLE, pack, AS_OF, "--pack-path", str(folder))
    assert pending(recommendations(report, "acme-pm"))[0]["due"] == "2026-11-25"
    assert show_json(pack, "--pack-path", str(folder))["extends"] == "clue-wagon@3.0.0"


@pytest.mark.parametrize(
    "spec",
    [
        "clue-wagon",
        "clue-wagon@2.0.0",
        "clue-wagon@=2.0.0",
        "clue-wagon@^2.0.0",
        "clue-wagon@~2.0",
        "clue-wagon@2.x",
        "clue-wagon@2",
        "clue-wagon@*",
        '"clue-wagon@>=2.0.0 <3.0.0"',
        '"clue-wagon@2.0.0 - 2.9.9"',
        '"clue-wagon@^0.9.0 || ^2.0.0"',
    ],
)
def test_extends_accepts_npm_style_ranges(tmp_path: Path, spec: str) -> None:
    pack = write_pack(tmp_path, "my-pack", f"extends: {spec}\n")
    assert show_json(pack)["extends"] == CLUE_WAGON


# --- --pack NAME@VERSION and NAME@RANGE ----------------------------------------------------------

@pytest.mark.parametrize(
    "ref",
    [
        "clue-wagon@2.0.0",
        "clue-wagon@2",
        "clue-wagon@2.x",
        "clue-wagon@^2.0.0",
        "clue-wagon@~2.0",
        "clue-wagon@>=2.0.0",
    ],
)
def test_pack_option_takes_a_version_or_a_range(ref: str) -> None:
    report = run_json(WORKED_EXAMPLE, ref, AS_OF)
    assert (report["pack"]["name"], report["pack"]["version"]) == ("clue-wagon", "2.0.0")


@pytest.mark.parametrize(
    "ref",
    [
        "clue-wagon@3.0.0",
        "clue-wagon@2.0.1",
        "clue-wagon@3.x",
        "clue-wagon@^3.0.0",
    ],
)
def test_pack_option_refuses_a_version_the_pack_is_not_at(ref: str) -> None:
    match = assert_one_error_line(run(ref))
    assert match["path"] == str(POLICIES / "clue-wagon.yaml")
    wanted = ref.partition("@")[2]
    assert f"pack 'clue-wagon' is at version 2.0.0, not {wanted}" in match["message"]
    assert "use clue-wagon@2.0.0" in match["message"]


def test_pack_option_pins_a_derived_pack_on_the_pack_path(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    _chain(folder)
    pinned = run_json(WORKED_EXAMPLE, "c@0.3.0", AS_OF, "--pack-path", str(folder))
    assert pinned == run_json(WORKED_EXAMPLE, "c", AS_OF, "--pack-path", str(folder))
    assert run_json(WORKED_EXAMPLE, "c@0", AS_OF, "--pack-path", str(folder)) == pinned
    match = assert_one_error_line(run("c@0.4.0", "--pack-path", str(folder)))
    assert match["path"] == str(folder / "c.yaml")
    assert "pack 'c' is at version 0.3.0, not 0.4.0" in match["message"]


# --- errors: one line, exit 2, at the offending line ---------------------------------------------

ADDED_PHONE_RULE = """\
extends: clue-wagon
rules:
  - id: ring
    when: {anchor: interview}
    timing: {after: {days: 1}}
    action: {kind: follow_up, channel: phone, recipient: hiring_manager}
    cite: "Call them."
"""

ERRORS = {
    # name: (body, (text on the offending line, text on an earlier line), message parts)
    "missing base, near a built-in": (
        "extends: clue-wagn@^1.0.0\n",
        ("extends:", ""),
        ["no pack named 'clue-wagn' to extend", "did you mean 'clue-wagon'?"],
    ),
    "missing base, near nothing": (
        "extends: nothing-like-it\n",
        ("extends:", ""),
        ["no pack named 'nothing-like-it' to extend", "--pack-path"],
    ),
    "unsatisfiable range": (
        "extends: clue-wagon@^3.0.0\n",
        ("extends:", ""),
        [
            "clue-wagon is at version 2.0.0, which does not satisfy '^3.0.0'",
            "extend clue-wagon@2.0.0 or widen the range",
        ],
    ),
    "invalid range": (
        "extends: clue-wagon@^^1\n",
        ("extends:", ""),
        ["'^^1' is not a semver range"],
    ),
    "invalid range, four numbers": (
        "extends: clue-wagon@1.2.3.4\n",
        ("extends:", ""),
        ["'1.2.3.4' is not a semver range"],
    ),
    "disabling an unknown rule": (
        "extends: clue-wagon\ndisable:\n  - move-on\n  - final-cal\n",
        ("- final-cal", ""),
        [
            "cannot disable 'final-cal': clue-wagon@2.0.0 has no such rule",
            "did you mean 'final-call'?",
        ],
    ),
    "overriding an unknown rule": (
        "extends: clue-wagon\noverride:\n  - id: post-interview-emial\n    cite: Mine.\n",
        ("post-interview-emial", ""),
        [
            "cannot override 'post-interview-emial': clue-wagon@2.0.0 has no such rule",
            "did you mean 'post-interview-email'?",
        ],
    ),
    "a new rule reusing an inherited id": (
        "extends: clue-wagon\nrules:\n"
        "  - id: move-on\n"
        "    when: {anchor: interview}\n"
        "    timing: {after: {days: 1}}\n"
        "    action: {kind: move_on}\n",
        ("- id: move-on", ""),
        ["duplicate rule id 'move-on'", "use `override` to change an inherited rule"],
    ),
    "an added rule that breaks an inherited prohibition": (
        ADDED_PHONE_RULE,
        ("action:", "- id: ring"),
        ["rule 'ring' recommends phone, which prohibition 'never-phone' forbids"],
    ),
    "an override that breaks an inherited prohibition": (
        "extends: clue-wagon\noverride:\n  - id: resume-follow-up\n"
        "    action: {kind: follow_up, channel: email, recipient: hr}\n",
        ("action:", ""),
        ["rule 'resume-follow-up' recommends hr, which prohibition 'never-hr' forbids"],
    ),
    "a new prohibition that an inherited rule breaks": (
        "extends: clue-wagon\nprohibitions:\n  - id: no-email\n    channels: [email]\n"
        "    cite: Never email.\n",
        ("- id: no-email", ""),
        ["rule 'resume-follow-up' recommends email, which prohibition 'no-email' forbids"],
    ),
    "an override that breaks a rule's own consistency": (
        "extends: clue-wagon\noverride:\n  - id: post-interview-email\n"
        "    when: {anchor: interview}\n",
        ("- id: post-interview-email", ""),
        ["from: stated_date needs the anchor to be decision_expected"],
    ),
    "disable without extends": (
        "title: T\nsource: {author: A, title: T, publication: P}\ndisable: [final-call]\n",
        ("disable:", ""),
        ["'disable' needs 'extends': add one, or remove 'disable'"],
    ),
    "override without extends": (
        "title: T\nsource: {author: A, title: T, publication: P}\n"
        "override:\n  - {id: final-call, cite: x}\n",
        ("override:", ""),
        ["'override' needs 'extends': add one, or remove 'override'"],
    ),
    "a rule overridden twice": (
        "extends: clue-wagon\noverride:\n"
        "  - {id: post-interview-email, cite: First.}\n"
        "  - {id: post-interview-email, summary: Second.}\n",
        ("Second.", ""),
        ["rule 'post-interview-email' is overridden twice", "merge the two entries into one"],
    ),
    "a rule both disabled and overridden": (
        "extends: clue-wagon\ndisable: [final-call]\noverride:\n  - {id: final-call, cite: x}\n",
        ("- {id: final-call", ""),
        ["rule 'final-call' is both disabled and overridden"],
    ),
    "a test expecting a rule that is neither inherited nor disabled": (
        MY_PACK
        + "tests:\n  - name: t\n    as_of: 2026-11-21\n    events: []\n"
        + "    absent:\n      - {rule: finall-call}\n",
        ("finall-call", ""),
        ["no rule 'finall-call' in this pack", "did you mean 'final-call'?"],
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_one_line_at_the_offending_line(tmp_path: Path, case: str) -> None:
    body, where, parts = ERRORS[case]
    pack = write_pack(tmp_path, "my-pack", body)
    for result in (run(pack), invoke(["show", str(pack)]), invoke(["test", str(pack)])):
        match = assert_one_error_line(result)
        assert match["path"] == str(pack)
        for part in parts:
            assert part in match["message"], match["message"]
        assert int(match["line"]) == line_of(pack, *where), (case, match.group(0))


def test_a_cycle_through_the_pack_path_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, "a", "extends: b\n")
    write_pack(folder, "b", "extends: a@^0.1.0\n")
    for ref in ("a", str(folder / "a.yaml"), "b"):
        match = assert_one_error_line(run(ref, "--pack-path", str(folder)))
        assert "packs extend each other in a cycle" in match["message"]
        assert re.search(r"\b(a -> b -> a|b -> a -> b)\b", match["message"]), match["message"]
        where = Path(match["path"])
        assert where.parent == folder
        assert int(match["line"]) == line_of(where, "extends:")


def test_a_pack_extending_itself_is_a_cycle(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "loop", "extends: loop\n")
    match = assert_one_error_line(run(pack, "--pack-path", str(tmp_path)))
    assert (match["path"], int(match["line"])) == (str(pack), line_of(pack, "extends:"))
    assert "cycle: loop -> loop" in match["message"]


# --- followup test on a derived pack -------------------------------------------------------------

DERIVED_TESTS = """\
tests:
  - name: the post-interview email waits five business days, over Thanksgiving
    as_of: 2026-11-21
    events: &interviewed
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-17, type: interview, round: 1, with: hm, channel: in_person}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: hm}
    expect:
      - {rule: post-interview-email, status: upcoming, due: 2026-11-30, attempt: 1}
      - {rule: thank-you, status: overdue, due: 2026-11-17}
    absent:
      - {rule: resume-follow-up}
  - name: no final call after two unanswered emails, only moving on
    as_of: 2026-12-08
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-17, type: interview, round: 1, with: hm, channel: in_person}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: hm}
      - {date: 2026-11-30, type: follow_up_sent, channel: email, with: hm}
      - {date: 2026-12-07, type: follow_up_sent, channel: email, with: hm}
    expect:
      - {rule: move-on, status: upcoming, due: 2026-12-21}
    absent:
      - {rule: final-call}
      - {channel: phone}
  - name: the inherited resume follow-up is unchanged
    as_of: 2026-03-05
    events:
      - {date: 2026-03-02, type: application_submitted, channel: online_form}
    expect:
      - {rule: resume-follow-up, status: upcoming, due: 2026-03-09}
"""


def test_the_test_cases_of_a_derived_pack_run_on_the_resolved_rules(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "my-pack", MY_PACK + "rules:\n" + THANK_YOU + DERIVED_TESTS)
    result = invoke(["test", str(pack)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "3 passed, 0 failed" in result.stdout
    assert "FAIL" not in result.stdout
    coverage = invoke(["test", str(pack), "--format", "json"])
    (outcome,) = json.loads(coverage.stdout)
    assert [c["passed"] for c in outcome["cases"]] == [True, True, True]
    assert "final-call" not in outcome["coverage"]  # disabled: not a rule of this pack
    assert outcome["coverage"]["thank-you"] == {"positive": 1, "negative": 0}


def test_a_derived_test_case_expecting_the_base_timing_fails(tmp_path: Path) -> None:
    failing = DERIVED_TESTS.replace("due: 2026-11-30", "due: 2026-11-25")
    pack = write_pack(tmp_path, "my-pack", MY_PACK + "rules:\n" + THANK_YOU + failing)
    result = invoke(["test", str(pack)])
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "2 passed, 1 failed" in result.stdout
    assert "2026-11-30" in result.stdout  # the diff shows the date the derived pack gives


def test_a_derived_pack_on_the_pack_path_is_tested_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, "my-pack", MY_PACK + "rules:\n" + THANK_YOU + DERIVED_TESTS)
    result = invoke(["test", "my-pack@0.1.0", "--pack-path", str(folder)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout.startswith("my-pack@0.1.0 (")


# --- the digest follows the base -----------------------------------------------------------------


def _two_bases(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The same derived pack over two bases that share a name and a version but not a rule."""
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "clue-wagon.yaml").write_text(text, encoding="utf-8")
    changed = text.replace("after: {business_days: 3}", "after: {business_days: 4}", 1)
    assert changed != text
    (two / "clue-wagon.yaml").write_text(changed, encoding="utf-8")
    pack = write_pack(tmp_path / "mine", "my-pack", "extends: clue-wagon@^2.0.0\n")
    return one, two, pack


def test_the_digest_of_a_derived_pack_changes_with_its_base(tmp_path: Path) -> None:
    one, two, pack = _two_bases(tmp_path)
    over_one, over_two = load_pack(pack, (one,)), load_pack(pack, (two,))
    assert (over_one.name, over_one.version) == (over_two.name, over_two.version)
    assert over_one.digest != over_two.digest
    assert ruleset_name(over_one) != ruleset_name(over_two)
    assert ruleset_name(load_pack(pack, (one,))) == ruleset_name(over_one)  # and is stable
    # A copy of the built-in base gives the same rules as the built-in itself.
    assert ruleset_name(over_one) == ruleset_name(load_pack(pack))


def test_a_changed_base_changes_the_recommendations_in_one_process(tmp_path: Path) -> None:
    """No compiled ruleset or cache entry of the first base is reused for the second."""
    one, two, pack = _two_bases(tmp_path)
    dues = []
    for folder in (one, two, one):
        report = run_json(WORKED_EXAMPLE, pack, AS_OF, "--pack-path", str(folder))
        (rec,) = pending(recommendations(report, "acme-pm"))
        dues.append(rec["due"])
    # 3 business days after Fri 11-20 is Wed 11-25; 4 skip Thanksgiving to Fri 11-27.
    assert dues == ["2026-11-25", "2026-11-27", "2026-11-25"]


# --- the extending example of docs/custom-packs.md -----------------------------------------------


def _guide_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "custom-packs.md").read_text(encoding="utf-8")
    section = text[text.index("## Extending a pack") : text.index("## Keeping packs in a folder")]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def test_the_guides_extending_example_passes_its_tests_and_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack_text = _guide_blocks("yaml")[0]
    (tmp_path / "my-wagon.yaml").write_text(pack_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    tested = invoke(["test", "my-wagon.yaml", "--require-tests"])
    assert tested.exit_code == 0, tested.stdout
    assert "0 rule coverage gaps" in tested.stdout
    # (the `followup validate` examples are checked by authors_test.py)
    shown = [b for b in _guide_blocks("text") if not b.startswith("$ followup validate")]
    assert len(shown) == 2
    for block in shown:
        command, *documented = block.splitlines()
        assert command.startswith("$ followup ")
        words = command.split()[2:]
        words = [str(WORKED_EXAMPLE) if w == "examples/worked-example.yaml" else w for w in words]
        result = invoke(words)
        assert result.exit_code == 0, result.stderr
        lines = [line.rstrip() for line in result.stdout.splitlines()]
        at = 0
        for line in documented:
            assert line.rstrip() in lines[at:], f"not in the output (in order): {line!r}"
            at = lines.index(line.rstrip(), at) + 1


def test_a_pack_loaded_again_in_one_process_follows_edits_to_it_and_to_its_base(
    tmp_path: Path,
) -> None:
    """load_pack keeps built packs per process; an edit to the file, or to the base of a pack
    that extends one, must still be seen by the next load."""
    folder = tmp_path / "packs"
    _chain(folder)
    b, c = folder / "b.yaml", folder / "c.yaml"

    def thank_you_window(path: Path) -> tuple[object, ...]:
        pack = load_pack(path, search_path=(folder,))
        (rule,) = (r for r in pack.rules if r.id == "thank-you")
        return (pack.version, rule.timing.after)

    first_b, first_c = thank_you_window(b), thank_you_window(c)
    assert thank_you_window(b) == first_b  # unchanged: the same answer
    b.write_text(b.read_text().replace("version: 1.2.0", "version: 1.2.1"), encoding="utf-8")
    assert thank_you_window(b)[0] == "1.2.1"
    c.write_text(c.read_text().replace("after: {days: 0}", "after: {days: 3}"), encoding="utf-8")
    assert thank_you_window(c) != first_c
    # Only the base changes: the pack that extends it is rebuilt on the new base.
    b.write_text(b.read_text().replace("version: 1.2.1", "version: 2.0.0"), encoding="utf-8")
    with pytest.raises(FollowupError, match=r"b.*2\.0\.0"):
        load_pack(c, search_path=(folder,))
