package io.dirsync.scim.group;

import java.util.List;

/** A group as a client sent it in a POST or PUT. */
public record ScimGroupInput(String displayName, String externalId, List<String> memberIds) {}
