# Runtime image for dirsync. Build the jar first: ./mvnw -q -DskipTests package
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 dirsync && mkdir -p /var/lib/dirsync && chown dirsync /var/lib/dirsync
COPY app/target/dirsync.jar /opt/dirsync/dirsync.jar
USER dirsync
# MALLOC_ARENA_MAX and the JVM flags keep the resident memory under 400 MiB (README, Memory)
ENV DIRSYNC_DATA_DIR=/var/lib/dirsync \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
ENTRYPOINT ["java", "-Xms128m", "-Xmx192m", "-Xmn64m", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000", \
            "-jar", "/opt/dirsync/dirsync.jar"]
