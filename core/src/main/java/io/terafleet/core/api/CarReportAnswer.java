package io.terafleet.core.api;

/**
 * The coordinator's answer to a {@link CarReport}: the owner's newer policy when the car's is older (its version
 * and the policy as JSON in core's {@code PolicyJson} form), else both null. The car applies it at once.
 */
public record CarReportAnswer(Long policyVersion, String policy) {
    public static CarReportAnswer upToDate() {
        return new CarReportAnswer(null, null);
    }
}
