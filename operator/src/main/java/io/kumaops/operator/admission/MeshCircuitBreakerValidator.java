package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.PolicyValidators.integer;
import static io.kumaops.operator.admission.PolicyValidators.integerGreaterThanZeroOrNil;
import static io.kumaops.operator.admission.PolicyValidators.present;
import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_EXTERNAL_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_GATEWAY;
import static io.kumaops.operator.admission.TargetRefRules.MESH_MULTI_ZONE_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE_SUBSET;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kuma's admission of MeshCircuitBreaker (Kuma
 * {@code pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/validator.go}).
 */
final class MeshCircuitBreakerValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/deprecated.go";

    private static final List<String> LIMITS = List.of("maxConnections", "maxConnectionPools", "maxPendingRequests", "maxRetries", "maxRequests");
    private static final List<String> DETECTORS = List.of("totalFailures", "gatewayFailures", "localOriginFailures", "successRate", "failurePercentage");

    @Override
    public String kind() {
        return "MeshCircuitBreaker";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape consecutive = SpecShape.object().values("consecutive").build();
        SpecShape detectors = SpecShape.object()
                .field("totalFailures", consecutive)
                .field("gatewayFailures", consecutive)
                .field("localOriginFailures", consecutive)
                .field("successRate", SpecShape.object()
                        .values("minimumHosts", "requestVolume")
                        .field("standardDeviationFactor", SpecShape.intOrString())
                        .build())
                .field("failurePercentage", SpecShape.object().values("minimumHosts", "requestVolume", "threshold").build())
                .build();
        // Kuma meshcircuitbreaker.go: rules and the outlier detection's healthyPanicThreshold arrive in 2.10
        SpecShape outlierDetection = SpecShape.object()
                .values("disabled", "maxEjectionPercent", "splitExternalAndLocalErrors")
                .durations("interval", "baseEjectionTime")
                .field("detectors", detectors)
                .fieldIf(version.atLeast(2, 10), "healthyPanicThreshold", SpecShape.intOrString())
                .build();
        SpecShape conf = SpecShape.object()
                .field("connectionLimits", SpecShape.object().values(LIMITS.toArray(String[]::new)).build())
                .field("outlierDetection", outlierDetection)
                .build();
        SpecShape item = SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build();
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("to", SpecShape.list(item))
                .field("from", SpecShape.list(item))
                .fieldIf(version.atLeast(2, 10), "rules", SpecShape.list(SpecShape.object().field("default", conf).build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        KumaVersion version = policy.version();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            List<String> kinds = new ArrayList<>(List.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_GATEWAY, MESH_SERVICE_SUBSET));
            if (policy.atLeast(2, 10)) {
                kinds.add(DATAPLANE);
            }
            TargetRefRules.Options top = new TargetRefRules.Options(kinds, true, policy.atLeast(2, 10) && policy.affectsInbounds());
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, top, version));
        }
        List<Object> rules = policy.list("rules");
        List<Object> to = policy.list("to");
        List<Object> from = policy.list("from");
        if (!policy.atLeast(2, 10)) {
            if (to.isEmpty() && from.isEmpty()) {
                err.addViolation(spec, "at least one of 'from', 'to' has to be defined");
            }
        } else {
            if (rules.isEmpty() && to.isEmpty() && from.isEmpty()) {
                err.addViolation(spec, "at least one of 'from', 'to' or 'rules' has to be defined");
            }
            if (!rules.isEmpty() && (!to.isEmpty() || !from.isEmpty())) {
                err.addViolation(spec, "fields 'to' and 'from' must be empty when 'rules' is defined");
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            // Kuma names a rule's default by the index under 'from', not 'rules'
            validateDefault(spec.field("from").index(i).field("default"), itemDefault(rules.get(i)), err);
        }
        for (int i = 0; i < from.size(); i++) {
            FieldPath path = spec.field("from").index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(from.get(i)), TargetRefRules.Options.of(MESH), version));
            validateDefault(path.field("default"), itemDefault(from.get(i)), err);
        }
        validateTo(policy, to, err);
    }

    private static void validateTo(Policy policy, List<Object> to, ValidationErrors err) {
        // 2.14 admits MeshExternalService wherever; until then Kuma refused it, and again where the top is not Mesh
        boolean v214 = policy.atLeast(2, 14);
        TargetRefRules.Options kinds = v214
                ? TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE)
                : TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_MULTI_ZONE_SERVICE);
        for (int i = 0; i < to.size(); i++) {
            FieldPath path = spec().field("to").index(i);
            Map<String, Object> ref = itemTargetRef(to.get(i));
            err.addAll(path.field("targetRef"), TargetRefRules.validate(ref, kinds, policy.version()));
            if (!v214 && TargetRefRules.text(ref, "kind").equals(MESH_EXTERNAL_SERVICE) && !policy.topLevelKind().equals(MESH)) {
                err.addViolation(path.field("targetRef.kind"), "kind MeshExternalService is only allowed with targetRef.kind: Mesh as it "
                        + "is configured on the Zone Egress and shared by all clients in the mesh");
            }
            validateDefault(path.field("default"), itemDefault(to.get(i)), err);
        }
    }

    private static void validateDefault(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        if (!present(conf, "connectionLimits") && !present(conf, "outlierDetection")) {
            err.addViolation(path, "at least one of: 'connectionLimits' or 'outlierDetection' should be configured");
            return;
        }
        if (present(conf, "connectionLimits")) {
            Map<String, Object> limits = Tree.map(conf.get("connectionLimits"));
            for (String limit : LIMITS) {
                integerGreaterThanZeroOrNil(err, path.field("connectionLimits").field(limit), integer(limits, limit));
            }
        }
        if (present(conf, "outlierDetection")) {
            outlierDetection(path.field("outlierDetection"), Tree.map(conf.get("outlierDetection")), err);
        }
    }

    private static void outlierDetection(FieldPath path, Map<String, Object> detection, ValidationErrors err) {
        PolicyValidators.durationGreaterThanZeroOrNil(err, path.field("interval"), PolicyValidators.duration(detection, "interval"));
        PolicyValidators.durationGreaterThanZeroOrNil(err, path.field("baseEjectionTime"), PolicyValidators.duration(detection, "baseEjectionTime"));
        PolicyValidators.uint32PercentageOrNil(err, path.field("maxEjectionPercent"), integer(detection, "maxEjectionPercent"));
        // the shape of 2.9 has no healthyPanicThreshold, so there is none to check
        PolicyValidators.percentageOrNil(err, path.field("healthyPanicThreshold"), detection.get("healthyPanicThreshold"));
        FieldPath detectorsPath = path.field("detectors");
        if (!present(detection, "detectors")) {
            err.addViolation(detectorsPath, PolicyValidators.MUST_BE_DEFINED);
            return;
        }
        Map<String, Object> detectors = Tree.map(detection.get("detectors"));
        if (DETECTORS.stream().noneMatch(detector -> present(detectors, detector))) {
            err.addViolation(detectorsPath, PolicyValidators.mustHaveAtLeastOne(DETECTORS.toArray(String[]::new)));
            return;
        }
        for (String detector : List.of("totalFailures", "gatewayFailures", "localOriginFailures")) {
            if (present(detectors, detector)) {
                integerGreaterThanZeroOrNil(err, detectorsPath.field(detector).field("consecutive"),
                        integer(Tree.map(detectors.get(detector)), "consecutive"));
            }
        }
        if (present(detectors, "successRate")) {
            FieldPath successPath = detectorsPath.field("successRate");
            Map<String, Object> successRate = Tree.map(detectors.get("successRate"));
            integerGreaterThanZeroOrNil(err, successPath.field("minimumHosts"), integer(successRate, "minimumHosts"));
            integerGreaterThanZeroOrNil(err, successPath.field("requestVolume"), integer(successRate, "requestVolume"));
            if (present(successRate, "standardDeviationFactor")) {
                BigDecimal factor = GoDecimals.of(successRate.get("standardDeviationFactor"));
                if (factor == null) {
                    err.addViolation(successPath.field("standardDeviationFactor"), "invalid number");
                } else if (factor.signum() <= 0) {
                    err.addViolation(successPath.field("standardDeviationFactor"), PolicyValidators.GREATER_THAN_ZERO);
                }
            }
        }
        if (present(detectors, "failurePercentage")) {
            FieldPath failurePath = detectorsPath.field("failurePercentage");
            Map<String, Object> failure = Tree.map(detectors.get("failurePercentage"));
            integerGreaterThanZeroOrNil(err, failurePath.field("minimumHosts"), integer(failure, "minimumHosts"));
            integerGreaterThanZeroOrNil(err, failurePath.field("requestVolume"), integer(failure, "requestVolume"));
            PolicyValidators.uint32PercentageOrNil(err, failurePath.field("threshold"), integer(failure, "threshold"));
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        // Kuma meshcircuitbreaker/api/v1alpha1/deprecated.go: 'from' from 2.10 on, then the top-level kinds
        if (policy.atLeast(2, 10)) {
            PolicyDeprecations.fromInsteadOfRules(policy.spec(), DEPRECATED_SOURCE, warnings);
        }
        PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
    }
}
