"""Pathwatch nightly DAG: validates last night's snapshot of the cancer pathway registrations and publishes
the waiting-time figures.

One task runs the Pathwatch jar (a Spring Batch job) for the snapshot of the DAG run's logical date:

* exit 0  -> success (also when the run was already published: a rerun is a no-op)
* exit 99 -> no snapshot for the date: the task is marked *skipped*
* other   -> failure; Airflow retries (the job restarts at the step that failed; exit 8 means another run of the
             same snapshot held the lock, and the retry runs it once that one is done)

Set on the workers (environment): PATHWATCH_JAR (path of pathwatch.jar), PATHWATCH_SNAPSHOTS (folder or URI
holding one snapshot folder per date, named YYYY-MM-DD), PATHWATCH_OUTPUT (output folder or URI), and for a
PostgreSQL JobRepository PATHWATCH_DB_URL, PATHWATCH_DB_USER, PATHWATCH_DB_PASSWORD. The job's log goes to
stdout/stderr and so into the task log. After deploying a new jar, run `java -jar pathwatch.jar class-archive`
once on each worker (about a minute): the nightly run then starts from the class archive it writes.
"""
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import DAG
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2.x
    from airflow import DAG
    from airflow.operators.bash import BashOperator

DAG_ID = "pathwatch_nightly"
SCHEDULE = "0 2 * * *"  # 02:00 every night, after the snapshot is extracted
SKIP_EXIT_CODE = 99
RETRIES = 2
RETRY_DELAY_MINUTES = 30

# The command Airflow renders (Jinja) for each run; {{ ds }} is the logical date, YYYY-MM-DD.
# When the jar has a class archive made after it (`java -jar pathwatch.jar class-archive` writes pathwatch.jsa
# next to it), the JVM maps its classes from there and starts in about half the CPU time. The flag is only given
# for a current archive (Java ignores a stale one with a warning, and a missing one would also switch off the
# JDK's own base archive), and on the first try only: a JVM that cannot start from the archive (on OpenJDK 17.0.15
# one started with Flight Recorder crashes at start) costs one try, and the retries run without it.
BASH_COMMAND = (
    'set -o pipefail; jsa="${PATHWATCH_JAR%.jar}.jsa"; cds=(); '
    'if [ {{ ti.try_number }} -le 1 ] && [ "$jsa" -nt "$PATHWATCH_JAR" ]; then cds=("-XX:SharedArchiveFile=$jsa"); fi; '
    'java -Xmx8g -XX:+UseParallelGC -XX:-DontCompileHugeMethods "${cds[@]}" -jar "$PATHWATCH_JAR" run'
    ' --snapshot "$PATHWATCH_SNAPSHOTS/{{ ds }}"'
    ' --output "$PATHWATCH_OUTPUT"'
    ' --extraction-date {{ ds }}'
)

default_args = {
    "owner": "pathwatch",
    "retries": RETRIES,
    "retry_delay": timedelta(minutes=RETRY_DELAY_MINUTES),
    "retry_exponential_backoff": False,
}

with DAG(
    dag_id=DAG_ID,
    description="Nightly validation and waiting-time figures of the cancer pathway registrations",
    schedule=SCHEDULE,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["pathwatch", "lpr", "cancer"],
) as dag:
    run_pathwatch = BashOperator(
        task_id="run_pathwatch",
        bash_command=BASH_COMMAND,
        append_env=True,
        env={"SPARK_LOCAL_IP": "127.0.0.1"},
        skip_on_exit_code=SKIP_EXIT_CODE,
        execution_timeout=timedelta(hours=3),
    )
