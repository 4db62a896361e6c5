package io.kumaops.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kumaops.operator.api.v1alpha1.Enforcement;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.observe.ClusterObserver;
import io.kumaops.operator.observe.DataplaneReadings;
import io.kumaops.operator.observe.KumaObjects;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.plan.RolloutSignals;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.FindingResult;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.status.StatusAggregator;
import io.kumaops.operator.validate.ProfileValidator;
import io.kumaops.operator.validate.WriteScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /**
     * Tunables; the defaults suit production, tests shorten them.
     *
     * @param stepSettle          pause between a step that needed writes and the next step; zero continues at once
     * @param insightReadInterval a mesh's DataplaneInsights are read at most this often (each reading lists all of them)
     * @param gateRecheck         a step waiting for Kuma's reports is looked at again after this without any event; the
     *                            MeshInsight watch wakes it when the report changes, so this only covers a lost event
     * @param propagationWithoutDeployment see {@link #withPropagationWithoutDeployment}
     */
    public record Settings(Duration waitingRequeue, Duration failedRequeue, Duration kumaMissingRequeue, Duration resync,
                           Duration stepSettle, Duration insightReadInterval, Duration gateRecheck,
                           Duration propagationWithoutDeployment) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO,
                    ClusterObserver.INSIGHT_READ_INTERVAL, Duration.ofSeconds(30), null);
        }

        public Settings withResync(Duration newResync) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, newResync, stepSettle, insightReadInterval, gateRecheck,
                    propagationWithoutDeployment);
        }

        public Settings withStepSettle(Duration settle) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, resync, settle, insightReadInterval, gateRecheck,
                    propagationWithoutDeployment);
        }

        public Settings withRequeues(Duration waiting, Duration failed, Duration kumaMissing) {
            return new Settings(waiting, failed, kumaMissing, resync, stepSettle, insightReadInterval, gateRecheck, propagationWithoutDeployment);
        }

        public Settings withInsightReadInterval(Duration interval) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, resync, stepSettle, interval, gateRecheck,
                    propagationWithoutDeployment);
        }

        public Settings withGateRecheck(Duration recheck) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, resync, stepSettle, insightReadInterval, recheck,
                    propagationWithoutDeployment);
        }

        /**
         * The wait for Kuma's configuration refresh when the profile's control-plane Deployment is not observed; null
         * (the default) is Kuma's own defaults, 3 s. The test tier sets its stand-in's timing, which reports on every
         * mesh while the tests' profiles point at system namespaces of their own.
         */
        public Settings withPropagationWithoutDeployment(Duration value) {
            return new Settings(waitingRequeue, failedRequeue, kumaMissingRequeue, resync, stepSettle, insightReadInterval, gateRecheck, value);
        }
    }

    private final ClusterObserver observer;
    private final FindingEngine engine = FindingEngine.standard();
    private final Planner planner = new Planner();
    private final RolloutExecutor executor;
    private final RolloutObservations rollouts;
    private final OperatorMetrics metrics;
    private final Settings settings;
    private final Clock clock;
    private final OwnedObjectExpectations expectations = new OwnedObjectExpectations();
    private final StepSettleClock settle;
    private final ProfileStatusWriter statusWriter;
    private final OwnedObjectPruner pruner;
    private final ProfileCleanup cleanup;
    private final WatchRegistrar watches;
    private final PassGateAnnotation passGate;
    private final WriteScope writeScope;
    private final EventRecorder events;

    /**
     * @param watchNamespaces  namespaces whose owned Kuma objects are watched for drift; empty means all
     * @param writeScope      the Kuma system namespaces and control-plane Deployments the operator may write to (its RBAC
     *                        grants nothing else); a profile reaching past them is InvalidSpec
     */
    public ProfileReconciler(KubeAccess kube, OperatorMetrics metrics, RolloutHooks hooks, Settings settings, Clock clock,
                             Set<String> watchNamespaces, WriteScope writeScope) {
        this.writeScope = writeScope;
        DataplaneReadings dataplaneReadings = new DataplaneReadings(clock);
        this.observer = new ClusterObserver(kube.client(), settings.insightReadInterval(), clock, dataplaneReadings);
        EventRecorder events = new EventRecorder(kube.client());
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.executor = new RolloutExecutor(kube, new CountingHooks(new KumaDefaultReplacedEvents(hooks, events), metrics),
                !settings.stepSettle().isZero());
        this.rollouts = new RolloutObservations(kube);
        this.settle = new StepSettleClock(clock);
        this.statusWriter = new ProfileStatusWriter(kube, events, metrics);
        this.pruner = new OwnedObjectPruner(kube, metrics);
        this.cleanup = new ProfileCleanup(kube, events, metrics, settings.waitingRequeue());
        this.watches = new WatchRegistrar(kube, expectations, watchNamespaces, dataplaneReadings);
        this.passGate = new PassGateAnnotation(kube);
    }

    @Override
    public UpdateControl<KumaProductionProfile> reconcile(KumaProductionProfile profile, Context<KumaProductionProfile> context) {
        try {
            return pass(profile, context);
        } finally {
            // The pass's Events went out concurrently; it ends once they are sent.
            events.awaitSent();
        }
    }

    private UpdateControl<KumaProductionProfile> pass(KumaProductionProfile profile, Context<KumaProductionProfile> context) {
        String name = profile.getMetadata().getName();
        Duration settleLeft = settle.left(name);
        if (!settleLeft.isZero()) {
            // Events from the objects just written must not cut the settle time short.
            return UpdateControl.<KumaProductionProfile>noUpdate().rescheduleAfter(settleLeft);
        }
        metrics.passStarted(name);
        profile.withDefaultedSpec();
        statusWriter.refreshStatus(profile);
        List<String> problems = ProfileValidator.validate(profile, writeScope);
        if (!problems.isEmpty()) {
            LOG.warn("profile {}: invalid spec, nothing changed: {}", name, problems);
            return statusWriter.finish(profile, inputs(profile, problems, null, null, null, null, null), null, "invalid");
        }
        boolean kumaInstalled = observer.kumaInstalled(profile);
        if (!kumaInstalled) {
            return statusWriter.finish(profile, inputs(profile, null, false, null, null, null, null), settings.kumaMissingRequeue(), "kuma-missing");
        }
        watches.ensureRegistered(context);
        KumaObjects objects = observer.kumaObjects(profile);
        ClusterFacts state = rollouts.complete(observer.facts(profile, objects), profile, objects);
        ClusterObservation observation = state.observation();
        // Each fact decided once for the pass: the rules, the planner and the status read this one resolution.
        ResolvedProfile resolved = ResolvedProfile.of(profile, state);
        FindingResult findings = engine.evaluate(new RuleContext(resolved));
        RolloutSignals signals = signals(findings);
        Plan plan = planner.plan(resolved, signals);
        RolloutProgress progress;
        List<Finding> planFindings = new java.util.ArrayList<>(plan.findings());
        if (profile.getSpec().enforcement == Enforcement.Audit) {
            progress = new RolloutProgress(List.of(), null, Outcome.Audit, ConditionReason.AuditOnly, "enforcement Audit: nothing is applied", List.of(), 0);
        } else if (profile.getSpec().controlPlane.environment == io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment.Universal) {
            // A Universal control plane keeps its resources in its own store and never reads kuma.io objects from a
            // Kubernetes API server: writing them here would change nothing Kuma sees.
            progress = new RolloutProgress(List.of(), Step.CONTROL_PLANE, Outcome.Blocked, ConditionReason.UniversalLintOnly,
                    "environment Universal: a Universal control plane never reads kuma.io resources from the Kubernetes API, so"
                            + " nothing is applied; use `kuma-production-operator lint` / `render` and apply with kumactl", List.of(), 0);
        } else {
            expectations.passStarting(name, plan);
            try {
                progress = executor.run(profile, plan, findings, objects::listed);
                passGate.clearOnceUsed(profile, plan, progress);
                if (progress.outcome() == Outcome.Done) {
                    planFindings.addAll(pruner.prune(profile, plan, objects, state));
                }
            } finally {
                expectations.passEnded(name);
            }
        }
        // The status tells the Mesh as the pass left it, so the echo of its own writes needs no second pass.
        ClusterFacts after = progress.meshAfterPass() != null && progress.meshAfterPass().get("spec") instanceof Map<?, ?> spec
                ? state.withMeshSpec(asStringKeyed(spec)) : state;
        StatusAggregator.Inputs inputs = new StatusAggregator.Inputs(profile, null, true, findings, planFindings, progress,
                observation, after, clock.instant(), plan.tracking());
        watches.canaryWaits(name, progress.reason(), canaryStart(plan, profile), state.canaryDataplanes());
        boolean settling = progress.reason() == ConditionReason.StepSettling;
        if (settling) {
            settle.start(name, settings.stepSettle());
        }
        Duration requeue = switch (progress.outcome()) {
            case Waiting -> settling ? settings.stepSettle() : waitingRequeue(progress);
            case Failed -> settings.failedRequeue();
            default -> settings.resync();
        };
        // Wake up when a drained CA backend may go or a canary is due, whatever else happens meanwhile.
        // Timed from when the plan was made: a review the plan saw ahead of it is still ahead, even if the rest of the
        // pass took it past (then the pass comes at once), and never earns the minimum meant for a plan stuck in the past.
        requeue = plan.tracking().requeueWithin(requeue, signals.now(), settings.waitingRequeue());
        return statusWriter.finish(profile, inputs, requeue, progress.outcome().name().toLowerCase());
    }

    /**
     * A step waiting for a report that a watch delivers (MeshInsight, ZoneInsight, a synced Mesh) is woken when the
     * report changes, so a timer of a second would only re-read an unchanged cluster; the long timer only covers a lost
     * event. Without the watch (or for a report nothing watches) the short timer is the way the gate passes.
     */
    private Duration waitingRequeue(RolloutProgress progress) {
        return progress.reason() != null && watches.watches(progress.reason()) ? settings.gateRecheck() : settings.waitingRequeue();
    }

    /** When the policy canary started (its acknowledgements count from then), or null when none runs. */
    private static java.time.Instant canaryStart(Plan plan, KumaProductionProfile profile) {
        var canary = plan.tracking().canary() != null ? plan.tracking().canary()
                : profile.getStatus() == null ? null : profile.getStatus().policyCanary;
        return canary == null ? null : io.kumaops.operator.model.Timestamps.parse(canary.startedAt);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** The time and the open Error findings, which the CA rotation and the policy canary depend on. */
    private RolloutSignals signals(FindingResult findings) {
        List<String> errors = findings == null ? List.of() : findings.active().stream()
                .filter(f -> f.severity == io.kumaops.operator.api.v1alpha1.Severity.Error).map(f -> f.code).distinct().toList();
        return new RolloutSignals(clock.instant(), errors, settings.propagationWithoutDeployment());
    }

    private StatusAggregator.Inputs inputs(KumaProductionProfile profile, List<String> problems, Boolean kuma, FindingResult findings,
                                                  List<Finding> planFindings, RolloutProgress progress, ClusterObservation observation) {
        return new StatusAggregator.Inputs(profile, problems, kuma, findings, planFindings, progress, observation, null, clock.instant());
    }

    @Override
    public DeleteControl cleanup(KumaProductionProfile profile, Context<KumaProductionProfile> context) {
        try {
            return clean(profile);
        } finally {
            events.awaitSent();
        }
    }

    private DeleteControl clean(KumaProductionProfile profile) {
        String name = profile.getMetadata().getName();
        profile.withDefaultedSpec();
        metrics.status(name, null);
        expectations.forget(name);
        watches.canaryWaits(name, null, null, null);
        observer.forget(name);
        pruner.forget(name);
        if (profile.getSpec().enforcement == Enforcement.Audit || !observer.kumaInstalled()) {
            return DeleteControl.defaultDelete();
        }
        if (!writeScope.problems(profile).isEmpty()) {
            // Its passes never wrote (InvalidSpec), and the operator may not write where it points now.
            LOG.info("profile {}: deleted; it points past what the operator may write ({}), so nothing is cleaned up", name,
                    writeScope.problems(profile));
            return DeleteControl.defaultDelete();
        }
        KumaObjects objects = observer.kumaObjects(profile);
        ClusterFacts facts = rollouts.complete(observer.facts(profile, objects), profile, objects);
        Plan plan = planner.plan(ResolvedProfile.of(profile, facts), signals(null));
        return cleanup.cleanup(profile, plan, facts.observation().dataplanes(), facts.observation().controlPlane());
    }

    @Override
    public ErrorStatusUpdateControl<KumaProductionProfile> updateErrorStatus(KumaProductionProfile profile, Context<KumaProductionProfile> context, Exception e) {
        profile.withDefaultedSpec();
        try {
            return statusWriter.failed(profile, e, clock.instant());
        } finally {
            events.awaitSent();
        }
    }
}
