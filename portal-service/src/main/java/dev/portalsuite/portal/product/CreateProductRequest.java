package dev.portalsuite.portal.product;

public record CreateProductRequest(String code, String name) {
}
