"""engine/core/adapter.py keeps the durable_rules contract: each point refused when broken.

One test per point of the contract (docs/durable-rules.md, the adapter's docstring): a ruleset
or a session's facts that break it raise ContractViolation before durable_rules sees them.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import sys
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import load_timeline_doc, packs_with_timelines

from engine.core import adapter, contract
from engine.core.contract import NOW_TYPE, SENTINEL_RULE, ContractViolation, check_facts
from engine.core.contract import check_ruleset as check
from engine.core.evaluate import MATCH_FIELDS, compiled
from engine.core.facts import application_facts
from engine.core.ledger import Ledger
from engine.errors import EngineError

Json = dict[str, Any]
END: Json = {SENTINEL_RULE: {"all": [{"n": {"type": NOW_TYPE}}]}}
JOIN: Json = {"app": {"a": "app"}}


def ruleset(**rules: Json) -> dict[str, Json]:
    return {**copy.deepcopy(END), **rules}


def anchored(*patterns: Json) -> Json:
    """A rule: an anchor fact `a`, `now`, then `patterns`."""
    now = {"n": {"$and": [{"type": NOW_TYPE}, JOIN]}}
    return {"all": [{"a": {"type": "interview"}}, now, *patterns]}


def later(event_type: str) -> Json:
    return {"$and": [{"type": event_type}, {"$gt": {"pos": {"a": "pos"}}}, JOIN]}


def event(pos: int, sid: str = "s", **extra: Any) -> Json:
    return {"id": f"e{pos}", "sid": sid, "app": "app", "pos": pos, "type": "interview", **extra}


def now(pos: int, sid: str = "s") -> Json:
    return {"id": "now", "sid": sid, "app": "app", "pos": pos, "type": NOW_TYPE}


def test_a_valid_ruleset_and_session_pass() -> None:
    check(ruleset(r0v0=anchored({"x0$not": later("reply_received")})))
    check_facts([event(0), now(1)], "s")


# 1. no background thread --------------------------------------------------------------------


def test_1_the_core_starts_no_thread() -> None:
    before = threading.active_count()
    adapter.Core()
    assert threading.active_count() == before


# 2. one live session at a time ---------------------------------------------------------------


def test_2_a_fact_of_another_session_is_refused() -> None:
    with pytest.raises(ContractViolation, match="carries its sid"):
        check_facts([event(0, sid="other"), now(1)], "s")


def test_2_a_session_is_deleted_after_use() -> None:
    core = adapter.Core()
    core.register("contract-2", ruleset(r0v0=anchored()))
    matches = core.run_session("contract-2", "s2", [event(0, sid="s2"), now(1, sid="s2")])
    assert {m.rule for m in matches} == {SENTINEL_RULE, "r0v0"}
    with pytest.raises(Exception):  # noqa: B017  durable has no state for it any more
        core._host.get_state("contract-2", "s2")


# 3. delete only after something fired --------------------------------------------------------


def test_3_a_ruleset_without_the_sentinel_is_refused() -> None:
    with pytest.raises(ContractViolation, match="no sentinel rule"):
        check({"r0v0": anchored()})


def test_3_a_session_must_end_with_now() -> None:
    with pytest.raises(ContractViolation, match="end with the now sentinel"):
        check_facts([now(0, "s") | {"pos": 0}, event(1)], "s")


# 4. end-state negation ------------------------------------------------------------------------


def test_4_a_not_before_now_is_refused() -> None:
    rule = {"all": [{"a": {"type": "interview"}}, {"x0$not": later("reply_received")},
                    {"n": {"$and": [{"type": NOW_TYPE}, JOIN]}}]}  # fmt: skip
    with pytest.raises(ContractViolation, match="after the now sentinel"):
        check(ruleset(r0v0=rule))


def test_4_a_leading_not_is_refused() -> None:
    rule = {"all": [{"x0$not": {"type": "reply_received"}}, {"n": {"type": NOW_TYPE}}]}
    with pytest.raises(ContractViolation, match="after the now sentinel"):
        check(ruleset(r0v0=rule))


def test_4_a_not_after_another_joined_fact_is_refused() -> None:
    q = {"q0": {"$and": [{"type": "reply_received"}, {"p0": {"a": "c0"}}, JOIN]}}
    with pytest.raises(ContractViolation, match="before the other joined facts"):
        check(ruleset(r0v0=anchored(q, {"x0$not": later("reply_received")})))


# 5. joins end with an equality on an ordinary field; never on id or sid; no $or ---------------


def test_5_a_join_ending_in_a_comparison_is_refused() -> None:
    bad = {"$and": [{"type": "reply_received"}, JOIN, {"$gt": {"pos": {"a": "pos"}}}]}
    with pytest.raises(ContractViolation, match="must end with an equality"):
        check(ruleset(r0v0=anchored({"x0$not": bad})))


def test_5_a_join_on_id_is_refused() -> None:
    bad = {"$and": [{"type": "reply_received"}, {"id": {"a": "id"}}]}
    with pytest.raises(ContractViolation, match="id/sid"):
        check(ruleset(r0v0=anchored({"x0$not": bad})))


def test_5_or_is_refused() -> None:
    bad = {"$or": [{"type": "reply_received"}, {"type": "offer"}]}
    with pytest.raises(ContractViolation, match=r"\$or"):
        check(ruleset(r0v0={"all": [{"a": bad}]}))


# 6. ints and strings only ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [1.5, True])
def test_6_float_and_bool_constants_are_refused(value: Any) -> None:
    with pytest.raises(ContractViolation, match="only int and str"):
        check(ruleset(r0v0={"all": [{"a": {"round": value}}]}))


@pytest.mark.parametrize("value", [1.5, True, None, {"nested": 1}, [1]])
def test_6_facts_hold_ints_and_strings(value: Any) -> None:
    with pytest.raises(ContractViolation, match="must be an int or a str"):
        check_facts([event(0, day=value), now(1)], "s")


# 7. unique fact ids ----------------------------------------------------------------------------


def test_7_a_reused_fact_id_is_refused() -> None:
    with pytest.raises(ContractViolation, match="duplicate fact id"):
        check_facts([event(0), event(0) | {"pos": 1}, now(2)], "s")


# 8. action errors surface ----------------------------------------------------------------------


def test_8_an_error_inside_an_action_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    core = adapter.Core()
    core.register("contract-8", ruleset(r0v0=anchored()))

    def broken(rule: str, facts: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(adapter, "Match", broken)
    with pytest.raises(EngineError, match="action failed: RuntimeError"):
        core.run_session("contract-8", "s8", [event(0, sid="s8"), now(1, sid="s8")])
    # and, since an action ran, the failed session was deleted (contract point 2)
    with pytest.raises(Exception):  # noqa: B017  durable has no state for it any more
        core._host.get_state("contract-8", "s8")


# 9. one name, one content; callers' dicts untouched -------------------------------------------


def test_9_a_name_registered_with_other_rules_is_refused() -> None:
    core = adapter.Core()
    first = ruleset(r0v0=anchored())
    core.register("contract-9", first)
    assert "run" not in first[SENTINEL_RULE]  # deep-copied before durable strips `run` keys
    core.register("contract-9", copy.deepcopy(first))  # the same content: a no-op
    with pytest.raises(ContractViolation, match="registered with other rules"):
        core.register("contract-9", ruleset(r0v0=anchored({"x0$not": later("offer")})))


# 10. no cross products -------------------------------------------------------------------------


def test_10_a_pair_of_facts_joined_by_position_only_is_refused() -> None:
    pair = {"s": later("reply_received")}
    with pytest.raises(ContractViolation, match="cross product"):
        check(ruleset(r0v0={"all": [{"a": {"type": "interview"}}, pair]}))


def test_10_a_join_on_a_running_count_meets_one_fact() -> None:
    first = {"s": {"$and": [{"type": "reply_received"}, {"p0": {"a": "c0"}}]}}
    check(ruleset(r0v0={"all": [{"a": {"type": "interview"}}, first]}))


# 11. durable_rules' limits ---------------------------------------------------------------------


def test_11_too_many_patterns_for_one_fact_type_are_refused() -> None:
    rules = {f"r{i}v0": anchored() for i in range(contract.MAX_PATTERNS_PER_TYPE)}
    with pytest.raises(ContractViolation, match="patterns test for '__now__' facts"):
        check(ruleset(**rules))


def test_11_too_many_named_facts_are_refused() -> None:
    nots = [{f"x{j}$not": later("reply_received")} for j in range(contract.MAX_NAMED_FACTS)]
    with pytest.raises(ContractViolation, match="named facts"):
        check(ruleset(r0v0=anchored(*nots)))


@pytest.mark.parametrize("op", ["$div", "$mt", "$imt"])
def test_11_unsafe_operators_are_refused(op: str) -> None:
    with pytest.raises(ContractViolation, match="not allowed"):
        check(ruleset(r0v0={"all": [{"a": {op: {"type": "x"}}}]}))


def test_11_too_many_fact_properties_are_refused() -> None:
    wide = event(0) | {f"c{k}": 0 for k in range(contract.MAX_FACT_PROPERTIES)}
    with pytest.raises(ContractViolation, match="properties"):
        check_facts([wide, now(1)], "s")


def test_10_two_joined_patterns_of_one_event_type_are_refused() -> None:
    one = {"q0": {"$and": [{"type": "reply_received"}, {"p0": {"a": "c0"}}, JOIN]}}
    two = {"q1": {"$and": [{"type": "reply_received"}, {"p1": {"a": "c1"}}, JOIN]}}
    with pytest.raises(ContractViolation, match="could bind the same fact"):
        check(ruleset(r0v0=anchored(one, two)))


def test_10_a_round_test_is_an_interview_pattern() -> None:
    # The compiler leaves the type out of a round-bounded interview pattern (only interviews
    # have a round): the check must still see two patterns that could bind one interview.
    one = {"q0": {"$and": [{"type": "interview"}, {"p0": {"a": "c0"}}, JOIN]}}
    two = {"q1": {"$and": [{"$gte": {"round": 2}}, {"p1": {"a": "c1"}}, JOIN]}}
    with pytest.raises(ContractViolation, match="could bind the same fact"):
        check(ruleset(r0v0=anchored(one, two)))
    assert contract.fact_types({"all": [two]}) == {"interview": 1}


# The session loop: the adapter's own, against durable's ----------------------------------------


class _Ref:
    """durable_rules' own host and action layer (the only use of durable outside the adapter):
    what the adapter's session loop must give, match for match, in the same order."""

    def __init__(self) -> None:
        from durable import engine as durable_engine

        class Quiet(durable_engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                pass

        self.engine = durable_engine
        self.host = Quiet()
        self.names: set[str] = set()
        self.sink: list[tuple[str, Json]] = []

    def run(self, name: str, ruleset: dict[str, Json], facts: list[Json]) -> list[Any]:
        if name not in self.names:
            rules = copy.deepcopy(ruleset)
            for rule_name, rule in rules.items():
                rule["run"] = self._record(rule_name)
            self.host.set_rulesets({name: rules})
            self.names.add(name)
        self.sink = []
        for fact in facts:
            with contextlib.suppress(self.engine.MessageNotHandledException):
                self.host.assert_fact(name, fact)
        self.host.delete_state(name, facts[-1]["sid"])
        return [adapter.Match(rule, {k: dict(v) for k, v in m.items()}) for rule, m in self.sink]

    def _record(self, rule: str) -> Any:
        def run(c: Any) -> None:
            self.sink.append((rule, c._m))

        return run


_REF: list[_Ref] = []


# durable's own host calls datetime.utcfromtimestamp, deprecated on 3.12 and newer
@pytest.mark.filterwarnings("ignore:datetime.datetime.utcfromtimestamp:DeprecationWarning")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=packs_with_timelines(2))
def test_sessions_match_as_durables_own_host_matches(case: Any) -> None:
    """Random packs and timelines: every session's matches, from the adapter's loop over the C
    core, are durable_rules' own host's, in the same order."""
    if not _REF:
        _REF.append(_Ref())
    _, pack, cases = case
    cp = compiled(pack)
    for doc, as_of in cases:
        for app in load_timeline_doc(doc).applications:
            ledger = Ledger(app, as_of)
            for (name, ruleset), fields in zip(cp.rulesets, cp.fields, strict=True):
                sid = f"ref-{next(_SIDS)}"
                facts = application_facts(ledger, cp.counters, sid, fields | MATCH_FIELDS)
                ours = adapter.core().run_session(name, sid, facts)
                assert ours == _REF[0].run(f"ref-{name}", ruleset, copy.deepcopy(facts))


_SIDS = itertools.count()


# A durable-rules that does not import on this Python ---------------------------------------------


@pytest.mark.parametrize(
    ("version", "fix"),
    [((3, 13, 0), "-m followup.carry --install"), ((3, 11, 7), "--force-reinstall durable-rules")],
)
def test_the_line_says_what_mends_it_on_each_python(version: tuple[int, ...], fix: str) -> None:
    from engine.commands.remedies import worded

    exc = ImportError("durable_rules_engine.cpython-313.so: undefined symbol: PyEval_CallObject")
    line = worded(adapter.unavailable(exc, version))
    assert f"on Python {'.'.join(map(str, version))} (PyEval_CallObject)" in line
    assert fix in line and sys.executable in line and "\n" not in line


@pytest.mark.parametrize("command", ["run", "batch", "log"])
def test_a_core_that_cannot_import_is_one_line_with_its_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, command: str
) -> None:
    """As on 3.13 with the released build: one line, exit 2, the command that mends it; and
    nothing written (`log` would otherwise add the event, then fail)."""
    from cli_support import EXAMPLE_TIMELINE, invoke

    timeline = tmp_path / "timeline.yaml"
    timeline.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    args = {
        "run": ["run", str(timeline), "--pack", "clue-wagon", "--as-of", "2026-11-21"],
        "batch": ["batch", str(timeline), "--pack", "clue-wagon", "-j", "1"],
        "log": ["log", str(timeline), "acme-pm", "follow_up_sent", "-c", "email", "-p",
                "clue-wagon"],
    }[command]  # fmt: skip
    real_import = __import__

    def broken(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("durable"):
            raise ImportError("durable_rules_engine.so: undefined symbol: PyEval_CallObject")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(adapter, "_core", None)  # the process's core is made again
    monkeypatch.setattr("builtins.__import__", broken)
    result = invoke(args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "durable-rules cannot be imported on Python" in result.stderr
    assert "durable-rules==2.0.28" in result.stderr or "followup.carry" in result.stderr
    assert result.stdout == ""
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()
    assert not (tmp_path / "timeline.yaml~").exists()


# Sessions that fail ------------------------------------------------------------------------------


def test_an_unregistered_ruleset_is_refused() -> None:
    with pytest.raises(ContractViolation, match="not registered"):
        adapter.Core().run_session("nowhere", "s", [event(0), now(1)])


def test_failed_sessions_that_cannot_be_deleted_stop_the_core_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before any action ran, deleting would free garbage (point 3): such a session stays
    live, and past a margin well below the 1,024 that corrupt (point 2) the core refuses."""
    core = adapter.Core()
    core.register("contract-stranded", ruleset(r0v0=anchored()))

    def refused(handle: int, fact: str) -> Any:
        raise RuntimeError("error code: 302")

    monkeypatch.setattr(core._engine.durable_rules_engine, "assert_fact", refused)
    monkeypatch.setattr(adapter, "MAX_STRANDED", 2)
    for n in range(2):
        with pytest.raises(EngineError, match="a fact has too many properties"):
            core.run_session("contract-stranded", f"x{n}", [event(0, f"x{n}"), now(1, f"x{n}")])
    with pytest.raises(EngineError, match="no longer safe"):
        core.run_session("contract-stranded", "x2", [event(0, "x2"), now(1, "x2")])
