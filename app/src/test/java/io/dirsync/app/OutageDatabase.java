package io.dirsync.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL that can be stopped and started again on the same data directory and port, as a database
 * server restart looks to its clients: the same URL, the same data, every open connection gone.
 */
final class OutageDatabase implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private OutageDatabase(Path dataDirectory, int port) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.postgres = launch();
    }

    static OutageDatabase start(Path dataDirectory) throws IOException {
        return new OutageDatabase(dataDirectory, DirsyncProcess.freePort());
    }

    private EmbeddedPostgres launch() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    void stop() throws IOException {
        postgres.close();
        postgres = null;
    }

    void restart() throws IOException {
        postgres = launch();
    }

    /** A superuser session of its own, opened now (so unaffected by later per-database defaults). */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
