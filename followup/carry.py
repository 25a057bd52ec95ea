"""Build durable-rules 2.0.28 for Python 3.13 and newer, carrying the upstream fix.

durable-rules 2.0.28, its last release, builds on Python 3.13 but does not import there: its C
extension calls `PyEval_CallObject`, which 3.13 removed from the C API. Upstream fixed it
(jruizgit/rules pull request 403, merged 2025-07-15: `PyEval_CallObject` -> `PyObject_CallObject`
in src/rulespy/rules.c) and made no release. Run by the Python that followup is to run on, this:

1. fetches the 2.0.28 sdist with pip (from the index pip is configured with) and checks its
   SHA-256;
2. checks that src/rulespy/rules.c is the file the fix was made against, applies the fix and
   nothing else, and checks the SHA-256 of the result;
3. builds a wheel of it with pip, into --wheel-dir (or a temporary folder);
4. with --install, installs that wheel into this Python's environment, so that installing
   followup afterwards finds durable-rules 2.0.28 there.

    python -m followup.carry --install [--wheel-dir DIR]

On Python 3.11 and 3.12 the released build imports and there is nothing to carry: it says so
and exits 0 (--force builds anyway). Exit 1 when a checksum differs or pip fails, 2 on a usage
error. It imports nothing but the standard library, so it runs in a new, empty environment.
Nothing of durable-rules is copied into followup's repository: the sources come from the index.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["CarryError", "main", "patched"]

VERSION = "2.0.28"
SDIST_SHA256 = "053b26f5e48d312d4fa27995243f954671be6eece477f150c059c364eb4d7d61"
SOURCE = "src/rulespy/rules.c"
SOURCE_SHA256 = "0f6cb8aa9aa13fe399fe665133eb5df40fb57c9f183ca58b4a7592b1dc919320"
PATCHED_SHA256 = "5524687a95635928280ea13ea898e38c18bc08cdae7452085009615c042bde14"
OLD_CALL, NEW_CALL, CALLS = b"PyEval_CallObject(", b"PyObject_CallObject(", 5
FIRST_NEEDING = (3, 13)


class CarryError(Exception):
    """A step that did not give what it must: the message says which and what to do."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def patched(source: bytes) -> bytes:
    """rules.c with the upstream change: its five calls of PyEval_CallObject, and only those,
    made calls of PyObject_CallObject (the same arguments and result)."""
    if sha256(source) != SOURCE_SHA256:
        raise CarryError(f"{SOURCE} is not the 2.0.28 file the fix was made against")
    if source.count(OLD_CALL) != CALLS:
        raise CarryError(f"{SOURCE} does not call PyEval_CallObject {CALLS} times")
    result = source.replace(OLD_CALL, NEW_CALL)
    if sha256(result) != PATCHED_SHA256:
        raise CarryError(f"{SOURCE}, patched, is not the file upstream's fix gives")
    return result


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args, "-q"], check=False)
    if done.returncode != 0:
        raise CarryError(f"pip {args[0]} failed (exit {done.returncode}); see its output above")


def build(wheel_dir: Path, work: Path) -> Path:
    """The carried wheel, built into `wheel_dir` (steps 1 to 3)."""
    sdists = work / "sdist"
    _pip("download", "--no-deps", "--no-binary", ":all:", "-d", str(sdists),
         f"durable-rules=={VERSION}")  # fmt: skip
    found = sorted(sdists.glob("*.tar.gz"))
    if len(found) != 1:
        raise CarryError(f"pip download gave {len(found)} sdists, not the one of {VERSION}")
    if sha256(found[0].read_bytes()) != SDIST_SHA256:
        raise CarryError(f"{found[0].name} is not the durable-rules {VERSION} sdist (SHA-256)")
    with tarfile.open(found[0]) as tar:
        # the archive is the one the checksum names; the filter (3.11.4 and newer) besides
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(work / "src", **safe)  # type: ignore[arg-type]
    (tree,) = (work / "src").iterdir()
    source = tree / SOURCE
    source.write_bytes(patched(source.read_bytes()))
    built = work / "built"  # a folder of its own: an older wheel in wheel_dir is never taken
    _pip("wheel", "--no-deps", "-w", str(built), str(tree))
    made = sorted(built.glob(f"durable_rules-{VERSION}-*.whl"))
    if len(made) != 1:
        raise CarryError(f"pip wheel left {len(made)} durable_rules wheels, not one")
    wheel_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(made[0], wheel_dir / made[0].name))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m followup.carry", description=__doc__.split("\n")[0] if __doc__ else ""
    )
    parser.add_argument("--wheel-dir", type=Path, help="keep the wheel in this folder")
    parser.add_argument("--install", action="store_true", help="install the wheel here too")
    parser.add_argument("--force", action="store_true", help="build on 3.11 and 3.12 too")
    opts = parser.parse_args(argv)
    if not opts.install and opts.wheel_dir is None:
        parser.error("nothing to do: give --install, --wheel-dir DIR, or both")
    if opts.wheel_dir is not None and opts.wheel_dir.exists() and not opts.wheel_dir.is_dir():
        parser.error(f"--wheel-dir {opts.wheel_dir} is not a folder: give a folder's name")
    here = ".".join(map(str, sys.version_info[:2]))
    if sys.version_info[:2] < FIRST_NEEDING and not opts.force:
        print(f"Python {here}: durable-rules {VERSION} as released imports here; nothing to carry")
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="followup-carry-") as tmp:
            wheel = build(opts.wheel_dir or Path(tmp) / "wheels", Path(tmp))
            print(f"built {wheel.name}, carrying jruizgit/rules#403, for Python {here}")
            if opts.install:
                _pip("install", "--no-deps", "--force-reinstall", str(wheel))
                print(f"installed it for {sys.executable}; now install followup (pip install .)")
            else:
                print(f"in {opts.wheel_dir}; install followup with --find-links {opts.wheel_dir}")
    except (CarryError, OSError) as exc:  # OSError: a --wheel-dir that is a file, a full disk
        print(f"followup.carry: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
