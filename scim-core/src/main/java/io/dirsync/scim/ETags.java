package io.dirsync.scim;

/** {@code meta.version} and the ETag header: a weak validator built from the aggregate version. */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * The version an If-Match header asks for, or null when the header is absent or {@code *}.
     * A value that is not one of our ETags can never match, so it is a 412, not a 400.
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new ScimException(412, null, "If-Match " + ifMatch + " does not match the current version");
        }
    }
}
