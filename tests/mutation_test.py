"""durable_rules is load-bearing: break any test of any compiled rule and the oracle notices.

For each built-in pack, each test of each compiled durable rule is removed, and negated, one
at a time. The mutant ruleset runs in place of the real one (with evaluate's own cross-check
off, so that only the differential oracle, tests/oracle.py, can tell), over the pack's own test
cases, the bundled example, each `requires` at its edge (one event short, then one more that
differs in one field) and seeded random timelines. Every mutant must be told apart: the
oracle disagrees, or the adapter refuses the mutant as outside its contract (or evaluate does:
a rule that fires on the `now` fact). A core that
ignored the ruleset, or a compiled test that decided nothing, would fail here.

A pattern's only test is negated but not removed (durable_rules hangs on an empty pattern).
The `app` join is left alone: every fact of a session has the same `app`, so it decides
nothing by design; it is there because durable_rules needs each join to end with an equality
(contract point 5), and tests/adapter_test.py shows the adapter refusing joins without one.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import oracle
import pytest
from cli_support import EXAMPLE_TIMELINE

from engine import builtin_pack_names, load_pack, load_timeline
from engine.analysis.packtests import cases
from engine.core import evaluate as core_evaluate
from engine.core.compiler import CompiledPack, compile_pack
from engine.errors import FollowupError
from engine.load.timelines import timeline_from_document
from engine.model import Application, Contact, Event, Pack, Pattern, Timeline
from engine.vocabulary import CHANNELS, EVENT_TYPES, ROLES, ROUND_EVENTS, TERMINAL_EVENTS

Json = dict[str, Any]
Case = tuple[Timeline, dt.date]
NEGATED = {"$gt": "$lte", "$lte": "$gt", "$lt": "$gte", "$gte": "$lt"}
CONTACTS = (
    Contact("hm", "hiring_manager", "Harriet"),
    Contact("hr", "hr", "Hugo"),
    Contact("rec", "recruiter", "Rita"),
    Contact("int", "interviewer", "Ivan"),
    Contact("oth", "other", "Olga"),
)


def _used(pack: Pack) -> tuple[list[str], list[str]]:
    """The event types and channels the pack's rules name: what random timelines lean on."""
    types: set[str] = set()
    channels: set[str] = set()
    for rule in pack.rules:
        patterns = [rule.anchor, rule.action.fulfilled_by, *rule.unless, *rule.stop_when]
        patterns += [c.pattern for c in rule.requires]
        if rule.timing.base_pattern is not None:
            patterns.append(rule.timing.base_pattern)
        for p in patterns:
            types |= set(p.types)
            channels |= set(p.channels)
    return sorted(types), sorted(channels)


def _random_timelines(pack: Pack, seed: int, count: int) -> list[Case]:
    """Short applications of every event type, channel and role, with decision dates; mostly
    the types and channels the pack names, so that its rules fire, and fire differently."""
    rng = random.Random(seed)
    types, channels = _used(pack)
    out: list[Case] = []
    for n in range(count):
        day = dt.date(2026, 3, 2) + dt.timedelta(days=rng.randrange(7))
        events = []
        for seq in range(rng.randrange(3, 16)):
            day += dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 8]))
            pool = types if rng.random() < 0.85 else EVENT_TYPES[:10] if seq < 12 else EVENT_TYPES
            kind = rng.choice(pool)
            channel = rng.choice(channels) if channels and rng.random() < 0.7 else ""
            events.append(
                Event(
                    date=day,
                    type=kind,
                    seq=seq,
                    channel=channel or rng.choice(("", *CHANNELS)),
                    contact=rng.choice(("", "hm", "hr", "rec", "int")),
                    round=rng.randrange(1, 5) if kind == "interview" else 0,
                    by=day + dt.timedelta(days=rng.randrange(1, 10))
                    if kind == "decision_expected"
                    else None,
                )
            )
        app = Application(f"a{n}", "Co", "Role", CONTACTS, tuple(events))
        as_of = day + dt.timedelta(days=rng.choice([0, 3, 10, 30]))
        out.append((Timeline("America/New_York", "US", None, (app,)), as_of))
    return out


def _event(pattern: Pattern, day: dt.date, seq: int, **changes: Any) -> Event:
    """An event of the pattern's first type, in its first channel and role, or as changed."""
    kind = changes.get("type", pattern.types[0])
    role = changes.get("role", pattern.roles[0] if pattern.roles else "")
    contact = next((c.id for c in CONTACTS if c.role == role), "")
    low = pattern.round_min if kind == pattern.types[0] else None
    return Event(
        date=day,
        type=kind,
        seq=seq,
        channel=changes.get("channel", pattern.channels[0] if pattern.channels else ""),
        contact=contact,
        round=max(low or 1, 1) if kind in ROUND_EVENTS else 0,
        by=day + dt.timedelta(days=3) if kind == "decision_expected" else None,
    )


def _boundary_timelines(pack: Pack) -> list[Case]:
    """Each rule's `requires` right at its edge: the anchor, one event short of the count,
    then one more event that differs from the pattern in one field (each channel and role of
    the vocabulary, each event type), or matches it; and the count met with an event of each
    type before the anchor. What a compiled test of a required event or of an absence rules
    out is then one event away from changing the answer."""
    types, _ = _used(pack)
    out: list[Case] = []
    start = dt.date(2026, 3, 2)

    def case(events: list[Event]) -> Case:
        app = Application("b", "Co", "Role", CONTACTS, tuple(events))
        as_of = events[-1].date + dt.timedelta(days=10)
        return Timeline("America/New_York", "US", None, (app,)), as_of

    for rule in pack.rules:
        for cond in (c for c in rule.requires if c.min > 0 and not c.before):
            short = [
                _event(cond.pattern, start + dt.timedelta(days=n), n) for n in range(1, cond.min)
            ]
            day = start + dt.timedelta(days=cond.min)
            probes: list[dict[str, Any]] = [{}]
            probes += [{"channel": c} for c in ("", *CHANNELS)]
            probes += [{"role": r} for r in ("", *ROLES)]
            probes += [{"type": t} for t in EVENT_TYPES if t not in TERMINAL_EVENTS]
            # The rule's conditions before the anchor, met: without them a rule that needs an
            # earlier interview never fires here, and its later conditions go untested.
            met_before = [
                _event(c.pattern, start - dt.timedelta(days=2 + k), -2 - k)
                for k, c in enumerate(rule.requires)
                if c.before and c.min > 0
            ]
            for alternative in rule.anchor.types:
                anchor = _event(rule.anchor, start, 0, type=alternative)
                for probe in probes:
                    probed = _event(cond.pattern, day, cond.min, **probe)
                    out.append(case([anchor, *short, probed]))
                    if met_before:
                        out.append(case([*met_before, anchor, *short, probed]))
                met = [*short, _event(cond.pattern, day, cond.min)]
                for kind in types:
                    if kind not in TERMINAL_EVENTS:
                        rnd = 1 if kind in ROUND_EVENTS else 0
                        before = Event(start - dt.timedelta(days=1), kind, -1, round=rnd)
                        out.append(case([before, anchor, *met]))
    return out


def _twice(case: Case) -> Case:
    """The case with its events repeated 60 days earlier: each anchor then has an earlier one
    of its kind, with the same events around it (what "a later anchor supersedes" is about)."""
    timeline, as_of = case
    apps = []
    for app in timeline.applications:
        shift = dt.timedelta(days=60)
        early = [
            Event(e.date - shift, e.type, e.seq - 10_000, e.channel, e.contact, e.round,
                  e.by - shift if e.by else None)
            for e in app.events
        ]  # fmt: skip
        apps.append(Application(app.id, app.company, app.role, app.contacts,
                                (*early, *app.events)))  # fmt: skip
    return Timeline(timeline.timezone, timeline.country, timeline.subdivision, tuple(apps)), as_of


def _cases(pack: Pack) -> list[Case]:
    own = [(timeline_from_document(c.document), c.as_of) for c in cases(pack)]
    own += [_twice(c) for c in own]
    example = load_timeline(str(EXAMPLE_TIMELINE))
    dated = [(example, dt.date(2026, 11, d)) for d in (5, 14, 21, 28)]
    seed = sum(map(ord, pack.name))  # not hash(): that changes between runs
    return own + dated + _boundary_timelines(pack) + _random_timelines(pack, seed, 600)


def _negated(test: Json) -> Json | None:
    ((key, value),) = test.items()
    if key in NEGATED:
        return {NEGATED[key]: value}
    if key == "$neq":
        return dict(value)
    if not key.startswith("$"):
        return {"$neq": {key: value}}
    return None


def _is_app_join(test: Json) -> bool:
    return test == {"app": {"a": "app"}}


def mutants(cp: CompiledPack) -> Iterator[tuple[str, list[tuple[str, dict[str, Json]]]]]:
    """(what was changed, the mutated rulesets), for every test of every pack rule."""
    for r, (_, ruleset) in enumerate(cp.rulesets):
        for rule_name, rule in ruleset.items():
            if rule_name.startswith("__end__"):
                continue  # the sentinel: contract point 3, tests/adapter_test.py
            for p, pattern in enumerate(rule["all"]):
                ((label, expr),) = pattern.items()
                tests = expr.get("$and", [expr])
                for t, test in enumerate(tests):
                    if _is_app_join(test):
                        continue
                    for how, replacement in (("removed", None), ("negated", _negated(test))):
                        if how == "negated" and replacement is None:
                            continue
                        if how == "removed" and len(tests) == 1:
                            continue  # an empty pattern hangs durable_rules: negated only
                        mutated = copy.deepcopy(cp.rulesets)
                        target = mutated[r][1][rule_name]["all"][p][label]
                        changed = list(tests)
                        if replacement is None:
                            del changed[t]
                        else:
                            changed[t] = replacement
                        if "$and" in target:
                            target["$and"] = changed
                        else:
                            mutated[r][1][rule_name]["all"][p][label] = {"$and": changed}
                        what = f"{rule_name} {label}: {test} {how}"
                        yield what, [(f"{n}~{what}", rs) for n, rs in mutated]


def _killed(
    pack: Pack,
    rulesets: list[tuple[str, dict[str, Json]]],
    all_cases: list[Case],
    expected: list[Any],
    order: list[int],
) -> str:
    """How the mutant was told apart ("" if it was not). The cases are tried in `order`, and
    the one that tells it apart moves to the front: mutants of one rule fall to the same few
    cases, so the next mutant usually falls to the first case tried."""
    cp = compile_pack(pack)
    key = f"{pack.ref}#{pack.digest}"
    saved = core_evaluate._compiled.get(key)
    try:
        try:
            for name, ruleset in rulesets:
                core_evaluate.adapter.core().register(name, ruleset)
        except FollowupError as exc:
            return f"refused by the adapter: {exc}"
        core_evaluate._compiled[key] = cp._replace(rulesets=rulesets)
        for position, index in enumerate(order):
            (timeline, as_of), want = all_cases[index], expected[index]
            try:
                report = core_evaluate.evaluate(pack, timeline, as_of, verify=False)
                got = oracle.from_report(report)
            except FollowupError as exc:
                return f"refused: {exc}"
            if got != want:
                order.insert(0, order.pop(position))
                return "the oracle disagrees"
        return ""
    finally:
        if saved is None:
            core_evaluate._compiled.pop(key, None)
        else:
            core_evaluate._compiled[key] = saved


@pytest.mark.parametrize("name", builtin_pack_names())
def test_every_mutant_of_every_compiled_test_is_detected(name: str) -> None:
    pack = load_pack(name)
    all_cases = _cases(pack)
    # The real ruleset agrees with the oracle on all of them: the mutants are what differs.
    # The oracle's answer does not depend on the mutant, so it is computed once per case.
    expected = [oracle.evaluate(pack, timeline, as_of) for timeline, as_of in all_cases]
    for (timeline, as_of), want in zip(all_cases, expected, strict=True):
        report = core_evaluate.evaluate(pack, timeline, as_of)
        assert oracle.from_report(report) == want
    survivors = []
    count = 0
    order = list(range(len(all_cases)))
    for what, rulesets in mutants(compile_pack(pack)):
        count += 1
        if not _killed(pack, rulesets, all_cases, expected, order):
            survivors.append(what)
    assert count > 0
    assert not survivors, f"{len(survivors)} of {count} mutants survived:\n" + "\n".join(survivors)
