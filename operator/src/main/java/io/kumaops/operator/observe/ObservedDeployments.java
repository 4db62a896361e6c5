package io.kumaops.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kumaops.operator.api.v1alpha1.ControlPlaneSpec;
import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Deployments a profile's observation reads — the control plane and the delegated gateways — so the operator
 * can watch exactly those (one field-selected informer each, never every Deployment of the cluster) and map a
 * change back to the profiles that read it.
 */
public final class ObservedDeployments {

    /** A Deployment by namespace and name. */
    public record Key(String namespace, String name) {
        /** Unique event-source name; a namespace is a DNS label, so "/" cannot be ambiguous. */
        public String eventSourceName() {
            return "observed-deployment-" + namespace + "/" + name;
        }
    }

    private ObservedDeployments() {
    }

    /** The Deployments one profile reads, with the CRD's defaults for unset names. */
    public static Set<Key> readBy(KumaProductionProfile profile) {
        Set<Key> keys = new LinkedHashSet<>();
        if (profile == null || profile.getSpec() == null) {
            return keys;
        }
        ControlPlaneSpec controlPlane = profile.getSpec().controlPlane == null ? new ControlPlaneSpec() : profile.getSpec().controlPlane;
        if (controlPlane.systemNamespace != null && controlPlane.deploymentName != null) {
            keys.add(new Key(controlPlane.systemNamespace, controlPlane.deploymentName));
        }
        if (profile.getSpec().gateway != null && profile.getSpec().gateway.delegated != null) {
            for (DelegatedGateway gateway : profile.getSpec().gateway.delegated) {
                if (gateway != null && gateway.namespace != null && gateway.deploymentName != null) {
                    keys.add(new Key(gateway.namespace, gateway.deploymentName));
                }
            }
        }
        return keys;
    }

    /** Every Deployment some profile reads. */
    public static Set<Key> readByAny(Stream<KumaProductionProfile> profiles) {
        return profiles.flatMap(profile -> readBy(profile).stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The profiles (cluster-scoped, so identified by name) that read this Deployment. */
    public static Set<ResourceID> profilesReading(Stream<KumaProductionProfile> profiles, String namespace, String name) {
        Key key = new Key(namespace, name);
        return profiles.filter(profile -> readBy(profile).contains(key))
                .map(profile -> new ResourceID(profile.getMetadata().getName()))
                .collect(Collectors.toSet());
    }
}
