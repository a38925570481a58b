import { describe, expect, it } from 'vitest';
import { EpsilonSchedule } from './epsilon';

describe('EpsilonSchedule', () => {
  it('moves to the next epsilon when a step has trained its models, then reports done', () => {
    const schedule = new EpsilonSchedule([
      { epsilon: 1, models: 2 },
      { epsilon: 0.5, models: 1 },
    ]);
    expect(schedule.plannedModels).toBe(3);
    expect(schedule.stepEvent()).toEqual({ type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 2 });
    expect(schedule.recordUnique()).toEqual([]);
    expect(schedule.epsilon).toBe(1);
    expect(schedule.recordUnique()).toEqual([{ type: 'epsilon', step: 1, epsilon: 0.5, modelsAtEpsilon: 1 }]);
    expect(schedule.epsilon).toBe(0.5);
    expect(schedule.recordUnique()).toEqual([{ type: 'done', trained: 3 }]);
    expect(schedule.done).toBe(true);
    expect(schedule.epsilon).toBe(0.5);
    expect(() => schedule.recordUnique()).toThrow(/exhausted/);
  });

  it('saves and restores its position', () => {
    const schedule = new EpsilonSchedule([
      { epsilon: 1, models: 2 },
      { epsilon: 0.1, models: 2 },
    ]);
    schedule.recordUnique();
    schedule.recordUnique();
    schedule.recordUnique();
    const copy = new EpsilonSchedule([
      { epsilon: 1, models: 2 },
      { epsilon: 0.1, models: 2 },
    ]);
    copy.setState(schedule.getState());
    expect(copy.getState()).toEqual({ step: 1, modelsInStep: 1, trained: 3, done: false });
    expect(copy.recordUnique()).toEqual([{ type: 'done', trained: 4 }]);
  });

  it('refuses an empty schedule or a step with no models', () => {
    expect(() => new EpsilonSchedule([])).toThrow(/at least one step/);
    expect(() => new EpsilonSchedule([{ epsilon: 1, models: 0 }])).toThrow(
      /step 1 must train at least 1 model/,
    );
  });
});
