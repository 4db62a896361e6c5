package io.kumaops.operator.standin;

/** A data plane's status as Kuma's insights count it (Kuma pkg/core/resources/apis/mesh/dataplane_overview_helpers.go). */
enum InsightStatus {
    ONLINE, OFFLINE, PARTIALLY_DEGRADED
}
