package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficPermissionsSpec {
    @JsonPropertyDescription("AllowAll keeps an allow-all MeshTrafficPermission; Restricted creates the rules, observes them, then removes the allow-all.")
    @Default("AllowAll")
    public TrafficPermissionMode mode = TrafficPermissionMode.AllowAll;

    @JsonPropertyDescription("Adopting a Mesh that already runs mTLS never adds an allow-all on its own, since that would open access the operator did not grant. Set true to let mode AllowAll add it anyway, on purpose.")
    @Default("false")
    public Boolean allowWidening = false;

    @JsonPropertyDescription("Fine-grained permissions, each emitted as one MeshTrafficPermission.")
    public List<PermissionRule> rules = new ArrayList<>();
}
