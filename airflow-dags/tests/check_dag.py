"""Checks the DAG file without Airflow: it compiles, and schedule, retries, skip code and the logical date
in the command are what the README promises. Exit 0 when all hold; prints what failed otherwise."""
import ast
import py_compile
import sys

from render_command import constants, render

path = sys.argv[1]
py_compile.compile(path, doraise=True)
c = constants(path)
problems = []
if c.get("SKIP_EXIT_CODE") != 99:
    problems.append("SKIP_EXIT_CODE must be 99")
if not c.get("RETRIES", 0) >= 1:
    problems.append("RETRIES must be at least 1")
if not c.get("SCHEDULE"):
    problems.append("SCHEDULE missing")
source = open(path, encoding="utf-8").read()
for needle in ("skip_on_exit_code=SKIP_EXIT_CODE", "retry_delay", "schedule=SCHEDULE", "BashOperator("):
    if needle not in source:
        problems.append("missing in DAG: " + needle)
cmd = render(path, "2025-06-30")
if "--snapshot \"$PATHWATCH_SNAPSHOTS/2025-06-30\"" not in cmd:
    problems.append("logical date not passed to --snapshot: " + cmd)
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("DAG ok:", cmd)
