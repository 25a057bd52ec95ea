"""`run --simulate --format json` and `compare --simulate --format json` have schemas of their own
(urn:followup:schema:simulation:1 and :simulations:1), printed by `followup schema`, and the
real outputs of the built-in packs validate against them."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES, ROOT, invoke
from referencing import Registry, Resource

from engine.io import resources

PACKS = sorted(p.stem for p in POLICIES.glob("*.yaml"))
AS_OF = "2026-11-21"
# A short horizon ends schedules beyond it; a long one lets them stop, move on or hit no limit.
UNTILS = ("2026-12-31", "2027-12-31")


@cache
def _validator(name: resources.SchemaName) -> Any:
    registry: Registry[Any] = Registry()
    for other in ("report", "simulation"):
        schema = resources.schema(other)
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    schema = resources.schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=registry)


def _json(args: list[str]) -> Any:
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["simulation", "simulations"])
def test_schema_prints_the_simulation_schemas(name: str) -> None:
    result = invoke(["schema", name])
    assert result.exit_code == 0, result.stderr
    path = ROOT / "schemas" / f"{name}.schema.json"
    assert result.stdout == path.read_text(encoding="utf-8")
    assert json.loads(result.stdout)["$id"] == f"urn:followup:schema:{name}:1"


@pytest.mark.parametrize("until", UNTILS)
@pytest.mark.parametrize("pack", PACKS)
def test_run_simulate_json_validates_against_the_simulation_schema(pack: str, until: str) -> None:
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", pack, "--as-of", AS_OF]
    data = _json([*args, "--simulate", "--until", until, "--format", "json"])
    assert data["applications"] and any(a["steps"] for a in data["applications"])
    _validator("simulation").validate(data)
    with pytest.raises(jsonschema.ValidationError):  # not a report, not a comparison
        jsonschema.validate(data, resources.schema("report"))


@pytest.mark.parametrize("until", UNTILS)
def test_compare_simulate_json_validates_against_the_simulations_schema(until: str) -> None:
    args = ["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF, "--simulate"]
    data = _json([*args, "--until", until, "--format", "json"])
    assert [p["pack"]["name"] for p in data["packs"]] == PACKS
    _validator("simulations").validate(data)
    with pytest.raises(jsonschema.ValidationError):
        _validator("simulations").validate({**data, "packs": [{"report_format": 1}]})


def test_a_step_is_the_report_s_recommendation_with_the_day_it_is_done() -> None:
    """The step's definition copies the report's recommendation (JSON Schema cannot add a
    property to a closed object it refers to): the copy must keep up with the original."""
    step = resources.schema("simulation")["$defs"]["step"]
    recommendation = resources.schema("report")["$defs"]["recommendation"]
    assert step["required"] == ["date", *recommendation["required"]]
    assert {k: v for k, v in step["properties"].items() if k != "date"} == recommendation[
        "properties"
    ]
    rest = ("required", "properties", "description")
    assert {k: v for k, v in step.items() if k not in rest} == {
        k: v for k, v in recommendation.items() if k not in rest
    }


EXAMPLE_PACKS = sorted((ROOT / "tests/example-files/positive/packs").glob("*.yaml"))


@pytest.mark.parametrize("pack", EXAMPLE_PACKS, ids=lambda p: p.stem)
def test_every_example_pack_s_simulation_validates(pack: Any) -> None:
    """The example packs use every key of the language (ranked channels, rotation, ...): what
    their simulations print must be what the schema says too."""
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", str(pack), "--as-of", AS_OF, "--simulate"]
    _validator("simulation").validate(_json([*args, "--until", "2027-06-30", "--format", "json"]))
