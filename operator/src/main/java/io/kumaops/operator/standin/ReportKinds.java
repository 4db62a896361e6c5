package io.kumaops.operator.standin;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kumaops.operator.model.KumaKinds;
import java.util.List;

/** The Kuma kinds the stand-in reads and writes, with plural and scope (Kuma's v2.14.3 CRDs), so no request needs discovery. */
final class ReportKinds {

    static final ResourceDefinitionContext MESH = context("Mesh", "meshes", false);
    static final ResourceDefinitionContext DATAPLANE = context("Dataplane", "dataplanes", true);
    static final ResourceDefinitionContext DATAPLANE_INSIGHT = context("DataplaneInsight", "dataplaneinsights", true);
    static final ResourceDefinitionContext MESH_INSIGHT = context("MeshInsight", "meshinsights", false);
    static final ResourceDefinitionContext ZONE = context("Zone", "zones", false);
    static final ResourceDefinitionContext ZONE_INSIGHT = context("ZoneInsight", "zoneinsights", false);

    /**
     * A kind whose objects a MeshInsight counts under {@code resources} (and {@code policies} when it is a policy).
     *
     * @param meshFromField the object names its mesh in the top-level {@code mesh} field (Kuma's own k8s types);
     *                      otherwise in the {@code kuma.io/mesh} label, absent meaning {@code default} (policy plugins)
     */
    record CountedKind(String kind, String plural, boolean namespaced, boolean meshFromField, boolean policy) {
        ResourceDefinitionContext context() {
            return ReportKinds.context(kind, plural, namespaced);
        }
    }

    /**
     * Kuma counts every mesh-scoped kind but insights (Kuma pkg/insights/resyncer.go {@code allResourceTypes}); these
     * are the ones a profile or a test creates. ExternalService also feeds {@code services.external}.
     */
    static final List<CountedKind> DEFAULT_COUNTED = List.of(
            policy("MeshAccessLog", "meshaccesslogs"), policy("MeshCircuitBreaker", "meshcircuitbreakers"),
            policy("MeshFaultInjection", "meshfaultinjections"), policy("MeshHealthCheck", "meshhealthchecks"),
            policy("MeshHTTPRoute", "meshhttproutes"), policy("MeshLoadBalancingStrategy", "meshloadbalancingstrategies"),
            policy("MeshMetric", "meshmetrics"), policy("MeshPassthrough", "meshpassthroughs"),
            policy("MeshProxyPatch", "meshproxypatches"), policy("MeshRateLimit", "meshratelimits"),
            policy("MeshRetry", "meshretries"), policy("MeshTCPRoute", "meshtcproutes"), policy("MeshTimeout", "meshtimeouts"),
            policy("MeshTLS", "meshtlses"), policy("MeshTrace", "meshtraces"),
            policy("MeshTrafficPermission", "meshtrafficpermissions"),
            new CountedKind("MeshService", "meshservices", true, false, false),
            new CountedKind("MeshExternalService", "meshexternalservices", true, false, false),
            new CountedKind("MeshMultiZoneService", "meshmultizoneservices", true, false, false),
            new CountedKind("MeshGateway", "meshgateways", false, true, false),
            new CountedKind("ExternalService", "externalservices", false, true, false));

    static final String EXTERNAL_SERVICE = "ExternalService";
    static final String DATAPLANE_KIND = "Dataplane";

    private ReportKinds() {
    }

    private static CountedKind policy(String kind, String plural) {
        return new CountedKind(kind, plural, true, false, true);
    }

    static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(KumaKinds.KUMA_GROUP).withVersion(KumaKinds.KUMA_VERSION)
                .withKind(kind).withPlural(plural).withNamespaced(namespaced).build();
    }
}
