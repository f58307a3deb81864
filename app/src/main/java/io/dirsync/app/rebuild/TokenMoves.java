package io.dirsync.app.rebuild;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.util.Collections;

/**
 * Moves every segment of a stopped processor, whose claims this node holds, to one position of the store, without the
 * reset that would empty its tables: after a rebuild the processor goes on from the position the rebuild reached.
 */
final class TokenMoves {
    private final TokenStore tokenStore;
    private final String processorName;
    private final int[] claimedSegments;
    private final int segmentsIfNone;

    TokenMoves(TokenStore tokenStore, String processorName, int[] claimedSegments, int segmentsIfNone) {
        this.tokenStore = tokenStore;
        this.processorName = processorName;
        this.claimedSegments = claimedSegments;
        this.segmentsIfNone = segmentsIfNone;
    }

    /**
     * In the caller's transaction. Every index up to {@code position} is below the commit horizon, so the token has no
     * gaps; a processor that never ran anywhere gets its segments made here.
     */
    void to(long position) {
        TrackingToken token = GapAwareTrackingToken.newInstance(position, Collections.emptySet());
        if (claimedSegments.length == 0) {
            tokenStore.initializeTokenSegments(processorName, segmentsIfNone, token);
            return;
        }
        for (int segment : claimedSegments) {
            tokenStore.storeToken(token, processorName, segment);
        }
    }
}
