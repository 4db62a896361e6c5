package io.kumaops.operator.admission;

import java.util.List;

/** The kind validators that make up {@link KumaAdmission#standard()}. */
final class KumaValidators {

    private KumaValidators() {
    }

    static List<KindValidator> all() {
        return List.of(
                new MeshValidator(),
                new MeshIdentityValidator(),
                new MeshTrustValidator(),
                new ContainerPatchValidator(),
                new ZoneValidator(),
                new MeshTrafficPermissionValidator(),
                new MeshTimeoutValidator(),
                new MeshRetryValidator(),
                new MeshCircuitBreakerValidator(),
                new MeshHealthCheckValidator(),
                new MeshRateLimitValidator(),
                new MeshTLSValidator());
    }
}
