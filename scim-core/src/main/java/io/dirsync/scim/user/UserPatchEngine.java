package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.api.user.UserProfile;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.patch.PatchApplier;

import java.util.List;

/**
 * A SCIM PATCH on a user: the current attributes as a SCIM document, the operations applied to it, and the
 * result read back with the same validation as a POST or PUT. So a PATCH can never store what a PUT would
 * reject (a user without emails, a number as userName).
 */
public final class UserPatchEngine {
    private final ScimUserMapper mapper;
    private final PatchApplier applier;

    public UserPatchEngine(ScimUserMapper mapper, PatchApplier applier) {
        this.mapper = mapper;
        this.applier = applier;
    }

    public ScimUserInput apply(UserProfile profile, boolean active, List<PatchOperation> operations) {
        return apply(profile, active, operations, UnknownAttributes.REJECT);
    }

    public ScimUserInput apply(
            UserProfile profile, boolean active, List<PatchOperation> operations, UnknownAttributes unknown) {
        ObjectNode document = mapper.attributes(profile, active);
        applier.apply(document, operations, unknown);
        if (JsonAttributes.get(document, "active") == null) {
            // the user is active or not, always: unassigning it would leave the status undecided
            throw JsonAttributes.invalid("active", "cannot be removed; replace it with false to deactivate the user");
        }
        document.putArray("schemas").add(ScimSchemas.USER);
        return mapper.read(document, unknown);
    }
}
