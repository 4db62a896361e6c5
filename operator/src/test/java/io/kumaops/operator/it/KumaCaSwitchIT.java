package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.isolate;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change of CA under mTLS on open-source Kuma, with the stand-in's webhook judging as open-source Kuma 2.14 (its
 * default; Kuma pkg/core/managers/apis/mesh/mesh_validator.go refuses the change): the operator blocks step 3-mtls with
 * {@code CaSwitchRefusedByKuma} and leaves the live Mesh as it is; the planned mTLS-off window the finding describes
 * then switches the CA.
 */
class KumaCaSwitchIT {

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
        assertThat(cluster.standIn().target().distribution()).isEqualTo(Distribution.Kuma);
    }

    private static KumaProductionProfile profile(String name, String backend, String extra) {
        return isolate(client, TestProfiles.fromSpec(name, extra + """
                mtls:
                  enabled: true
                  enabledBackend: %s
                  backends:
                    - {name: %s, type: Builtin}
                """.formatted(backend, backend)), name);
    }

    private static Map<String, Object> liveMesh(String name) {
        return client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get().getAdditionalProperties();
    }

    @SuppressWarnings("unchecked")
    private static List<String> liveBackends(String name) {
        return ((List<Map<String, Object>>) at(liveMesh(name), "spec.mtls.backends")).stream().map(b -> (String) b.get("name")).toList();
    }

    /**
     * What docs/rollout.md tells the user to run: the Mesh, server-side applied under the operator's field manager,
     * without mtls.enabledBackend. Kuma's Mesh spec has no schema, so it is one atomic field: an edit under any
     * other manager (kubectl patch, kubectl edit) would own it, and every later apply of the operator would conflict.
     */
    @SuppressWarnings("unchecked")
    private static void switchMtlsOffAsTheOperator(String name) {
        GenericKubernetesResource live = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get();
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) live.getAdditionalProperties().get("spec"));
        Map<String, Object> mtls = new LinkedHashMap<>((Map<String, Object>) spec.get("mtls"));
        mtls.remove("enabledBackend");
        spec.put("mtls", mtls);
        GenericKubernetesResource off = new GenericKubernetesResource();
        off.setApiVersion(live.getApiVersion());
        off.setKind(live.getKind());
        off.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(live.getMetadata().getLabels())
                .withAnnotations(live.getMetadata().getAnnotations()).build());
        off.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(off).fieldManager(KubeAccess.FIELD_MANAGER).serverSideApply();
        assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isNull();
    }

    @Test
    void aSwitchUnderMtlsIsBlockedAndThePlannedMtlsOffWindowSwitchesTheCa() {
        String name = TestCluster.uniqueName("kuma-ca");
        try (TestCluster.RunningOperator operator = cluster.startOperator(TestCluster.testOptions(Duration.ofMillis(300)))) {
            apply(client, profile(name, "ca-1", ""));
            awaitPhase(client, name, Phase.Ready);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");

            // What the operator must not try: Kuma's admission refuses the switch written directly.
            assertThatThrownBy(() -> client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"mtls\":{\"enabledBackend\":\"ca-2\","
                            + "\"backends\":[{\"name\":\"ca-2\",\"type\":\"builtin\"}]}}}"))
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("Changing CA when mTLS is enabled is forbidden");
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");

            apply(client, profile(name, "ca-2", ""));
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().findings).anySatisfy(f -> {
                assertThat(f.code).isEqualTo(Planner.CA_SWITCH_REFUSED_BY_KUMA);
                assertThat(f.message).contains("mesh " + name + " has mTLS on with backend ca-1", "enabledBackend is ca-2");
                assertThat(f.remediation).contains("MeshIdentity", "spec.rollout.paused: true");
            });
            // The specific finding replaces the admission gate's generic one: nothing of the step was put to Kuma.
            assertThat(blocked.getStatus().findings).extracting(f -> f.code).doesNotContain(Planner.KUMA_WOULD_REFUSE);
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("3-mtls", Planner.CA_SWITCH_REFUSED_BY_KUMA);
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
            assertThat(liveBackends(name)).containsExactly("ca-1");

            // The way out by hand: pause, switch mTLS off on the Mesh, name the new backend, continue.
            apply(client, profile(name, "ca-2", "rollout: {paused: true}\n"));
            awaitPhase(client, name, Phase.Blocked);
            switchMtlsOffAsTheOperator(name);
            apply(client, profile(name, "ca-2", "rollout: {paused: false}\n"));
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
            assertThat(ready.getStatus().findings).extracting(f -> f.code).doesNotContain(Planner.CA_SWITCH_REFUSED_BY_KUMA);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-2");
            assertThat(liveBackends(name)).containsExactly("ca-2");
        }
    }
}
