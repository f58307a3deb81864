package io.dirsync.command.user;

import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.command.connection.DeletionPolicies;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Every connection has the given deletion policy, as the command-side table would answer. */
final class DeletionPolicyStub {
    private DeletionPolicyStub() {
    }

    static DeletionPolicies of(DeletionPolicy policy) {
        DeletionPolicies policies = mock(DeletionPolicies.class);
        when(policies.of(anyString())).thenReturn(policy);
        return policies;
    }
}
