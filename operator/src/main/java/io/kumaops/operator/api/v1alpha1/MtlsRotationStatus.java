package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MtlsRotationStatus {
    public static final String ADDING_BACKEND = "AddingBackend";
    public static final String SWITCHING = "Switching";
    public static final String DRAINING = "Draining";
    public static final String DONE = "Done";

    @JsonPropertyDescription("AddingBackend, Switching, Draining or Done.")
    public String phase;
    @JsonPropertyDescription("The backend being retired (several, comma-separated, when a new profile found backends it does not list).")
    public String fromBackend;
    @JsonPropertyDescription("The backend being enabled.")
    public String toBackend;
    @JsonPropertyDescription("When enabledBackend was switched (RFC 3339).")
    public String switchedAt;
    @JsonPropertyDescription("When the old backend's data-plane certificates have expired at the latest (RFC 3339): with Kuma's evidence the bound past which data planes still holding one are a Warning; with spec.rollout.gates ApiServerOnly the earliest time the old backend may be removed.")
    public String retireAfter;
    @JsonPropertyDescription("What happens next, e.g. which backend is kept until when.")
    public String message;
}
