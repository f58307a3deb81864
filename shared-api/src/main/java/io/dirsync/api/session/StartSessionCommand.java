package io.dirsync.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Signs a directory user in (as the application downstream would); refused for a deactivated user. */
public record StartSessionCommand(@TargetAggregateIdentifier String userId, String sessionId) {}
