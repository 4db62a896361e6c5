package io.kumaops.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker-only tier: a real k3s cluster in a container. The chart's CRD and RBAC are installed with helm-java,
 * the examples applied, and — when KUMA_HELM_CHART points at Kuma's chart (a directory or .tgz) — Kuma itself,
 * so Kuma's admission webhook judges what the operator writes. Skipped, with a one-line reason, where Docker is absent.
 */
class K3sEndToEndIT {

    @Test
    void examplesReachReadyOnK3s() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            System.out.println("SKIPPED K3sEndToEndIT: no Docker engine on this machine (the k3s tier runs in GitHub Actions)");
        }
        Assumptions.assumeTrue(docker, "no Docker engine: the k3s tier runs where Docker exists");
        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))) {
            k3s.start();
            Path kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
            String kumaChart = System.getenv("KUMA_HELM_CHART");
            if (kumaChart != null && !kumaChart.isBlank()) {
                Helm.install(kumaChart).withName("kuma").withNamespace("kuma-system").createNamespace().withKubeConfig(kubeconfig)
                        .waitReady().call();
            }
            Helm.install(ProjectPaths.root().resolve("deploy/helm/kuma-production-operator").toString())
                    .withName("kuma-production-operator").withNamespace("kuma-production-operator").createNamespace()
                    .withKubeConfig(kubeconfig).set("replicas", 0).call();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                if (kumaChart == null || kumaChart.isBlank()) {
                    LocalCluster.installCrds(client, ProjectPaths.kumaCrds().orElse(null));
                }
                OperatorRunner runner = OperatorRunner.start(client, OperatorRunner.Options.defaults().withPorts("127.0.0.1", -1, -1));
                try {
                    KumaProductionProfile profile = ItSupport.isolate(client, TestProfiles.example("minimal.yaml"), "k3s-minimal");
                    ItSupport.apply(client, profile);
                    KumaProductionProfile ready = ItSupport.awaitProfile(client, "k3s-minimal", Duration.ofMinutes(3),
                            p -> p.getStatus().phase == Phase.Ready);
                    assertThat(ready.getStatus().completedSteps).isNotEmpty();
                } finally {
                    runner.close();
                }
            }
        }
    }

}
