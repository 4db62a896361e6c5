package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlatformSpec {
    @JsonPropertyDescription("Generic, GKE, GKEAutopilot, EKS, AKS or OpenShift. Empty: detect from the live cluster.")
    public PlatformProvider provider;

    @JsonPropertyDescription("Kuma CNI plugin (required on GKE Autopilot and OpenShift).")
    public CniSpec cni;

    @JsonPropertyDescription("Cilium settings that matter to Kuma. Empty: detect from Cilium's ConfigMap.")
    public CiliumSpec cilium;
}
