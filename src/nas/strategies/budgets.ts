/**
 * The two kinds of budget a sample-based run ends by: an epsilon schedule (the Q-learners) and a
 * number of unique models (everything else). Pure module: no DOM, React or tfjs.
 */
import { EpsilonSchedule, type EpsilonPosition } from '../epsilon';
import type { DoneEvent } from '../runlog';
import type { Budget, ScheduleUnits } from './contract';

/** An epsilon schedule counted in proposals as a budget. */
export function scheduleBudget(units: ScheduleUnits): Budget {
  const schedule = new EpsilonSchedule(units.steps);
  return {
    get done() {
      return schedule.done;
    },
    get epsilon() {
      return schedule.epsilon;
    },
    stepEvent: () => schedule.stepEvent(),
    recordUnique: () => schedule.recordUnique(),
    // MetaQNN counts unique models; BlockQNN counts every block of an iteration.
    recordRepeat: () => (units.countsCached ? schedule.recordUnique() : []),
    getState: () => schedule.getState(),
  };
}

/**
 * A budget of unique models. A re-proposal reuses its result and does not count; so that a strategy
 * stuck on known architectures still ends, the run also ends after `repeatCap(models)` repeats.
 */
export class ModelBudget implements Budget {
  private unique = 0;
  private repeats = 0;
  private finished = false;
  readonly epsilon = 1;

  constructor(readonly models: number) {
    if (!Number.isInteger(models) || models < 1)
      throw new Error(`A budget needs at least 1 model, got ${models}`);
  }

  get done(): boolean {
    return this.finished;
  }

  stepEvent(): null {
    return null;
  }

  recordUnique(): DoneEvent[] {
    this.unique++;
    return this.check();
  }

  recordRepeat(): DoneEvent[] {
    this.repeats++;
    return this.check();
  }

  getState(): EpsilonPosition {
    return { step: 0, modelsInStep: this.unique, trained: this.unique, done: this.finished };
  }

  private check(): DoneEvent[] {
    if (this.finished) throw new Error('The budget is already spent');
    if (this.unique < this.models && this.repeats < repeatCap(this.models)) return [];
    this.finished = true;
    return [{ type: 'done', trained: this.unique }];
  }
}

/** Repeated proposals after which a budget of `models` ends anyway: 10 per model budgeted. */
export function repeatCap(models: number): number {
  return 10 * models;
}

/** A budget of `models` unique models as the epsilon-free schedule the UI draws (one step at 1). */
export function modelSchedule(models: number): ScheduleUnits {
  return { steps: [{ epsilon: 1, models }], countsCached: false, batchSize: 1 };
}
