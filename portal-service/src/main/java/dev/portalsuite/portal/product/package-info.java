/**
 * The product catalogue ({@code /api/portal/products}) and the products enabled per MSSP or MSP.
 */
package dev.portalsuite.portal.product;
