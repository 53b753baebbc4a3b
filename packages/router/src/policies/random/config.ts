/** Random has no tuning; the parser exists so every policy is configured the same way. */
export type RandomConfig = Record<string, never>;

export function parseRandomConfig(): RandomConfig {
  return {};
}
