#!/usr/bin/env bash
# The compose check: builds the images from the Dockerfiles and runs docker-compose.yml under a real
# container engine (podman, through its Docker-compatible API), with two trainers; submits small
# experiments through the published API and checks that their rounds equal the one-process run's
# and that both trainers trained. Tears everything down at the end, also when it fails.
#   deploy/compose-check.sh          (as root on Debian; .ci/run runs it after the Maven build)
# Nothing is pulled: the JRE base is made from Debian's packages (deploy/compose-check/base-image.sh,
# cached in ALPS_COMPOSE_CHECK_CACHE) and docker-compose.check.yml stands in for the third-party
# images. Logs of a failed run stay in target/compose-check/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DEBIAN_FRONTEND=noninteractive
cache=${ALPS_COMPOSE_CHECK_CACHE:-/var/cache/alps-compose-check}
fashion=${ALPS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
services=(kafka minio minio-init reporter-service trainer-service selector-service pruner-service prometheus)
apps=(reporter-service trainer-service selector-service pruner-service)
seeds=(1 2 3 4)
trainers=2

say() { echo "compose check: $*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
# until SECONDS WHAT COMMAND...: runs COMMAND every second until it succeeds, fails after SECONDS.
until_ok() {
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $end ] || fail "$what: not within ${limit}s"
    sleep 1
  done
}

# 1. What it needs, from Debian.
# netavark and aardvark-dns (compose's network and its service names) are only recommended by podman.
packages=(podman netavark aardvark-dns debootstrap docker-compose dataset-fashion-mnist prometheus curl jq python3)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

logs="$root/target/compose-check"
rm -rf "$logs" && mkdir -p "$logs"
work=$(mktemp -d /tmp/alps-compose-check.XXXXXX)
# podman's default open-files limit cannot be set in this kind of sandbox: run without one.
printf '[containers]\ndefault_ulimits = []\n' > "$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
socket="$work/podman.sock"
export DOCKER_HOST="unix://$socket"
# docker-compose 1.x builds through the API (podman's builder); the legacy builder's defaults.
export COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
export COMPOSE_PROJECT_NAME=alpscheck
compose=(docker-compose --env-file "$work/check.env" -f docker-compose.yml -f docker-compose.check.yml)
podman_pid=
health_pid=
compose_up=false

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$health_pid" ] && kill "$health_pid" 2>/dev/null
  if $compose_up; then
    "${compose[@]}" logs --no-color > "$logs/compose.log" 2>&1 || true
    [ $rc -eq 0 ] || { echo "--- last lines of the containers' logs ($logs/compose.log):"; tail -40 "$logs/compose.log"; }
    "${compose[@]}" down --volumes --remove-orphans --timeout 10 > "$logs/down.log" 2>&1 \
      || { echo "docker-compose down failed (see $logs/down.log); removing the project's containers with podman"
           podman ps -aq --filter label=com.docker.compose.project=$COMPOSE_PROJECT_NAME | xargs -r podman rm -f >/dev/null
           podman volume ls -q --filter label=com.docker.compose.project=$COMPOSE_PROJECT_NAME | xargs -r podman volume rm -f >/dev/null; }
  fi
  if [ -n "$podman_pid" ]; then kill "$podman_pid" 2>/dev/null; wait "$podman_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Secrets and host ports of this run: fresh passwords and token, ports that are free now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
api_port=$(free_port)
{
  sed -e "s/^MINIO_ROOT_PASSWORD=.*/MINIO_ROOT_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')/" \
      -e "s/^ALPS_API_TOKENS=.*/ALPS_API_TOKENS=$token/" \
      -e "s/^GRAFANA_ADMIN_PASSWORD=.*/GRAFANA_ADMIN_PASSWORD=unused-by-the-check/" .env.example
  echo "ALPS_API_PORT=$api_port"
  echo "PROMETHEUS_PORT=$(free_port)"
  echo "MINIO_CONSOLE_PORT=$(free_port)"
} > "$work/check.env"
api="http://127.0.0.1:$api_port"
auth="Authorization: Bearer $token"

podman system service --time=0 "unix://$socket" > "$logs/podman-service.log" 2>&1 &
podman_pid=$!
until_ok 30 "podman's API socket" curl -fs --unix-socket "$socket" http://d/_ping -o /dev/null

# 2. The JRE base the Dockerfiles name, from Debian's packages; the apps the images copy.
base_start=$SECONDS
"$root/deploy/compose-check/base-image.sh" "$cache"
say "base image ready in $((SECONDS - base_start))s"
for app in "${apps[@]}"; do
  if [ ! -f "$app/target/quarkus-app/quarkus-run.jar" ]; then
    say "packaging the services' apps"
    ./mvnw -B -q -DskipTests package -pl "$(IFS=,; echo "${apps[*]}")" -am
    break
  fi
done

# 3. The stand-ins' contents: the broker and S3Proxy jars from Maven, Debian's prometheus binary.
for server in kafka s3proxy; do
  rm -rf "deploy/compose-check/$server/libs"
  ./mvnw -B -q -f "deploy/compose-check/$server/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory=libs -DincludeScope=runtime
done
versions=$(cd deploy/compose-check/kafka/libs && ls kafka_2.13-*.jar kafka-tools-[0-9]*.jar | sed 's/.*-\([0-9][0-9.]*\)\.jar/\1/' | sort -u)
[ "$(echo "$versions" | wc -l)" -eq 1 ] || fail "kafka_2.13 and kafka-tools differ in version ($versions): pin kafka-tools in deploy/compose-check/kafka/pom.xml"
mkdir -p deploy/compose-check/prometheus/bin
cp /usr/bin/prometheus deploy/compose-check/prometheus/bin/

# 4. Build, start with two trainers, wait for health.
build_start=$SECONDS
"${compose[@]}" build "${services[@]}" > "$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; fail "docker-compose build"; }
build_seconds=$((SECONDS - build_start))
say "images built in ${build_seconds}s"
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'alps|temurin' | sort > "$logs/images.txt"
sed 's/^/  /' "$logs/images.txt"

# podman runs health checks from systemd timers; where systemd does not run them, this loop does,
# as Docker's engine would.
(
  while true; do
    for c in $(podman ps -q --filter label=com.docker.compose.project=$COMPOSE_PROJECT_NAME); do
      podman healthcheck run "$c" >/dev/null 2>&1 || true
    done
    sleep 2
  done
) &
health_pid=$!

up_start=$SECONDS
compose_up=true
"${compose[@]}" up -d --no-build --scale trainer-service=$trainers "${services[@]}" > "$logs/up.log" 2>&1 \
  || { cat "$logs/up.log"; fail "docker-compose up"; }
all_healthy() {
  local ids states
  ids=$("${compose[@]}" ps -q reporter-service trainer-service selector-service pruner-service)
  [ "$(echo "$ids" | wc -w)" -eq $((3 + trainers)) ] || return 1
  states=$(podman inspect --format '{{.State.Health.Status}}' $ids)
  ! echo "$states" | grep -q unhealthy || fail "a service is unhealthy: $("${compose[@]}" ps)"
  [ "$(echo "$states" | grep -c '^healthy$')" -eq $((3 + trainers)) ]
}
until_ok 600 "the services' health checks" all_healthy
healthy_seconds=$((SECONDS - up_start))
say "services healthy ${healthy_seconds}s after up ($trainers trainers)"

# 5. A data set, uploaded through the published API as a user would: Debian's Fashion-MNIST files.
tar -C "$fashion" -cf "$work/fashion-mnist.tar" \
  train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz
code=$(curl -s -o "$work/upload.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/x-tar' \
  -XPOST "$api/datasets?name=fashion-mnist" --data-binary @"$work/fashion-mnist.tar")
[ "$code" = 201 ] || fail "uploading Fashion-MNIST answered $code: $(cat "$work/upload.json")"

# 6. Small experiments at once, more than one trainer takes (two rounds at a time each), so both train.
spec() {
  printf '{"kind":"dense","dataset":"fashion-mnist","data":"fashion-mnist","seed":%s,"initial":150,"budget":100,"rounds":2,"epochs":1,"batch":32,"trainLimit":450,"testLimit":120}' "$1"
}
declare -A ids
run_start=$SECONDS
for seed in "${seeds[@]}"; do
  answer=$(curl -s -H "$auth" -H 'Content-Type: application/json' -XPOST "$api/experiments" -d "$(spec "$seed")")
  ids[$seed]=$(echo "$answer" | jq -er '.experimentId // .id') || fail "submitting seed $seed: $answer"
done
finished() {
  local seed status
  for seed in "${seeds[@]}"; do
    curl -s -H "$auth" "$api/experiments/${ids[$seed]}" > "$work/view-$seed.json"
    status=$(jq -r .status "$work/view-$seed.json")
    case "$status" in
      COMPLETED) ;;
      FAILED|CANCELLED) fail "experiment ${ids[$seed]} (seed $seed) $status: $(cat "$work/view-$seed.json")" ;;
      *) return 1 ;;
    esac
  done
}
until_ok 900 "the experiments' completion" finished
compose_seconds=$((SECONDS - run_start))
say "${#seeds[@]} experiments COMPLETED in ${compose_seconds}s under compose"

# Which trainer trained which round: trainedBy names the instance by its container's host name.
declare -A container_of
for c in $("${compose[@]}" ps -q trainer-service); do
  container_of[$(podman inspect --format '{{.Config.Hostname}}' "$c")]=$(podman inspect --format '{{.Name}}' "$c")
done
for seed in "${seeds[@]}"; do
  while read -r round by; do
    host=${by#*@}; host=${host%%:*}
    name=${container_of[$host]:-$by}
    echo "  seed $seed round $round trained by $name"
  done < <(jq -r '.rounds | to_entries[] | "\(.key) \(.value.trainedBy)"' "$work/view-$seed.json")
done | tee "$logs/trained-by.txt"
n_trainers=$(awk '{print $NF}' "$logs/trained-by.txt" | sort -u | grep -c trainer-service || true)
[ "$n_trainers" -eq $trainers ] || fail "$n_trainers of $trainers trainers trained (see $logs/trained-by.txt)"

# 7. The same specs in one process: per-round results and labeled sets must be identical. The
# active-learning log is compared without its timing columns (train_seconds, select_seconds).
columns() { cut -d, -f1-8,11- "$1"; }
./alps --help > /dev/null   # builds ml-core if needed, so the timings below are the runs' own
one_process_seconds=0
for seed in "${seeds[@]}"; do
  ref="$work/one-process-$seed"
  start=$SECONDS
  ./alps dense --dataset fashion-mnist --data "$fashion" --seed "$seed" --initial 150 --budget 100 --rounds 2 \
    --epochs 1 --batch 32 --train-limit 450 --test-limit 120 --out "$ref" > "$logs/one-process-$seed.log" 2>&1 \
    || fail "./alps dense seed $seed (see $logs/one-process-$seed.log)"
  one_process_seconds=$((one_process_seconds + SECONDS - start))
  for file in active_learning_log.csv labels.csv; do
    got="$work/compose-$seed-$file"
    curl -fs -H "$auth" "$api/experiments/${ids[$seed]}/artifacts/$file" -o "$got" \
      || fail "artifact $file of ${ids[$seed]} not served"
    if [ "$file" = active_learning_log.csv ]; then
      diff <(columns "$ref/$file") <(columns "$got") > "$logs/diff-$seed-$file" \
        || fail "seed $seed: rounds differ from one process (see $logs/diff-$seed-$file)"
    else
      diff "$ref/$file" "$got" > "$logs/diff-$seed-$file" || fail "seed $seed: labeled sets differ from one process"
    fi
  done
done
rounds=$(( $(cat "$work"/compose-*-active_learning_log.csv | grep -vc '^round') ))
say "one process ran the same ${#seeds[@]} experiments one after another in ${one_process_seconds}s (JVM starts included)"

# Prometheus (the check's stand-in) found every service, both trainers through DNS.
prometheus="http://127.0.0.1:$(sed -n 's/^PROMETHEUS_PORT=//p' "$work/check.env")"
scraped() {
  [ "$(curl -s "$prometheus/api/v1/targets" | jq '[.data.activeTargets[] | select(.health == "up")] | length')" \
    -eq $((3 + trainers)) ]
}
until_ok 60 "Prometheus scraping all $((3 + trainers)) service instances" scraped
say "prometheus scrapes all $((3 + trainers)) service instances, both trainers found through DNS"

say "build ${build_seconds}s, healthy ${healthy_seconds}s after up, ${#seeds[@]} experiments ${compose_seconds}s under compose (one process: ${one_process_seconds}s), $rounds rounds trained by $trainers trainers, identical to one process"
