package io.kumaops.operator.admission;

import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.standin.KumaStandIn;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kuma's own v2.14.3 cases and the project's own cases ({@link WebhookCaseRun}) through the real API server with the
 * stand-in's webhook registered. The stand-in judges as the case's target (distribution, minor, role) for the case's
 * duration, and the previous object of an UPDATE or DELETE is stored unjudged, so every case runs here.
 */
class KumaWebhookConformanceIT {

    private static WebhookCaseRun run;

    @BeforeAll
    static void cluster() {
        TestCluster cluster = TestCluster.get();
        run = new WebhookCaseRun("KumaWebhookConformanceIT", "1.20", cluster.client(), new StandInKuma(cluster.standIn()));
    }

    @AfterAll
    static void report() {
        if (run != null) {
            run.report();
        }
    }

    @TestFactory
    Stream<DynamicContainer> kumasCasesGetTheirVerdictThroughTheWebhook() {
        return run.kumasCases();
    }

    @TestFactory
    Stream<DynamicTest> ownCasesGetTheirVerdictThroughTheWebhook() {
        return run.ownCases();
    }

    /** The stand-in: it judges as any target and can admit without judging, so it takes every case. */
    private record StandInKuma(KumaStandIn standIn) implements WebhookCaseRun.Kuma {

        @Override
        public String skipReason(KumaCases.Case c, AdmissionRequest request) {
            return null;
        }

        @Override
        public AutoCloseable prepare(AdmissionRequest request, Map<String, Object> object) {
            return standIn.judgeAs(request.target());
        }

        @Override
        public WebhookCaseRun.Answer store(WebhookCaseRun caseRun, String collection, Map<String, Object> object) throws Exception {
            try (KumaStandIn.Scope unjudged = standIn.admitUnjudged()) {
                return caseRun.send("POST", collection, object, null);
            }
        }

        @Override
        public boolean storesAnything() {
            return true;
        }

        @Override
        public void remove(WebhookCaseRun caseRun, String collection, String name) throws Exception {
            try (KumaStandIn.Scope unjudged = standIn.admitUnjudged()) {
                caseRun.send("DELETE", collection + "/" + name, null, null);
            }
        }

        @Override
        public boolean isKumasWebhook(String webhookName) {
            return WebhookCaseRun.VALIDATOR.equals(webhookName);
        }
    }
}
