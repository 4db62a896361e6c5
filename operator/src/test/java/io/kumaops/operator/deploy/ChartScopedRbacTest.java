package io.kumaops.operator.deploy;

import static io.kumaops.operator.deploy.ChartSupport.documents;
import static io.kumaops.operator.deploy.ChartSupport.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kumaops.operator.deploy.RenderedRbac.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC, evaluated request by request as the API server's authorizer would: the operator writes namespaced
 * objects only in the Kuma system namespaces the chart names, patches only the control-plane Deployments it names, and
 * gets cluster-wide admission policies only with zoneGovernance.enabled.
 */
class ChartScopedRbacTest {

    private static final String SA = ChartSupport.RELEASE;
    private static final List<String> WRITES = List.of("create", "update", "patch", "delete");
    /** What the rollout steps write in a system namespace: group, resource. */
    private static final List<String[]> NAMESPACED_WRITES = List.of(
            new String[] {"kuma.io", "meshtrafficpermissions"}, new String[] {"kuma.io", "meshtimeouts"},
            new String[] {"kuma.io", "meshretries"}, new String[] {"kuma.io", "meshcircuitbreakers"},
            new String[] {"kuma.io", "containerpatches"}, new String[] {"policy", "poddisruptionbudgets"},
            new String[] {"autoscaling", "horizontalpodautoscalers"}, new String[] {"networking.k8s.io", "networkpolicies"});

    private static RenderedRbac defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = rbac(Map.of());
    }

    private static RenderedRbac rbac(Map<String, Object> values) {
        return RenderedRbac.forServiceAccount(documents(template(values)), SA, ChartSupport.NAMESPACE);
    }

    @Test
    void deploymentPatchesOnlyTheNamedControlPlaneInASystemNamespace() {
        assertThat(defaults.allows("patch", "apps", "deployments", "kuma-system", "kuma-control-plane")).isTrue();

        assertThat(defaults.allows("patch", "apps", "deployments", "kube-system", "coredns")).as("CoreDNS in kube-system").isFalse();
        assertThat(defaults.allows("patch", "apps", "deployments", "kube-system", "kuma-control-plane"))
                .as("the control plane's name in another namespace").isFalse();
        assertThat(defaults.allows("patch", "apps", "deployments", "kuma-system", "kuma-ingress"))
                .as("the zone ingress is scaled by an HPA, never patched").isFalse();
        assertThat(defaults.allows("patch", "apps", "deployments", "kuma-system", null)).as("a patch without a name").isFalse();
        for (String verb : List.of("create", "update", "delete")) {
            assertThat(defaults.allows(verb, "apps", "deployments", "kuma-system", "kuma-control-plane")).as(verb).isFalse();
        }
        assertThat(defaults.allows("list", "apps", "deployments", null, null)).as("observed everywhere").isTrue();
    }

    @Test
    void namespacedWritesOnlyInTheSystemNamespaces() {
        for (String[] kind : NAMESPACED_WRITES) {
            for (String verb : WRITES) {
                assertThat(defaults.allows(verb, kind[0], kind[1], "kuma-system", "x")).as("%s %s in kuma-system", verb, kind[1]).isTrue();
                assertThat(defaults.allows(verb, kind[0], kind[1], "kube-system", "x")).as("%s %s in kube-system", verb, kind[1]).isFalse();
                assertThat(defaults.allows(verb, kind[0], kind[1], "default", "x")).as("%s %s in default", verb, kind[1]).isFalse();
                assertThat(defaults.allows(verb, kind[0], kind[1], null, null)).as("%s %s cluster-wide", verb, kind[1]).isFalse();
            }
            assertThat(defaults.allows("list", kind[0], kind[1], null, null)).as("%s read everywhere", kind[1]).isTrue();
        }
        assertThat(defaults.allows("create", "networking.k8s.io", "networkpolicies", "kube-system", null))
                .as("a NetworkPolicy fencing CoreDNS").isFalse();
    }

    @Test
    void theSystemNamespacesAreTheChartsValue() {
        RenderedRbac two = rbac(Map.of("kumaSystemNamespaces", List.of("mesh-a", "mesh-b"),
                "rbac", Map.of("controlPlaneDeployments", List.of("cp-a", "cp-b"))));

        for (String namespace : List.of("mesh-a", "mesh-b")) {
            assertThat(two.allows("create", "kuma.io", "meshtrafficpermissions", namespace, null)).as(namespace).isTrue();
            assertThat(two.allows("patch", "apps", "deployments", namespace, "cp-b")).as(namespace).isTrue();
            assertThat(two.allows("patch", "apps", "deployments", namespace, "kuma-control-plane")).as(namespace).isFalse();
        }
        assertThat(two.allows("create", "kuma.io", "meshtrafficpermissions", "kuma-system", null)).isFalse();
        assertThat(rbac(Map.of("rbac", Map.of("controlPlaneDeployments", List.of()))).allows("patch", "apps", "deployments",
                "kuma-system", "kuma-control-plane")).as("no Deployment named, none patched").isFalse();
    }

    @Test
    void admissionPoliciesOnlyWithZoneGovernance() {
        for (String resource : List.of("validatingadmissionpolicies", "validatingadmissionpolicybindings")) {
            assertThat(defaults.allows("create", "admissionregistration.k8s.io", resource, null, null)).as("off by default").isFalse();
            assertThat(defaults.allows("delete", "admissionregistration.k8s.io", resource, null, "kumaops-zone-policy-fence-z")).isFalse();
        }
        RenderedRbac governed = rbac(Map.of("zoneGovernance", Map.of("enabled", true)));
        for (String resource : List.of("validatingadmissionpolicies", "validatingadmissionpolicybindings")) {
            assertThat(governed.allows("create", "admissionregistration.k8s.io", resource, null, null)).isTrue();
        }
        assertThat(governed.allows("create", "admissionregistration.k8s.io", "validatingwebhookconfigurations", null, null)).isFalse();
    }

    @Test
    void clusterScopedWritesAreTheProfilesTheMeshAndTheZones() {
        assertThat(defaults.allows("patch", "kuma.io", "meshes", null, "payments")).isTrue();
        assertThat(defaults.allows("delete", "kuma.io", "zones", null, "zone-1")).isTrue();
        assertThat(defaults.allows("patch", "kumaops.io", "kumaproductionprofiles/status", null, "p")).isTrue();

        // Everything the chart lets the operator write without naming a namespace: nothing beyond these.
        Set<String> clusterWideWrites = Set.of("kumaops.io/kumaproductionprofiles", "kumaops.io/kumaproductionprofiles/status",
                "kumaops.io/kumaproductionprofiles/finalizers", "kuma.io/meshes", "kuma.io/zones");
        List<String> beyond = new ArrayList<>();
        for (JsonNode role : ChartSupport.ofKind(documents(template(Map.of("rbac", Map.of("readSecretsMetadata", true)))), "ClusterRole")) {
            if (!role.path("metadata").path("name").asText().equals(ChartSupport.RELEASE)) {
                continue;
            }
            for (JsonNode rule : role.path("rules")) {
                boolean writes = HelmChartTest.texts(rule.path("verbs")).stream().anyMatch(WRITES::contains);
                for (String group : HelmChartTest.texts(rule.path("apiGroups"))) {
                    for (String resource : HelmChartTest.texts(rule.path("resources"))) {
                        if (writes && !clusterWideWrites.contains(group + "/" + resource)) {
                            beyond.add(group + "/" + resource);
                        }
                    }
                }
            }
        }
        assertThat(beyond).as("cluster-wide writes beyond the cluster-scoped kinds the operator owns").isEmpty();
    }

    @Test
    void secretsOnlyKumasTlsSecretByNameAndOnlyWhenAsked() {
        assertThat(defaults.allows("get", "", "secrets", "kuma-system", "kuma-tls-cert")).as("off by default").isFalse();
        RenderedRbac secrets = rbac(Map.of("rbac", Map.of("readSecretsMetadata", true)));
        assertThat(secrets.allows("get", "", "secrets", "kuma-system", "kuma-tls-cert")).isTrue();
        assertThat(secrets.allows("get", "", "secrets", "kuma-system", "kuma-postgres")).isFalse();
        assertThat(secrets.allows("list", "", "secrets", "kuma-system", null)).isFalse();
        assertThat(secrets.allows("watch", "", "secrets", null, null)).isFalse();
        assertThat(secrets.allows("get", "", "secrets", "kube-system", "kuma-tls-cert")).isFalse();
    }

    @Test
    void eventsOnlyInTheirNamespace() {
        assertThat(defaults.allows("create", "", "events", "default", null)).isTrue();
        assertThat(defaults.allows("patch", "events.k8s.io", "events", "default", "e")).isTrue();
        assertThat(defaults.allows("create", "", "events", "kube-system", null)).isFalse();
    }

    @Test
    void theEvaluatorRefusesWhatNoRuleGrants() {
        // The evaluator itself: a RoleBinding's namespace bounds its Role, and resourceNames bound the names.
        assertThat(defaults.allows(Request.of("get", "coordination.k8s.io", "leases", ChartSupport.NAMESPACE, "x"))).isTrue();
        assertThat(defaults.allows(Request.of("get", "coordination.k8s.io", "leases", "kuma-system", "x"))).isFalse();
        assertThat(defaults.allows(Request.of("delete", "kumaops.io", "kumaproductionprofiles", null, "p"))).isFalse();
        assertThat(RenderedRbac.forServiceAccount(documents(template(Map.of())), "someone-else", ChartSupport.NAMESPACE)
                .allows("list", "apps", "deployments", null, null)).isFalse();
    }

    @Test
    void theOperatorIsToldTheSameNamespaces() {
        JsonNode deployment = ChartSupport.get(documents(template(Map.of("kumaSystemNamespaces", List.of("mesh-a", "mesh-b")))),
                "Deployment", ChartSupport.RELEASE);
        assertThat(HelmChartTest.texts(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args")))
                .contains("--system-namespaces=mesh-a,mesh-b");
    }

    @Test
    void theOperatorIsToldTheDeploymentsItMayPatch() {
        for (List<String> names : List.of(List.of("kuma-control-plane"), List.of("cp-a", "cp-b"), List.<String>of())) {
            Map<String, Object> values = Map.of("rbac", Map.of("controlPlaneDeployments", names));
            JsonNode deployment = ChartSupport.get(documents(template(values)), "Deployment", ChartSupport.RELEASE);
            assertThat(HelmChartTest.texts(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args")))
                    .as("%s", names).contains("--control-plane-deployments=" + String.join(",", names));
            RenderedRbac granted = rbac(values);
            for (String name : names) {
                assertThat(granted.allows("patch", "apps", "deployments", "kuma-system", name)).as(name).isTrue();
            }
            assertThat(granted.allows("patch", "apps", "deployments", "kuma-system", "other-control-plane")).as("%s", names).isFalse();
        }
    }
}
