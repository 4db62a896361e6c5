package io.kumaops.operator.admission;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.model.KumaVersion;
import java.util.Objects;

/**
 * The control plane that judges: distribution, Kuma minor (2.9 … 2.14), its system namespace and its role.
 * Policies in the system namespace are system policies (Kuma's webhook labels them {@code kuma.io/policy-role: system}
 * before validating); a federated zone and a global control plane add label rules of their own.
 */
public record AdmissionTarget(Distribution distribution, KumaVersion version, String systemNamespace, ControlPlaneRole role) {

    public static final KumaVersion OLDEST = KumaVersion.OLDEST_SUPPORTED;
    public static final KumaVersion NEWEST = KumaVersion.NEWEST_SUPPORTED;

    public AdmissionTarget {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(version, "version");
        systemNamespace = systemNamespace == null || systemNamespace.isEmpty() ? "kuma-system" : systemNamespace;
        role = role == null ? ControlPlaneRole.Standalone : role;
    }

    public static AdmissionTarget of(Distribution distribution, KumaVersion version) {
        return new AdmissionTarget(distribution, version, null, null);
    }

    /** Open-source Kuma 2.14 in {@code kuma-system}, standalone: the default of the CLI. */
    public static AdmissionTarget defaults() {
        return of(Distribution.Kuma, NEWEST);
    }

    public boolean supported() {
        return supports(version);
    }

    /** Whether the minor is one whose admission is modelled (2.9 … 2.14). */
    public static boolean supports(KumaVersion version) {
        return version.supported();
    }

    public boolean atLeast(int major, int minor) {
        return version.atLeast(major, minor);
    }

    public AdmissionTarget withNamespaceAndRole(String namespace, ControlPlaneRole newRole) {
        return new AdmissionTarget(distribution, version, namespace, newRole);
    }

    @Override
    public String toString() {
        return (distribution == Distribution.KongMesh ? "Kong Mesh " : "Kuma ") + version;
    }
}
