package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the store takes back from Hibernate when it closes: the binder's cached values inside the
 * mapping annotation classes, which on WildFly belong to the server and would keep every undeployed
 * application alive (WildFlyRedeployIT shows the effect in the real container).
 */
class HibernateClassValuesTest {

    @Test
    void theBinderCacheItReleasesIsStillWhereThisHibernateKeepsIt() {
        // an upgrade that moves the cache would otherwise turn the release into a silent no-op
        assertFalse(HibernateClassValues.binderCaches().isEmpty(), "no static ClassValue in Hibernate's BinderHelper");
    }

    @Test
    void theMappingAnnotationsOfTheEntitiesAreTheOnesReleased() {
        var types = HibernateClassValues.annotationTypes(List.of(ServerEntity.class, ClientRegistrationEntity.class,
                TokenEntity.class, PendingAuthorizationEntity.class, ServerRowId.class));
        assertTrue(types.containsAll(List.of(Entity.class, Table.class, Column.class, Id.class, EmbeddedId.class)),
                () -> "annotation types found: " + types);
    }

    @Test
    void releaseRemovesTheCachedValueSoTheNextLookupComputesItAgain() {
        Holder.CACHE.get(Column.class);
        Holder.CACHE.get(Column.class);
        assertEquals(1, Holder.COMPUTED.get(), "computed once while cached");

        HibernateClassValues.release(Holder.class.getName(), List.of(ServerEntity.class));

        Holder.CACHE.get(Column.class);
        assertEquals(2, Holder.COMPUTED.get(), "the value for @Column was removed by the release");
    }

    /** A class with a static ClassValue about annotation types, as Hibernate's binder has one. */
    static final class Holder {
        static final AtomicInteger COMPUTED = new AtomicInteger();
        private static final ClassValue<Object> CACHE = new ClassValue<>() {
            @Override
            protected Object computeValue(Class<?> type) {
                COMPUTED.incrementAndGet();
                return new Object();
            }
        };
    }
}
