import "server-only";
import type { MetricsService } from "./metrics-service";

// A server that is stopped (SIGTERM from its supervisor, Ctrl-C) gives the collector's lease up at once, so a
// standby replica takes over at its next tick instead of after the lease expires (four intervals). Next's own
// handler also runs and exits the process when its server has closed; when nothing else listens for the signal,
// this one exits with the signal's code once the service has stopped, as Node would have without a listener.

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

export interface ShutdownProcess {
  once(signal: keyof typeof SIGNALS, listener: () => void): unknown;
  listenerCount(signal: keyof typeof SIGNALS): number;
  exit(code: number): void;
}

/** Stops `service` (writing the minute in progress and releasing its lease) on the first SIGTERM or SIGINT. */
export function releaseLeaseOnShutdown(service: MetricsService, target: ShutdownProcess = process): void {
  let stopping: Promise<void> | undefined;
  for (const [signal, code] of Object.entries(SIGNALS) as [keyof typeof SIGNALS, number][]) {
    target.once(signal, () => {
      const alone = target.listenerCount(signal) === 0;
      stopping ??= service.stop();
      void stopping.finally(() => {
        if (alone) target.exit(code);
      });
    });
  }
}
