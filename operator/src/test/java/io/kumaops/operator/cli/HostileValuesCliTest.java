package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that pass a lenient check and then crash the planner or forge output; each is refused naming its field. */
class HostileValuesCliTest {

    private static final String HEADER = "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\n";

    @TempDir
    Path dir;

    private CliRunner.Result render(String yaml) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return CliRunner.run("render", "-f", file.toString());
    }

    private void refused(String yaml, String... expected) throws IOException {
        CliRunner.Result result = render(yaml);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: ").contains("p.yaml (document 1, line 1)").contains(expected).doesNotContain("Exception");
        assertThat(result.err().strip().lines()).as("one line per problem").allMatch(l -> l.startsWith("error: ") || l.startsWith("  - "));
    }

    @Test
    void aTrailingNewlineInAPatternedFieldIsRefused() throws IOException {
        refused(HEADER + "metadata: {name: p}\nspec: {kumaVersion: \"2.14\\n\"}\n", "spec.kumaVersion: \"2.14\\n\" does not match");
        refused(HEADER + "metadata: {name: p}\nspec: {mesh: {name: \"m\\n\"}}\n", "spec.mesh.name: \"m\\n\" does not match");
    }

    @Test
    void aNameThatWouldInjectAnObjectIsRefused() throws IOException {
        refused(HEADER + "metadata: {name: \"x\\n---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: injected, namespace: kube-system}\\n#\"}\n"
                + "spec: {mesh: {name: ok}}\n", "metadata.name: \"x\\n---\\napiVersion");
        refused(HEADER + "metadata: {name: Payments}\n", "metadata.name: \"Payments\" is not a valid profile name");
        refused(HEADER + "metadata: {name: " + "a".repeat(64) + "}\nspec: {mesh: {name: ok}}\n", "at most 63 characters");
    }

    @Test
    void renderCommentsCannotBeBrokenOutOf() {
        assertThat(io.kumaops.operator.render.ManifestRendererAccess.comment("a\nb\rc\u2028d\u0085e")).isEqualTo("a\\nb\\rc\\u2028d\\u0085e");
    }

    @Test
    void quantitiesBeyondSixtyFourBitsAreRefusedNotACrash() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        refused(p + "spec: {sidecar: {requests: {cpu: \"1e30\"}}}\n", "spec.sidecar.requests.cpu: \"1e30\" is more than Kubernetes can hold");
        refused(p + "spec: {sidecar: {limits: {cpu: \"1180591620717411303424\"}}}\n", "spec.sidecar.limits.cpu");
        refused(p + "spec: {sidecar: {requests: {memory: \"9223372036854775808\"}}}\n", "spec.sidecar.requests.memory", "at most 9223372036854775807 bytes");
        refused(p + "spec: {controlPlane: {resources: {requests: {cpu: 1180591620717411303424}}}}\n", "spec.controlPlane.resources.requests.cpu");
        refused(p + "spec: {sidecar: {requests: {cpu: \"1e999999999\"}}}\n", "spec.sidecar.requests.cpu: \"1e999999999\" is not a Kubernetes quantity");
        refused(p + "spec: {sidecar: {requests: {cpu: \"\"}}}\n", "spec.sidecar.requests.cpu: not a Kubernetes quantity");
    }

    @Test
    void integersOfThirtyTwoBitsAndMoreNameTheField() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        refused(p + "spec: {controlPlane: {expectedDataplanes: 3000000000}}\n", "spec.controlPlane.expectedDataplanes: must be at most 1000000");
        refused(p + "spec: {controlPlane: {replicas: 1180591620717411303424}}\n", "spec.controlPlane.replicas: must be at most 15");
        refused(p + "spec: {policies: {circuitBreaker: {maxConnections: 2147483648}}}\n", "spec.policies.circuitBreaker.maxConnections: must be at most");
        refused(p + "spec: {multiZone: {zoneIngress: {maxReplicas: 9223372036854775808}}}\n", "spec.multiZone.zoneIngress.maxReplicas");
    }

    @Test
    void everyIntegerOfTheSpecIsInt32InTheCrd() throws IOException {
        String crd = Files.readString(io.kumaops.operator.support.ProjectPaths.root().resolve("crds/kumaproductionprofiles.kumaops.io-v1.yml"));
        String spec = crd.substring(crd.indexOf("\n          spec:\n"), crd.indexOf("\n          status:\n"));
        long integers = spec.lines().filter(l -> l.strip().equals("type: \"integer\"")).count();
        long int32 = spec.lines().filter(l -> l.strip().equals("format: \"int32\"")).count();
        assertThat(integers).isPositive().isEqualTo(int32);
    }

    @Test
    void durationsThatOverflowGoAreRefused() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        refused(p + "spec: {policies: {timeout: {idleTimeout: 9999999999999999h}}}\n",
                "spec.policies.timeout.idleTimeout: \"9999999999999999h\" is longer than Go's durations reach");
        refused(p + "spec: {policies: {retry: {perTryTimeout: 2562048h}}}\n", "spec.policies.retry.perTryTimeout");
        refused(p + "spec: {mtls: {backends: [{name: ca, type: Builtin, caValidity: 300y}]}}\n", "spec.mtls.backends[0].caValidity: \"300y\"");
        assertThat(render(p + "spec: {policies: {timeout: {idleTimeout: 2562047h}}}\n").exitCode()).as("the largest Go duration's hours").isZero();
    }

    @Test
    void cidrsMustBeAddresses() throws IOException {
        String p = HEADER + "metadata: {name: p}\nspec: {multiZone: {zoneControlPlaneCidrs: [%s]}}\n";
        refused(p.formatted("\"999.999.999.999/99\""), "spec.multiZone.zoneControlPlaneCidrs[0]: \"999.999.999.999/99\" is not a CIDR");
        refused(p.formatted("\"10.0.0.0/33\""), "zoneControlPlaneCidrs[0]");
        refused(p.formatted("\"fd00::/129\""), "zoneControlPlaneCidrs[0]");
        assertThat(render(p.formatted("10.0.0.0/8, \"fd00::/8\"")).exitCode()).isZero();
    }

    @Test
    void freeStringsCannotCarryCredentials() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        refused(p + "spec: {controlPlane: {store: {type: Postgres, postgres: {host: \"user:pass@db\", credentialsSecretRef: {name: pg}}}}}\n",
                "spec.controlPlane.store.postgres.host: \"user:pass@db\" does not match");
        refused(p + "spec: {controlPlane: {tls: {secretName: \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\", caBundleSecretRef: {name: ca}}}}\n",
                "spec.controlPlane.tls.secretName: \"-----BEGIN PRIVATE KEY-----\\nMIIE");
        refused(p + "spec: {multiZone: {globalKdsAddress: \"grpcs://admin:secret@kds.example.com:5685\"}}\n", "spec.multiZone.globalKdsAddress");
        refused(p + "spec: {suppress: [{code: SingleCaBackend, reason: \"line one\\nline two\"}]}\n", "spec.suppress[0].reason");
        refused(p + "spec: {suppress: [{code: SingleCaBackend, reason: \"one\\u2028two\\x85three\"}]}\n", "spec.suppress[0].reason");
    }

    @Test
    void stringsThatReachCelAndAdmissionMessagesAreOneLine() throws IOException {
        String zone = HEADER + "metadata: {name: z}\nspec: {controlPlane: {role: Zone, zoneName: %s, zoneGovernance: {allowedGroups: [%s]}},"
                + " mtls: {enabled: true, enabledBackend: ca, backends: [{name: ca, type: Builtin}]},"
                + " multiZone: {enabled: true, globalKdsAddress: \"grpcs://global:5685\"}}\n";
        refused(zone.formatted("\"east\\n\"", "ops"), "spec.controlPlane.zoneName: \"east\\n\" does not match");
        // Quotes are allowed in a group and escaped in the literal: the expression still compares strings only.
        CliRunner.Result quoted = render(zone.formatted("east", "'ops\") || true || (\"'"));
        assertThat(quoted.exitCode()).as(quoted.err()).isZero();
        assertThat(quoted.out()).as("the CEL literal \"ops\\\") || true || (\\\"\" in YAML's quoting").contains("g in [\\\"ops\\\\\\\") || true || (\\\\\\\"\\\"]");
        refused(zone.formatted("east", "\"a\\nb\""), "spec.controlPlane.zoneGovernance.allowedGroups[0]: \"a\\nb\" is not a group name");
        refused(zone.formatted("east", "\"a\\u2028b\""), "spec.controlPlane.zoneGovernance.allowedGroups[0]: \"a\\u2028b\"");
        assertThat(io.kumaops.operator.plan.ZonePolicyFenceAccess.cel("a\nb\"\\\u0085")).isEqualTo("\"a\\nb\\\"\\\\\\u0085\"");
    }

    @Test
    void namesAndLabelsDerivedFromFieldsStayWithinKubernetesLimits() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        refused(p + "spec: {controlPlane: {manage: true, deploymentName: " + "d".repeat(250) + "}}\n", "spec.controlPlane.deploymentName: must be at most 249");
        // A canary copy names the policy it copies in an annotation, not a label: a mesh name of any valid length fits.
        CliRunner.Result longMesh = render(p + "spec: {mesh: {name: " + "m".repeat(63) + "}, rollout: {strategy: Canary, canary:"
                + " {dataplaneTags: {version: canary}}}, policies: {retry: {numRetries: 1}}}\n");
        assertThat(longMesh.exitCode()).as(longMesh.err()).isZero();
        assertThat(longMesh.out()).contains("name: kumaops-retry-" + "m".repeat(63));
        refused(p + "spec: {rollout: {strategy: Canary, canary: {dataplaneTags: {\"version\\n\": canary}}}}\n", "spec.rollout.canary.dataplaneTags[\"version\\n\"]");
    }

    @Test
    void namesThatLookLikeNumbersStayStringsInTheOutput() throws Exception {
        CliRunner.Result result = render(HEADER + "metadata: {name: \"1e999999999\"}\nspec: {mesh: {name: \"0x1f\"}}\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        for (var document : new io.kumaops.operator.yaml.YamlStream(Integer.MAX_VALUE - 1).readAll(result.out())) {
            if (!document.isEmpty()) {
                assertThat(document.node().path("metadata").path("name").isTextual()).as(document.node().toString()).isTrue();
                assertThat(document.node().path("metadata").path("labels").path("kumaops.io/profile").asText()).isEqualTo("1e999999999");
            }
        }
    }
}
