package dev.portalsuite.shared.db;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ConfigCustomizerFactory;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;
import org.jdbi.v3.core.extension.ExtensionHandlerFactory;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.sqlobject.SqlObjectFactory;

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
 * <p>Not covered (and not used in the suite): DAOs created with {@code @CreateSqlObject} and types generated with
 * {@code @GenerateSqlObject} go through Jdbi's own factories.
 */
final class LazySqlObjects implements ExtensionFactory {
    private final ExtensionFactory sqlObjects;
    /** Jdbi caches metadata in each handle's copy of the configuration: a DAO attached inside a transaction was described anew every time. */
    private final Map<Class<?>, ExtensionMetadata> metadataByType = new ConcurrentHashMap<>();

    private LazySqlObjects(ExtensionFactory sqlObjects) {
        this.sqlObjects = sqlObjects;
    }

    /** Puts this factory in front of the SqlObject plugin's (which must be installed already). */
    static void install(Jdbi jdbi) {
        ExtensionFactory sqlObjects = jdbi.getConfig(Extensions.class).findFactory(SqlObjectFactory.class)
                .orElseThrow(() -> new IllegalStateException("install the SqlObjectPlugin first"));
        jdbi.registerExtension(new LazySqlObjects(sqlObjects));
    }

    @Override
    public boolean accepts(Class<?> extensionType) {
        return sqlObjects.accepts(extensionType);
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
        ConfigRegistry instanceConfig = metadata.createInstanceConfiguration(config);
        Map<Method, ExtensionMetadata.ExtensionHandlerInvoker> invokers = new ConcurrentHashMap<>(4);
        Object proxy = Proxy.newProxyInstance(extensionType.getClassLoader(), new Class<?>[] {extensionType},
                (instance, method, args) -> switch (objectMethod(method)) {
                    case "toString" -> "Jdbi extension proxy for " + extensionType.getName() + "@"
                            + Integer.toHexString(System.identityHashCode(instance));
                    case "hashCode" -> System.identityHashCode(instance);
                    case "equals" -> instance == args[0];
                    default -> invokers.computeIfAbsent(method, m -> {
                        if (!metadata.getExtensionMethods().contains(m)) {
                            throw new IllegalStateException("no SqlObject handler for " + m);
                        }
                        return metadata.createExtensionHandlerInvoker(instance, m, handleSupplier, instanceConfig);
                    }).invoke(args);
                });
        return extensionType.cast(proxy);
    }

    /** The name of an {@code Object} method the proxy answers itself (as Jdbi's does), or "" for a DAO method. */
    private static String objectMethod(Method method) {
        return method.getDeclaringClass() == Object.class ? method.getName() : "";
    }
}
