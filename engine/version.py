"""followup's version, written in this one place (pyproject.toml reads it from here).

A module of its own, importing nothing: the disk cache stamps its entries with the version, and
importing it from the `engine` package instead would make every module the package imports
depend on the cache and the cache on all of them (an import cycle).
"""

__version__ = "0.1.0"
