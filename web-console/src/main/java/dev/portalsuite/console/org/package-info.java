/**
 * The organisation pages ({@code /orgs}): the tree of the caller's scope with search, filters and paging, an
 * organisation with its children, licences, devices, products and last sync; create, edit, archive.
 */
package dev.portalsuite.console.org;
