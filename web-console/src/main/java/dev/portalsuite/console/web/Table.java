package dev.portalsuite.console.web;

import java.util.List;

/** A read-only table for pages that only list what an API returns (audit events, sync runs). */
public record Table(String caption, List<String> headers, List<List<String>> rows) {
}
