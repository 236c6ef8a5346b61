/**
 * Accounts: registration (with an optional invite token), the caller's own profile and password change, the
 * password policy and bcrypt hashing with its concurrency gate, email normalisation, the user DAO, and accounts
 * created from configuration (provisioning, the bootstrap admin).
 */
package dev.portalsuite.auth.account;
