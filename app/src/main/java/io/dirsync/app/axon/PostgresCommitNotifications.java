package io.dirsync.app.axon;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the other nodes on the same PostgreSQL that this node committed events, and wakes this node's shared reader
 * when another node did: {@code NOTIFY}/{@code LISTEN} on {@value #CHANNEL}, each on a connection of its own outside
 * the pool. A notification is only a hint. The reader still polls the store every poll interval, which is what
 * carries the news while the listening connection is lost; the listener reconnects after {@code retryAfter} and then
 * wakes the reader, since it may have missed notifications meanwhile.
 * <p>
 * Notifications are sent after the commit, not from the appending transaction (a transaction that notifies takes a
 * database-wide lock at its commit), at most one per {@code minInterval}, and without waiting for the disk flush.
 */
final class PostgresCommitNotifications implements AutoCloseable {
    static final String CHANNEL = "dirsync_events";
    private static final Logger log = LoggerFactory.getLogger(PostgresCommitNotifications.class);
    /** How often a silent listening connection is checked, so that a connection dead without a word is noticed. */
    private static final long CHECK_SILENT_CONNECTION_NANOS =
            Duration.ofSeconds(10).toNanos();

    private static final int WAIT_FOR_NOTIFICATIONS_MILLIS = 500;

    private final DataSource dataSource;
    private final String nodeId;
    private final Runnable wake;
    private final Duration minInterval;
    private final Duration retryAfter;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Thread listener;
    private final Thread sender;
    private volatile boolean closed;

    PostgresCommitNotifications(
            DataSource dataSource, String nodeId, Runnable wake, Duration minInterval, Duration retryAfter) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.wake = wake;
        this.minInterval = minInterval;
        this.retryAfter = retryAfter;
        this.listener = new Thread(this::listen, "commit-notifications-listen");
        this.sender = new Thread(this::send, "commit-notifications-send");
        listener.setDaemon(true);
        sender.setDaemon(true);
    }

    PostgresCommitNotifications start() {
        listener.start();
        sender.start();
        return this;
    }

    /** This node committed events: the other nodes are told soon. */
    void committedLocally() {
        if (!pending.getAndSet(true)) {
            LockSupport.unpark(sender);
        }
    }

    private void listen() {
        boolean lost = false;
        while (!closed) {
            try (Connection connection = connect("listen")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (lost) {
                    log.info("Listening for other nodes' commits again");
                    lost = false;
                }
                wake.run();
                awaitNotifications(connection);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    log.warn(
                            "Lost the connection that listens for other nodes' commits ({}): their events reach this"
                                    + " node's projections at the next poll of the store until it is back; retrying"
                                    + " every {}",
                            e.getMessage(),
                            retryAfter);
                    lost = true;
                }
                LockSupport.parkNanos(retryAfter.toNanos());
            }
        }
    }

    private void awaitNotifications(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long checkedAt = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(WAIT_FOR_NOTIFICATIONS_MILLIS);
            boolean fromOthers = false;
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    fromOthers |= !nodeId.equals(notification.getParameter());
                }
            }
            if (fromOthers) {
                wake.run();
                checkedAt = System.nanoTime();
            } else if (System.nanoTime() - checkedAt > CHECK_SILENT_CONNECTION_NANOS) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                checkedAt = System.nanoTime();
            }
        }
    }

    private void send() {
        Connection connection = null;
        while (!closed) {
            if (!pending.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try {
                if (connection == null) {
                    connection = connect("notify");
                    try (Statement statement = connection.createStatement()) {
                        // a lost notification costs a poll interval, not data: no need to wait for the disk
                        statement.execute("SET synchronous_commit = off");
                    }
                }
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, nodeId);
                    notify.execute();
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("Could not tell the other nodes of a commit; they find it at their next poll", e);
                closeQuietly(connection);
                connection = null;
                LockSupport.parkNanos(retryAfter.toNanos());
            }
            LockSupport.parkNanos(minInterval.toNanos());
        }
        closeQuietly(connection);
    }

    /** A connection of its own, with the pool's settings where the pool is Hikari's; a pooled one otherwise. */
    private Connection connect(String purpose) throws SQLException {
        Connection connection;
        if (dataSource.isWrapperFor(HikariDataSource.class)
                && dataSource.unwrap(HikariDataSource.class).getJdbcUrl() != null) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            Properties properties = new Properties();
            properties.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            properties.setProperty("ApplicationName", "dirsync " + purpose + " " + nodeId);
            connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        } else {
            connection = dataSource.getConnection();
        }
        connection.setAutoCommit(true);
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sender);
        listener.interrupt();
    }
}
