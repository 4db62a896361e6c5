package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.model.KumaVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The ValidatingWebhookConfiguration Kuma's chart registers for its validating webhook
 * (Kuma {@code deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml}), pointed at the stand-in's URL on
 * 127.0.0.1 instead of the control plane's Service. Only the kuma.io webhook: the Secret and Pod validators judge
 * nothing this operator writes.
 */
final class WebhookRegistration {

    static final String WEBHOOK_NAME = "validator.kuma-admission.kuma.io";
    static final String STAND_IN_LABEL = "kumaops.io/kuma-stand-in";
    static final int TIMEOUT_SECONDS = 5;

    // The chart's fixed list plus every plugin policy and resource its values enable by default (values.yaml
    // plugins.policies, plugins.resources at v2.14.3). Status subresources and the insight kinds are not in it.
    static final List<String> RESOURCES = List.of(
            "circuitbreakers", "dataplanes", "externalservices", "faultinjections", "meshgatewayinstances", "healthchecks",
            "meshes", "meshgateways", "meshgatewayroutes", "proxytemplates", "ratelimits", "retries", "trafficlogs",
            "trafficpermissions", "trafficroutes", "traffictraces", "virtualoutbounds", "zones", "containerpatches",
            "meshaccesslogs", "meshcircuitbreakers", "meshfaultinjections", "meshhealthchecks", "meshhttproutes",
            "meshloadbalancingstrategies", "meshmetrics", "meshpassthroughs", "meshproxypatches", "meshratelimits",
            "meshretries", "meshtcproutes", "meshtimeouts", "meshtlses", "meshtraces", "meshtrafficpermissions",
            "hostnamegenerators", "meshexternalservices", "meshidentities", "meshmultizoneservices",
            "meshopentelemetrybackends", "meshservices", "meshtrusts", "meshzoneaddresses", "workloads");

    private WebhookRegistration() {
    }

    /** {@code kuma-validating-webhook-configuration}, or Kong Mesh's chart name for it. */
    static String configurationName(Distribution distribution) {
        return (distribution == Distribution.KongMesh ? "kong-mesh" : "kuma") + "-validating-webhook-configuration";
    }

    static ValidatingWebhookConfiguration configuration(Distribution distribution, KumaVersion version, String url, String caPem) {
        List<io.fabric8.kubernetes.api.model.LabelSelectorRequirement> namespaces = new ArrayList<>();
        if (version.atLeast(2, 11)) {
            // From 2.11 Kuma's webhooks see only namespaces labelled for injection (the system namespace is labelled
            // "false" by the chart's pre-install job, templates/pre-install-patch-namespace-job.yaml).
            namespaces.add(new LabelSelectorRequirementBuilder().withKey("kuma.io/sidecar-injection").withOperator("Exists").build());
        }
        // kubernetes.io/metadata.name is set by API servers from 1.21; on 1.20 the NotIn matches every namespace.
        namespaces.add(new LabelSelectorRequirementBuilder().withKey("kubernetes.io/metadata.name").withOperator("NotIn")
                .withValues("kube-system").build());
        return new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(configurationName(distribution))
                .addToLabels("app", "kuma-control-plane").addToLabels(STAND_IN_LABEL, "true").endMetadata()
                .withWebhooks(new ValidatingWebhookBuilder()
                        .withName(WEBHOOK_NAME)
                        .withAdmissionReviewVersions("v1")
                        .withFailurePolicy("Fail")
                        .withSideEffects("None")
                        .withTimeoutSeconds(TIMEOUT_SECONDS)
                        .withNamespaceSelector(new LabelSelectorBuilder().withMatchExpressions(namespaces).build())
                        .withNewClientConfig().withUrl(url)
                        .withCaBundle(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))).endClientConfig()
                        .withRules(new RuleWithOperationsBuilder().withApiGroups("kuma.io").withApiVersions("v1alpha1")
                                .withOperations("CREATE", "UPDATE", "DELETE").withResources(RESOURCES).build())
                        .build())
                .build();
    }
}
