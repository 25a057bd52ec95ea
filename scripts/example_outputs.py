"""Write the example outputs of this Python's followup into a folder, one file each.

For every built-in pack over examples/timeline.yaml as of 2026-11-21: `run` (text, json, ics),
`run --simulate` to 2027-01-31 (text, json), and `compare --all` (text, json). .ci/run writes
them with Python 3.11 and with 3.13 and compares the folders byte for byte (issue 15): the
carried durable-rules build must give the same outputs as the released one.

    python scripts/example_outputs.py OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMELINE = str(ROOT / "examples" / "timeline.yaml")
AS_OF, UNTIL = "2026-11-21", "2027-01-31"
PACKS = ("3x3-networking", "career-pivot", "clue-wagon", "mason-group", "wise-job-search")


def commands() -> dict[str, list[str]]:
    """Each output's file name and the followup arguments that make it."""
    out: dict[str, list[str]] = {}
    for pack in PACKS:
        base = ["run", TIMELINE, "--pack", pack, "--as-of", AS_OF]
        for fmt in ("text", "json", "ics"):
            out[f"run-{pack}.{fmt}"] = [*base, "--format", fmt]
        for fmt in ("text", "json"):
            out[f"simulate-{pack}.{fmt}"] = [*base, "--simulate", "--until", UNTIL, "--format", fmt]
    for fmt in ("text", "json"):
        out[f"compare.{fmt}"] = ["compare", TIMELINE, "--all", "--as-of", AS_OF, "--format", fmt]
    return out


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    env = {"COLUMNS": "100", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"}
    for name, args in commands().items():
        done = subprocess.run([sys.executable, "-m", "followup", *args], cwd=ROOT, env=env,
                              capture_output=True, check=False)  # fmt: skip
        if done.returncode not in (0, 1):
            sys.stderr.write(f"{name}: exit {done.returncode}\n{done.stderr.decode()}")
            return 1
        (folder / name).write_bytes(done.stdout)
    print(f"{len(commands())} outputs in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
