package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.CaBackend;
import io.kumaops.operator.api.v1alpha1.CaBackendType;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.GateEvidence;
import io.kumaops.operator.api.v1alpha1.MtlsMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/**
 * Step 3: the CA backends and the enabled one. On Kong Mesh a change of enabled backend on a live Mesh is a CA
 * rotation ({@link MtlsRotation}); open-source Kuma refuses the change while mTLS is on ({@link KumaCaSwitchRefusal}).
 */
final class MtlsStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.MTLS;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        Map<String, Object> observed = c.observedMtls();
        if (!c.mtlsEnabled()) {
            if (observed != null && observed.get("enabledBackend") != null) {
                c.findings.add(new Finding("MtlsDisableRefused", Severity.Warning, "spec.mtls.enabled",
                        "spec.mtls.enabled is false but mesh " + c.mesh + " has mTLS on (backend " + observed.get("enabledBackend")
                                + "); the operator never switches mTLS off under running traffic",
                        "Set spec.mtls.enabled: true, or switch mTLS off by hand after checking no traffic depends on it"));
                return empty(Step.MTLS, "mTLS stays on as observed");
            }
            return empty(Step.MTLS, "spec.mtls.enabled is false");
        }
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
            return empty(Step.MTLS, "on a federated zone mTLS is configured on the global control plane's Mesh");
        }
        boolean defined = c.spec.mtls.backends.stream().anyMatch(b -> b.name.equals(c.spec.mtls.enabledBackend));
        if (!defined) {
            return empty(Step.MTLS, "spec.mtls.enabledBackend names no backend");
        }
        List<Map<String, Object>> backends = new ArrayList<>();
        for (CaBackend backend : c.spec.mtls.backends) {
            backends.add(backend(backend, c.spec.mtls.mode));
        }
        if (c.distribution != Distribution.KongMesh) {
            return singleBackend(c, backends);
        }
        // A change of enabledBackend on a live Mesh is a CA rotation: one phase per pass, each observed.
        MtlsRotation.Decision rotation = MtlsRotation.decide(c.mesh, c.spec.mtls.enabledBackend, backends, observed, c.rotation,
                c.signals.now(), evidence(c));
        String passedBecause = GatePass.reasonFor(c, Step.MTLS);
        if (rotation.hold() != null && rotation.hold().reason().isGateWait() && passedBecause != null) {
            GatePass.record(c, Step.MTLS, passedBecause, rotation.hold().message());
            rotation = MtlsRotation.decide(c.mesh, c.spec.mtls.enabledBackend, backends, observed, c.rotation, c.signals.now(),
                    MtlsRotation.Evidence.passedByHand());
        }
        if (rotation.warning() != null) {
            c.findings.add(rotation.warning());
        }
        c.rotation = rotation.status();
        c.reviewAt(rotation.reviewAt());
        List<String> notes = rotation.status() == null || rotation.status().message == null ? List.of()
                : List.of("CA rotation " + rotation.status().phase + ": " + rotation.status().message);
        if (rotation.blocking() != null) {
            c.findings.add(rotation.blocking());
            return new PlannedStep(Step.MTLS, List.of(), List.of(), List.of(rotation.blocking().message),
                    List.of(rotation.blocking().code), null);
        }
        return new PlannedStep(Step.MTLS, List.of(c.meshResource(Step.MTLS, rotation.mtls())), List.of(), notes, List.of(),
                rotation.hold());
    }

    /** Kuma's word decides the rotation's waits wherever the rollout is gated on it; elsewhere the validity timer. */
    private static MtlsRotation.Evidence evidence(PlanContext c) {
        return c.state.isOffline() || c.spec.rollout.gates == GateEvidence.ApiServerOnly ? MtlsRotation.Evidence.validityTimer()
                : MtlsRotation.Evidence.kuma(c.state.kumaReports());
    }

    /**
     * Open-source Kuma: one backend, and no change of enabledBackend while mTLS is on, so no rotation runs. The
     * backend is written as the profile says; a switch under mTLS is refused here, before the admission gate, with
     * the ways out.
     */
    private static PlannedStep singleBackend(PlanContext c, List<Map<String, Object>> backends) {
        String live = c.state.liveMtlsBackend();
        String wanted = c.spec.mtls.enabledBackend;
        if (live != null && !live.equals(wanted)) {
            Finding refusal = KumaCaSwitchRefusal.finding(c, live, wanted);
            c.findings.add(refusal);
            return new PlannedStep(Step.MTLS, List.of(), List.of(), List.of(refusal.message), List.of(refusal.code), null);
        }
        Map<String, Object> mtls = new LinkedHashMap<>();
        mtls.put("enabledBackend", wanted);
        mtls.put("backends", backends);
        return new PlannedStep(Step.MTLS, List.of(c.meshResource(Step.MTLS, mtls)), List.of(), List.of());
    }

    private static Map<String, Object> backend(CaBackend backend, MtlsMode mode) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", backend.name);
        result.put("type", backend.type == CaBackendType.Builtin ? "builtin" : "provided");
        result.put("mode", mode == MtlsMode.Permissive ? "PERMISSIVE" : "STRICT");
        result.put("dpCert", map("rotation", map("expiration", backend.dpCertValidity)));
        Map<String, Object> conf = new LinkedHashMap<>();
        if (backend.type == CaBackendType.Builtin) {
            Map<String, Object> caCert = new LinkedHashMap<>();
            if (backend.rsaBits != null) {
                caCert.put("RSAbits", backend.rsaBits);
            }
            if (backend.caValidity != null) {
                caCert.put("expiration", backend.caValidity);
            }
            if (!caCert.isEmpty()) {
                conf.put("caCert", caCert);
            }
        } else {
            conf.put("cert", map("secret", backend.certSecretRef.name));
            conf.put("key", map("secret", backend.keySecretRef.name));
        }
        if (!conf.isEmpty()) {
            result.put("conf", conf);
        }
        return result;
    }
}
