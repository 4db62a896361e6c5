package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.PolicyValidators.durationGreaterThanZeroOrNil;
import static io.kumaops.operator.admission.PolicyValidators.durationNotNegativeOrNil;
import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_EXTERNAL_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_GATEWAY;
import static io.kumaops.operator.admission.TargetRefRules.MESH_HTTP_ROUTE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_MULTI_ZONE_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE_SUBSET;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kuma's admission of MeshTimeout (Kuma {@code pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go}). */
final class MeshTimeoutValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshtimeout/api/v1alpha1/deprecated.go";

    private static final String HTTP_ROUTE_TOP = "can't be specified when top-level TargetRef is referencing MeshHTTPRoute";
    private static final String SOURCE_CONDITIONED =
            "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";

    @Override
    public String kind() {
        return "MeshTimeout";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape conf = SpecShape.object()
                .durations("connectionTimeout", "idleTimeout")
                .field("http", SpecShape.object()
                        .durations("requestTimeout", "streamIdleTimeout", "maxStreamDuration", "maxConnectionDuration", "requestHeadersTimeout")
                        .build())
                .build();
        SpecShape item = SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build();
        // Kuma meshtimeout.go: rules arrive in 2.10, their matches in 2.14
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("to", SpecShape.list(item))
                .field("from", SpecShape.list(item))
                .fieldIf(version.atLeast(2, 10), "rules", SpecShape.list(SpecShape.object()
                        .fieldIf(version.atLeast(2, 14), "matches", SpecShape.list(PolicyMatches.shape(version)))
                        .field("default", conf)
                        .build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, topOptions(policy), policy.version()));
        }
        boolean hasRules = !policy.list("rules").isEmpty();
        boolean hasTo = !policy.list("to").isEmpty();
        boolean hasFrom = !policy.list("from").isEmpty();
        if (!policy.atLeast(2, 10)) {
            if (!hasTo && !hasFrom) {
                err.addViolation(spec, "at least one of 'from', 'to' has to be defined");
            }
        } else {
            if (hasRules && (hasTo || hasFrom)) {
                err.addViolation(spec, "fields 'to' and 'from' must be empty when 'rules' is defined");
            }
            if (!hasRules && !hasTo && !hasFrom) {
                err.addViolation(spec, "at least one of 'from', 'to' or 'rules' has to be defined");
            }
        }
        String topLevelKind = policy.topLevelKind();
        validateFrom(policy, topLevelKind, err);
        validateTo(policy, topLevelKind, err);
        validateRules(policy, topLevelKind, err);
    }

    private static TargetRefRules.Options topOptions(Policy policy) {
        List<String> kinds = new ArrayList<>();
        TargetRefRules.Options options;
        if (policy.role().system()) {
            kinds.addAll(List.of(MESH, MESH_SUBSET, MESH_GATEWAY, MESH_SERVICE, MESH_SERVICE_SUBSET, MESH_HTTP_ROUTE));
            options = new TargetRefRules.Options(kinds, true, false);
        } else {
            kinds.addAll(List.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET));
            options = new TargetRefRules.Options(kinds, false, false);
        }
        if (policy.atLeast(2, 10)) {
            kinds.add(DATAPLANE);
            options = options.inbound(policy.affectsInbounds());
        }
        return options;
    }

    private static void validateFrom(Policy policy, String topLevelKind, ValidationErrors err) {
        List<Object> from = policy.list("from");
        FieldPath fromPath = spec().field("from");
        if (topLevelKind.equals(MESH_HTTP_ROUTE) || topLevelKind.equals(MESH_GATEWAY)) {
            if (!from.isEmpty()) {
                err.addViolation(fromPath, PolicyValidators.MUST_NOT_BE_DEFINED);
            }
            return;
        }
        for (int i = 0; i < from.size(); i++) {
            FieldPath path = fromPath.index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(from.get(i)), TargetRefRules.Options.of(MESH), policy.version()));
            validateDefault(path.field("default"), itemDefault(from.get(i)), topLevelKind, err);
        }
    }

    private static void validateTo(Policy policy, String topLevelKind, ValidationErrors err) {
        List<Object> to = policy.list("to");
        TargetRefRules.Options kinds;
        if (topLevelKind.equals(MESH_HTTP_ROUTE) || topLevelKind.equals(MESH_GATEWAY)) {
            kinds = TargetRefRules.Options.of(MESH, MESH_EXTERNAL_SERVICE);
        } else if (policy.atLeast(2, 11)) {
            kinds = TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE, MESH_HTTP_ROUTE);
        } else {
            kinds = TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE);
        }
        for (int i = 0; i < to.size(); i++) {
            FieldPath path = spec().field("to").index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(to.get(i)), kinds, policy.version()));
            validateDefault(path.field("default"), itemDefault(to.get(i)), topLevelKind, err);
        }
    }

    private static void validateRules(Policy policy, String topLevelKind, ValidationErrors err) {
        List<Object> rules = policy.list("rules");
        for (int i = 0; i < rules.size(); i++) {
            FieldPath path = spec().field("rules").index(i);
            Map<String, Object> rule = Tree.map(rules.get(i));
            Map<String, Object> conf = Tree.map(rule.get("default"));
            if (PolicyMatches.validate(path.field("matches"), PolicyValidators.list(rule, "matches"), policy.version(), err)) {
                sourceConditioned(path.field("default"), conf, err);
            }
            validateDefault(path.field("default"), conf, topLevelKind, err);
        }
    }

    /** 2.14: timeouts Envoy applies before it knows the client cannot depend on the client's SPIFFE ID. */
    private static void sourceConditioned(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        notSet(path, conf, "connectionTimeout", SOURCE_CONDITIONED, err);
        notSet(path, conf, "idleTimeout", SOURCE_CONDITIONED, err);
        if (PolicyValidators.present(conf, "http")) {
            Map<String, Object> http = Tree.map(conf.get("http"));
            FieldPath httpPath = path.field("http");
            notSet(httpPath, http, "requestHeadersTimeout", SOURCE_CONDITIONED, err);
            notSet(httpPath, http, "maxStreamDuration", SOURCE_CONDITIONED, err);
            notSet(httpPath, http, "maxConnectionDuration", SOURCE_CONDITIONED, err);
        }
    }

    private static void validateDefault(FieldPath path, Map<String, Object> conf, String topLevelKind, ValidationErrors err) {
        boolean hasHttp = PolicyValidators.present(conf, "http");
        if (!PolicyValidators.present(conf, "connectionTimeout") && !PolicyValidators.present(conf, "idleTimeout") && !hasHttp) {
            err.addViolation(path, "at least one timeout should be configured");
            return;
        }
        Map<String, Object> http = Tree.map(conf.get("http"));
        if (topLevelKind.equals(MESH_HTTP_ROUTE)) {
            notSet(path, conf, "connectionTimeout", HTTP_ROUTE_TOP, err);
            notSet(path, conf, "idleTimeout", HTTP_ROUTE_TOP, err);
            if (hasHttp) {
                notSet(path.field("http"), http, "maxStreamDuration", HTTP_ROUTE_TOP, err);
                notSet(path.field("http"), http, "maxConnectionDuration", HTTP_ROUTE_TOP, err);
            }
        }
        durationGreaterThanZeroOrNil(err, path.field("connectionTimeout"), PolicyValidators.duration(conf, "connectionTimeout"));
        durationNotNegativeOrNil(err, path.field("idleTimeout"), PolicyValidators.duration(conf, "idleTimeout"));
        if (hasHttp) {
            FieldPath httpPath = path.field("http");
            if (!PolicyValidators.present(http, "requestTimeout") && !PolicyValidators.present(http, "streamIdleTimeout")
                    && !PolicyValidators.present(http, "maxStreamDuration") && !PolicyValidators.present(http, "maxConnectionDuration")) {
                err.addViolation(httpPath, "at least one timeout in this section should be configured");
            }
            for (String field : List.of("requestTimeout", "streamIdleTimeout", "maxStreamDuration", "maxConnectionDuration", "requestHeadersTimeout")) {
                durationNotNegativeOrNil(err, httpPath.field(field), PolicyValidators.duration(http, field));
            }
        }
    }

    private static void notSet(FieldPath path, Map<String, Object> conf, String field, String message, ValidationErrors err) {
        if (PolicyValidators.present(conf, field)) {
            err.addViolation(path.field(field), message);
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        // Kuma meshtimeout/api/v1alpha1/deprecated.go: 'from' from 2.10 on, then the top-level kinds
        if (policy.atLeast(2, 10)) {
            PolicyDeprecations.fromInsteadOfRules(policy.spec(), DEPRECATED_SOURCE, warnings);
        }
        PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
    }
}
