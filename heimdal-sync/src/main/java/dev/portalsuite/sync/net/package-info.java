/**
 * What the job's HTTP clients share: the bounded retry policy with back-off, waiting ({@code Sleeper}),
 * cancellation on SIGTERM, transport-error descriptions and {@code SyncFailure}, the error that ends a run.
 */
package dev.portalsuite.sync.net;
