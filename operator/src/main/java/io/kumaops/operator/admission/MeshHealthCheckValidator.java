package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.PolicyValidators.duration;
import static io.kumaops.operator.admission.PolicyValidators.durationGreaterThanZeroOrNil;
import static io.kumaops.operator.admission.PolicyValidators.integer;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kuma's admission of MeshHealthCheck (Kuma {@code pkg/plugins/policies/meshhealthcheck/api/v1alpha1/validator.go}). */
final class MeshHealthCheckValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshhealthcheck/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshhealthcheck/api/v1alpha1/deprecated.go";

    @Override
    public String kind() {
        return "MeshHealthCheck";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape conf = SpecShape.object()
                .durations("interval", "timeout", "initialJitter", "intervalJitter", "noTrafficInterval")
                .values("unhealthyThreshold", "healthyThreshold", "intervalJitterPercent", "failTrafficOnPanic", "eventLogPath",
                        "alwaysLogHealthCheckFailures", "reuseConnection")
                .field("healthyPanicThreshold", SpecShape.intOrString())
                .field("tcp", SpecShape.object().values("disabled", "send", "receive").build())
                .field("http", SpecShape.object().values("disabled", "path", "requestHeadersToAdd", "expectedStatuses").build())
                .field("grpc", SpecShape.object().values("disabled", "serviceName", "authority").build())
                .build();
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("to", SpecShape.list(SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            List<String> kinds = new ArrayList<>(List.of(MESH, MESH_SUBSET, MESH_GATEWAY, MESH_SERVICE, MESH_SERVICE_SUBSET));
            if (policy.atLeast(2, 10)) {
                kinds.add(DATAPLANE);
            }
            // MeshHealthCheck never tells ValidateTargetRef it is an inbound policy
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, new TargetRefRules.Options(kinds, true, false), policy.version()));
        }
        // 2.14 admits MeshExternalService wherever; until then Kuma refused it, and again where the top is not Mesh
        boolean v214 = policy.atLeast(2, 14);
        TargetRefRules.Options toKinds = v214
                ? TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE)
                : TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_MULTI_ZONE_SERVICE);
        List<Object> to = policy.list("to");
        for (int i = 0; i < to.size(); i++) {
            FieldPath path = spec.field("to").index(i);
            Map<String, Object> ref = itemTargetRef(to.get(i));
            err.addAll(path.field("targetRef"), TargetRefRules.validate(ref, toKinds, policy.version()));
            if (!v214 && TargetRefRules.text(ref, "kind").equals(MESH_EXTERNAL_SERVICE) && !policy.topLevelKind().equals(MESH)) {
                err.addViolation(path.field("targetRef.kind"), "kind MeshExternalService is only allowed with targetRef.kind: Mesh as it "
                        + "is configured on the Zone Egress and shared by all clients in the mesh");
            }
            validateDefault(path.field("default"), itemDefault(to.get(i)), err);
        }
    }

    private static void validateDefault(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        durationGreaterThanZeroOrNil(err, path.field("interval"), duration(conf, "interval"));
        durationGreaterThanZeroOrNil(err, path.field("timeout"), duration(conf, "timeout"));
        PolicyValidators.valueGreaterThanZeroOrNil(err, path.field("unhealthyThreshold"), integer(conf, "unhealthyThreshold"));
        PolicyValidators.valueGreaterThanZeroOrNil(err, path.field("healthyThreshold"), integer(conf, "healthyThreshold"));
        durationGreaterThanZeroOrNil(err, path.field("initialJitter"), duration(conf, "initialJitter"));
        durationGreaterThanZeroOrNil(err, path.field("intervalJitter"), duration(conf, "intervalJitter"));
        PolicyValidators.intPercentageOrNil(err, path.field("intervalJitterPercent"), integer(conf, "intervalJitterPercent"));
        PolicyValidators.percentageOrNil(err, path.field("healthyPanicThreshold"), conf.get("healthyPanicThreshold"));
        durationGreaterThanZeroOrNil(err, path.field("noTrafficInterval"), duration(conf, "noTrafficInterval"));
        PolicyValidators.pathOrNil(err, path.field("eventLogPath"), conf.get("eventLogPath"));
        if (present(conf, "http")) {
            Map<String, Object> http = Tree.map(conf.get("http"));
            FieldPath httpPath = path.field("http");
            if (present(http, "path")) {
                PolicyValidators.stringDefined(err, httpPath.field("path"), Tree.string(http.get("path")));
            }
            List<Object> statuses = PolicyValidators.list(http, "expectedStatuses");
            for (int i = 0; i < statuses.size(); i++) {
                if (statuses.get(i) instanceof Number status) {
                    PolicyValidators.statusCode(err, httpPath.field("expectedStatuses").index(i), BigInteger.valueOf(status.longValue()));
                }
            }
        }
        // tcp and grpc have no required fields: one of the three only has to be there
        if (!present(conf, "http") && !present(conf, "tcp") && !present(conf, "grpc")) {
            err.addViolation(path, PolicyValidators.mustHaveAtLeastOne("http", "tcp", "grpc"));
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
        // Kuma meshhealthcheck/api/v1alpha1/deprecated.go, 2.10: the panic threshold belongs to MeshCircuitBreaker
        if (policy.atLeast(2, 10)) {
            List<Object> to = policy.list("to");
            for (int i = 0; i < to.size(); i++) {
                if (present(itemDefault(to.get(i)), "healthyPanicThreshold")) {
                    warnings.add(new AdmissionWarning("spec.to[" + i + "].default.healthyPanicThreshold",
                            "healthyPanicThreshold for 'to[].default' is deprecated. The setting has been moved to MeshCircuitBreaker "
                                    + "policy, please use MeshCircuitBreaker policy instead.",
                            "MeshCircuitBreaker outlierDetection.healthyPanicThreshold", null, DEPRECATED_SOURCE));
                }
            }
        }
    }
}
