package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnedHttpClient} answers from the body handler, without waiting for the JDK client's
 * final hop to {@code CompletableFuture}'s default executor: {@link EarlyAnswerProbe} keeps every
 * worker of the common pool (parallelism 2, so that hop goes there) busy, and the answer still
 * arrives, complete and on the module's own HTTP thread, while the JDK's own future waits.
 */
class EarlyAnswerTest {

    @Test
    void anAnswerDoesNotWaitForTheJdksHopToABusyCommonPool() throws Exception {
        String out = ChildJvm.run(EarlyAnswerProbe.class,
                List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"), List.of(), 120);
        assertTrue(out.contains("COMMON-POOL-WORKERS 2"), out);
        // the canary: with its pool busy, the JDK's own future does not complete
        assertTrue(out.contains("JDK-ANSWERED false"), out);
        assertTrue(out.contains("OWNED-ANSWERED 200 hello yes true mcp-oauth-http-"), out);
    }
}
