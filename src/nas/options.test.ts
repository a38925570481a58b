import { describe, expect, it } from 'vitest';
import { FIDELITIES, type ConfigOption, type RunConfig } from './config';
import { DEFAULT_CONFIG, presetConfig } from './presets';
import {
  applyConfigPatch,
  configOptions,
  findOption,
  formatOptionValue,
  getOption,
  parseOptionValue,
  setOption,
  validateConfig,
} from './options';

function option(path: string): ConfigOption {
  const found = findOption(path);
  if (!found) throw new Error(`no option ${path}`);
  return found;
}

/** Every leaf path of an object, dotted; arrays count as leaves. */
function leafPaths(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leafPaths(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function messageFor(config: RunConfig, path: string): string | undefined {
  return validateConfig(config).find((e) => e.path === path)?.message;
}

describe('configOptions()', () => {
  it('lists every leaf field of the config exactly once', () => {
    const paths = configOptions().map((o) => o.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths].sort()).toEqual(leafPaths(DEFAULT_CONFIG).sort());
  });

  it.each(FIDELITIES)('resolves every option in the %s preset, which validates cleanly', (fidelity) => {
    const config = presetConfig(fidelity, 7);
    for (const o of configOptions()) expect(getOption(config, o.path), o.path).not.toBeUndefined();
    expect(validateConfig(config)).toEqual([]);
  });

  it('gives every option a label and a help sentence', () => {
    for (const o of configOptions()) {
      expect(o.label.length, o.path).toBeGreaterThan(0);
      expect(o.help, o.path).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('validateConfig', () => {
  it('accepts the default config', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
  });

  it('refuses alpha 2 naming the range', () => {
    const config = setOption(DEFAULT_CONFIG, 'metaqnn.alpha', 2);
    expect(messageFor(config, 'metaqnn.alpha')).toBe('Alpha must be a number in (0, 1]; got 2.');
  });

  it('refuses alpha 0 (the lower bound is open) and accepts gamma 0', () => {
    expect(messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.alpha', 0), 'metaqnn.alpha')).toMatch(/\(0, 1\]/);
    expect(validateConfig(setOption(DEFAULT_CONFIG, 'metaqnn.gamma', 0))).toEqual([]);
  });

  it('refuses a negative or fractional seed', () => {
    expect(messageFor(setOption(DEFAULT_CONFIG, 'seed', -1), 'seed')).toBe(
      'Seed must be an integer in [0, 2147483647]; got -1.',
    );
    expect(messageFor(setOption(DEFAULT_CONFIG, 'seed', 1.5), 'seed')).toMatch(/integer/);
  });

  it('refuses an empty filter list and repeated values', () => {
    expect(messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.convFilters', []), 'metaqnn.convFilters')).toBe(
      'Conv filters must list at least one value.',
    );
    expect(
      messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.convFilters', [8, 16, 8]), 'metaqnn.convFilters'),
    ).toBe('Conv filters must not repeat a value; 8 appears twice.');
  });

  it('refuses even conv sizes and a pool stride larger than its size', () => {
    expect(messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.convSizes', [1, 2]), 'metaqnn.convSizes')).toBe(
      'Conv sizes must be odd; got 2.',
    );
    expect(
      messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.poolOptions', [[2, 3]]), 'metaqnn.poolOptions'),
    ).toBe('Pool options: stride must be an integer in [1, 2] for size 2; got 3.');
  });

  it('refuses a schedule epsilon of 1.5', () => {
    const schedule = [
      { epsilon: 1, models: 5 },
      { epsilon: 1.5, models: 2 },
    ];
    expect(
      messageFor(setOption(DEFAULT_CONFIG, 'metaqnn.epsilonSchedule', schedule), 'metaqnn.epsilonSchedule'),
    ).toBe('Epsilon schedule step 2: epsilon must be a number in [0, 1]; got 1.5.');
  });

  it('refuses more train + validation images than the dataset holds', () => {
    const config = setOption(DEFAULT_CONFIG, 'data.trainImages', 59600); // MNIST 14×14 has 60000, val 500
    expect(messageFor(config, 'data.trainImages')).toBe(
      'Train images must be in [1, 59500] with 500 validation images (MNIST 14×14 has 60000 training images); got 59600.',
    );
  });

  it('refuses unknown datasets, unknown keys and missing fields', () => {
    const bad = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, Record<string, unknown>>;
    (bad as Record<string, unknown>).dataset = 'cifar-10';
    bad.training!.momentum = 0.9;
    delete bad.metaqnn!.gamma;
    const errors = validateConfig(bad as unknown as RunConfig);
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          path: 'dataset',
          message: expect.stringMatching(/^Unknown dataset 'cifar-10'; choose one of: mnist-28/),
        },
        { path: 'training.momentum', message: "Unknown setting 'training.momentum'." },
        { path: 'metaqnn.gamma', message: 'Gamma is missing.' },
      ]),
    );
  });
});

describe('applyConfigPatch', () => {
  it('merges groups field by field and replaces lists', () => {
    const result = applyConfigPatch(DEFAULT_CONFIG, { seed: 9, metaqnn: { alpha: 0.1, fcWidths: [128] } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.seed).toBe(9);
    expect(result.config.metaqnn.alpha).toBe(0.1);
    expect(result.config.metaqnn.fcWidths).toEqual([128]);
    expect(result.config.metaqnn.gamma).toBe(DEFAULT_CONFIG.metaqnn.gamma);
    expect(result.config.metaqnn.convFilters).not.toBe(DEFAULT_CONFIG.metaqnn.convFilters);
  });

  it('with fidelity, switches to that preset and then applies the overrides', () => {
    const current = applyConfigPatch(DEFAULT_CONFIG, { seed: 42, metaqnn: { alpha: 0.5 } });
    if (!current.ok) throw new Error('setup failed');
    const result = applyConfigPatch(current.config, { fidelity: 'paper', training: { epochs: 3 } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const expected = presetConfig('paper', 42);
    expected.training.epochs = 3;
    expect(result.config).toEqual(expected);
  });

  it('with fidelity and seed, uses the patched seed', () => {
    const result = applyConfigPatch(DEFAULT_CONFIG, { fidelity: 'test', seed: 5 });
    expect(result).toEqual({ ok: true, config: presetConfig('test', 5) });
  });

  it('refuses unknown keys', () => {
    expect(applyConfigPatch(DEFAULT_CONFIG, { foo: 1 })).toEqual({
      ok: false,
      errors: [{ path: 'foo', message: "Unknown setting 'foo'." }],
    });
    const nested = applyConfigPatch(DEFAULT_CONFIG, { metaqnn: { beta: 1 } });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(nested.errors[0]!.message).toBe("Unknown setting 'metaqnn.beta'.");
  });

  it('refuses a patch that is not an object', () => {
    for (const patch of [null, 3, 'paper', [1]])
      expect(applyConfigPatch(DEFAULT_CONFIG, patch).ok).toBe(false);
  });

  it('returns every error and leaves current untouched', () => {
    const current = structuredClone(DEFAULT_CONFIG);
    const before = structuredClone(current);
    const result = applyConfigPatch(current, { seed: -1, metaqnn: { alpha: 2, convFilters: [] } });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.path).sort()).toEqual([
        'metaqnn.alpha',
        'metaqnn.convFilters',
        'seed',
      ]);
    expect(current).toEqual(before);
  });

  it('refuses an unknown fidelity', () => {
    const result = applyConfigPatch(DEFAULT_CONFIG, { fidelity: 'huge' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/^Unknown fidelity 'huge'/);
  });
});

describe('getOption / setOption', () => {
  it('reads and writes by dotted path without touching the original', () => {
    const next = setOption(DEFAULT_CONFIG, 'training.epochs', 7);
    expect(getOption(next, 'training.epochs')).toBe(7);
    expect(getOption(DEFAULT_CONFIG, 'training.epochs')).toBe(DEFAULT_CONFIG.training.epochs);
    expect(getOption(DEFAULT_CONFIG, 'training.nope')).toBeUndefined();
    expect(() => setOption(DEFAULT_CONFIG, 'nope', 1)).toThrow("Unknown setting 'nope'");
  });
});

describe('parseOptionValue / formatOptionValue', () => {
  it('reads form text of every kind', () => {
    expect(parseOptionValue(option('metaqnn.convFilters'), '8, 16,32')).toEqual({
      ok: true,
      value: [8, 16, 32],
    });
    expect(parseOptionValue(option('metaqnn.poolOptions'), '5x3, 3×2, 2 x 2')).toEqual({
      ok: true,
      value: [
        [5, 3],
        [3, 2],
        [2, 2],
      ],
    });
    expect(parseOptionValue(option('metaqnn.epsilonSchedule'), '1.0:30, 0.9:2')).toEqual({
      ok: true,
      value: [
        { epsilon: 1, models: 30 },
        { epsilon: 0.9, models: 2 },
      ],
    });
    expect(parseOptionValue(option('training.dropout'), 'yes')).toEqual({ ok: true, value: true });
    expect(parseOptionValue(option('metaqnn.alpha'), ' 0.01 ')).toEqual({ ok: true, value: 0.01 });
    expect(parseOptionValue(option('seed'), '12')).toEqual({ ok: true, value: 12 });
    expect(parseOptionValue(option('dataset'), 'mnist-28')).toEqual({ ok: true, value: 'mnist-28' });
  });

  it('refuses malformed text with a hint', () => {
    expect(parseOptionValue(option('seed'), '1.5')).toEqual({
      ok: false,
      message: 'Seed: enter a whole number.',
    });
    expect(parseOptionValue(option('seed'), '')).toMatchObject({ ok: false });
    expect(parseOptionValue(option('metaqnn.alpha'), '0x10')).toMatchObject({ ok: false });
    expect(parseOptionValue(option('metaqnn.convFilters'), '8, sixteen')).toEqual({
      ok: false,
      message: "Conv filters: 'sixteen' is not a whole number; write e.g. 8, 16, 32.",
    });
    expect(parseOptionValue(option('metaqnn.poolOptions'), '5-3')).toMatchObject({ ok: false });
    expect(parseOptionValue(option('metaqnn.epsilonSchedule'), '1.0;30')).toMatchObject({ ok: false });
    expect(parseOptionValue(option('training.dropout'), 'maybe')).toMatchObject({ ok: false });
    expect(parseOptionValue(option('strategy'), 'hyperband')).toMatchObject({ ok: false });
  });

  it.each(FIDELITIES)('round-trips every option of the %s preset through text', (fidelity) => {
    const config = presetConfig(fidelity, 123);
    for (const o of configOptions()) {
      const value = getOption(config, o.path);
      const text = formatOptionValue(o, value);
      expect(parseOptionValue(o, text), `${o.path}: ${text}`).toEqual({ ok: true, value });
    }
  });

  it('formats lists the way people write them', () => {
    const paper = presetConfig('paper');
    expect(formatOptionValue(option('metaqnn.poolOptions'), paper.metaqnn.poolOptions)).toBe('5x3, 3x2, 2x2');
    expect(
      formatOptionValue(option('metaqnn.epsilonSchedule'), paper.metaqnn.epsilonSchedule.slice(0, 2)),
    ).toBe('1.0:1500, 0.9:100');
    expect(formatOptionValue(option('training.dropout'), false)).toBe('false');
  });
});
