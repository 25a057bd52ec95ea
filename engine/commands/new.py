"""`followup new`: scaffold a custom pack that validates, passes its own tests and runs."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import UsageError
from ..io import safeyaml
from ..io.fileio import STDOUT, write_new_file
from ..load.duplicate_lint import duplicate_findings
from ..load.override_lint import flow
from ..load.packs import load_pack, pack_from_document
from .modeline import modeline

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # used with fullmatch: `$` allows a final "\n"

_RULE = """\
  - id: follow-up-after-applying
    summary: One email to the hiring manager a working week after applying.
    when:
      anchor: application_submitted
      unless: [interview]
    timing:
      after: {{business_days: 5}}
    stop_when: [reply_received]
    action:
      kind: follow_up
      channel: email
      recipient: hiring_manager
      guidance:
        - "Keep it short: restate your interest and ask whether there is any news."
    cite: "{cite}"
"""

_TESTS = """\
tests:
  - name: the email is due five business days after applying
    as_of: "2026-11-21"
    events:
      - {date: "2026-11-16", type: application_submitted, channel: online_form}
    expect:
      - rule: follow-up-after-applying
        status: upcoming
        due: "2026-11-23"
        channel: email
        recipient: hiring_manager
  - name: no application follow-up once there has been an interview
    as_of: "2026-11-30"
    events:
      - {date: "2026-11-16", type: application_submitted, channel: online_form}
      - {date: "2026-11-20", type: interview, with: hm}
    absent:
      - rule: follow-up-after-applying
"""


# What an extending scaffold adds when the base's rules already do what _RULE does: a rule
# for another moment (an interview, not an application), so the two never say the same.
_THANKS = """\
  - id: my-thank-you
    summary: Thank the person you met by email, the day of each interview or the day after.
    when:
      anchor: interview
      every_anchor: true
    timing:
      after: {days: [0, 1]}
    action:
      kind: thank_you
      channel: email
      recipient: anchor_contact
      guidance:
        - "Thank them for their time and mention one thing you talked about."
    cite: "My own rule, added to the base pack."
"""

_THANKS_TESTS = """\
tests:
  - name: the thank-you is due the day of the interview
    as_of: "2026-11-17"
    events:
      - {date: "2026-11-10", type: application_submitted, channel: online_form}
      - {date: "2026-11-17", type: interview, round: 1, with: hm, channel: in_person}
    expect:
      - rule: my-thank-you
        status: due
        due: "2026-11-17"
        channel: email
        recipient: hiring_manager
  - name: no thank-you before an interview
    as_of: "2026-11-17"
    events:
      - {date: "2026-11-10", type: application_submitted, channel: online_form}
    absent:
      - rule: my-thank-you
"""


@dataclass(frozen=True)
class NewArgs:
    name: str
    extends: str | None = None
    output: Path | None = None
    force: bool = False
    pack_path: tuple[Path, ...] = ()


def scaffold(args: NewArgs) -> str:
    file = args.output or Path(f"{args.name}.yaml")
    file = Path(f"{args.name}.yaml") if str(file) == STDOUT else file
    head = (
        modeline(file, "pack")
        + f"# A custom followup pack. Check it: followup validate {file}; test it:\n"
        f"# followup test {file}; use it: followup run TIMELINE --pack {file}\n"
        "# The format is described in docs/packs.md (`followup schema pack` prints the schema).\n"
        "pack_format: 2\n"
        f"name: {args.name}\n"
        "version: 0.1.0\n"
    )
    if args.extends:
        return head + _extending(args, args.extends)
    return (
        head + f'title: "{args.name}: my follow-up policy"\n'
        "source:\n"
        '  author: "Your name"\n'
        '  title: "Where this advice comes from"\n'
        '  publication: "personal notes"\n'
        "rules:\n" + _RULE.format(cite="Follow up once, a week after applying.") + _TESTS
    )


def _extending(args: NewArgs, ref: str) -> str:
    """The body of a pack extending `args.extends`, whose added rule is none of the base's:
    the lint (engine/load/duplicate_lint.py) would report two rules that say the same."""
    base = load_pack(ref, args.pack_path)
    first = base.rules[0]
    timing = {**first.raw.get("timing", {}), "after": {"business_days": 3}}
    head = (
        f"extends: {base.name}@^{base.version}\n"
        "# disable: [RULE-ID]          # drop inherited rules\n"
        "# override:                   # replace inherited rules' keys, each one whole\n"
        f"#   - id: {first.id}\n"
        "#     # every key of timing you keep must be restated: an override does not merge\n"
        f"#     timing: {flow(timing)}\n"
        "rules:\n"
    )
    own = _RULE.format(cite="My own rule, added to the base pack.").replace(
        "follow-up-after-applying", "my-follow-up"
    )
    body = head + own + _TESTS.replace("follow-up-after-applying", "my-follow-up")
    # The pack as it would be written: a rule `validate` would call a repeat of the base's
    # gives way to a thank-you after each interview, which no built-in pack has in that form.
    doc = safeyaml.loads(f"pack_format: 2\nname: {args.name}\nversion: 0.1.0\n{body}")
    if any(duplicate_findings(pack_from_document(doc, search_path=args.pack_path), doc)):
        return head + _THANKS + _THANKS_TESTS
    return body


def execute(args: NewArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    if not _NAME.fullmatch(args.name):
        raise UsageError(
            f"{args.name!r} is not a valid pack name",
            "NAME",
            "use lower-case letters, digits and dashes, e.g. my-pack",
        )
    path = args.output or Path(f"{args.name}.yaml")
    if str(path) == STDOUT:
        out.write(scaffold(args))
        return 0
    write_new_file(path, scaffold(args), args.force)
    out.write(f"wrote {path}: try `followup test {path}` and `followup validate {path}`\n")
    return 0
