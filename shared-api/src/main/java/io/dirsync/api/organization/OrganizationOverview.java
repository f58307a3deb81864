package io.dirsync.api.organization;

import java.util.List;

/** An organization with its role keys, in the order they were defined. */
public record OrganizationOverview(String id, String name, String defaultRole, List<String> roles) {}
