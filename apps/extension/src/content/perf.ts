/**
 * Main-thread cost probes. Only when the page opts in (the benchmark sets data-redline-bench on <html>) are
 * durations recorded as User Timing measures, which the page can read with performance.getEntriesByName.
 */
let enabled: boolean | undefined;

function isEnabled(): boolean {
  if (enabled === undefined) enabled = document.documentElement.hasAttribute('data-redline-bench');
  return enabled;
}

export function markStart(): number {
  return isEnabled() ? performance.now() : 0;
}

export function markEnd(name: string, start: number): void {
  if (!isEnabled()) return;
  performance.measure(name, { start, end: performance.now() });
}
