"""Many timelines at once (`followup batch`, and the library's unit of work for a cluster).

inputs.py reads what the command line names, lazily, into Units: one timeline each, with
where it came from. work.py evaluates one Unit under every pack asked for: a pure, picklable
function of the unit, the pack references and the day, so that a process pool (pool.py) or a
cluster's workers can run it; each process loads and compiles a pack once. Records are the
reports `followup run --format json` prints, or an error record for an input that cannot be
read, in the input's order.

cluster.py gives the same records as a Dask bag, `records_bag(inputs, job)`, whose workers
read their own files and blocks of JSON Lines (`pip install 'followup[dask]'`), and the counts
of `--summary` as a Dask delayed, `population_of(inputs, job)`. Dask is imported when one is
made, never by importing this package.
"""

from __future__ import annotations

from .cluster import population_of, records_bag
from .inputs import Unit, units
from .work import Job, evaluate_unit

__all__ = ["Job", "Unit", "evaluate_unit", "population_of", "records_bag", "units"]
