package dev.portalsuite.shared.web;

/** One invalid input field in a 400 problem. */
public record FieldError(String field, String message) {
}
