"""The audit of a pack's limits (pack_format 2): events the candidate sent too often, or before
the date the employer gave. A limit never recommends: only the audit reads it.

* `at_most: N, per: P`: an event is over the limit when N or more earlier matching events lie
  within P before it, that is when the later one falls before span_end(earlier, P) (engine/
  dates/timing.py): "at most 1 per week" flags a call 6 days after the previous one, not one 7
  days after. Every event counts, those already over the limit too (they were made).
* `not_before: stated_date`: an event dated before the employer's latest stated date
  (engine/core/state.py `latest_stated_date`) goes against it.
"""

from __future__ import annotations

import bisect

from ..core.ledger import Ledger
from ..core.state import before_stated
from ..dates.calendar import BusinessCalendar
from ..dates.timing import span_end
from ..model import Limit
from ..outcomes import AuditFinding


def limit_findings(
    limit: Limit, ledger: Ledger, cal: BusinessCalendar
) -> list[tuple[int, AuditFinding]]:
    """The events of `ledger` that go against `limit`, each with its position."""
    out: list[tuple[int, AuditFinding]] = []
    hits = ledger.hits(limit.events)
    per = limit.per
    # span_end is monotonic in the day, so the earlier hits within `per` of an event are a
    # suffix of those before it: a bisection on their span ends.
    ends = [span_end(ledger.events[h].date, per, cal) for h in hits] if per else []
    for n, pos in enumerate(hits):
        ev = ledger.events[pos]
        contact = ledger.app.contact(ev.contact) if ev.contact else None
        base = AuditFinding(
            ledger.app.id, ev.date, ev.type, "over_limit", limit.id, limit.cite, ev, contact,
            limit=limit,
        )  # fmt: skip
        if limit.at_most is not None and per is not None:
            within = hits[bisect.bisect_right(ends, ev.date, 0, n) : n]
            if len(within) >= limit.at_most:
                counted = tuple(ledger.events[h] for h in within)
                out.append((pos, base._replace(counted=counted)))
        elif limit.not_before == "stated_date":
            stated = before_stated(ledger, pos, None, cal)  # the one definition (state.py)
            if stated is not None:
                said, at = stated
                finding = base._replace(
                    kind="before_stated_date", stated_date=said, stated_event=ledger.events[at]
                )
                out.append((pos, finding))
    return out
