package io.github.mcpoauth.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * Builds the entity manager factory in code, without {@code persistence.xml}: the four entities,
 * the store's own DataSource, and schema {@code validate} only, because {@link SchemaMigrator}
 * owns the schema. The provider is called directly so a container's own JPA provider (or its
 * provider cache) is never consulted.
 *
 * <p>Only the Jakarta Persistence 3.1 (Jakarta EE 10) contract is used, through the container
 * bootstrap of the specification ({@link PersistenceUnitInfo}, section 9.1): WildFly puts its own
 * 3.1 API ahead of the web application's jars, so code needing 3.2 could not start there.
 */
final class HibernateBootstrap {

    private static final String UNIT = "mcp-oauth-jpa";
    private static final List<Class<?>> ENTITY_CLASSES = List.of(ServerEntity.class, ClientRegistrationEntity.class,
            TokenEntity.class, PendingAuthorizationEntity.class, SharedClientEntity.class);
    private static final List<String> ENTITIES = ENTITY_CLASSES.stream().map(Class::getName).toList();

    private HibernateBootstrap() {
    }

    static EntityManagerFactory create(DataSource dataSource) {
        Map<String, Object> settings = Map.of(
                AvailableSettings.HBM2DDL_AUTO, "validate",
                AvailableSettings.XML_MAPPING_ENABLED, false,
                // resource-local: no JTA platform, even inside an application server that offers one
                AvailableSettings.JTA_PLATFORM, "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
        return new HibernatePersistenceProvider().createContainerEntityManagerFactory(new Unit(dataSource), settings);
    }

    /**
     * Lets go of what Hibernate cached about our mapping in classes that may outlive the
     * application ({@link HibernateClassValues}); call after the factory is closed, or failed.
     */
    static void release() {
        HibernateClassValues.release(Stream.concat(ENTITY_CLASSES.stream(), Stream.of(ServerRowId.class)).toList());
    }

    /** The persistence unit, as a container would describe it from {@code persistence.xml}. */
    private record Unit(DataSource dataSource) implements PersistenceUnitInfo {

        @Override
        public String getPersistenceUnitName() {
            return UNIT;
        }

        @Override
        public String getPersistenceProviderClassName() {
            return HibernatePersistenceProvider.class.getName();
        }

        @Override
        public PersistenceUnitTransactionType getTransactionType() {
            return PersistenceUnitTransactionType.RESOURCE_LOCAL;
        }

        @Override
        public DataSource getJtaDataSource() {
            return null;
        }

        @Override
        public DataSource getNonJtaDataSource() {
            return dataSource;
        }

        @Override
        public List<String> getMappingFileNames() {
            return List.of();
        }

        @Override
        public List<URL> getJarFileUrls() {
            return List.of();
        }

        @Override
        public URL getPersistenceUnitRootUrl() {
            return null;
        }

        @Override
        public List<String> getManagedClassNames() {
            return ENTITIES;
        }

        @Override
        public boolean excludeUnlistedClasses() {
            return true;
        }

        @Override
        public SharedCacheMode getSharedCacheMode() {
            return SharedCacheMode.NONE;
        }

        @Override
        public ValidationMode getValidationMode() {
            return ValidationMode.NONE;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String getPersistenceXMLSchemaVersion() {
            return "3.0";
        }

        @Override
        public ClassLoader getClassLoader() {
            return HibernateBootstrap.class.getClassLoader();
        }

        @Override
        public void addTransformer(ClassTransformer transformer) {
            // no bytecode enhancement: the entities are plain classes
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return null;
        }
    }
}
