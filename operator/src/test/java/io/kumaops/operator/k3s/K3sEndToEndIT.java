package io.kumaops.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.admission.WebhookCaseRun;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker-only tier: a real k3s cluster (Kubernetes 1.31) in a container. The chart is installed with helm-java
 * (its CRD, RBAC and ServiceAccount; the Deployment scaled to 0) and the operator runs in the test JVM as the chart's
 * ServiceAccount, so the chart's RBAC is what it gets. When KUMA_HELM_CHART points at Kuma's chart (a directory or
 * .tgz; the e2e workflow pulls it) Kuma itself is installed first, so Kuma's admission webhook judges what the
 * operator writes; otherwise Kuma's CRDs are installed alone and every example is rolled out. On 1.31 the zone
 * policy fence (a ValidatingAdmissionPolicy) is applied and enforced, which the local 1.20 API server cannot show.
 * With Kuma installed, Kuma's own and the project's admission cases are sent to Kuma's webhooks as well
 * ({@link WebhookCaseRun}, the same run the stand-in gets on the local API server).
 * Skipped, with a one-line reason, where Docker is absent; failed instead where KUMAOPS_REQUIRE_DOCKER=true says the
 * runner has Docker (the e2e-k3s workflow).
 */
class K3sEndToEndIT {

    private static K3sContainer k3s;
    private static KubernetesClient client;
    private static KubernetesClient asOperator;
    private static String operatorUser;
    private static OperatorRunner operator;
    private static boolean withKuma;
    private static WebhookCaseRun caseRun;
    private static final String RELEASE_NAMESPACE = "kuma-production-operator";
    private static final String FENCED_ZONE = "k3s-fenced-zone";

    @BeforeAll
    static void startK3s() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        switch (DockerRequirement.decide(docker, System.getenv(DockerRequirement.ENV))) {
            case FAIL -> throw new IllegalStateException("no Docker engine, but " + DockerRequirement.ENV
                    + "=true: this runner should have Docker; the k3s tier would have passed with nothing tested");
            case SKIP -> System.out.println("SKIPPED K3sEndToEndIT: no Docker engine on this machine (the k3s tier runs in GitHub Actions)");
            case RUN -> { }
        }
        Assumptions.assumeTrue(docker, "no Docker engine: the k3s tier runs where Docker exists");
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
        k3s.start();
        Path kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
        Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        String kumaChart = System.getenv("KUMA_HELM_CHART");
        withKuma = kumaChart != null && !kumaChart.isBlank();
        if (withKuma) {
            Helm.install(kumaChart).withName("kuma").withNamespace("kuma-system").createNamespace().withKubeConfig(kubeconfig)
                    .waitReady().call();
        }
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        // The chart writes its Roles into the Kuma system namespaces it names, which must exist first (as Kuma's would).
        List<String> systemNamespaces = systemNamespaces();
        systemNamespaces.forEach(namespace -> ItSupport.createNamespace(client, namespace));
        Path values = Files.createTempFile("k3s-values", ".yaml");
        Files.writeString(values, "replicas: 0\nzoneGovernance: {enabled: true}\nkumaSystemNamespaces: ["
                + String.join(", ", systemNamespaces) + "]\n");
        Helm.install(ProjectPaths.root().resolve("deploy/helm/kuma-production-operator").toString())
                .withName("kuma-production-operator").withNamespace(RELEASE_NAMESPACE).createNamespace()
                .withKubeConfig(kubeconfig).withValuesFile(values).call();
        Files.delete(values);
        if (!withKuma) {
            LocalCluster.installCrds(client, ProjectPaths.kumaCrds().orElse(null));
        }
        String serviceAccount = client.serviceAccounts().inNamespace(RELEASE_NAMESPACE).list().getItems().stream()
                .map(sa -> sa.getMetadata().getName()).filter(name -> !name.equals("default")).findFirst().orElseThrow();
        operatorUser = "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + serviceAccount;
        asOperator = impersonating(operatorUser, "system:serviceaccounts", "system:serviceaccounts:" + RELEASE_NAMESPACE, "system:authenticated");
        operator = OperatorRunner.start(asOperator, OperatorRunner.Options.defaults().withPorts("127.0.0.1", -1, -1)
                .withLease(RELEASE_NAMESPACE, false, "k3s-e2e").withSystemNamespaces(java.util.Set.copyOf(systemNamespaces)));
    }

    /** Kuma's own, and the one each test's profile gets (ItSupport.isolate: {@code <name>-system}). */
    private static List<String> systemNamespaces() {
        List<String> namespaces = new java.util.ArrayList<>(List.of("kuma-system", FENCED_ZONE + "-system"));
        for (Path example : TestProfiles.examples()) {
            namespaces.add(exampleName(example) + "-system");
        }
        return namespaces;
    }

    private static String exampleName(Path example) {
        return "k3s-" + example.getFileName().toString().replace(".yaml", "");
    }

    @AfterAll
    static void stopK3s() {
        if (caseRun != null) {
            caseRun.report();
        }
        if (operator != null) {
            operator.close();
        }
        if (asOperator != null) {
            asOperator.close();
        }
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    void withKumaInstalledItsWebhookAcceptsWhatTheOperatorWrites() {
        Assumptions.assumeTrue(withKuma, "Kuma's chart is installed only when KUMA_HELM_CHART is set (the workflow's chart leg)");
        // Kuma's control plane lives in kuma-system; the profile's objects go where Kuma reads them.
        KumaProductionProfile profile = TestProfiles.example("minimal.yaml");
        profile.getMetadata().setName("k3s-minimal");
        profile.getSpec().mesh.name = "k3s-minimal";
        profile.getSpec().controlPlane.systemNamespace = "kuma-system";
        ItSupport.apply(client, profile);
        KumaProductionProfile ready = ItSupport.awaitProfile(client, "k3s-minimal", Duration.ofMinutes(3),
                p -> p.getStatus().phase == Phase.Ready);
        assertThat(ready.getStatus().completedSteps).contains("2-traffic-permission", "3-mtls", "4-defaults");
    }

    /**
     * The third tier of Kuma's admission cases: the same cases and the same judging as {@code KumaWebhookConformanceIT}
     * (the stand-in on the local API server), sent to Kuma's own webhooks. Only the cases for the installed target run;
     * the rest, and those whose previous object Kuma refuses to store, are counted as skipped with the reason.
     */
    @TestFactory
    Stream<DynamicNode> withKumaInstalledItsWebhookGivesTheAdmissionCasesTheirVerdicts() {
        Assumptions.assumeTrue(withKuma, "Kuma's chart is installed only when KUMA_HELM_CHART is set (the workflow's chart leg)");
        InstalledKuma kuma = InstalledKuma.inNamespace(client, "kuma-system");
        System.out.println("K3sEndToEndIT: admission cases judged by the installed " + kuma.describe());
        caseRun = new WebhookCaseRun("K3sEndToEndIT", "k3s with Kuma's chart", client, kuma);
        return Stream.<DynamicNode>concat(caseRun.kumasCases(), Stream.of(DynamicContainer.dynamicContainer("own cases", caseRun.ownCases())));
    }

    @Test
    void everyExampleReachesReadyWithTheChartsRbac() {
        Assumptions.assumeFalse(withKuma, "with Kuma installed the examples would share its one control plane");
        List<String> names = new java.util.ArrayList<>();
        for (Path example : TestProfiles.examples()) {
            String file = example.getFileName().toString();
            String name = exampleName(example);
            KumaProductionProfile profile = ItSupport.isolate(client, TestProfiles.example(file), name);
            withoutKumasReports(profile);
            profile.getSpec().controlPlane.deploymentName = "kuma-control-plane";
            ItSupport.seedControlPlane(client, profile.getSpec().controlPlane.systemNamespace, profile.getSpec().controlPlane.replicas);
            if (profile.getSpec().controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone) {
                ItSupport.syncedZoneMesh(client, name);
                // A fence is cluster-wide (a zone cluster has one zone control plane); the fence test owns the one here.
                profile.getSpec().controlPlane.zoneGovernance.enabled = false;
            }
            ItSupport.apply(client, profile);
            names.add(name);
        }
        for (String name : names) {
            KumaProductionProfile settled = ItSupport.awaitProfile(client, name, Duration.ofMinutes(2),
                    p -> p.getStatus().phase == Phase.Ready || p.getStatus().phase == Phase.Degraded || p.getStatus().phase == Phase.Blocked);
            assertThat(settled.getStatus().phase).as(name + ": " + settled.getStatus().conditions).isEqualTo(Phase.Ready);
        }
    }

    @Test
    void onAZoneTheFenceRejectsLocalPolicyWritesButNotKumasOrTheOperators() {
        // Kuma's own webhook has its own rules for zones that are not federated; the fence is judged without it.
        Assumptions.assumeFalse(withKuma, "the zone fence runs in the k3s leg without Kuma's chart");
        String name = FENCED_ZONE;
        KumaProductionProfile profile = ItSupport.isolate(client, TestProfiles.example("multizone-zone.yaml"), name);
        withoutKumasReports(profile);
        profile.getSpec().controlPlane.zoneGovernance.allowedGroups = List.of("platform-admins");
        String namespace = profile.getSpec().controlPlane.systemNamespace;
        ItSupport.syncedZoneMesh(client, name);
        ItSupport.apply(client, profile);
        KumaProductionProfile ready = ItSupport.awaitProfile(client, name, Duration.ofMinutes(3), p -> p.getStatus().phase == Phase.Ready);
        assertThat(ready.getStatus().findings).noneMatch(f -> f.code.equals("ZonePolicyFenceMissing"));
        assertThat(client.genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")
                .withName("kumaops-zone-policy-fence-" + name).get()).isNotNull();

        try (KubernetesClient jane = impersonating("jane@example.com", "system:authenticated")) {
            // Admission policies take effect a moment after their binding is created.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                        () -> jane.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace)
                                .resource(meshTimeout(name, "local-timeout")).create());
                assertThat(refused).as("a local write on a zone is refused").isNotNull();
                assertThat(refused.getCode()).isEqualTo(403);
                assertThat(refused.getMessage()).contains("come from the global control plane");
            });
        }
        try (KubernetesClient breakGlass = impersonating("oncall@example.com", "system:authenticated", "platform-admins")) {
            breakGlass.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace)
                    .resource(meshTimeout(name, "break-glass")).create();
        }
        // The operator's own identity (learned by SelfSubjectReview) is one of the fence's exceptions.
        asOperator.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace)
                .resource(meshTimeout(name, "operator-identity-write")).serverSideApply();
    }

    /**
     * This leg has Kuma's CRDs but no Kuma control plane, so nothing writes MeshInsights or ZoneInsights and the
     * seeded control-plane Deployment never becomes a working control plane: the gates on Kuma's evidence would wait for
     * good. That is the case {@code gates: ApiServerOnly} exists for; the gates themselves are judged in the API-server
     * tier (with the stand-in's reports) and in the leg with Kuma's chart.
     */
    private static void withoutKumasReports(KumaProductionProfile profile) {
        profile.getSpec().rollout.gates = io.kumaops.operator.api.v1alpha1.GateEvidence.ApiServerOnly;
    }

    private static KubernetesClient impersonating(String user, String... groups) {
        Config config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
        config.setImpersonateUsername(user);
        config.setImpersonateGroups(groups);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static GenericKubernetesResource meshTimeout(String mesh, String name) {
        GenericKubernetesResource timeout = new GenericKubernetesResource();
        timeout.setApiVersion("kuma.io/v1alpha1");
        timeout.setKind("MeshTimeout");
        timeout.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(Map.of("kuma.io/mesh", mesh)).build());
        timeout.setAdditionalProperty("spec", Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("connectionTimeout", "5s")))));
        return timeout;
    }
}
