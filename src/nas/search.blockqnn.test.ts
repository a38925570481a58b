import { describe, expect, it } from 'vitest';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import { hashString } from './rng';
import {
  RUN_LOG_FORMAT,
  RUN_LOG_VERSION,
  type ProposeEvent,
  type QUpdateEvent,
  type ResultEvent,
  type RunEvent,
} from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate } from './search';
import { blockDensity, networkFlops, parseBlockString } from './spaces/block';
import { toVersion1 } from './qReplay';
import { qParams } from './qsearch';

/** A fake trainer whose accuracy is a fixed function of the block string. */
const fakeEvaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = 0.5 + (hashString(net) / 2 ** 32) * 0.4;
  return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
};

function blockConfig(patch: Partial<RunConfig['blockqnn']> = {}, seed = 1): RunConfig {
  const config = presetConfig('test', seed);
  return { ...config, strategy: 'blockqnn', space: 'block', blockqnn: { ...config.blockqnn, ...patch } };
}

async function runToDone(config: RunConfig): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (batch) => events.push(...batch));
  run.begin();
  for (let guard = 0; !run.done; guard++) {
    if (guard > 1000) throw new Error('search did not finish');
    await run.step(fakeEvaluate);
  }
  return events;
}

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

describe('BlockQNN search run', () => {
  it('counts its schedule in iterations of a batch: 2 + 1 iterations of 2 blocks = 6 proposals', async () => {
    const events = await runToDone(blockConfig());
    expect(ofType(events, 'epsilon')).toEqual([
      { type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 4 },
      { type: 'epsilon', step: 1, epsilon: 0.5, modelsAtEpsilon: 2 },
    ]);
    const proposals = ofType(events, 'propose');
    expect(proposals.map((p) => p.epsilon)).toEqual([1, 1, 1, 1, 0.5, 0.5]);
    const results = ofType(events, 'result');
    expect(results).toHaveLength(6);
    const unique = new Set(results.map((r) => r.arch)).size;
    expect(ofType(events, 'done')).toEqual([{ type: 'done', trained: unique }]);
    // Each proposal's trajectory is its NSC list, the terminal last.
    for (const p of proposals) {
      expect(p.trajectory.map((s) => s.action).join(' ')).toBe(p.arch);
    }
  });

  it('tells the trainer the next block of its batch to be trained (none after the last)', async () => {
    const config = blockConfig({ batchSize: 3 });
    const seen: { net: string; next: string | null }[] = [];
    const archOf = new Map<string, unknown>();
    const run = new SearchRun(config, () => {});
    run.begin();
    for (let guard = 0; !run.done && guard < 1000; guard++)
      await run.step(async (arch, ctx) => {
        archOf.set(ctx.net, arch);
        seen.push({ net: ctx.net, next: ctx.next ? JSON.stringify(ctx.next) : null });
        return fakeEvaluate(arch, ctx);
      });
    expect(seen.length).toBeGreaterThan(3);
    // Trained models in batches of up to 3: each one names the following model of its batch
    // (the first after it that is not a repeat), and the batch's last one names none.
    let named = 0;
    for (let i = 0; i < seen.length; i++) {
      const { next } = seen[i]!;
      if (next === null) continue;
      named++;
      expect(next).toBe(JSON.stringify(archOf.get(seen[i + 1]!.net)));
    }
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(seen.length);
  });

  it('samples a whole batch from the Q-table before learning from any of it', async () => {
    // With epsilon 0 every proposal is greedy; within a batch the Q-table is the same, so with
    // ties broken by the action stream the two blocks still come from the batch-start table:
    // the first block's Q-updates (which favour it) cannot make the second one repeat it.
    const config = blockConfig({ batchSize: 2, epsilonSchedule: [{ epsilon: 0, iterations: 2 }] });
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (batch) => events.push(...batch));
    run.begin();
    await run.step(fakeEvaluate);
    expect(run.snapshot().pending).toHaveLength(1); // the batch's second block waits
    await run.step(fakeEvaluate);
    expect(run.snapshot().pending).toHaveLength(0);
    await run.step(fakeEvaluate); // a new batch, sampled from the updated table
    expect(run.snapshot().pending).toHaveLength(1);
  });

  it('logs FLOPs, density and both penalty terms; the reward is the accuracy while early stop is off', async () => {
    const config = blockConfig();
    const events = await runToDone(config);
    for (const r of ofType(events, 'result')) {
      const block = parseBlockString(r.arch);
      expect(r.flops).toBe(networkFlops(block, config.blockqnn, [14, 14, 1], 10));
      expect(r.density).toBe(blockDensity(block));
      expect(r.flopsPenalty).toBeCloseTo(
        config.blockqnn.mu * Math.log(r.flops! / config.blockqnn.flopsBaseline),
        12,
      );
      expect(r.densityPenalty).toBeCloseTo(config.blockqnn.rho * Math.log(r.density!), 12);
      expect(r.reward).toBe(r.accuracy);
    }
  });

  it('learns from the early-stop reward when it is on: accuracy - flopsPenalty - densityPenalty', async () => {
    const config = blockConfig({ earlyStop: true, mu: 0.1, rho: 0.5 });
    const events = toVersion1(await runToDone(config), qParams(config));
    const first = ofType(events, 'result')[0] as ResultEvent;
    expect(first.reward).toBeCloseTo(first.accuracy - first.flopsPenalty! - first.densityPenalty!, 12);
    expect(first.reward).not.toBe(first.accuracy);
    // The final transition of the trajectory update is driven by that reward.
    const firstUpdate = events.find((e): e is QUpdateEvent => e.type === 'q-update')!;
    expect(firstUpdate.reward).toBe(first.reward);
  });

  it('shapes the rewards of intermediate transitions: r_T / T along the trajectory (reverse order)', async () => {
    const shaped = blockConfig({ replaySamples: 0 });
    const events = toVersion1(await runToDone(shaped), qParams(shaped));
    const proposal = ofType(events, 'propose')[0] as ProposeEvent;
    const result = ofType(events, 'result')[0] as ResultEvent;
    const steps = proposal.trajectory.length;
    const updates = ofType(events, 'q-update').slice(0, steps);
    expect(updates.map((u) => u.reward)).toEqual([
      result.reward,
      ...Array.from({ length: steps - 1 }, () => result.reward / steps),
    ]);
    const plainConfig = blockConfig({ replaySamples: 0, rewardShaping: false });
    const unshaped = toVersion1(await runToDone(plainConfig), qParams(plainConfig));
    const plain = ofType(unshaped, 'q-update').slice(0, steps);
    expect(plain.slice(1).every((u) => u.reward === 0)).toBe(true);
  });

  it('restores from its log without training and continues identically', async () => {
    const config = blockConfig({}, 4);
    const full = await runToDone(config);
    // Up to what proposal 2 taught the Q-table (its replay event).
    const cut = full.findIndex((e) => e.type === 'replay' && e.index === 2) + 1;
    const tail: RunEvent[] = [];
    const restored = await SearchRun.restore(config, full.slice(0, cut), (batch) => tail.push(...batch));
    while (!restored.done) await restored.step(fakeEvaluate);
    expect(tail).toEqual(full.slice(cut));
  });

  it('exports a log that validates, and a tampered reward is named', async () => {
    const config = blockConfig({ earlyStop: true, mu: 0.1, rho: 0.5 });
    const events = await runToDone(config);
    const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
    expect(validateRunLog(JSON.stringify(log))).toMatchObject({ ok: true });
    const i = events.findIndex((e) => e.type === 'result');
    const tampered = events.map((e, j) => (j === i ? { ...e, reward: (e as ResultEvent).accuracy } : e));
    const outcome = validateRunLog({ ...log, events: tampered });
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^events\[\d+\] \(result\): reward .* is not accuracy - flopsPenalty - densityPenalty/,
      ),
    });
  });
});
