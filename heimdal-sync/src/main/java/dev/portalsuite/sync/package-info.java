/**
 * heimdal-sync: the command-line entry point {@code HeimdalSync}, the composition root {@code SyncJob}, its typed
 * configuration {@code SyncConfig}, and {@code LocalSync}, what the local suite offers for the job.
 */
package dev.portalsuite.sync;
