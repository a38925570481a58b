import { describe, expect, it } from 'vitest';
import { architectureOf, bestResult, describeBestArchitecture } from './bestArchitecture';
import { type RunConfig, datasetFacts } from './config';
import { presetConfig } from './presets';
import { applyConfigPatch } from './options';
import { hashString } from './rng';
import type { ResultEvent, RunEvent } from './runlog';
import { SearchRun, type Evaluate } from './search';
import { blockString } from './spaces/block';
import { cellPairString } from './spaces/cell';
import { netString } from './spaces/layers';
import { nasrlString } from './spaces/nasrlGraph';
import type { Architecture } from './architecture';

const fakeEvaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = hashString(net) / 2 ** 32;
  return { accuracy, curve: [accuracy], params: 99, trainMs: 3, backend: 'cpu', restarts: 0 };
};

function configure(patch: object): RunConfig {
  const result = applyConfigPatch(presetConfig('test', 2), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

async function logged(config: RunConfig, steps: number) {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (batch) => events.push(...batch));
  run.begin();
  for (let i = 0; i < steps && !run.done; i++) await run.step(fakeEvaluate);
  return { config, events };
}

/** The canonical string of an architecture, by the space's own printer. */
function printed(arch: Architecture): string {
  switch (arch.space) {
    case 'layers':
      return netString(arch.layers);
    case 'block':
      return blockString(arch.network.block);
    case 'nasrl':
      return nasrlString(arch.network.layers);
    case 'cell':
      return cellPairString(arch.network.cells);
    case 'nb201':
      return '';
  }
}

const SPACES = [
  { name: 'MetaQNN layers', patch: {}, kind: 'Net string (MetaQNN layers)' },
  { name: 'BlockQNN blocks', patch: { strategy: 'blockqnn' }, kind: 'NSCs' },
  { name: 'NAS-RL layers', patch: { strategy: 'random', space: 'nasrl' }, kind: 'Layer string (NAS-RL)' },
  {
    name: 'NASNet cells',
    patch: { strategy: 'random', space: 'cell' },
    kind: 'Cell genotype (NASNet cells)',
  },
] as const;

describe('bestResult', () => {
  it('is the highest reward, the first on ties', () => {
    const result = (index: number, reward: number, cached = false) =>
      ({ type: 'result', index, arch: `a${reward}`, reward, cached }) as unknown as ResultEvent;
    const events = [result(0, 0.2), result(1, 0.7), result(2, 0.7, true), result(3, 0.1)];
    expect(bestResult({ events })?.index).toBe(1);
    expect(bestResult({ events: [] })).toBeNull();
  });
});

describe('architectureOf and describeBestArchitecture', () => {
  it.each(SPACES)('rebuild and describe the best of a $name run', async ({ patch, kind }) => {
    const log = await logged(configure(patch), 4);
    const best = bestResult(log)!;
    expect(best).not.toBeNull();
    const arch = architectureOf(log.config, best.arch);
    expect(arch.space).toBe(log.config.space);
    expect(printed(arch)).toBe(best.arch);
    const text = describeBestArchitecture(log)!;
    expect(text).toContain(kind);
    expect(text).toContain(`\n${best.arch}\n`);
    expect(text).toContain(`Dataset: ${datasetFacts(log.config.dataset).label}`);
    expect(text).toContain('Fidelity: test: 1 epoch');
    expect(text).toContain(`Reward: ${best.reward}`);
    expect(text).toContain(`Seed: 2`);
  });

  it('lists the layers of a chain with their output shapes', async () => {
    const log = await logged(configure({}), 5);
    const text = describeBestArchitecture(log)!;
    expect(text).toMatch(/Input\s+\[14×14×1\]/);
    expect(text).toMatch(/SM\(10\)\s+\[10\]/);
  });

  it('uses the network settings of the config for blocks and cells', async () => {
    const log = await logged(configure({ strategy: 'blockqnn', blockqnn: { stages: 2, baseWidth: 8 } }), 2);
    const arch = architectureOf(log.config, bestResult(log)!.arch);
    expect(arch.space === 'block' && arch.network.network).toMatchObject({ stages: 2, baseWidth: 8 });
  });

  it('describes a NAS-Bench-201 cell but has no network to build for it', async () => {
    const log = await logged(configure({ strategy: 'random', space: 'nb201' }), 3);
    const best = bestResult(log)!;
    expect(() => architectureOf(log.config, best.arch)).toThrow(/looked up/);
    const text = describeBestArchitecture(log)!;
    expect(text).toContain('Cell string (NAS-Bench-201)');
    expect(text).toContain(best.arch);
    expect(text).toContain('looked up in the benchmark table');
  });

  it('refuses a string that is not of the space, and describes nothing without results', () => {
    expect(() =>
      architectureOf(configure({}), 'N[0,1:identity,identity:add] R[0,1:identity,identity:add]'),
    ).toThrow();
    expect(describeBestArchitecture({ config: configure({}), events: [] })).toBeNull();
  });
});
