package io.dirsync.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Revision 1 to 2 of the three events that carry a {@link UserProfile}: the typed slice of revision 1
 * ({@code enterprise.managerId}, {@code customAttributes}) becomes the SCIM document revision 2 carries, with the
 * extensions under their URNs. The conversion itself is {@link UserProfile}'s reading of a revision-1 profile, so
 * events and stored read-model rows convert alike. Runs after the personal data is opened; an erased profile is
 * already in the new shape and passes unchanged.
 */
@Component
@Order(2)
public class UserProfileDocumentUpcaster extends SingleEventUpcaster {
    private static final Set<String> TYPES = Set.of(
            UserProvisionedEvent.class.getName(),
            UserReprovisionedEvent.class.getName(),
            UserProfileUpdatedEvent.class.getName());
    private static final String PROFILE = "profile";
    private final ObjectMapper objectMapper = new ObjectMapper();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName())
                && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.upcastPayload(new SimpleSerializedType(type, "2"), JsonNode.class, payload -> {
            JsonNode profile = payload.get(PROFILE);
            if (profile != null && profile.isObject()) {
                UserProfile converted = objectMapper.convertValue(profile, UserProfile.class);
                ((ObjectNode) payload).set(PROFILE, objectMapper.valueToTree(converted));
            }
            return payload;
        });
    }
}
