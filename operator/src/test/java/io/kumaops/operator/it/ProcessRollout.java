package io.kumaops.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.support.TestProfiles;
import java.util.List;
import java.util.function.Consumer;

/** What the tests that run the operator as separate processes share: the example's set-up, the profile's watch, revisions. */
final class ProcessRollout {

    /**
     * JVM options for an operator process on a busy 2-core machine: C1 only and the serial collector, which start the
     * operator sooner and leave the cores to the API server (what is measured is the rollout, not the JIT).
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ProcessRollout() {
    }

    /** Whether an example writes anything on this API server: a Universal control plane reads nothing from Kubernetes. */
    static boolean rollsOut(KumaProductionProfile example) {
        return example.getSpec().controlPlane.environment != ControlPlaneEnvironment.Universal;
    }

    /**
     * The example isolated under {@code name}, with what a cluster running it would hold: Kuma's control-plane
     * Deployment (the Helm install the profile patches) and, for a zone, the Mesh the global control plane syncs.
     */
    static KumaProductionProfile prepare(KubernetesClient client, String example, String name) {
        KumaProductionProfile profile = ItSupport.isolate(client, TestProfiles.example(example), name);
        profile.getSpec().controlPlane.deploymentName = "kuma-control-plane";
        ItSupport.seedControlPlane(client, profile.getSpec().controlPlane.systemNamespace, profile.getSpec().controlPlane.replicas);
        if (profile.getSpec().controlPlane.role == ControlPlaneRole.Zone) {
            ItSupport.syncedZoneMesh(client, name);
        }
        return profile;
    }

    /** Calls {@code listener} with every version of the profile the API server stores from now on. */
    static Watch watchProfile(KubernetesClient client, String name, Consumer<KumaProductionProfile> listener) {
        return client.resources(KumaProductionProfile.class).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, KumaProductionProfile profile) {
                listener.accept(profile);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    static List<String> completedSteps(KumaProductionProfile profile) {
        return profile == null || profile.getStatus() == null || profile.getStatus().completedSteps == null ? List.of()
                : profile.getStatus().completedSteps;
    }

    static boolean recorded(KumaProductionProfile profile, Step step) {
        return completedSteps(profile).contains(step.id());
    }

    static boolean settled(KumaProductionProfile profile) {
        return profile != null && profile.getStatus() != null && profile.getStatus().phase == Phase.Ready
                && profile.getMetadata().getGeneration().equals(profile.getStatus().observedGeneration);
    }

    /**
     * etcd's current revision, read by a quorum list: every write the API server made before this call has a
     * resourceVersion at most this, every later one a greater.
     */
    static long currentRevision(KubernetesClient client) {
        return Long.parseLong(client.namespaces().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build()).getMetadata().getResourceVersion());
    }
}
