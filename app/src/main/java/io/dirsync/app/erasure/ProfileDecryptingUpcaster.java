package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * First in the upcaster chain: opens sealed profiles (or puts the erased marker in their place) before any real
 * upcaster runs, so that a future upcaster of a personal event works on the plain profile, as if encryption were
 * not there. Type and revision stay as stored: sealing is how the store keeps an event, not a new event shape.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProfileDecryptingUpcaster extends SingleEventUpcaster {
    private final ProfileEnvelope envelope;

    public ProfileDecryptingUpcaster(ProfileEnvelope envelope) {
        this.envelope = envelope;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return ProfileEnvelope.carriesPersonalData(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(representation.getType(), JsonNode.class, payload -> envelope.open(payload.deepCopy()));
    }
}
