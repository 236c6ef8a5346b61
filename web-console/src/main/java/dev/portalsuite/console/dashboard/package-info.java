/**
 * The dashboard ({@code /}): for MSSP, MSP and client users their scope's totals, last sync and charts; for
 * inventory users batches by status and those expiring soonest.
 */
package dev.portalsuite.console.dashboard;
