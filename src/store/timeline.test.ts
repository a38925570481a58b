import { describe, expect, it } from 'vitest';
import { type RunConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { hashString } from '../nas/rng';
import type { RunEvent } from '../nas/runlog';
import { SearchRun, type Evaluate } from '../nas/search';
import { createAppStore } from './appState';
import { appendEvents, deriveRunView, type QValues } from './runView';
import { CHECKPOINT_EVERY, RunTimeline } from './timeline';
import { scrubPosition, shownView } from './timelineSlice';
import { oneShotOf } from '../nas/oneshot/view';

const evaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = hashString(net) / 2 ** 32;
  return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
};

/** A MetaQNN run long enough to cross several checkpoints. */
function longConfig(): RunConfig {
  const config = presetConfig('test', 11);
  config.metaqnn = {
    ...config.metaqnn,
    replaySamples: 5,
    epsilonSchedule: [
      { epsilon: 1, models: 30 },
      { epsilon: 0.3, models: 12 },
    ],
  };
  return config;
}

/** The run's events, and the search's own Q-table after each proposal (what it really held). */
async function recordRun(config: RunConfig) {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  const qTables: QValues[] = [new Map()];
  while (!run.done) {
    await run.step(evaluate);
    const table: QValues = new Map();
    for (const [state, action, q] of run.snapshot().qTable as Iterable<[string, string, number]>) {
      if (!table.has(state)) table.set(state, new Map());
      table.get(state)!.set(action, q);
    }
    qTables.push(table);
  }
  return { events, qTables };
}

const plain = (q: QValues) => Object.fromEntries([...q].map(([s, row]) => [s, Object.fromEntries(row)]));

describe('RunTimeline', () => {
  it('folding the events before proposal k gives the Q-table the search held after k models', async () => {
    const config = longConfig();
    const { events, qTables } = await recordRun(config);
    const timeline = new RunTimeline(config, events);
    expect(timeline.length).toBe(qTables.length - 1);
    expect(timeline.length).toBeGreaterThan(2 * CHECKPOINT_EVERY);
    // Scrub backwards, forwards and by jumps: each position is the Q-table of its time.
    const order = [timeline.length, 0, 7, 33, 32, 31, 16, 17, 1, timeline.length - 1, 5];
    for (const k of order) {
      const view = timeline.viewAt(k);
      // Every Q-value the search had moved from Q0, with the value it held then.
      const moved = new Map(
        [...qTables[k]!].map(([s, row]) => [
          s,
          new Map([...row].filter(([, q]) => q !== config.metaqnn.initialQ)),
        ]),
      );
      for (const [s, row] of moved) if (row.size === 0) moved.delete(s);
      const shown = new Map(
        [...view.qValues].map(([s, row]) => [s, new Map([...row].filter(([, q]) => q !== 0.5))]),
      );
      for (const [s, row] of shown) if (row.size === 0) shown.delete(s);
      expect(plain(shown), `position ${k}`).toEqual(plain(moved));
      expect(view.counts.proposed).toBe(k);
      expect(view.history).toHaveLength(k);
    }
  });

  it('equals the reducer run on the prefix, and leaves the live view untouched', async () => {
    const config = longConfig();
    const { events } = await recordRun(config);
    const live = deriveRunView(config, events);
    const before = plain(live.qValues);
    const timeline = new RunTimeline(config, live.events);
    for (const k of [3, 20, 40]) {
      const scrubbed = timeline.viewAt(k);
      const direct = deriveRunView(config, events.slice(0, timeline.endOf(k)));
      expect(plain(scrubbed.qValues)).toEqual(plain(direct.qValues));
      expect(scrubbed.bestReward).toBe(direct.bestReward);
      expect(scrubbed.epsilon).toEqual(direct.epsilon);
      expect(scrubbed.lastTrajectory).toEqual(direct.lastTrajectory);
      expect(scrubbed.events).toHaveLength(timeline.endOf(k));
    }
    expect(plain(live.qValues)).toEqual(before);
    expect(live.events).toHaveLength(events.length);
    // Memoised: the same position while the log has not grown is the same object.
    expect(timeline.viewAt(40)).toBe(timeline.viewAt(40));
  });

  it('keeps positions while a live run grows, and scrubs a 300-model log quickly', async () => {
    const config = longConfig();
    const { events } = await recordRun(config);
    const total = events.filter((e) => e.type === 'propose').length;
    const half = events.findIndex((e) => e.type === 'propose' && e.index === 20);
    const live = deriveRunView(config, events.slice(0, half));
    const timeline = new RunTimeline(config, live.events);
    const early = timeline.viewAt(10);
    // The live run goes on: its log grows in place under the timeline.
    appendEvents(live, events.slice(half));
    expect(timeline.length).toBe(total);
    expect(plain(timeline.viewAt(10).qValues)).toEqual(plain(early.qValues));
    expect(timeline.viewAt(total).counts.proposed).toBe(total);

    // 300 models with 100 replay samples each: about the size of a class-fidelity run, ×6.
    // (The class preset's space: the test preset's holds fewer than 300 architectures.)
    const big = presetConfig('class', 11);
    big.metaqnn = { ...big.metaqnn, replaySamples: 100, epsilonSchedule: [{ epsilon: 1, models: 300 }] };
    const run = await recordRun(big);
    const bigTimeline = new RunTimeline(big, run.events);
    const started = performance.now();
    const positions = bigTimeline.length;
    for (let k = positions; k >= 0; k -= 3) bigTimeline.viewAt(k);
    const perPosition = (performance.now() - started) / Math.ceil((positions + 1) / 3);
    // Every scrubbed view recomputes its Q-updates from the replay events: over 50,000 of them.
    expect(bigTimeline.viewAt(positions).qUpdates).toBeGreaterThan(50_000);
    // Dragging the scrubber must stay well under a frame budget per position on the 2-core VM.
    expect(perPosition).toBeLessThan(30);
  }, 30_000);
});

describe('timeline slice', () => {
  it('scrubs the shown view back, follows live at the right end, and forgets a replaced log', async () => {
    const config = longConfig();
    const { events } = await recordRun(config);
    const store = createAppStore();
    store.getState().loadRun(config, events);
    const live = store.getState().view;
    store.getState().scrubTo(5);
    expect(scrubPosition(store.getState())).toBe(5);
    expect(shownView(store.getState()).counts.proposed).toBe(5);
    expect(store.getState().view).toBe(live);
    store.getState().scrubTo(events.filter((e) => e.type === 'propose').length);
    expect(scrubPosition(store.getState())).toBeNull();
    expect(shownView(store.getState())).toBe(live);
    store.getState().scrubTo(3);
    store.getState().loadRun(config, events.slice(0, 10));
    expect(shownView(store.getState())).toBe(store.getState().view);
    expect(scrubPosition(store.getState())).toBeNull();
  });
});

describe('the timeline of a one-shot run', () => {
  const enas = (): RunConfig => {
    const config = presetConfig('test', 3);
    return { ...config, strategy: 'enas', space: 'nb201' };
  };
  const weights = Array.from({ length: 6 }, () => [0.2, 0.2, 0.2, 0.2, 0.2]);
  const step = (s: number, epoch: number): RunEvent =>
    ({
      type: 'oneshot-step',
      step: s,
      epoch,
      trainLoss: 1,
      trainAccuracy: 0.5,
      weights,
      entropy: 1.6,
      lr: 0.02,
    }) as RunEvent;
  const epochEnd = (epoch: number, s: number): RunEvent =>
    ({
      type: 'oneshot-epoch',
      epoch,
      step: s,
      trainLoss: 1,
      trainAccuracy: 0.5,
      valLoss: 1,
      valAccuracy: 0.4 + epoch / 10,
      elapsedMs: 10 * s,
    }) as RunEvent;
  const update = (epoch: number): RunEvent =>
    ({
      type: 'enas-update',
      epoch,
      children: [[1, 1, 1, 1, 1, 1]],
      accuracies: [0.5],
      baseline: 0.5,
      loss: 0,
      entropy: 1,
    }) as unknown as RunEvent;

  it('counts epochs: each ends after its controller updates, where the next epoch or the derivation starts', () => {
    const events: RunEvent[] = [];
    const timeline = new RunTimeline(enas(), events);
    expect(timeline.unit).toBe('epochs');
    expect(timeline.length).toBe(0);
    events.push(step(1, 0), step(2, 0));
    // Position 0 (before the first step) exists; epoch 1 is not over.
    expect(timeline.length).toBe(1);
    events.push(epochEnd(0, 2), update(0), update(0));
    // Its controller updates may still come: the epoch is open until another event.
    expect(timeline.length).toBe(1);
    events.push(step(3, 1));
    expect(timeline.length).toBe(2);
    expect(timeline.endOf(1)).toBe(5);
    events.push(step(4, 1), epochEnd(1, 4), update(1));
    expect(timeline.length).toBe(2);
    events.push({ type: 'done', reason: 'budget' } as unknown as RunEvent);
    expect(timeline.length).toBe(3);
    expect(timeline.endOf(2)).toBe(9);

    for (const [position, epochs, updates, snapshots] of [
      [0, 0, 0, 0],
      [1, 1, 2, 2],
      [2, 2, 3, 4],
    ] as const) {
      const view = oneShotOf(timeline.viewAt(position).strategyView);
      expect([view.epochs.length, view.updates.length, view.snapshots.length]).toEqual([
        epochs,
        updates,
        snapshots,
      ]);
    }
    // The live end is the whole log.
    expect(timeline.endOf(3)).toBe(events.length);
  });

  it('counts proposals for a sample-based run', () => {
    expect(new RunTimeline(presetConfig('test', 3), []).unit).toBe('proposals');
  });
});
