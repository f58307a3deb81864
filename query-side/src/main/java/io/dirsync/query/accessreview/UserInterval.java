package io.dirsync.query.accessreview;

import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;

/** What one interval of a user's history holds: status and the profile fields an access review shows. */
record UserInterval(
        String connectionId,
        String status,
        boolean deleted,
        boolean erased,
        String userName,
        String email,
        String givenName,
        String familyName) {
    static final String ACTIVE = "Active";
    static final String DEACTIVATED = "Deactivated";

    static UserInterval of(String connectionId, UserProfile profile, boolean active) {
        return new UserInterval(connectionId, active ? ACTIVE : DEACTIVATED, false, false, null, null, null, null)
                .withProfile(profile);
    }

    UserInterval withProfile(UserProfile profile) {
        PersonName name = profile.name();
        return new UserInterval(
                connectionId,
                status,
                deleted,
                erased,
                profile.userName(),
                profile.primaryEmail(),
                name == null ? null : name.givenName(),
                name == null ? null : name.familyName());
    }

    UserInterval withStatus(boolean active, boolean deleted) {
        return new UserInterval(
                connectionId, active ? ACTIVE : DEACTIVATED, deleted, erased, userName, email, givenName, familyName);
    }

    UserInterval erasedNow() {
        return new UserInterval(connectionId, status, deleted, true, ErasedProfile.MARKER, null, null, null);
    }
}
