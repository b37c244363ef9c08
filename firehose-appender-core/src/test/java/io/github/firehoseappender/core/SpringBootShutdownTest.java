package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpringBootShutdownTest {

    @Test
    void isInProgressOnlyWhileSpringBootsHookThreadIsAlive() throws Exception {
        assertThat(SpringBootShutdown.inProgress()).isFalse();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "SpringApplicationShutdownHook");
        hook.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(SpringBootShutdown.inProgress()).isTrue();
        release.countDown();
        hook.join(30_000);
        assertThat(SpringBootShutdown.inProgress()).isFalse();
    }

    @Test
    void withoutSpringBootOnTheClasspathTheExitHookDoesNotWait() {
        assertThat(SpringBootShutdown.inProgressAtExit()).isFalse();
    }
}
