/**
 * Operations endpoints a service exposes: Prometheus metrics ({@code Metrics}), the checks behind
 * {@code /health/ready} ({@code ReadinessCheck}), and the hand-written openapi.yaml with Swagger UI ({@code ApiDocs}).
 */
package dev.portalsuite.shared.ops;
