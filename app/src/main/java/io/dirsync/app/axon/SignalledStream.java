package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.Set;

/**
 * A stream whose availability callback joins a set that its source runs when events may have arrived (a commit, a
 * read of the shared stream), and leaves it when replaced or when the stream closes.
 */
class SignalledStream extends ForwardingEventSource.ForwardingStream {
    private final Set<Runnable> callbacks;
    private Runnable callback;

    SignalledStream(BlockingStream<TrackedEventMessage<?>> delegate, Set<Runnable> callbacks) {
        super(delegate);
        this.callbacks = callbacks;
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
        if (this.callback != null) {
            callbacks.remove(this.callback);
        }
        this.callback = callback;
        callbacks.add(callback);
        return true;
    }

    @Override
    public void close() {
        if (callback != null) {
            callbacks.remove(callback);
        }
        delegate.close();
    }
}
