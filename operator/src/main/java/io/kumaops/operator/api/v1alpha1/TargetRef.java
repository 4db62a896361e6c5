package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetRef {
    @JsonPropertyDescription("Service (a Kubernetes Service by name, namespace and port: the way Kuma tags its data planes on Kubernetes), Mesh, MeshSubset (tags), MeshService or MeshServiceSubset (a kuma.io/service tag value as written).")
    @Required
    public TargetKind kind;

    @JsonPropertyDescription("Service name (kind Service), or the kuma.io/service tag value (MeshService and MeshServiceSubset).")
    @Pattern(Patterns.KUMA_SERVICE)
    public String name;

    @JsonPropertyDescription("Namespace of the Kubernetes Service (kind Service, required), or of a MeshService resource (kind MeshService). Kuma allows no namespace on Mesh, MeshSubset or MeshServiceSubset.")
    @Pattern(Patterns.DNS_LABEL)
    public String namespace;

    @JsonPropertyDescription("Data-plane tags (MeshSubset and MeshServiceSubset).")
    public Map<String, String> tags;

    @JsonPropertyDescription("Port of the Kubernetes Service (kind Service, required).")
    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(65535)
    public Integer port;

    public TargetRef() {
    }

    public TargetRef(TargetKind kind, String name) {
        this.kind = kind;
        this.name = name;
    }
}
