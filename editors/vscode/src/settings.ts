// Shaping the `kep` settings section into what the server is sent (minus the client-only keys).

export const SECTION = 'kep';

/** Keys of the `kep` section that only the client reads: `kep.server.path`, `kep.trace.server`. */
export const CLIENT_ONLY_KEYS: readonly string[] = ['server', 'trace'];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The server's view of the `kep` section: a plain JSON copy without the client-only keys.
 * Used for `initializationOptions` and `workspace/configuration` answers, so the server sees the same object on
 * both paths (a change is announced with `{settings: null}`, and the server pulls).
 */
export function serverSettings(section: unknown): { [key: string]: Json } {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) {
    return {};
  }
  // VS Code hands out frozen proxies: a JSON round trip gives the server a plain, detached object.
  const copy = JSON.parse(JSON.stringify(section)) as { [key: string]: Json };
  for (const key of CLIENT_ONLY_KEYS) {
    delete copy[key];
  }
  return copy;
}

/** Rewrites the answers to a `workspace/configuration` request: items asking for `kep` get `serverSettings`. */
export function shapeConfigurationResults(items: readonly { section?: string }[], results: readonly unknown[]): unknown[] {
  return results.map((result, i) => (items[i]?.section === SECTION ? serverSettings(result) : result));
}
