package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.PolicyValidators.present;
import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_GATEWAY;
import static io.kumaops.operator.admission.TargetRefRules.MESH_HTTP_ROUTE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE_SUBSET;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kuma's admission of MeshRateLimit (Kuma {@code pkg/plugins/policies/meshratelimit/api/v1alpha1/validator.go}):
 * sidecars limit inbound traffic ({@code from}, from 2.10 {@code rules}), gateways outbound ({@code to}).
 */
final class MeshRateLimitValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshratelimit/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshratelimit/api/v1alpha1/deprecated.go";

    private static final String SOURCE_CONDITIONED =
            "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";

    @Override
    public String kind() {
        return "MeshRateLimit";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape rate = SpecShape.object().values("num").durations("interval").build();
        SpecShape local = SpecShape.object()
                .field("http", SpecShape.object()
                        .values("disabled")
                        .field("requestRate", rate)
                        .field("onRateLimit", SpecShape.object().values("status", "headers").build())
                        .build())
                .field("tcp", SpecShape.object().values("disabled").field("connectionRate", rate).build())
                .build();
        SpecShape conf = SpecShape.object().field("local", local).build();
        SpecShape item = SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build();
        // Kuma meshratelimit.go: rules arrive in 2.10, their matches in 2.14
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("from", SpecShape.list(item))
                .field("to", SpecShape.list(item))
                .fieldIf(version.atLeast(2, 10), "rules", SpecShape.list(SpecShape.object()
                        .fieldIf(version.atLeast(2, 14), "matches", SpecShape.list(PolicyMatches.shape(version)))
                        .field("default", conf)
                        .build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        KumaVersion version = policy.version();
        List<Object> rules = policy.list("rules");
        List<Object> from = policy.list("from");
        List<Object> to = policy.list("to");
        if (!rules.isEmpty() && (!to.isEmpty() || !from.isEmpty())) {
            err.addViolation(spec, "fields 'to' and 'from' must be empty when 'rules' is defined");
        }
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, topOptions(policy), version));
        }
        Map<String, Object> topLevel = targetRef == null ? Map.of("kind", MESH) : targetRef;
        boolean gateways = TargetRefRules.includesGateways(topLevel);
        boolean httpRoute = TargetRefRules.text(topLevel, "kind").equals(MESH_HTTP_ROUTE);
        validateRules(policy, rules, gateways, httpRoute, err);
        validateFrom(policy, from, gateways, httpRoute, err);
        if (!gateways && !to.isEmpty()) {
            err.addViolation(spec.field("to"), PolicyValidators.MUST_NOT_BE_DEFINED);
        } else {
            validateItems(spec.field("to"), to, version, err);
        }
    }

    private static TargetRefRules.Options topOptions(Policy policy) {
        List<String> kinds = new ArrayList<>(List.of(MESH, MESH_SUBSET));
        if (policy.role().system()) {
            kinds.addAll(List.of(MESH_GATEWAY, MESH_SERVICE, MESH_SERVICE_SUBSET, MESH_HTTP_ROUTE));
        } else {
            kinds.addAll(List.of(MESH_SERVICE, MESH_SERVICE_SUBSET));
        }
        boolean inbound = false;
        if (policy.atLeast(2, 10)) {
            kinds.add(DATAPLANE);
            inbound = policy.affectsInbounds();
        }
        return new TargetRefRules.Options(kinds, policy.role().system(), inbound);
    }

    private static void validateRules(Policy policy, List<Object> rules, boolean gateways, boolean httpRoute, ValidationErrors err) {
        FieldPath rulesPath = spec().field("rules");
        if ((gateways || httpRoute) && !rules.isEmpty()) {
            err.addViolation(rulesPath, PolicyValidators.MUST_NOT_BE_DEFINED);
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            FieldPath path = rulesPath.index(i);
            Map<String, Object> rule = Tree.map(rules.get(i));
            Map<String, Object> conf = Tree.map(rule.get("default"));
            if (PolicyMatches.validate(path.field("matches"), PolicyValidators.list(rule, "matches"), policy.version(), err)
                    && present(Tree.map(conf.get("local")), "tcp")) {
                // 2.14: connections are limited before the client's SPIFFE ID is known
                err.addViolation(path.field("default").field("local").field("tcp"), SOURCE_CONDITIONED);
            }
            validateDefault(path.field("default"), conf, err);
        }
    }

    private static void validateFrom(Policy policy, List<Object> from, boolean gateways, boolean httpRoute, ValidationErrors err) {
        FieldPath fromPath = spec().field("from");
        boolean v210 = policy.atLeast(2, 10);
        if (gateways && !from.isEmpty()) {
            err.addViolation(fromPath, v210
                    ? PolicyValidators.MUST_NOT_BE_DEFINED + " when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to"
                    : PolicyValidators.MUST_NOT_BE_DEFINED);
            return;
        }
        if (httpRoute && !from.isEmpty()) {
            err.addViolation(fromPath, v210 ? PolicyValidators.MUST_NOT_BE_DEFINED + " when spec.kind is MeshHTTPRoute" : PolicyValidators.MUST_NOT_BE_DEFINED);
            return;
        }
        validateItems(fromPath, from, policy.version(), err);
    }

    /** {@code from} and {@code to} items: a Mesh targetRef and a local limit each. */
    private static void validateItems(FieldPath listPath, List<Object> items, KumaVersion version, ValidationErrors err) {
        for (int i = 0; i < items.size(); i++) {
            FieldPath path = listPath.index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(items.get(i)), TargetRefRules.Options.of(MESH), version));
            validateDefault(path.field("default"), itemDefault(items.get(i)), err);
        }
    }

    private static void validateDefault(FieldPath defaultPath, Map<String, Object> conf, ValidationErrors err) {
        FieldPath path = defaultPath.field("local");
        if (!present(conf, "local")) {
            err.addViolation(path, PolicyValidators.MUST_BE_DEFINED);
            return;
        }
        Map<String, Object> local = Tree.map(conf.get("local"));
        if (!present(local, "tcp") && !present(local, "http")) {
            err.addViolation(path, PolicyValidators.mustHaveAtLeastOne("tcp", "http"));
        }
        if (present(local, "http")) {
            Map<String, Object> http = Tree.map(local.get("http"));
            FieldPath httpPath = path.field("http");
            if (!present(http, "disabled") && !present(http, "requestRate") && !present(http, "onRateLimit")) {
                err.addViolation(httpPath, PolicyValidators.mustHaveAtLeastOne("disabled", "requestRate", "onRateLimit"));
            } else {
                if (present(http, "requestRate")) {
                    validateRate(httpPath.field("requestRate"), Tree.map(http.get("requestRate")), err);
                }
                if (present(http, "onRateLimit")) {
                    PolicyValidators.integerGreaterThanZeroOrNil(err, httpPath.field("onRateLimit").field("status"),
                            PolicyValidators.integer(Tree.map(http.get("onRateLimit")), "status"));
                }
            }
        }
        if (present(local, "tcp")) {
            Map<String, Object> tcp = Tree.map(local.get("tcp"));
            FieldPath tcpPath = path.field("tcp");
            if (!present(tcp, "disabled") && !present(tcp, "connectionRate")) {
                err.addViolation(tcpPath, PolicyValidators.mustHaveAtLeastOne("disabled", "connectionRate"));
            } else if (present(tcp, "connectionRate")) {
                validateRate(tcpPath.field("connectionRate"), Tree.map(tcp.get("connectionRate")), err);
            }
        }
    }

    private static void validateRate(FieldPath path, Map<String, Object> rate, ValidationErrors err) {
        PolicyValidators.integerGreaterThan(err, path.field("num"), PolicyValidators.integer(rate, "num"), 0);
        PolicyValidators.durationGreaterThan(err, path.field("interval"), PolicyValidators.duration(rate, "interval"), 50);
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        // Kuma meshratelimit/api/v1alpha1/deprecated.go: 'from' from 2.10, status codes below 400 from 2.12
        if (policy.atLeast(2, 10)) {
            PolicyDeprecations.fromInsteadOfRules(policy.spec(), DEPRECATED_SOURCE, warnings);
        }
        if (policy.atLeast(2, 12)) {
            for (String list : List.of("from", "rules", "to")) {
                List<Object> items = policy.list(list);
                for (int i = 0; i < items.size(); i++) {
                    lowStatus(list, i, itemDefault(items.get(i)), warnings);
                }
            }
        }
        PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
    }

    /** A rate-limited request answered below 400; Kuma's message calls the field requestRate.status. */
    private static void lowStatus(String list, int index, Map<String, Object> conf, List<AdmissionWarning> warnings) {
        Map<String, Object> onRateLimit = Tree.map(Tree.map(Tree.map(conf.get("local")).get("http")).get("onRateLimit"));
        BigInteger status = PolicyValidators.integer(onRateLimit, "status");
        if (status != null && status.compareTo(BigInteger.valueOf(400)) < 0) {
            String field = "spec." + list + "[" + index + "].default.local.http";
            warnings.add(new AdmissionWarning(field + ".onRateLimit.status",
                    "'" + field + ".requestRate.status' must be 400 or higher. Please update your configuration.",
                    "a status of 400 or higher", null, DEPRECATED_SOURCE));
        }
    }
}
