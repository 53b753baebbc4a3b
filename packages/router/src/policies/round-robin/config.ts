/** Round-robin has no tuning; the parser exists so every policy is configured the same way. */
export type RoundRobinConfig = Record<string, never>;

export function parseRoundRobinConfig(): RoundRobinConfig {
  return {};
}
