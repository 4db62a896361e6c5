package io.kumaops.operator.standin;

import io.kumaops.operator.model.KumaKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects Kuma's control plane writes, shaped as its Kubernetes store lays them out
 * (Kuma pkg/plugins/resources/k8s/store.go, native/api/v1alpha1/zz_generated.mesh.go and zz_generated.system.go):
 * the proto JSON under {@code spec} (under {@code status} for a DataplaneInsight), the mesh in the top-level
 * {@code mesh} field of mesh-scoped kinds, a non-controller owner reference to the owning object, and the labels
 * Kuma computes (pkg/core/resources/labels/compute.go) in a zone control plane on Kubernetes.
 */
final class ReportObjects {

    /** Kuma's sidecar defaults: transparent-proxy redirect ports and the Envoy admin port (injector annotations). */
    static final int REDIRECT_PORT_INBOUND = 15006;
    static final int REDIRECT_PORT_OUTBOUND = 15001;
    static final int ENVOY_ADMIN_PORT = 9901;

    private ReportObjects() {
    }

    /** One service port of a simulated pod: the Service's port and the container port it targets. */
    record Port(int servicePort, int targetPort) {
    }

    /** What the pod a simulated Dataplane stands for looks like. */
    /** @param labels the pod's labels besides {@code app}: they become tags of every inbound, as Kuma's injector makes them */
    record Pod(String name, String namespace, String mesh, String service, List<Port> ports, String protocol, String address,
               String serviceAccount, String zone, Map<String, String> labels) {
        Pod(String name, String namespace, String mesh, String service, List<Port> ports, String protocol, String address,
            String serviceAccount, String zone) {
            this(name, namespace, mesh, service, ports, protocol, address, serviceAccount, zone, Map.of());
        }
    }

    /**
     * A Dataplane as Kuma's pod controller makes it from an injected pod selected by one Service
     * (pkg/plugins/runtime/k8s/controllers/pod_controller.go {@code createOrUpdateDataplane}, pod_converter.go
     * {@code PodToDataplane}/{@code dataplaneFor}, inbound_converter.go {@code InboundTagsForService}), after
     * Kuma's defaulting webhook (pkg/plugins/runtime/k8s/webhooks/defaulter.go) has moved the service-account and
     * workload labels and the display name into annotations (pkg/plugins/resources/k8s/store.go
     * {@code SplitLabelsAndAnnotations}). No owner reference: there is no Pod behind it.
     */
    static Map<String, Object> dataplane(Pod pod) {
        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put("app", pod.service());
        podLabels.putAll(pod.labels());
        Map<String, String> labels = new LinkedHashMap<>(podLabels);
        labels.putAll(computedLabels(pod.mesh(), pod.namespace(), pod.zone()));
        labels.put(KumaLabels.PROXY_TYPE, "sidecar");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KumaLabels.DISPLAY_NAME, pod.name());
        annotations.put(KumaLabels.SERVICE_ACCOUNT, pod.serviceAccount());
        // The workload name falls back to the service account (pod_converter.go computeWorkloadName).
        annotations.put(KumaLabels.WORKLOAD, pod.serviceAccount());

        List<Object> inbounds = new ArrayList<>();
        for (Port port : pod.ports()) {
            Map<String, Object> tags = new LinkedHashMap<>(podLabels);
            tags.put(KumaLabels.KUBE_NAMESPACE_TAG, pod.namespace());
            tags.put(KumaLabels.KUBE_SERVICE_TAG, pod.service());
            tags.put(KumaLabels.KUBE_PORT_TAG, Integer.toString(port.servicePort()));
            tags.put(KumaLabels.SERVICE_TAG, serviceTag(pod.service(), pod.namespace(), port.servicePort()));
            if (!pod.zone().isEmpty()) {
                tags.put(KumaLabels.ZONE_TAG, pod.zone());
            }
            tags.put(KumaLabels.PROTOCOL_TAG, pod.protocol());
            Map<String, Object> inbound = new LinkedHashMap<>();
            inbound.put("port", port.targetPort());
            inbound.put("tags", tags);
            // state Ready is the enum's zero value and left out; health is still written for Kuma 2.5 and older.
            inbound.put("health", Map.of("ready", true));
            inbound.put("protocol", pod.protocol());
            inbounds.add(inbound);
        }
        Map<String, Object> networking = new LinkedHashMap<>();
        networking.put("address", pod.address());
        networking.put("inbound", inbounds);
        networking.put("transparentProxying", Map.of("redirectPortInbound", REDIRECT_PORT_INBOUND,
                "redirectPortOutbound", REDIRECT_PORT_OUTBOUND, "ipFamilyMode", "DualStack"));
        networking.put("admin", Map.of("port", ENVOY_ADMIN_PORT));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", pod.name());
        metadata.put("namespace", pod.namespace());
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", KumaKinds.KUMA_API);
        body.put("kind", "Dataplane");
        body.put("mesh", pod.mesh());
        body.put("metadata", metadata);
        body.put("spec", Map.of("networking", networking));
        return body;
    }

    /** Kuma pkg/plugins/runtime/k8s/util/util.go {@code ServiceTag}: {@code <service>_<namespace>_svc_<port>}. */
    static String serviceTag(String service, String namespace, int servicePort) {
        return io.kumaops.operator.model.KumaServiceTag.of(service, namespace, servicePort);
    }

    /**
     * Labels Kuma computes for a mesh-scoped, zone-provided object in a namespace on a zone control plane
     * (pkg/core/resources/labels/compute.go {@code Compute}: mesh, origin, zone, env, namespace).
     */
    static Map<String, String> computedLabels(String mesh, String namespace, String zone) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KumaLabels.MESH, mesh);
        labels.put(KumaLabels.ORIGIN, "zone");
        labels.put(KumaLabels.ZONE_TAG, zone);
        labels.put(KumaLabels.ENV, "kubernetes");
        labels.put(KumaLabels.KUBE_NAMESPACE_TAG, namespace);
        return labels;
    }

    /**
     * A DataplaneInsight: same name and namespace as its Dataplane, owned by it
     * (pkg/core/managers/apis/dataplaneinsight/dataplane_insight_manager.go {@code Create}), the proto under
     * {@code status} (zz_generated.mesh.go {@code DataplaneInsight}), labelled by Kuma's defaulting webhook.
     */
    static Map<String, Object> dataplaneInsight(ProxyState proxy, String zone) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", proxy.name);
        metadata.put("namespace", proxy.namespace);
        metadata.put("labels", computedLabels(proxy.mesh(), proxy.namespace, zone));
        metadata.put("annotations", Map.of(KumaLabels.DISPLAY_NAME, proxy.name));
        metadata.put("ownerReferences", List.of(owner("Dataplane", proxy.name, proxy.uid())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", KumaKinds.KUMA_API);
        body.put("kind", "DataplaneInsight");
        body.put("mesh", proxy.mesh());
        body.put("metadata", metadata);
        body.put("status", proxy.insightStatus());
        return body;
    }

    /**
     * A MeshInsight: cluster-scoped, named after its mesh, no {@code mesh} field and no labels, owned by the Mesh
     * (pkg/insights/resyncer.go {@code MeshInsightKey}; pkg/core/resources/manager/manager.go {@code Create}).
     */
    static Map<String, Object> meshInsight(String mesh, String meshUid, Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", mesh);
        metadata.put("ownerReferences", List.of(owner("Mesh", mesh, meshUid)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", KumaKinds.KUMA_API);
        body.put("kind", "MeshInsight");
        body.put("metadata", metadata);
        body.put("spec", spec);
        return body;
    }

    /** The Zone the global control plane creates when a zone first connects (pkg/kds/mux/zone_sync.go {@code createZoneIfAbsent}). */
    static Map<String, Object> zone(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", KumaKinds.KUMA_API);
        body.put("kind", "Zone");
        body.put("metadata", Map.of("name", name));
        body.put("spec", Map.of("enabled", true));
        return body;
    }

    /**
     * A ZoneInsight on the global control plane: cluster-scoped, named after the zone, owned by the Zone
     * (pkg/core/managers/apis/zoneinsight/zone_insight_manager.go {@code Create}); in global mode the defaulting
     * webhook computes no label, only the display-name annotation.
     */
    static Map<String, Object> zoneInsight(String zone, String zoneUid, Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", zone);
        metadata.put("annotations", Map.of(KumaLabels.DISPLAY_NAME, zone));
        metadata.put("ownerReferences", List.of(owner("Zone", zone, zoneUid)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", KumaKinds.KUMA_API);
        body.put("kind", "ZoneInsight");
        body.put("metadata", metadata);
        body.put("spec", spec);
        return body;
    }

    /** controller-runtime's {@code SetOwnerReference}, as Kuma's store calls it: neither controller nor blocking. */
    private static Map<String, Object> owner(String kind, String name, String uid) {
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("apiVersion", KumaKinds.KUMA_API);
        owner.put("kind", kind);
        owner.put("name", name);
        owner.put("uid", uid);
        return owner;
    }
}
