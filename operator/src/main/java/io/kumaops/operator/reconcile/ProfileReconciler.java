package io.kumaops.operator.reconcile;

import io.kumaops.operator.model.RolloutProgress;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kumaops.operator.api.v1alpha1.DeletionPolicy;
import io.kumaops.operator.api.v1alpha1.Enforcement;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.observe.ClusterObserver;
import io.kumaops.operator.observe.DataplaneChurnEventSource;
import io.kumaops.operator.observe.KumaObjects;
import io.kumaops.operator.observe.ObservedDeploymentsEventSource;
import io.kumaops.operator.plan.ClusterState;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.plan.RolloutSignals;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.FindingResult;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.status.StatusAggregator;
import io.kumaops.operator.validate.ProfileValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one profile: validate → observe → find → plan → roll out step by step → status. The data path
 * goes one way: the API types feed the pure planner and rules, whose output the executor applies, and the
 * status is aggregated from what happened. Nothing already running is torn down when the spec is invalid.
 */
@ControllerConfiguration(name = ProfileReconciler.NAME)
public final class ProfileReconciler implements Reconciler<KumaProductionProfile>, Cleaner<KumaProductionProfile> {

    public static final String NAME = "kumaproductionprofile";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileReconciler.class);
    /** Kuma kinds the operator may own besides the Mesh; pruned when a profile no longer wants them. */
    private static final List<String> PRUNABLE_KINDS = List.of(
            "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker", "ContainerPatch", "Zone");
    /** Kubernetes kinds the plan may emit, each with the API versions to list it by, newest first. */
    private static final Map<String, List<String>> PRUNABLE_KUBERNETES_KINDS = Map.of(
            "PodDisruptionBudget", List.of("policy/v1", "policy/v1beta1"),
            "HorizontalPodAutoscaler", List.of("autoscaling/v2", "autoscaling/v2beta2", "autoscaling/v1"),
            "NetworkPolicy", List.of("networking.k8s.io/v1"),
            "ValidatingAdmissionPolicy", List.of("admissionregistration.k8s.io/v1"),
            "ValidatingAdmissionPolicyBinding", List.of("admissionregistration.k8s.io/v1"));

    /** Tunables; the defaults suit production, tests shorten them. */
    /**
     * @param stepSettle pause between a step that needed writes and the next step; zero continues at once
     */
    public record Settings(Duration waitingRequeue, Duration failedRequeue, Duration kumaMissingRequeue, Duration resync,
                           Duration stepSettle) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        }

        public Settings withResync(Duration newResync) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, newResync, stepSettle);
        }

        public Settings withStepSettle(Duration settle) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, resync, settle);
        }

        public Settings withRequeues(Duration waiting, Duration failed, Duration kumaMissing) {
            return new Settings(waiting, failed, kumaMissing, resync, stepSettle);
        }
    }

    private final KubeAccess kube;
    private final ClusterObserver observer;
    private final FindingEngine engine = FindingEngine.standard();
    private final Planner planner = new Planner();
    private final RolloutExecutor executor;
    private final RolloutObservations rollouts;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Settings settings;
    private final Clock clock;
    private final AtomicBoolean informersRegistered = new AtomicBoolean();
    private final OwnedObjectExpectations expectations = new OwnedObjectExpectations();
    /** Per profile, the generation whose unwanted PDBs, HPAs, NetworkPolicies and fences were last pruned. */
    private final Map<String, Long> prunedGeneration = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per profile, when the next step may start after a step that needed writes. */
    private final Map<String, java.time.Instant> settleUntil = new java.util.concurrent.ConcurrentHashMap<>();

    private final Set<String> watchNamespaces;

    /** @param watchNamespaces namespaces whose owned Kuma objects are watched for drift; empty means all */
    public ProfileReconciler(KubeAccess kube, OperatorMetrics metrics, RolloutHooks hooks, Settings settings, Clock clock,
                             Set<String> watchNamespaces) {
        this.watchNamespaces = Set.copyOf(watchNamespaces);
        this.kube = kube;
        this.observer = new ClusterObserver(kube.client());
        this.events = new EventRecorder(kube.client());
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.executor = new RolloutExecutor(kube, new CountingHooks(hooks, metrics), !settings.stepSettle().isZero());
        this.rollouts = new RolloutObservations(kube);
    }

    @Override
    public UpdateControl<KumaProductionProfile> reconcile(KumaProductionProfile profile, Context<KumaProductionProfile> context) {
        String name = profile.getMetadata().getName();
        Duration settling = settlingLeft(name);
        if (!settling.isZero()) {
            // Events from the objects just written must not cut the settle time short.
            return UpdateControl.<KumaProductionProfile>noUpdate().rescheduleAfter(settling);
        }
        profile.withDefaultedSpec();
        refreshStatus(profile);
        List<String> problems = ProfileValidator.validate(profile);
        if (!problems.isEmpty()) {
            LOG.warn("profile {}: invalid spec, nothing changed: {}", name, problems);
            return finish(profile, inputs(profile, problems, null, null, null, null, null), null, "invalid");
        }
        boolean kumaInstalled = observer.kumaInstalled();
        if (!kumaInstalled) {
            return finish(profile, inputs(profile, null, false, null, null, null, null), settings.kumaMissingRequeue(), "kuma-missing");
        }
        registerInformers(context);
        KumaObjects objects = observer.kumaObjects(profile);
        ClusterObservation observation = observer.observe(profile, true, objects);
        ClusterState state = rollouts.complete(observer.state(profile, observation, objects), profile, objects);
        FindingResult findings = engine.evaluate(new RuleContext(profile, Optional.of(observation)));
        Plan plan = planner.plan(profile, state, signals(findings));
        RolloutProgress progress;
        if (profile.getSpec().enforcement == Enforcement.Audit) {
            progress = new RolloutProgress(List.of(), null, Outcome.Audit, "AuditOnly", "enforcement Audit: nothing is applied", List.of(), 0);
        } else {
            expectations.passStarting(name, plan);
            try {
                progress = executor.run(profile, plan, findings);
                if (progress.outcome() == Outcome.Done) {
                    prune(profile, plan, objects, state);
                }
            } finally {
                expectations.passEnded(name);
            }
        }
        // The status tells the Mesh as the pass left it, so the echo of its own writes needs no second pass.
        ClusterState after = progress.meshAfterPass() != null && progress.meshAfterPass().get("spec") instanceof Map<?, ?> spec
                ? state.withMeshSpec(asStringKeyed(spec)) : state;
        StatusAggregator.Inputs inputs = new StatusAggregator.Inputs(profile, null, true, findings, plan.findings(), progress,
                observation, after, clock.instant(), plan.tracking());
        if ("StepSettling".equals(progress.reason())) {
            settleUntil.put(name, clock.instant().plus(settings.stepSettle()));
        }
        Duration requeue = switch (progress.outcome()) {
            case Waiting -> "StepSettling".equals(progress.reason()) ? settings.stepSettle() : settings.waitingRequeue();
            case Failed -> settings.failedRequeue();
            default -> settings.resync();
        };
        // Wake up when a drained CA backend may go or a canary is due, whatever else happens meanwhile.
        requeue = plan.tracking().requeueWithin(requeue, clock.instant(), settings.waitingRequeue());
        return finish(profile, inputs, requeue, progress.outcome().name().toLowerCase());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** The time and the open Error findings, which the CA rotation and the policy canary depend on. */
    private RolloutSignals signals(FindingResult findings) {
        List<String> errors = findings == null ? List.of() : findings.active().stream()
                .filter(f -> f.severity == io.kumaops.operator.api.v1alpha1.Severity.Error).map(f -> f.code).distinct().toList();
        return new RolloutSignals(clock.instant(), errors);
    }

    private UpdateControl<KumaProductionProfile> finish(KumaProductionProfile profile, StatusAggregator.Inputs inputs, Duration requeue, String result) {
        KumaProductionProfileStatus status = StatusAggregator.build(inputs);
        announceTransitions(profile, profile.getStatus(), status);
        metrics.status(profile.getMetadata().getName(), status);
        metrics.reconciled(result);
        UpdateControl<KumaProductionProfile> control = sameStatus(profile.getStatus(), status)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(forStatusPatch(profile, status));
        return requeue == null ? control : control.rescheduleAfter(requeue);
    }

    private Duration settlingLeft(String profile) {
        java.time.Instant until = settleUntil.get(profile);
        if (until == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            settleUntil.remove(profile);
            return Duration.ZERO;
        }
        return left;
    }

    private StatusAggregator.Inputs inputs(KumaProductionProfile profile, List<String> problems, Boolean kuma, FindingResult findings,
                                                  List<Finding> planFindings, RolloutProgress progress, ClusterObservation observation) {
        return new StatusAggregator.Inputs(profile, problems, kuma, findings, planFindings, progress, observation, null, clock.instant());
    }

    /**
     * The informer cache may not show the status this operator wrote a moment ago (JOSDK before 5.3 does not
     * read its own writes); comparing against a stale status would rewrite it and reset transition times. One
     * read of the live status avoids both.
     */
    private void refreshStatus(KumaProductionProfile profile) {
        try {
            KumaProductionProfile live = kube.client().resources(KumaProductionProfile.class).withName(profile.getMetadata().getName()).get();
            if (live != null) {
                profile.setStatus(live.getStatus());
            }
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read the live status of {}: {}", profile.getMetadata().getName(), e.getMessage());
        }
    }

    /** Only name and status: a status apply must not claim anything else. */
    private static KumaProductionProfile forStatusPatch(KumaProductionProfile profile, KumaProductionProfileStatus status) {
        KumaProductionProfile patch = new KumaProductionProfile();
        patch.setMetadata(new ObjectMetaBuilder().withName(profile.getMetadata().getName()).build());
        patch.setSpec(null);
        patch.setStatus(status);
        return patch;
    }

    static boolean sameStatus(KumaProductionProfileStatus before, KumaProductionProfileStatus after) {
        if (before == null) {
            return false;
        }
        JsonNode a = Serialization.jsonMapper().valueToTree(before);
        JsonNode b = Serialization.jsonMapper().valueToTree(after);
        return a.equals(b);
    }

    /** Events on transitions only: a new phase, a step newly in place, a finding code newly open. */
    private void announceTransitions(KumaProductionProfile profile, KumaProductionProfileStatus before, KumaProductionProfileStatus after) {
        Phase oldPhase = before == null ? null : before.phase;
        Set<String> oldSteps = before == null ? Set.of() : new HashSet<>(before.completedSteps);
        List<String> newSteps = after.completedSteps.stream().filter(step -> !oldSteps.contains(step)).toList();
        // One event per pass: a fresh profile completes every step within milliseconds, and seven events saying so
        // would only crowd `kubectl describe`; steps that complete pass by pass still get one event each.
        if (newSteps.size() == 1) {
            events.normal(profile, "StepCompleted", "step " + newSteps.get(0) + " is in place");
        } else if (!newSteps.isEmpty()) {
            events.normal(profile, "StepCompleted", "steps " + String.join(", ", newSteps) + " are in place");
        }
        Set<String> oldCodes = before == null ? Set.of() : codes(before);
        for (Finding finding : after.findings) {
            if (!finding.isSuppressed() && !oldCodes.contains(finding.code)) {
                events.warning(profile, "Finding" + finding.code, finding.severity + " " + finding.path + ": " + finding.message);
            }
        }
        if (!Objects.equals(oldPhase, after.phase)) {
            String message = after.conditions.stream().filter(c -> c.getType().equals(StatusAggregator.READY)).findFirst()
                    .map(c -> c.getReason() + ": " + c.getMessage()).orElse("");
            if (after.phase == Phase.Degraded || after.phase == Phase.Blocked) {
                events.warning(profile, "Phase" + after.phase, message);
            } else {
                events.normal(profile, "Phase" + after.phase, message);
            }
        }
    }

    private static Set<String> codes(KumaProductionProfileStatus status) {
        Set<String> codes = new HashSet<>();
        status.findings.stream().filter(f -> !f.isSuppressed()).forEach(f -> codes.add(f.code));
        return codes;
    }

    /**
     * Deletes objects this profile owns that its plan no longer wants (the Mesh and Deployments are never pruned).
     * Kuma kinds come from the pass's listing from before the rollout: what the rollout created is wanted, and what
     * its steps deleted is skipped here. PDBs, HPAs, NetworkPolicies and zone fences only become unwanted when the
     * spec changes, so they are listed once per generation, not on every pass.
     */
    private void prune(KumaProductionProfile profile, Plan plan, KumaObjects objects, ClusterState state) {
        String name = profile.getMetadata().getName();
        Set<String> handled = new HashSet<>();
        plan.resources().forEach(r -> handled.add(r.ref().objectKey()));
        plan.steps().forEach(step -> step.delete().forEach(ref -> handled.add(ref.objectKey())));
        for (String kind : PRUNABLE_KINDS) {
            try {
                deleteUnwanted(name, Planner.KUMA_API, kind, objects.ownedBy(kind, name), handled);
            } catch (KubernetesClientException e) {
                LOG.debug("cannot list {} to prune: {}", kind, e.getMessage());
            }
        }
        Long generation = profile.getMetadata().getGeneration();
        if (generation != null && generation.equals(prunedGeneration.get(name))) {
            return;
        }
        boolean listedAll = true;
        for (Map.Entry<String, List<String>> kind : PRUNABLE_KUBERNETES_KINDS.entrySet()) {
            boolean fence = kind.getKey().startsWith("ValidatingAdmissionPolicy");
            Optional<String> apiVersion = kind.getValue().stream()
                    .filter(version -> fence ? state.servesResource(version, io.kumaops.operator.plan.ZonePolicyFence.RESOURCE) : state.serves(version))
                    .findFirst();
            if (apiVersion.isEmpty()) {
                continue; // not served: nothing of the kind can exist
            }
            try {
                deleteUnwanted(name, apiVersion.get(), kind.getKey(), kube.listOwned(apiVersion.get(), kind.getKey(), name), handled);
            } catch (KubernetesClientException e) {
                // 403: the chart does not grant this kind (e.g. zoneGovernance off), so the operator cannot have written it.
                listedAll &= e.getCode() == 403 || e.getCode() == 404;
                LOG.debug("cannot list {} to prune: {}", kind.getKey(), e.getMessage());
            }
        }
        if (listedAll && generation != null) {
            prunedGeneration.put(name, generation);
        }
    }

    private void deleteUnwanted(String profile, String apiVersion, String kind, List<GenericKubernetesResource> owned, Set<String> handled) {
        for (GenericKubernetesResource object : owned) {
            ResourceRef ref = new ResourceRef(apiVersion, kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
            if (!handled.contains(ref.objectKey())) {
                LOG.info("profile {}: pruning {} which the profile no longer wants", profile, ref);
                kube.delete(ref);
                metrics.write("delete");
            }
        }
    }

    @Override
    public DeleteControl cleanup(KumaProductionProfile profile, Context<KumaProductionProfile> context) {
        String name = profile.getMetadata().getName();
        profile.withDefaultedSpec();
        metrics.status(name, null);
        expectations.forget(name);
        prunedGeneration.remove(name);
        if (profile.getSpec().enforcement == Enforcement.Audit || !observer.kumaInstalled()) {
            return DeleteControl.defaultDelete();
        }
        KumaObjects objects = observer.kumaObjects(profile);
        ClusterObservation observation = observer.observe(profile, true, objects);
        Plan plan = planner.plan(profile, rollouts.complete(observer.state(profile, observation, objects), profile, objects), signals(null));
        List<ResourceRef> reverse = reverseOrder(plan);
        if (profile.getSpec().deletionPolicy == DeletionPolicy.Orphan) {
            for (ResourceRef ref : reverse) {
                try {
                    kube.removeOwnershipMarks(ref);
                } catch (KubernetesClientException e) {
                    LOG.warn("profile {}: could not release {}: {}", name, ref, e.getMessage());
                }
            }
            for (DesiredResource patchOnly : plan.resources().stream().filter(DesiredResource::patchOnly).toList()) {
                kube.removeOwnershipMarks(patchOnly.ref(), false);
            }
            events.normal(profile, "Orphaned", "profile deleted; " + reverse.size() + " objects left in place without the operator's marks");
            return DeleteControl.defaultDelete();
        }
        for (ResourceRef ref : reverse) {
            if (kube.get(ref).isPresent()) {
                kube.delete(ref);
                metrics.write("delete");
                LOG.info("profile {}: deletionPolicy Delete removed {}", name, ref);
                if (kube.get(ref).isPresent()) {
                    return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.waitingRequeue());
                }
            }
        }
        // The control-plane Deployment is never deleted; it only loses the operator's marks.
        for (DesiredResource patchOnly : plan.resources().stream().filter(DesiredResource::patchOnly).toList()) {
            kube.removeOwnershipMarks(patchOnly.ref(), false);
        }
        return DeleteControl.defaultDelete();
    }

    /** Every object the profile created, latest step first, each once; the control-plane Deployment is never included. */
    private static List<ResourceRef> reverseOrder(Plan plan) {
        LinkedHashSet<ResourceRef> refs = new LinkedHashSet<>();
        List<PlannedStep> steps = new ArrayList<>(plan.steps());
        java.util.Collections.reverse(steps);
        for (PlannedStep step : steps) {
            List<DesiredResource> apply = new ArrayList<>(step.apply());
            java.util.Collections.reverse(apply);
            apply.stream().filter(r -> !r.patchOnly()).forEach(r -> refs.add(r.ref()));
        }
        return new ArrayList<>(refs);
    }

    @Override
    public ErrorStatusUpdateControl<KumaProductionProfile> updateErrorStatus(KumaProductionProfile profile, Context<KumaProductionProfile> context, Exception e) {
        LOG.warn("profile {}: reconcile failed: {}", profile.getMetadata().getName(), e.getMessage());
        profile.withDefaultedSpec();
        refreshStatus(profile);
        metrics.reconciled("error");
        RolloutProgress failed = new RolloutProgress(List.of(), null, Outcome.Failed, "ReconcileError",
                "reconcile failed, retrying: " + e.getMessage(), List.of(), 0);
        KumaProductionProfileStatus status = StatusAggregator.build(new StatusAggregator.Inputs(profile, null, null, null, null,
                failed, null, null, clock.instant()));
        if (profile.getStatus() != null) {
            // Keep what is known; only the conditions and phase say that this pass failed.
            status.completedSteps = profile.getStatus().completedSteps;
            status.findings = profile.getStatus().findings;
            status.summary = profile.getStatus().summary;
            status.managedResources = profile.getStatus().managedResources;
            status.observed = profile.getStatus().observed;
            status.recommendations = profile.getStatus().recommendations;
        }
        return sameStatus(profile.getStatus(), status) ? ErrorStatusUpdateControl.defaultErrorProcessing()
                : ErrorStatusUpdateControl.patchStatus(forStatusPatch(profile, status));
    }

    /**
     * Watches on the Kuma objects the operator owns, registered once Kuma's CRDs exist (registering them
     * earlier fails API discovery), so that an owned object changed or deleted by someone else wakes its profile.
     * Also the observation watches: the Deployments profiles read, and Dataplane churn (see docs/observation.md).
     */
    private void registerInformers(Context<KumaProductionProfile> context) {
        if (!informersRegistered.compareAndSet(false, true)) {
            refreshObservedDeploymentWatches(context);
            return;
        }
        registerObservationWatches(context);
        for (String kind : io.kumaops.operator.model.KumaKinds.MANAGED_KUMA_KINDS) {
            try {
                InformerEventSourceConfiguration<GenericKubernetesResource> configuration = InformerEventSourceConfiguration
                        .from(new GroupVersionKind(KubeKinds.KUMA_GROUP, KubeKinds.KUMA_VERSION, kind), KumaProductionProfile.class)
                        .withName("owned-" + kind.toLowerCase())
                        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
                        // An object as its profile's plan wants it is no drift: its echo must not repeat the pass.
                        .withOnAddFilter(owned -> !expectations.inPlace(owned))
                        .withOnUpdateFilter((owned, before) -> !expectations.inPlace(owned))
                        .withNamespaces(watchNamespaces.isEmpty() || kind.equals("Mesh") || kind.equals("Zone")
                                ? Set.of(io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES) : watchNamespaces)
                        .withSecondaryToPrimaryMapper(owned -> {
                            Map<String, String> labels = owned.getMetadata().getLabels();
                            String profile = labels == null ? null : labels.get(Labels.PROFILE);
                            return profile == null ? Set.of() : Set.of(new ResourceID(profile));
                        })
                        .build();
                context.eventSourceRetriever().dynamicallyRegisterEventSource(
                        new InformerEventSource<>(configuration, context.eventSourceRetriever().eventSourceContextForDynamicRegistration()));
            } catch (RuntimeException e) {
                LOG.warn("cannot watch {}: {}; drift is then found by the periodic resync", kind, e.getMessage());
            }
        }
    }

    /**
     * Re-evaluation on cluster changes the rules read. Deployments: one field-selected informer per Deployment a
     * profile names (control plane, delegated gateways), so no other Deployment is cached. Dataplanes: a watch that
     * caches nothing and wakes a mesh's profiles, coalesced, when Dataplanes come or go; the count itself is paged.
     */
    private void registerObservationWatches(Context<KumaProductionProfile> context) {
        var retriever = context.eventSourceRetriever();
        var profiles = retriever.eventSourceContextForDynamicRegistration().getPrimaryCache();
        try {
            retriever.dynamicallyRegisterEventSource(new ObservedDeploymentsEventSource(kube.client(), profiles));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch control-plane Deployments: {}; they are re-read on the periodic resync", e.getMessage());
        }
        try {
            retriever.dynamicallyRegisterEventSource(new DataplaneChurnEventSource(kube.client(), profiles,
                    DataplaneChurnEventSource.DEFAULT_GATHER, DataplaneChurnEventSource.DEFAULT_MIN_INTERVAL));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch Dataplanes: {}; data-plane counts refresh on the periodic resync", e.getMessage());
        }
        refreshObservedDeploymentWatches(context);
    }

    /** Profiles come, go and change which Deployments they name: keep one informer per named Deployment. */
    private void refreshObservedDeploymentWatches(Context<KumaProductionProfile> context) {
        try {
            var source = context.eventSourceRetriever()
                    .getEventSourceFor(io.fabric8.kubernetes.api.model.apps.Deployment.class, ObservedDeploymentsEventSource.NAME);
            if (source instanceof ObservedDeploymentsEventSource deployments) {
                deployments.refresh();
            }
        } catch (RuntimeException e) {
            LOG.debug("Deployment watches not refreshed: {}", e.getMessage());
        }
    }

    /** Counts writes and step timings for the metrics, then hands over to the caller's hooks. */
    private record CountingHooks(RolloutHooks delegate, OperatorMetrics metrics) implements RolloutHooks {
        @Override
        public void applied(KumaProductionProfile profile, DesiredResource resource) {
            metrics.write("apply");
            delegate.applied(profile, resource);
        }

        @Override
        public void deleted(KumaProductionProfile profile, ResourceRef ref) {
            metrics.write("delete");
            delegate.deleted(profile, ref);
        }

        @Override
        public void stepObserved(KumaProductionProfile profile, io.kumaops.operator.model.Step step, long nanos) {
            metrics.stepObserved(step, nanos);
            delegate.stepObserved(profile, step, nanos);
        }
    }
}
