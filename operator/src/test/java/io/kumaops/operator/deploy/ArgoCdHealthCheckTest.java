package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check for KumaProductionProfile, run by a real Lua interpreter (LuaJ) the way Argo CD
 * runs it: the object as the global {@code obj}, the script's return value read as {@code {status, message}}.
 */
class ArgoCdHealthCheckTest {

    private static final String HEALTH_KEY = "resource.customizations.health.kumaops.io_KumaProductionProfile";

    private static Path argocd() {
        return ChartSupport.projectRoot().resolve("deploy/argocd");
    }

    private static String script() {
        return ChartSupport.read(argocd().resolve("health-kumaproductionprofile.lua"));
    }

    record Health(String status, String message) {
    }

    private static Health health(String yaml) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(ChartSupport.documents(yaml).get(0)));
        LuaValue result = globals.load(script(), "health-kumaproductionprofile.lua").call();
        assertThat(result.istable()).as("the script returns a table").isTrue();
        return new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
    }

    /** JSON to Lua the way Argo CD hands objects to health scripts: objects and arrays become tables. */
    private static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }

    @Test
    void noStatusIsProgressing() {
        Health health = health("""
                apiVersion: kumaops.io/v1alpha1
                kind: KumaProductionProfile
                metadata: {name: default, generation: 1}
                spec: {mtls: {enabled: true}}
                """);

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).startsWith("waiting for the operator");
    }

    @Test
    void staleObservedGenerationIsProgressingEvenWhenReady() {
        Health health = health("""
                metadata: {name: default, generation: 3}
                status:
                  observedGeneration: 2
                  phase: Ready
                  conditions:
                    - {type: Ready, status: "True", reason: RolloutComplete, message: all steps observed}
                """);

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).startsWith("waiting for the operator").contains("generation 3");
    }

    @Test
    void missingObservedGenerationIsProgressing() {
        Health health = health("""
                metadata: {name: default, generation: 1}
                status:
                  phase: Pending
                """);

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).startsWith("waiting for the operator");
    }

    @Test
    void readyTrueIsHealthy() {
        Health health = health("""
                metadata: {name: default, generation: 4}
                status:
                  observedGeneration: 4
                  phase: Ready
                  currentStep: ""
                  completedSteps: [0-control-plane, 1-mesh, 2-traffic-permission, 3-mtls, 4-defaults]
                  conditions:
                    - {type: Progressing, status: "False", reason: RolloutComplete, message: ""}
                    - {type: Ready, status: "True", reason: RolloutComplete, message: all rollout steps are observed}
                """);

        assertThat(health).isEqualTo(new Health("Healthy", "RolloutComplete: all rollout steps are observed"));
    }

    @Test
    void blockedPhaseIsDegradedWithTheReadyReasonAndMessage() {
        Health health = health("""
                metadata: {name: payments, generation: 2}
                status:
                  observedGeneration: 2
                  phase: Blocked
                  currentStep: 3-mtls
                  conditions:
                    - type: Ready
                      status: "False"
                      reason: BlockedByFinding
                      message: "KPO-MTLS-001: mTLS without a MeshTrafficPermission would deny all traffic; step 3-mtls is blocked"
                """);

        assertThat(health.status()).isEqualTo("Degraded");
        assertThat(health.message()).isEqualTo(
                "BlockedByFinding: KPO-MTLS-001: mTLS without a MeshTrafficPermission would deny all traffic; step 3-mtls is blocked");
    }

    @Test
    void degradedPhaseUsesTheDegradedConditionWhenReadyIsNotFalse() {
        Health health = health("""
                metadata: {name: payments, generation: 2}
                status:
                  observedGeneration: 2
                  phase: Degraded
                  conditions:
                    - {type: Ready, status: Unknown, reason: Reconciling}
                    - {type: Degraded, status: "True", reason: ApplyFailed, message: "meshes.kuma.io payments: admission webhook denied the request"}
                """);

        assertThat(health).isEqualTo(new Health("Degraded",
                "ApplyFailed: meshes.kuma.io payments: admission webhook denied the request"));
    }

    @Test
    void readyFalseWithABlockingReasonIsDegraded() {
        Health health = health("""
                metadata: {name: default, generation: 1}
                status:
                  observedGeneration: 1
                  phase: Pending
                  conditions:
                    - {type: Ready, status: "False", reason: InvalidSpec, message: "spec.mtls.enabledBackend ca-3 is not a backend"}
                """);

        assertThat(health).isEqualTo(new Health("Degraded", "InvalidSpec: spec.mtls.enabledBackend ca-3 is not a backend"));
    }

    @Test
    void progressingReportsTheCurrentStep() {
        Health health = health("""
                metadata: {name: default, generation: 1}
                status:
                  observedGeneration: 1
                  phase: Progressing
                  currentStep: 2-traffic-permission
                  completedSteps: [0-control-plane, 1-mesh]
                  conditions:
                    - {type: Ready, status: "False", reason: StepInProgress, message: waiting to observe MeshTrafficPermission kuma-system/allow-all}
                    - {type: Progressing, status: "True", reason: StepInProgress}
                """);

        assertThat(health).isEqualTo(new Health("Progressing",
                "rollout step 2-traffic-permission in progress: waiting to observe MeshTrafficPermission kuma-system/allow-all"));
    }

    @Test
    void progressingWithoutStepOrConditionsStillSaysSomething() {
        Health health = health("""
                metadata: {name: default, generation: 1}
                status: {observedGeneration: 1, phase: Progressing}
                """);

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).isNotBlank();
    }

    @Test
    void argocdConfigMapPatchEmbedsTheSameScript() {
        JsonNode patch = ChartSupport.documents(ChartSupport.read(argocd().resolve("argocd-cm-patch.yaml"))).get(0);

        assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(patch.path("data").path(HEALTH_KEY).asText())
                .as("the Lua in argocd-cm-patch.yaml must be identical to health-kumaproductionprofile.lua")
                .isEqualTo(script());
    }

    @Test
    void applicationExampleOrdersTheProfileAfterKumaAndUsesTheSyncOptions() {
        List<JsonNode> apps = ChartSupport.documents(ChartSupport.read(argocd().resolve("application-example.yaml")));
        JsonNode kuma = ChartSupport.get(apps, "Application", "kuma");
        JsonNode operator = ChartSupport.get(apps, "Application", "kuma-production-operator");
        JsonNode profiles = ChartSupport.get(apps, "Application", "kuma-production-profiles");

        assertThat(wave(kuma)).isLessThan(wave(operator));
        assertThat(wave(operator)).isLessThan(wave(profiles));
        assertThat(profiles.path("spec").path("source").path("path").asText()).isEqualTo("examples");
        assertThat(HelmChartTest.texts(profiles.path("spec").path("syncPolicy").path("syncOptions")))
                .contains("ServerSideApply=true", "SkipDryRunOnMissingResource=true");
        assertThat(ChartSupport.projectRoot().resolve("examples")
                .resolve(profiles.path("spec").path("source").path("directory").path("include").asText())).exists();
        assertThat(operator.path("spec").path("source").path("path").asText()).isEqualTo("deploy/helm/kuma-production-operator");
    }

    @Test
    void ignoreDifferencesExampleIgnoresTheOperatorsFields() {
        JsonNode app = ChartSupport.documents(ChartSupport.read(argocd().resolve("ignore-differences-example.yaml"))).get(0);
        JsonNode first = app.path("spec").path("ignoreDifferences").get(0);

        assertThat(first.path("kind").asText()).isEqualTo("Deployment");
        assertThat(first.path("name").asText()).isEqualTo("kuma-control-plane");
        assertThat(HelmChartTest.texts(first.path("managedFieldsManagers"))).containsExactly("kuma-production-operator");
        assertThat(HelmChartTest.texts(app.path("spec").path("syncPolicy").path("syncOptions"))).contains("RespectIgnoreDifferences=true");
    }

    private static int wave(JsonNode application) {
        return Integer.parseInt(application.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText());
    }
}
