import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../nas/presets';
import { hashString } from '../../nas/rng';
import type { RunEvent } from '../../nas/runlog';
import { SearchRun, type Evaluate } from '../../nas/search';
import { createAppStore, type AppStore } from '../../store/appState';
import { deriveRunView } from '../../store/runView';
import type { RunController } from '../controller';
import { explainNext, explainPrev, stepBack } from './explainActions';
import { explainStepsOf } from './explainSteps';

const evaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = hashString(net) / 2 ** 32;
  return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
};

/** A finished MetaQNN run of the test preset in the store, explain mode on, before the first step. */
async function finishedRun(): Promise<AppStore> {
  const config = presetConfig('test', 3);
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  while (!run.done) await run.step(evaluate);
  const store = createAppStore();
  store.setState({ config, view: deriveRunView(config, events), status: 'done' });
  store.getState().setExplainOn(true);
  return store;
}

/** A controller that must not be asked for anything: every step is in the log. */
const idle = new Proxy({} as RunController, {
  get: (_, name) => () => {
    throw new Error(`controller.${String(name)} called`);
  },
});

describe('explainPrev', () => {
  it('goes back one step and shows the same step again as Next step did', async () => {
    const store = await finishedRun();
    const steps = explainStepsOf(store.getState().view);
    expect(steps.length).toBeGreaterThan(3);
    for (let i = 0; i < 3; i++) expect(explainNext(store, idle)).toBe(true);
    expect(store.getState().explainCursor).toBe(2);
    expect(explainPrev(store)).toBe(true);
    expect(store.getState().explainCursor).toBe(1);
    expect(explainNext(store, idle)).toBe(true);
    expect(store.getState().explainCursor).toBe(2);
  });

  it('stops at the first step', async () => {
    const store = await finishedRun();
    expect(explainPrev(store)).toBe(false);
    expect(store.getState().explainCursor).toBe(-1);
    explainNext(store, idle);
    expect(explainPrev(store)).toBe(false);
    expect(store.getState().explainCursor).toBe(0);
  });

  it('stops playing and no longer waits for a model asked for', async () => {
    const store = await finishedRun();
    store.getState().setExplainCursor(5);
    store.getState().setExplainPlaying(true);
    store.getState().setExplainAwaiting(true);
    explainPrev(store);
    const state = store.getState();
    expect(state.explainCursor).toBe(4);
    expect(state.explainPlaying).toBe(false);
    expect(state.explainAwaiting).toBe(false);
  });

  it('is the left arrow in explain mode only', async () => {
    const store = await finishedRun();
    store.getState().setExplainCursor(3);
    expect(stepBack(store)).toBe(true);
    expect(store.getState().explainCursor).toBe(2);
    store.getState().setExplainOn(false);
    expect(stepBack(store)).toBe(false);
    expect(store.getState().explainCursor).toBe(2);
  });
});
