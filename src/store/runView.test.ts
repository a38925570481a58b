import { describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import type { RunEvent } from '../nas/runlog';
import { appendEvents, completeEvents, deriveRunView, emptyRunView } from './runView';
import { epsilonStep, propose, qUpdate, result } from './testEvents';

// The test preset's schedule: 3 models at 1.0, 1 at 0.5, 1 at 0.1.
const config = presetConfig('test', 7);
const A = 'C(4,3,1) SM(10)';
const B = 'C(8,1,1) SM(10)';
const C = 'P(2,2) SM(10)';

function threeProposals(): RunEvent[] {
  return [
    epsilonStep(0, 1, 3),
    propose(0, A),
    result(0, A, 0.6),
    qUpdate('1:C(4,3,1)|R8|fc0', 'SM', 0.5, 0.501),
    qUpdate('0:start|R8|fc0', 'C(4,3,1)', 0.5, 0.5),
    propose(1, B),
    result(1, B, 0.8),
    qUpdate('1:C(8,1,1)|R8|fc0', 'SM', 0.5, 0.503),
    propose(2, A),
    result(2, A, 0.6, true),
    qUpdate('1:C(4,3,1)|R8|fc0', 'SM', 0.501, 0.50201),
  ];
}

describe('deriveRunView', () => {
  it('counts proposals, unique trainings and cached rewards', () => {
    const view = deriveRunView(config, threeProposals());
    expect(view.counts).toEqual({ proposed: 3, trained: 2, cached: 1 });
    expect(view.history.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(view.proposals[1]?.arch).toBe(B);
    expect(view.planned).toBe(5);
  });

  it('keeps the best reward and the result that reached it', () => {
    const view = deriveRunView(config, threeProposals());
    expect(view.bestReward).toBe(0.8);
    expect(view.best?.arch).toBe(B);
    expect(emptyRunView(config).bestReward).toBeNull();
  });

  it('holds the latest Q-value of each (state, action) from q-update events', () => {
    const view = deriveRunView(config, threeProposals());
    expect(view.qUpdates).toBe(4);
    expect(view.qValues.get('1:C(4,3,1)|R8|fc0')?.get('SM')).toBe(0.50201);
    expect(view.qValues.get('1:C(8,1,1)|R8|fc0')?.get('SM')).toBe(0.503);
    expect(view.qValues.get('0:start|R8|fc0')?.get('C(4,3,1)')).toBe(0.5);
    expect(view.lastLearned).toEqual([{ state: '1:C(4,3,1)|R8|fc0', action: 'SM' }]);
  });

  it('places the run on the epsilon schedule by unique models, not proposals', () => {
    const view = deriveRunView(config, threeProposals());
    expect(view.epsilon).toEqual({ step: 0, epsilon: 1, modelsAtEpsilon: 3 });
    expect(view.trainedPerStep).toEqual([2, 0, 0]);

    const more = appendEvents(view, [propose(3, C), result(3, C, 0.3), epsilonStep(1, 0.5, 1)]);
    expect(more.epsilon).toEqual({ step: 1, epsilon: 0.5, modelsAtEpsilon: 1 });
    expect(more.trainedPerStep).toEqual([3, 0, 0]);
    expect(more.counts.trained).toBe(3);
  });

  it('starts at the first schedule step before any epsilon event', () => {
    expect(emptyRunView(config).epsilon).toEqual({ step: 0, epsilon: 1, modelsAtEpsilon: 3 });
  });

  it('gives the same view incrementally as from the whole log', () => {
    const events = threeProposals();
    let view = emptyRunView(config);
    for (const e of events) view = appendEvents(view, [e]);
    const whole = deriveRunView(config, events);
    expect(view.counts).toEqual(whole.counts);
    expect(view.bestReward).toBe(whole.bestReward);
    expect([...view.qValues.entries()].map(([s, m]) => [s, [...m]])).toEqual(
      [...whole.qValues.entries()].map(([s, m]) => [s, [...m]]),
    );
    expect(view.events).toEqual(events);
    expect(view.revision).toBe(events.length);
  });

  it('marks the run done on a done event', () => {
    expect(deriveRunView(config, [...threeProposals(), { type: 'done', trained: 2 }]).done).toBe(true);
  });
});

describe('completeEvents', () => {
  it('drops a trailing proposal that has no result yet', () => {
    const events = [...threeProposals(), propose(3, C)];
    const kept = completeEvents(events);
    expect(kept).toHaveLength(events.length - 1);
    expect(kept.at(-1)?.type).toBe('q-update');
  });

  it('keeps a log whose last proposal has its result', () => {
    const events = threeProposals();
    expect(completeEvents(events)).toBe(events);
    expect(completeEvents([])).toEqual([]);
  });
});
