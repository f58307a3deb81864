# Runtime image for dirsync. Build the jar first: ./mvnw -q -DskipTests package
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 dirsync && mkdir -p /var/lib/dirsync && chown dirsync /var/lib/dirsync
COPY app/target/dirsync.jar /opt/dirsync/dirsync.jar
USER dirsync
ENV DIRSYNC_DATA_DIR=/var/lib/dirsync \
    AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/dirsync/dirsync.jar"]
