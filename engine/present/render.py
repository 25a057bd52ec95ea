"""The report for people (the `text` format), and the one-line sentence of a recommendation
that every reporter of it uses (engine/present/formats.py lists them all).

The text is neutralised as it leaves its reporter (engine/present/textsafe.py, `text_output`).
It is fitted to the layout's prose width (engine/present/fit.py); with no known width the
details still wrap at MAX_WIDTH, as they always have, and the other lines are whole.
"""

from __future__ import annotations

from ..core.results import ApplicationReport, Report
from ..outcomes import AuditFinding, Recommendation
from ..vocabulary import PENDING_STATUSES
from .audit_text import finding_text
from .channel_words import ranked_by
from .fit import MAX_WIDTH, PLAIN, Layout, wrap, wrap_line
from .reasons import due_text, reason_text, settled_why, status_word, why_text
from .textsafe import text_output

# KIND_VERB is words.py's: analysis/compare.py imports it from here until it is rewritten.
from .words import KIND_VERB as KIND_VERB
from .words import by_channel, person


def sentence(rec: Recommendation) -> str:
    """One line saying what to do, by which channel, to whom."""
    text = KIND_VERB[rec.kind]
    if rec.ranked:  # best first, and said so
        text += " " + ranked_by(rec.channels)
    elif rec.channels:
        text += " " + " or ".join(by_channel(c) for c in rec.channels)
    if rec.recipients:
        text += " to " + " or ".join(person(r, rec.anchor_type) for r in rec.recipients)
    return text + attempt_note(rec)


def attempt_note(rec: Recommendation) -> str:
    """" (attempt 2 of 3)", " (optional)": what a one-line summary adds to the action. Only
    a pending action names its attempt: a settled one's reason says what was made ("2 of 2
    done", "stopped by the reply on 2026-11-19, after 1 of 2 attempts")."""
    text = ""
    if rec.max_attempts != 1 and rec.status in PENDING_STATUSES:
        cap = f" of {rec.max_attempts}" if rec.max_attempts else ""
        turns = "; the channels rotate" if rec.rotation else ""  # --explain names them
        text += f" (attempt {rec.attempt}{cap}{turns})"
    if rec.optional:
        text += " (optional)"
    return text


def audit_lines(
    report_audit: tuple[AuditFinding, ...], app_id: str, width: int = MAX_WIDTH
) -> list[str]:
    """The text report's Audit section of one application (none without findings)."""
    mine = [f for f in report_audit if f.application == app_id]
    if not mine:
        return []
    lines = wrap_line("  Audit: past events this pack advises against", width)
    for f in mine:
        body = wrap(f"{finding_text(f)} [{f.rule_or_prohibition}]", width, 20)
        body[0] = f"    {f.date:%a %Y-%m-%d}  " + body[0].lstrip()  # the date is 20 wide too
        lines += body
        if f.cite:
            lines += wrap(f'source: "{f.cite}"', width, 20)
    return lines


def explain_lines(app: ApplicationReport, width: int = MAX_WIDTH) -> list[str]:
    """The text report's Explain block of one application (none without --explain)."""
    if app.explain is None:
        return []
    lines = ["  Explain"]
    for e in app.explain:
        head = f"    {'fired' if e.fired else 'not fired':<9}  {e.rule}"
        lines += wrap(f"{head}: {'; '.join(e.reasons)}" if e.reasons else head, width, 0, 15)
    return lines


@text_output
def as_text(report: Report, layout: Layout = PLAIN) -> list[str]:
    """The report for a terminal: every line neutralised, so no pack or timeline text can
    send a control sequence or add a line of its own."""
    pack = report.pack
    src = pack.source
    where = report.country + (f"-{report.subdivision}" if report.subdivision else "")
    fit = layout.prose  # None: the heads are whole, as they always were
    body = fit or MAX_WIDTH
    lines = [
        *wrap_line(f"{pack.name} {pack.version}: {pack.title}", fit),
        *wrap_line(
            f"  source: {src.author}, {src.publication}" + (f", {src.date}" if src.date else ""),
            fit,
        ),
        *wrap_line(
            f"as of {report.as_of:%a %Y-%m-%d} "
            f"({report.timezone}; business days skip {where} holidays)",
            fit,
        ),
    ]
    for app in report.applications:
        lines += ["", *wrap_line(f"{app.id}: {app.company}, {app.role} [{app.stage}]", fit)]
        if not app.recommendations:
            lines.append("  nothing to do under this pack")
        for rec in app.recommendations:
            # the sentence's next lines go under its start, where the details are
            lines += wrap(f"{status_word(rec).upper():<10}  {sentence(rec)}", fit, 2, 14)
            when = due_text(rec, "%a %m-%d")
            why = why_text(rec) if when else settled_why(rec)
            detail = "; ".join(part for part in (when or reason_text(rec), why) if part)
            lines += wrap(f"{detail} [{rec.rule}]", body, 14)
            if rec.status in PENDING_STATUSES:
                if rec.cite:
                    lines += wrap(f'source: "{rec.cite}"', body, 14)
                for tip in rec.guidance:
                    lines += wrap(f"- {tip}", body, 14)
                for a in rec.assumptions:
                    lines += wrap(f"assumption ({a.about}): {a.reason}", body, 14)
        lines += audit_lines(report.audit, app.id, body)
        if app.explain is not None:  # only with --explain: keep its module off the common path
            lines += explain_lines(app, body)
    return lines
