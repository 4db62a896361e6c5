package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.KumaVersion;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Kuma's control plane where none can run (no containers, no Kuma binary): what of Kuma the operator
 * meets through the Kubernetes API, modelled from Kuma's source.
 *
 * <ul>
 *   <li>Kuma's validating admission, served as a real webhook the API server calls for kuma.io writes
 *       ({@link AdmissionWebhookServer}, judged by {@link io.kumaops.operator.admission.KumaAdmission}).</li>
 *   <li>Kuma's default policies for every new Mesh, once ({@link MeshDefaultsController}), and Mesh {@code default}
 *       at start when {@link Config#createDefaultMesh()}.</li>
 *   <li>The control-plane Deployment as Kuma's chart renders it, with the status a Deployment controller would
 *       write ({@link ControlPlaneDeployment}, {@link ControlPlaneStatusKeeper}).</li>
 * </ul>
 *
 * <p>{@link #stopControlPlane()} stops what a stopped control plane stops: the webhook no longer answers (with
 * failurePolicy Fail the API server then refuses every kuma.io write), new Meshes get no defaults, and the
 * Deployment reports no ready replica. Not modelled: CA and signing-key Secrets, insights, the mutating and
 * owner-reference webhooks, KDS. docs/kuma-admission.md, "The stand-in".
 */
public final class KumaStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KumaStandIn.class);
    private static final String FIELD_MANAGER = "kuma-stand-in";

    /**
     * What the stand-in plays.
     *
     * @param kumaVersion       the full Kuma version, e.g. {@code 2.14.3}: the image tag, and its minor for admission
     * @param zoneName          {@code KUMA_MULTIZONE_ZONE_NAME}; Kuma's default is {@code default}
     * @param globalAddress     {@code KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS} for a federated zone, or null
     * @param createDefaultMesh Kuma creates Mesh {@code default} at start unless {@code KUMA_DEFAULTS_SKIP_MESH_CREATION}
     *                          (Kuma {@code pkg/defaults/mesh.go}); on by default as in Kuma, off in the integration tests
     * @param createDeployment  create the control-plane Deployment when it is absent
     * @param webhookPort       the webhook's port on 127.0.0.1; 0 picks a free one
     */
    public record Config(Distribution distribution, String kumaVersion, String systemNamespace, ControlPlaneRole role, String zoneName,
                         String globalAddress, boolean createDefaultMesh, boolean createDeployment, String deploymentName, int webhookPort) {

        public Config {
            Objects.requireNonNull(distribution, "distribution");
            Objects.requireNonNull(kumaVersion, "kumaVersion");
            systemNamespace = systemNamespace == null || systemNamespace.isBlank() ? "kuma-system" : systemNamespace;
            role = role == null ? ControlPlaneRole.Standalone : role;
            zoneName = zoneName == null || zoneName.isBlank() ? "default" : zoneName;
            deploymentName = deploymentName == null || deploymentName.isBlank() ? "kuma-control-plane" : deploymentName;
            KumaVersion.parse(kumaVersion);
        }

        /**
         * How Kuma's reports behave: the test tier's short delays, on every mesh, as this control plane's zone. Open-source
         * Kuma's proxies support only the enabled backend (pkg/xds/secrets/ca_provider.go); Kong Mesh's, every backend.
         */
        public InsightReporter.Settings reporting() {
            return InsightReporter.Settings.defaults().withZoneName(zoneName).withSupportedBackends(distribution == Distribution.KongMesh
                    ? InsightReporter.SupportedBackends.ALL_MESH_BACKENDS : InsightReporter.SupportedBackends.ENABLED_BACKEND);
        }

        /** Open-source Kuma 2.14.3, standalone, in {@code kuma-system}, with Kuma's default Mesh. */
        public static Config defaults() {
            return new Config(Distribution.Kuma, "2.14.3", "kuma-system", ControlPlaneRole.Standalone, "default", null, true, true,
                    "kuma-control-plane", 0);
        }

        public Config withDistribution(Distribution value) {
            return new Config(value, kumaVersion, systemNamespace, role, zoneName, globalAddress, createDefaultMesh, createDeployment,
                    deploymentName, webhookPort);
        }

        public Config withKumaVersion(String value) {
            return new Config(distribution, value, systemNamespace, role, zoneName, globalAddress, createDefaultMesh, createDeployment,
                    deploymentName, webhookPort);
        }

        public Config withRole(ControlPlaneRole value) {
            return new Config(distribution, kumaVersion, systemNamespace, value, zoneName, globalAddress, createDefaultMesh, createDeployment,
                    deploymentName, webhookPort);
        }

        public Config withCreateDefaultMesh(boolean value) {
            return new Config(distribution, kumaVersion, systemNamespace, role, zoneName, globalAddress, value, createDeployment,
                    deploymentName, webhookPort);
        }

        public Config withCreateDeployment(boolean value) {
            return new Config(distribution, kumaVersion, systemNamespace, role, zoneName, globalAddress, createDefaultMesh, value,
                    deploymentName, webhookPort);
        }

        /** The control plane Kuma's admission is judged for. */
        public AdmissionTarget target() {
            return new AdmissionTarget(distribution, KumaVersion.parse(kumaVersion), systemNamespace, role);
        }
    }

    /** Undoes a temporary change of the stand-in when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private final KubernetesClient client;
    private final Config config;
    private final WebhookCertificate certificate = WebhookCertificate.generate();
    private final AdmissionWebhookServer webhook;
    private final MeshDefaultsController meshDefaults;
    private final KubernetesClient kumaCp;
    private final KubernetesClient controllerManager;
    /** Kuma's reports (MeshInsight, DataplaneInsight, ZoneInsight) for simulated data planes, on every mesh. */
    private InsightReporter reports;
    private ControlPlaneStatusKeeper deploymentStatus;
    private volatile AdmissionTarget target;
    private volatile boolean judging = true;
    private volatile boolean running;
    private volatile boolean closed;

    private KumaStandIn(KubernetesClient client, Config config) {
        this.client = client;
        this.config = config;
        this.target = config.target();
        this.webhook = new AdmissionWebhookServer(certificate, () -> target, () -> judging);
        // Writes carry the field manager of who makes them on a real cluster (the API server takes it from the
        // User-Agent): the control plane's controllers run as kuma-cp, Deployment status comes from the controller manager.
        this.kumaCp = as(client, "kuma-cp/" + config.kumaVersion());
        this.controllerManager = as(client, "kube-controller-manager/v1.20.2");
        this.meshDefaults = new MeshDefaultsController(kumaCp, () -> this.config, () -> running);
    }

    private static KubernetesClient as(KubernetesClient client, String userAgent) {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build())
                .build();
    }

    /**
     * Starts the stand-in against the API server of {@code client}: returns once the API server calls its webhook.
     * The client needs to write namespaces, Deployments, kuma.io resources and ValidatingWebhookConfigurations.
     */
    public static KumaStandIn start(KubernetesClient client, Config config) {
        KumaStandIn standIn = new KumaStandIn(client, config);
        try {
            standIn.begin();
        } catch (RuntimeException e) {
            standIn.close();
            throw e;
        }
        return standIn;
    }

    private void begin() {
        labelSystemNamespace();
        int port = webhook.start(config.webhookPort());
        register(port);
        running = true;
        awaitWebhookCalled();
        if (config.createDeployment()) {
            createDeploymentIfAbsent();
        }
        deploymentStatus = new ControlPlaneStatusKeeper(controllerManager, config.systemNamespace(), config.deploymentName(), () -> running);
        deploymentStatus.start();
        meshDefaults.start();
        ensureDefaultMesh();
        reports = InsightReporter.create(kumaCp, config.reporting());
        reports.start();
        LOG.info("Kuma stand-in started: {} {} ({}), webhook on {}", config.distribution(), config.kumaVersion(), config.role(), webhookUrl());
    }

    public Config config() {
        return config;
    }

    /** Kuma's reports: simulated data planes and the insights Kuma writes for them (see {@link InsightReporter}). */
    public InsightReporter reports() {
        return reports;
    }

    /** What the webhook judges as right now (the configuration's target unless {@link #judgeAs} changed it). */
    public AdmissionTarget target() {
        return target;
    }

    public String webhookUrl() {
        return "https://127.0.0.1:" + webhook.port() + AdmissionWebhookServer.PATH;
    }

    /** The ValidatingWebhookConfiguration the stand-in registered. */
    public String webhookConfigurationName() {
        return WebhookRegistration.configurationName(config.distribution());
    }

    /** How many AdmissionReviews the webhook has judged. */
    public long reviews() {
        return webhook.reviews();
    }

    /**
     * The newest resourceVersion of the Mesh that Kuma's Mesh controller (the stand-in's) has finished a pass over, 0
     * while none: a test waits for it to reach the version of its own write to know the controller has done with it.
     */
    public long meshControllerLookedAt(String mesh) {
        return meshDefaults.lookedAt(mesh);
    }

    public boolean controlPlaneRunning() {
        return running;
    }

    /**
     * Until the scope is closed, judges as {@code other} would: one stand-in plays one control plane per API server,
     * and a test that needs another (Kong Mesh, a zone, an older minor) switches it for its own duration.
     */
    public synchronized Scope judgeAs(AdmissionTarget other) {
        AdmissionTarget before = target;
        InsightReporter.SupportedBackends reportedBefore = reports.reportedSupportedBackends();
        target = Objects.requireNonNull(other, "target");
        // The distribution's proxies too: Kong Mesh's trust every backend of the Mesh, open-source Kuma's only the enabled one.
        reports.reportSupportedBackends(other.distribution() == Distribution.KongMesh
                ? InsightReporter.SupportedBackends.ALL_MESH_BACKENDS : InsightReporter.SupportedBackends.ENABLED_BACKEND);
        return () -> {
            target = before;
            reports.reportSupportedBackends(reportedBefore);
        };
    }

    /**
     * Until the scope is closed, admits every request without judging it: objects written meanwhile are as if they had
     * been stored before Kuma's webhook was installed (tests seed stored state with it, e.g. an object to delete).
     */
    public synchronized Scope admitUnjudged() {
        judging = false;
        return () -> judging = true;
    }

    /** The control plane stops: its webhook stops answering, Meshes get no defaults, the Deployment has no ready replica. */
    public synchronized void stopControlPlane() {
        if (!running) {
            return;
        }
        running = false;
        webhook.stop();
        deploymentStatus.refresh();
        if (reports != null) {
            reports.stopControlPlane();
        }
        LOG.info("Kuma stand-in: control plane stopped; the API server cannot reach Kuma's webhook");
    }

    /** The control plane starts again on the same port, catches up on Meshes and, if configured, Mesh {@code default}. */
    public synchronized void startControlPlane() {
        if (running || closed) {
            return;
        }
        int before = webhook.port();
        int port = webhook.start(before);
        if (port != before) {
            register(port);
        }
        running = true;
        deploymentStatus.refresh();
        meshDefaults.resync();
        ensureDefaultMesh();
        if (reports != null) {
            reports.startControlPlane();
        }
        LOG.info("Kuma stand-in: control plane started; webhook on {}", webhookUrl());
    }

    /** Removes the webhook registration (or the API server would refuse kuma.io writes) and stops everything. */
    public synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (reports != null) {
            reports.close();
        }
        meshDefaults.close();
        if (deploymentStatus != null) {
            deploymentStatus.close();
        }
        try {
            client.admissionRegistration().v1().validatingWebhookConfigurations().withName(webhookConfigurationName()).delete();
        } catch (KubernetesClientException e) {
            LOG.debug("Kuma stand-in: webhook registration not removed: {}", e.getMessage());
        }
        webhook.stop();
        kumaCp.close();
        controllerManager.close();
    }

    @Override
    public void close() {
        stop();
    }

    // Kuma's chart labels its system namespace before installing (templates/pre-install-patch-namespace-job.yaml), so
    // from 2.11 its webhooks see the system namespace.
    private void labelSystemNamespace() {
        String namespace = config.systemNamespace();
        if (client.namespaces().withName(namespace).get() == null) {
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"kuma.io/sidecar-injection\":\"false\"}}}");
    }

    private void register(int port) {
        ValidatingWebhookConfiguration registration = WebhookRegistration.configuration(config.distribution(),
                KumaVersion.parse(config.kumaVersion()), "https://127.0.0.1:" + port + AdmissionWebhookServer.PATH,
                certificate.certificatePem());
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(registration)
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /**
     * The API server picks a new webhook registration up asynchronously: a dry-run Mesh create is repeated until the
     * webhook has seen one, so no write after {@link #start} slips past Kuma's admission.
     */
    private void awaitWebhookCalled() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = webhook.reviews();
        GenericKubernetesResource probe = new GenericKubernetesResourceBuilder()
                .withApiVersion(KubeKinds.KUMA_GROUP + "/" + KubeKinds.KUMA_VERSION).withKind("Mesh")
                .withNewMetadata().withName("kuma-stand-in-probe").endMetadata().build();
        probe.setAdditionalProperty("spec", Map.of());
        while (webhook.reviews() == seen) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API server did not call the stand-in's webhook within 30 s (" + webhookUrl() + ")");
            }
            try {
                client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(probe).dryRun().create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    LOG.warn("Kuma stand-in: Kuma's Mesh CRD is not installed; not waiting for the webhook");
                    return;
                }
                // 409: a Mesh of that name exists; the webhook was asked all the same only if registered, so go on.
            }
            if (webhook.reviews() == seen) {
                sleep(100);
            }
        }
    }

    private void createDeploymentIfAbsent() {
        if (client.apps().deployments().inNamespace(config.systemNamespace()).withName(config.deploymentName()).get() != null) {
            return;
        }
        // Written as Helm writes it: a create whose field manager the API server takes from the User-Agent ("helm"), so
        // the operator takes fields over from Helm as it would on a real cluster.
        var asHelm = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent("helm/v3.17.0").build();
        try (KubernetesClient helm = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(asHelm).build()) {
            helm.apps().deployments().inNamespace(config.systemNamespace()).resource(ControlPlaneDeployment.build(config)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    // Kuma pkg/defaults/mesh.go EnsureDefaultMeshExists: not on a federated zone, whose Meshes come from global.
    private void ensureDefaultMesh() {
        if (!config.createDefaultMesh() || config.role() == ControlPlaneRole.Zone) {
            return;
        }
        var meshes = kumaCp.genericKubernetesResources(KubeKinds.kuma("Mesh"));
        if (meshes.withName("default").get() != null) {
            return;
        }
        GenericKubernetesResource mesh = new GenericKubernetesResourceBuilder()
                .withApiVersion(KubeKinds.KUMA_GROUP + "/" + KubeKinds.KUMA_VERSION).withKind("Mesh")
                .withNewMetadata().withName("default").endMetadata().build();
        try {
            meshes.resource(mesh).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("Kuma stand-in: could not create Mesh default: {}", e.getMessage());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
