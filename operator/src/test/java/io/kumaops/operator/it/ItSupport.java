package io.kumaops.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** Small helpers shared by the integration tests. */
public final class ItSupport {

    private ItSupport() {
    }

    /** The shared API server's admin kubeconfig, written into {@code dir}: for the CLI's --kubeconfig. */
    public static java.nio.file.Path adminKubeconfig(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("admin.kubeconfig");
        java.nio.file.Files.writeString(file, TestCluster.get().kubeconfigYaml());
        return file;
    }

    /**
     * A kubeconfig for a ServiceAccount bound (cluster-wide) to the ClusterRole {@code clusterRole}, written into
     * {@code dir}: to run the CLI with exactly the permissions a role grants.
     */
    public static java.nio.file.Path serviceAccountKubeconfig(KubernetesClient client, String namespace, String name, String clusterRole,
                                                              java.nio.file.Path dir) throws java.io.IOException {
        client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
        client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata().withName(clusterRole).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject().build()).serverSideApply();
        String token = client.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec()
                        .withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        java.nio.file.Path kubeconfig = dir.resolve(name + ".kubeconfig");
        java.nio.file.Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: %s, user: {token: "%s"}}]
                contexts: [{name: ci, context: {cluster: test, user: %s}}]
                current-context: ci
                """.formatted(io.fabric8.kubernetes.client.Config.fromKubeconfig(TestCluster.get().kubeconfigYaml()).getMasterUrl(),
                name, token, name));
        return kubeconfig;
    }

    /** The Mesh a zone gets from the global control plane (KDS), with mTLS on, so a zone's rollout can complete. */
    public static void syncedZoneMesh(KubernetesClient client, String name) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource mesh = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        mesh.setApiVersion("kuma.io/v1alpha1");
        mesh.setKind("Mesh");
        mesh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        mesh.setAdditionalProperty("spec", java.util.Map.of("mtls", java.util.Map.of("enabledBackend", "ca-1",
                "backends", java.util.List.of(java.util.Map.of("name", "ca-1", "type", "builtin")))));
        client.genericKubernetesResources(io.kumaops.operator.kube.KubeKinds.kuma("Mesh")).resource(mesh).fieldManager("kds-sync").serverSideApply();
    }

    /**
     * Kuma's ZoneInsights showing the profile's zones connected, as the stand-in's control plane records them: on a
     * federated zone its own (its connection to the global control plane), on a global control plane every enabled
     * zone of the profile. The stand-in plays the global side, so it also creates the Zone a connecting zone gets.
     */
    public static void connectZones(KumaProductionProfile profile) {
        var reports = TestCluster.get().standIn().reports();
        var controlPlane = profile.getSpec().controlPlane;
        if (controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone) {
            reports.connectZone(controlPlane.zoneName);
        } else if (controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Global) {
            profile.getSpec().multiZone.zones.stream().filter(z -> !Boolean.FALSE.equals(z.enabled)).forEach(z -> reports.connectZone(z.name));
        }
    }

    /** A stand-in for the Helm-installed control plane: the Deployment profiles read and may patch. */
    public static void seedControlPlane(KubernetesClient client, String namespace, Integer replicas) {
        client.apps().deployments().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("kuma-control-plane").withNamespace(namespace).addToLabels("app", "kuma-control-plane").endMetadata()
                .withNewSpec().withReplicas(replicas == null ? 1 : replicas)
                .withNewSelector().addToMatchLabels("app", "kuma-control-plane").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "kuma-control-plane").endMetadata()
                .withNewSpec().addNewContainer().withName("control-plane").withImage("kumahq/kuma-cp:2.14.3").endContainer().endSpec()
                .endTemplate().endSpec().build()).fieldManager("helm").serverSideApply();
    }

    /** An example profile renamed so it does not collide with other tests: own name, mesh and system namespace. */
    public static KumaProductionProfile isolatedExample(KubernetesClient client, String example, String name) {
        KumaProductionProfile profile = TestProfiles.example(example);
        return isolate(client, profile, name);
    }

    public static KumaProductionProfile isolate(KubernetesClient client, KumaProductionProfile profile, String name) {
        profile.getMetadata().setName(name);
        profile.getSpec().mesh.name = name;
        profile.getSpec().controlPlane.systemNamespace = name + "-system";
        createNamespace(client, profile.getSpec().controlPlane.systemNamespace);
        return profile;
    }

    public static void createNamespace(KubernetesClient client, String namespace) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    }

    /**
     * Applies the profile; for a Restricted one, first the data planes its Allow rules select, as Kuma's injector would
     * have made them for the workloads, so the allow-all may go (the operator keeps it while a rule selects nothing).
     */
    public static KumaProductionProfile apply(KubernetesClient client, KumaProductionProfile profile) {
        seedSelectedDataplanes(client, profile);
        return applyAsIs(client, profile);
    }

    /** Applies the profile and nothing else. */
    public static KumaProductionProfile applyAsIs(KubernetesClient client, KumaProductionProfile profile) {
        profile.getMetadata().setResourceVersion(null);
        profile.getMetadata().setManagedFields(null);
        return client.resource(profile).fieldManager("test").forceConflicts().serverSideApply();
    }

    /** One Dataplane in the system namespace per kuma.io/service tag the profile's rules name (and one for Mesh-wide rules). */
    public static void seedSelectedDataplanes(KubernetesClient client, KumaProductionProfile profile) {
        var spec = profile.getSpec();
        if (spec == null || spec.trafficPermissions == null || spec.trafficPermissions.mode != io.kumaops.operator.api.v1alpha1.TrafficPermissionMode.Restricted) {
            return;
        }
        java.util.Set<String> tags = new java.util.TreeSet<>();
        tags.add("seeded_" + profile.getMetadata().getName() + "_svc_80");
        for (var rule : spec.trafficPermissions.rules) {
            java.util.List<io.kumaops.operator.api.v1alpha1.TargetRef> targets = new java.util.ArrayList<>(rule.sources);
            targets.add(rule.destination);
            for (var target : targets) {
                switch (target.kind) {
                    case Service -> tags.add(io.kumaops.operator.model.KumaServiceTag.of(target.name, target.namespace, target.port));
                    case MeshService, MeshServiceSubset -> tags.add(target.name);
                    case MeshSubset -> {
                        if (target.tags != null && target.tags.containsKey("kuma.io/service")) {
                            tags.add(target.tags.get("kuma.io/service"));
                        }
                    }
                    default -> { }
                }
            }
        }
        String namespace = spec.controlPlane.systemNamespace;
        String mesh = profile.meshName();
        int i = 0;
        for (String tag : tags) {
            dataplane(client, namespace, mesh, "seeded-" + i++, tag);
        }
    }

    /** Creates or updates a Dataplane with one inbound tagged with the service (see {@link io.kumaops.operator.observe.ClusterFixtures#dataplane}). */
    public static void dataplane(KubernetesClient client, String namespace, String mesh, String name, String serviceTag) {
        client.genericKubernetesResources(io.kumaops.operator.kube.KubeKinds.kuma("Dataplane")).inNamespace(namespace)
                .resource(io.kumaops.operator.observe.ClusterFixtures.dataplane(namespace, name, mesh, serviceTag))
                .fieldManager("test").forceConflicts().serverSideApply();
    }

    /** A DataplaneInsight as a map (Kuma keeps the proto under {@code status}), or null while Kuma has written none. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> dataplaneInsight(KubernetesClient client, String namespace, String name) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource insight = client.genericKubernetesResources(
                io.kumaops.operator.kube.KubeKinds.kuma("DataplaneInsight")).inNamespace(namespace).withName(name).get();
        return insight == null ? null : io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(insight, java.util.Map.class);
    }

    public static KumaProductionProfile get(KubernetesClient client, String name) {
        return client.resources(KumaProductionProfile.class).withName(name).get();
    }

    public static Optional<Condition> condition(KumaProductionProfile profile, String type) {
        if (profile == null || profile.getStatus() == null) {
            return Optional.empty();
        }
        return profile.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    public static KumaProductionProfile awaitProfile(KubernetesClient client, String name, Duration timeout,
                                                     Predicate<KumaProductionProfile> condition) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            KumaProductionProfile profile = get(client, name);
            return profile != null && profile.getStatus() != null && condition.test(profile);
        });
        return get(client, name);
    }

    /**
     * Waits until Kuma's Mesh controller (the stand-in's) has made the default policies of a new Mesh and marked it
     * {@code k8s.kuma.io/mesh-defaults-generated}: it writes the Mesh that once, as Kuma does.
     */
    public static void awaitKumaMeshDefaults(KubernetesClient client, String mesh) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var object = client.genericKubernetesResources(io.kumaops.operator.kube.KubeKinds.kuma("Mesh")).withName(mesh).get();
            return object != null && object.getMetadata().getAnnotations() != null
                    && "true".equals(object.getMetadata().getAnnotations().get("k8s.kuma.io/mesh-defaults-generated"));
        });
    }

    /**
     * Waits until the operator has run {@code passes} whole passes over the profile that all began after this call: how
     * a test shows that nothing happens (no write, no event, no status change) without sleeping. JOSDK runs one pass of
     * a profile at a time, its status write included, and {@link io.kumaops.operator.reconcile.OperatorMetrics#passesStarted}
     * counts a pass before it observes anything; so with c passes begun at the call, passes c + 1 … c + passes are
     * fresh, and the last of them has ended, with all it wrote, once pass c + passes + 1 begins. The operator must come
     * back to the profile meanwhile (a short resync: {@link TestCluster#testOptions(Duration)}, a requeue), or this
     * times out.
     */
    public static void awaitFreshPasses(io.kumaops.operator.runtime.OperatorRunner runner, String profile, int passes) {
        long target = runner.metrics().passesStarted(profile) + passes + 1;
        await("pass " + target + " of profile " + profile).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> runner.metrics().passesStarted(profile) >= target);
    }

    public static KumaProductionProfile awaitPhase(KubernetesClient client, String name, Phase phase) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().phase == phase
                && p.getStatus().observedGeneration != null
                && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
    }

    /**
     * Earlier test classes in the same JVM leave profiles behind, some of them deliberately stuck (Blocked, Failed)
     * and requeued every few hundred milliseconds; the operator under measurement would work on those too. They are
     * removed without an operator (finalizers dropped), so what a test measures or asserts is its own profiles' doing.
     */
    public static int removeProfilesOfEarlierTests(KubernetesClient client) {
        java.util.List<KumaProductionProfile> earlier = client.resources(KumaProductionProfile.class).list().getItems();
        for (KumaProductionProfile profile : earlier) {
            var resource = client.resources(KumaProductionProfile.class).withName(profile.getMetadata().getName());
            try {
                resource.edit(p -> {
                    p.getMetadata().setFinalizers(java.util.List.of());
                    return p;
                });
                resource.delete();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(KumaProductionProfile.class).list().getItems().isEmpty());
        return earlier.size();
    }
}
