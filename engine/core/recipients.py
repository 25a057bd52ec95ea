"""Who one instance of a rule is for, and which attempts went to them (docs/packs.md, "Who").

A rule's action names its recipients by role, `anchor_contact` (each contact of the anchor
event) or `most_contacted` (the application's contact with the most events up to and
including the anchor; a tie goes to the one met first). Without `first_of` every entry
counts; with it, the first entry that names a contact of the application does (else the first
entry, unnamed). With `each`, every resolved contact is its own instance.

Recipient-aware fulfilment (`match_recipient`, pack_format 2's default): an attempt counts for
an instance when it is with one of the instance's recipient contacts. An attempt that names
nobody counts, since the timeline does not say, except for an `each` instance, which is about
one person. When a recipient is not in the timeline: an unnamed role cannot be any contact
the timeline lists (none has that role), but an unnamed `anchor_contact` or `most_contacted`
may be anyone, so any attempt counts; so does any attempt of a rule that names no recipient.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from ..model import Contact, Event, Rule
from ..outcomes import Recipient
from ..vocabulary import RecipientRole
from .ledger import Ledger

# Recipients that, when the timeline names nobody for them, could be any contact.
UNKNOWN_PEOPLE: Final[tuple[RecipientRole, ...]] = ("anchor_contact", "most_contacted")


class Audience(NamedTuple):
    """Whom one instance of a rule is for, and how an attempt is judged against it."""

    recipients: tuple[Recipient, ...]  # as the report names them
    ids: frozenset[str]  # the contacts among them
    anyone: bool  # some recipient may be any contact (see the module's docstring)
    single: bool  # an `each` instance: for exactly the one contact in `ids`
    match: bool  # recipient-aware: only attempts with a recipient count


ANY: Final[Audience] = Audience((), frozenset(), True, False, False)


def most_contacted(ledger: Ledger, pos: int) -> Contact | None:
    """The contact with the most events among the first `pos + 1`; ties: the first met."""
    counts: dict[str, int] = {}
    for event in ledger.events[: pos + 1]:
        for who in event.contacts:
            counts[who] = counts.get(who, 0) + 1  # insertion order: the order first met
    if not counts:
        return None
    best = max(counts.values())
    return ledger.app.contact(next(c for c, n in counts.items() if n == best))


def _people(ledger: Ledger, entry: RecipientRole, pos: int) -> list[Contact]:
    app = ledger.app
    if entry == "anchor_contact":
        found = (app.contact(c) for c in ledger.events[pos].contacts)
        return [c for c in found if c is not None]
    if entry == "most_contacted":
        top = most_contacted(ledger, pos)
        return [top] if top is not None else []
    return [c for c in app.contacts if c.role == entry]


def _named(contact: Contact) -> Recipient:
    return Recipient(contact.role, contact.id, contact.display())


def audiences(ledger: Ledger, rule: Rule, pos: int) -> tuple[Audience, ...]:
    """The instances of `rule` at the anchor at `pos`: one, or with `each` one per contact."""
    action = rule.action
    out: list[Recipient] = []
    if action.first_of:
        chain = [(e, _people(ledger, e, pos)) for e in action.recipients]
        entry, people = next(((e, p) for e, p in chain if p), chain[0])
        out = [_named(c) for c in people] if people else [Recipient(entry)]
    else:
        for entry in action.recipients:
            people = _people(ledger, entry, pos)
            out += [_named(c) for c in people] if people else [Recipient(entry)]
    seen: set[str] = set()
    recipients = []
    for r in out:  # a contact once, though two entries name them
        if not r.contact_id or r.contact_id not in seen:
            seen.add(r.contact_id)
            recipients.append(r)
    ids = frozenset(r.contact_id for r in recipients if r.contact_id)
    match = action.match_recipient
    if action.each and ids:
        return tuple(
            Audience((r,), frozenset((r.contact_id,)), False, True, match)
            for r in recipients
            if r.contact_id
        )
    anyone = not recipients or any(not r.contact_id and r.role in UNKNOWN_PEOPLE for r in out)
    return (Audience(tuple(recipients), ids, anyone, False, match),)


def counts(audience: Audience, event: Event) -> bool:
    """Whether an event that fulfils the rule's action is an attempt for this instance."""
    if not audience.match:
        return True
    if not event.contacts:
        return not audience.single
    return audience.anyone or any(c in audience.ids for c in event.contacts)
