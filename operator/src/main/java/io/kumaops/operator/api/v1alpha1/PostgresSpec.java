package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresSpec {
    @JsonPropertyDescription("Postgres host name.")
    @Required
    public String host;

    @JsonPropertyDescription("Postgres port.")
    @Min(1)
    @Max(65535)
    @Default("5432")
    public Integer port = 5432;

    @JsonPropertyDescription("Database name.")
    @Default("kuma")
    public String database = "kuma";

    @JsonPropertyDescription("Secret holding the user and password (keys: username, password). Passwords are never written inline.")
    @Required
    public SecretRef credentialsSecretRef;

    @JsonPropertyDescription("TLS mode of the connection: Disable, VerifyNone, VerifyCa or VerifyFull.")
    @Default("VerifyFull")
    public PostgresTlsMode tlsMode = PostgresTlsMode.VerifyFull;
}
