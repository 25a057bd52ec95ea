"""`--format html` for `run` and `compare`: one self-contained page (inline CSS and SVG, no
script, nothing fetched), from the templates in engine/present/templates/.

Jinja2 escapes every value (autoescape), and every value is neutralised first
(engine/present/textsafe.py), so no pack or timeline text can become markup or hide a control
character; the only links are the packs' http(s) sources. The same input gives the same bytes:
no timestamp, ids made from the timeline's and the packs' ids (html_page.Ids).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..analysis.compare import compare, persistence_plans
from ..analysis.comparison import Comparison
from ..core.results import Report
from ..dates.calendar import BusinessCalendar
from ..model import Pack
from . import html_chart
from .html_page import AppPage, Ids, app_page
from .reasons import reason_text
from .render import sentence
from .textsafe import neutralise

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEEK: Final = dt.timedelta(days=6)  # "this week": the day of the page and the six after it


class WeekItem(NamedTuple):
    href: str
    app: str
    text: str
    when: str
    overdue: bool


class PackWeek(NamedTuple):
    pack: str
    items: tuple[WeekItem, ...]


class PackSource(NamedTuple):
    label: str
    version: str
    title: str
    author: str
    publication: str
    date: str
    url: str  # only an http(s) address, else ""


class Page(NamedTuple):
    title: str
    subtitle: str
    single: bool  # `run`: one pack, nothing to compare
    packs: tuple[PackSource, ...]
    week: str
    weeks: tuple[PackWeek, ...]
    agreements: tuple[tuple[str, str, tuple[str, ...]], ...]  # (href, application, lines)
    apps: tuple[AppPage, ...]


def web_url(url: str) -> str:
    """`url` if it is an http or https address, else "": nothing else may become a link
    (a custom pack's `javascript:` source stays text)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def _source(label: str, pack: Pack) -> PackSource:
    s = pack.source
    return PackSource(
        label, pack.version, pack.title, s.author, s.publication, s.date, web_url(s.url)
    )


def _week(c: Comparison, apps: tuple[AppPage, ...]) -> tuple[PackWeek, ...]:
    """Per pack, what the evaluation has pending up to the end of the week (overdue first)."""
    end = c.as_of + WEEK
    out = []
    for i, info in enumerate(c.packs):
        items = []
        for app, page in zip(c.applications, apps, strict=True):
            for rec in app.views[i].pending:
                if rec.due is not None and rec.due <= end:
                    company = f"{app.company}, {app.role}"
                    items.append(WeekItem(f"#{page.id}", company, sentence(rec),
                                          reason_text(rec), rec.status == "overdue"))  # fmt: skip
        items.sort(key=lambda w: not w.overdue)  # stable: the applications' order otherwise
        out.append(PackWeek(info.label, tuple(items)))
    return tuple(out)


def build_page(c: Comparison, single: bool) -> Page:
    if c.timeline is None:
        raise ValueError("the html page needs the timeline the comparison was made of")
    cal = BusinessCalendar(c.country, c.subdivision)
    ids = Ids()
    for reserved in ("top", "packs", "week", "agree", "legend", "applications"):
        ids.take(reserved)
    by_id = {a.id: a for a in c.timeline.applications}
    apps = tuple(app_page(c, a, by_id[a.id], ids, cal) for a in c.applications)
    where = c.country + (f"-{c.subdivision}" if c.subdivision else "")
    packs = tuple(_source(p.label, p.pack) for p in c.packs)
    if single:
        title = f"Follow-ups under {c.packs[0].label} {c.packs[0].pack.version}"
    else:
        title = f"{len(c.packs)} packs compared"
    subtitle = (
        f"{c.timeline_path} as of {c.as_of:%a %Y-%m-%d} ({c.timezone}; business days skip "
        f"{where} holidays)"
    )
    agreements = tuple(
        (f"#{page.id}", f"{app.company}, {app.role}", page.agreements)
        for app, page in zip(c.applications, apps, strict=True)
        if page.agreements
    )
    week = f"{c.as_of:%a %Y-%m-%d} to {c.as_of + WEEK:%a %Y-%m-%d}"
    return Page(title, subtitle, single, packs, week, _week(c, apps), agreements, apps)


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
    return template.render(page=build_page(comparison, single), chart=html_chart)


def report_html(report: Report) -> str:
    """One pack's page: the comparison of that pack alone, so that its lanes are the same
    simulated schedule `compare` draws."""
    if report.timeline is None:
        raise ValueError("the html page needs the timeline the report was made of")
    one = compare([report], persistence_plans([report], report.timeline))
    return comparison_html(one, single=True)
