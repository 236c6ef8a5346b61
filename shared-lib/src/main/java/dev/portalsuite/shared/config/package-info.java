/**
 * Typed, fail-fast configuration from environment variables: {@code Env} (getters that name the variable in their
 * error), the settings every service reads ({@code CommonConfig}) and {@code PORTAL_ENV} ({@code DeploymentMode}).
 */
package dev.portalsuite.shared.config;
