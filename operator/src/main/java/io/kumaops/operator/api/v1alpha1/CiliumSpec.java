package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CiliumSpec {
    @JsonPropertyDescription("Cilium is the cluster's CNI. Empty: detect.")
    public Boolean present;

    @JsonPropertyDescription("Cilium's kubeProxyReplacement; must be false with Kuma's transparent proxy.")
    public Boolean kubeProxyReplacement;

    @JsonPropertyDescription("Cilium's cni.exclusive; must be false so Kuma CNI can chain.")
    public Boolean cniExclusive;
}
