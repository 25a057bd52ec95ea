"""Time `engine.evaluate` per event: one application of N events, N = 100 and N = 1000.

For each built-in pack the script builds one timeline holding a single long application (a
seeded mix of follow-ups by email and phone to contacts of several roles, replies, interviews in
rounds with their thank-yous, decisions promised by a date, networking; never a terminal event,
so every rule stays live), times `evaluate(pack, timeline, as_of)` (the audit of past events
included) and divides by N. Target: the cost per event at 1000 is at most 1.5 times the cost
at 100, i.e. evaluation stays close to linear in the length of an application. The split
between evaluating without the audit and the audit itself is printed for information.

Both sizes are timed alternately in one process, so machine load affects them alike; each
figure is a median (N=100 is timed ten times as often as N=1000, for as many events). Exits 1
if any pack misses the target, 0 otherwise.

    python benchmarks/bench_events.py [--repeat N] [--seed S] [--pack NAME ...]

Only the engine's public surface is used (`evaluate`, `load_pack`, `builtin_pack_names`, and
the Application, Contact, Event and Timeline dataclasses of engine.model), so that the script
keeps working while the internals change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import inspect
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout's engine, not whichever is installed

import engine  # noqa: E402 - found through the path set up just above
from engine.model import Application, Contact, Event, Timeline  # noqa: E402

SIZES = (100, 1000)
TARGET = 1.5
START = dt.date(2021, 1, 4)

CONTACTS = (
    Contact(id="hm", role="hiring_manager", name="Hank Scorpio"),
    Contact(id="hr", role="hr", name="Pat Lee"),
    Contact(id="rec", role="recruiter", name="Ravi Shah"),
    Contact(id="int1", role="interviewer", name="Ada Moss"),
    Contact(id="int2", role="interviewer", name="Bo Chen"),
    Contact(id="ref", role="other", name="Kim Ode"),
)
_ANYONE = tuple(c.id for c in CONTACTS)
_INTERVIEWERS = ("int1", "int2", "hm")

# How often each kind of event comes, after the opening application_submitted.
_MIX = (
    ("follow_up_sent", 28),
    ("reply_received", 20),
    ("interview", 14),
    ("thank_you_sent", 12),
    ("decision_expected", 8),
    ("networking_meeting", 4),
    ("introduction_call", 4),
    ("informational_interview", 3),
    ("application_submitted", 4),  # applied again, to another opening on the same team
)
# Days from one event to the next: often the same day or the next, sometimes a week's silence.
_GAPS = (0, 0, 1, 1, 1, 2, 3, 4, 7, 10)


def _event(rng: random.Random, kind: str, day: dt.date, seq: int, interviews: int) -> Event:
    if kind == "follow_up_sent":
        channel = rng.choice(("email", "email", "phone", "phone", "voicemail", "linkedin"))
        return Event(date=day, type=kind, seq=seq, channel=channel, contact=rng.choice(_ANYONE))
    if kind == "reply_received":
        channel = rng.choice(("email", "email", "phone"))
        return Event(date=day, type=kind, seq=seq, channel=channel, contact=rng.choice(_ANYONE))
    if kind == "interview":
        channel = rng.choice(("video_call", "in_person", "phone"))
        who = rng.choice(_INTERVIEWERS)
        # Rounds climb, and start again at 1 once past the schema's 20.
        rnd = interviews % 20 + 1
        return Event(date=day, type=kind, seq=seq, channel=channel, contact=who, round=rnd)
    if kind == "thank_you_sent":
        channel = rng.choice(("email", "email", "handwritten_note"))
        return Event(
            date=day, type=kind, seq=seq, channel=channel, contact=rng.choice(_INTERVIEWERS)
        )
    if kind == "decision_expected":
        by = day + dt.timedelta(days=rng.randrange(2, 15))
        who = rng.choice(("hr", "rec", "hm"))
        return Event(date=day, type=kind, seq=seq, channel="email", contact=who, by=by)
    if kind == "application_submitted":
        return Event(date=day, type=kind, seq=seq, channel="online_form")
    return Event(
        date=day,
        type=kind,
        seq=seq,
        channel=rng.choice(("phone", "video_call")),
        contact=rng.choice(("rec", "ref", "hm")),
    )


def one_application(events: int, seed: int) -> tuple[Timeline, dt.date]:
    """A timeline of one application of `events` events, and the day after the last."""
    rng = random.Random(seed)
    kinds = [k for k, _ in _MIX]
    weights = [w for _, w in _MIX]
    day = START
    out = [Event(date=day, type="application_submitted", seq=0, channel="online_form")]
    interviews = 0
    for seq in range(1, events):
        day += dt.timedelta(days=rng.choice(_GAPS))
        kind = rng.choices(kinds, weights)[0]
        out.append(_event(rng, kind, day, seq, interviews))
        interviews += kind == "interview"
    app = Application(
        id="long-search",
        company="Globex",
        role="Staff Engineer",
        contacts=CONTACTS,
        events=tuple(out),
    )
    timeline = Timeline(
        timezone="America/Chicago", country="US", subdivision="IL", applications=(app,)
    )
    return timeline, day + dt.timedelta(days=1)


def _seconds(call: Callable[[], Any]) -> float:
    gc.collect()
    gc.disable()  # a collection inside one call would be charged to whichever size ran it
    try:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start
    finally:
        gc.enable()


def _has_audit_switch() -> bool:
    return "audit" in inspect.signature(engine.evaluate).parameters


def measure(pack: Any, seed: int, repeat: int) -> dict[tuple[int, bool], float]:
    """Median seconds per event, by (N, audit included)."""
    audits = (True, False) if _has_audit_switch() else (True,)
    cases = [(n, audit) for n in SIZES for audit in audits]
    timelines = {n: one_application(n, seed) for n in SIZES}

    def run(n: int, audit: bool) -> Callable[[], Any]:
        timeline, as_of = timelines[n]
        if audit:
            return lambda: engine.evaluate(pack, timeline, as_of)
        return lambda: engine.evaluate(pack, timeline, as_of, audit=False)

    calls = {case: run(*case) for case in cases}
    for call in calls.values():
        call()  # compile the pack and fill the holiday cache before any timing
    times: dict[tuple[int, bool], list[float]] = {case: [] for case in cases}
    for _ in range(repeat):  # alternate, so that load on the machine hits every case alike
        for n, audit in cases:
            # Smaller cases are timed more often, for as many events as the largest: their
            # medians would otherwise be the noisier, and the audit is a difference of two.
            for _ in range(max(1, SIZES[-1] // n)):
                times[n, audit].append(_seconds(calls[n, audit]))
    return {(n, audit): statistics.median(ts) / n for (n, audit), ts in times.items()}


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of timings (median; 5)")
    parser.add_argument("--seed", type=int, default=20261121, help="the timeline's seed")
    parser.add_argument("--pack", action="append", help="only these packs (default: built-ins)")
    args = parser.parse_args(argv)
    names = args.pack or engine.builtin_pack_names()
    small, large = SIZES
    print(f"engine: {Path(engine.__file__).parent}; one application, median of {args.repeat}")
    print(
        f"{'pack':<18} {'us/event N=' + str(small):>15} {'N=' + str(large):>9} "
        f"{'ratio':>6}  verdict (target <= {TARGET})"
    )
    missed = []
    splits = []
    for name in names:
        per = measure(engine.load_pack(name), args.seed, args.repeat)
        ratio = per[large, True] / per[small, True]
        verdict = "ok" if ratio <= TARGET else "OVER TARGET"
        if ratio > TARGET:
            missed.append(name)
        at_small, at_large = _us(per[small, True]), _us(per[large, True])
        print(f"{name:<18} {at_small:>15} {at_large} {ratio:6.2f}  {verdict}")
        if (small, False) in per:
            splits.append((name, per))
    if splits:
        print("\nsplit, us/event (information): evaluate without the audit | the audit alone")
        print(
            f"{'pack':<18} {'N=' + str(small):>9} {'N=' + str(large):>9} {'ratio':>6}  |"
            f" {'N=' + str(small):>9} {'N=' + str(large):>9} {'ratio':>6}"
        )
        for name, per in splits:
            bare = [per[n, False] for n in SIZES]
            audit = [per[n, True] - per[n, False] for n in SIZES]
            print(
                f"{name:<18} {_us(bare[0])} {_us(bare[1])} {bare[1] / bare[0]:6.2f}  |"
                f" {_us(audit[0])} {_us(audit[1])} {_ratio(audit):>6}"
            )
    if missed:
        print(f"\nover target: {', '.join(missed)}")
        return 1
    return 0


def _ratio(pair: list[float]) -> str:
    # The audit alone is a difference of two medians: when it is small, noise can make it <= 0.
    return f"{pair[1] / pair[0]:.2f}" if min(pair) > 0 else "n/a"


if __name__ == "__main__":
    sys.exit(main())
