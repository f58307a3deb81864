package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * Issues {@code token} and gives the token in use until now {@code previousTokenExpiresIn} more to work
 * ({@link Duration#ZERO}: it stops at once). {@code now} is when the admin asked, the instant expiries count from.
 */
public record RotateConnectionTokenCommand(
        @TargetAggregateIdentifier String connectionId,
        TokenDigest token,
        Instant now,
        Duration previousTokenExpiresIn) {}
