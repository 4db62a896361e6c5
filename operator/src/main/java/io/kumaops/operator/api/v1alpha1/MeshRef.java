package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeshRef {
    @JsonPropertyDescription("Name of the Kuma Mesh. Defaults to the profile's metadata.name.")
    @Pattern(Patterns.DNS_LABEL)
    public String name;
}
