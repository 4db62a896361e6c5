package io.kumaops.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerRequirementTest {

    @Test
    void withDockerTheTierRuns() {
        assertThat(DockerRequirement.decide(true, null)).isEqualTo(DockerRequirement.RUN);
        assertThat(DockerRequirement.decide(true, "true")).isEqualTo(DockerRequirement.RUN);
    }

    @Test
    void withoutDockerItSkipsUnlessDockerIsRequired() {
        assertThat(DockerRequirement.decide(false, null)).isEqualTo(DockerRequirement.SKIP);
        assertThat(DockerRequirement.decide(false, "false")).isEqualTo(DockerRequirement.SKIP);
        assertThat(DockerRequirement.decide(false, "true")).isEqualTo(DockerRequirement.FAIL);
        assertThat(DockerRequirement.decide(false, " TRUE ")).isEqualTo(DockerRequirement.FAIL);
    }
}
