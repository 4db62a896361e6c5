package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetRef {
    @JsonPropertyDescription("Mesh, MeshSubset, MeshService or MeshServiceSubset.")
    @Required
    public TargetKind kind;

    @JsonPropertyDescription("MeshService name (MeshService and MeshServiceSubset).")
    @Pattern(Patterns.KUMA_SERVICE)
    public String name;

    @JsonPropertyDescription("Namespace of the MeshService, when it is not the rule's namespace.")
    @Pattern(Patterns.DNS_LABEL)
    public String namespace;

    @JsonPropertyDescription("Data-plane tags (MeshSubset and MeshServiceSubset).")
    public Map<String, String> tags;

    public TargetRef() {
    }

    public TargetRef(TargetKind kind, String name) {
        this.kind = kind;
        this.name = name;
    }
}
