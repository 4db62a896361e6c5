package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.ResourceRef;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.model.ResourceMatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Canary rollout of the mesh-wide default policies, as a pure decision. What is live is what the API server holds
 * (the mesh-wide policies the profile owns); what the change is about is a hash of the desired specs, kept in the
 * status. A change first goes to copies named {@code <policy>-canary} whose top-level targetRef is a MeshSubset of
 * the canary data planes (more specific than Mesh, so it wins there); after the bake time, with no Error finding
 * and no Degraded condition, it is promoted mesh-wide and the copies are removed. A failure during the bake removes
 * the copies (roll back); a new spec during the bake restarts it.
 *
 * <p>The first rollout — no default policy of the profile is live yet — is applied mesh-wide directly: nothing
 * runs yet that a canary would protect. Removing a policy is applied directly too: a removal cannot be tried on a
 * subset of data planes.
 */
public final class PolicyCanary {

    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyCanary() {
    }

    /** Builds a policy for the plan: kind, name, spec, and for a canary copy the name of the policy it copies. */
    @FunctionalInterface
    public interface PolicyFactory {
        DesiredResource policy(String kind, String name, Map<String, Object> spec, String canaryOf);
    }

    /**
     * @param apply    the mesh-wide policies (live or desired) and canary copies to apply, in order
     * @param delete   canary copies and removed policies to delete once the applies are observed
     * @param status   the canary status to record
     * @param reviewAt when the decision changes by itself (promotion due), or null
     */
    public record Decision(List<DesiredResource> apply, List<ResourceRef> delete, PolicyCanaryStatus status, Instant reviewAt,
                           String awaiting) {
        public Decision(List<DesiredResource> apply, List<ResourceRef> delete, PolicyCanaryStatus status, Instant reviewAt) {
            this(apply, delete, status, reviewAt, null);
        }
    }

    /**
     * @param desired  the mesh-wide default policies the profile wants
     * @param owned    the policies the profile owns as the API server holds them (mesh-wide ones and copies), by "Kind/name"
     * @param failure  why the mesh is unhealthy right now (Error findings, Degraded), or null
     */
    public static Decision decide(List<DesiredResource> desired, Map<String, Map<String, Object>> owned, Map<String, String> canaryTags,
                                  Duration bakeTime, PolicyCanaryStatus previous, Long generation, String failure, Instant now,
                                  PolicyFactory factory) {
        return decide(desired, owned, canaryTags, bakeTime, previous, generation, failure, now, factory, null);
    }

    /**
     * @param acknowledgementMissing given when the canary started, what Kuma's reports lack for the promotion (the canary
     *                               data planes online and acknowledging the change), or null when they show it; a null
     *                               function promotes on the bake time alone (offline, or gates off). While it lacks
     *                               something, the canary keeps baking past its bake time and {@link Decision#awaiting}
     *                               says on what.
     */
    public static Decision decide(List<DesiredResource> desired, Map<String, Map<String, Object>> owned, Map<String, String> canaryTags,
                                  Duration bakeTime, PolicyCanaryStatus previous, Long generation, String failure, Instant now,
                                  PolicyFactory factory, java.util.function.Function<Instant, String> acknowledgementMissing) {
        String hash = hash(desired);
        Map<String, DesiredResource> desiredByKey = new LinkedHashMap<>();
        desired.forEach(d -> desiredByKey.put(ClusterFacts.policyKey(d.ref().kind(), d.ref().name()), d));
        List<DesiredResource> changed = desired.stream().filter(d -> !liveAsDesired(d, owned)).toList();
        List<String> liveKeys = owned.keySet().stream().filter(k -> !GeneratedNames.isCanaryCopy(k)).sorted().toList();
        List<ResourceRef> removed = liveKeys.stream().filter(k -> !desiredByKey.containsKey(k)).map(k -> ref(owned.get(k))).toList();
        List<ResourceRef> liveCopies = owned.keySet().stream().filter(k -> GeneratedNames.isCanaryCopy(k)).sorted().map(k -> ref(owned.get(k))).toList();

        if (changed.isEmpty() || liveKeys.isEmpty()) {
            List<ResourceRef> delete = new ArrayList<>(liveCopies);
            delete.addAll(removed);
            return new Decision(desired, delete, settled(hash, previous, generation, now, changed.isEmpty(), liveKeys.isEmpty()), null);
        }
        List<DesiredResource> live = liveKeys.stream().map(k -> asLive(owned.get(k), factory)).toList();
        boolean sameChange = previous != null && hash.equals(previous.desiredHash);
        String phase = previous == null ? "" : previous.phase;

        if (sameChange && PolicyCanaryStatus.PROMOTED.equals(phase)) {
            // Promotion was decided: finish it (after a crash, or against drift of the mesh-wide policies).
            return new Decision(desired, concat(liveCopies, removed), previous, null);
        }
        if (sameChange && PolicyCanaryStatus.ROLLED_BACK.equals(phase) && java.util.Objects.equals(previous.generation, generation)) {
            return new Decision(live, liveCopies, previous, null);
        }
        if (sameChange && PolicyCanaryStatus.BAKING.equals(phase)) {
            Instant promoteAfter = io.kumaops.operator.model.Timestamps.parse(previous.promoteAfter);
            if (failure != null) {
                PolicyCanaryStatus status = copy(previous);
                status.phase = PolicyCanaryStatus.ROLLED_BACK;
                status.finishedAt = MtlsRotation.format(now);
                status.generation = generation;
                status.message = "rolled back: " + failure + "; the canary copies are removed and the mesh-wide policies were"
                        + " not changed; any change to the profile retries the canary";
                return new Decision(live, liveCopies, status, null);
            }
            String missing = promoteAfter == null || now.isBefore(promoteAfter) || acknowledgementMissing == null ? null
                    : acknowledgementMissing.apply(io.kumaops.operator.model.Timestamps.parse(previous.startedAt));
            if (missing != null) {
                List<DesiredResource> copies = copies(changed, canaryTags, factory);
                PolicyCanaryStatus status = copy(previous);
                status.canaryPolicies = copies.stream().map(c -> c.ref().name()).toList();
                status.message = "the bake time ended at " + previous.promoteAfter + "; promotion waits for Kuma's evidence: " + missing;
                return new Decision(concat(live, copies), stale(liveCopies, copies), status, null, missing);
            }
            if (promoteAfter != null && !now.isBefore(promoteAfter)) {
                PolicyCanaryStatus status = copy(previous);
                status.phase = PolicyCanaryStatus.PROMOTED;
                status.finishedAt = MtlsRotation.format(now);
                status.message = "promoted mesh-wide after baking on the canary data planes since " + previous.startedAt;
                return new Decision(desired, concat(liveCopies, removed), status, null);
            }
            if (promoteAfter != null) {
                List<DesiredResource> copies = copies(changed, canaryTags, factory);
                PolicyCanaryStatus status = copy(previous);
                status.canaryPolicies = copies.stream().map(c -> c.ref().name()).toList();
                return new Decision(concat(live, copies), stale(liveCopies, copies), status, promoteAfter);
            }
        }
        // A new change, or the spec changed during a bake: (re)start the canary.
        if (failure != null) {
            PolicyCanaryStatus status = new PolicyCanaryStatus();
            status.phase = PolicyCanaryStatus.WAITING;
            status.desiredHash = hash;
            status.generation = generation;
            status.message = "the canary of this change starts once " + failure + " is resolved; the mesh-wide policies stay as they are";
            return new Decision(live, liveCopies, status, null);
        }
        List<DesiredResource> copies = copies(changed, canaryTags, factory);
        Instant promoteAfter = now.plus(bakeTime);
        PolicyCanaryStatus status = new PolicyCanaryStatus();
        status.phase = PolicyCanaryStatus.BAKING;
        status.desiredHash = hash;
        status.canaryPolicies = copies.stream().map(c -> c.ref().name()).toList();
        status.startedAt = MtlsRotation.format(now);
        status.promoteAfter = MtlsRotation.format(promoteAfter);
        status.generation = generation;
        boolean restarted = previous != null && PolicyCanaryStatus.BAKING.equals(previous.phase) && !sameChange;
        status.message = (restarted ? "restarted because the profile changed during the bake; " : "")
                + "the change runs on the data planes tagged " + canaryTags + " only; promoted mesh-wide at " + status.promoteAfter
                + " if no Error finding or Degraded condition is open then";
        return new Decision(concat(live, copies), stale(liveCopies, copies), status, promoteAfter);
    }

    /** Nothing to bake: everything is live as desired, or nothing was live (first rollout), or only removals. */
    private static PolicyCanaryStatus settled(String hash, PolicyCanaryStatus previous, Long generation, Instant now, boolean live, boolean firstRollout) {
        if (previous != null && hash.equals(previous.desiredHash)
                && (PolicyCanaryStatus.PROMOTED.equals(previous.phase) || PolicyCanaryStatus.IDLE.equals(previous.phase))) {
            return previous;
        }
        PolicyCanaryStatus status = new PolicyCanaryStatus();
        status.desiredHash = hash;
        status.generation = generation;
        if (previous != null && hash.equals(previous.desiredHash) && PolicyCanaryStatus.BAKING.equals(previous.phase)) {
            // The promotion went through but its status was not written (a crash): record it now.
            status.phase = PolicyCanaryStatus.PROMOTED;
            status.startedAt = previous.startedAt;
            status.promoteAfter = previous.promoteAfter;
            status.canaryPolicies = previous.canaryPolicies;
            status.finishedAt = MtlsRotation.format(now);
            status.message = "promoted mesh-wide after baking on the canary data planes since " + previous.startedAt;
            return status;
        }
        status.phase = PolicyCanaryStatus.IDLE;
        status.message = firstRollout && !live
                ? "first rollout: no default policy was live, so they were applied mesh-wide directly; later changes bake on the canary data planes first"
                : live ? "the mesh-wide default policies are live as desired"
                : "policies removed from the profile are deleted directly; a removal cannot run on a subset of data planes";
        return status;
    }

    private static boolean liveAsDesired(DesiredResource desired, Map<String, Map<String, Object>> owned) {
        Map<String, Object> live = owned.get(ClusterFacts.policyKey(desired.ref().kind(), desired.ref().name()));
        return live != null && ResourceMatcher.contains(desired.spec(), live.get("spec"));
    }

    /** The canary copy: the desired spec with its top-level targetRef narrowed to the canary data planes. */
    private static List<DesiredResource> copies(List<DesiredResource> changed, Map<String, String> canaryTags, PolicyFactory factory) {
        List<DesiredResource> copies = new ArrayList<>();
        for (DesiredResource policy : changed) {
            Map<String, Object> spec = new LinkedHashMap<>();
            Map<String, Object> targetRef = new LinkedHashMap<>();
            targetRef.put("kind", "MeshSubset");
            targetRef.put("tags", new LinkedHashMap<>(canaryTags));
            // A policy for some proxy types (sidecars' or gateways' timeouts) stays with them on the canaries.
            if (policy.spec().get("targetRef") instanceof Map<?, ?> original && original.get("proxyTypes") != null) {
                targetRef.put("proxyTypes", original.get("proxyTypes"));
            }
            spec.put("targetRef", targetRef);
            policy.spec().forEach((key, value) -> {
                if (!key.equals("targetRef")) {
                    spec.put(key, value);
                }
            });
            copies.add(factory.policy(policy.ref().kind(), canaryName(policy.ref().name()), spec, policy.ref().name()));
        }
        return copies;
    }

    public static String canaryName(String policy) {
        return GeneratedNames.canaryCopy(policy);
    }

    @SuppressWarnings("unchecked")
    private static DesiredResource asLive(Map<String, Object> object, PolicyFactory factory) {
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Object spec = object.get("spec");
        return factory.policy((String) object.get("kind"), (String) metadata.get("name"),
                spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static ResourceRef ref(Map<String, Object> object) {
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        return new ResourceRef((String) object.get("apiVersion"), (String) object.get("kind"), (String) metadata.get("namespace"),
                (String) metadata.get("name"));
    }

    private static List<ResourceRef> stale(List<ResourceRef> liveCopies, List<DesiredResource> copies) {
        Set<String> wanted = new LinkedHashSet<>();
        copies.forEach(c -> wanted.add(ClusterFacts.policyKey(c.ref().kind(), c.ref().name())));
        return liveCopies.stream().filter(r -> !wanted.contains(ClusterFacts.policyKey(r.kind(), r.name()))).toList();
    }

    private static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static PolicyCanaryStatus copy(PolicyCanaryStatus previous) {
        PolicyCanaryStatus status = new PolicyCanaryStatus();
        status.phase = previous.phase;
        status.desiredHash = previous.desiredHash;
        status.canaryPolicies = previous.canaryPolicies == null ? new ArrayList<>() : new ArrayList<>(previous.canaryPolicies);
        status.startedAt = previous.startedAt;
        status.promoteAfter = previous.promoteAfter;
        status.finishedAt = previous.finishedAt;
        status.generation = previous.generation;
        status.message = previous.message;
        return status;
    }

    /** A short, stable hash of the desired specs (kind, name, spec), independent of map order. */
    public static String hash(List<DesiredResource> policies) {
        List<Map<String, Object>> canonical = policies.stream()
                .sorted(Comparator.comparing((DesiredResource d) -> d.ref().kind()).thenComparing(d -> d.ref().name()))
                .map(d -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("kind", d.ref().kind());
                    entry.put("name", d.ref().name());
                    entry.put("spec", d.spec());
                    return entry;
                }).toList();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash policies", e);
        }
    }
}
