import { describe, expect, it } from 'vitest';
import { DATASETS, FIDELITIES, type FidelityId, type RunConfig } from './config';
import { strategyDefinitions } from './strategies';
import { DEFAULT_CONFIG, presetConfig } from './presets';
import { formatMessage } from './message';
import { applyConfigPatch, configOptions, getOption, type OptionRule } from './options';
import { decodeConfig, encodeConfig, type LinkProblemCode } from './shareLink';

function patched(base: RunConfig, patch: unknown): RunConfig | null {
  const result = applyConfigPatch(base, patch);
  return result.ok ? result.config : null;
}

/** `{ a: { b: value } }` for the path `a.b`. */
function patchFor(path: string, value: unknown): Record<string, unknown> {
  const [head, sub] = path.split('.') as [string, string | undefined];
  return sub === undefined ? { [head]: value } : { [head]: { [sub]: value } };
}

/** Candidate values of an option other than `current`, most ordinary first. */
function otherValues(option: OptionRule, current: unknown): unknown[] {
  const lo = option.min ?? 0;
  const hi = option.max ?? 1e6;
  switch (option.kind) {
    case 'enum':
      return (option.choices ?? []).filter((c) => c !== current);
    case 'boolean':
      return [!current];
    case 'int': {
      const x = current as number;
      return [x + 1, x - 1, Math.floor((lo + hi) / 2)];
    }
    case 'number': {
      // Values with long decimal expansions check that the link keeps every digit.
      const x = current as number;
      return [x + (hi - x) / 3, x / 3, (lo + hi) / 7];
    }
    case 'int-list': {
      const list = current as number[];
      const fresh = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter(
        (v) => !list.includes(v) && (!option.oddOnly || v % 2 === 1),
      );
      return [...fresh.slice(-1).map((v) => [...list, v]), list.slice(0, -1), [...list].reverse()];
    }
    case 'pool-list': {
      const list = current as [number, number][];
      return [[...list, [hi, 1]], list.slice(0, -1), [[lo, lo]]];
    }
    case 'schedule': {
      const count = option.countKey ?? 'models';
      const list = current as Record<string, number>[];
      return [[...list, { epsilon: 0.05, [count]: 3 }], [{ epsilon: 0.123456789, [count]: 7 }]];
    }
  }
}

/** A config that differs from `base` in `option` (and whatever the patch rules change with it). */
function variant(base: RunConfig, option: OptionRule): RunConfig {
  const current = getOption(base, option.path);
  for (const value of otherValues(option, current)) {
    const config = patched(base, patchFor(option.path, value));
    if (config && JSON.stringify(getOption(config, option.path)) !== JSON.stringify(current)) return config;
  }
  throw new Error(`no valid other value for ${option.path}`);
}

/** Every strategy × space × dataset × fidelity the config rules accept. */
function combinations(): RunConfig[] {
  const configs: RunConfig[] = [];
  for (const fidelity of FIDELITIES)
    for (const { id, spaces } of strategyDefinitions())
      for (const space of spaces)
        for (const dataset of DATASETS) {
          const config = patched(DEFAULT_CONFIG, { fidelity, strategy: id, space, dataset, seed: 9 });
          if (config) configs.push(config);
        }
  return configs;
}

describe('encodeConfig / decodeConfig', () => {
  it('writes nothing for the defaults, and reads no link from an empty hash', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).toBe('');
    expect(decodeConfig('')).toEqual({ ok: true, config: null });
    expect(decodeConfig('#')).toEqual({ ok: true, config: null });
  });

  it('writes only what differs, readably', () => {
    const config = patched(DEFAULT_CONFIG, {
      seed: 7,
      metaqnn: { layerLimit: 6, convFilters: [8, 16], poolOptions: [[3, 2]] },
    })!;
    config.metaqnn.epsilonSchedule = [
      { epsilon: 1, models: 10 },
      { epsilon: 0.5, models: 2 },
    ];
    expect(encodeConfig(config)).toBe(
      'seed=7&metaqnn.layerLimit=6&metaqnn.convFilters=8,16&metaqnn.poolOptions=3x2&metaqnn.epsilonSchedule=1.0:10,0.5:2',
    );
  });

  it('compares the fields of a fidelity with that preset', () => {
    const config = presetConfig('test', 1);
    expect(encodeConfig(config)).toBe('fidelity=test');
    expect(decodeConfig('#fidelity=test')).toEqual({ ok: true, config });
  });

  const all = combinations();
  it('finds every strategy, space and dataset among the combinations', () => {
    expect(new Set(all.map((c) => c.strategy)).size).toBe(strategyDefinitions().length);
    expect(new Set(all.map((c) => `${c.strategy}/${c.space}`)).size).toBe(
      strategyDefinitions().flatMap((d) => d.spaces).length,
    );
    expect(new Set(all.map((c) => c.dataset))).toEqual(new Set(DATASETS));
  });

  it.each(all.map((c) => [`${c.fidelity} ${c.strategy}/${c.space} ${c.dataset}`, c] as const))(
    'round-trips %s',
    (_name, config) => {
      expect(decodeConfig(`#${encodeConfig(config)}`)).toEqual({ ok: true, config });
    },
  );

  const cases = FIDELITIES.flatMap((fidelity: FidelityId) =>
    configOptions().map((option) => [fidelity, option.path, option] as const),
  );
  it.each(cases)('round-trips a changed %s %s', (fidelity, path, option) => {
    const config = variant(presetConfig(fidelity, 3), option);
    const hash = encodeConfig(config);
    // Written exactly when it differs from its default (the fidelity's own: `class`).
    const differs = path !== 'fidelity' || config.fidelity !== DEFAULT_CONFIG.fidelity;
    expect(
      hash
        .split('&')
        .map((p) => p.split('=')[0])
        .includes(path),
    ).toBe(differs);
    expect(decodeConfig(hash)).toEqual({ ok: true, config });
  });

  it('round-trips a config with every option changed at once', () => {
    let config = presetConfig('class', 1);
    for (const option of configOptions()) {
      if (option.group !== 'run') config = variant(config, option);
    }
    config = patched(config, { strategy: 'reinforce', space: 'cell', seed: 123456 })!;
    expect(decodeConfig(encodeConfig(config))).toEqual({ ok: true, config });
  });
});

describe('malformed links', () => {
  const cases: [string, LinkProblemCode, string, RegExp][] = [
    ['#seed=abc', 'bad-value', 'seed', /Seed: enter a whole number/],
    ['#seed=-4', 'invalid', 'seed', /Seed must be an integer in \[0, 2147483647\]; got -4/],
    ['#seed=1.5', 'bad-value', 'seed', /whole number/],
    ['#metaqnn.alpha=2', 'invalid', 'metaqnn.alpha', /Alpha must be a number in \(0, 1\]; got 2/],
    ['#metaqnn.alpha=', 'bad-value', 'metaqnn.alpha', /Alpha: enter a number/],
    ['#colour=blue', 'unknown-key', 'colour', /^$/],
    ['#seed=1&seed=2', 'duplicate-key', 'seed', /^$/],
    ['#seed', 'no-value', 'seed', /^$/],
    ['#seed=%E0%A4%A', 'bad-encoding', 'seed=%E0%A4%A', /^$/],
    ['#strategy=warp', 'bad-value', 'strategy', /Strategy: choose one of metaqnn, blockqnn/],
    ['#fidelity=huge', 'bad-value', 'fidelity', /Fidelity: choose one of test, class, paper/],
    ['#strategy=blockqnn&space=layers', 'invalid', 'space', /does not fit strategy 'blockqnn'/],
    ['#space=layers&dataset=nb201-cifar10', 'invalid', 'dataset', /needs the 'nb201' search space/],
    ['#evolution.tournamentSize=50', 'invalid', 'evolution.tournamentSize', /at most the population/],
    ['#data.trainImages=59800', 'invalid', 'data.trainImages', /Train images must be in \[1, 59500\]/],
    ['#metaqnn.convSizes=2,4', 'invalid', 'metaqnn.convSizes', /must be odd; got 2/],
    ['#metaqnn.poolOptions=2x3', 'invalid', 'metaqnn.poolOptions', /stride must be an integer in \[1, 2\]/],
    ['#metaqnn.epsilonSchedule=1.0:x', 'bad-value', 'metaqnn.epsilonSchedule', /is not epsilon:models/],
    ['#blockqnn.earlyStop=maybe', 'bad-value', 'blockqnn.earlyStop', /enter true or false/],
    ['#metaqnn.fcWidths=', 'invalid', 'metaqnn.fcWidths', /at least one value/],
  ];

  it.each(cases)('%s: %s at %s', (hash, code, path, detail) => {
    const reading = decodeConfig(hash);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    const inEnglish = reading.problems.map((p) => ({
      ...p,
      detail: p.detail === null ? '' : formatMessage(p.detail),
    }));
    expect(inEnglish).toContainEqual({ code, path, detail: expect.stringMatching(detail) });
  });

  it('names every problem of a link, not only the first', () => {
    const reading = decodeConfig('#seed=x&colour=blue&metaqnn.alpha=9');
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => p.path)).toEqual(['seed', 'colour', 'metaqnn.alpha']);
  });
});
