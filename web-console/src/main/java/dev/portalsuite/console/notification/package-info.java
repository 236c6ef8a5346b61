/**
 * Notifications: the unread badge in the header of every page (polled by htmx), the list with its unread
 * filter, mark read and mark all read.
 */
package dev.portalsuite.console.notification;
