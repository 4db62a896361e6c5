package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MtlsRotationStatus {
    @JsonPropertyDescription("AddingBackend, Switching, Draining or Done.")
    public String phase;
    @JsonPropertyDescription("The backend being retired.")
    public String fromBackend;
    @JsonPropertyDescription("The backend being enabled.")
    public String toBackend;
    @JsonPropertyDescription("When enabledBackend was switched (RFC 3339).")
    public String switchedAt;
    @JsonPropertyDescription("Earliest time the old backend may be removed (RFC 3339).")
    public String retireAfter;
}
