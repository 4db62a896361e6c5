package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaBackend {
    @JsonPropertyDescription("Backend name, unique in the mesh.")
    @Required
    @Pattern(Patterns.DNS_LABEL)
    public String name;

    @JsonPropertyDescription("Builtin (Kuma generates the CA) or Provided (your CA, referenced by Secret).")
    @Required
    public CaBackendType type;

    @JsonPropertyDescription("Lifetime of data-plane certificates in Kuma's format (one integer and one unit: y, w, d, h, m, s, ms), e.g. 24h or 30d. The old backend is retired only after this long once a rotation switched away from it. The schema also admits Go durations (1h30m), which earlier releases took; the operator refuses them (InvalidSpec).")
    @Pattern(Patterns.STORED_KUMA_DURATION)
    @Default("24h")
    public String dpCertValidity = "24h";

    @JsonPropertyDescription("Lifetime of a Builtin CA certificate in Kuma's format (one integer and one unit), e.g. 10y or 87600h. The schema also admits Go durations, which earlier releases took; the operator refuses them (InvalidSpec).")
    @Pattern(Patterns.STORED_KUMA_DURATION)
    public String caValidity;

    @JsonPropertyDescription("RSA key size of a Builtin CA: 2048, 3072 or 4096.")
    @Min(2048)
    @Max(4096)
    public Integer rsaBits;

    @JsonPropertyDescription("Provided CA only: Kuma Secret holding the CA certificate. Kuma reads the Secret's 'value' key.")
    public SecretKeyRef certSecretRef;

    @JsonPropertyDescription("Provided CA only: Kuma Secret holding the CA private key. Kuma reads the Secret's 'value' key.")
    public SecretKeyRef keySecretRef;
}
