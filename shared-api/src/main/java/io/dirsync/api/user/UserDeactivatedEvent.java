package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/**
 * The identity provider set {@code active=false}. The user stays readable over SCIM; sessions are revoked.
 *
 * <p>Revision 2 added {@code requestedVia}: the SCIM method that carried the deactivation ("PUT" for Okta's
 * App Integration Wizard apps, "PATCH" for OIN apps and Entra ID), which tells an auditor which IdP flow
 * acted. Revision 1 events are upcast with "unknown": what they did not record cannot be recovered.
 */
@Revision("2")
public record UserDeactivatedEvent(String userId, String connectionId, String requestedVia) {}
