package io.jmreg.api.search;

import io.jmreg.api.model.ModelVersion;

/**
 * A version similar to another, with the distance (0 = the same on the basis compared).
 *
 * @param version  the similar version
 * @param distance the distance: root mean square of relative metric differences, or Jaccard distance of tags
 * @param basis    what was compared, e.g. {@code 3 shared metrics} or {@code tags}
 */
public record Similar(ModelVersion version, double distance, String basis) {
}
