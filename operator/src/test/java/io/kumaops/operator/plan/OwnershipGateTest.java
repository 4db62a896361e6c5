package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two profiles never write one object with different content; what several profiles share has one owner. */
class OwnershipGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Planner planner = new Planner();

    private static final String TIMEOUTS = """
            policies:
              timeout: {connectionTimeout: 5s}
            """;

    @Test
    void meshesXAndXInboundWithTimeoutsWriteSixDifferentPolicies() {
        List<String> x = names(planner.plan(fromSpec("x", TIMEOUTS)), "MeshTimeout");
        List<String> xInbound = names(planner.plan(fromSpec("x-inbound", TIMEOUTS)), "MeshTimeout");
        assertThat(x).containsExactly("kumaops-timeout-x-inbound", "kumaops-timeout-x", "kumaops-timeout-x-gateways");
        assertThat(xInbound).hasSize(3).doesNotContainAnyElementsOf(x);
    }

    @Test
    void meshAllowWithRuleAllAllowKeepsItsRuleWhenTheAllowAllGoes() {
        Plan plan = planner.plan(fromSpec("allow", """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: all-allow, action: Allow, destination: {kind: Mesh}, sources: [{kind: Mesh}]}
                """));
        PlannedStep restrict = plan.step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.delete()).extracting(ResourceRef::name).containsExactly("allow-all-allow");
        assertThat(restrict.apply()).extracting(r -> r.ref().name()).containsExactly("allow-all-allow.18426586");
        assertThat(plan.findings()).noneMatch(f -> f.code.equals(OwnershipGate.NAME_COLLISION));
    }

    @Test
    void anObjectAnotherProfileOwnsWithOtherContentBlocksTheStepThatWouldWriteIt() {
        KumaProductionProfile second = fromSpec("second", TIMEOUTS);
        DesiredResource timeout = find(planner.plan(second), "MeshTimeout", "kumaops-timeout-second");
        Map<String, Object> held = heldBy("first", timeout);
        spec(held).put("to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("idleTimeout", "1h"))));

        Plan plan = planner.plan(second, facts(held));
        PlannedStep defaults = plan.step(Step.DEFAULTS).orElseThrow();
        assertThat(defaults.apply()).as("nothing of the step is written").isEmpty();
        assertThat(defaults.blockedBy()).containsExactly(OwnershipGate.NAME_COLLISION);
        Finding finding = finding(plan, OwnershipGate.NAME_COLLISION);
        assertThat(finding.message).contains("MeshTimeout kuma-system/kumaops-timeout-second", "belongs to profile first");
        assertThat(finding.path).isEqualTo("spec.policies");
        assertThat(plan.step(Step.MESH).orElseThrow().apply()).as("the steps before it are not affected").isNotEmpty();
    }

    @Test
    void anObjectAnotherProfileOwnsAsThisOneWantsItIsLeftToItsOwner() {
        KumaProductionProfile second = fromSpec("second", TIMEOUTS);
        DesiredResource timeout = find(planner.plan(second), "MeshTimeout", "kumaops-timeout-second");

        Plan plan = planner.plan(second, facts(heldBy("first", timeout)));
        PlannedStep defaults = plan.step(Step.DEFAULTS).orElseThrow();
        assertThat(defaults.apply()).extracting(r -> r.ref().name()).containsExactly("kumaops-timeout-second-inbound", "kumaops-timeout-second-gateways");
        assertThat(defaults.blockedBy()).isEmpty();
        assertThat(defaults.notes()).anyMatch(note -> note.contains("belongs to profile first and already holds what this profile wants"));
        assertThat(plan.findings()).noneMatch(f -> f.code.equals(OwnershipGate.NAME_COLLISION));
    }

    @Test
    void anObjectAnotherProfileOwnsIsNeverDeleted() {
        KumaProductionProfile second = fromSpec("second", """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: all, action: Allow, destination: {kind: Mesh}, sources: [{kind: Mesh}]}
                """);
        DesiredResource allowAll = find(planner.plan(second), "MeshTrafficPermission", "allow-all-second");

        Plan plan = planner.plan(second, facts(heldBy("first", allowAll)));
        assertThat(plan.step(Step.RESTRICT).orElseThrow().delete()).isEmpty();
        assertThat(plan.step(Step.RESTRICT).orElseThrow().notes()).anyMatch(note -> note.contains("belongs to profile first; it is not deleted"));
    }

    @Test
    void theSidecarContainerPatchOfTwoProfilesWithOtherResourcesIsASharedSettingConflict() {
        String resources = "sidecar: {requests: {cpu: 250m, memory: 256Mi}}";
        ClusterFacts patchOfFirst = writtenByFirst(resources, "ContainerPatch", "kuma-production-sidecar");

        Plan plan = planner.plan(fromSpec("second", "sidecar: {requests: {cpu: 100m, memory: 128Mi}}"), patchOfFirst);
        assertThat(plan.step(Step.DEFAULTS).orElseThrow().blockedBy()).containsExactly(OwnershipGate.SHARED_SETTING_CONFLICT);
        Finding finding = finding(plan, OwnershipGate.SHARED_SETTING_CONFLICT);
        assertThat(finding.path).isEqualTo("spec.sidecar.containerPatchName");
        assertThat(finding.message).contains("ContainerPatch kuma-system/kuma-production-sidecar is managed by profile first");

        Plan agreeing = planner.plan(fromSpec("third", resources), patchOfFirst);
        assertThat(agreeing.findings()).as("the same sidecar resources: nothing to fight over").noneMatch(f -> f.code.equals(OwnershipGate.SHARED_SETTING_CONFLICT));
        assertThat(agreeing.step(Step.DEFAULTS).orElseThrow().apply()).noneMatch(r -> r.ref().kind().equals("ContainerPatch"));
    }

    @Test
    void twoProfilesThatWantOtherControlPlaneEnvHaveOneOwnerAndAFinding() {
        ClusterFacts deploymentOfFirst = writtenByFirst("controlPlane: {manage: true, reachableServices: Enabled}", "Deployment",
                "kuma-control-plane");

        Plan plan = planner.plan(fromSpec("second", "controlPlane: {manage: true, reachableServices: Disabled}"), deploymentOfFirst);
        PlannedStep controlPlane = plan.step(Step.CONTROL_PLANE).orElseThrow();
        assertThat(controlPlane.apply()).isEmpty();
        assertThat(controlPlane.blockedBy()).containsExactly(OwnershipGate.SHARED_SETTING_CONFLICT);
        Finding finding = finding(plan, OwnershipGate.SHARED_SETTING_CONFLICT);
        assertThat(finding.path).isEqualTo("spec.controlPlane.deploymentName");
        assertThat(finding.remediation).contains("spec.controlPlane.manage: false");

        Plan same = planner.plan(fromSpec("third", "controlPlane: {manage: true, reachableServices: Enabled}"), deploymentOfFirst);
        assertThat(same.step(Step.CONTROL_PLANE).orElseThrow().blockedBy()).isEmpty();
        assertThat(same.step(Step.CONTROL_PLANE).orElseThrow().apply()).as("the owner's Deployment is left as it is")
                .noneMatch(r -> r.ref().kind().equals("Deployment"));
    }

    @Test
    void twoManagingProfilesWithTheirOwnContainerPatchesDisagreeOnTheInjectorsPatchList() {
        String managed = "controlPlane: {manage: true}%nsidecar: {containerPatchName: %s, requests: {cpu: 100m, memory: 128Mi}}";
        ClusterFacts deploymentOfFirst = writtenByFirst(managed.formatted("first-patch"), "Deployment", "kuma-control-plane");

        Plan plan = planner.plan(fromSpec("second", managed.formatted("second-patch")), deploymentOfFirst);
        assertThat(plan.step(Step.CONTROL_PLANE).orElseThrow().blockedBy()).containsExactly(OwnershipGate.SHARED_SETTING_CONFLICT);
        assertThat(finding(plan, OwnershipGate.SHARED_SETTING_CONFLICT).message).contains(
                "the injector's patch list KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES is one setting of the control plane",
                "profile first has it name first-patch where this profile would name second-patch");

        Plan samePatch = planner.plan(fromSpec("third", managed.formatted("first-patch")), deploymentOfFirst);
        assertThat(samePatch.step(Step.CONTROL_PLANE).orElseThrow().blockedBy()).as("one patch name: the profiles agree").isEmpty();
    }

    @Test
    void oneNameForTwoObjectsOfOneProfileIsACollision() {
        // The control plane's and the zone ingress's PodDisruptionBudgets would share <deployment>-pdb.
        Plan plan = planner.plan(fromSpec("p", """
                controlPlane: {manage: true, deploymentName: kuma, role: Zone, zoneName: east}
                mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}
                multiZone: {enabled: true, globalKdsAddress: "grpcs://global:5685", zoneIngress: {deploymentName: kuma}}
                """));
        assertThat(plan.step(Step.MULTI_ZONE).orElseThrow().blockedBy()).containsExactly(OwnershipGate.NAME_COLLISION);
        assertThat(finding(plan, OwnershipGate.NAME_COLLISION).message)
                .contains("PodDisruptionBudget kuma-system/" + GeneratedNames.disruptionBudget("kuma"), "steps 0-control-plane and 5-multi-zone");
        assertThat(plan.step(Step.CONTROL_PLANE).orElseThrow().apply()).extracting(r -> r.ref().kind()).contains("PodDisruptionBudget");
    }

    /** The facts of a cluster where profile {@code first}, with the given spec, wrote the object of that kind and name. */
    private ClusterFacts writtenByFirst(String spec, String kind, String name) {
        return facts(heldBy("first", find(planner.plan(fromSpec("first", spec)), kind, name)));
    }

    /** The object as another profile wrote it: the desired body, labelled for that profile. */
    private static Map<String, Object> heldBy(String owner, DesiredResource desired) {
        Map<String, Object> object = JSON.convertValue(desired.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
        labels.put(Labels.PROFILE, owner);
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static ClusterFacts facts(Map<String, Object> held) {
        Map<String, Object> metadata = (Map<String, Object>) held.get("metadata");
        String key = ResourceRef.objectKey((String) held.get("kind"), (String) metadata.get("namespace"), (String) metadata.get("name"));
        return ClusterFacts.offline().withHeldByOtherProfiles(Map.of(key, held));
    }

    private static List<String> names(Plan plan, String kind) {
        return plan.resources().stream().filter(r -> r.ref().kind().equals(kind)).map(r -> r.ref().name()).toList();
    }

    private static DesiredResource find(Plan plan, String kind, String name) {
        return plan.resources().stream().filter(r -> r.ref().kind().equals(kind) && r.ref().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " not in " + plan.resources().stream().map(r -> r.ref().toString()).toList()));
    }

    private static Finding finding(Plan plan, String code) {
        return plan.findings().stream().filter(f -> f.code.equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + plan.findings().stream().map(f -> f.code).toList()));
    }
}
