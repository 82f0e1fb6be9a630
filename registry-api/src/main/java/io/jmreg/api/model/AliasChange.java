package io.jmreg.api.model;

import java.time.Instant;

/**
 * One move of an alias, from the commit log.
 *
 * @param alias    the alias
 * @param version  the version it points to after the change, or null when removed
 * @param previous the version it pointed to before, or null
 * @param at       when the change was committed
 * @param by       the principal that made it
 * @param sequence the log sequence number of the change
 */
public record AliasChange(String alias, String version, String previous, Instant at, String by, long sequence) {
}
