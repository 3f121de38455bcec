package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.LogCapture;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Where the common pool has parallelism 1 (two CPUs or fewer), the JDK's client starts a thread for
 * every response; each {@link OwnedHttpClient} says so once, with the JVM option that avoids it,
 * and says nothing where it does not apply. Once per client, not once per JVM: the module keeps no
 * static state, and an application has one client.
 */
class ThreadPerResponseHintTest {

    private static final String OPTION = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";

    @Test
    void eachClientGivesTheHintOnceWhereTheJdkStartsAThreadPerResponse() {
        boolean applies = ForkJoinPool.getCommonPoolParallelism() <= 1;
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 2; i++) {
                OwnedHttpClient.create(Duration.ofSeconds(5), 1, null).close();
            }

            long hints = log.lines().stream().filter(line -> line.contains(OPTION)).count();
            assertEquals(applies ? 2 : 0, hints, log::text);
        }
    }
}
