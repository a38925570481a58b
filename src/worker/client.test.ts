import { describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import type { RunEvent } from '../nas/runlog';
import { RECYCLE_GPU_BYTES, SearchWorkerClient, type WorkerLike } from './client';
import type { FromWorker, ToWorker } from './protocol';
import type { ComputePreference } from '../train/compute';

/** A worker that records what it is sent and lets the test speak for it. */
class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(msg: ToWorker): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(msg: FromWorker): void {
    this.onmessage?.({ data: msg });
  }
  crash(message = 'boom'): void {
    this.onerror?.({ message, preventDefault: () => {} });
  }
}

const config = presetConfig('test', 1);

function setup(events: RunEvent[] = [], compute?: () => ComputePreference) {
  const workers: FakeWorker[] = [];
  const received: FromWorker[] = [];
  const restarts: number[] = [];
  const client = new SearchWorkerClient({
    onMessage: (m) => received.push(m),
    onRestart: (n) => restarts.push(n),
    getRun: () => ({ config, events }),
    ...(compute ? { compute } : {}),
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { client, workers, received, restarts };
}

describe('SearchWorkerClient', () => {
  it('initialises the worker and holds commands until it is ready', () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    client.start();
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init']);
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init', 'start']);
    expect(received).toEqual([{ type: 'ready', restoredEvents: 0 }]);
  });

  it('tells every new worker the compute setting before its run, and respawns an idle run in one', () => {
    const events: RunEvent[] = [{ type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 3 }];
    let compute: ComputePreference = 'webgl';
    const { client, workers, restarts } = setup(events, () => compute);
    client.init(config, [], 'idle');
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['compute', 'init']);
    expect(workers[0]!.sent[0]).toEqual({ type: 'compute', preference: 'webgl' });
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    // Advancing: a respawn would lose the model in flight, so it is refused.
    expect(client.respawn()).toBe(false);
    expect(workers).toHaveLength(1);
    client.pause();
    compute = 'auto';
    expect(client.respawn()).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    // Auto is the worker's default: nothing to send. The run is restored, not counted as a crash.
    expect(workers[1]!.sent).toEqual([{ type: 'init', config, events, resume: 'idle' }]);
    expect(restarts).toEqual([]);
  });

  it('restarts a crashed worker from the run log and resumes a running search', () => {
    const events: RunEvent[] = [{ type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 3 }];
    const { client, workers, restarts } = setup(events);
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    workers[0]!.emit({ type: 'status', status: 'running' });
    workers[0]!.crash();
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual([1]);
    expect(client.restarts).toBe(1);
    expect(workers[1]!.sent).toEqual([{ type: 'init', config, events, resume: 'running' }]);
  });

  it('restarts a crashed one-shot worker from its latest checkpoint, and a new run forgets it', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    workers[0]!.emit({ type: 'status', status: 'running' });
    const checkpoint = (epoch: number, events: number) => ({
      events,
      loop: { epoch, step: epoch * 2, elapsedMs: 10, lastValAccuracy: 0.5 },
      method: null,
      trainer: { tensors: [{ name: 'alpha', shape: [1], values: new Float32Array([epoch]) }] },
    });
    workers[0]!.emit({ type: 'checkpoint', checkpoint: checkpoint(1, 3) });
    workers[0]!.emit({ type: 'checkpoint', checkpoint: checkpoint(2, 6) });
    workers[0]!.crash();
    expect(workers[1]!.sent[0]).toMatchObject({
      type: 'init',
      resume: 'running',
      checkpoint: checkpoint(2, 6),
    });
    // A new run starts from nothing: its crash has no checkpoint to go back to.
    client.init(config, [], 'idle');
    workers[2]!.emit({ type: 'ready', restoredEvents: 0 });
    workers[2]!.crash();
    expect(workers[3]!.sent[0]).not.toHaveProperty('checkpoint');
  });

  it('forgets a start not yet delivered when paused before the worker is ready', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    client.start();
    client.pause();
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init']);
  });

  it('pauses a worker that was restarted running once it is ready', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    workers[0]!.emit({ type: 'status', status: 'running' });
    workers[0]!.crash();
    // The new worker resumes running by itself; the pause pressed meanwhile must reach it.
    client.pause();
    workers[1]!.emit({ type: 'ready', restoredEvents: 0 });
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init', 'pause']);
  });

  it('restarts on a lost GPU device and asks again for an unfinished step', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.step();
    workers[0]!.emit({ type: 'status', status: 'running' });
    workers[0]!.emit({
      type: 'error',
      kind: 'device-lost',
      message: { code: 'backend.deviceLost', params: { reason: 'test' } },
    });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init']);
    expect(workers[1]!.sent[0]).toMatchObject({ resume: 'idle' });
    workers[1]!.emit({ type: 'ready', restoredEvents: 0 });
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init', 'step']);
  });

  it('ignores messages of a replaced worker', () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    client.crashForTest();
    workers[0]!.emit({ type: 'status', status: 'running' });
    expect(received).toEqual([]);
  });

  it('gives up after repeated crashes and reports an error', () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    for (let i = 0; i < 4; i++) workers[i]!.crash(`crash ${i}`);
    expect(workers).toHaveLength(4);
    expect(received.at(-1)).toEqual({ type: 'status', status: 'error' });
    expect(received.at(-2)).toMatchObject({ type: 'error', kind: 'fatal' });
  });

  it('resolves the acknowledgement with the next matching status', async () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    const ack = client.nextStatus((s) => s === 'running');
    workers[0]!.emit({ type: 'status', status: 'idle' });
    workers[0]!.emit({ type: 'status', status: 'running' });
    await expect(ack).resolves.toBe('running');
  });

  it('reuses an idle worker on reset and replaces a busy one', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.reset(config);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init', 'init']);
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    workers[0]!.emit({ type: 'status', status: 'running' });
    client.reset(config);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('recycles a worker whose GPU memory pool outgrew the limit, after the model in flight', () => {
    const { client, workers, restarts } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    client.start();
    workers[0]!.emit({ type: 'status', status: 'running' });
    const over = { numTensors: 10, numBytes: 1, gpuBytes: RECYCLE_GPU_BYTES + 1 };
    workers[0]!.emit({ type: 'memory', memory: over });
    expect(workers).toHaveLength(1); // the model's result is not logged yet
    const result: RunEvent = {
      type: 'result',
      index: 0,
      arch: 'SM(10)',
      reward: 0.5,
      accuracy: 0.5,
      curve: [0.5],
      params: 1970,
      trainMs: 10,
      backend: 'webgpu',
      restarts: 0,
      cached: false,
    };
    workers[0]!.emit({ type: 'events', events: [result] });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual([1]);
    expect(workers[1]!.sent[0]).toMatchObject({ type: 'init', resume: 'running' });
    // Recycling is not a crash: four of them in a row do not end the run.
    for (let i = 1; i <= 4; i++) {
      workers[i]!.emit({ type: 'ready', restoredEvents: 0 });
      workers[i]!.emit({ type: 'memory', memory: over });
      workers[i]!.emit({ type: 'events', events: [result] });
    }
    expect(workers).toHaveLength(6);
    expect(workers[5]!.terminated).toBe(false);
  });

  it('keeps a worker whose GPU memory stays under the limit', () => {
    const { client, workers } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    workers[0]!.emit({ type: 'memory', memory: { numTensors: 10, numBytes: 1, gpuBytes: 2 ** 20 } });
    workers[0]!.emit({ type: 'events', events: [{ type: 'done', trained: 5 }] });
    expect(workers).toHaveLength(1);
  });
});

describe('SearchWorkerClient showing only saved events (issue #17)', () => {
  const event = (trained: number): RunEvent => ({ type: 'done', trained });
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  function pacedSetup() {
    const saves: (() => void)[] = [];
    const asked: RunEvent[][] = [];
    const received: FromWorker[] = [];
    const workers: FakeWorker[] = [];
    const client = new SearchWorkerClient({
      onMessage: (m) => received.push(m),
      onRestart: () => {},
      getRun: () => ({ config, events: [] }),
      createWorker: () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      saveAhead: (unshown) => {
        asked.push([...unshown]);
        return new Promise<void>((resolve) => saves.push(resolve));
      },
    });
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    return { client, worker: workers[0]!, saves, asked, received };
  }

  it('saves every unshown event before the app sees it, keeps the order, and answers each message', async () => {
    const { worker, saves, asked, received } = pacedSetup();
    expect(worker.sent[0]).toMatchObject({ type: 'init', paced: true });
    worker.emit({ type: 'events', events: [event(1)] });
    worker.emit({ type: 'status', status: 'running' });
    worker.emit({ type: 'events', events: [event(2)] });
    // Saved with what is not shown yet: the second save holds both messages' events.
    expect(asked).toEqual([[event(1)], [event(1), event(2)]]);
    await flush();
    expect(received.map((m) => m.type)).toEqual(['ready']);
    expect(worker.sent.map((m) => m.type)).toEqual(['init']);
    saves[0]!();
    await flush();
    expect(received.slice(1)).toEqual([
      { type: 'events', events: [event(1)] },
      { type: 'status', status: 'running' },
    ]);
    expect(worker.sent.map((m) => m.type)).toEqual(['init', 'saved']);
    saves[1]!();
    await flush();
    expect(received.at(-1)).toEqual({ type: 'events', events: [event(2)] });
    expect(worker.sent.map((m) => m.type)).toEqual(['init', 'saved', 'saved']);
  });

  it('hands the app several saved messages as one', async () => {
    const { worker, saves, received } = pacedSetup();
    worker.emit({ type: 'events', events: [event(1)] });
    worker.emit({ type: 'events', events: [event(2), event(3)] });
    saves[1]!();
    saves[0]!();
    await flush();
    expect(received.slice(1)).toEqual([{ type: 'events', events: [event(1), event(2), event(3)] }]);
    expect(worker.sent.map((m) => m.type)).toEqual(['init', 'saved', 'saved']);
  });

  it('does not pace a worker when nothing saves the run', () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    expect(workers[0]!.sent[0]).not.toHaveProperty('paced');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    workers[0]!.emit({ type: 'events', events: [event(5)] });
    expect(received.at(-1)).toEqual({ type: 'events', events: [event(5)] });
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init']);
  });
});

describe('SearchWorkerClient.tryOpen (an import restored in a new worker, issue #17)', () => {
  const run = { config, events: [] as RunEvent[] };

  it('swaps the new worker in once it is ready, after the app adopts the run', async () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    let adopted = 0;
    const opened = client.tryOpen(run, () => adopted++).outcome;
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toMatchObject({ type: 'init', resume: 'idle' });
    // Until ready, the new worker's messages wait and the current worker goes on.
    workers[1]!.emit({ type: 'backend', backend: 'cpu', reason: null, adapter: '' });
    expect(received.map((m) => m.type)).toEqual(['ready']);
    client.start();
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init', 'start']);
    workers[1]!.emit({ type: 'ready', restoredEvents: 0 });
    expect(await opened).toEqual({ ok: true });
    expect(adopted).toBe(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(received.map((m) => m.type)).toEqual(['ready', 'backend', 'ready']);
    // Commands now go to the new worker.
    client.step();
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init', 'step']);
  });

  it('drops a new worker that refuses the log, and nothing else changes', async () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    let adopted = 0;
    const opened = client.tryOpen(run, () => adopted++).outcome;
    const problem = { code: 'runlog.replay', params: { reason: 'no' } };
    workers[1]!.emit({ type: 'error', kind: 'fatal', message: problem });
    expect(await opened).toEqual({ ok: false, problem });
    expect(adopted).toBe(0);
    expect(workers[1]!.terminated).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    expect(received.map((m) => m.type)).toEqual(['ready']);
    client.start();
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init', 'start']);
  });

  it('hands the text of a log to the new worker to read, and drops it when the opening is cancelled', async () => {
    const { client, workers, received } = setup();
    client.init(config, [], 'idle');
    workers[0]!.emit({ type: 'ready', restoredEvents: 0 });
    let adopted = 0;
    const opening = client.tryOpen({ text: '{"format":"x"}' }, () => adopted++);
    expect(workers[1]!.sent).toEqual([{ type: 'import', text: '{"format":"x"}' }]);
    opening.cancel();
    expect(workers[1]!.terminated).toBe(true);
    expect(await opening.outcome).toMatchObject({ ok: false });
    expect(adopted).toBe(0);
    expect(workers[0]!.terminated).toBe(false);
    expect(received.map((m) => m.type)).toEqual(['ready']);
  });
});
