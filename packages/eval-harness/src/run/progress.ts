import cliProgress from 'cli-progress';

export interface Progress {
  tick(failed: boolean): void;
  stop(): void;
}

/** cli-progress bar on stderr with rate and ETA; a no-op when disabled (not a TTY, CI, tests). */
export function createProgress(total: number, enabled: boolean): Progress {
  if (!enabled) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | errors {errors}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  let errors = 0;
  bar.start(total, 0, { rate: '0.0', errors: 0 });
  return {
    tick(failed) {
      done++;
      if (failed) errors++;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(done, { rate: rate.toFixed(1), errors });
    },
    stop() {
      bar.stop();
    },
  };
}
