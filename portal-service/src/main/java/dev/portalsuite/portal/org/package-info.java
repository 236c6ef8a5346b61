/**
 * Organisations of the MSSP → MSP → Client hierarchy ({@code /api/portal/orgs}): listing and reading within the
 * caller's scope, who may create or change what where ({@code OrgRules}), placement, and archiving a subtree.
 */
package dev.portalsuite.portal.org;
