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
}
