package io.github.mcpoauth.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.hibernate.tool.schema.Action;

/**
 * Builds the entity manager factory in code, without {@code persistence.xml}: the four entities,
 * the store's own DataSource, and schema {@code validate} only, because {@link SchemaMigrator}
 * owns the schema. The provider is called directly so a container's own JPA provider (or its
 * provider cache) is never consulted.
 */
final class HibernateBootstrap {

    private HibernateBootstrap() {
    }

    static EntityManagerFactory create(DataSource dataSource) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("mcp-oauth-jpa")
                .managedClasses(ServerEntity.class, ClientRegistrationEntity.class, TokenEntity.class,
                        PendingAuthorizationEntity.class)
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .sharedCacheMode(SharedCacheMode.NONE)
                .validationMode(ValidationMode.NONE)
                .schemaToolingAction(Action.VALIDATE)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .property(AvailableSettings.XML_MAPPING_ENABLED, false);
        return new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
    }
}
