package dev.airlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.error.FetchException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void filesOfOneSourceRunSideBySideAndKeepTheirOrder() {
    CountDownLatch all = new CountDownLatch(3);
    List<String> out = Parallel.map(pool, List.of("a", "b", "c"), s -> {
      all.countDown();
      try {
        // each waits for the others: only concurrent execution gets past this
        assertTrue(all.await(10, TimeUnit.SECONDS), "not run side by side");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return s.toUpperCase();
    });
    assertEquals(List.of("A", "B", "C"), out);
  }

  @Test
  void theFirstFailureIsRethrownAsItWasAfterEveryItemFinished() {
    FetchException boom = new FetchException("pkg b.whl: sha256 mismatch");
    AtomicInteger finished = new AtomicInteger();
    FetchException thrown = assertThrows(FetchException.class, () -> Parallel.map(pool, List.of("a", "b", "c", "d"), s -> {
      if (s.equals("b")) {
        throw boom;
      }
      if (s.equals("d")) {
        throw new FetchException("later");
      }
      sleep(200);
      finished.incrementAndGet();
      return s;
    }));
    assertSame(boom, thrown);
    assertEquals(2, finished.get(), "a and c completed before the failure was reported");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
