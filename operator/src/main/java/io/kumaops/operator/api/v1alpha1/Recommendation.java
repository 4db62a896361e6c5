package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Recommendation {
    @JsonPropertyDescription("What the recommendation is about, e.g. controlPlane.resources.requests.memory.")
    public String field;
    @JsonPropertyDescription("The recommended value.")
    public String value;
    @JsonPropertyDescription("The value in place now, if known.")
    public String current;
    @JsonPropertyDescription("Why, with the figures it is derived from.")
    public String reason;

    public Recommendation() {
    }

    public Recommendation(String field, String value, String current, String reason) {
        this.field = field;
        this.value = value;
        this.current = current;
        this.reason = reason;
    }
}
