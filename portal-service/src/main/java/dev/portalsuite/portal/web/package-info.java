/**
 * Request-side glue for the controllers: {@code Callers} turns a request's verified principal into a scope
 * {@code Caller}.
 */
package dev.portalsuite.portal.web;
