package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessScoreTest {

    private static ReadinessScore score(int errors, int warnings, int infos, int suppressedErrors) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            findings.add(ReportFixtures.finding("InMemoryStore", Severity.Error, "spec", "m", "f"));
        }
        for (int i = 0; i < warnings; i++) {
            findings.add(ReportFixtures.finding("SingleControlPlaneReplica", Severity.Warning, "spec", "m", "f"));
        }
        for (int i = 0; i < infos; i++) {
            findings.add(ReportFixtures.finding("AllowAllTrafficPermission", Severity.Info, "spec", "m", "f"));
        }
        for (int i = 0; i < suppressedErrors; i++) {
            findings.add(ReportFixtures.suppressed(ReportFixtures.finding("InMemoryStore", Severity.Error, "spec", "m", "f"), "lab"));
        }
        return ReadinessScore.of(new ProfileFindings("p", "p.yaml", 1, findings));
    }

    @Test
    void nothingOpenIsAHundredAndReady() {
        ReadinessScore score = score(0, 0, 0, 0);
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.ready()).isTrue();
        assertThat(score.verdict()).isEqualTo("ready");
    }

    @Test
    void errorsCostTwentyFiveWarningsFiveInfoNothing() {
        assertThat(score(1, 0, 0, 0).score()).isEqualTo(75);
        assertThat(score(0, 1, 0, 0).score()).isEqualTo(95);
        assertThat(score(0, 0, 7, 0).score()).isEqualTo(100);
        assertThat(score(2, 3, 4, 0).score()).isEqualTo(35);
        assertThat(score(2, 3, 4, 0).explanation()).isEqualTo("100 − 2 × 25 − 3 × 5 = 35");
    }

    @Test
    void theScoreNeverGoesBelowZero() {
        ReadinessScore score = score(4, 2, 0, 0);
        assertThat(score.score()).isZero();
        assertThat(score.explanation()).isEqualTo("100 − 4 × 25 − 2 × 5 = -10, floored at 0");
    }

    @Test
    void anOpenErrorIsNotReadyWhateverTheScoreAndSuppressedOnesCostNothing() {
        assertThat(score(1, 0, 0, 0).ready()).isFalse();
        assertThat(score(1, 0, 0, 0).verdict()).isEqualTo("not ready");
        assertThat(score(0, 0, 0, 3).score()).isEqualTo(100);
        assertThat(score(0, 0, 0, 3).ready()).isTrue();
        assertThat(score(0, 6, 0, 0).ready()).as("warnings lower the score, they do not make it not ready").isTrue();
    }
}
