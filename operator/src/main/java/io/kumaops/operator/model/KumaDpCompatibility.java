package io.kumaops.operator.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a control plane supports a kuma-dp of some version, by Kuma's own rule: Kuma
 * pkg/version/compatibility.go {@code DeploymentVersionCompatible} (v2.14.3), which Kuma applies to every
 * connecting proxy and records as {@code kumaCpCompatible} in its DataplaneInsight (pkg/core/xds/metadata.go).
 * The same major and a minor at most {@link #SUPPORTED_MINOR_SKEW} before or after the control plane's are
 * supported. A version that does not parse (a dev build, Kuma's {@code unknown}) or contains {@code preview} is
 * taken as supported, as Kuma takes it; a pre-release ({@code 2.13.0-rc.1}) is not, because the semver constraint
 * Kuma checks carries no pre-release and Masterminds/semver v3 then rejects one (constraints.go,
 * {@code constraintGreaterThanEqual}).
 */
public final class KumaDpCompatibility {

    /** Minors a kuma-dp may be behind or ahead of its control plane ("at most two prior minor versions"). */
    public static final int SUPPORTED_MINOR_SKEW = 2;

    private static final String PREVIEW = "preview";
    /** Masterminds/semver v3's loose version syntax (version.go {@code looseSemVerRegex}; NewVersion coerces by default). */
    private static final Pattern LOOSE_SEMVER = Pattern.compile(
            "\\Av?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?\\z");

    /** A parsed version: the parts the compatibility rule reads. */
    public record Version(long major, long minor, boolean prerelease) {
    }

    private KumaDpCompatibility() {
    }

    /** Kuma's verdict for a kuma-dp of {@code dataplaneVersion} connecting to a control plane of {@code controlPlaneVersion}. */
    public static boolean compatible(String controlPlaneVersion, String dataplaneVersion) {
        if (contains(controlPlaneVersion, PREVIEW) || contains(dataplaneVersion, PREVIEW)) {
            return true;
        }
        Optional<Version> cp = parse(controlPlaneVersion);
        Optional<Version> dp = parse(dataplaneVersion);
        if (cp.isEmpty() || dp.isEmpty()) {
            return true;
        }
        if (dp.get().prerelease()) {
            return false;
        }
        long lowest = Math.max(cp.get().minor() - SUPPORTED_MINOR_SKEW, 0);
        long highest = cp.get().minor() + SUPPORTED_MINOR_SKEW;
        return dp.get().major() == cp.get().major() && dp.get().minor() >= lowest && dp.get().minor() <= highest;
    }

    /** The version as Masterminds/semver's NewVersion reads it, empty when it does not parse. */
    public static Optional<Version> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = LOOSE_SEMVER.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            long major = Long.parseLong(matcher.group(1));
            long minor = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2).substring(1));
            return Optional.of(new Version(major, minor, matcher.group(5) != null));
        } catch (NumberFormatException e) {
            return Optional.empty(); // a part beyond a long: no release is numbered so
        }
    }

    private static boolean contains(String text, String part) {
        return text != null && text.contains(part);
    }
}
