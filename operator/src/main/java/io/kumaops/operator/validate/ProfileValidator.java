package io.kumaops.operator.validate;

import com.google.re2j.Pattern;
import com.google.common.net.InetAddresses;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kumaops.operator.api.v1alpha1.CaBackend;
import io.kumaops.operator.api.v1alpha1.CaBackendType;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.Patterns;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.ResourceRequirementsSpec;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.api.v1alpha1.StoreType;
import io.kumaops.operator.api.v1alpha1.TargetKind;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import io.kumaops.operator.api.v1alpha1.ZoneIngressSpec;
import io.kumaops.operator.model.GoDuration;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Quoted;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Cross-field checks the CRD schema cannot express on Kubernetes 1.20 (no CEL there). A profile that fails
 * them is rejected by the CLI and reported as {@code Ready=False, reason InvalidSpec} by the operator, which
 * then leaves everything already applied untouched.
 */
public final class ProfileValidator {

    /** Kubernetes' limit for a label value. */
    static final int MAX_LABEL_VALUE = io.kumaops.operator.model.GeneratedNames.MAX_LABEL_VALUE;

    // RE2, as the API server matches the CRD's patterns; whole-string matches here.
    private static final Pattern DNS_LABEL = Pattern.compile(Patterns.DNS_LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(Patterns.DNS_SUBDOMAIN);
    /** Kubernetes' quantity grammar (apimachinery resource.Quantity), with an exponent of at most three digits. */
    private static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]{1,3})?$");
    private static final int MAX_QUANTITY_LENGTH = 64;
    private static final BigDecimal INT64_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern KUMA_DURATION = Pattern.compile(Patterns.KUMA_DURATION);
    private static final Pattern ONE_LINE_TEXT = Pattern.compile(Patterns.ONE_LINE_TEXT);
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9._:/-]+$");
    private static final Pattern CIDR_SHAPE = Pattern.compile("^[0-9A-Fa-f:.]+/[0-9]{1,3}$");

    private ProfileValidator() {
    }

    public static List<String> validate(KumaProductionProfile profile) {
        List<String> problems = new ArrayList<>();
        KumaProductionProfileSpec spec = profile.getSpec();
        if (spec == null) {
            problems.add("spec: is required");
            return problems;
        }
        String name = profile.getMetadata() == null ? null : profile.getMetadata().getName();
        if (name == null || !DNS_SUBDOMAIN.matches(name) || name.length() > MAX_LABEL_VALUE) {
            // The API server holds names to DNS subdomains; the name also becomes the label kumaops.io/profile as it is
            // (never shortened: the watches find the profile of a changed object by that label's value).
            problems.add("metadata.name: " + Quoted.of(name) + " is not a valid profile name; use lower case letters, digits, '-' and '.',"
                    + " starting and ending with a letter or digit, at most " + MAX_LABEL_VALUE + " characters (it becomes the label "
                    + Labels.PROFILE + ")");
        }
        if (profile.meshName() == null || !DNS_LABEL.matches(profile.meshName())) {
            problems.add("spec.mesh.name: " + Quoted.of(profile.meshName()) + " is not a valid mesh name; use a DNS label (lower case, digits, '-') or set spec.mesh.name");
        }
        checkControlPlane(spec, problems);
        checkMtls(spec, problems);
        checkPermissions(spec, problems);
        checkPolicies(spec, problems);
        checkResources("spec.sidecar", spec.sidecar.requests, spec.sidecar.limits, problems);
        checkMultiZone(spec, problems);
        checkDurations(spec, problems);
        checkTagsAndGroups(spec, problems);
        if (spec.rollout.strategy == RolloutStrategy.Canary
                && (spec.rollout.canary == null || spec.rollout.canary.dataplaneTags == null || spec.rollout.canary.dataplaneTags.isEmpty())) {
            problems.add("spec.rollout.canary.dataplaneTags: required when spec.rollout.strategy is Canary; set the tags of the canary data planes, e.g. {version: canary}");
        }
        return problems;
    }

    /**
     * {@link #validate(KumaProductionProfile)} plus the operator's own limit: the system namespaces it may write to
     * (its RBAC grants writes there and nowhere else). Empty allows every namespace.
     */
    public static List<String> validate(KumaProductionProfile profile, Set<String> allowedSystemNamespaces) {
        return validate(profile, WriteScope.ANY.withSystemNamespaces(allowedSystemNamespaces));
    }

    /** {@link #validate(KumaProductionProfile)} plus where the operator's RBAC lets it write ({@link WriteScope}). */
    public static List<String> validate(KumaProductionProfile profile, WriteScope scope) {
        List<String> problems = validate(profile);
        problems.addAll(scope.problems(profile));
        return problems;
    }

    /** Why the profile's system namespace is not one the operator may write to, or empty when it is (or all are). */
    public static Optional<String> systemNamespaceProblem(KumaProductionProfile profile, Set<String> allowedSystemNamespaces) {
        return WriteScope.ANY.withSystemNamespaces(allowedSystemNamespaces).systemNamespaceProblem(profile);
    }

    private static void checkControlPlane(KumaProductionProfileSpec spec, List<String> problems) {
        if (spec.controlPlane.store.type == StoreType.Postgres && spec.controlPlane.store.postgres == null) {
            problems.add("spec.controlPlane.store.postgres: required when spec.controlPlane.store.type is Postgres; set host and credentialsSecretRef");
        }
        if (spec.controlPlane.resources != null) {
            ResourceRequirementsSpec resources = spec.controlPlane.resources;
            checkResources("spec.controlPlane.resources", resources.requests, resources.limits, problems);
        }
        if (spec.controlPlane.tls != null) {
            boolean hasSecret = spec.controlPlane.tls.secretName != null && !spec.controlPlane.tls.secretName.isBlank();
            boolean hasCa = spec.controlPlane.tls.caBundleSecretRef != null;
            if (hasSecret != hasCa) {
                problems.add("spec.controlPlane.tls: secretName and caBundleSecretRef must be set together (Kuma's chart needs both); set "
                        + (hasSecret ? "caBundleSecretRef" : "secretName"));
            }
        }
    }

    private static void checkMtls(KumaProductionProfileSpec spec, List<String> problems) {
        if (spec.effectiveDistribution() == Distribution.Kuma && spec.mtls.backends.size() > 1) {
            // Kuma pkg/core/resources/apis/mesh/mesh_validator.go: AllowedMTLSBackends = 1.
            problems.add("spec.mtls.backends: " + spec.mtls.backends.size() + " backends, but open-source Kuma admits one mTLS backend per"
                    + " Mesh (\"cannot have more than 1 backends\"); keep one backend, or set spec.distribution: KongMesh if the"
                    + " control plane is Kong Mesh");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.mtls.backends.size(); i++) {
            CaBackend backend = spec.mtls.backends.get(i);
            String path = "spec.mtls.backends[" + i + "]";
            if (!names.add(backend.name)) {
                problems.add(path + ".name: " + Quoted.of(backend.name) + " is used twice; backend names must be unique");
            }
            if (backend.type == CaBackendType.Provided) {
                if (backend.certSecretRef == null) {
                    problems.add(path + ".certSecretRef: required for a Provided CA; reference the Secret holding the CA certificate");
                }
                if (backend.keySecretRef == null) {
                    problems.add(path + ".keySecretRef: required for a Provided CA; reference the Secret holding the CA key");
                }
                if (backend.rsaBits != null || backend.caValidity != null) {
                    problems.add(path + ": rsaBits and caValidity apply to Builtin backends only; remove them");
                }
            } else if (backend.type == CaBackendType.Builtin) {
                if (backend.certSecretRef != null || backend.keySecretRef != null) {
                    problems.add(path + ": certSecretRef and keySecretRef apply to Provided backends only; remove them or set type: Provided");
                }
                if (backend.rsaBits != null && backend.rsaBits != 2048 && backend.rsaBits != 3072 && backend.rsaBits != 4096) {
                    problems.add(path + ".rsaBits: " + backend.rsaBits + " is not a supported key size; use 2048, 3072 or 4096");
                }
            }
        }
    }

    /**
     * An empty block renders a policy Kuma refuses ("at least one timeout should be configured", Kuma
     * pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go; MeshRetry and MeshCircuitBreaker alike), and its
     * kind is already in the Mesh's skipCreatingInitialPolicies, so Kuma's own default would be missing too.
     */
    private static void checkPolicies(KumaProductionProfileSpec spec, List<String> problems) {
        var policies = spec.policies;
        if (policies == null) {
            return;
        }
        if (policies.timeout != null && policies.timeout.connectionTimeout == null && policies.timeout.idleTimeout == null
                && policies.timeout.requestTimeout == null) {
            problems.add("spec.policies.timeout: empty; set at least one of connectionTimeout, idleTimeout, requestTimeout, or remove"
                    + " the block (Kuma refuses a MeshTimeout without a timeout)");
        }
        if (policies.retry != null && policies.retry.numRetries == null && policies.retry.perTryTimeout == null) {
            problems.add("spec.policies.retry: empty; set numRetries or perTryTimeout, or remove the block (Kuma refuses an empty"
                    + " MeshRetry http block)");
        }
        if (policies.circuitBreaker != null && policies.circuitBreaker.maxConnections == null
                && policies.circuitBreaker.consecutiveErrors == null) {
            problems.add("spec.policies.circuitBreaker: empty; set maxConnections or consecutiveErrors, or remove the block (Kuma"
                    + " refuses a MeshCircuitBreaker without connectionLimits or outlierDetection)");
        }
    }

    private static void checkPermissions(KumaProductionProfileSpec spec, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.trafficPermissions.rules.size(); i++) {
            PermissionRule rule = spec.trafficPermissions.rules.get(i);
            String path = "spec.trafficPermissions.rules[" + i + "]";
            if (!names.add(rule.name)) {
                problems.add(path + ".name: " + Quoted.of(rule.name) + " is used twice; rule names must be unique");
            }
            checkTarget(path + ".destination", rule.destination, problems);
            if (rule.sources == null || rule.sources.isEmpty()) {
                problems.add(path + ".sources: needs at least one source");
            } else {
                for (int s = 0; s < rule.sources.size(); s++) {
                    checkTarget(path + ".sources[" + s + "]", rule.sources.get(s), problems);
                }
            }
        }
    }

    /** Kuma's targetRef rules (Kuma pkg/core/resources/apis/mesh/validators.go, ValidateTargetRef) plus kind Service. */
    private static void checkTarget(String path, TargetRef target, List<String> problems) {
        if (target == null || target.kind == null) {
            return;
        }
        boolean hasName = target.name != null && !target.name.isBlank();
        boolean hasTags = target.tags != null && !target.tags.isEmpty();
        boolean hasNamespace = target.namespace != null && !target.namespace.isBlank();
        boolean hasPort = target.port != null;
        if (hasPort && target.kind != TargetKind.Service) {
            problems.add(path + ".port: only kind Service takes a port; remove it");
        }
        switch (target.kind) {
            case Mesh -> {
                if (hasName || hasTags || hasNamespace) {
                    problems.add(path + ": kind Mesh takes no name, namespace or tags; remove them");
                }
            }
            case MeshSubset -> {
                if (!hasTags) {
                    problems.add(path + ".tags: required for kind MeshSubset");
                }
                if (hasName || hasNamespace) {
                    problems.add(path + ": kind MeshSubset takes no name or namespace (Kuma refuses them); select by tags only");
                }
            }
            case MeshService -> {
                if (!hasName) {
                    problems.add(path + ".name: required for kind MeshService");
                }
            }
            case MeshServiceSubset -> {
                if (!hasName || !hasTags) {
                    problems.add(path + ": kind MeshServiceSubset needs name and tags");
                }
                if (hasNamespace) {
                    problems.add(path + ".namespace: kind MeshServiceSubset takes no namespace (Kuma refuses it); remove it");
                }
            }
            case Service -> {
                if (!hasName || !hasNamespace || !hasPort) {
                    problems.add(path + ": kind Service needs name, namespace and port (the Kubernetes Service the workloads are"
                            + " behind), e.g. {kind: Service, name: backend, namespace: payments, port: 8080}");
                }
                if (hasTags) {
                    problems.add(path + ".tags: kind Service takes no tags; use kind MeshSubset to select by tags");
                }
            }
        }
    }

    private static void checkMultiZone(KumaProductionProfileSpec spec, List<String> problems) {
        Set<String> zones = new HashSet<>();
        for (int i = 0; i < spec.multiZone.zones.size(); i++) {
            if (!zones.add(spec.multiZone.zones.get(i).name)) {
                problems.add("spec.multiZone.zones[" + i + "].name: " + Quoted.of(spec.multiZone.zones.get(i).name) + " is listed twice");
            }
        }
        ZoneIngressSpec ingress = spec.multiZone.zoneIngress;
        if (ingress != null && ingress.minReplicas != null && ingress.maxReplicas != null && ingress.minReplicas > ingress.maxReplicas) {
            problems.add("spec.multiZone.zoneIngress: minReplicas " + ingress.minReplicas + " exceeds maxReplicas " + ingress.maxReplicas + "; raise maxReplicas");
        }
        for (int i = 0; i < spec.multiZone.zoneControlPlaneCidrs.size(); i++) {
            String cidr = spec.multiZone.zoneControlPlaneCidrs.get(i);
            if (!isCidr(cidr)) {
                problems.add("spec.multiZone.zoneControlPlaneCidrs[" + i + "]: " + Quoted.of(cidr) + " is not a CIDR such as 10.0.0.0/16 or fd00::/8");
            }
        }
    }

    /** An IPv4 or IPv6 address and a prefix that fits it, as a NetworkPolicy ipBlock takes it; parsed without DNS. */
    static boolean isCidr(String cidr) {
        if (cidr == null || !CIDR_SHAPE.matches(cidr)) {
            return false;
        }
        int slash = cidr.indexOf('/');
        String address = cidr.substring(0, slash);
        if (!InetAddresses.isInetAddress(address)) {
            return false;
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        return prefix <= (InetAddresses.forString(address) instanceof Inet4Address ? 32 : 128);
    }

    private static void checkDurations(KumaProductionProfileSpec spec, List<String> problems) {
        if (spec.policies.timeout != null) {
            goDuration("spec.policies.timeout.connectionTimeout", spec.policies.timeout.connectionTimeout, problems);
            goDuration("spec.policies.timeout.idleTimeout", spec.policies.timeout.idleTimeout, problems);
            goDuration("spec.policies.timeout.requestTimeout", spec.policies.timeout.requestTimeout, problems);
        }
        if (spec.policies.retry != null) {
            goDuration("spec.policies.retry.perTryTimeout", spec.policies.retry.perTryTimeout, problems);
        }
        if (spec.rollout.canary != null) {
            goDuration("spec.rollout.canary.bakeTime", spec.rollout.canary.bakeTime, problems);
        }
        goDuration("spec.rollout.gateTimeout", spec.rollout.gateTimeout, problems);
        for (int i = 0; i < spec.mtls.backends.size(); i++) {
            CaBackend backend = spec.mtls.backends.get(i);
            kumaDuration("spec.mtls.backends[" + i + "].dpCertValidity", backend.dpCertValidity, problems);
            kumaDuration("spec.mtls.backends[" + i + "].caValidity", backend.caValidity, problems);
        }
    }

    /** Kuma reads these with Go's time.ParseDuration, which refuses more than int64 nanoseconds. */
    private static void goDuration(String path, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + Quoted.of(value) + " is longer than Go's durations reach (about 292 years); write e.g. 15s or 1h");
        }
    }

    /** Kuma multiplies these into a Go time.Duration, which wraps silently past int64 nanoseconds: refuse them here. */
    private static void kumaDuration(String path, String value, List<String> problems) {
        if (value != null && !KUMA_DURATION.matches(value)) {
            // The CRD still admits the Go durations earlier releases took (Patterns.STORED_KUMA_DURATION); Kuma does not.
            problems.add(path + ": " + Quoted.of(value) + " is not in Kuma's duration format, which takes one integer and one unit"
                    + " (y, w, d, h, m, s, ms), not a Go duration; write e.g. 24h, 90m or 30d (Kuma pkg/core/resources/apis/mesh/mesh_helpers.go"
                    + " ParseDuration)");
            return;
        }
        if (value == null || value.equals("0")) {
            return;
        }
        int unit = value.length() - 1;
        while (unit > 0 && !Character.isDigit(value.charAt(unit - 1))) {
            unit--;
        }
        BigInteger nanosPerUnit = BigInteger.valueOf(switch (value.substring(unit)) {
            case "y" -> 365L * 24 * 3_600_000_000_000L;
            case "w" -> 7L * 24 * 3_600_000_000_000L;
            case "d" -> 24L * 3_600_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 1_000_000L;
        });
        if (new BigInteger(value.substring(0, unit)).multiply(nanosPerUnit).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            problems.add(path + ": " + Quoted.of(value) + " is longer than Kuma's durations reach (about 292 years); write e.g. 24h or 10y");
        }
    }

    private static void checkTagsAndGroups(KumaProductionProfileSpec spec, List<String> problems) {
        for (int i = 0; i < spec.trafficPermissions.rules.size(); i++) {
            PermissionRule rule = spec.trafficPermissions.rules.get(i);
            String path = "spec.trafficPermissions.rules[" + i + "]";
            if (rule.destination != null) {
                tags(path + ".destination.tags", rule.destination.tags, problems);
            }
            if (rule.sources != null) {
                for (int s = 0; s < rule.sources.size(); s++) {
                    if (rule.sources.get(s) != null) {
                        tags(path + ".sources[" + s + "].tags", rule.sources.get(s).tags, problems);
                    }
                }
            }
        }
        if (spec.rollout.canary != null) {
            tags("spec.rollout.canary.dataplaneTags", spec.rollout.canary.dataplaneTags, problems);
        }
        List<String> groups = spec.controlPlane.zoneGovernance.allowedGroups;
        for (int i = 0; groups != null && i < groups.size(); i++) {
            String group = groups.get(i);
            // The groups become CEL string literals of the zone fence.
            if (group == null || group.isEmpty() || group.length() > 253 || !ONE_LINE_TEXT.matches(group)) {
                problems.add("spec.controlPlane.zoneGovernance.allowedGroups[" + i + "]: " + Quoted.of(group)
                        + " is not a group name; use one line of at most 253 characters");
            }
        }
    }

    /** Kuma's tag syntax (keys and values of kuma.io tags): letters, digits and . _ - : / only. */
    private static void tags(String path, java.util.Map<String, String> tags, List<String> problems) {
        if (tags == null) {
            return;
        }
        tags.forEach((key, value) -> {
            if (key == null || !TAG.matches(key) || key.length() > 253) {
                problems.add(Quoted.field(path, String.valueOf(key)) + ": the key is not a Kuma tag; use letters, digits and . _ - : / (at most 253)");
            } else if (value == null || !TAG.matches(value) || value.length() > 253) {
                problems.add(Quoted.field(path, key) + ": " + Quoted.of(value) + " is not a Kuma tag value; use letters, digits and . _ - : / (at most 253)");
            }
        });
    }

    private static void checkResources(String path, ComputeResources requests, ComputeResources limits, List<String> problems) {
        BigDecimal cpuRequest = amount(path + ".requests.cpu", requests, r -> r.cpu, problems);
        BigDecimal memoryRequest = amount(path + ".requests.memory", requests, r -> r.memory, problems);
        BigDecimal cpuLimit = amount(path + ".limits.cpu", limits, r -> r.cpu, problems);
        BigDecimal memoryLimit = amount(path + ".limits.memory", limits, r -> r.memory, problems);
        if (cpuRequest != null && cpuLimit != null && cpuRequest.compareTo(cpuLimit) > 0) {
            problems.add(path + ".requests.cpu: exceeds limits.cpu; Kubernetes rejects such a container — lower the request or raise the limit");
        }
        if (memoryRequest != null && memoryLimit != null && memoryRequest.compareTo(memoryLimit) > 0) {
            problems.add(path + ".requests.memory: exceeds limits.memory; Kubernetes rejects such a container — lower the request or raise the limit");
        }
    }

    private static BigDecimal amount(String path, ComputeResources resources, Function<ComputeResources, Quantity> field, List<String> problems) {
        if (resources == null || field.apply(resources) == null) {
            return null;
        }
        Quantity quantity = field.apply(resources);
        String written = quantity.toString();
        // The grammar first: an exponent of a billion digits would make the arithmetic below run for ever.
        if (written.length() > MAX_QUANTITY_LENGTH || !QUANTITY.matches(written)) {
            problems.add(path + ": " + Quoted.of(written) + " is not a Kubernetes quantity; write e.g. 500m, 2, 128Mi or 1Gi");
            return null;
        }
        BigDecimal value;
        try {
            value = Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            problems.add(path + ": " + Quoted.of(written) + " is not a Kubernetes quantity; write e.g. 500m, 2, 128Mi or 1Gi");
            return null;
        }
        if (value.signum() < 0) {
            problems.add(path + ": must not be negative");
            return null;
        }
        boolean cpu = path.endsWith(".cpu");
        // Kubernetes keeps quantities in 64 bits: CPU in millicores, memory in bytes.
        BigDecimal units = cpu ? value.movePointRight(3) : value;
        if (units.compareTo(INT64_MAX) > 0) {
            problems.add(path + ": " + Quoted.of(written) + " is more than Kubernetes can hold (at most "
                    + (cpu ? Long.MAX_VALUE + "m" : Long.MAX_VALUE + " bytes") + "); write the real amount, e.g. " + (cpu ? "2 or 500m" : "1Gi"));
            return null;
        }
        return value;
    }
}
