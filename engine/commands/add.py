"""`followup add FILE APP --company C --role R`: a new application in the timeline."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from ..edit.session import TimelineFile
from .editing import apply, say, shown, written
from .items import new_application


@dataclass(frozen=True)
class AddArgs:
    file: str
    application: str
    company: str
    role: str
    url: str = ""
    dry_run: bool = False
    quiet: bool = False


def execute(args: AddArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    file = TimelineFile.read(args.file)
    insertion = new_application(file, args.application, args.company, args.role, args.url)
    edited, backup = apply(file, insertion, args.dry_run, out)
    if not args.quiet:
        app = shown(args.application)
        said = f"added {app} ({shown(args.company)}, {shown(args.role)})"
        said += written(file.path, edited.line, backup)
        say(out, [said, f"next: followup log {shown(file.path)} {app} application_submitted"])
    return 0
