package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneSpec {
    @JsonPropertyDescription("Zone name, as the zone control plane's controlPlane.zone.")
    @Required
    @Pattern(Patterns.DNS_LABEL)
    public String name;

    @JsonPropertyDescription("false disables the zone (its traffic is no longer routed).")
    @Default("true")
    public Boolean enabled = Boolean.TRUE;
}
