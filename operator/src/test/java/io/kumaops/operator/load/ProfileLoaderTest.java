package io.kumaops.operator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.StoreType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {

    private static final String HEADER = "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: p}\n";

    private static List<LoadedProfile> parse(String yaml) throws ProfileInputException {
        return ProfileLoader.strict().parse("f.yaml", yaml);
    }

    private static String problem(String yaml) {
        try {
            parse(yaml);
        } catch (ProfileInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the profile to be rejected");
    }

    @Test
    void appliesDefaultsToAnEmptySpec() throws Exception {
        KumaProductionProfile profile = parse(HEADER + "spec: {}\n").get(0).profile();
        assertThat(profile.meshName()).isEqualTo("p");
        assertThat(profile.getSpec().kumaVersion).isEqualTo("2.14");
        assertThat(profile.getSpec().controlPlane.systemNamespace).isEqualTo("kuma-system");
        assertThat(profile.getSpec().controlPlane.store.type).isEqualTo(StoreType.Kubernetes);
        assertThat(profile.getSpec().platform.provider).as("empty platform fields mean detect").isNull();
    }

    @Test
    void rejectsUnknownFieldsNamingThePath() {
        assertThat(problem(HEADER + "spec:\n  mtls: {enabld: true}\n"))
                .contains("f.yaml (document 1, line 1)").contains("spec.mtls.enabld: unknown field").contains("enabled");
    }

    @Test
    void rejectsInvalidValuesWithTheFix() {
        assertThat(problem(HEADER + "spec:\n  controlPlane: {store: {type: Disk}}\n"))
                .contains("spec.controlPlane.store.type: \"Disk\" is not allowed; use one of");
        assertThat(problem(HEADER + "spec:\n  controlPlane: {replicas: 0}\n"))
                .contains("spec.controlPlane.replicas: must be at least 1, got 0");
        assertThat(problem(HEADER + "spec:\n  kumaVersion: \"3.0\"\n")).contains("spec.kumaVersion");
        assertThat(problem(HEADER + "spec:\n  sidecar: {requests: {cpu: lots}}\n"))
                .contains("spec.sidecar.requests.cpu: \"lots\" is not a Kubernetes quantity");
    }

    @Test
    void rejectsKeyMaterialInline() {
        assertThat(problem(HEADER + """
                spec:
                  mtls:
                    backends:
                      - {name: ca, type: Provided, cert: "-----BEGIN CERTIFICATE-----"}
                """)).contains("spec.mtls.backends[0].cert: unknown field");
        assertThat(problem(HEADER + """
                spec:
                  controlPlane:
                    store: {type: Postgres, postgres: {host: pg, password: hunter2, credentialsSecretRef: {name: s}}}
                """)).contains("spec.controlPlane.store.postgres.password: unknown field");
    }

    @Test
    void rejectsCrossFieldMistakes() {
        assertThat(problem(HEADER + "spec:\n  controlPlane: {store: {type: Postgres}}\n"))
                .contains("spec.controlPlane.store.postgres: required when spec.controlPlane.store.type is Postgres");
        assertThat(problem(HEADER + "spec:\n  mtls: {backends: [{name: a, type: Provided}]}\n"))
                .contains("spec.mtls.backends[0].certSecretRef: required for a Provided CA");
        assertThat(problem(HEADER + "spec:\n  mtls: {backends: [{name: a, type: Builtin}, {name: a, type: Builtin}]}\n"))
                .contains("spec.mtls.backends[1].name: \"a\" is used twice");
        assertThat(problem(HEADER + "spec:\n  sidecar: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}\n"))
                .contains("spec.sidecar.requests.memory: exceeds limits.memory");
    }

    @Test
    void distributionKumaAdmitsOneBackendAndKumasDurationFormat() {
        assertThat(problem(HEADER + "spec:\n  mtls: {backends: [{name: a, type: Builtin}, {name: b, type: Builtin}]}\n"))
                .contains("spec.mtls.backends: 2 backends, but open-source Kuma admits one mTLS backend per Mesh")
                .contains("spec.distribution: KongMesh");
        assertThat(problem(HEADER + "spec:\n  mtls: {backends: [{name: a, type: Builtin, dpCertValidity: 1h30m}]}\n"))
                .contains("spec.mtls.backends[0].dpCertValidity", "is not in Kuma's duration format");
    }

    @Test
    void emptyPolicyBlocksAreRefusedWithTheFieldNamed() {
        // Kuma refuses the policies they would render (pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go, …).
        assertThat(problem(HEADER + "spec:\n  policies: {timeout: {}}\n")).contains("spec.policies.timeout: empty");
        assertThat(problem(HEADER + "spec:\n  policies: {retry: {}}\n")).contains("spec.policies.retry: empty");
        assertThat(problem(HEADER + "spec:\n  policies: {circuitBreaker: {}}\n")).contains("spec.policies.circuitBreaker: empty");
    }

    @Test
    void rejectsWrongKindAndVersionAndBrokenYaml() {
        assertThat(problem("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")).contains("kind: \"ConfigMap\" is not a KumaProductionProfile");
        assertThat(problem("apiVersion: kumaops.io/v1\nkind: KumaProductionProfile\nmetadata: {name: p}\n"))
                .contains("apiVersion: \"kumaops.io/v1\" is not served; set apiVersion: kumaops.io/v1alpha1");
        assertThat(problem(HEADER + "spec: {mtls: [}\n")).contains("not valid YAML");
        assertThat(problem("apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nspec: {}\n")).contains("metadata.name: is required");
    }

    @Test
    void readsMultiDocumentFilesWithTheirLinesAndSkipsOtherKindsWhenAsked() throws Exception {
        String text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + HEADER + "spec: {}\n---\n"
                + HEADER.replace("name: p", "name: q") + "spec: {}\n";
        List<LoadedProfile> profiles = ProfileLoader.skippingOtherKinds().parse("multi.yaml", text);
        assertThat(profiles).extracting(p -> p.profile().getMetadata().getName()).containsExactly("p", "q");
        assertThat(profiles).extracting(LoadedProfile::line).containsExactly(5, 10);
        assertThat(profiles).extracting(LoadedProfile::documentIndex).containsExactly(2, 3);
    }

    @Test
    void readsDirectoriesRecursivelyAndStdin(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/a.yaml"), HEADER + "spec: {}\n");
        Files.writeString(dir.resolve("b.yml"), HEADER.replace("name: p", "name: b") + "spec: {}\n");
        Files.writeString(dir.resolve("notes.txt"), "not yaml: [");
        var stdin = new ByteArrayInputStream((HEADER.replace("name: p", "name: s") + "spec: {}\n").getBytes(StandardCharsets.UTF_8));
        List<LoadedProfile> profiles = ProfileLoader.strict().load(List.of(dir.toString(), "-"), stdin);
        assertThat(profiles).extracting(p -> p.profile().getMetadata().getName()).containsExactly("b", "p", "s");
        assertThat(profiles.get(2).source()).isEqualTo("<stdin>");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ProfileLoader.strict().load(List.of("/nope/x.yaml"), System.in))
                .hasMessageContaining("/nope/x.yaml: no such file or directory");
    }
}
