package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneIngressSpec {
    @JsonPropertyDescription("Name of the zone-ingress Deployment in the system namespace.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 249)
    @Default("kuma-ingress")
    public String deploymentName = "kuma-ingress";

    @JsonPropertyDescription("Minimum replicas of the HorizontalPodAutoscaler.")
    @Min(1)
    @Max(1_000)
    @Default("2")
    public Integer minReplicas = 2;

    @JsonPropertyDescription("Maximum replicas of the HorizontalPodAutoscaler.")
    @Min(1)
    @Max(1_000)
    @Default("10")
    public Integer maxReplicas = 10;

    @JsonPropertyDescription("Target average CPU utilisation.")
    @Min(1)
    @Max(100)
    @Default("70")
    public Integer targetCPUUtilizationPercentage = 70;
}
