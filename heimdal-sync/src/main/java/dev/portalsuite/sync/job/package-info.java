/**
 * One run of the job from token to finish ({@code SyncProcess}) and how it ended ({@code Outcome}, which decides
 * the exit code).
 */
package dev.portalsuite.sync.job;
