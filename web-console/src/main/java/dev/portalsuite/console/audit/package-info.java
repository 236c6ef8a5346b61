/**
 * The admin's audit page ({@code /admin/audit}): the audit logs of auth-, portal- and freshness-service with
 * their filters and paging, read from each service's audit endpoint.
 */
package dev.portalsuite.console.audit;
