#!/bin/sh
# Writes server.properties from the KAFKA_* environment as the official image does (strip KAFKA_,
# lower case, '_' -> '.', '__' -> '_', '___' -> '-'), formats the KRaft storage once, starts the broker.
set -eu
config=/opt/kafka/config/server.properties
: > "$config"
env | grep '^KAFKA_' | grep -v '^KAFKA_\(HEAP_OPTS\|OPTS\|JVM_PERFORMANCE_OPTS\|LOG4J_OPTS\)=' | while IFS= read -r line; do
  name=${line%%=*}
  value=${line#*=}
  key=$(echo "${name#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  echo "$key=$value" >> "$config"
done
log_dirs=$(sed -n 's/^log\.dirs=//p' "$config")
if [ ! -f "${log_dirs%%,*}/meta.properties" ]; then
  java -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format --ignore-formatted \
    -t "${CLUSTER_ID:-$(java -cp '/opt/kafka/libs/*' kafka.tools.StorageTool random-uuid)}" -c "$config"
fi
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
