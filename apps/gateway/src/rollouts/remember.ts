/** Rollouts whose in-memory figures are kept for status after they end. */
export const REMEMBERED_ROLLOUTS = 16;

/** Get or create `map[key]`, keeping only the `max` most recently created entries (bounded memory). */
export function remember<V>(map: Map<string, V>, key: string, create: () => V, max = REMEMBERED_ROLLOUTS): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value!);
  }
  return value;
}
