package io.dirsync.api.user;

import java.util.List;
import java.util.Map;

/**
 * The attributes dirsync synchronises for a user, as the identity provider last sent them.
 * Events carry the whole profile after a change so that each event reads on its own: an auditor
 * never has to fold earlier events to know what a user looked like.
 *
 * @param customAttributes attributes under our custom extension schema, JSON-compatible values
 *                         (String, Number, Boolean, List, Map), keyed by attribute name
 */
public record UserProfile(
        String userName,
        String externalId,
        PersonName name,
        String displayName,
        List<EmailAddress> emails,
        EnterpriseAttributes enterprise,
        Map<String, Object> customAttributes) {

    public UserProfile {
        emails = emails == null ? List.of() : List.copyOf(emails);
        customAttributes = customAttributes == null ? Map.of() : Map.copyOf(customAttributes);
    }

    /** The address mail goes to: the primary one, else the first. */
    public String primaryEmail() {
        return emails.stream().filter(EmailAddress::primary).findFirst()
                .or(() -> emails.stream().findFirst())
                .map(EmailAddress::value)
                .orElse(null);
    }
}
