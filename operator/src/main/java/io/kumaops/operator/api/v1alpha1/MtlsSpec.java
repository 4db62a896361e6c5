package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MtlsSpec {
    @JsonPropertyDescription("Enable mutual TLS. The operator first makes sure a MeshTrafficPermission is in place, so traffic keeps flowing.")
    @Default("false")
    public Boolean enabled = Boolean.FALSE;

    @JsonPropertyDescription("Final mode: Strict, or Permissive (accepts plaintext inbound; a temporary migration state).")
    @Default("Strict")
    public MtlsMode mode = MtlsMode.Strict;

    @JsonPropertyDescription("Name of the backend that issues certificates; must be one of backends. Changing it starts a two-phase CA rotation.")
    @Pattern(Patterns.DNS_LABEL)
    public String enabledBackend;

    @JsonPropertyDescription("CA backends. List at least two so the CA can be rotated.")
    public List<CaBackend> backends = new ArrayList<>();
}
