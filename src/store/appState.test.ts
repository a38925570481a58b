import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, presetConfig } from '../nas/presets';
import { formatMessage, type Message } from '../nas/message';
import { createAppStore } from './appState';

const englishText = (m: Message | string | undefined) =>
  m === undefined || typeof m === 'string' ? m : formatMessage(m);
import { epsilonStep, propose, qUpdate, result } from './testEvents';

const A = 'C(4,3,1) SM(10)';

describe('applyWorkerEvent', () => {
  it('appends events and updates the view incrementally', () => {
    const store = createAppStore();
    const { applyWorkerEvent } = store.getState();
    applyWorkerEvent({ type: 'events', events: [epsilonStep(0, 1, 30), propose(0, A)] });
    const log = store.getState().view.events;
    applyWorkerEvent({
      type: 'events',
      events: [result(0, A, 0.7), qUpdate('0:start|R8|fc0', 'C(4,3,1)', 0.5, 0.502)],
    });
    const { view } = store.getState();
    // The log is extended in place (O(new events)), not copied.
    expect(view.events).toBe(log);
    expect(view.events).toHaveLength(4);
    expect(view.counts).toEqual({ proposed: 1, trained: 1, cached: 0 });
    expect(view.bestReward).toBe(0.7);
    expect(view.qValues.get('0:start|R8|fc0')?.get('C(4,3,1)')).toBe(0.502);
  });

  it('records backend, readiness, status, memory and errors', () => {
    const store = createAppStore();
    const { applyWorkerEvent } = store.getState();
    const reason = { code: 'backend.noAdapter' };
    applyWorkerEvent({ type: 'backend', backend: 'webgl', reason, adapter: '' });
    applyWorkerEvent({ type: 'ready', restoredEvents: 0 });
    applyWorkerEvent({ type: 'status', status: 'running' });
    applyWorkerEvent({ type: 'memory', memory: { numTensors: 12, numBytes: 4096, gpuBytes: null } });
    let s = store.getState();
    expect(s.backend).toEqual({ name: 'webgl', reason, adapter: '' });
    expect(s.workerReady).toBe(true);
    expect(s.status).toBe('running');
    expect(s.memory?.numTensors).toBe(12);

    const error = { code: 'worker.failed', params: { reason: 'out of memory' } };
    applyWorkerEvent({ type: 'error', kind: 'fatal', message: error });
    s = store.getState();
    expect(s.status).toBe('error');
    expect(s.error).toEqual(error);
  });

  it('keeps the losses of the model being trained and starts over for the next one', () => {
    const store = createAppStore();
    const { applyWorkerEvent } = store.getState();
    const progress = {
      index: 0,
      arch: A,
      epoch: 1,
      epochs: 2,
      batch: 1,
      batches: 3,
      loss: 2.3,
      valAccuracy: null,
      restart: 0,
    };
    applyWorkerEvent({ type: 'progress', progress });
    applyWorkerEvent({ type: 'progress', progress: { ...progress, batch: 2, loss: 2.1 } });
    expect(store.getState().training.losses).toEqual([
      { step: 1, loss: 2.3 },
      { step: 2, loss: 2.1 },
    ]);
    // The last batch of an epoch is reported before and after validation.
    applyWorkerEvent({ type: 'progress', progress: { ...progress, batch: 3, loss: 2.0 } });
    expect(store.getState().training.valAccuracy).toEqual([]);
    applyWorkerEvent({ type: 'progress', progress: { ...progress, batch: 3, loss: 2.0, valAccuracy: 0.4 } });
    expect(store.getState().training.valAccuracy).toEqual([{ epoch: 1, step: 3, acc: 0.4 }]);
    expect(store.getState().training.losses).toHaveLength(3);

    applyWorkerEvent({ type: 'progress', progress: { ...progress, index: 1, loss: 2.2 } });
    expect(store.getState().training.losses).toEqual([{ step: 1, loss: 2.2 }]);
    expect(store.getState().training.valAccuracy).toEqual([]);
    expect(store.getState().training.progress?.index).toBe(1);
  });
});

describe('worker restarts', () => {
  it('drops the unfinished proposal and counts the restart', () => {
    const store = createAppStore();
    const { applyWorkerEvent } = store.getState();
    applyWorkerEvent({ type: 'events', events: [epsilonStep(0, 1, 30), propose(0, A), result(0, A, 0.7)] });
    applyWorkerEvent({ type: 'events', events: [propose(1, A)] });
    expect(store.getState().view.counts.proposed).toBe(2);
    store.getState().workerRestarted(1);
    const s = store.getState();
    expect(s.restarts).toBe(1);
    expect(s.view.events).toHaveLength(3);
    expect(s.view.counts.proposed).toBe(1);
    expect(s.view.lastProposal?.index).toBe(0);
  });
});

describe('config slice', () => {
  it('takes a valid edit and refuses an invalid one without changing the config', () => {
    const store = createAppStore();
    expect(store.getState().editOption('metaqnn.alpha', '2')).toBe(false);
    let s = store.getState();
    expect(s.config).toBe(DEFAULT_CONFIG);
    expect(englishText(s.fieldErrors['metaqnn.alpha'])).toMatch(/alpha/i);
    expect(s.formText['metaqnn.alpha']).toBe('2');

    expect(store.getState().editOption('metaqnn.alpha', '0.05')).toBe(true);
    s = store.getState();
    expect(s.config.metaqnn.alpha).toBe(0.05);
    expect(s.fieldErrors['metaqnn.alpha']).toBeUndefined();
    expect(s.formText['metaqnn.alpha']).toBeUndefined();
  });

  it('refuses text that does not parse', () => {
    const store = createAppStore();
    expect(store.getState().editOption('metaqnn.convFilters', '8, x')).toBe(false);
    expect(englishText(store.getState().fieldErrors['metaqnn.convFilters'])).toMatch(/whole number/);
    expect(store.getState().config).toBe(DEFAULT_CONFIG);
  });

  it('applies edits to the run before its first proposal', () => {
    const store = createAppStore();
    // A new run logs its first epsilon event at once; that does not fix its config yet.
    store.getState().applyWorkerEvent({ type: 'events', events: [epsilonStep(0, 1, 30)] });
    expect(store.getState().setOptionValue('metaqnn.epsilonSchedule', [{ epsilon: 1, models: 4 }])).toBe(
      true,
    );
    const s = store.getState();
    expect(s.config.metaqnn.epsilonSchedule).toEqual([{ epsilon: 1, models: 4 }]);
    expect(s.view.planned).toBe(4);
  });

  it('keeps edits in the draft once a run has started', () => {
    const store = createAppStore();
    store.getState().applyWorkerEvent({ type: 'events', events: [epsilonStep(0, 1, 30), propose(0, A)] });
    expect(store.getState().setOptionValue('seed', 9)).toBe(true);
    const s = store.getState();
    expect(s.config.seed).toBe(1);
    expect(s.draft.seed).toBe(9);
  });

  it('loadRun replaces config, draft and view', () => {
    const store = createAppStore();
    const config = presetConfig('test', 3);
    store.getState().loadRun(config, [epsilonStep(0, 1, 3), propose(0, A), result(0, A, 0.5)]);
    const s = store.getState();
    expect(s.config).toBe(config);
    expect(s.draft).toBe(config);
    expect(s.view.counts.trained).toBe(1);
    expect(s.view.planned).toBe(5);
    expect(s.status).toBe('paused');
  });
});
