/**
 * The OpenTelemetry SDK of a gateway with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT, src/config.ts): a tracer provider
 * whose spans are batched and posted to the collector over OTLP/HTTP (JSON encoding). src/main.ts imports this
 * module only when tracing is on, so a gateway without tracing loads none of the SDK; the provider is handed to the
 * gateway explicitly (GatewayOptions.tracerProvider), never registered as the global one.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../config.ts';

/** The sampler OTEL_TRACES_SAMPLER names (OpenTelemetry SDK environment variables, "General SDK Configuration"). */
export function samplerOf(config: Pick<TracingConfig, 'sampler' | 'samplerRatio'>): Sampler {
  const root = (name: string): Sampler =>
    name === 'always_off'
      ? new AlwaysOffSampler()
      : name === 'traceidratio'
        ? new TraceIdRatioBasedSampler(config.samplerRatio)
        : new AlwaysOnSampler();
  if (!config.sampler.startsWith('parentbased_')) return root(config.sampler);
  // Parent-based: a caller's sampled flag decides; the root sampler decides for requests without a caller's trace.
  return new ParentBasedSampler({ root: root(config.sampler.slice('parentbased_'.length)) });
}

export interface TracingSdk {
  readonly provider: BasicTracerProvider;
  /** Exports the spans still queued, then stops the exporter (at shutdown, after the last request). */
  shutdown(): Promise<void>;
}

export function startTracing(config: TracingConfig): TracingSdk {
  const exporter = new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers });
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': config.serviceName })),
    sampler: samplerOf(config),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return { provider, shutdown: () => provider.shutdown() };
}
