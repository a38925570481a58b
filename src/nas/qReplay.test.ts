import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../data/nb201/nb201-12epoch.json';
import type { RunConfig } from './config';
import { Nb201Table } from './nb201Table';
import { applyConfigPatch } from './options';
import { presetConfig } from './presets';
import { QReplay, toVersion1 } from './qReplay';
import { qParams } from './qsearch';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type ProposeEvent, type RunEvent } from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate } from './search';
import { tableEvaluator } from './tableEvaluate';

const table = Nb201Table.fromJson(nb201Json);

function configure(patch: object, fidelity: 'test' | 'class' = 'test'): RunConfig {
  const result = applyConfigPatch(presetConfig(fidelity, 3), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** A deterministic stand-in for training: the accuracy is a hash of the net string. */
const hashed: Evaluate = async (_arch, { net }) => {
  let h = 7;
  for (let i = 0; i < net.length; i++) h = (h * 31 + net.charCodeAt(i)) % 1009;
  const accuracy = 0.3 + (h / 1009) * 0.6;
  return { accuracy, curve: [accuracy], params: 10, trainMs: 1, backend: 'cpu', restarts: 0 };
};

/**
 * Runs `config` to the end; after every proposal the Q-table recomputed from the log alone must
 * equal the learner's own, value for value (exact, not approximately).
 */
async function expectSameQ(config: RunConfig, evaluate: Evaluate): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (batch) => events.push(...batch));
  run.begin();
  const replay = new QReplay(qParams(config));
  let read = 0;
  let checked = 0;
  while (!run.done) {
    await run.step(evaluate);
    for (; read < events.length; read++) replay.read(events[read]!);
    const learned = run.snapshot().qTable;
    expect(replay.table.size).toBe(learned.length);
    for (const [state, action, q] of learned) expect(replay.table.get(state, action)).toBe(q);
    checked++;
  }
  expect(checked).toBeGreaterThan(3);
  return events;
}

describe('the replay-index form of a log', () => {
  it('regenerates the exact Q-values of MetaQNN on the layer space, proposal by proposal', async () => {
    const events = await expectSameQ(presetConfig('test', 3), hashed);
    expect(events.some((e) => e.type === 'replay')).toBe(true);
    expect(events.some((e) => e.type === 'q-update')).toBe(false);
  });

  it('regenerates them on the NAS-Bench-201 table with 100 replay samples and cached repeats', async () => {
    const config = configure({
      space: 'nb201',
      dataset: 'nb201-cifar10',
      metaqnn: {
        replaySamples: 100,
        epsilonSchedule: [
          { epsilon: 1, models: 15 },
          { epsilon: 0.1, models: 5 },
        ],
      },
    });
    const events = await expectSameQ(config, tableEvaluator(table, 'nb201-cifar10'));
    const replays = events.filter((e) => e.type === 'replay');
    expect(replays.every((e) => e.samples.length === 100)).toBe(true);
  });

  it('regenerates BlockQNN’s, with reward shaping', async () => {
    const config = configure({ strategy: 'blockqnn', blockqnn: { rewardShaping: true, replaySamples: 5 } });
    await expectSameQ(config, hashed);
  });

  it('one update by hand: Q(s,u) <- (1 - 0.01) 0.5 + 0.01 (0.8 + 1 · 0) = 0.503', () => {
    const proposal: ProposeEvent = {
      type: 'propose',
      index: 0,
      epsilon: 1,
      arch: 'x',
      trajectory: [
        { state: 's0', action: 'a' },
        { state: 's1', action: 'b' },
      ],
      choices: [
        { u: 0.2, explore: true, actions: ['a', 'c'] },
        { u: 0.7, explore: true, actions: ['b', 'd'] },
      ],
    };
    const replay = new QReplay({ alpha: 0.01, gamma: 1, initialQ: 0.5 });
    const updates: { state: string; newQ: number; maxNextQ: number }[] = [];
    replay.read(proposal);
    replay.read({
      type: 'result',
      index: 0,
      arch: 'x',
      reward: 0.8,
      accuracy: 0.8,
      curve: [0.8],
      params: 1,
      trainMs: 1,
      backend: 'cpu',
      restarts: 0,
      cached: false,
    });
    replay.read({ type: 'replay', index: 0, samples: [0] }, (u) => updates.push(u));
    // Trajectory, last step first: 0.503; then s0 with max(Q(s1, b) = 0.503, Q(s1, d) = 0.5):
    // 0.99 · 0.5 + 0.01 · 0.503 = 0.50003. The replayed sample repeats both from there.
    expect(updates.map((u) => u.state)).toEqual(['s1', 's0', 's1', 's0']);
    expect(updates[0]!.newQ).toBeCloseTo(0.503, 15);
    expect(updates[1]!.maxNextQ).toBeCloseTo(0.503, 15);
    expect(updates[1]!.newQ).toBeCloseTo(0.50003, 15);
    expect(updates[2]!.newQ).toBeCloseTo(0.99 * 0.503 + 0.01 * 0.8, 15);
    expect(replay.updates).toBe(4);
  });

  it('round-trips through JSON to the same events, and validates', async () => {
    const config = presetConfig('test', 3);
    const events = await expectSameQ(config, hashed);
    const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
    const again = JSON.parse(JSON.stringify(log));
    expect(again).toEqual(log);
    expect(validateRunLog(again)).toEqual({ ok: true, log: again });
  });

  it('is far smaller than the same run in format 1, which it expands to exactly', async () => {
    const config = configure({ space: 'nb201', dataset: 'nb201-cifar10', metaqnn: { replaySamples: 100 } });
    const events = await expectSameQ(config, tableEvaluator(table, 'nb201-cifar10'));
    const v1 = toVersion1(events, qParams(config));
    const updates = v1.filter((e) => e.type === 'q-update');
    const proposals = events.filter((e) => e.type === 'propose').length;
    // Every proposal: its 6 steps, then 100 replayed trajectories of 6.
    expect(updates).toHaveLength(proposals * 6 * 101);
    expect(JSON.stringify(events).length * 20).toBeLessThan(JSON.stringify(v1).length);
    // Format 1's q-updates chain: each oldQ is the previous newQ of its pair (or Q0).
    const last = new Map<string, number>();
    for (const u of updates) {
      const key = `${u.state}\n${u.action}`;
      expect(u.oldQ).toBe(last.get(key) ?? 0.5);
      last.set(key, u.newQ);
    }
  });
});
