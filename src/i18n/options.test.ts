import { describe, expect, it } from 'vitest';
import { configOptions } from '../nas/options';
import { localeResources } from './index';

/** The string at a dotted key path of a nested table, or undefined. */
function lookup(table: Record<string, unknown> | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown> | undefined)?.[k], table);
}

describe('options namespace', () => {
  const { en, zh } = localeResources();

  it.each(configOptions().map((o) => [o.path, o] as const))(
    '%s has a label and help in both languages',
    (path, option) => {
      // English matches the options table, the source of truth that the API and messages use.
      expect(lookup(en.options, `${path}.label`)).toBe(option.label);
      expect(lookup(en.options, `${path}.help`)).toBe(option.help);
      for (const key of ['label', 'help']) {
        const chinese = lookup(zh.options, `${path}.${key}`);
        expect(typeof chinese === 'string' && /\S/.test(chinese), `zh ${path}.${key}`).toBe(true);
      }
      // A help text in Chinese is written in Chinese, not left in English.
      expect(String(lookup(zh.options, `${path}.help`))).toMatch(/[\u4e00-\u9fff]/);
    },
  );

  it('names every choice of every enum option in both languages', () => {
    const choices = new Set(configOptions().flatMap((o) => o.choices ?? []));
    expect(choices.size).toBeGreaterThan(0);
    for (const choice of choices) {
      expect(typeof lookup(en.options, `choices.${choice}`), `en ${choice}`).toBe('string');
      expect(typeof lookup(zh.options, `choices.${choice}`), `zh ${choice}`).toBe('string');
    }
  });

  it('titles every option group in both languages', () => {
    for (const group of new Set(configOptions().map((o) => o.group))) {
      expect(typeof lookup(en.options, `groups.${group}`), `en ${group}`).toBe('string');
      expect(typeof lookup(zh.options, `groups.${group}`), `zh ${group}`).toBe('string');
    }
  });
});
