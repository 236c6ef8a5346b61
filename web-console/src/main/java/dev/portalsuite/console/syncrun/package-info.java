/**
 * The admin's sync-run page ({@code /admin/sync-runs}): each Heimdal sync run with its counts and rejections.
 */
package dev.portalsuite.console.syncrun;
