package dev.portalsuite.sync.heimdal;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives each customer as parsed; returns false to stop reading the current page. */
@FunctionalInterface
public interface CustomerSink {
    boolean accept(JsonNode customer);
}
