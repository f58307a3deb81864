package io.dirsync.scim;

/** Resource URLs under a connection's SCIM base URL, spelled once for the read and the write side. */
public final class ScimLocations {
    private ScimLocations() {}

    public static String base(String origin, String connectionId) {
        return origin + "/scim/v2/" + connectionId;
    }

    public static String users(String origin, String connectionId) {
        return base(origin, connectionId) + "/Users";
    }

    public static String user(String origin, String connectionId, String userId) {
        return users(origin, connectionId) + "/" + userId;
    }

    public static String groups(String origin, String connectionId) {
        return base(origin, connectionId) + "/Groups";
    }

    public static String group(String origin, String connectionId, String groupId) {
        return groups(origin, connectionId) + "/" + groupId;
    }
}
