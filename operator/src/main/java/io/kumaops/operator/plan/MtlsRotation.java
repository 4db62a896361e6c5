package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.KumaReports;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The two-phase CA rotation of a Mesh, as a pure decision from what is observed, what the profile wants, what the
 * previous status recorded, and the time. A rotation from backend A to B goes:
 * <ol>
 *   <li>AddingBackend: B joins the Mesh's backends while A stays enabled;</li>
 *   <li>Switching: enabledBackend becomes B — only once B is observed <em>and</em> the rotation is recorded in the
 *       status, so a crash can never lose which backend is draining, and, judged by Kuma, once every online data plane
 *       supports B (MeshInsight {@code mTLS.supportedBackends}), so none is cut off from the new CA;</li>
 *   <li>Draining: the switch is observed, {@code switchedAt} recorded; A stays in the Mesh while a data plane holds a
 *       certificate A issued (MeshInsight {@code mTLS.issuedBackends}). A's data-plane certificate validity since the
 *       switch ({@code retireAfter}) is the bound: a data plane still holding one past it is a Warning
 *       ({@value #OLD_CA_CERTIFICATES_OUTSTANDING}), not a reason to retire;</li>
 *   <li>Done: the Mesh converges to the profile's backends (A goes if the profile no longer lists it).</li>
 * </ol>
 * Without Kuma's evidence ({@link Evidence.Mode#VALIDITY_TIMER}) the switch follows the recorded add, and A leaves once
 * {@code retireAfter} has passed.
 * A backend that is enabled on the live Mesh is never removed; a profile that drops it gets the blocking finding
 * {@value #ENABLED_BACKEND_REMOVED} instead.
 */
public final class MtlsRotation {

    public static final String ENABLED_BACKEND_REMOVED = "EnabledBackendRemoved";
    /** Data planes still hold certificates from a backend switched away from, past that backend's certificate validity. */
    public static final String OLD_CA_CERTIFICATES_OUTSTANDING = "OldCaCertificatesOutstanding";
    /** Kuma's own default data-plane certificate lifetime, for a backend whose validity is not written down. */
    static final Duration DEFAULT_DP_CERT_VALIDITY = Duration.ofHours(24);

    private MtlsRotation() {
    }

    /**
     * @param mtls     the Mesh's mtls block to apply, or null when the step must not write (blocked)
     * @param status   the rotation status to record (may be the previous one, or null when none ever ran)
     * @param hold     non-null when this pass applies an intermediate phase
     * @param reviewAt when the decision changes by itself (a drained backend may go), or null
     * @param blocking a finding that makes the mTLS step unsafe, or null
     * @param warning  a finding that does not stop the step ({@value #OLD_CA_CERTIFICATES_OUTSTANDING}), or null
     */
    public record Decision(Map<String, Object> mtls, MtlsRotationStatus status, PlannedStep.Hold hold, Instant reviewAt, Finding blocking,
                           Finding warning) {
        Decision(Map<String, Object> mtls, MtlsRotationStatus status, PlannedStep.Hold hold, Instant reviewAt, Finding blocking) {
            this(mtls, status, hold, reviewAt, blocking, null);
        }
    }

    /**
     * What the rotation's two waits — before the switch, before the old backend goes — are judged by.
     *
     * @param reports Kuma's MeshInsight of the mesh (with the last DataplaneInsight reading), null while Kuma reports
     *                nothing on it; read only in {@link Mode#KUMA}
     */
    public record Evidence(Mode mode, KumaReports reports) {

        public enum Mode {
            /** No evidence (spec.rollout.gates: ApiServerOnly; render and lint): the old backend's validity decides. */
            VALIDITY_TIMER,
            /** Kuma's reports decide; without them every wait waits. */
            KUMA,
            /** The waits were passed by hand (annotation kumaops.io/pass-gate). */
            PASSED_BY_HAND
        }

        public static Evidence validityTimer() {
            return new Evidence(Mode.VALIDITY_TIMER, null);
        }

        public static Evidence kuma(KumaReports reports) {
            return new Evidence(Mode.KUMA, reports);
        }

        public static Evidence passedByHand() {
            return new Evidence(Mode.PASSED_BY_HAND, null);
        }

        /** What the switch to {@code to} waits for, or null when it may go: every online data plane supports it. */
        String switchWait(String to) {
            if (mode != Mode.KUMA) {
                return null;
            }
            if (reports == null) {
                return "Kuma reports nothing on the mesh yet (no MeshInsight), so which data planes support " + to + " is unknown";
            }
            long lagging = reports.dataplanesOnline() - reports.supportingOnline(to);
            return lagging <= 0 ? null : LaggingProxies.sentence(lagging, reports.dataplanesOnline(),
                    "online data planes do not support " + to + " yet", reports, digest -> digest.backend(to).notSupporting());
        }

        /** What the old backends wait for before they may go, or null when no data plane holds a certificate from them. */
        String drainWait(Set<String> backends) {
            if (mode != Mode.KUMA) {
                return null;
            }
            if (reports == null) {
                return "Kuma reports nothing on the mesh yet (no MeshInsight), so which data planes hold certificates from "
                        + String.join(",", backends) + " is unknown";
            }
            List<String> holding = new ArrayList<>();
            for (String backend : backends) {
                long holders = reports.holdingCertificatesFrom(backend);
                if (holders > 0) {
                    holding.add(LaggingProxies.sentence(holders, reports.dataplanesTotal(), "data planes still hold certificates from "
                            + backend, reports, digest -> digest.backend(backend).holding()));
                }
            }
            return holding.isEmpty() ? null : String.join("; ", holding);
        }
    }

    /**
     * @param specBackends the profile's backends rendered as Mesh backend entries, in profile order
     * @param observedMtls the live Mesh's mtls block, or null when the Mesh has none (or does not exist)
     * @param previous     status.mtlsRotation from the profile's previous status, or null
     */
    public static Decision decide(String mesh, String desiredBackend, List<Map<String, Object>> specBackends,
                                  Map<String, Object> observedMtls, MtlsRotationStatus previous, Instant now) {
        return decide(mesh, desiredBackend, specBackends, observedMtls, previous, now, Evidence.validityTimer());
    }

    /** @param evidence what the switch and the retirement of the old backend wait for */
    public static Decision decide(String mesh, String desiredBackend, List<Map<String, Object>> specBackends,
                                  Map<String, Object> observedMtls, MtlsRotationStatus previous, Instant now, Evidence evidence) {
        String enabled = observedMtls == null || !(observedMtls.get("enabledBackend") instanceof String s) || s.isBlank() ? null : s;
        List<Map<String, Object>> observedBackends = backends(observedMtls);
        Set<String> specNames = names(specBackends);
        Map<String, Object> desired = mtls(desiredBackend, specBackends);

        if (enabled == null) {
            // mTLS is switched on for the first time: no certificate was issued yet, so there is nothing to drain.
            return new Decision(desired, finishedOnly(previous), null, null, null);
        }
        if (!specNames.contains(enabled)) {
            return new Decision(null, previous, null, null, enabledBackendRemoved(mesh, enabled, desiredBackend));
        }
        Set<String> stillDraining = drainingBackends(previous, enabled, now, evidence);
        if (!enabled.equals(desiredBackend)) {
            return rotate(mesh, enabled, desiredBackend, specBackends, observedBackends, previous, stillDraining, evidence);
        }
        return settle(mesh, desiredBackend, specBackends, observedBackends, previous, now, desired, evidence);
    }

    /** The live Mesh enables another backend than the profile: add, record, switch. */
    private static Decision rotate(String mesh, String from, String to, List<Map<String, Object>> specBackends,
                                   List<Map<String, Object>> observedBackends, MtlsRotationStatus previous,
                                   Set<String> stillDraining, Evidence evidence) {
        List<Map<String, Object>> withDraining = retained(specBackends, observedBackends, stillDraining);
        if (!stillDraining.isEmpty() && !stillDraining.contains(to)) {
            // One rotation at a time: certificates from the last backend switched away from are still live.
            MtlsRotationStatus status = copy(previous);
            boolean timed = evidence.mode() == Evidence.Mode.VALIDITY_TIMER;
            status.message = "rotation from " + from + " to " + to + " waits until " + previous.fromBackend
                    + (timed ? " retires at " + previous.retireAfter : " is drained (" + evidence.drainWait(stillDraining) + ")")
                    + "; " + to + " is added to the mesh meanwhile";
            return new Decision(mtls(from, withDraining), status, null, timed ? io.kumaops.operator.model.Timestamps.parse(previous.retireAfter) : null, null);
        }
        if (!names(observedBackends).contains(to)) {
            MtlsRotationStatus status = rotation(MtlsRotationStatus.ADDING_BACKEND, from, to,
                    "backend " + to + " is added to mesh " + mesh + " while " + from + " stays enabled; the switch follows once it is observed");
            return new Decision(mtls(from, withDraining), status,
                    new PlannedStep.Hold(io.kumaops.operator.model.ConditionReason.MtlsRotationAddingBackend, "CA rotation: adding backend " + to + " to mesh " + mesh
                            + " next to the enabled " + from + "; the switch follows once it is observed"), null, null);
        }
        boolean recorded = previous != null && from.equals(previous.fromBackend) && to.equals(previous.toBackend)
                && (MtlsRotationStatus.ADDING_BACKEND.equals(previous.phase) || MtlsRotationStatus.SWITCHING.equals(previous.phase));
        MtlsRotationStatus status = rotation(MtlsRotationStatus.SWITCHING, from, to,
                "enabledBackend of mesh " + mesh + " switches from " + from + " to " + to + "; " + from + " stays in the mesh");
        if (!recorded) {
            // The status is the rotation's write-ahead log: record it before the switch, write nothing else yet.
            return new Decision(mtls(from, withDraining), status, new PlannedStep.Hold(io.kumaops.operator.model.ConditionReason.MtlsRotationRecording,
                    "CA rotation from " + from + " to " + to + " is recorded in status before enabledBackend switches"), null, null);
        }
        String unsupported = evidence.switchWait(to);
        if (unsupported != null) {
            // A data plane that does not trust the new CA yet would refuse every peer certificate it issues.
            String message = "CA rotation: enabledBackend of mesh " + mesh + " switches from " + from + " to " + to
                    + " once every online data plane supports " + to + ": " + unsupported;
            status.message = message;
            return new Decision(mtls(from, withDraining), status, new PlannedStep.Hold(
                    io.kumaops.operator.model.ConditionReason.WaitingForCaSupport, message), null, null);
        }
        return new Decision(mtls(to, withDraining), status, new PlannedStep.Hold(io.kumaops.operator.model.ConditionReason.MtlsRotationSwitching,
                "CA rotation: enabledBackend of mesh " + mesh + " switches from " + from + " to " + to
                        + "; " + from + " drains once the switch is observed"), null, null);
    }

    /** The live Mesh enables the profile's backend: drain what was switched away from, then converge. */
    private static Decision settle(String mesh, String enabled, List<Map<String, Object>> specBackends,
                                   List<Map<String, Object>> observedBackends, MtlsRotationStatus previous, Instant now,
                                   Map<String, Object> desired, Evidence evidence) {
        if (previous != null && enabled.equals(previous.toBackend) && previous.fromBackend != null) {
            Set<String> from = fromBackends(previous);
            from.remove(enabled);
            switch (previous.phase == null ? "" : previous.phase) {
                case MtlsRotationStatus.ADDING_BACKEND, MtlsRotationStatus.SWITCHING -> {
                    // The switch is observed now: from here on only the old backend's live certificates need it.
                    Instant retireAfter = now.plus(validity(from, specBackends, observedBackends));
                    MtlsRotationStatus status = rotation(MtlsRotationStatus.DRAINING, previous.fromBackend, enabled, null);
                    status.switchedAt = format(now);
                    status.retireAfter = format(retireAfter);
                    if (evidence.mode() != Evidence.Mode.VALIDITY_TIMER) {
                        // Retired at the earliest by the next pass, which reads what Kuma reports after the switch.
                        return draining(mesh, enabled, specBackends, observedBackends, status, from, evidence, now);
                    }
                    status.message = drainingMessage(mesh, previous.fromBackend, status.retireAfter);
                    return new Decision(mtls(enabled, retained(specBackends, observedBackends, from)), status, null, retireAfter, null);
                }
                case MtlsRotationStatus.DRAINING -> {
                    boolean timed = evidence.mode() == Evidence.Mode.VALIDITY_TIMER;
                    if (!timed && evidence.drainWait(from) != null) {
                        return draining(mesh, enabled, specBackends, observedBackends, copy(previous), from, evidence, now);
                    }
                    Instant retireAfter = io.kumaops.operator.model.Timestamps.parse(previous.retireAfter);
                    if (timed && (retireAfter == null || now.isBefore(retireAfter))) {
                        MtlsRotationStatus status = copy(previous);
                        if (retireAfter == null) {
                            // A lost or garbled time restarts the wait rather than retiring early.
                            retireAfter = now.plus(validity(from, specBackends, observedBackends));
                            status.retireAfter = format(retireAfter);
                        }
                        status.message = drainingMessage(mesh, previous.fromBackend, status.retireAfter);
                        return new Decision(mtls(enabled, retained(specBackends, observedBackends, from)), status, null, retireAfter, null);
                    }
                    MtlsRotationStatus status = copy(previous);
                    status.phase = MtlsRotationStatus.DONE;
                    Set<String> kept = new LinkedHashSet<>(from);
                    kept.retainAll(names(specBackends));
                    status.message = kept.isEmpty()
                            ? "backend " + previous.fromBackend + " is retired from mesh " + mesh + "; " + enabled + " is enabled"
                            : "rotation to " + enabled + " is complete; " + String.join(",", kept) + " stays in mesh " + mesh
                                    + " because the profile lists it, and may be removed from the profile now";
                    return new Decision(desired, status, null, null, null);
                }
                default -> {
                    return new Decision(desired, previous, null, null, null);
                }
            }
        }
        Set<String> unknown = new LinkedHashSet<>(names(observedBackends));
        unknown.removeAll(names(specBackends));
        unknown.remove(enabled);
        if (previous == null && !unknown.isEmpty()) {
            // No status (a new profile, or the status was lost): when these backends last issued certificates is
            // unknown, so they are treated as switched away from just now.
            Instant retireAfter = now.plus(validity(unknown, specBackends, observedBackends));
            MtlsRotationStatus status = rotation(MtlsRotationStatus.DRAINING, String.join(",", unknown), enabled, null);
            status.retireAfter = format(retireAfter);
            if (evidence.mode() != Evidence.Mode.VALIDITY_TIMER) {
                return draining(mesh, enabled, specBackends, observedBackends, status, unknown, evidence, now);
            }
            status.message = drainingMessage(mesh, status.fromBackend, status.retireAfter)
                    + " (the profile does not list them and when they were last enabled is unknown)";
            return new Decision(mtls(enabled, retained(specBackends, observedBackends, unknown)), status, null, retireAfter, null);
        }
        if (previous != null && !MtlsRotationStatus.DONE.equals(previous.phase) && !enabled.equals(previous.toBackend)) {
            MtlsRotationStatus status = copy(previous);
            status.phase = MtlsRotationStatus.DONE;
            status.message = "rotation to " + previous.toBackend + " was cancelled before the switch; " + enabled + " stays enabled";
            return new Decision(desired, status, null, null, null);
        }
        return new Decision(desired, previous, null, null, null);
    }

    /**
     * Judged by Kuma: the backends switched away from stay in the Mesh while a data plane holds a certificate from them.
     * The wait holds the step only when one of them is about to leave the Mesh (the profile no longer lists it); past
     * their certificate validity it also warns.
     */
    private static Decision draining(String mesh, String enabled, List<Map<String, Object>> specBackends,
                                     List<Map<String, Object>> observedBackends, MtlsRotationStatus status, Set<String> from,
                                     Evidence evidence, Instant now) {
        Instant retireAfter = io.kumaops.operator.model.Timestamps.parse(status.retireAfter);
        if (retireAfter == null) {
            // A lost or garbled bound starts again from now rather than warning at once.
            retireAfter = now.plus(validity(from, specBackends, observedBackends));
            status.retireAfter = format(retireAfter);
        }
        String holding = evidence.drainWait(from);
        String backends = String.join(",", from);
        Map<String, Object> mtls = mtls(enabled, retained(specBackends, observedBackends, from));
        if (holding == null) {
            status.message = "no data plane holds a certificate from " + backends + " any more; it is retired from mesh " + mesh
                    + " at the next pass";
            return new Decision(mtls, status, null, null, null);
        }
        status.message = "backend " + backends + " stays in mesh " + mesh + " until no data plane holds a certificate it issued: "
                + holding + "; those certificates are valid until " + status.retireAfter + " at the latest";
        Set<String> leaving = new LinkedHashSet<>(from);
        leaving.removeAll(names(specBackends));
        PlannedStep.Hold hold = leaving.isEmpty() ? null
                : new PlannedStep.Hold(io.kumaops.operator.model.ConditionReason.WaitingForCaDrain, "CA rotation: " + status.message);
        Finding outstanding = now.isBefore(retireAfter) ? null : outstanding(mesh, backends, status.retireAfter, holding);
        return new Decision(mtls, status, hold, now.isBefore(retireAfter) ? retireAfter : null, null, outstanding);
    }

    private static Finding outstanding(String mesh, String backends, String retireAfter, String holding) {
        Finding finding = new Finding(OLD_CA_CERTIFICATES_OUTSTANDING, Severity.Warning, "spec.mtls.enabledBackend",
                "data planes of mesh " + mesh + " still hold certificates from " + backends + " after its data-plane certificate"
                        + " validity since the switch (" + retireAfter + "): " + holding + "; such a certificate has expired unless"
                        + " it was renewed, so these data planes are not taking their configuration from Kuma's control plane",
                "check the named data planes (kubectl get dataplaneinsight -n <namespace> <name> -o yaml: subscriptions and"
                        + " mTLS.issuedBackend) and restart them; " + backends + " leaves the mesh once none holds its certificate,"
                        + " or pass the gate by hand with the annotation " + io.kumaops.operator.model.Labels.PASS_GATE
                        + ": \"" + io.kumaops.operator.model.Step.MTLS.id() + ": <reason>\"");
        finding.source = FindingSource.Cluster;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(OLD_CA_CERTIFICATES_OUTSTANDING);
        finding.suppressed = false;
        return finding;
    }

    private static String drainingMessage(String mesh, String from, String retireAfter) {
        return "backend " + from + " stays in mesh " + mesh + " until " + retireAfter
                + ", when the data-plane certificates it issued have expired";
    }

    /** Backends of a rotation still draining at {@code now} (their certificates may be live), or none. */
    private static Set<String> drainingBackends(MtlsRotationStatus previous, String enabled, Instant now, Evidence evidence) {
        if (previous == null || !MtlsRotationStatus.DRAINING.equals(previous.phase) || !enabled.equals(previous.toBackend)) {
            return Set.of();
        }
        Set<String> from = fromBackends(previous);
        from.remove(enabled);
        if (evidence.mode() != Evidence.Mode.VALIDITY_TIMER) {
            return evidence.drainWait(from) == null ? Set.of() : from;
        }
        Instant retireAfter = io.kumaops.operator.model.Timestamps.parse(previous.retireAfter);
        if (retireAfter != null && !now.isBefore(retireAfter)) {
            return Set.of();
        }
        return from;
    }

    private static Set<String> fromBackends(MtlsRotationStatus status) {
        Set<String> names = new LinkedHashSet<>();
        if (status != null && status.fromBackend != null) {
            Arrays.stream(status.fromBackend.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        return names;
    }

    /** The longest data-plane certificate validity among the backends: the profile's value, else the live Mesh's. */
    private static Duration validity(Set<String> backends, List<Map<String, Object>> specBackends, List<Map<String, Object>> observedBackends) {
        Duration longest = Duration.ZERO;
        for (String name : backends) {
            Map<String, Object> entry = find(specBackends, name);
            if (entry == null) {
                entry = find(observedBackends, name);
            }
            Object expiration = entry == null ? null : path(entry, "dpCert", "rotation", "expiration");
            // Mesh certificate lifetimes are Kuma durations ("30d"), not Go ones (Kuma mesh_helpers.go ParseDuration).
            Duration validity = expiration == null ? DEFAULT_DP_CERT_VALIDITY
                    : io.kumaops.operator.admission.KumaDurations.tryParse(String.valueOf(expiration)).orElse(DEFAULT_DP_CERT_VALIDITY);
            if (validity.compareTo(longest) > 0) {
                longest = validity;
            }
        }
        return longest.isZero() ? DEFAULT_DP_CERT_VALIDITY : longest;
    }

    private static Finding enabledBackendRemoved(String mesh, String enabled, String desired) {
        Finding finding = new Finding(ENABLED_BACKEND_REMOVED, Severity.Error, "spec.mtls.backends",
                "backend " + enabled + " is enabled on the live mesh " + mesh + " but spec.mtls.backends no longer lists it;"
                        + " removing it would cut every data plane off the CA that issued its certificate",
                "keep " + enabled + " in spec.mtls.backends until a rotation to " + desired
                        + " is Done (status.mtlsRotation.phase), then remove it");
        finding.source = FindingSource.Cluster;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(ENABLED_BACKEND_REMOVED);
        finding.suppressed = false;
        return finding;
    }

    /** The profile's backends, then the live entries of backends that must stay although the profile dropped them. */
    private static List<Map<String, Object>> retained(List<Map<String, Object>> specBackends, List<Map<String, Object>> observedBackends,
                                                      Set<String> keep) {
        List<Map<String, Object>> result = new ArrayList<>(specBackends);
        Set<String> listed = names(specBackends);
        for (Map<String, Object> entry : observedBackends) {
            Object name = entry.get("name");
            if (name instanceof String n && keep.contains(n) && !listed.contains(n)) {
                result.add(entry);
            }
        }
        return result;
    }

    private static Map<String, Object> mtls(String enabledBackend, List<Map<String, Object>> backends) {
        Map<String, Object> mtls = new LinkedHashMap<>();
        mtls.put("enabledBackend", enabledBackend);
        mtls.put("backends", new ArrayList<>(backends));
        return mtls;
    }

    private static MtlsRotationStatus rotation(String phase, String from, String to, String message) {
        MtlsRotationStatus status = new MtlsRotationStatus();
        status.phase = phase;
        status.fromBackend = from;
        status.toBackend = to;
        status.message = message;
        return status;
    }

    private static MtlsRotationStatus copy(MtlsRotationStatus previous) {
        MtlsRotationStatus status = new MtlsRotationStatus();
        status.phase = previous.phase;
        status.fromBackend = previous.fromBackend;
        status.toBackend = previous.toBackend;
        status.switchedAt = previous.switchedAt;
        status.retireAfter = previous.retireAfter;
        status.message = previous.message;
        return status;
    }

    /** A finished rotation stays visible; an unfinished one means nothing once mTLS was (re)enabled from scratch. */
    private static MtlsRotationStatus finishedOnly(MtlsRotationStatus previous) {
        return previous != null && MtlsRotationStatus.DONE.equals(previous.phase) ? previous : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> backends(Map<String, Object> mtls) {
        if (mtls == null || !(mtls.get("backends") instanceof List<?> list)) {
            return List.of();
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> map) {
                result.add((Map<String, Object>) map);
            }
        }
        return result;
    }

    static Set<String> names(List<Map<String, Object>> backends) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> entry : backends) {
            if (entry.get("name") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    private static Map<String, Object> find(List<Map<String, Object>> backends, String name) {
        return backends.stream().filter(b -> Objects.equals(b.get("name"), name)).findFirst().orElse(null);
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }


    /** True when the Mesh's backend names differ: the object matcher compares named lists as subsets, so a removed backend would look in place. */
    public static boolean backendNamesDiffer(Map<String, Object> desiredMesh, Map<String, Object> observedMesh) {
        Object desiredMtls = path(desiredMesh, "spec", "mtls");
        if (!(desiredMtls instanceof Map<?, ?>)) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Set<String> desired = names(backends((Map<String, Object>) desiredMtls));
        Object observedMtls = observedMesh == null ? null : path(observedMesh, "spec", "mtls");
        @SuppressWarnings("unchecked")
        Set<String> observed = observedMtls instanceof Map<?, ?> m ? names(backends((Map<String, Object>) m)) : Set.of();
        return !desired.equals(observed);
    }
}
