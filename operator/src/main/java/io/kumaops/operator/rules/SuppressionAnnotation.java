package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The {@code kumaops.io/suppress: "CodeA,CodeB"} annotation: suppression without editing the spec. */
public final class SuppressionAnnotation {

    public static final String KEY = "kumaops.io/suppress";
    public static final String REASON = "annotation " + KEY;

    private SuppressionAnnotation() {
    }

    /** The codes listed in the annotation, trimmed, blanks dropped, in order of appearance. */
    public static List<String> codes(KumaProductionProfile profile) {
        if (profile == null || profile.getMetadata() == null) {
            return List.of();
        }
        Map<String, String> annotations = profile.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(KEY);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.copyOf(Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(code -> !code.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
}
