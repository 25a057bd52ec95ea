"""A CSV file as a header and rows that know their line: the dialect sniffed (comma, semicolon
or tab), UTF-8 with or without a byte-order mark, under the size limit of every other input."""

from __future__ import annotations

import csv
import io
from typing import Final, NamedTuple

from ..errors import InputError, Location
from ..io import safeyaml

MAX_ROWS: Final = 500  # a timeline holds at most 500 applications (the schema's maxItems)
_SAMPLE: Final = 64 * 1024
_DELIMITERS: Final = ",;\t"
# A cell may be as long as the longest text a timeline takes (notes: 5000), with room to spare;
# csv's own default (128 KiB) would let one cell take the whole file.
_FIELD_LIMIT: Final = 16 * 1024


class Row(NamedTuple):
    line: int  # the 1-based line of the file the row starts on
    cells: tuple[str, ...]


class Table(NamedTuple):
    path: str  # as messages name it
    delimiter: str
    header: Row
    rows: tuple[Row, ...]


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:_SAMPLE]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:  # too irregular to tell (a cell of several lines): ask the header
        first = sample.partition("\n")[0]
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])

        class Guessed(csv.excel):
            delimiter = best if counts[best] else ","

        return Guessed


def read_table(path: str) -> Table:
    """The table in `path` (`-`: standard input), or an InputError for a file that cannot be
    read as one (too large, not UTF-8, a broken quote, too many rows)."""
    shown = safeyaml.shown_name(path)
    return parse_table(safeyaml.read_text(path), shown)


def parse_table(text: str, shown: str) -> Table:
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    rows: list[Row] = []
    start = 1
    previous_limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(start, tuple(cells)))
            if len(rows) > MAX_ROWS + 1:
                raise InputError(
                    f"more than {MAX_ROWS} rows: a timeline holds at most {MAX_ROWS} applications",
                    Location(shown, start, 1),
                    "split the file",
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"not readable as CSV: {exc}", Location(shown, start, 1)) from None
    finally:
        csv.field_size_limit(previous_limit)
    if not rows:
        raise InputError(
            "the file has no header row",
            Location(shown),
            "the first row names the columns: Company, Role, Date Applied, Status, ...",
        )
    return Table(shown, dialect.delimiter, rows[0], tuple(rows[1:]))
