package org.chatharness.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;
import org.chatharness.server.codec.Protocol;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The server's own meters, and the registry {@code /metrics} is scraped from.
 *
 * <p>Every meter is created once up front (or once per close code), so counting on the hot path is
 * an increment, never a lookup by name. Names follow Prometheus conventions, prefixed {@code
 * chat_}; README.md lists them. A lifecycle bean of the server: stopping it releases the JVM's
 * meters.
 */
public final class ChatMetrics extends AbstractLifeCycle {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[] opened = new Counter[Protocol.values().length];
  private final Counter[] received = new Counter[Protocol.values().length];
  private static final int FIRST_NAMED_CODE = 1000;
  private static final int LAST_NAMED_CODE = 1015;

  private final ConcurrentMap<String, Counter> closed = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Timer fanOut;
  private final Counter slowConsumers;
  private final Counter rateLimited;
  private final Counter brokerErrors;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ChatMetrics() {
    for (Protocol protocol : Protocol.values()) {
      String tag = protocol.name().toLowerCase(java.util.Locale.ROOT);
      opened[protocol.ordinal()] =
          Counter.builder("chat.connections.opened")
              .description("WebSocket connections opened")
              .tag("protocol", tag)
              .register(registry);
      received[protocol.ordinal()] =
          Counter.builder("chat.messages.received")
              .description("Chat messages received from clients")
              .tag("protocol", tag)
              .register(registry);
    }
    delivered =
        Counter.builder("chat.messages.delivered")
            .description("Messages queued for recipients (one per recipient)")
            .register(registry);
    fanOut =
        Timer.builder("chat.fanout")
            .description(
                "Time to queue one message for every member of its room and start the writes")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofMillis(100))
            .register(registry);
    slowConsumers =
        Counter.builder("chat.slow.consumer.closes")
            .description("Connections closed for not keeping up (1008)")
            .register(registry);
    rateLimited =
        Counter.builder("chat.messages.rate.limited")
            .description("Sends refused by the rate limit")
            .register(registry);
    brokerErrors =
        Counter.builder("chat.broker.errors")
            .description("Messages the broker failed to publish")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for binders (Jetty) and for scraping. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Registers a gauge read at scrape time, such as open connections or queued bytes. */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  public void connectionOpened(Protocol protocol) {
    opened[protocol.ordinal()].increment();
  }

  /**
   * A connection closed with {@code code}. The codes RFC 6455 and its IANA registry name
   * (1000-1015) are counted under their number; any other, which a client may choose freely
   * (3000-4999), under {@code other}, so clients cannot make the server keep thousands of series.
   */
  public void connectionClosed(int code) {
    closed
        .computeIfAbsent(
            closeCodeLabel(code),
            label ->
                Counter.builder("chat.connections.closed")
                    .description("WebSocket connections closed, by close code")
                    .tag("code", label)
                    .register(registry))
        .increment();
  }

  static String closeCodeLabel(int code) {
    return code >= FIRST_NAMED_CODE && code <= LAST_NAMED_CODE ? Integer.toString(code) : "other";
  }

  public void messageReceived(Protocol protocol) {
    received[protocol.ordinal()].increment();
  }

  /** One message queued for {@code recipients} members, taking {@code nanos}. */
  public void fannedOut(int recipients, long nanos) {
    delivered.increment(recipients);
    fanOut.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * An upgrade refused before it happened, for {@code reason}: origin, address_limit, server_full.
   */
  public void connectionRefused(String reason) {
    refused
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("chat.connections.refused")
                    .description("WebSocket upgrades refused, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void brokerError() {
    brokerErrors.increment();
  }

  @Override
  protected void doStop() {
    gc.close();
    registry.close();
  }
}
