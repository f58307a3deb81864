package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.messages.PatchOpType;

/** An RFC 7644 operation after the IdP dialect was taken out of it. */
public record NormalizedOperation(PatchOpType type, String path, JsonNode value) {}
