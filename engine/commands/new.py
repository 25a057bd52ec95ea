"""`followup new`: scaffold a custom pack that validates, passes its own tests and runs."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import InputError, UsageError
from ..io import resources
from ..io.fileio import STDOUT, write_new_file
from ..load.packs import load_pack

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
    schema_uri = (resources.data_dir("schemas") / "policy-pack.schema.json").as_uri()
    head = (
        f"# yaml-language-server: $schema={schema_uri}\n"
        f"# A custom followup pack. Check it: followup validate {file}; test it:\n"
        f"# followup test {file}; use it: followup run TIMELINE --pack {file}\n"
        "# The format is described in docs/packs.md (`followup schema pack` prints the schema).\n"
        "pack_format: 2\n"
        f"name: {args.name}\n"
        "version: 0.1.0\n"
    )
    if args.extends:
        base = load_pack(args.extends, args.pack_path)
        body = (
            f"extends: {base.name}@^{base.version}\n"
            "# disable: [RULE-ID]          # drop inherited rules\n"
            "# override:                   # change inherited rules key by key\n"
            f"#   - id: {base.rules[0].id}\n"
            "#     timing: {after: {business_days: 3}}\n"
            "rules:\n"
            + _RULE.format(cite="My own rule, added to the base pack.").replace(
                "follow-up-after-applying", "my-follow-up"
            )
            + _TESTS.replace("follow-up-after-applying", "my-follow-up")
        )
        if any(r.id == "my-follow-up" for r in base.rules):  # pragma: no cover - defensive
            raise InputError("the base pack already has a rule 'my-follow-up'")
        return head + body
    return (
        head + f'title: "{args.name}: my follow-up policy"\n'
        "source:\n"
        '  author: "Your name"\n'
        '  title: "Where this advice comes from"\n'
        '  publication: "personal notes"\n'
        "rules:\n" + _RULE.format(cite="Follow up once, a week after applying.") + _TESTS
    )


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
