"""All-in cost per event of `followup batch` against raw durable_rules, side by side in one run.

The script generates N realistic timelines (20 applications of about 8 events each, seeded),
writes them three ways (one JSON Lines file; one JSON file each; one YAML file each), and times
`followup batch` over each with one pack and one process: reading, parsing, validating,
evaluating and writing the records, everything but the start of the interpreter. Against it,
it times durable_rules itself matching the same number of facts, one session per application,
through its own API (`Host.assert_fact`, as the field notes' figures were measured), with a
comparable 5-rule ruleset over facts of a few properties; and the same sessions through the
project's adapter (engine/core/adapter.py), which drives durable's C core without its Python
action layer. It prints microseconds per event for each input form, microseconds per fact for
durable_rules, and their ratio. Target (issue 14): 1.5x for JSON Lines; 3x resolves the issue.

    python benchmarks/bench_batch.py [--timelines N] [--pack NAME] [--seed S] [--rounds R]
    python benchmarks/bench_batch.py --per-app 10,100,1000 [--pack NAME]

With --per-app, the JSON Lines figure for applications of each size (about 20,000 events
each), and the dearest cost per event against the cheapest: target 1.5x.

It also times durable_rules as followup drives it (the pack's own compiled rules, the facts
followup builds), the floor of an evaluation's cost, per event. The ratios are measured in one run:
each side's CPU time (time.process_time), the best of --rounds interleaved rounds, so that
other load on the machine skews neither. Exits 1 when the JSON Lines ratio is over 3, 0
otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout's engine, not whichever is installed

import yaml  # noqa: E402

from engine import load_pack  # noqa: E402
from engine.commands.batch import BatchArgs, execute  # noqa: E402
from engine.core.adapter import core  # noqa: E402
from engine.core.contract import NOW_TYPE, SENTINEL_RULE  # noqa: E402
from engine.core.evaluate import compiled  # noqa: E402
from engine.core.facts import application_facts  # noqa: E402
from engine.core.ledger import Ledger  # noqa: E402
from engine.load.timelines import timeline_from_text  # noqa: E402

AS_OF = dt.date(2026, 11, 21)
TYPES = ["application_submitted", "follow_up_sent", "interview", "thank_you_sent",
         "reply_received", "decision_expected", "follow_up_sent", "follow_up_sent"]  # fmt: skip
CHANNELS = ["email", "phone", "linkedin_message"]


def timeline(
    rng: random.Random, number: int, apps: int = 20, events: int | None = None
) -> dict[str, Any]:
    """`apps` applications of 6 to 10 events each (or of exactly `events`), over the months
    before AS_OF."""
    out = []
    for a in range(apps):
        kinds = ["application_submitted"]
        day = AS_OF - dt.timedelta(days=rng.randint(30, 60))
        steps = (1, 4)
        if events is None:
            kinds += rng.sample(TYPES[1:], k=rng.randint(5, 7))
        else:  # a long application: further back, and some days with two events
            kinds += [rng.choice(TYPES[1:]) for _ in range(events - 1)]
            day -= dt.timedelta(days=2 * events)
            steps = (0, 4)
        made: list[dict[str, Any]] = []
        for kind in kinds:
            day += dt.timedelta(days=rng.randint(*steps))
            event: dict[str, Any] = {"date": min(day, AS_OF).isoformat(), "type": kind}
            if kind in ("follow_up_sent", "thank_you_sent"):
                event |= {"channel": rng.choice(CHANNELS), "with": "hm"}
            if kind == "interview":
                event |= {"round": 1, "with": "hm", "channel": "video_call"}
            if kind == "decision_expected":
                event |= {"by": (min(day, AS_OF) + dt.timedelta(days=5)).isoformat(), "with": "hm"}
            if kind == "reply_received":
                event |= {"with": "hm", "says": "not_yet"}
            made.append(event)
        out.append({
            "id": f"app-{a}", "company": f"Company {a}", "role": "Analyst",
            "contacts": [{"id": "hm", "name": "Pat Lee", "role": "hiring_manager"},
                         {"id": "hr", "name": "Sam Kim", "role": "hr"}],
            "events": made,
        })  # fmt: skip
    return {
        "version": 1,
        "candidate": {"name": f"Candidate {number}", "timezone": "America/Chicago",
                      "holidays": {"country": "US", "subdivision": "IL"}},
        "applications": out,
    }  # fmt: skip


def batch_seconds(inputs: list[str], pack: str) -> float:
    args = BatchArgs(tuple(inputs), (pack,), as_of=AS_OF, jobs=1)
    out = io.BytesIO()
    started = time.process_time()
    code = execute(args, out, io.StringIO())
    seconds = time.process_time() - started
    if code != 0:  # an error record would be a cheap event: the figure would mean nothing
        raise SystemExit(f"followup batch exited {code}: {out.getvalue()[:300]!r}")
    return seconds


RULESET = {
    **{
        f"r{i}": {"all": [{"e": {"$and": [{"type": kind}, {"channel": channel}]}}]}
        for i, (kind, channel) in enumerate(
            [("follow_up_sent", "email"), ("follow_up_sent", "phone"),
             ("thank_you_sent", "email"), ("interview", "video_call")]
        )
    },
    SENTINEL_RULE: {"all": [{"n": {"type": NOW_TYPE}}]},
}


def raw_sessions(docs: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every event as a fact of a few properties, one session per application."""
    sessions = []
    for t, doc in enumerate(docs):
        for a, app in enumerate(doc["applications"]):
            sid = f"s{t}-{a}"
            facts = [
                {"sid": sid, "id": f"{sid}-{k}", "type": e["type"], "channel": e.get("channel", ""),
                 "day": k}
                for k, e in enumerate(app["events"])
            ]  # fmt: skip
            facts.append({"sid": sid, "id": f"{sid}-now", "type": NOW_TYPE})
            sessions.append((sid, facts))
    return sessions


_raw_host: Any = None


def durable_seconds(docs: list[dict[str, Any]]) -> tuple[float, int]:
    """durable_rules as its own API drives it (the baseline): a host without its dispatch
    thread (contract point 1), one fact per `assert_fact`, actions that do nothing, and
    `delete_state` after each session. The only import of durable outside the adapter: what is
    measured here is durable_rules itself, not the project's use of it."""
    global _raw_host
    from durable import engine as durable_engine

    if _raw_host is None:

        class QuietHost(durable_engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                pass

        _raw_host = QuietHost()
        rules = {name: dict(rule, run=lambda c: None) for name, rule in RULESET.items()}
        _raw_host.set_rulesets({"bench-raw": rules})
    sessions = raw_sessions(docs)
    started = time.process_time()
    for sid, facts in sessions:
        for fact in facts:
            try:  # noqa: SIM105  contextlib.suppress would add its own cost to the baseline
                _raw_host.assert_fact("bench-raw", fact)
            except durable_engine.MessageNotHandledException:
                pass
        _raw_host.delete_state("bench-raw", sid)
    return time.process_time() - started, sum(len(f) for _, f in sessions)


def adapter_seconds(docs: list[dict[str, Any]]) -> float:
    """The same sessions through the project's adapter (engine/core/adapter.py), which runs
    them on durable_rules' C core without its Python action layer."""
    engine_core = core()
    engine_core.register("bench-raw", RULESET)
    sessions = raw_sessions(docs)
    started = time.process_time()
    for sid, facts in sessions:
        engine_core.run_session("bench-raw", sid, facts)
    return time.process_time() - started


def sweep(opts: argparse.Namespace) -> int:
    """The JSON Lines figure for applications of each size in --per-app, about the same number
    of events each; exits 1 when the dearest cost per event is
    over 1.5 times the cheapest."""
    sizes = sorted(int(n) for n in opts.per_app.split(","))
    rng = random.Random(opts.seed)
    print(f"pack {opts.pack}; JSON Lines; one process; CPU time, the best of {opts.rounds}")
    costs: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            apps = 20 if size <= 100 else 2  # 20 of 1,000 events would be over the size limit
            docs = [timeline(rng, n, apps, size) for n in range(max(1, 20_000 // (apps * size)))]
            events = sum(len(a["events"]) for d in docs for a in d["applications"])
            lines = Path(tmp) / f"per-app-{size}.jsonl"
            lines.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
            batch_seconds([str(lines)], opts.pack)  # warm
            raw, batch = float("inf"), float("inf")
            for _ in range(opts.rounds):
                seconds, facts = durable_seconds(docs)
                raw = min(raw, seconds)
                batch = min(batch, batch_seconds([str(lines)], opts.pack))
            costs[size] = batch / events * 1e6
            ratio = costs[size] / (raw / facts * 1e6)
            print(f"  {size:>5} events per application ({len(docs)} timelines, {events} events):"
                  f" {costs[size]:8.1f} us per event, {ratio:5.1f}x durable_rules")  # fmt: skip
    spread = max(costs.values()) / min(costs.values())
    print(f"  dearest against cheapest cost per event: {spread:.2f}x (target: 1.5x at most)")
    return 0 if spread <= 1.5 else 1


def pack_seconds(docs: list[dict[str, Any]], pack_name: str) -> tuple[float, int, int]:
    """durable_rules alone, as followup uses it: the pack's compiled rulesets, matching the
    facts followup builds for each application (through the same adapter). The floor of an
    evaluation's cost, for the note: (seconds, facts, rules)."""
    pack = load_pack(pack_name)
    compiled_pack = compiled(pack)
    sessions = []
    for n, doc in enumerate(docs):
        text = json.dumps(doc)
        for app in timeline_from_text(text, f"t{n}").applications:
            ledger = Ledger(app, AS_OF)
            for (name, _), fields in zip(compiled_pack.rulesets, compiled_pack.fields, strict=True):
                sid = f"p{len(sessions)}"
                made = application_facts(ledger, compiled_pack.counters, sid, fields | {"pos"})
                sessions.append((name, sid, made))
    engine_core = core()
    started = time.process_time()
    for name, sid, made in sessions:
        engine_core.run_session(name, sid, made)
    seconds = time.process_time() - started
    rules = sum(len(ruleset) for _, ruleset in compiled_pack.rulesets)
    return seconds, sum(len(made) for _, _, made in sessions), rules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timelines", type=int, default=300)
    parser.add_argument("--pack", default="clue-wagon")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-app", help="sizes of application to compare, e.g. 10,100,1000")
    opts = parser.parse_args()
    if opts.per_app:
        return sweep(opts)
    rng = random.Random(opts.seed)
    docs = [timeline(rng, n) for n in range(opts.timelines)]
    events = sum(len(a["events"]) for d in docs for a in d["applications"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = folder / "all.jsonl"
        lines.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        for form, dump in (("json", json.dumps), ("yaml", yaml.safe_dump)):
            (folder / form).mkdir()
            for n, d in enumerate(docs):
                (folder / form / f"t{n:06}.{form}").write_text(dump(d), encoding="utf-8")
        batch_seconds([str(lines)], opts.pack)  # warm: packs compiled, modules imported
        inputs = {"JSON Lines": lines, "JSON files": folder / "json", "YAML files": folder / "yaml"}
        raw, floor, forms = float("inf"), float("inf"), dict.fromkeys(inputs, float("inf"))
        driven = float("inf")
        for _ in range(opts.rounds):  # interleaved, the best of each: load on the machine only adds
            seconds, facts = durable_seconds(docs)
            raw = min(raw, seconds)
            driven = min(driven, adapter_seconds(docs))
            seconds, pack_facts, rules = pack_seconds(docs, opts.pack)
            floor = min(floor, seconds)
            for form, path in inputs.items():
                forms[form] = min(forms[form], batch_seconds([str(path)], opts.pack))
    per_fact = raw / facts * 1e6
    print(f"{opts.timelines} timelines, {events} events; pack {opts.pack}; one process;"
          f" CPU time, the best of {opts.rounds} interleaved rounds")  # fmt: skip
    print(f"  durable_rules, 5 rules: {per_fact:8.1f} us per fact ({facts} facts)")
    print(f"  the same through followup's adapter (its C core, without durable's Python action"
          f" layer): {driven / facts * 1e6:.1f} us per fact: {driven / raw:.2f}x")  # fmt: skip
    in_pack = floor / events * 1e6
    print(f"  durable_rules as followup drives it ({rules} rules of {opts.pack}, {pack_facts}"
          f" facts): {in_pack:.1f} us per event: {in_pack / per_fact:.1f}x")  # fmt: skip
    ratios = {}
    for form, seconds in forms.items():
        per_event = seconds / events * 1e6
        ratios[form] = per_event / per_fact
        print(f"  followup batch, {form:<10}: {per_event:8.1f} us per event: {ratios[form]:5.1f}x")
    return 0 if ratios["JSON Lines"] <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
