package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * First in the upcaster chain: opens sealed personal data (or puts its erased form in its place) before any real
 * upcaster runs, so that a future upcaster of a personal event works on the plain values, as if encryption were
 * not there. Type and revision stay as stored: sealing is how the store keeps an event, not a new event shape.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PersonalDataOpeningUpcaster extends SingleEventUpcaster {
    private final PersonalDataEnvelope envelope;

    public PersonalDataOpeningUpcaster(PersonalDataEnvelope envelope) {
        this.envelope = envelope;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return envelope.carriesPersonalData(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.upcastPayload(
                representation.getType(), JsonNode.class, payload -> envelope.open(type, payload.deepCopy()));
    }
}
