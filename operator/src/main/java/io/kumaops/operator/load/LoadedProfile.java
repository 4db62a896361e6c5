package io.kumaops.operator.load;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;

/**
 * A profile read from a file.
 *
 * @param source        the file path as given, or {@code <stdin>}
 * @param documentIndex 1-based position of the YAML document in the file
 * @param line          1-based line where the document starts
 */
public record LoadedProfile(KumaProductionProfile profile, String source, int documentIndex, int line) {
}
