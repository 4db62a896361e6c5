package io.kumaops.operator.model;

import io.kumaops.operator.api.v1alpha1.FindingSource;

/** A value and where it came from: the profile said it, or the cluster showed it. */
public record Known<T>(T value, FindingSource source) {

    public boolean fromCluster() {
        return source == FindingSource.Cluster;
    }

    /** True when the fact is known and true. */
    public static boolean isTrue(java.util.Optional<Known<Boolean>> fact) {
        return fact.map(Known::value).map(Boolean.TRUE::equals).orElse(false);
    }
}
