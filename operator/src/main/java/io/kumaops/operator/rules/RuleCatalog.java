package io.kumaops.operator.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Every rule, in a stable order (the order of docs/findings.md and of SARIF's rule list), and lookup by code. */
public final class RuleCatalog {

    private static final RuleCatalog STANDARD = build();

    private final List<Rule> rules;
    private final Map<String, Rule> byCode;

    public RuleCatalog(List<Rule> rules) {
        Map<String, Rule> index = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (index.putIfAbsent(rule.code(), rule) != null) {
                throw new IllegalArgumentException("two rules share the code " + rule.code());
            }
        }
        this.rules = List.copyOf(rules);
        this.byCode = index;
    }

    /** The catalog the operator and the CLI use. */
    public static RuleCatalog standard() {
        return STANDARD;
    }

    private static RuleCatalog build() {
        List<Rule> rules = new ArrayList<>(List.of(
                // control plane
                new InMemoryStoreRule(),
                new SingleControlPlaneReplicaRule(),
                new EvenControlPlaneReplicasRule(),
                new MissingControlPlaneDisruptionBudgetRule(),
                new UnderProvisionedControlPlaneRule(),
                new ReachableServicesDisabledRule(),
                // mTLS and permissions
                new EnabledBackendNotDefinedRule(),
                new MtlsWithoutTrafficPermissionRule(),
                new SingleCaBackendRule(),
                new PermissiveMtlsModeRule(),
                new AllowAllTrafficPermissionRule(),
                new MeshServiceNameUnmatchedRule(),
                new DeprecatedMeshMtlsRule(),
                // sidecar
                new DefaultSidecarResourcesRule(),
                new LowSidecarLimitsRule(),
                new ContainerPatchNotReferencedRule(),
                // multi-zone
                new CrossZoneWithoutMtlsRule(),
                new MissingZoneNameRule(),
                new GlobalControlPlaneExposedToDataplanesRule(),
                new SingleZoneIngressReplicaRule(),
                new ZonePolicyFenceMissingRule(),
                // namespaces
                new NamespaceMissingInjectionLabelRule(),
                new SystemNamespaceNotLabelledRule(),
                new MultipleMeshesInNamespaceRule(),
                // platform
                new RestrictedPlatformWithoutCniRule(),
                new CiliumKubeProxyReplacementRule(),
                new CiliumExclusiveCniRule(),
                // GitOps
                new ArgoCdCertificateDriftRule(),
                new ArgoCdMeshOwnerReferenceRule(),
                new ArgoRolloutsSelectorLabelsRule(),
                // policies and gateways
                new UnstagedPolicyRolloutRule(),
                new PolicyFragmentationRule(),
                new DelegatedGatewayNotAnnotatedRule(),
                // data planes, as Kuma's control plane reports them
                new DataplaneCertificateExpiringRule(),
                new OutdatedDataplanesRule(),
                new OfflineDataplanesRule(),
                // about the profile itself
                new ProfileContradictsClusterRule(),
                new DistributionAssumedRule()));
        Set<String> codes = Set.copyOf(Stream.concat(rules.stream().map(Rule::code), Stream.of(UnknownSuppressionRule.CODE)).toList());
        rules.add(new UnknownSuppressionRule(codes));
        return new RuleCatalog(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Set<String> codes() {
        return byCode.keySet();
    }

    /** The rule's entry in docs/findings.md: GitHub anchors a heading by its lower-cased text. */
    public static String docsUrl(String code) {
        return io.kumaops.operator.model.DocsLinks.finding(code);
    }
}
