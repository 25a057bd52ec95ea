"""The one module that touches durable_rules. It keeps the contract in docs/durable-rules.md.

durable-rules 2.0.28 is unmaintained and its C core silently loses or invents matches, or
crashes, when used outside a narrow subset. Every point of the contract is enforced here, so
that the compiler can't drift out of the subset unnoticed (the checks of rulesets and facts are
engine/core/contract.py's; this module runs them, and alone imports durable):

1. no background thread: `_QuietHost._run` is a no-op, and facts are asserted one at a time;
2. one live session at a time, deleted after use, a failed one too where point 3 allows (sids
   are only hashed, 1,024 live ones corrupt);
3. `delete_state` only after an action ran: every ruleset must carry the `__end__` sentinel rule,
   and every session must end with the `now` fact it matches;
4. `$not` patterns only after the `now` sentinel, never first, and before any other positive
   pattern: `[a, now, x$not..., q...]` (with a positive `q` before it, a `$not` of the same event
   type missed events: found by the oracle);
5. every pattern that refers to another fact ends with an equality join on an ordinary field,
   and nothing joins on `id` or `sid`; no `$or` at all (next to a join it silently drops
   matches: a `$not` over two event types never matched);
6. integer days; no floats, booleans or nested values in facts (`"1"` matches `1`, `true` 1);
7. unique fact ids, checked per session;
8. action errors are caught where a match is recorded and re-raised by run_session;
9. one host, each ruleset registered once under a content-derived name; callers' dicts are
   deep-copied before `set_rulesets` strips their `run` keys;
10. two joined patterns of one rule never test for the same event type: durable_rules binds
    a fact to one pattern, so a match needing one event twice is missed (found by the oracle);
    and no cross products: a joined pattern other than `now` meets one fact, by an equality on a
    field other than `app` (a running count), not every fact of its kind;
11. at most 60 patterns per ruleset test for one fact type: a fact taking part in about 64
    at once fails (error 303), so the compiler splits large packs into several rulesets.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import sys
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from ..errors import EngineError, FollowupError
from .contract import SENTINEL_RULE, ContractViolation, Json, check_facts, check_ruleset

__all__ = ["Core", "CoreUnavailable", "Match", "core", "unavailable"]

_ERROR_CODE = re.compile(r"error code: (\d+)")
_CODES = {
    "102": "unexpected value type",
    "105": "unknown key",
    "106": "too many rules",
    "107": "too many exists tests",
    "108": "too many joins",
    "113": "too many expressions",
    "302": "a fact has too many properties",
    "303": "a fact matches too many distinct tests",
    "304": "too many named facts in a rule",
}


class Match(NamedTuple):
    rule: str
    facts: dict[str, Json]


class CoreUnavailable(FollowupError):
    """durable_rules does not import on this Python: how followup was installed, not a bug."""

    def __reduce__(self) -> tuple[Any, ...]:  # whole across processes: hint and remedy too
        return (CoreUnavailable, (self.message, self.location, self.hint, self.remedy))


def _durable() -> Any:
    try:
        from durable import engine  # the only import of durable in the project
    except ImportError as exc:  # an extension built for another Python, or against 3.13's API
        raise unavailable(exc) from exc
    return engine


def unavailable(
    exc: ImportError, version: tuple[int, ...] = sys.version_info[:3]
) -> CoreUnavailable:
    """Why durable-rules does not import on this Python (`version`), and what mends it: on
    3.13 and newer, the build with the upstream fix (followup/carry.py), else a reinstall."""
    here = f"Python {'.'.join(map(str, version))}"
    why = str(exc).rsplit(": ", 1)[-1] if "undefined symbol" in str(exc) else str(exc)
    said = f"durable-rules cannot be imported on {here} ({why})"
    if version >= (3, 13):
        hint = "it needs the upstream fix for 3.13: README, Requirements"
        return CoreUnavailable(said, hint=hint, remedy="carry_core")
    return CoreUnavailable(said, remedy="reinstall_core")


class Core:
    """One durable_rules host, used from one thread at a time. It registers the rulesets;
    sessions run on its C core by the protocol of durable's own `Host.assert_fact`, without
    the closures and JSON round trips its Python layer adds to each fact and action (three
    fifths of a session's cost; none of it decides a match)."""

    def __init__(self) -> None:
        engine = _durable()

        class _QuietHost(engine.Host):  # type: ignore[misc, name-defined]
            def _run(self) -> None:  # no dispatch or timer threads: they lose firings
                pass

        self._engine = engine
        self._host = _QuietHost()
        self._registered: dict[str, dict[str, Json]] = {}
        self._handles: dict[str, int] = {}  # the C core's, by ruleset name
        self._stranded = 0  # failed sessions that could not be deleted (_forget)
        self._sink: list[Match] | None = None
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()

    def _record(self, rule: str, bound: Any) -> None:
        """A match, into the session's sink; an error is kept for run_session to raise."""
        try:
            facts = {k: dict(v) for k, v in bound.items()} if isinstance(bound, dict) else {}
            if self._sink is not None:
                self._sink.append(Match(rule, facts))
        except BaseException as exc:
            self._errors.append(exc)

    def _callback(self, rule: str) -> Callable[[Any], None]:
        # durable wants a `run` per rule; it runs only if durable's own loop ever does
        def run(c: Any) -> None:  # exactly one parameter: two would make durable treat it as async
            self._record(rule, c._m)

        return run

    def register(self, name: str, ruleset: dict[str, Json]) -> None:
        """Check `ruleset` and register it under `name`, once: a name names one content."""
        if name in self._registered:
            if self._registered[name] != ruleset:
                raise ContractViolation(f"ruleset {name} is registered with other rules")
            return
        check_ruleset(ruleset)
        prepared = copy.deepcopy(ruleset)
        for rule_name, rule in prepared.items():
            rule["run"] = self._callback(rule_name)
        try:
            self._host.set_rulesets({name: prepared})
            handle = self._host.get_ruleset(name)._handle
        except Exception as exc:
            refused = f"durable_rules refused ruleset {name}: {_explain(exc)}"
            raise ContractViolation(refused) from exc
        self._handles[name] = handle
        self._registered[name] = copy.deepcopy(ruleset)

    def run_session(self, name: str, sid: str, facts: list[Json]) -> list[Match]:
        """Assert one session's facts in order, collect the matches, delete the session."""
        check_facts(facts, sid)
        if name not in self._handles:
            raise ContractViolation(f"ruleset {name} is not registered")
        handle = self._handles[name]
        c_core = self._engine.durable_rules_engine
        with self._lock:
            sink: list[Match] = []
            self._sink, self._errors = sink, []
            acted = False  # an action ran: the session may be deleted (contract point 3)
            try:
                for fact in facts:
                    code, offset = c_core.assert_fact(handle, _ENCODE(fact))
                    if code == _NOT_HANDLED:
                        continue  # no rule can use this fact: durable does not store it
                    if code == _OBSERVED:
                        raise ContractViolation(f"fact id reused: {fact['id']}")
                    acted |= self._act(c_core, handle, 0 if code == _DEFERRED else offset)
                if self._errors:
                    raise EngineError(f"action failed: {self._errors[0]!r}") from self._errors[0]
                if not any(m.rule == SENTINEL_RULE for m in sink):
                    raise ContractViolation("the sentinel did not fire; refusing delete_state")
            except Exception as exc:
                self._forget(c_core, handle, sid, acted)
                if isinstance(exc, EngineError):
                    raise
                raise EngineError(f"durable_rules failed: {_explain(exc)}") from exc
            finally:
                self._sink = None
            c_core.delete_state(handle, sid)
            return sink

    def _forget(self, c_core: Any, handle: int, sid: str, acted: bool) -> None:
        """A failed session: deleted when an action ran, as a whole one is (contract point 3
        forbids it otherwise). One that cannot be deleted stays live, and they add up toward
        the 1,024 that corrupt a ruleset (point 2): past a margin, the core refuses to go on."""
        if acted:
            with contextlib.suppress(Exception):  # the session's own error is the one to report
                c_core.delete_state(handle, sid)
                return
        self._stranded += 1
        if self._stranded > MAX_STRANDED:
            raise EngineError(
                f"{self._stranded} failed sessions could not be deleted: durable_rules' state "
                "is no longer safe to use in this process"
            )

    def _act(self, c_core: Any, handle: int, offset: int) -> bool:
        """Run the actions one assertion made ready, as durable's `Ruleset.do_actions` does:
        record each, hand the state back, start the next; an action the C core fails to
        complete is abandoned, as durable abandons it. Whether any was ready."""
        started = c_core.start_action_for_state(handle, offset)
        if not started:
            return False
        state, ready = started[0], started[1]
        while ready:
            message = json.loads(ready)
            rule = next(iter(message))
            self._record(rule, message[rule])  # never raises: errors are kept (point 8)
            try:
                c_core.update_state(handle, state)
                ready = c_core.complete_and_start_action(handle, offset)
            except Exception:
                c_core.abandon_action(handle, offset)
                raise
        return True


_NOT_HANDLED, _OBSERVED, _DEFERRED = 1, 2, 3  # the C core's result codes (rules.h)
MAX_STRANDED = 256  # live sessions left by failures, well below the 1,024 that corrupt
# json.dumps(fact, ensure_ascii=False), as durable's Ruleset.assert_fact has it, without making
# an encoder per fact
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _explain(exc: BaseException) -> str:
    text = str(getattr(exc, "message", exc))
    found = _ERROR_CODE.search(text)
    if found and found.group(1) in _CODES:
        return f"{_CODES[found.group(1)]} (durable_rules error {found.group(1)})"
    return text


_core: Core | None = None


def core() -> Core:
    """The process-wide core: durable_rules wants a single host."""
    global _core
    if _core is None:
        _core = Core()
    return _core
