package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.kumaops.operator.model.GoDuration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The control-plane Deployment as Kuma's chart renders it with its default values
 * (Kuma {@code deployments/charts/kuma/templates/cp-deployment.yaml}, env from {@code kuma.defaultEnv} in
 * {@code templates/_helpers.tpl}, values from {@code values.yaml} at v2.14.3): the fields this operator reads or
 * patches and the env that says how Kuma runs. Volumes, probes' ports and TLS mounts are left out: no pod runs here.
 */
final class ControlPlaneDeployment {

    static final String CONTAINER = "control-plane";

    private ControlPlaneDeployment() {
    }

    /** As {@code kuma.formatImage} renders it: {@code docker.io/kumahq/kuma-cp:<version>}, Kong Mesh's under {@code docker.io/kong}. */
    static String image(Distribution distribution, String version) {
        return registry(distribution) + "/kuma-cp:" + version;
    }

    private static String registry(Distribution distribution) {
        return distribution == Distribution.KongMesh ? "docker.io/kong" : "docker.io/kumahq";
    }

    static Deployment build(KumaStandIn.Config config) {
        String name = config.deploymentName();
        String namespace = config.systemNamespace();
        String version = config.kumaVersion();
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", "kuma");
        selector.put("app.kubernetes.io/instance", "kuma");
        selector.put("app", name);
        // kuma.cpLabels: app, then kuma.labels (chart, selector labels, version, managed-by).
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", name);
        labels.put("helm.sh/chart", "kuma-" + version);
        labels.put("app.kubernetes.io/name", "kuma");
        labels.put("app.kubernetes.io/instance", "kuma");
        labels.put("app.kubernetes.io/version", version);
        labels.put("app.kubernetes.io/managed-by", "Helm");
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .addToAnnotations("kumaops.io/kuma-stand-in", "true").endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withMinReadySeconds(0)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxSurge(1).withNewMaxUnavailable(0).endRollingUpdate().endStrategy()
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withServiceAccountName(name)
                .withAutomountServiceAccountToken(true)
                .withTerminationGracePeriodSeconds(30L)
                .addToContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(image(config.distribution(), version))
                        .withImagePullPolicy("IfNotPresent")
                        .withArgs("run", "--log-level=info", "--log-output-path=", "--config-file=/etc/kuma.io/kuma-control-plane/config.yaml")
                        .withEnv(env(config))
                        .addNewPort().withContainerPort(5680).withName("diagnostics").withProtocol("TCP").endPort()
                        .addNewPort().withContainerPort(5681).endPort()
                        .addNewPort().withContainerPort(5682).endPort()
                        .addNewPort().withContainerPort(5443).endPort()
                        .withNewResources()
                        // values.yaml controlPlane.resources
                        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
                        .endResources()
                        .build())
                .endSpec().endTemplate()
                .endSpec().build();
    }

    /**
     * The chart's env for a Kubernetes control plane with default values. The chart merges it into a map and ranges
     * over it, so the rendered env is sorted by name; the downward-API variables follow.
     */
    static List<EnvVar> env(KumaStandIn.Config config) {
        String namespace = config.systemNamespace();
        String version = config.kumaVersion();
        String registry = registry(config.distribution());
        Map<String, String> env = new TreeMap<>();
        env.put("KUMA_ENVIRONMENT", "kubernetes");
        env.put("KUMA_STORE_TYPE", "kubernetes");
        env.put("KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE", namespace);
        env.put("KUMA_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME", config.deploymentName());
        env.put("KUMA_GENERAL_TLS_CERT_FILE", "/var/run/secrets/kuma.io/tls-cert/tls.crt");
        env.put("KUMA_GENERAL_TLS_KEY_FILE", "/var/run/secrets/kuma.io/tls-cert/tls.key");
        env.put("KUMA_DP_SERVER_HDS_ENABLED", "false");
        env.put("KUMA_MONITORING_ASSIGNMENT_SERVER_ENABLED", "true");
        env.put("KUMA_API_SERVER_READ_ONLY", "true");
        env.put("KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT", "5443");
        env.put("KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", "/var/run/secrets/kuma.io/tls-cert");
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED", "false");
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE", registry + "/kuma-dp:" + version);
        env.put("KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_CPU", "50m");
        env.put("KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_MEMORY", "64Mi");
        env.put("KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_CPU", "0");
        env.put("KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY", "512Mi");
        env.put("KUMA_INJECTOR_INIT_CONTAINER_IMAGE", registry + "/kuma-init:" + version);
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE", "/var/run/secrets/kuma.io/tls-cert/ca.crt");
        env.put("KUMA_DEFAULTS_SKIP_MESH_CREATION", String.valueOf(!config.createDefaultMesh()));
        // controlPlane.mode: a standalone control plane is zone mode without a global address.
        env.put("KUMA_MODE", config.role() == ControlPlaneRole.Global ? "global" : "zone");
        if (config.role() == ControlPlaneRole.Zone) {
            env.put("KUMA_MULTIZONE_ZONE_NAME", config.zoneName());
            env.put("KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS", config.globalAddress());
        }
        env.put("KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false");
        env.put("KUMA_RUNTIME_KUBERNETES_ALLOWED_USERS", "system:serviceaccount:" + namespace + ":" + config.deploymentName());
        env.put("KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS", "false");
        env.put("KUMA_BOOTSTRAP_SERVER_PARAMS_ENVOY_ADMIN_UNIX_SOCKET", "false");
        // What the chart's controlPlane.envVars would add for a control plane with the stand-in's timings: a proxy has a
        // change after the reports' delay, with no store cache in between; MeshInsights follow the reports' resync. The
        // operator reads these to time its wait for Kuma's configuration refresh (model.KumaConfigPropagation).
        InsightReporter.Settings reporting = config.reporting();
        env.put(io.kumaops.operator.model.KumaConfigPropagation.REFRESH_INTERVAL_ENV, GoDuration.format(reporting.delay()));
        env.put(io.kumaops.operator.model.KumaConfigPropagation.CACHE_ENABLED_ENV, "false");
        env.put("KUMA_METRICS_MESH_MIN_RESYNC_INTERVAL", GoDuration.format(reporting.resyncInterval()));
        env.put("KUMA_METRICS_MESH_FULL_RESYNC_INTERVAL", GoDuration.format(reporting.fullResyncInterval()));
        List<EnvVar> vars = new ArrayList<>();
        env.forEach((key, value) -> vars.add(new EnvVar(key, value, null)));
        vars.add(new EnvVarBuilder().withName("KUMA_INTER_CP_CATALOG_INSTANCE_ADDRESS")
                .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        return vars;
    }
}
