import { describe, expect, it } from 'vitest';
import { localeResources } from './index';

/** Every key path of a nested string table. */
function keyPaths(table: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? keyPaths(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('locales', () => {
  const resources = localeResources();

  it('has the same namespaces in English and Chinese', () => {
    expect(Object.keys(resources.zh).sort()).toEqual(Object.keys(resources.en).sort());
  });

  it.each(Object.keys(resources.en))('namespace %s has the same keys in both languages', (ns) => {
    expect(keyPaths(resources.zh[ns] ?? {}).sort()).toEqual(keyPaths(resources.en[ns] ?? {}).sort());
  });

  it('has no empty Chinese strings', () => {
    for (const [ns, table] of Object.entries(resources.zh)) {
      for (const path of keyPaths(table)) {
        const value = path.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown>)[k], table);
        expect(typeof value === 'string' && value.trim().length > 0, `${ns}:${path}`).toBe(true);
      }
    }
  });
});
