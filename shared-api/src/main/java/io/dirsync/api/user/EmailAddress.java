package io.dirsync.api.user;

public record EmailAddress(String value, String type, boolean primary) {}
