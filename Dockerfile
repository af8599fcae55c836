# syntax=docker/dockerfile:1
#
# TS-CAM Server, CPU image:  docker build -t tscam-server .
# The CUDA variant (ONNX Runtime GPU build) is Dockerfile.cuda.

# ---- build: the Spring Boot fat jar, split into layers ----------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src src
# The tests belong to CI, not to an image build (their sources, and docs/openapi.json that the
# test clients are generated from, are not sent: .dockerignore), so none are compiled; the Maven
# repository is a BuildKit cache so a source change does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp package -Dmaven.test.skip=true -DskipPythonTests=true
# Dependencies change less often than the application: separate layers keep rebuilds small.
RUN java -Djarmode=tools -jar target/tscam-server-0.1.0.jar extract --layers --launcher \
    --destination extracted

# ---- runtime: JRE only, non-root ------------------------------------------------------------
FROM eclipse-temurin:17-jre-noble AS runtime
# The PNG overlay draws its label with Java2D, which needs fontconfig and at least one font.
# JPEGs are decoded by libjpeg-turbo's TurboJPEG library (Ubuntu's package name; Debian's is
# libturbojpeg0); without it the service falls back to the slower ImageIO decoder.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core libturbojpeg \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 tscam \
    && useradd --system --uid 10001 --gid tscam --no-create-home --home-dir /app tscam
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The demo model package is baked in; mount another package and point TSCAM_MODEL_DIR at it
# (or mount it over this folder) to serve a different model.
COPY models/demo /app/models/demo
ENV TSCAM_MODEL_DIR=/app/models/demo
# ONNX Runtime keeps the weights and its arena outside the Java heap, so the heap gets well under
# the container's memory limit rather than the JVM's default quarter or an aggressive 80 %.
# glibc gives each thread that allocates natively its own malloc arena (up to 8 per core); with
# Tomcat's threads decoding images and ONNX Runtime's, that is resident memory never given back.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
# 8081: actuator (health, Prometheus) only; publish 8080 alone.
EXPOSE 8080 8081
# Ready means the model is loaded and warmed up; the base image ships wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "tscam-server"]
