package dev.portalsuite.shared.db;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.QualifiedArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.qualifier.QualifiedType;

/**
 * Remembers, per argument type, which of the Jdbi's argument factories binds it, for the life of the Jdbi.
 *
 * <p>Why: Jdbi chooses the factory of each bound value's type by asking its argument factories in turn (about forty
 * with the Postgres plugin), and remembers the answer only in the statement's own copy of the configuration — so it
 * asks them all again for every statement: 16–39 µs of CPU of the unread count's four arguments under load (issue 14).
 * Registered last, this factory is asked first; it answers what the others answer, in their order, once per type.
 * The others are asked with the Jdbi's configuration, so this relies on the argument configuration being the Jdbi's
 * for every statement (it is: {@link Database} sets it all up when it opens, and no DAO or statement changes it).
 * Factories a DAO or a statement registers for itself come before this one and still win.
 */
final class RememberedArguments implements QualifiedArgumentFactory.Preparable {
    private final Map<QualifiedType<?>, Optional<Function<Object, Argument>>> prepared = new ConcurrentHashMap<>();
    /**
     * The Jdbi's configuration: the others are asked with it, not with the statement's, because some of them keep
     * the configuration they were asked with, and a statement's holds that statement's arguments.
     */
    private final ConfigRegistry jdbiConfig;

    private RememberedArguments(ConfigRegistry jdbiConfig) {
        this.jdbiConfig = jdbiConfig;
    }

    static void install(Jdbi jdbi) {
        jdbi.registerArgument(new RememberedArguments(jdbi.getConfig()));
    }

    @Override
    public Optional<Function<Object, Argument>> prepare(QualifiedType<?> type, ConfigRegistry config) {
        Optional<Function<Object, Argument>> known = prepared.get(type);
        if (known != null) {
            return known;
        }
        Optional<Function<Object, Argument>> found = askTheOthers(type);
        prepared.putIfAbsent(type, found);
        return found;
    }

    private Optional<Function<Object, Argument>> askTheOthers(QualifiedType<?> type) {
        for (QualifiedArgumentFactory factory : jdbiConfig.get(Arguments.class).getFactories()) {
            if (factory != this && factory instanceof QualifiedArgumentFactory.Preparable preparable) {
                Optional<Function<Object, Argument>> found = preparable.prepare(type, jdbiConfig);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Values of a type no factory prepares are left to the others, asked by value as before. */
    @Override
    public Optional<Argument> build(QualifiedType<?> type, Object value, ConfigRegistry config) {
        return Optional.empty();
    }
}
