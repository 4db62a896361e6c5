package io.kumaops.operator.k3s;

/**
 * Whether the Docker-only tier runs, skips or fails. Without Docker it skips, so the offline build machines pass; a
 * runner that is meant to have Docker sets {@code KUMAOPS_REQUIRE_DOCKER=true} (the e2e-k3s workflow does), and
 * there a missing engine fails the run instead of passing it with nothing tested.
 */
enum DockerRequirement {
    RUN, SKIP, FAIL;

    static final String ENV = "KUMAOPS_REQUIRE_DOCKER";

    static DockerRequirement decide(boolean dockerAvailable, String requireDocker) {
        if (dockerAvailable) {
            return RUN;
        }
        return "true".equalsIgnoreCase(requireDocker == null ? "" : requireDocker.trim()) ? FAIL : SKIP;
    }
}
