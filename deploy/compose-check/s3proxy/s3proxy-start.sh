#!/bin/sh
# Takes MinIO's command line (`server DIR [--console-address ...]`): serves DIR over S3 on :9000 with
# the MINIO_ROOT_USER / MINIO_ROOT_PASSWORD account. S3Proxy has no console.
set -eu
dir=/data
if [ "${1:-}" = server ] && [ -n "${2:-}" ]; then dir=$2; fi
conf=/tmp/s3proxy.conf
cat > "$conf" <<CONF
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${MINIO_ROOT_USER:?}
s3proxy.credential=${MINIO_ROOT_PASSWORD:?}
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir
CONF
exec java -Xmx256m -cp '/opt/s3proxy/conf:/opt/s3proxy/libs/*' org.gaul.s3proxy.Main --properties "$conf"
