#!/usr/bin/env bash
# Installs what Pathwatch needs on a fresh Debian machine: JDK 17 and Maven (everything else comes from Maven
# Central through the build), and for the tests Python 3 with Jinja2 and Chromium. Safe to run again; does
# nothing when the tools are already there.
set -euo pipefail

need=()
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -q 'version "17'; then
  need+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# the Airflow DAG test renders the DAG's command with Jinja2, as Airflow does
if ! python3 -c 'import jinja2' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import jinja2' >/dev/null 2>&1; then
  need+=(python3-jinja2)
fi

# the monitoring page's browser test (MonitoringReportBrowserIT) renders it in headless Chromium
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi

# Spark must bind to loopback only (see TECH.md P11)
export SPARK_LOCAL_IP=127.0.0.1
