/**
 * The Heimdal side: the customer-list client, the streaming page parser, and the mapping of one customer to a
 * portal record.
 */
package dev.portalsuite.sync.heimdal;
