/** Flattens the signals object into dotted keys for a readable table. */
export function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.push([prefix, Array.isArray(value) ? value.map(String).join(', ') : value === null ? '—' : String(value)]);
  }
  return out;
}

