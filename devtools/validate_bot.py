"""`rasa data validate`, failing on every warning except one known false alarm.

Rasa 3.6 warns that a response "is not used in any story or rule" when only a
form (utter_ask_*) or a custom action sends it. Those names are read from the
domain and from bot/actions/, so a response nobody sends still fails the check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule")
WARNING = re.compile(r"UserWarning: (.*)")


def responses_sent_by_code() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "bot" / "actions").rglob("*.py"):
        names.update(re.findall(r"""response=["'](utter_[a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    return names


def main() -> int:
    rasa = REPO / ".venv" / "bot" / "bin" / "rasa"
    command = [str(rasa), "data", "validate", "--config", "config.yml", "--domain", "domain.yml", "--data", "bot/data"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    output = result.stdout + result.stderr
    allowed = responses_sent_by_code()
    problems = []
    for line in output.splitlines():
        warning = WARNING.search(line)
        if not warning:
            continue
        unused = UNUSED.search(line)
        if unused and (unused.group(1).startswith("utter_ask_") or unused.group(1) in allowed):
            continue
        problems.append(warning.group(1))
    if result.returncode != 0 or problems:
        print(output)
        print("\n".join(["rasa data validate found problems:", *problems]), file=sys.stderr)
        return 1
    print("rasa data validate: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
