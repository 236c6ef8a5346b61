package dev.portalsuite.portal.sync;

/**
 * A record that was not written, and why. {@code index} is its position in this batch (null when it was
 * held back from an earlier batch); {@code externalId} is null when the record had no usable one.
 */
public record RejectedRecord(Integer index, String externalId, String reason) {
}
