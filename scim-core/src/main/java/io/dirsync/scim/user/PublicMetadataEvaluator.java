package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.user.UserProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's mapped {@code publicMetadata}: each mapping's SCIM path evaluated against the user's SCIM rendering
 * (the same document a SCIM GET shows and a PATCH applies to), so a value an admin maps is exactly the value the
 * IdP sees for that path.
 */
public final class PublicMetadataEvaluator {
    private final ScimUserMapper mapper;
    private final ObjectMapper objectMapper;

    public PublicMetadataEvaluator(ObjectMapper objectMapper) {
        this.mapper = new ScimUserMapper(objectMapper);
        this.objectMapper = objectMapper;
    }

    /** Mappings parsed once, to evaluate against many users (a mapping change re-evaluates a whole connection). */
    public final class Compiled {
        private final List<Map.Entry<String, UserAttributePath>> paths;

        private Compiled(List<Map.Entry<String, UserAttributePath>> paths) {
            this.paths = paths;
        }

        /** attribute to value, in mapping order; attributes whose path matches nothing are absent. */
        public Map<String, Object> valuesFor(UserProfile profile, boolean active) {
            ObjectNode resource = mapper.attributes(profile, active);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, UserAttributePath> entry : paths) {
                entry.getValue()
                        .valueIn(resource)
                        .ifPresent(value -> values.put(entry.getKey(), objectMapper.convertValue(value, Object.class)));
            }
            return values;
        }
    }

    public Compiled compile(List<AttributeMapping> mappings) {
        List<Map.Entry<String, UserAttributePath>> paths = new ArrayList<>();
        for (AttributeMapping mapping : mappings) {
            try {
                paths.add(Map.entry(mapping.attribute(), UserAttributePath.parse(mapping.scimPath())));
            } catch (InvalidAttributeException e) {
                // stored mappings were checked when saved; one a later release stops accepting is skipped, not fatal to
                // a replay
            }
        }
        return new Compiled(List.copyOf(paths));
    }
}
