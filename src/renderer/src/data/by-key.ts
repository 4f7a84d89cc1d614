/**
 * `items` with `item` in the place of the one with the same key, or added at the end; sorted by
 * `order` when given. The same array when `item` is already there as it is (a replayed push).
 */
export function upsertByKey<T, K>(items: readonly T[], item: T, key: (item: T) => K, order?: (a: T, b: T) => number): T[] {
  const wanted = key(item);
  const index = items.findIndex((existing) => key(existing) === wanted);
  if (index >= 0 && items[index] === item) return items as T[];
  const next = index >= 0 ? items.map((existing, at) => (at === index ? item : existing)) : [...items, item];
  return order ? next.sort(order) : next;
}
