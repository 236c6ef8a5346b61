package dev.portalsuite.shared.ops;

import java.util.function.BooleanSupplier;

/** One named condition of {@code /health/ready}. */
public record ReadinessCheck(String name, BooleanSupplier check) {
}
