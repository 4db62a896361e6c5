package io.kumaops.operator.api.v1alpha1;

/**
 * How a permission rule names workloads. {@code Service} is a Kubernetes Service by name, namespace and port, emitted as
 * the {@code kuma.io/service} tag Kuma's injector gives its data planes ({@code <name>_<namespace>_svc_<port>}, Kuma
 * {@code pkg/plugins/runtime/k8s/util/util.go} {@code ServiceTag}); a {@code MeshService} name is matched against that
 * tag as written, so on Kubernetes a bare {@code backend} selects nothing.
 */
public enum TargetKind {
    Mesh, MeshSubset, MeshService, MeshServiceSubset, Service
}
