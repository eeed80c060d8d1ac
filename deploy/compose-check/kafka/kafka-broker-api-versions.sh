#!/bin/sh
# What the official image's script runs: compose's health check calls it.
exec java -Xmx128m -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
