"""Renders the DAG's bash command for a logical date exactly as Airflow does (Jinja2), without Airflow.

The DAG file is parsed, not imported (Airflow is not installed here): its module-level constants are read
with `ast`, and BASH_COMMAND is rendered with the same Jinja2 engine Airflow uses.
Usage: python3 render_command.py DAG_FILE YYYY-MM-DD [TRY_NUMBER]   (the task's try, 1 for the first; default 1)
"""
import ast
import sys
from types import SimpleNamespace

import jinja2


def constants(path):
    tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return values


def render(path, ds, try_number=1):
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(constants(path)["BASH_COMMAND"])
    return template.render(ds=ds, ds_nodash=ds.replace("-", ""), ti=SimpleNamespace(try_number=try_number))


if __name__ == "__main__":
    print(render(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1))
