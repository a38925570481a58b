import { describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import { createAppStore } from '../store/appState';
import { propose, result } from '../store/testEvents';
import { SearchWorkerClient, type WorkerLike } from '../worker/client';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { createRunController } from './controller';

const A = 'C(4,3,1) SM(10)';

/** A worker that records what it is sent and lets the test speak for it. */
class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(msg: ToWorker): void {
    this.sent.push(msg);
  }
  terminate(): void {}
  emit(msg: FromWorker): void {
    this.onmessage?.({ data: msg });
  }
}

/** A booted app with a running search, its worker in the middle of training a model. */
async function runningApp() {
  const store = createAppStore();
  store.getState().loadRun(presetConfig('test', 1), []);
  const worker = new FakeWorker();
  const client = new SearchWorkerClient({
    onMessage: (m) => store.getState().applyWorkerEvent(m),
    onRestart: () => {},
    getRun: () => ({ config: store.getState().config, events: store.getState().view.events }),
    createWorker: () => worker,
  });
  const controller = createRunController(store, client);
  controller.boot();
  worker.emit({ type: 'ready', restoredEvents: 0 });
  const started = controller.start();
  worker.emit({ type: 'status', status: 'running' });
  await started;
  worker.emit({ type: 'events', events: [propose(0, A)] });
  return { store, worker, controller };
}

/** Whether `promise` has settled after the pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('pause', () => {
  it('says at once that the run is pausing and resolves when the model in training ended', async () => {
    const { store, worker, controller } = await runningApp();
    const paused = controller.pause();
    expect(worker.sent.at(-1)).toEqual({ type: 'pause' });
    expect(store.getState().pausing).toBe(true);
    expect(store.getState().status).toBe('running');
    expect(await settled(paused)).toBe(false);

    // The model in flight finishes, then the worker stops.
    worker.emit({ type: 'events', events: [result(0, A, 0.6)] });
    expect(await settled(paused)).toBe(false);
    worker.emit({ type: 'status', status: 'paused' });
    expect(await settled(paused)).toBe(true);
    expect(store.getState().pausing).toBe(false);
    expect(store.getState().status).toBe('paused');
  });

  it('resolves when the run ends instead (the schedule was exhausted by that model)', async () => {
    const { store, worker, controller } = await runningApp();
    const paused = controller.pause();
    worker.emit({ type: 'status', status: 'done' });
    await paused;
    expect(store.getState().pausing).toBe(false);
  });

  it('resolves at once, pending nothing, when the run is not running', async () => {
    const { store, worker, controller } = await runningApp();
    worker.emit({ type: 'status', status: 'paused' });
    const paused = controller.pause();
    expect(store.getState().pausing).toBe(false);
    expect(await settled(paused)).toBe(true);
  });

  it('a reset while pausing drops the pending pause', async () => {
    const { store, controller } = await runningApp();
    const paused = controller.pause();
    await controller.reset();
    await paused;
    expect(store.getState().pausing).toBe(false);
    expect(store.getState().status).toBe('idle');
  });
});
