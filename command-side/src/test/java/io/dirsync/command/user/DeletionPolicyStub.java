package io.dirsync.command.user;

import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.command.connection.ConnectionPolicies;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Every connection has the given deletion policy and rejects undefined attributes, as the command-side tables would answer. */
final class DeletionPolicyStub {
    private DeletionPolicyStub() {}

    static ConnectionPolicies of(DeletionPolicy policy) {
        ConnectionPolicies policies = mock(ConnectionPolicies.class);
        when(policies.deletion(anyString())).thenReturn(policy);
        when(policies.unknownAttributes(anyString())).thenReturn(UnknownAttributes.REJECT);
        return policies;
    }
}
