package dev.portalsuite.shared.db;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ConfigCustomizerFactory;
import org.jdbi.v3.core.extension.ExtensionContext;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;
import org.jdbi.v3.core.extension.ExtensionHandlerFactory;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SqlObject DAOs attached the way Jdbi does, except that a method's handler is prepared when the method is first
 * called on the attached instance instead of for every method at attach time.
 *
 * <p>Why: Jdbi attaches a DAO for every {@code withExtension}/{@code attach} call, and its proxy prepares a handler —
 * a configuration copy, a statement handler, a warm-up — for each of the interface's methods before the one the
 * caller wants runs. A profile of a protected read (issue 14) put that at 14–23% of the service's CPU for DAOs of
 * ten or more methods, more than the SQL itself. The metadata (SQL, binders, mappers, customizers) is Jdbi's own and
 * cached per type; only the per-instance work is done lazily, once per method called.
 *
 * <p>The metadata is cached here, once per type for the whole {@link Jdbi}: Jdbi keeps it in the configuration each
 * handle copies, so a DAO attached with {@code handle.attach} inside a transaction was described from its annotations
 * again for every transaction (16% of a refresh's CPU). The services register no extension customizers per handle,
 * which is what makes one description per type right.
 *
 * <p>A DAO used the common way, {@code jdbi.withExtension(Dao.class, ...)} or {@code jdbi.onDemand}, is attached to
 * the Jdbi's own configuration; for its statement methods ({@code @SqlQuery}, {@code @SqlUpdate}, {@code @SqlBatch}) the prepared handler does not
 * depend on the attached instance, so it is prepared once per method for the whole Jdbi and reused by every later
 * attach: the configuration copies and the warm-up (argument and mapper look-ups) are not repeated on every call
 * (about 12 µs of CPU per call, 8 % of a protected read's CPU under load; issue 14). The handle of each call is the
 * one of the attach that made it ({@link CallersHandle}). Default methods, and DAOs attached to a handle (whose
 * configuration may differ), get handlers of their own as above. Like the metadata, this relies on the Jdbi being
 * configured before its first DAO call ({@link Database} does all of it when it opens). While a shared statement
 * method runs, its handle's configuration is the shared one: code running inside it (a mapper, an argument) must not
 * change the handle's configuration (none does; a default method may, as it runs on a configuration of its own).
 *
 * <p>Not covered (and not used in the suite): DAOs created with {@code @CreateSqlObject} and types generated with
 * {@code @GenerateSqlObject} go through Jdbi's own factories.
 */
final class LazySqlObjects implements ExtensionFactory {
    private final ExtensionFactory sqlObjects;
    /** Jdbi caches metadata in each handle's copy of the configuration: a DAO attached inside a transaction was described anew every time. */
    private final Map<Class<?>, ExtensionMetadata> metadataByType = new ConcurrentHashMap<>();
    private final ConfigRegistry jdbiConfig;
    /** Per type, the configuration of instances attached to {@link #jdbiConfig} and their SQL methods' invokers. */
    private final Map<Class<?>, SharedHandlers> sharedByType = new ConcurrentHashMap<>();

    /**
     * Jdbi asks whether a type is a SqlObject on every attach, and its answer reads all the type's methods and their
     * annotations (7 µs of a protected read's CPU under load); a type's answer never changes.
     */
    private final ClassValue<Boolean> accepted = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return sqlObjects.accepts(type);
        }
    };

    private LazySqlObjects(ExtensionFactory sqlObjects, ConfigRegistry jdbiConfig) {
        this.sqlObjects = sqlObjects;
        this.jdbiConfig = jdbiConfig;
    }

    /** Puts this factory in front of the SqlObject plugin's (which must be installed already). */
    static void install(Jdbi jdbi) {
        ExtensionFactory sqlObjects = jdbi.getConfig(Extensions.class).findFactory(SqlObjectFactory.class)
                .orElseThrow(() -> new IllegalStateException("install the SqlObjectPlugin first"));
        jdbi.registerExtension(new LazySqlObjects(sqlObjects, jdbi.getConfig()));
    }

    @Override
    public boolean accepts(Class<?> extensionType) {
        return accepted.get(extensionType);
    }

    @Override
    public Set<FactoryFlag> getFactoryFlags() {
        return EnumSet.of(FactoryFlag.DONT_USE_PROXY); // this factory builds its own proxy
    }

    @Override
    public void buildExtensionMetadata(ExtensionMetadata.Builder builder) {
        sqlObjects.buildExtensionMetadata(builder);
    }

    @Override
    public Collection<ExtensionHandlerFactory> getExtensionHandlerFactories(ConfigRegistry config) {
        return sqlObjects.getExtensionHandlerFactories(config);
    }

    @Override
    public Collection<ExtensionHandlerCustomizer> getExtensionHandlerCustomizers(ConfigRegistry config) {
        return sqlObjects.getExtensionHandlerCustomizers(config);
    }

    @Override
    public Collection<ConfigCustomizerFactory> getConfigCustomizerFactories(ConfigRegistry config) {
        return sqlObjects.getConfigCustomizerFactories(config);
    }

    @Override
    public <E> E attach(Class<E> extensionType, HandleSupplier handleSupplier) {
        if (extensionType == null || !extensionType.isInterface()) {
            throw new IllegalArgumentException("cannot attach " + extensionType + " as a SqlObject");
        }
        ConfigRegistry config = handleSupplier.getConfig();
        Extensions extensions = config.get(Extensions.class);
        extensions.onCreateProxy();
        ExtensionMetadata metadata = metadataByType.computeIfAbsent(extensionType, type -> extensions.findMetadata(type, this));
        SharedHandlers shared = config == jdbiConfig
                ? sharedByType.computeIfAbsent(extensionType, type -> new SharedHandlers(metadata, metadata.createInstanceConfiguration(config)))
                : null;
        ConfigRegistry instanceConfig = shared != null ? shared.instanceConfig() : metadata.createInstanceConfiguration(config);
        Map<Method, ExtensionMetadata.ExtensionHandlerInvoker> invokers = new ConcurrentHashMap<>(4);
        Object proxy = Proxy.newProxyInstance(extensionType.getClassLoader(), new Class<?>[] {extensionType},
                (instance, method, args) -> switch (objectMethod(method)) {
                    case "toString" -> "Jdbi extension proxy for " + extensionType.getName() + "@"
                            + Integer.toHexString(System.identityHashCode(instance));
                    case "hashCode" -> System.identityHashCode(instance);
                    case "equals" -> instance == args[0];
                    default -> {
                        if (!metadata.getExtensionMethods().contains(method)) {
                            throw new IllegalStateException("no SqlObject handler for " + method);
                        }
                        ExtensionMetadata.ExtensionHandlerInvoker sharedInvoker = shared == null ? null : shared.invoker(method);
                        if (sharedInvoker != null) {
                            yield CallersHandle.invoke(handleSupplier, sharedInvoker, args);
                        }
                        yield invokers.computeIfAbsent(method, m -> metadata.createExtensionHandlerInvoker(instance, m, handleSupplier, instanceConfig))
                                .invoke(args);
                    }
                });
        return extensionType.cast(proxy);
    }

    /** The handlers of one DAO type's SQL methods for instances attached to the Jdbi's own configuration. */
    private record SharedHandlers(ExtensionMetadata metadata, ConfigRegistry instanceConfig,
                                  Map<Method, Optional<ExtensionMetadata.ExtensionHandlerInvoker>> invokers) {
        SharedHandlers(ExtensionMetadata metadata, ConfigRegistry instanceConfig) {
            this(metadata, instanceConfig, new ConcurrentHashMap<>());
        }

        /** The shared invoker of a SQL statement method; null for any other method (it gets one per instance). */
        ExtensionMetadata.ExtensionHandlerInvoker invoker(Method method) {
            return invokers.computeIfAbsent(method, m -> isStatement(m)
                    ? Optional.of(metadata.createExtensionHandlerInvoker(null, m, CallersHandle.INSTANCE, instanceConfig))
                    : Optional.empty()).orElse(null);
        }

        /**
         * Statement methods' handlers ignore the instance they are attached to and use the handle supplier they are
         * given; other abstract methods' may not ({@code @CreateSqlObject} keeps its supplier, for one).
         */
        private static boolean isStatement(Method method) {
            return Modifier.isAbstract(method.getModifiers()) && (method.isAnnotationPresent(SqlQuery.class)
                    || method.isAnnotationPresent(SqlUpdate.class) || method.isAnnotationPresent(SqlBatch.class));
        }
    }

    /**
     * The handle supplier of a shared invoker: the one of the attached instance whose method is running on this
     * thread (a stack, so a call made from inside another keeps each its own).
     */
    private static final class CallersHandle implements HandleSupplier {
        static final CallersHandle INSTANCE = new CallersHandle();
        private static final ThreadLocal<HandleSupplier> CURRENT = new ThreadLocal<>();

        static Object invoke(HandleSupplier caller, ExtensionMetadata.ExtensionHandlerInvoker invoker, Object[] args) {
            HandleSupplier previous = CURRENT.get();
            CURRENT.set(caller);
            try {
                return invoker.invoke(args);
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        }

        private static HandleSupplier current() {
            HandleSupplier caller = CURRENT.get();
            if (caller == null) {
                throw new IllegalStateException("a shared SqlObject handler was used outside of its call");
            }
            return caller;
        }

        @Override
        public Handle getHandle() {
            return current().getHandle();
        }

        @Override
        public Jdbi getJdbi() {
            return current().getJdbi();
        }

        @Override
        public ConfigRegistry getConfig() {
            return current().getConfig();
        }

        @Override
        public <V> V invokeInContext(ExtensionContext extensionContext, Callable<V> task) throws Exception {
            return current().invokeInContext(extensionContext, task);
        }
    }

    /** The name of an {@code Object} method the proxy answers itself (as Jdbi's does), or "" for a DAO method. */
    private static String objectMethod(Method method) {
        return method.getDeclaringClass() == Object.class ? method.getName() : "";
    }
}
