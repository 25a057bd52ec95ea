"""The output formats, by name: one registry per kind of result.

The command line takes its `--format` choices and defaults from here, each command picks its
reporter here by name, and the guard asks here whether a format is a file or text for a person.
A name means the same thing wherever it is offered: `text` is for people (neutralised for the
terminal), `json` for programs, `markdown` notes, `ics` a calendar, `junit` a CI's test report,
`html` a page to look at, `github` GitHub Actions annotations, `sarif` static-analysis results
(SARIF 2.1.0) for code scanning.

Every reporter takes the result and a Layout (engine/present/fit.py): the width the command
found and whether it may use colour. Only the text reporters read it: the bytes of the other
formats never depend on the terminal.

Reporters are imported when called, so that listing the formats (every start of the command
line) imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Generic, Literal, NamedTuple, TypeVar, get_args

from .fit import PLAIN, Layout

if TYPE_CHECKING:
    from ..analysis.agenda import Agenda
    from ..analysis.comparison import Comparison
    from ..analysis.packtests import PackTestRun
    from ..analysis.population import Population
    from ..analysis.simulate import Simulation
    from ..core.results import Report
    from ..load.check import FileChecks
    from ..model import Pack

FormatName = Literal["text", "json", "markdown", "ics", "junit", "html", "github", "sarif"]
FORMAT_NAMES: Final[tuple[FormatName, ...]] = get_args(FormatName)

# Files rather than text for a person: written as UTF-8 whatever the locale, so that
# `> report.json` holds the same bytes everywhere.
FILE_FORMATS: Final[frozenset[FormatName]] = frozenset(
    {"json", "markdown", "ics", "junit", "html", "github", "sarif"}
)

# Old names still accepted, and not shown in --help, so that scripts written for them keep
# working: `run`, `packs` and `compare` called their text format `table` (CHANGELOG.md).
ALIASES: Final[Mapping[str, FormatName]] = {"table": "text"}

R = TypeVar("R")


def canonical(name: str) -> str:
    """The format an old name stands for (`table` is `text`); any other name, unchanged."""
    return ALIASES.get(name, name)


def is_file_format(name: str) -> bool:
    return canonical(name) in FILE_FORMATS


class Registry(NamedTuple, Generic[R]):
    """The formats one kind of result is printed in, the default first."""

    reporters: Mapping[FormatName, Callable[[R, Layout], str]]

    @property
    def names(self) -> tuple[FormatName, ...]:
        return tuple(self.reporters)

    @property
    def default(self) -> FormatName:
        return self.names[0]

    def render(self, name: str, result: R, layout: Layout = PLAIN) -> str:
        """`result` in the format `name` (or the one an old name stands for), text fitted to
        `layout` (by default: no known width, no colour)."""
        wanted = canonical(name)
        for known, reporter in self.reporters.items():
            if known == wanted:
                return reporter(result, layout)
        # The command line offers only these names: another one is the caller's bug.
        raise ValueError(f"no {name!r} format here; the formats are {', '.join(self.names)}")


# --- `followup run`: a Report ------------------------------------------------------------------


def _report_text(report: Report, layout: Layout) -> str:
    from .render import as_text

    return as_text(report, layout)


def _report_json(report: Report, layout: Layout) -> str:
    from .report import as_json

    return as_json(report)


def _report_ics(report: Report, layout: Layout) -> str:
    from .export import as_ics  # icalendar is imported only for this format

    return as_ics(report)


def _report_markdown(report: Report, layout: Layout) -> str:
    from .export import as_markdown

    return as_markdown(report)


def _report_html(report: Report, layout: Layout) -> str:
    from .html import report_html  # jinja2 is imported only for this format

    return report_html(report)


REPORT: Final[Registry[Report]] = Registry(
    {
        "text": _report_text,
        "json": _report_json,
        "ics": _report_ics,
        "markdown": _report_markdown,
        "html": _report_html,
    }
)

# --- `followup compare`: a Comparison ----------------------------------------------------------


def _comparison_text(comparison: Comparison, layout: Layout) -> str:
    from .compare_text import table

    return table(comparison, layout)


def _comparison_json(comparison: Comparison, layout: Layout) -> str:
    from .compare_data import as_json

    return as_json(comparison)


def _comparison_markdown(comparison: Comparison, layout: Layout) -> str:
    from .compare_text import markdown

    return markdown(comparison)


def _comparison_html(comparison: Comparison, layout: Layout) -> str:
    from .html import comparison_html

    return comparison_html(comparison)


COMPARISON: Final[Registry[Comparison]] = Registry(
    {
        "text": _comparison_text,
        "json": _comparison_json,
        "markdown": _comparison_markdown,
        "html": _comparison_html,
    }
)

# --- `run --simulate` and `compare --simulate`: one Simulation per pack ------------------------


def _simulation_text(sims: Sequence[Simulation], layout: Layout) -> str:
    from .simulation import as_text

    return as_text(sims, layout)


def _simulation_json(sims: Sequence[Simulation], layout: Layout) -> str:
    from .simulation import as_json

    return as_json(sims)


SIMULATION: Final[Registry[Sequence[Simulation]]] = Registry(
    {"text": _simulation_text, "json": _simulation_json}
)

# --- `followup show`: one Pack, described --------------------------------------------------------


def _pack_text(pack: Pack, layout: Layout) -> str:
    from .describe import as_text

    return as_text(pack, layout)


def _pack_json(pack: Pack, layout: Layout) -> str:
    from .describe import as_json

    return as_json(pack)


PACK: Final[Registry[Pack]] = Registry({"text": _pack_text, "json": _pack_json})

# --- `followup agenda`: an Agenda ----------------------------------------------------------------


def _agenda_text(items: Agenda, layout: Layout) -> str:
    from .agenda_text import agenda_text

    return agenda_text(items, layout)


def _agenda_json(items: Agenda, layout: Layout) -> str:
    from .agenda_text import agenda_json

    return agenda_json(items)


AGENDA: Final[Registry[Agenda]] = Registry({"text": _agenda_text, "json": _agenda_json})

# --- `followup batch --summary`: a Population --------------------------------------------------


def _population_text(population: Population, layout: Layout) -> str:
    from .population_text import population_text

    return population_text(population, layout)


def _population_json(population: Population, layout: Layout) -> str:
    from .population_text import population_json

    return population_json(population)


POPULATION: Final[Registry[Population]] = Registry(
    {"text": _population_text, "json": _population_json}
)

# --- `followup packs`: the built-in packs ----------------------------------------------------


def _catalogue_text(packs: Sequence[Pack], layout: Layout) -> str:
    from .catalogue import as_text

    return as_text(packs, layout)


def _catalogue_json(packs: Sequence[Pack], layout: Layout) -> str:
    from .catalogue import as_json

    return as_json(packs)


CATALOGUE: Final[Registry[Sequence[Pack]]] = Registry(
    {"text": _catalogue_text, "json": _catalogue_json}
)

# --- `followup test`: a PackTestRun ------------------------------------------------------------


def _tests_text(run: PackTestRun, layout: Layout) -> str:
    from .testreport import as_text

    return as_text(run, layout)


def _tests_json(run: PackTestRun, layout: Layout) -> str:
    from .testreport import as_json

    return as_json(run)


def _tests_junit(run: PackTestRun, layout: Layout) -> str:
    from .testreport import as_junit

    return as_junit(run)


def _tests_github(run: PackTestRun, layout: Layout) -> str:
    from .annotations import tests_annotations
    from .github import as_github

    return as_github(tests_annotations(run))


def _tests_sarif(run: PackTestRun, layout: Layout) -> str:
    from .annotations import TEST_RULES, tests_annotations
    from .sarif import as_sarif

    return as_sarif(tests_annotations(run), TEST_RULES)


PACK_TESTS: Final[Registry[PackTestRun]] = Registry(
    {
        "text": _tests_text,
        "json": _tests_json,
        "junit": _tests_junit,
        "github": _tests_github,
        "sarif": _tests_sarif,
    }
)

# --- `followup validate`: FileChecks -----------------------------------------------------------


def _findings_text(checks: FileChecks, layout: Layout) -> str:
    from .findings import as_text

    return as_text(checks, layout)


def _findings_json(checks: FileChecks, layout: Layout) -> str:
    from .findings import as_json

    return as_json(checks)


def _findings_github(checks: FileChecks, layout: Layout) -> str:
    from .annotations import findings_annotations
    from .github import as_github

    return as_github(findings_annotations(checks))


def _findings_sarif(checks: FileChecks, layout: Layout) -> str:
    from .annotations import VALIDATE_RULES, findings_annotations
    from .sarif import as_sarif

    return as_sarif(findings_annotations(checks), VALIDATE_RULES)


FINDINGS: Final[Registry[FileChecks]] = Registry(
    {
        "text": _findings_text,
        "json": _findings_json,
        "github": _findings_github,
        "sarif": _findings_sarif,
    }
)
