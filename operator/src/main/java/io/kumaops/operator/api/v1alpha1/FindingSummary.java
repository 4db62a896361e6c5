package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class FindingSummary {
    @JsonPropertyDescription("Unsuppressed Error findings.")
    public int errors;
    @JsonPropertyDescription("Unsuppressed Warning findings.")
    public int warnings;
    @JsonPropertyDescription("Unsuppressed Info findings.")
    public int infos;
    @JsonPropertyDescription("Suppressed findings of any severity.")
    public int suppressed;

    /**
     * The one count of findings (status, lint's reports): unsuppressed ones by severity, suppressed ones apart, and a
     * finding without a severity in no bucket but the total.
     */
    public static FindingSummary of(Iterable<Finding> findings) {
        FindingSummary summary = new FindingSummary();
        for (Finding finding : findings) {
            if (finding.isSuppressed()) {
                summary.suppressed++;
            } else if (finding.severity != null) {
                switch (finding.severity) {
                    case Error -> summary.errors++;
                    case Warning -> summary.warnings++;
                    case Info -> summary.infos++;
                }
            }
        }
        return summary;
    }
}
