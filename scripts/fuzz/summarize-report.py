"""Counts the requests of a schemathesis NDJSON report by status class and lists every 5xx answer.

    python summarize-report.py REPORT.ndjson     exits 1 when any answer was a 5xx
"""

import json
import sys
from collections import Counter


def main(path: str) -> int:
    classes: Counter[str] = Counter()
    server_errors: list[str] = []
    with open(path, encoding="utf-8") as report:
        for line in report:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            for interaction in (finished["recorder"].get("interactions") or {}).values():
                request, response = interaction["request"], interaction.get("response")
                if response is None:
                    classes["no answer"] += 1
                    continue
                status = response["status_code"]
                classes[f"{status // 100}xx"] += 1
                if status >= 500:
                    server_errors.append(f"{status} {request['method']} {request['uri']}")
    total = sum(classes.values())
    counts = ", ".join(f"{name} {count}" for name, count in sorted(classes.items()))
    print(f"fuzz: {total} requests ({counts})")
    for entry in server_errors[:50]:
        print(f"fuzz: server error: {entry}")
    return 1 if server_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
