package io.kumaops.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.support.TestProfiles;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For generated profiles with names up to the CRD's limits, every object the planner emits has a name Kubernetes takes
 * and every label value fits; and no two purposes share a name. Names are built from a few tokens that make
 * collisions likely ({@code x}, {@code inbound}, {@code allow}, {@code all}, {@code canary}, a hash-like one) as well as
 * from random characters, so a naming that can collide is caught, not just unlikely to be.
 */
class GeneratedNamesPropertyTest {

    /** apimachinery pkg/util/validation/validation.go: dns1123SubdomainFmt, at most 253. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    /** The same file: labelValueFmt, at most 63. */
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final List<String> TOKENS = List.of("x", "a", "allow", "all", "inbound", "canary", "1a2b3c4d", "kumaops", "timeout", "pdb");

    private final Planner planner = new Planner();

    @Property(tries = 250)
    void everyEmittedNameAndLabelFits(@ForAll("profiles") KumaProductionProfile profile) {
        // A canary in progress emits the copies too: the live mesh-wide policies differ from the desired ones.
        Plan plan = planner.plan(profile, ClusterFacts.offline().withOwnedPolicies(liveDefaults(profile)));
        assertThat(plan.findings().stream().filter(f -> f.code.equals(OwnershipGate.NAME_COLLISION)).map(f -> f.message))
                .as("no collision within one plan").isEmpty();
        Map<String, DesiredResource> byKey = new HashMap<>();
        for (DesiredResource resource : plan.resources()) {
            String name = resource.ref().name();
            assertThat(name).as(resource.ref().toString()).hasSizeLessThanOrEqualTo(GeneratedNames.MAX_NAME).matches(DNS_SUBDOMAIN);
            if (resource.ref().kind().equals("Zone")) {
                // Kuma pkg/config/multizone/multicluster.go ZoneConfig.Validate: a zone name is a DNS name of at most 63.
                assertThat(name).hasSizeLessThanOrEqualTo(GeneratedNames.MAX_LABEL_VALUE).matches(DNS_LABEL);
            }
            labels(resource).forEach((key, value) -> assertThat(value).as(resource.ref() + " label " + key)
                    .hasSizeLessThanOrEqualTo(GeneratedNames.MAX_LABEL_VALUE).matches(LABEL_VALUE));
            DesiredResource before = byKey.put(resource.ref().objectKey(), resource);
            assertThat(before == null || resource.ref().kind().equals("Mesh")).as("one name, one object: " + resource.ref()).isTrue();
        }
    }

    @Property(tries = 400)
    void noTwoPurposesShareAName(@ForAll("purposes") List<Purpose> purposes) {
        assertNoSharedName(purposes);
    }

    /** Every mesh of up to three tokens and every rule of up to two, with every role: the small space, exhaustively. */
    @org.junit.jupiter.api.Test
    void noTwoPurposesShareANameAmongAllShortTokenNames() {
        List<String> meshes = tokenNames(3);
        List<String> rules = tokenNames(2);
        List<Purpose> purposes = new java.util.ArrayList<>();
        for (String mesh : meshes) {
            purposes.addAll(everyRole(mesh));
            rules.forEach(rule -> purposes.add(new Purpose("MeshTrafficPermission", "rule", mesh, rule)));
            purposes.add(new Purpose("ValidatingAdmissionPolicy", "zone-fence", "", mesh));
        }
        assertThat(purposes).hasSizeGreaterThan(10_000);
        assertNoSharedName(purposes);
    }

    private static List<String> tokenNames(int maxTokens) {
        List<String> names = new java.util.ArrayList<>();
        List<String> last = List.of("");
        for (int n = 1; n <= maxTokens; n++) {
            List<String> next = new java.util.ArrayList<>();
            for (String prefix : last) {
                for (String token : TOKENS) {
                    next.add(prefix.isEmpty() ? token : prefix + "-" + token);
                }
            }
            names.addAll(next);
            last = next;
        }
        return names;
    }

    private static List<Purpose> everyRole(String mesh) {
        return List.of(new Purpose("MeshTrafficPermission", "allow-all", mesh, ""),
                new Purpose("MeshTimeout", "timeout", mesh, ""), new Purpose("MeshTimeout", "timeout-inbound", mesh, ""),
                new Purpose("MeshTimeout", "timeout-gateways", mesh, ""), new Purpose("MeshTimeout", "timeout-gateways-canary", mesh, ""),
                new Purpose("MeshTimeout", "timeout-canary", mesh, ""), new Purpose("MeshTimeout", "timeout-inbound-canary", mesh, ""),
                new Purpose("MeshRetry", "retry", mesh, ""), new Purpose("MeshRetry", "retry-canary", mesh, ""),
                new Purpose("MeshCircuitBreaker", "circuit-breaker", mesh, ""),
                new Purpose("MeshCircuitBreaker", "circuit-breaker-canary", mesh, ""));
    }

    private static void assertNoSharedName(List<Purpose> purposes) {
        Map<String, Purpose> byName = new HashMap<>();
        for (Purpose purpose : purposes) {
            Purpose other = byName.putIfAbsent(purpose.kind() + "/" + purpose.name(), purpose);
            if (other == null || other.equals(purpose) || bothRulesOfDifferentMeshes(purpose, other)) {
                continue;
            }
            throw new AssertionError(purpose + " and " + other + " are both named " + purpose.name());
        }
    }

    /**
     * {@code <mesh>-<rule>} of two meshes can coincide ({@code a-b} + {@code c}, {@code a} + {@code b-c}); marking every
     * rule name with a dash would rename the permissions of almost every mesh. Two such meshes are two profiles, and
     * the second to write the name gets {@value OwnershipGate#NAME_COLLISION} (OwnershipGateTest).
     */
    private static boolean bothRulesOfDifferentMeshes(Purpose first, Purpose second) {
        return first.role().equals("rule") && second.role().equals("rule") && !first.mesh().equals(second.mesh());
    }

    @Property(tries = 300)
    void labelValuesFitAndStayApart(@ForAll("anyValues") List<String> values) {
        Map<String, String> byLabel = new HashMap<>();
        for (String value : values) {
            String label = GeneratedNames.labelValue(value);
            assertThat(label).as(value).hasSizeLessThanOrEqualTo(GeneratedNames.MAX_LABEL_VALUE).matches(LABEL_VALUE);
            if (value.length() <= GeneratedNames.MAX_LABEL_VALUE && LABEL_VALUE.matcher(value).matches()) {
                assertThat(label).as("a value that is a label value stays as it is").isEqualTo(value);
            }
            String other = byLabel.putIfAbsent(label, value);
            assertThat(other == null || other.equals(value)).as(value + " and " + other + " both became " + label).isTrue();
        }
    }

    /** One derived name: its kind, the role it plays and the parts it is made of. */
    record Purpose(String kind, String role, String mesh, String part) {
        String name() {
            return switch (role) {
                case "allow-all" -> GeneratedNames.allowAll(mesh);
                case "rule" -> GeneratedNames.permissionRule(mesh, part);
                case "timeout" -> GeneratedNames.meshTimeout(mesh);
                case "timeout-inbound" -> GeneratedNames.meshTimeoutInbound(mesh);
                case "timeout-gateways" -> GeneratedNames.meshTimeoutGateways(mesh);
                case "timeout-gateways-canary" -> GeneratedNames.canaryCopy(GeneratedNames.meshTimeoutGateways(mesh));
                case "retry" -> GeneratedNames.meshRetry(mesh);
                case "circuit-breaker" -> GeneratedNames.meshCircuitBreaker(mesh);
                case "timeout-canary" -> GeneratedNames.canaryCopy(GeneratedNames.meshTimeout(mesh));
                case "timeout-inbound-canary" -> GeneratedNames.canaryCopy(GeneratedNames.meshTimeoutInbound(mesh));
                case "retry-canary" -> GeneratedNames.canaryCopy(GeneratedNames.meshRetry(mesh));
                case "circuit-breaker-canary" -> GeneratedNames.canaryCopy(GeneratedNames.meshCircuitBreaker(mesh));
                case "zone-fence" -> GeneratedNames.zonePolicyFence(part);
                default -> throw new IllegalArgumentException(role);
            };
        }
    }

    /**
     * Meshes that are a random one and that one with a token added or removed (x, x-inbound), each with every role, and
     * rules whose mesh and name shift a dash between them: the near misses where names collide.
     */
    @Provide
    Arbitrary<List<Purpose>> purposes() {
        Arbitrary<List<String>> related = Combinators.combine(label(), Arbitraries.of(TOKENS))
                .as((mesh, token) -> List.of(mesh, mesh + "-" + token, token + "-" + mesh, token))
                .map(meshes -> meshes.stream().filter(m -> m.length() <= GeneratedNames.MAX_LABEL_VALUE).toList());
        return Combinators.combine(related, label(), subdomain()).as((meshes, rule, profile) -> {
            List<Purpose> purposes = new java.util.ArrayList<>();
            for (String mesh : meshes) {
                purposes.addAll(everyRole(mesh));
                purposes.add(new Purpose("MeshTrafficPermission", "rule", mesh, rule));
                for (String other : meshes) {
                    purposes.add(new Purpose("MeshTrafficPermission", "rule", mesh, other));
                }
            }
            purposes.add(new Purpose("ValidatingAdmissionPolicy", "zone-fence", "", profile));
            return purposes;
        });
    }

    @Provide
    Arbitrary<List<String>> anyValues() {
        Arbitrary<String> wide = Arbitraries.strings().withChars("abcxyz019-_./ ").ofMinLength(0).ofMaxLength(253);
        return Arbitraries.oneOf(wide, label(), subdomain()).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<KumaProductionProfile> profiles() {
        Arbitrary<List<String>> rules = label().list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<String> role = Arbitraries.of("Standalone", "Global", "Zone");
        Arbitrary<String> deployment = Arbitraries.oneOf(subdomain(), Arbitraries.strings().withChars("ab").ofLength(249));
        // The control plane and the zone ingress are two Deployments (one name for both is a collision OwnershipGateTest shows).
        Arbitrary<List<String>> deployments = deployment.list().ofSize(2).uniqueElements();
        return Combinators.combine(subdomain(), label(), rules, role, Arbitraries.of(true, false), deployments, label().list().ofMaxSize(3).uniqueElements())
                .as(GeneratedNamesPropertyTest::profile);
    }

    private static KumaProductionProfile profile(String name, String mesh, List<String> rules, String role, boolean canary,
                                                 List<String> deployments, List<String> zones) {
        String deployment = deployments.get(0);
        String ingress = deployments.get(1);
        String ruleYaml = rules.stream().map(rule -> "    - {name: '" + rule + "', action: Allow, destination: {kind: Mesh}, sources: [{kind: Mesh}]}")
                .collect(Collectors.joining("\n"));
        String zoneYaml = role.equals("Global") && !zones.isEmpty()
                ? "    zones: [" + zones.stream().map(z -> "{name: '" + z + "'}").collect(Collectors.joining(", ")) + "]\n" : "";
        String controlPlane = switch (role) {
            case "Zone" -> "{role: Zone, zoneName: east, manage: true, deploymentName: '" + deployment + "', zoneGovernance: {enabled: true}}";
            case "Global" -> "{role: Global, manage: true, deploymentName: '" + deployment + "'}";
            default -> "{manage: true, deploymentName: '" + deployment + "'}";
        };
        String yaml = """
                apiVersion: kumaops.io/v1alpha1
                kind: KumaProductionProfile
                metadata: {name: '%s'}
                spec:
                  mesh: {name: '%s'}
                  controlPlane: %s
                  mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}
                  trafficPermissions:
                    mode: Restricted
                    rules:
                %s
                  sidecar: {containerPatchName: '%s', requests: {cpu: 100m}}
                  policies:
                    timeout: {connectionTimeout: 5s}
                    retry: {numRetries: 2}
                    circuitBreaker: {maxConnections: 100}
                  multiZone:
                    enabled: true
                    globalKdsAddress: "grpcs://global:5685"
                    fenceGlobalControlPlane: true
                    zoneIngress: {deploymentName: '%s'}
                %s  rollout: %s
                """.formatted(name, mesh, controlPlane, ruleYaml, deployment, ingress,
                zoneYaml, canary ? "{strategy: Canary, canary: {dataplaneTags: {version: canary}}}" : "{}");
        return TestProfiles.fromYaml(yaml);
    }

    /** Mesh-wide default policies of the profile as live, each with another spec than desired, so a canary starts. */
    private static Map<String, Map<String, Object>> liveDefaults(KumaProductionProfile profile) {
        String mesh = profile.meshName();
        Map<String, Map<String, Object>> live = new LinkedHashMap<>();
        for (String[] policy : List.of(new String[] {"MeshTimeout", GeneratedNames.meshTimeout(mesh)},
                new String[] {"MeshTimeout", GeneratedNames.meshTimeoutInbound(mesh)}, new String[] {"MeshRetry", GeneratedNames.meshRetry(mesh)},
                new String[] {"MeshCircuitBreaker", GeneratedNames.meshCircuitBreaker(mesh)})) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("apiVersion", Planner.KUMA_API);
            object.put("kind", policy[0]);
            object.put("metadata", Map.of("name", policy[1], "namespace", profile.getSpec().controlPlane.systemNamespace));
            object.put("spec", Map.of("targetRef", Map.of("kind", "Mesh"), "stale", true));
            live.put(ClusterFacts.policyKey(policy[0], policy[1]), object);
        }
        return live;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(DesiredResource resource) {
        Object metadata = resource.body().get("metadata");
        Object labels = metadata instanceof Map<?, ?> map ? map.get("labels") : null;
        return labels instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    /** DNS labels up to 63 characters: from the colliding tokens, or random. */
    private static Arbitrary<String> label() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("-", parts))
                .filter(s -> s.length() <= GeneratedNames.MAX_LABEL_VALUE);
        Arbitrary<String> random = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(63)
                .filter(s -> DNS_LABEL.matcher(s).matches());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, tokens), net.jqwik.api.Tuple.of(1, random));
    }

    /** Profile names: DNS subdomains up to the validator's 63 characters. */
    private static Arbitrary<String> subdomain() {
        return Arbitraries.oneOf(label(), Combinators.combine(label(), label()).as((a, b) -> a + "." + b))
                .filter(s -> s.length() <= GeneratedNames.MAX_LABEL_VALUE);
    }
}
