# One image recipe for the CPU services (reporter, selector, pruner): the Quarkus app built
# beforehand on the host, on a plain JRE. The trainer has its own (CUDA base): trainer-service/Dockerfile.
#   ./mvnw -B -DskipTests package      (creates <service>/target/quarkus-app)
#   docker compose build               (compose passes SERVICE and PORT; the context is the repository)
FROM eclipse-temurin:17-jre
ARG SERVICE
ARG PORT

# curl answers the health check; install it only if the base image lacks it.
RUN command -v curl >/dev/null || (apt-get update && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*)
# Runs unprivileged; data/ (data sets) and the native-library cache are the only places it writes.
RUN useradd --system --uid 185 --home-dir /app alps \
    && mkdir -p /app/data /var/cache/javacpp && chown -R alps /app /var/cache/javacpp

WORKDIR /app
COPY --chown=alps ${SERVICE}/target/quarkus-app/lib/ lib/
COPY --chown=alps ${SERVICE}/target/quarkus-app/*.jar ./
COPY --chown=alps ${SERVICE}/target/quarkus-app/app/ app/
COPY --chown=alps ${SERVICE}/target/quarkus-app/quarkus/ quarkus/
USER alps

# ND4J (selector, pruner) keeps its arrays off the heap: the heap gets a fifth of the container's
# memory and JavaCPP bounds the arrays and the whole process relative to it, so the process stays
# within 80 % of the container; the other flags are deploy/jvm/launch.args's (huge pages for the
# heap, the parallel collector). JavaCPP unpacks its native libraries into the cache directory (a volume).
ENV JAVA_OPTS="-XX:MaxRAMPercentage=20 -Dorg.bytedeco.javacpp.maxbytes=300% -Dorg.bytedeco.javacpp.maxphysicalbytes=400% -XX:+UseTransparentHugePages -Xlog:disable -Xlog:all=warning:stderr -XX:+UseParallelGC -Djava.awt.headless=true -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp" \
    HEALTH_URL="http://localhost:${PORT}/q/health/ready"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=5 \
    CMD curl -fs "$HEALTH_URL" >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar"]
