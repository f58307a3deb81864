package io.dirsync.api.user;

/**
 * What a profile reads as once its user was erased: no personal data, and a userName that says why. Projections,
 * history, time travel and upcasters see this instead of failing on events whose key is gone.
 */
public final class ErasedProfile {
    public static final String MARKER = "[erased]";
    public static final UserProfile INSTANCE = new UserProfile(MARKER, null, null, null, null, null, null);

    private ErasedProfile() {}

    public static boolean isErased(UserProfile profile) {
        return profile != null
                && MARKER.equals(profile.userName())
                && profile.externalId() == null
                && profile.emails().isEmpty();
    }
}
