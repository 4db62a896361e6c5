package io.kumaops.operator.deploy;

import static io.kumaops.operator.deploy.ChartSupport.documents;
import static io.kumaops.operator.deploy.ChartSupport.find;
import static io.kumaops.operator.deploy.ChartSupport.get;
import static io.kumaops.operator.deploy.ChartSupport.ofKind;
import static io.kumaops.operator.deploy.ChartSupport.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The operator's Helm chart, rendered by the Helm library itself (helm-java). */
class HelmChartTest {

    private static final String NAME = ChartSupport.RELEASE;
    private static final Set<String> ALL_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    private static List<JsonNode> defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = documents(template());
    }

    @Test
    void helmLintPassesInStrictMode() {
        LintResult result = new Helm(ChartSupport.chartDir()).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void chartCarriesTheCrdTheBuildGenerates() {
        assertThat(ChartSupport.generatedCrd())
                .as("the build generates the CRD in process-classes (mvn -pl operator process-classes)")
                .exists();
        assertThat(ChartSupport.read(ChartSupport.chartCrd()))
                .as("deploy/helm/kuma-production-operator/crds/%s differs from the generated CRD; copy it: cp %s %s",
                        ChartSupport.CRD_FILE,
                        "operator/target/classes/META-INF/fabric8/" + ChartSupport.CRD_FILE,
                        "deploy/helm/kuma-production-operator/crds/")
                .isEqualTo(ChartSupport.read(ChartSupport.generatedCrd()));
    }

    @Test
    void defaultValuesRenderTheExpectedObjects() {
        assertThat(defaults).extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/" + NAME,
                        "ClusterRole/" + NAME,
                        "ClusterRoleBinding/" + NAME,
                        "ClusterRole/" + NAME + "-lint",
                        "Role/" + NAME + "-leader-election",
                        "RoleBinding/" + NAME + "-leader-election",
                        "Role/" + NAME,
                        "RoleBinding/" + NAME,
                        "Role/" + NAME + "-events",
                        "RoleBinding/" + NAME + "-events",
                        "Service/" + NAME + "-metrics",
                        "Deployment/" + NAME);
        assertThat(ofKind(defaults, "ServiceMonitor")).isEmpty();
        assertThat(ofKind(defaults, "PodDisruptionBudget")).isEmpty();
        // The operator's writes go to the Kuma system namespace, its Events to default; everything else is the release's.
        assertThat(defaults).filteredOn(d -> !d.path("kind").asText().startsWith("Cluster"))
                .allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText()).isEqualTo(switch (d.path("metadata").path("name").asText()) {
                    case NAME -> d.path("kind").asText().startsWith("Role") ? "kuma-system" : ChartSupport.NAMESPACE;
                    case NAME + "-events" -> "default";
                    default -> ChartSupport.NAMESPACE;
                }));
    }

    @Test
    void deploymentRunsTheOperatorWithItsDefaults() {
        JsonNode deployment = get(defaults, "Deployment", NAME);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/kumaops/kuma-production-operator:0.1.0");
        assertThat(texts(container.path("args"))).containsExactly(
                "run", "--bind-address=0.0.0.0", "--metrics-port=8080", "--health-port=8081", "--resync-interval=10m", "--system-namespaces=kuma-system",
                "--control-plane-deployments=kuma-control-plane", "--leader-election");
        assertThat(env(container)).containsEntry("LOG_LEVEL", "INFO").containsEntry("LOG_FORMAT", "text");
        assertThat(container.path("env").findValues("fieldPath")).extracting(JsonNode::asText).contains("metadata.namespace");
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("100m");
        assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo("256Mi");
        assertThat(container.path("resources").path("limits").path("cpu").asText()).isEqualTo("500m");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo(NAME);
    }

    @Test
    void podMeetsTheRestrictedPodSecurityStandard() {
        JsonNode pod = get(defaults, "Deployment", NAME).path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        JsonNode security = container.path("securityContext");

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        // No fixed UID: the image's user (65532) applies, and OpenShift may assign its own.
        assertThat(pod.path("securityContext").has("runAsUser")).isFalse();
        assertThat(security.has("runAsUser")).isFalse();
        assertThat(security.path("privileged").isBoolean()).isTrue();
        assertThat(security.path("privileged").asBoolean()).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(security.path("capabilities").has("add")).isFalse();
        assertThat(security.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
        // The only writable path is an emptyDir at /tmp.
        assertThat(container.path("volumeMounts").get(0).path("mountPath").asText()).isEqualTo("/tmp");
        assertThat(pod.path("volumes").get(0).has("emptyDir")).isTrue();
    }

    @Test
    void securityContextsAreOverridable() {
        Map<String, Object> podContext = new LinkedHashMap<>();
        podContext.put("runAsUser", 10001);
        podContext.put("runAsGroup", 10001);
        podContext.put("fsGroup", 10001);
        Map<String, Object> containerContext = new LinkedHashMap<>();
        containerContext.put("runAsUser", 10001);
        // null removes a default key, as everywhere in Helm values.
        containerContext.put("seccompProfile", null);
        JsonNode pod = get(documents(template(Map.of("podSecurityContext", podContext, "securityContext", containerContext))),
                "Deployment", NAME).path("spec").path("template").path("spec");
        JsonNode security = pod.path("containers").get(0).path("securityContext");

        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.path("securityContext").path("fsGroup").asInt()).isEqualTo(10001);
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("defaults stay").isTrue();
        assertThat(security.path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(security.has("seccompProfile")).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
    }

    @Test
    void topologySpreadConstraintsDefaultToTheOperatorPods() {
        Map<String, Object> byZone = Map.of("maxSkew", 1, "topologyKey", "topology.kubernetes.io/zone",
                "whenUnsatisfiable", "ScheduleAnyway");
        Map<String, Object> byNode = Map.of("maxSkew", 1, "topologyKey", "kubernetes.io/hostname",
                "whenUnsatisfiable", "DoNotSchedule", "labelSelector", Map.of("matchLabels", Map.of("team", "mesh")));
        JsonNode deployment = get(documents(template(Map.of("topologySpreadConstraints", List.of(byZone, byNode)))),
                "Deployment", NAME);
        JsonNode constraints = deployment.path("spec").path("template").path("spec").path("topologySpreadConstraints");

        assertThat(constraints).hasSize(2);
        assertThat(constraints.get(0).path("topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(constraints.get(0).path("labelSelector").path("matchLabels"))
                .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
        assertThat(constraints.get(1).path("labelSelector").path("matchLabels").path("team").asText()).isEqualTo("mesh");
        assertThat(get(defaults, "Deployment", NAME).path("spec").path("template").path("spec").has("topologySpreadConstraints"))
                .isFalse();
    }

    @Test
    void networkPolicyAdmitsOnlyTheGivenSourcesAndReachesOnlyTheApiServer() {
        assertThat(ofKind(defaults, "NetworkPolicy")).as("off by default").isEmpty();

        Map<String, Object> prometheus = Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")));
        Map<String, Object> dns = Map.of("ports", List.of(Map.of("protocol", "UDP", "port", 53)));
        List<JsonNode> rendered = documents(template(Map.of("networkPolicy", Map.of("enabled", true,
                "ingressFrom", List.of(prometheus),
                "apiServer", Map.of("cidrs", List.of("10.0.0.10/32")),
                "extraEgress", List.of(dns)))));
        JsonNode policy = get(rendered, "NetworkPolicy", NAME).path("spec");

        assertThat(policy.path("podSelector").path("matchLabels"))
                .isEqualTo(get(rendered, "Deployment", NAME).path("spec").path("selector").path("matchLabels"));
        assertThat(texts(policy.path("policyTypes"))).containsExactly("Ingress", "Egress");
        assertThat(policy.path("ingress")).hasSize(1);
        assertThat(policy.path("ingress").get(0).path("from").get(0).path("namespaceSelector").path("matchLabels")
                .path("kubernetes.io/metadata.name").asText()).isEqualTo("monitoring");
        assertThat(policy.path("ingress").get(0).path("ports").findValues("port")).extracting(JsonNode::asInt)
                .containsExactly(8080, 8081);
        JsonNode apiServer = policy.path("egress").get(0);
        assertThat(apiServer.path("ports").findValues("port")).extracting(JsonNode::asInt).containsExactly(443, 6443);
        assertThat(apiServer.path("to").get(0).path("ipBlock").path("cidr").asText()).isEqualTo("10.0.0.10/32");
        assertThat(policy.path("egress").get(1).path("ports").get(0).path("port").asInt()).isEqualTo(53);
        assertThat(policy.path("egress")).hasSize(2);

        // Without sources no ingress rule at all: a rule with ports but no `from` would admit everyone.
        JsonNode closed = get(documents(template(Map.of("networkPolicy", Map.of("enabled", true)))), "NetworkPolicy", NAME)
                .path("spec");
        assertThat(closed.path("ingress").isArray()).isTrue();
        assertThat(closed.path("ingress")).isEmpty();
        assertThat(closed.path("egress")).hasSize(1);
        assertThat(closed.path("egress").get(0).has("to")).as("no CIDRs: the API server ports to any address").isFalse();
    }

    @Test
    void probesAndPortsMatchTheRunCommand() {
        JsonNode container = get(defaults, "Deployment", NAME).path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));

        assertThat(ports).containsEntry("http-metrics", 8080).containsEntry("http-health", 8081);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http-health");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http-health");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");

        JsonNode service = get(defaults, "Service", NAME + "-metrics");
        assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(get(defaults, "Deployment", NAME).path("spec").path("selector").path("matchLabels"));
    }

    @Test
    void operatorClusterRoleGrantsExactlyWhatTheOperatorNeeds() {
        assertThat(grants(get(defaults, "ClusterRole", NAME))).containsExactlyInAnyOrderElementsOf(operatorBaseGrants());
    }

    @Test
    void systemNamespaceRoleGrantsExactlyTheWritesThere() {
        JsonNode role = get(defaults, "Role", NAME);
        Set<String> expected = new TreeSet<>();
        String[] writes = {"create", "update", "patch", "delete"};
        add(expected, "kuma.io", List.of("meshtrafficpermissions", "meshtimeouts", "meshretries", "meshcircuitbreakers", "containerpatches"),
                writes);
        add(expected, "policy", List.of("poddisruptionbudgets"), writes);
        add(expected, "autoscaling", List.of("horizontalpodautoscalers"), writes);
        add(expected, "networking.k8s.io", List.of("networkpolicies"), writes);
        expected.add("apps/deployments[kuma-control-plane]:patch");

        assertThat(role.path("metadata").path("namespace").asText()).isEqualTo("kuma-system");
        assertThat(grants(role)).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode binding = get(defaults, "RoleBinding", NAME);
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
        assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(ChartSupport.NAMESPACE);
    }

    @Test
    void leaderElectionRoleOnlyTouchesLeasesInTheReleaseNamespace() {
        JsonNode role = get(defaults, "Role", NAME + "-leader-election");

        assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(ChartSupport.NAMESPACE);
        assertThat(grants(role)).containsExactlyInAnyOrder(
                "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update",
                // fabric8 renews the Lease with a JSON merge patch (ResourceLock.update).
                "coordination.k8s.io/leases:patch");
        JsonNode binding = get(defaults, "RoleBinding", NAME + "-leader-election");
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(NAME);
    }

    @Test
    void lintClusterRoleIsReadOnly() {
        Set<String> grants = grants(get(defaults, "ClusterRole", NAME + "-lint"));

        assertThat(grants).allMatch(g -> g.endsWith(":get") || g.endsWith(":list") || g.endsWith(":watch"));
        assertThat(grants).contains(
                "kumaops.io/kumaproductionprofiles:list", "kuma.io/meshes:list", "kuma.io/dataplanes:list", "kuma.io/meshinsights:get",
                "kuma.io/dataplaneinsights:list", "kuma.io/zoneinsights:list",
                "kuma.io/meshtrafficpermissions:list", "kuma.io/meshtimeouts:list", "kuma.io/meshretries:list",
                "kuma.io/meshcircuitbreakers:list", "apps/deployments:list", "policy/poddisruptionbudgets:list",
                "/configmaps:list", "/nodes:list", "/namespaces:list");
        // Kuma and Argo are detected by discovery, which every authenticated user may read.
        assertThat(grants).noneMatch(g -> g.startsWith("apiextensions.k8s.io/"));
        assertThat(grants).noneMatch(g -> g.startsWith("/secrets:"));
        assertThat(ofKind(defaults, "ClusterRoleBinding")).extracting(b -> b.path("metadata").path("name").asText())
                .doesNotContain(NAME + "-lint");
    }

    @Test
    void noRoleUsesAWildcard() {
        Map<String, Object> everything = new LinkedHashMap<>();
        everything.put("rbac", Map.of("readSecretsMetadata", true));
        everything.put("zoneGovernance", Map.of("enabled", true));
        for (List<JsonNode> rendered : List.of(defaults, documents(template(everything)))) {
            List<JsonNode> roles = new ArrayList<>(ofKind(rendered, "ClusterRole"));
            roles.addAll(ofKind(rendered, "Role"));
            assertThat(roles).isNotEmpty();
            for (JsonNode role : roles) {
                for (JsonNode rule : role.path("rules")) {
                    for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
                        assertThat(texts(rule.path(field)))
                                .as("%s %s %s", role.path("kind").asText(), role.path("metadata").path("name").asText(), field)
                                .noneMatch(v -> v.contains("*"));
                    }
                }
            }
        }
    }

    @Test
    void secretsAreReadableOnlyWithReadSecretsMetadata() {
        assertThat(allGrants(defaults)).noneMatch(g -> g.startsWith("/secrets"));

        List<JsonNode> withSecrets = documents(template(Map.of("rbac", Map.of("readSecretsMetadata", true))));
        assertThat(allGrants(withSecrets).stream().filter(g -> g.startsWith("/secrets")))
                .as("get, by name, on Kuma's control-plane TLS Secret only").containsExactly("/secrets[kuma-tls-cert]:get");
        assertThat(grants(get(withSecrets, "Role", NAME))).contains("/secrets[kuma-tls-cert]:get");
        assertThat(grants(get(withSecrets, "ClusterRole", NAME))).noneMatch(g -> g.startsWith("/secrets"));
        assertThat(grants(get(withSecrets, "ClusterRole", NAME + "-lint"))).noneMatch(g -> g.startsWith("/secrets"));

        // Kuma's chart names the Secret after the release: <name>-tls-cert for <name>-control-plane.
        List<JsonNode> named = documents(template(Map.of("rbac", Map.of("readSecretsMetadata", true,
                "controlPlaneDeployments", List.of("kuma-control-plane", "mesh-b-control-plane", "custom")))));
        assertThat(grants(get(named, "Role", NAME))).contains("/secrets[kuma-tls-cert,mesh-b-tls-cert]:get");
    }

    @Test
    void zoneGovernanceOnAddsTheAdmissionPolicyRules() {
        assertThat(grants(get(defaults, "ClusterRole", NAME))).as("off by default")
                .noneMatch(g -> g.startsWith("admissionregistration.k8s.io/"));

        Set<String> grants = grants(get(documents(template(Map.of("zoneGovernance", Map.of("enabled", true)))),
                "ClusterRole", NAME));
        assertThat(grants).containsExactlyInAnyOrderElementsOf(withAdmissionPolicies(operatorBaseGrants()));
    }

    private static Set<String> withAdmissionPolicies(Set<String> base) {
        Set<String> expected = new TreeSet<>(base);
        for (String resource : List.of("validatingadmissionpolicies", "validatingadmissionpolicybindings")) {
            ALL_VERBS.forEach(v -> expected.add("admissionregistration.k8s.io/" + resource + ":" + v));
        }
        return expected;
    }

    @Test
    void nonDefaultValuesRenderWhatTheySay() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("replicas", 2);
        values.put("logFormat", "json");
        values.put("logLevel", "DEBUG");
        values.put("watchNamespaces", List.of("shop", "payments"));
        values.put("resyncInterval", "1h30m");
        values.put("metrics", Map.of("serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prom"))));
        values.put("podDisruptionBudget", Map.of("enabled", true));
        values.put("lintRole", Map.of("subjects", List.of(Map.of("kind", "ServiceAccount", "name", "ci", "namespace", "ci"))));
        values.put("podAnnotations", Map.of("example.com/team", "mesh"));
        values.put("image", Map.of("tag", "0.2.0"));
        List<JsonNode> rendered = documents(template(values));

        JsonNode deployment = get(rendered, "Deployment", NAME);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(env(container)).containsEntry("LOG_FORMAT", "json").containsEntry("LOG_LEVEL", "DEBUG");
        assertThat(texts(container.path("args")))
                .contains("--leader-election", "--watch-namespaces=shop,payments", "--resync-interval=1h30m");
        assertThat(container.path("image").asText()).endsWith(":0.2.0");
        assertThat(deployment.path("spec").path("template").path("metadata").path("annotations").path("example.com/team").asText())
                .isEqualTo("mesh");

        JsonNode monitor = get(rendered, "ServiceMonitor", NAME);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prom");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("http-metrics");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        assertThat(monitor.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(((ObjectNode) get(rendered, "Service", NAME + "-metrics").path("metadata").path("labels").deepCopy())
                        .retain("app.kubernetes.io/name", "app.kubernetes.io/instance"));

        JsonNode pdb = get(rendered, "PodDisruptionBudget", NAME);
        assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);

        JsonNode lintBinding = get(rendered, "ClusterRoleBinding", NAME + "-lint");
        assertThat(lintBinding.path("roleRef").path("name").asText()).isEqualTo(NAME + "-lint");
        assertThat(lintBinding.path("subjects").get(0).path("name").asText()).isEqualTo("ci");
    }

    @Test
    void podDisruptionBudgetIsSkippedForASingleReplica() {
        List<JsonNode> rendered = documents(template(Map.of("podDisruptionBudget", Map.of("enabled", true))));

        assertThat(ofKind(rendered, "PodDisruptionBudget")).isEmpty();
    }

    @Test
    void optionalObjectsCanBeTurnedOff() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("metrics", Map.of("service", Map.of("enabled", false)));
        values.put("lintRole", Map.of("create", false));
        values.put("serviceAccount", Map.of("create", false, "name", "platform-operator"));
        values.put("leaderElection", Map.of("enabled", false));
        List<JsonNode> rendered = documents(template(values));

        assertThat(ofKind(rendered, "Service")).isEmpty();
        assertThat(ofKind(rendered, "ServiceAccount")).isEmpty();
        assertThat(find(rendered, "Role", NAME + "-leader-election")).isEmpty();
        assertThat(find(rendered, "ClusterRole", NAME + "-lint")).isEmpty();
        JsonNode deployment = get(rendered, "Deployment", NAME);
        assertThat(deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText())
                .isEqualTo("platform-operator");
        assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
        assertThat(texts(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args")))
                .contains("--no-leader-election")
                .doesNotContain("--leader-election");
        assertThat(get(rendered, "ClusterRoleBinding", NAME).path("subjects").get(0).path("name").asText())
                .isEqualTo("platform-operator");
        assertThat(get(rendered, "RoleBinding", NAME).path("subjects").get(0).path("name").asText())
                .isEqualTo("platform-operator");

        assertThat(documents(template(Map.of("rbac", Map.of("create", false)))))
                .noneMatch(d -> d.path("apiVersion").asText().startsWith("rbac.authorization.k8s.io/"));
    }

    @Nested
    class SchemaRejectsBadValues {

        @Test
        void unknownLogFormat() {
            assertRejected(Map.of("logFormat", "xml"), "logFormat");
        }

        @Test
        void negativeReplicas() {
            assertRejected(Map.of("replicas", -1), "replicas");
        }

        @Test
        void unknownTopLevelKey() {
            assertRejected(Map.of("replica", 2), "replica");
        }

        @Test
        void unknownNestedKey() {
            assertRejected(Map.of("rbac", Map.of("readSecrets", true)), "readSecrets");
        }

        @Test
        void malformedResyncInterval() {
            assertRejected(Map.of("resyncInterval", "10 minutes"), "resyncInterval");
            assertRejected(Map.of("resyncInterval", "0m"), "resyncInterval");
            assertRejected(Map.of("resyncInterval", "10"), "resyncInterval");
        }

        @Test
        void unknownLogLevel() {
            assertRejected(Map.of("logLevel", "verbose"), "logLevel");
        }

        @Test
        void networkPolicyWithoutApiServerPorts() {
            assertRejected(Map.of("networkPolicy", Map.of("enabled", true, "apiServer", Map.of("ports", List.of()))), "ports");
        }

        @Test
        void malformedIngressPeer() {
            assertRejected(Map.of("networkPolicy", Map.of("ingressFrom", List.of(Map.of("namespace", "monitoring")))),
                    "namespace");
        }

        @Test
        void topologySpreadConstraintWithoutTopologyKey() {
            assertRejected(Map.of("topologySpreadConstraints", List.of(Map.of("maxSkew", 1, "whenUnsatisfiable", "DoNotSchedule"))),
                    "topologyKey");
        }

        @Test
        void noOrMalformedSystemNamespace() {
            assertRejected(Map.of("kumaSystemNamespaces", List.of()), "kumaSystemNamespaces");
            assertRejected(Map.of("kumaSystemNamespaces", List.of("Kuma_System")), "kumaSystemNamespaces");
            assertRejected(Map.of("rbac", Map.of("controlPlaneDeployments", List.of("CP"))), "controlPlaneDeployments");
        }

        @Test
        void bindAddressThatIsNoIpAddress() {
            assertRejected(Map.of("bindAddress", "localhost"), "bindAddress");
            assertRejected(Map.of("bindAddress", ""), "bindAddress");
        }

        @Test
        void privilegedPort() {
            assertRejected(Map.of("metrics", Map.of("port", 80)), "port");
        }

        private void assertRejected(Map<String, Object> values, String mentioned) {
            assertThatThrownBy(() -> template(values))
                    .as("values %s", values)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("schema")
                    .hasMessageContaining(mentioned);
        }
    }

    @Test
    void inconsistentValuesFailWithAnExplanation() {
        assertThatThrownBy(() -> template(Map.of("replicas", 2, "leaderElection", Map.of("enabled", false))))
                .hasMessageContaining("leaderElection.enabled");
        assertThatThrownBy(() -> template(Map.of("metrics",
                Map.of("service", Map.of("enabled", false), "serviceMonitor", Map.of("enabled", true)))))
                .hasMessageContaining("metrics.service.enabled");
        assertThatThrownBy(() -> template(Map.of("replicas", 2,
                "podDisruptionBudget", Map.of("enabled", true, "minAvailable", 2))))
                .hasMessageContaining("minAvailable");
        for (String loopback : List.of("127.0.0.1", "127.1.2.3", "::1")) {
            assertThatThrownBy(() -> template(Map.of("bindAddress", loopback))).as(loopback)
                    .hasMessageContaining("bindAddress " + loopback + " is a loopback address");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** The base ClusterRole, rule by rule, as "group/resource:verb" (core group is empty). */
    private static Set<String> operatorBaseGrants() {
        Set<String> expected = new TreeSet<>();
        add(expected, "kumaops.io", List.of("kumaproductionprofiles"), "get", "list", "watch", "patch", "update");
        add(expected, "kumaops.io", List.of("kumaproductionprofiles/status"), "get", "patch", "update");
        add(expected, "kumaops.io", List.of("kumaproductionprofiles/finalizers"), "update");
        add(expected, "kuma.io", List.of("meshes", "zones"), ALL_VERBS.toArray(String[]::new));
        add(expected, "kuma.io", List.of("meshtrafficpermissions", "meshtimeouts", "meshretries", "meshcircuitbreakers",
                "containerpatches"), "get", "list", "watch");
        add(expected, "kuma.io", List.of("dataplanes", "meshinsights", "dataplaneinsights", "zoneinsights"), "get", "list", "watch");
        add(expected, "apps", List.of("deployments"), "get", "list", "watch");
        add(expected, "policy", List.of("poddisruptionbudgets"), "get", "list", "watch");
        add(expected, "autoscaling", List.of("horizontalpodautoscalers"), "get", "list", "watch");
        add(expected, "networking.k8s.io", List.of("networkpolicies"), "get", "list", "watch");
        add(expected, "", List.of("configmaps"), "get", "list", "watch");
        add(expected, "", List.of("nodes"), "get", "list");
        add(expected, "", List.of("namespaces"), "list");
        add(expected, "", List.of("pods"), "list");
        return expected;
    }

    private static void add(Set<String> grants, String group, List<String> resources, String... verbs) {
        for (String resource : resources) {
            for (String verb : verbs) {
                grants.add(group + "/" + resource + ":" + verb);
            }
        }
    }

    /** Every (group, resource, verb) a Role or ClusterRole grants, as "group/resource:verb", or "group/resource[a,b]:verb" for named objects. */
    static Set<String> grants(JsonNode role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            String names = rule.has("resourceNames") ? "[" + String.join(",", texts(rule.path("resourceNames"))) + "]" : "";
            for (String group : texts(rule.path("apiGroups"))) {
                for (String resource : texts(rule.path("resources"))) {
                    for (String verb : texts(rule.path("verbs"))) {
                        grants.add(group + "/" + resource + names + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    private static Set<String> allGrants(List<JsonNode> documents) {
        Set<String> all = new TreeSet<>();
        ofKind(documents, "ClusterRole").forEach(r -> all.addAll(grants(r)));
        ofKind(documents, "Role").forEach(r -> all.addAll(grants(r)));
        return all;
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toList());
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }
}
