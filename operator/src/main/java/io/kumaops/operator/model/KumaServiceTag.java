package io.kumaops.operator.model;

/**
 * The {@code kuma.io/service} tag Kuma's injector gives the data planes behind a Kubernetes Service port:
 * {@code <name>_<namespace>_svc_<port>} (Kuma pkg/plugins/runtime/k8s/util/util.go, ServiceTag). What a MeshService
 * targetRef written as a plain name is matched against.
 */
public final class KumaServiceTag {

    private KumaServiceTag() {
    }

    public static String of(String service, String namespace, int port) {
        return service + "_" + namespace + "_svc_" + port;
    }
}
