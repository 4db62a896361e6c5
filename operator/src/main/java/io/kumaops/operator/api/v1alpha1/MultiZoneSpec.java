package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultiZoneSpec {
    @JsonPropertyDescription("Multi-zone deployment. Cross-zone traffic is only configured once mTLS is observed enabled.")
    @Default("false")
    public Boolean enabled = Boolean.FALSE;

    @JsonPropertyDescription("Zones, emitted as Zone objects on the global control plane.")
    public List<ZoneSpec> zones = new ArrayList<>();

    @JsonPropertyDescription("KDS address of the global control plane, e.g. grpcs://kuma-global.example.com:5685 (zone control planes).")
    @Pattern(Patterns.KDS_ADDRESS)
    public String globalKdsAddress;

    @JsonPropertyDescription("Autoscaling and disruption budget for the zone-ingress Deployment.")
    public ZoneIngressSpec zoneIngress;

    @JsonPropertyDescription("On a global control plane: a NetworkPolicy lets only the KDS port (zone control planes) and the admission webhook reach it, not data planes.")
    @Default("true")
    public Boolean fenceGlobalControlPlane = Boolean.TRUE;

    @JsonPropertyDescription("CIDRs of the zone control planes allowed to reach the global KDS port; empty allows any source on that port only.")
    public List<String> zoneControlPlaneCidrs = new ArrayList<>();
}
