package dev.portalsuite.portal.scope;

import java.util.UUID;

/**
 * The organisations a caller may see: everything (admin), nothing (no organisation), or one organisation
 * with its whole subtree. Because every org row carries its ancestors ({@code mssp_id}, {@code msp_id}),
 * a subtree is a single indexed equality, chosen by the root's type.
 */
public final class Scope {
    public enum Kind { ALL, ORG, NONE }

    private static final Scope ALL = new Scope(Kind.ALL, null);
    private static final Scope NONE = new Scope(Kind.NONE, null);

    private final Kind kind;
    private final OrgRef root;

    private Scope(Kind kind, OrgRef root) {
        this.kind = kind;
        this.root = root;
    }

    public static Scope all() {
        return ALL;
    }

    public static Scope none() {
        return NONE;
    }

    /** The organisation and everything below it. */
    public static Scope subtreeOf(OrgRef root) {
        return new Scope(Kind.ORG, root);
    }

    public Kind kind() {
        return kind;
    }

    /** The root organisation of an ORG scope, else null. */
    public OrgRef root() {
        return root;
    }

    /** Bound as {@code :scopeOrg} next to {@link #predicate(String)}; null unless ORG. */
    public UUID rootId() {
        return root == null ? null : root.id();
    }

    /**
     * A SQL condition over the orgs table alias {@code alias} selecting this scope; it refers to the bind
     * parameter {@code :scopeOrg}. The text is one of a few constants, never built from input.
     */
    public String predicate(String alias) {
        if (!alias.matches("[a-z]{1,3}")) {
            throw new IllegalArgumentException("bad alias");
        }
        return switch (kind) {
            case ALL -> "TRUE";
            case NONE -> "FALSE";
            case ORG -> switch (root.type()) {
                case "MSSP" -> alias + ".mssp_id = :scopeOrg";
                case "MSP" -> alias + ".msp_id = :scopeOrg";
                default -> alias + ".id = :scopeOrg";
            };
        };
    }

    public boolean contains(OrgRef org) {
        return switch (kind) {
            case ALL -> true;
            case NONE -> false;
            case ORG -> switch (root.type()) {
                case "MSSP" -> root.id().equals(org.msspId());
                case "MSP" -> root.id().equals(org.mspId());
                default -> root.id().equals(org.id());
            };
        };
    }

    /** Inside the scope and not its root: what an organisation's own users may administer. */
    public boolean containsStrictlyBelowRoot(OrgRef org) {
        return contains(org) && (root == null || !root.id().equals(org.id()));
    }

    @Override
    public String toString() {
        return kind == Kind.ORG ? "Scope[" + root.type() + " " + root.id() + "]" : "Scope[" + kind + "]";
    }
}
