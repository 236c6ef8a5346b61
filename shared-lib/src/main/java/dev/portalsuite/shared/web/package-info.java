/**
 * What every service's HTTP layer shares: {@code ServiceServer} (the Javalin app with request ids, JSON access logs,
 * route roles, health, metrics and API docs), problem+json errors ({@code ApiException}, {@code Problem},
 * {@code FieldError}), request and field parsing ({@code Requests}, {@code Inputs}), paging and trusted proxies.
 */
package dev.portalsuite.shared.web;
