/**
 * The admin's product page ({@code /admin/products}): create products and enable them per MSSP or MSP.
 */
package dev.portalsuite.console.product;
