package io.jmreg.api.events;

/** A registered listener; closing it removes the listener (and throws nothing). */
public interface Subscription extends AutoCloseable {
    /** Removes the listener; closing twice is harmless. */
    @Override
    void close();
}
