"""`--format html` for `run` and `compare`: one self-contained page (inline CSS and SVG, no
script, nothing fetched), from the templates in engine/present/templates/.

Jinja2 escapes every value (autoescape), and every value is neutralised first
(engine/present/textsafe.py), so no pack or timeline text can become markup or hide a control
character; the only links are the packs' http(s) sources. The same input gives the same bytes:
no timestamp, ids made from the timeline's and the packs' ids (html_page.Ids).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..analysis.compare import compare, persistence_plans
from ..analysis.comparison import Comparison
from ..core.results import Report
from . import html_chart
from .html_page import page
from .textsafe import neutralise

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _finalize(value: Any) -> Any:
    # Markup is the templates' own output (a macro's, an include's): already safe, and
    # neutralising it would turn it back into a str to be escaped twice.
    if isinstance(value, str) and not isinstance(value, Markup):
        return neutralise(value)
    return value


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def comparison_html(comparison: Comparison, *, single: bool = False) -> str:
    template = environment().get_template("page.html.j2")
    return template.render(page=page(comparison, single), chart=html_chart)


def report_html(report: Report) -> str:
    """One pack's page: the comparison of that pack alone, so that its lanes are the same
    simulated schedule `compare` draws."""
    if report.timeline is None:
        raise ValueError("the html page needs the timeline the report was made of")
    one = compare([report], persistence_plans([report], report.timeline))
    return comparison_html(one, single=True)
