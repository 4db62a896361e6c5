package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static io.kumaops.operator.support.TreePath.index;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.support.TestProfiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final Planner planner = new Planner();

    private static final String MTLS = io.kumaops.operator.support.TestProfiles.MTLS_SPEC;

    @Test
    void stepsComeInTheSafeOrder() {
        Plan plan = planner.plan(TestProfiles.example("production.yaml"));
        assertThat(plan.steps()).extracting(PlannedStep::step).containsExactly(Step.values());
        List<Step> resourceSteps = plan.resources().stream().map(DesiredResource::step).toList();
        assertThat(resourceSteps).isSortedAccordingTo(Enum::compareTo);
    }

    @Test
    void allowAllPermissionComesBeforeTheMeshGetsAnEnabledBackend() {
        Plan plan = planner.plan(fromSpec("payments", MTLS));
        List<DesiredResource> resources = plan.resources();
        int permission = indexOf(resources, "MeshTrafficPermission", "allow-all-payments");
        int firstMtlsMesh = -1;
        for (int i = 0; i < resources.size(); i++) {
            DesiredResource r = resources.get(i);
            if (r.ref().kind().equals("Mesh") && r.spec().containsKey("mtls")) {
                firstMtlsMesh = i;
                break;
            }
        }
        assertThat(permission).isGreaterThanOrEqualTo(0);
        assertThat(firstMtlsMesh).isGreaterThan(permission);
        DesiredResource meshBeforeMtls = resources.get(indexOf(resources, "Mesh", "payments"));
        assertThat(meshBeforeMtls.step()).isEqualTo(Step.MESH);
        assertThat(meshBeforeMtls.spec()).doesNotContainKey("mtls");
    }

    @Test
    void allowAllPermissionIsLabelledForItsMeshInTheSystemNamespace() {
        DesiredResource allowAll = find(planner.plan(fromSpec("payments", MTLS)), "MeshTrafficPermission", "allow-all-payments");
        assertThat(allowAll.ref().namespace()).isEqualTo("kuma-system");
        assertThat(labels(allowAll)).containsEntry("kuma.io/mesh", "payments").doesNotContainKey("kuma.io/origin");
        assertThat(allowAll.spec()).isEqualTo(Map.of(
                "targetRef", Map.of("kind", "Mesh"),
                "from", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("action", "Allow")))));
    }

    @Test
    void zoneControlPlanePoliciesCarryTheZoneOriginAndNoMesh() {
        Plan plan = planner.plan(TestProfiles.example("multizone-zone.yaml"));
        DesiredResource allowAll = find(plan, "MeshTrafficPermission", "allow-all-default");
        assertThat(labels(allowAll)).containsEntry("kuma.io/origin", "zone");
        assertThat(plan.resources()).noneMatch(r -> r.ref().kind().equals("Mesh"));
    }

    @Test
    void evenReplicasAreRoundedUpToOdd() {
        Plan plan = planner.plan(fromSpec("p", """
                controlPlane: {manage: true, replicas: 2}
                """));
        DesiredResource deployment = find(plan, "Deployment", "kuma-control-plane");
        assertThat(deployment.spec()).containsEntry("replicas", 3);
        assertThat(plan.step(Step.CONTROL_PLANE).orElseThrow().notes()).anyMatch(n -> n.contains("2 is even"));
        assertThat(Planner.oddReplicas(1)).isEqualTo(1);
        assertThat(Planner.oddReplicas(4)).isEqualTo(5);
    }

    @Test
    void controlPlaneIsOnlyTouchedWhenManaged() {
        Plan plan = planner.plan(fromSpec("p", "controlPlane: {replicas: 3}"));
        assertThat(plan.step(Step.CONTROL_PLANE).orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void managedControlPlaneGetsTheEnvTheProfileNeeds() {
        Plan plan = planner.plan(fromSpec("p", """
                controlPlane: {manage: true, expectedDataplanes: 1500}
                gitOps: {argoCD: true, argoRollouts: true}
                """));
        assertThat(controlPlaneEnv(plan)).containsEntry("KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES", "true")
                .containsEntry("KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS", "rollouts-pod-template-hash")
                .containsEntry("KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE", "true");
    }

    @Test
    void autoReachableServicesHasHysteresisSoTheControlPlaneDoesNotFlap() {
        KumaProductionProfile profile = fromSpec("p", "controlPlane: {manage: true}");
        assertThat(reachableEnv(profile, 950, "false")).isEqualTo("false");
        assertThat(reachableEnv(profile, 1000, "false")).isEqualTo("true");
        assertThat(reachableEnv(profile, 950, "true")).as("stays on between 900 and 1000").isEqualTo("true");
        assertThat(reachableEnv(profile, 899, "true")).isEqualTo("false");
    }

    private String reachableEnv(KumaProductionProfile profile, int dataplanes, String liveValue) {
        var deployment = new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 3,
                Map.of(Planner.ENV_REACHABLE_SERVICES, liveValue), null, null, Map.of("app", "kuma-control-plane"));
        var observation = new ClusterObservation(true, dataplanes, deployment, null, null, null, null, null, null, null,
                List.of(), List.of(), List.of());
        Plan plan = planner.plan(profile, new ClusterFacts(null, Set.of(), Set.of(), observation));
        return (String) controlPlaneEnv(plan).get(Planner.ENV_REACHABLE_SERVICES);
    }

    /** The env of the control-plane container in the plan's first resource (the Deployment), value by name. */
    private static Map<Object, Object> controlPlaneEnv(Plan plan) {
        return index(plan.resources().get(0).body(), "spec.template.spec.containers[0].env", "name", "value");
    }

    @Test
    void containerPatchValuesAreStringsHoldingJson() throws Exception {
        DesiredResource patch = find(planner.plan(TestProfiles.example("minimal.yaml")), "ContainerPatch", "kuma-production-sidecar");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ops = (List<Map<String, Object>>) patch.spec().get("sidecarPatch");
        assertThat(ops).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> op : ops) {
            assertThat(op.get("value")).isInstanceOf(String.class);
            assertThat(json.readTree((String) op.get("value")).isObject()).isTrue();
        }
        assertThat(json.readTree((String) ops.get(0).get("value")).get("cpu").asText()).isEqualTo("100m");
        assertThat(ops.get(0)).containsEntry("op", "add").containsEntry("path", "/resources/requests");
    }

    @Test
    void meshKeepsTheMtlsItAlreadyHasInStepOne() {
        Map<String, Object> liveMtls = Map.of("enabledBackend", "old", "backends", List.of(Map.of("name", "old", "type", "builtin")));
        ClusterFacts state = new ClusterFacts(Map.of("mtls", liveMtls), Set.of("allow-all-p"), Set.of(), ClusterObservation.empty());
        Plan plan = planner.plan(fromSpec("p", ""), state);
        DesiredResource mesh = find(plan, "Mesh", "p");
        assertThat(mesh.step()).isEqualTo(Step.MESH);
        assertThat(mesh.spec()).containsEntry("mtls", liveMtls);
        assertThat(ZonePolicyFenceTest.withoutDeprecations(plan)).extracting(f -> f.code).containsExactly("MtlsDisableRefused");
    }

    @Test
    void adoptingAMeshThatRunsMtlsWithItsOwnPermissionsNeverAddsAnAllowAll() {
        Map<String, Object> liveMtls = Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin")));
        ClusterFacts zeroTrust = new ClusterFacts(Map.of("mtls", liveMtls), Set.of("web-to-api"), Set.of(), ClusterObservation.empty())
                .withForeignPermissions(Set.of("web-to-api"));
        KumaProductionProfile allowAll = fromSpec("p", MTLS);

        Plan plan = planner.plan(allowAll, zeroTrust);
        PlannedStep permission = plan.step(Step.TRAFFIC_PERMISSION).orElseThrow();
        assertThat(permission.apply()).as("no allow-all on a live zero-trust mesh").isEmpty();
        assertThat(permission.blockedBy()).containsExactly("AdoptionWouldWidenAccess");
        assertThat(plan.findings()).filteredOn(f -> f.code.equals("AdoptionWouldWidenAccess")).singleElement()
                .satisfies(f -> assertThat(f.message).contains("web-to-api").contains("allow-all-p"));

        KumaProductionProfile openOnPurpose = fromSpec("p", MTLS + """
                trafficPermissions: {mode: AllowAll, allowWidening: true}
                """);
        assertThat(planner.plan(openOnPurpose, zeroTrust).step(Step.TRAFFIC_PERMISSION).orElseThrow().apply())
                .extracting(r -> r.ref().name()).containsExactly("allow-all-p");

        KumaProductionProfile restricted = fromSpec("p", MTLS + """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: web-to-api, destination: {kind: Mesh}, sources: [{kind: MeshService, name: web}]}
                """);
        Plan restrictedPlan = planner.plan(restricted, zeroTrust);
        assertThat(restrictedPlan.step(Step.TRAFFIC_PERMISSION).orElseThrow().apply()).isEmpty();
        assertThat(restrictedPlan.step(Step.TRAFFIC_PERMISSION).orElseThrow().blockedBy()).isEmpty();
        assertThat(restrictedPlan.findings()).noneMatch(f -> f.code.equals("AdoptionWouldWidenAccess"));
    }

    /**
     * A permission step that added no allow-all (a zone's Mesh synced with mTLS on, an adopted zero-trust mesh) is
     * recorded as done all the same; the next pass, or a new process after a crash, must not read that record as
     * access the operator granted and add a zone-local or widening allow-all.
     */
    @Test
    void aPermissionStepDoneWithoutAnAllowAllGrantsNothingToTheNextPass() {
        Map<String, Object> liveMtls = Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin")));
        ClusterFacts mtlsOn = new ClusterFacts(Map.of("mtls", liveMtls), Set.of(), Set.of(), ClusterObservation.empty());
        KumaProductionProfile zone = TestProfiles.example("multizone-zone.yaml");
        assertThat(permissionApplies(zone, mtlsOn)).as("the first pass").isEmpty();
        zone.setStatus(statusWith(java.util.Arrays.stream(Step.values()).map(Step::id).toList(), List.of()));
        assertThat(permissionApplies(zone, mtlsOn)).as("a pass after the steps were recorded as done").isEmpty();

        KumaProductionProfile adopted = fromSpec("p", MTLS + """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: web-to-api, destination: {kind: Mesh}, sources: [{kind: MeshService, name: web}]}
                """);
        adopted.setStatus(statusWith(List.of(Step.CONTROL_PLANE.id(), Step.MESH.id(), Step.TRAFFIC_PERMISSION.id()), List.of()));
        assertThat(permissionApplies(adopted, mtlsOn)).as("an adopted zero-trust mesh before its rules are in place").isEmpty();

        // What the operator did grant is restored: its own allow-all, or its rules, recorded as managed and gone since.
        KumaProductionProfile own = fromSpec("p", MTLS);
        own.setStatus(statusWith(List.of(Step.TRAFFIC_PERMISSION.id(), Step.MTLS.id()),
                List.of(new io.kumaops.operator.api.v1alpha1.ManagedResource("kuma.io/v1alpha1", "MeshTrafficPermission", "kuma-system",
                        "allow-all-p", Step.TRAFFIC_PERMISSION.id()))));
        assertThat(permissionApplies(own, mtlsOn)).containsExactly("allow-all-p");
    }

    private List<String> permissionApplies(KumaProductionProfile profile, ClusterFacts facts) {
        return planner.plan(profile, facts).step(Step.TRAFFIC_PERMISSION).orElseThrow().apply().stream().map(r -> r.ref().name()).toList();
    }

    private static io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus statusWith(List<String> completed,
                                                                                         List<io.kumaops.operator.api.v1alpha1.ManagedResource> managed) {
        var status = new io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus();
        status.completedSteps = new java.util.ArrayList<>(completed);
        status.managedResources = new java.util.ArrayList<>(managed);
        return status;
    }

    @Test
    void restrictedModeCreatesRulesThenDeletesAllowAll() {
        Plan plan = planner.plan(TestProfiles.example("production.yaml"));
        PlannedStep restrict = plan.step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.apply()).extracting(r -> r.ref().name())
                .containsExactly("payments-web-to-backend", "payments-monitoring-scrapes-all");
        assertThat(restrict.delete()).extracting(ResourceRef::name).containsExactly("allow-all-payments");
    }

    private static ClusterFacts running(String image) {
        ClusterObservation.ControlPlaneDeployment cp = new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane",
                1, Map.of(), null, null, Map.of(), image);
        ClusterObservation observation = new ClusterObservation(true, 0, cp, null, null, null, null, null, null, null,
                List.of(), List.of(), List.of("policy/v1"));
        return new ClusterFacts(null, Set.of(), Set.of("policy/v1"), observation);
    }

    @Test
    void inTheClusterTheRunningVersionDecidesTheShapes() {
        KumaProductionProfile profile = fromSpec("p", """
                kumaVersion: "2.14"
                policies: {timeout: {idleTimeout: 1h}}
                """);
        assertThat(planner.plan(profile, running("kumahq/kuma-cp:2.9.13")).step(Step.DEFAULTS).orElseThrow().apply())
                .as("2.9's MeshTimeout has no rules[]: one policy with from and to").extracting(r -> r.ref().name())
                .containsExactly("kumaops-timeout-p", "kumaops-timeout-p-gateways");
        assertThat(planner.plan(profile).step(Step.DEFAULTS).orElseThrow().apply()).as("offline: spec.kumaVersion")
                .extracting(r -> r.ref().name()).containsExactly("kumaops-timeout-p-inbound", "kumaops-timeout-p", "kumaops-timeout-p-gateways");
    }

    @Test
    void aControlPlaneOutsideTheSupportedRangeBlocksEveryStep() {
        Plan plan = planner.plan(fromSpec("p", ""), running("kumahq/kuma-cp:2.15.0"));
        assertThat(plan.steps()).allSatisfy(step -> {
            assertThat(step.apply()).isEmpty();
            assertThat(step.blockedBy()).containsExactly(Planner.UNSUPPORTED_KUMA_VERSION);
        });
        assertThat(plan.findings()).singleElement().satisfies(f -> assertThat(f.message).contains("2.15.0").contains("2.9 … 2.14"));
    }

    @Test
    void noSecondDisruptionBudgetOrAutoscalerWhereKumasChartAlreadyMadeOne() {
        ClusterObservation guarded = ClusterObservation.empty().withForeignGuards(new ClusterObservation.ForeignGuards(
                Set.of("kuma-control-plane", "kuma-ingress"), Set.of("kuma-ingress")));
        Map<String, Object> mtlsOn = Map.of("mtls", Map.of("enabledBackend", "ca-1"));
        ClusterFacts cluster = new ClusterFacts(mtlsOn, Set.of("allow-all-payments", "allow-all-default"), Set.of("policy/v1", "autoscaling/v2"),
                guarded);
        assertThat(planner.plan(TestProfiles.example("production.yaml"), cluster).step(Step.CONTROL_PLANE).orElseThrow().apply())
                .extracting(r -> r.ref().kind()).containsExactly("Deployment");
        assertThat(planner.plan(TestProfiles.example("multizone-zone.yaml"), cluster).step(Step.MULTI_ZONE).orElseThrow().apply())
                .extracting(r -> r.ref().kind()).doesNotContain("PodDisruptionBudget", "HorizontalPodAutoscaler");
        assertThat(planner.plan(TestProfiles.example("production.yaml")).step(Step.CONTROL_PLANE).orElseThrow().apply())
                .as("offline nothing is known: the profile's PDB is rendered").extracting(r -> r.ref().kind())
                .contains("PodDisruptionBudget");
    }

    private static ClusterFacts reporting(Map<String, Object> meshSpec, Set<String> permissions, io.kumaops.operator.model.KumaReports reports,
                                          int meshPermissions) {
        ClusterObservation observed = ClusterObservation.empty().withDataplaneServices(Set.of("backend_payments_svc_8080", "web_payments_svc_8080"));
        return new ClusterFacts(meshSpec, permissions, Set.of("policy/v1"), observed).withKumaReports(reports, meshPermissions);
    }

    private static io.kumaops.operator.model.KumaReports reports(long online, Map<String, Long> issued, long permissions) {
        // The default policies counted as well, so only the gate under test holds.
        return new io.kumaops.operator.model.KumaReports(online, online, issued, Map.of("MeshTrafficPermission", permissions,
                "MeshTimeout", 10L, "MeshRetry", 10L, "MeshCircuitBreaker", 10L));
    }

    /** A status saying the step's gate saw Kuma's count longer ago than Kuma's configuration refresh (XdsRefreshGateTest). */
    private static io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus countedSince(String step) {
        var status = new io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus();
        Instant longAgo = Instant.EPOCH.minusSeconds(60);
        status.gateWait = new io.kumaops.operator.api.v1alpha1.GateWaitStatus(step, longAgo.toString(), longAgo.toString());
        return status;
    }

    @Test
    void withoutKumasReportNothingAfterTheMeshIsWritten() {
        Plan plan = planner.plan(fromSpec("p", MTLS), reporting(null, Set.of(), null, 0));
        assertThat(plan.step(Step.MESH).orElseThrow().waitBefore()).isNull();
        PlannedStep permission = plan.step(Step.TRAFFIC_PERMISSION).orElseThrow();
        assertThat(permission.waitBefore().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.WaitingForKuma);
        assertThat(permission.waitBefore().message()).contains("no MeshInsight p yet");
    }

    @Test
    void mtlsComesOnOnlyOnceKumaCountsThePermission() {
        PlannedStep uncounted = planner.plan(fromSpec("p", MTLS), reporting(null, Set.of("allow-all-p"), reports(0, Map.of(), 0), 1))
                .step(Step.MTLS).orElseThrow();
        assertThat(uncounted.waitBefore().message()).contains("Kuma counts 0 of 1");
        KumaProductionProfile countedLongAgo = fromSpec("p", MTLS);
        countedLongAgo.setStatus(countedSince("3-mtls"));
        PlannedStep counted = planner.plan(countedLongAgo, reporting(null, Set.of("allow-all-p"), reports(0, Map.of(), 1), 1))
                .step(Step.MTLS).orElseThrow();
        assertThat(counted.waitBefore()).isNull();
        assertThat(counted.apply()).isNotEmpty();
    }

    @Test
    void theAllowAllGoesOnlyWhenEveryOnlineProxyHoldsACertificateFromTheEnabledBackend() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        Map<String, Object> mtlsOn = Map.of("mtls", Map.of("enabledBackend", "ca-1"));
        Set<String> present = Set.of("allow-all-payments", "payments-web-to-backend", "payments-monitoring-scrapes-all");
        PlannedStep lagging = planner.plan(profile, reporting(mtlsOn, present, reports(3, Map.of("ca-1", 2L), 3), 3))
                .step(Step.RESTRICT).orElseThrow();
        assertThat(lagging.delete()).isEmpty();
        assertThat(lagging.hold().message()).contains("1 of 3 online data planes do not hold a certificate from ca-1");
        profile.setStatus(countedSince("6-restrict"));
        PlannedStep ready = planner.plan(profile, reporting(mtlsOn, present, reports(3, Map.of("ca-1", 3L), 3), 3))
                .step(Step.RESTRICT).orElseThrow();
        assertThat(ready.delete()).extracting(ResourceRef::name).containsExactly("allow-all-payments");
    }

    @Test
    void theWaitBeforeTheAllowAllGoesNamesAtMostTenOfTheProxiesWithoutACertificateFromTheEnabledBackend() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        Map<String, Object> mtlsOn = Map.of("mtls", Map.of("enabledBackend", "ca-1"));
        Set<String> present = Set.of("allow-all-payments", "payments-web-to-backend", "payments-monitoring-scrapes-all");
        var reading = io.kumaops.operator.model.DataplaneInsightDigest.reading(Instant.parse("2026-01-01T00:00:00Z"), null,
                java.time.Duration.ofMinutes(5)).watching(List.of("ca-1"));
        for (int i = 0; i < 12; i++) {
            reading.add("payments", "web-" + i, Map.of("subscriptions", List.of(Map.of("id", "1", "connectTime", "2026-01-01T00:00:00Z")),
                    "mTLS", Map.of("issuedBackend", "ca-0")));
        }
        io.kumaops.operator.model.KumaReports lagging = reports(120, Map.of("ca-1", 108L), 3).withInsights(reading.build());
        String message = planner.plan(profile, reporting(mtlsOn, present, lagging, 3)).step(Step.RESTRICT).orElseThrow().hold().message();
        assertThat(message).contains("12 of 120 online data planes do not hold a certificate from ca-1 yet: payments/web-0, payments/web-1")
                .contains("payments/web-9 and 2 more").doesNotContain("payments/web-10")
                .contains("(DataplaneInsights read at 2026-01-01T00:00:00Z)");

        String unread = planner.plan(profile, reporting(mtlsOn, present, reports(120, Map.of("ca-1", 108L), 3), 3))
                .step(Step.RESTRICT).orElseThrow().hold().message();
        assertThat(unread).contains("12 of 120 online data planes do not hold a certificate from ca-1 yet (named at the next reading");
    }

    @Test
    void apiServerOnlyGatesAreOnPurposeAndSaidSo() {
        Plan plan = planner.plan(fromSpec("p", MTLS + "rollout: {gates: ApiServerOnly}\n"), reporting(null, Set.of(), null, 0));
        assertThat(plan.steps()).allSatisfy(step -> assertThat(step.waitBefore()).isNull());
        assertThat(plan.findings()).extracting(f -> f.code).contains("KumaGatesDisabled");
    }

    @Test
    void aServiceTargetIsEmittedAsTheTagKumasInjectorSets() {
        DesiredResource rule = find(planner.plan(TestProfiles.example("production.yaml")), "MeshTrafficPermission", "payments-web-to-backend");
        assertThat(rule.spec().get("targetRef")).isEqualTo(Map.of("kind", "MeshService", "name", "backend_payments_svc_8080"));
    }

    @Test
    void inTheClusterTheAllowAllStaysWhileAnAllowRuleSelectsNoObservedDataplane() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        ClusterObservation onlyWeb = ClusterObservation.empty().withDataplaneServices(Set.of("web_payments_svc_8080"));
        ClusterFacts cluster = new ClusterFacts(null, Set.of("allow-all-payments"), Set.of("policy/v1"), onlyWeb);
        Plan waiting = planner.plan(profile, cluster);
        PlannedStep restrict = waiting.step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.apply()).as("the rules still go in").hasSize(2);
        assertThat(restrict.delete()).as("the allow-all stays").isEmpty();
        assertThat(restrict.hold().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.WaitingForSelectedDataplanes);
        assertThat(waiting.findings()).filteredOn(f -> f.code.equals("PermissionRuleSelectsNothing")).singleElement()
                .satisfies(f -> assertThat(f.message).contains("rule web-to-backend").contains("backend_payments_svc_8080"));

        ClusterObservation both = onlyWeb.withDataplaneServices(Set.of("web_payments_svc_8080", "backend_payments_svc_8080"));
        PlannedStep ready = planner.plan(profile, new ClusterFacts(null, Set.of("allow-all-payments"), Set.of("policy/v1"), both))
                .step(Step.RESTRICT).orElseThrow();
        assertThat(ready.delete()).extracting(ResourceRef::name).containsExactly("allow-all-payments");

        PlannedStep unobserved = planner.plan(profile, new ClusterFacts(null, Set.of("allow-all-payments"), Set.of("policy/v1"),
                ClusterObservation.empty())).step(Step.RESTRICT).orElseThrow();
        assertThat(unobserved.delete()).as("no census is no evidence: the gate never passes by default").isEmpty();
    }

    @Test
    void restrictedRulesInPlaceMeanTheAllowAllIsNotRecreated() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        ClusterFacts rulesPresent = new ClusterFacts(null, Set.of("payments-web-to-backend", "payments-monitoring-scrapes-all"),
                Set.of(), ClusterObservation.empty());
        assertThat(planner.plan(profile, rulesPresent).step(Step.TRAFFIC_PERMISSION).orElseThrow().apply()).isEmpty();
        ClusterFacts oneRuleMissing = new ClusterFacts(null, Set.of("payments-web-to-backend"), Set.of(), ClusterObservation.empty());
        assertThat(planner.plan(profile, oneRuleMissing).step(Step.TRAFFIC_PERMISSION).orElseThrow().apply()).hasSize(1);
    }

    @Test
    void restrictedWithoutAllowRuleKeepsTheAllowAll() {
        Plan plan = planner.plan(fromSpec("p", MTLS + """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: deny-legacy, destination: {kind: Mesh}, sources: [{kind: MeshService, name: legacy}], action: Deny}
                """));
        assertThat(plan.step(Step.RESTRICT).orElseThrow().delete()).isEmpty();
    }

    @Test
    void allowWithShadowDenyRulesLetTrafficThroughSoTheAllowAllGoesOnceTheyAreObserved() {
        KumaProductionProfile profile = fromSpec("p", MTLS + """
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: web-to-api, destination: {kind: Mesh}, sources: [{kind: MeshService, name: web}], action: AllowWithShadowDeny}
                """);
        assertThat(planner.plan(profile).step(Step.RESTRICT).orElseThrow().delete()).extracting(ResourceRef::name)
                .containsExactly("allow-all-p");
        ClusterFacts ruleObserved = new ClusterFacts(null, Set.of("p-web-to-api"), Set.of(), ClusterObservation.empty());
        assertThat(planner.plan(profile, ruleObserved).step(Step.TRAFFIC_PERMISSION).orElseThrow().apply())
                .as("the allow-all is not recreated once the shadow-deny rule is in place").isEmpty();
    }

    @Test
    void multiZoneResourcesNeedMtls() {
        Plan withoutMtls = planner.plan(fromSpec("g", """
                controlPlane: {role: Global}
                multiZone: {enabled: true, zones: [{name: z1}]}
                """));
        assertThat(withoutMtls.step(Step.MULTI_ZONE).orElseThrow().apply()).isEmpty();
        Plan global = planner.plan(TestProfiles.example("multizone-global.yaml"));
        assertThat(global.step(Step.MULTI_ZONE).orElseThrow().apply()).extracting(r -> r.ref().kind())
                .containsExactly("Zone", "Zone", "NetworkPolicy");
    }

    @Test
    void zoneIngressObjectsFollowServedApiVersions() {
        KumaProductionProfile zone = TestProfiles.example("multizone-zone.yaml");
        assertThat(zoneIngressApiVersions(planner.plan(zone))).containsExactly("autoscaling/v2", "policy/v1");
        // Kubernetes 1.20 (the offline API server) serves autoscaling/v2beta2 and policy/v1beta1.
        ClusterFacts kube120 = new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "ca-1")), Set.of(),
                Set.of("autoscaling/v1", "autoscaling/v2beta1", "autoscaling/v2beta2", "policy/v1beta1"), ClusterObservation.empty());
        assertThat(zoneIngressApiVersions(planner.plan(zone, kube120))).containsExactly("autoscaling/v2beta2", "policy/v1beta1");
        DesiredResource hpa = planner.plan(zone, kube120).resources().stream()
                .filter(r -> r.ref().kind().equals("HorizontalPodAutoscaler")).findFirst().orElseThrow();
        assertThat(hpa.spec()).containsKey("metrics").doesNotContainKey("targetCPUUtilizationPercentage");
        ClusterFacts oldest = new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "ca-1")), Set.of(),
                Set.of("autoscaling/v1", "policy/v1beta1"), ClusterObservation.empty());
        assertThat(zoneIngressApiVersions(planner.plan(zone, oldest))).containsExactly("autoscaling/v1", "policy/v1beta1");
    }

    private static List<String> zoneIngressApiVersions(Plan plan) {
        return plan.step(Step.MULTI_ZONE).orElseThrow().apply().stream()
                .filter(r -> r.ref().kind().equals("HorizontalPodAutoscaler") || r.ref().kind().equals("PodDisruptionBudget"))
                .map(r -> r.ref().apiVersion()).toList();
    }

    @Test
    void timeoutShapeFollowsKumaVersion() {
        String policies = """
                policies:
                  timeout: {connectionTimeout: 5s, requestTimeout: 15s}
                """;
        Plan old = planner.plan(fromSpec("p", "kumaVersion: \"2.9\"\n" + policies));
        assertThat(old.resources()).filteredOn(r -> r.ref().name().equals("kumaops-timeout-p")).singleElement()
                .satisfies(r -> assertThat(r.spec()).containsKeys("from", "to").doesNotContainKey("rules"));
        Plan current = planner.plan(fromSpec("p", "kumaVersion: \"2.14\"\n" + policies));
        assertThat(current.resources()).filteredOn(r -> r.ref().kind().equals("MeshTimeout")
                        && !r.ref().name().endsWith(io.kumaops.operator.model.GeneratedNames.GATEWAYS)).hasSize(2)
                .allSatisfy(r -> assertThat(r.spec()).doesNotContainKey("from"));
    }

    @Test
    void everyResourceNamesItsProfileAndStep() {
        for (var example : TestProfiles.examples()) {
            Plan plan = planner.plan(TestProfiles.example(example.getFileName().toString()));
            for (DesiredResource resource : plan.resources()) {
                assertThat(labels(resource)).containsEntry("kumaops.io/profile", plan.profileName());
                @SuppressWarnings("unchecked")
                Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) resource.body().get("metadata")).get("annotations");
                assertThat(annotations).containsEntry("kumaops.io/step", resource.step().id());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(DesiredResource resource) {
        return (Map<String, String>) ((Map<String, Object>) resource.body().get("metadata")).get("labels");
    }

    private static int indexOf(List<DesiredResource> resources, String kind, String name) {
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).ref().kind().equals(kind) && resources.get(i).ref().name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static DesiredResource find(Plan plan, String kind, String name) {
        return plan.resources().stream().filter(r -> r.ref().kind().equals(kind) && r.ref().name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + plan.resources()));
    }
}
