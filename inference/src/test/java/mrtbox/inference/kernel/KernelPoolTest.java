package mrtbox.inference.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KernelPoolTest {

    @Test
    void everyIndexRunsExactlyOnceInGrainAlignedChunks() {
        for (int threads : new int[] {1, 2, 3}) {
            try (KernelPool pool = KernelPool.of(threads)) {
                for (int n : new int[] {1, 7, 8, 9, 64, 1000, 3072, 12294}) {
                    for (int grain : new int[] {1, 4, 8}) {
                        for (int rep = 0; rep < 20; rep++) {
                            AtomicIntegerArray hits = new AtomicIntegerArray(n);
                            pool.run(n, grain, (from, to) -> {
                                assertTrue(from % grain == 0 && from < to && to <= n, "chunk [" + from + ", " + to + ")");
                                for (int i = from; i < to; i++) hits.incrementAndGet(i);
                            });
                            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n + " (" + threads + " threads)");
                        }
                    }
                }
            }
        }
    }

    /**
     * Back-to-back calls of changing sizes, with pauses that let the worker park: a worker that checked a stale claim
     * against the next call's chunk count once ran a chunk too many and the caller then waited forever (seen within
     * ~1M calls). Bounded by calls and by time; the separate thread lets the timeout end a hang.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyCallsOfChangingSizesNeverOverrunOrHang() {
        try (KernelPool pool = KernelPool.of(2)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            AtomicInteger rows = new AtomicInteger();
            for (int call = 0; call < 2_000_000 && System.nanoTime() < deadline; call++) {
                int n = 9 + r.nextInt(200);
                rows.set(0);
                pool.run(n, 8, (from, to) -> rows.addAndGet(to - from));
                assertEquals(n, rows.get(), "rows of call " + call);
                if (call % 1000 == 0) {
                    long pause = System.nanoTime() + r.nextInt(400_000);
                    while (System.nanoTime() < pause) Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void theCallerTakesOverTheChunksOfAWorkerThatIsLate() throws InterruptedException {
        try (KernelPool pool = KernelPool.of(2)) {
            Thread caller = Thread.currentThread();
            CountDownLatch workerStuck = new CountDownLatch(1);
            AtomicInteger callerRows = new AtomicInteger(), workerRows = new AtomicInteger(), workerChunks = new AtomicInteger();
            // the worker's first chunk stands for a worker the scheduler does not run: it waits until the caller has
            // done every other row (or 10 s), so the call finishes quickly only if the caller takes the rest over
            int n = 64 * 8;
            long t0 = System.nanoTime();
            pool.run(n, 8, (from, to) -> {
                if (Thread.currentThread() == caller) {
                    callerRows.addAndGet(to - from);
                } else {
                    workerChunks.incrementAndGet();
                    workerRows.addAndGet(to - from);
                    try {
                        workerStuck.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (callerRows.get() + workerRows.get() == n) workerStuck.countDown();
            });
            assertTrue(workerChunks.get() <= 1, "the worker ran " + workerChunks.get() + " chunks while stuck in its first");
            assertEquals(n, callerRows.get() + workerRows.get(), "rows");
            assertTrue(workerRows.get() < n / 2, "the stuck worker kept " + workerRows.get() + " of " + n + " rows for itself");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(9), "the caller waited for the stuck worker's share");
        }
    }

    @Test
    void aChunksExceptionIsRethrownToTheCallerAndThePoolKeepsWorking() {
        try (KernelPool pool = KernelPool.of(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(1000, 8, (from, to) -> {
                if (from <= 500 && 500 < to) throw boom;
            }));
            assertSame(boom, thrown);
            AtomicInteger sum = new AtomicInteger();
            pool.run(1000, 8, (from, to) -> sum.addAndGet(to - from));
            assertEquals(1000, sum.get());
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        KernelPool pool = KernelPool.of(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(100, 8, (from, to) -> {}));
    }
}
