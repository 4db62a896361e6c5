package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CniSpec {
    @JsonPropertyDescription("Kuma CNI is installed (Helm cni.enabled). Empty: detect.")
    public Boolean enabled;

    @JsonPropertyDescription("Kuma CNI runs chained to another CNI (required with Cilium).")
    public Boolean chained;
}
