package io.dirsync.command.erasure;

import java.util.Collection;
import java.util.Optional;

/**
 * One random 256-bit data key per user: the personal data in the user's events is encrypted with it, and destroying
 * it erases that data from every stored event at once, without rewriting a single event (whose hash chain would
 * then break). Owned by the command side; every call joins the caller's transaction.
 */
public interface UserDataKeys {

    /** The user's key, created on first use (in the transaction that stores the user's first encrypted event). */
    byte[] obtain(String userId);

    /**
     * The key of a user whose id the caller has just chosen, so none can exist yet: stored without first looking for
     * one (a create's {@link #obtain} would otherwise run a query that always comes back empty).
     */
    default byte[] createForNewUser(String userId) {
        return obtain(userId);
    }

    /** Empty once the user was erased (or for a user whose events predate encryption). */
    Optional<byte[]> find(String userId);

    /**
     * Reads the keys of these users together, so that the {@link #find}s that follow soon in the same transaction
     * need no query each: a streaming processor's batch opens a hundred users' events. Does nothing where finding is
     * already cheap.
     */
    default void prefetch(Collection<String> userIds) {}

    /** Crypto-shredding: afterwards the user's encrypted personal data reads as erased, everywhere. */
    void destroy(String userId);
}
