package io.kumaops.operator.standin;

/**
 * The tag, label and annotation names Kuma puts on what its control plane writes on Kubernetes (Kuma
 * api/mesh/v1alpha1/dataplane_helpers.go, pkg/plugins/runtime/k8s/metadata/annotations.go and labels.go).
 */
final class KumaLabels {

    static final String SERVICE_TAG = "kuma.io/service";
    static final String PROTOCOL_TAG = "kuma.io/protocol";
    static final String ZONE_TAG = "kuma.io/zone";
    static final String KUBE_NAMESPACE_TAG = "k8s.kuma.io/namespace";
    static final String KUBE_SERVICE_TAG = "k8s.kuma.io/service-name";
    static final String KUBE_PORT_TAG = "k8s.kuma.io/service-port";

    static final String MESH = "kuma.io/mesh";
    static final String ORIGIN = "kuma.io/origin";
    static final String ENV = "kuma.io/env";
    static final String PROXY_TYPE = "kuma.io/proxy-type";
    static final String DISPLAY_NAME = "kuma.io/display-name";
    static final String SERVICE_ACCOUNT = "k8s.kuma.io/service-account";
    static final String WORKLOAD = "kuma.io/workload";

    static final String DEFAULT_MESH = "default";

    private KumaLabels() {
    }
}
