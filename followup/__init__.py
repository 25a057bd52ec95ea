"""followup, as installed: `followup.cli` is the command line and `followup.engine` the library.

In a wheel the project's `cli.py` and `engine/` are installed inside this package, so that the
distribution adds one top-level name only, `followup`, and cannot collide with another
distribution's `cli` or `engine`. A source checkout keeps them at the project root (see
hatch_build.py).
"""
