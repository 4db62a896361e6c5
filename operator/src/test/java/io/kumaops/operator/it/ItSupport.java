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

    public static KumaProductionProfile apply(KubernetesClient client, KumaProductionProfile profile) {
        profile.getMetadata().setResourceVersion(null);
        profile.getMetadata().setManagedFields(null);
        return client.resource(profile).fieldManager("test").forceConflicts().serverSideApply();
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

    public static KumaProductionProfile awaitPhase(KubernetesClient client, String name, Phase phase) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().phase == phase
                && p.getStatus().observedGeneration != null
                && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
    }
}
