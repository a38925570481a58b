/**
 * PNAS through the run loop: levels, beams and events on a stand-in trainer, the log's checks,
 * and a run restored from its log continuing with the same beam.
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../config';
import { applyConfigPatch, patchConfigProblems } from '../../options';
import { DEFAULT_CONFIG, presetConfig } from '../../presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from '../../runlog';
import { validateRunLog } from '../../runlogSchema';
import { SearchRun, type Evaluate } from '../../search';
import { parseCellPairString } from '../../spaces/cell';
import { PNAS_OP_SETS, expandCell, firstLevelCells, pnasNet } from './cells';
import type { PnasBeamEvent, PnasLevelEvent } from './events';
import { spearman } from './rank';
import { pnasModels } from './strategy';

function configure(fidelity: 'test' | 'class', patch: object = {}): RunConfig {
  const result = applyConfigPatch(presetConfig(fidelity, 3), { strategy: 'pnas', space: 'cell', ...patch });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** A learnable stand-in for training: sep convs help, reading h[i-2] hurts; a little hash noise. */
function syntheticAccuracy(net: string): number {
  const cell = parseCellPairString(net).normal;
  let score = 0;
  for (const block of cell)
    for (const j of [0, 1]) {
      if (block.ops[j] === 'sep_conv_3x3') score += 1;
      if (block.ops[j] === 'identity') score -= 0.5;
      if (block.inputs[j] === 1) score -= 0.4;
    }
  return 0.5 + 0.1 * (score / cell.length);
}

const evaluate: Evaluate = async (arch, ctx) => {
  if (arch.space !== 'cell') throw new Error('PNAS proposes cells');
  const noise = ((ctx.trainingSeed >>> 0) % 1000) / 100_000;
  const accuracy = syntheticAccuracy(ctx.net) + noise;
  return { accuracy, curve: [accuracy], params: 100, trainMs: 1, backend: 'cpu', restarts: 0 };
};

async function runAll(config: RunConfig): Promise<{ run: SearchRun; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  while (!run.done) await run.step(evaluate);
  return { run, events };
}

const logOf = (config: RunConfig, events: readonly RunEvent[]) => ({
  format: RUN_LOG_FORMAT,
  version: RUN_LOG_VERSION,
  config,
  seed: config.seed,
  events,
});

const levels = (events: readonly RunEvent[]) =>
  events.filter((e): e is PnasLevelEvent => e.type === 'pnasLevel');
const beams = (events: readonly RunEvent[]) =>
  events.filter((e): e is PnasBeamEvent => e.type === 'pnasBeam');

describe('PNAS config', () => {
  it('is configured on the cell space with the presets: test B = 2, K = 2, 2 ops; class B = 3, K = 8, 3 ops', () => {
    const result = patchConfigProblems(DEFAULT_CONFIG, { strategy: 'pnas' });
    expect(result.ok && result.config.space).toBe('cell');
    const test = configure('test');
    expect([test.cell.blocks, test.pnas.beamSize, PNAS_OP_SETS[test.pnas.opSet].length]).toEqual([2, 2, 2]);
    expect(pnasModels(test)).toBe(12);
    const cls = configure('class');
    expect([cls.cell.blocks, cls.pnas.beamSize, PNAS_OP_SETS[cls.pnas.opSet].length]).toEqual([3, 8, 3]);
    expect(pnasModels(cls)).toBe(21 + 8 + 8);
    const paper = presetConfig('paper').pnas;
    expect([paper.beamSize, PNAS_OP_SETS[paper.opSet].length, paper.ensembleSize]).toEqual([256, 8, 5]);
  });
});

describe('PNAS in the compare view', () => {
  it('sets K from the budget so that a run trains at most the budget, and K >= 1 below it', async () => {
    const { compareConfig } = await import('../../compare');
    const base = configure('class');
    const spec = {
      strategies: ['pnas' as const, 'random' as const],
      space: 'cell' as const,
      budget: 40,
      seeds: [1],
    };
    const config = compareConfig(base, spec, 'pnas', 1);
    // 21 cells at b = 1, then (40 - 21) / 2 = 9 per level: 39 models; random search gets 40.
    expect(config.pnas.beamSize).toBe(9);
    expect(pnasModels(config)).toBe(39);
    expect(compareConfig(base, spec, 'random', 1).random.models).toBe(40);
    expect(compareConfig(base, { ...spec, budget: 10 }, 'pnas', 1).pnas.beamSize).toBe(1);
  });
});

describe('PNAS run', () => {
  it('trains every b = 1 cell, then the top K of the surrogate per level, up to B; the log validates', async () => {
    const config = configure('class');
    const { run, events } = await runAll(config);
    const proposed = events.flatMap((e) => (e.type === 'propose' ? [e.arch] : []));
    expect(run.trained).toBe(37);
    expect(new Set(proposed).size).toBe(37);
    expect(proposed.slice(0, 21)).toEqual(firstLevelCells(PNAS_OP_SETS.three).map(pnasNet));

    expect(levels(events).map((l) => [l.level, l.measured.length])).toEqual([
      [1, 21],
      [2, 8],
      [3, 8],
    ]);
    const [beam2, beam3] = beams(events);
    expect(beam2!.candidates).toBe(21 * 45);
    expect(beam3!.candidates).toBe(8 * 78);
    // Each level trains its beam, in the beam's order, right after the beam is chosen.
    expect(proposed.slice(21, 29)).toEqual(beam2!.beam.map((b) => b.arch));
    expect(proposed.slice(29)).toEqual(beam3!.beam.map((b) => b.arch));
    // The kept beam is the best predicted, best first; each cell extends a cell of the level before.
    const predicted = beam2!.beam.map((b) => b.predicted);
    expect([...predicted].sort((a, b) => b - a)).toEqual(predicted);
    const level2 = new Set(beam2!.beam.map((b) => parseCellPairString(b.arch).normal.slice(0, 2).length));
    expect(level2).toEqual(new Set([2]));
    for (const b of beam3!.beam) {
      const parent = pnasNet(parseCellPairString(b.arch).normal.slice(0, 2));
      expect(beam2!.beam.map((c) => c.arch)).toContain(parent);
    }
    // Correlation and fit as logged follow from the numbers.
    const [l1, l2, l3] = levels(events);
    expect(l1!.rankCorrelation).toBeNull();
    expect(l1!.fitted).toBe(21);
    expect(l2!.fitted).toBe(29);
    expect(l3!.fitError).toBeNull();
    expect(l2!.rankCorrelation).toBeCloseTo(
      spearman(
        l2!.measured.map((m) => m.predicted!),
        l2!.measured.map((m) => m.accuracy),
      )!,
      12,
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', trained: 37 });
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
  });

  it('keeps better cells than the average expansion on a learnable target', async () => {
    const config = configure('class');
    const { events } = await runAll(config);
    const [beam2] = beams(events);
    const all = firstLevelCells(PNAS_OP_SETS.three).flatMap((c) => expandCell(c, PNAS_OP_SETS.three));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const candidatesMean = mean(all.map((c) => syntheticAccuracy(pnasNet(c))));
    const keptMean = mean(beam2!.beam.map((b) => syntheticAccuracy(b.arch)));
    expect(keptMean).toBeGreaterThan(candidatesMean + 0.05);
    expect(levels(events)[1]!.rankCorrelation).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', async () => {
    const a = await runAll(configure('class'));
    const b = await runAll(configure('class'));
    expect(b.events).toEqual(a.events);
    const c = await runAll(configure('class', { seed: 4 }));
    expect(beams(c.events)[0]!.beam).not.toEqual(beams(a.events)[0]!.beam);
  });
});

describe('PNAS run log', () => {
  it('refuses a beam out of order, a wrong correlation and a beam event in another strategy', async () => {
    const config = configure('test');
    const { events } = await runAll(config);
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
    const k = events.findIndex((e) => e.type === 'pnasBeam');
    const beam = events[k] as PnasBeamEvent;
    const swapped = { ...beam, beam: [...beam.beam].reverse() };
    expect(beam.beam[0]!.predicted).toBeGreaterThan(beam.beam[1]!.predicted);
    const refused = (patched: RunEvent[], cfg = config) => validateRunLog(logOf(cfg, patched));
    expect(refused(events.map((e, i) => (i === k ? swapped : e)))).toEqual({
      ok: false,
      error: expect.stringContaining(`events[${k}]`),
    });
    const j = events.findIndex((e) => e.type === 'pnasLevel' && e.level === 2);
    const level = events[j] as PnasLevelEvent;
    const wrong = { ...level, rankCorrelation: level.rankCorrelation === 1 ? -1 : 1 };
    expect(refused(events.map((e, i) => (i === j ? wrong : e)))).toEqual({
      ok: false,
      error: expect.stringContaining(`events[${j}]`),
    });
    const random = applyConfigPatch(presetConfig('test', 3), {
      strategy: 'random',
      space: 'cell',
      random: { models: 12 },
    });
    if (!random.ok) throw new Error('random config');
    expect(refused(events, random.config).ok).toBe(false);
  });
});

describe('PNAS restored from its log', () => {
  it('continues with the same beam from any finished model', async () => {
    const config = configure('class');
    const { run: live, events } = await runAll(config);
    const resultEnds = events.flatMap((e, i) => (e.type === 'result' ? [i] : []));
    // Mid level 1, the model that closes level 1 (its beam event), mid level 2, mid level 3.
    for (const k of [5, 21, 25, 33]) {
      const nextPropose = events.findIndex((e, i) => i > resultEnds[k - 1]! && e.type === 'propose');
      const cut = nextPropose < 0 ? events.length : nextPropose;
      const tail: RunEvent[] = [];
      const restored = await SearchRun.restore(config, events.slice(0, cut), (e) => tail.push(...e));
      while (!restored.done) await restored.step(evaluate);
      expect([...events.slice(0, cut), ...tail]).toEqual(events);
      expect(restored.snapshot()).toEqual(live.snapshot());
    }
  });

  it('refuses a log whose results would have chosen another beam', async () => {
    const config = configure('test');
    const { events } = await runAll(config);
    // Level 1's results changed: the surrogate ranks differently, or at least the log disagrees.
    const k = events.findIndex((e) => e.type === 'pnasBeam');
    const flipped = events
      .slice(0, k)
      .map((e) => (e.type === 'result' ? { ...e, accuracy: 1 - e.accuracy, reward: 1 - e.reward } : e));
    const restoredBeam: RunEvent[] = [];
    const restored = await SearchRun.restore(config, flipped, (e) => restoredBeam.push(...e));
    await restored.step(evaluate);
    const proposedNext = restoredBeam.find((e) => e.type === 'propose');
    const original = (events[k] as PnasBeamEvent).beam[0]!.arch;
    expect(proposedNext && proposedNext.type === 'propose' && proposedNext.arch).not.toBe(original);
  });
});
