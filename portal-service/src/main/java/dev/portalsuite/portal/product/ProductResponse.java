package dev.portalsuite.portal.product;

import java.util.UUID;

/** {@code Product}. */
public record ProductResponse(UUID id, String code, String name) {
}
