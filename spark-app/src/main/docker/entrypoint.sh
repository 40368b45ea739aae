#!/bin/bash
# The spark-app image's entrypoint. Spark on Kubernetes starts its pods with a role as the first
# argument, and this script turns the role into the JVM it needs:
#
#   driver [spark-submit arguments]  Spark's SparkSubmit in client mode inside the driver pod, with
#                                    the heap and Java options from the properties file Spark wrote
#   executor                         KubernetesExecutorBackend, from the SPARK_* variables Spark sets
#   history-server                   Spark's History Server in the foreground (SPARK_HISTORY_OPTS)
#   train-archive                    at image build: runs the job once and writes the class-data
#                                    archive every later JVM of the image maps
#   --records N [options]            the benchmark itself in local mode (`--help` lists the options)
#   anything else                    run as given
#
# Every JVM gets the image's Spark module options (/opt/spark/jvm-options), the jars in
# /opt/spark/jars in a fixed order, and the class-data archive trained at build when there is one.
set -euo pipefail

SPARK_HOME=${SPARK_HOME:-/opt/spark}
export SPARK_HOME
jvm_options=$SPARK_HOME/jvm-options
archive=$SPARK_HOME/cds/spark.jsa

# A fixed class path: the archive is valid only for the class path it was made with.
jars=("$SPARK_HOME"/jars/*.jar)
classpath=$(IFS=:; echo "${jars[*]}")

# Hadoop needs a user name; a pod may run as a uid the image does not know.
if ! whoami >/dev/null 2>&1; then
  export HADOOP_USER_NAME=${SPARK_USER:-spark}
fi

java_command=("${JAVA_HOME:+$JAVA_HOME/bin/}java" "@$jvm_options")
if [ -r "$archive" ]; then
  java_command+=("-XX:SharedArchiveFile=$archive" -Xshare:auto)
fi

# The value of KEY in a Java properties file as Spark writes it (key=value, `\` escapes), or $3.
property() {
  local file=$1 key=$2 default=${3:-} line
  line=$(grep -m 1 -E "^${key//./\\.}[[:space:]]*[=:]" "$file" 2>/dev/null || true)
  if [ -z "$line" ]; then
    printf '%s' "$default"
    return
  fi
  line=${line#*[=:]}
  line=${line#"${line%%[![:space:]]*}"}
  printf '%s' "$line" | sed -e 's/\\\(.\)/\1/g'
}

role=${1:-}
case "$role" in
  driver)
    shift
    properties=""
    for ((i = 1; i <= $#; i++)); do
      if [ "${!i}" = "--properties-file" ]; then
        next=$((i + 1))
        properties=${!next:-}
      fi
    done
    options=()
    for key in spark.driver.defaultJavaOptions spark.driver.extraJavaOptions; do
      value=$(property "$properties" "$key")
      # word splitting, as Spark's launcher splits these options on spaces
      # shellcheck disable=SC2206
      [ -n "$value" ] && options+=($value)
    done
    bind_address=${SPARK_DRIVER_BIND_ADDRESS:-$(hostname -i)}
    exec "${java_command[@]}" "-Xmx$(property "$properties" spark.driver.memory 1g)" \
      "${options[@]}" -cp "$classpath" org.apache.spark.deploy.SparkSubmit \
      --conf "spark.driver.bindAddress=$bind_address" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$bind_address" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    options=()
    while IFS='=' read -r name value; do
      options+=("$value")
    done < <(env | grep '^SPARK_JAVA_OPT_' | sort -t_ -k4 -n)
    exec "${java_command[@]}" "${options[@]}" \
      "-Xms${SPARK_EXECUTOR_MEMORY:?}" "-Xmx${SPARK_EXECUTOR_MEMORY}" \
      -cp "$classpath" org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "${SPARK_DRIVER_URL:?}" \
      --executor-id "${SPARK_EXECUTOR_ID:?}" \
      --cores "${SPARK_EXECUTOR_CORES:?}" \
      --app-id "${SPARK_APPLICATION_ID:?}" \
      --hostname "${SPARK_EXECUTOR_POD_IP:?}" \
      --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID:-0}" \
      --podName "${SPARK_EXECUTOR_POD_NAME:?}"
    ;;
  history-server)
    shift
    # shellcheck disable=SC2206
    options=(${SPARK_HISTORY_OPTS:-})
    exec "${java_command[@]}" "-Xmx${SPARK_DAEMON_MEMORY:-1g}" "${options[@]}" \
      -cp "$classpath" org.apache.spark.deploy.history.HistoryServer "$@"
    ;;
  train-archive)
    # One small run in local mode loads what drivers and executors load most: Spark's core, SQL,
    # Parquet and the job. The archive is written at exit and only then moved into place.
    work=$(mktemp -d)
    mkdir -p "$(dirname "$archive")"
    # an image build may not resolve its own host name
    export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" "@$jvm_options" "-XX:ArchiveClassesAtExit=$archive.tmp" \
      -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$classpath" io.sparkbench.app.MedallionBenchmark \
      --records 2000 --master 'local[2]' --data-dir "$work/data" --report "$work/result.json" \
      >"$work/train.log" 2>&1 || {
      tail -n 30 "$work/train.log" >&2
      exit 1
    }
    mv "$archive.tmp" "$archive"
    chmod a+r "$archive"
    rm -rf "$work"
    ;;
  -*)
    exec "${java_command[@]}" -cp "$classpath" io.sparkbench.app.MedallionBenchmark "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
