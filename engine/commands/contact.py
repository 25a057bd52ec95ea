"""`followup contact FILE APP ID --role ROLE`: a new contact of an application."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from ..edit.session import TimelineFile
from ..present.words import ROLE_NAME
from .editing import apply, say, shown, written
from .items import new_contact


@dataclass(frozen=True)
class ContactArgs:
    file: str
    application: str
    contact: str
    role: str
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    dry_run: bool = False
    quiet: bool = False


def execute(args: ContactArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    file = TimelineFile.read(args.file)
    details = {"name": args.name, "title": args.title, "email": args.email, "phone": args.phone}
    insertion = new_contact(file, args.application, args.contact, args.role, details)
    edited, backup = apply(file, insertion, args.dry_run, out)
    if not args.quiet:
        roles = {str(k): v for k, v in ROLE_NAME.items()}  # new_contact checked the role
        who = ", ".join(x for x in (args.name, roles[args.role]) if x)
        said = f"added {shown(args.contact)} ({shown(who)}) to {shown(args.application)}"
        say(out, [said + written(file.path, edited.line, backup)])
    return 0
