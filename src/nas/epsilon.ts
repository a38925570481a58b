/**
 * Position in MetaQNN's epsilon schedule (SPEC §2, Baker et al. 2017 Table 2). The schedule is
 * counted in *unique* models trained: a cached architecture does not advance it.
 * Pure module: no DOM, React or tfjs.
 */
import type { EpsilonStep } from './config';
import type { DoneEvent, EpsilonEvent } from './runlog';

/** Serialisable position in the schedule. */
export interface EpsilonPosition {
  /** 0-based schedule step in force (the last step once done). */
  step: number;
  /** Unique models trained in the current step. */
  modelsInStep: number;
  /** Unique models trained in the whole run. */
  trained: number;
  done: boolean;
}

export class EpsilonSchedule {
  private readonly steps: readonly EpsilonStep[];
  private pos: EpsilonPosition = { step: 0, modelsInStep: 0, trained: 0, done: false };

  constructor(steps: readonly EpsilonStep[]) {
    if (steps.length === 0) throw new Error('The epsilon schedule needs at least one step');
    steps.forEach((s, i) => {
      if (!Number.isInteger(s.models) || s.models < 1) {
        throw new Error(`Epsilon schedule step ${i + 1} must train at least 1 model, got ${s.models}`);
      }
    });
    this.steps = steps.map((s) => ({ ...s }));
  }

  /** Epsilon in force (the last step's once the schedule is exhausted). */
  get epsilon(): number {
    return (this.steps[this.pos.step] as EpsilonStep).epsilon;
  }

  get step(): number {
    return this.pos.step;
  }

  get trained(): number {
    return this.pos.trained;
  }

  get done(): boolean {
    return this.pos.done;
  }

  /** Total unique models the schedule plans. */
  get plannedModels(): number {
    return this.steps.reduce((sum, s) => sum + s.models, 0);
  }

  /** The event announcing the current step. */
  stepEvent(): EpsilonEvent {
    const s = this.steps[this.pos.step] as EpsilonStep;
    return { type: 'epsilon', step: this.pos.step, epsilon: s.epsilon, modelsAtEpsilon: s.models };
  }

  /**
   * Counts one unique model trained. Returns the events it causes: the next step's `epsilon`
   * event when the current step is full, or `done` after the last step.
   */
  recordUnique(): (EpsilonEvent | DoneEvent)[] {
    if (this.pos.done) throw new Error('The epsilon schedule is already exhausted');
    this.pos.trained++;
    this.pos.modelsInStep++;
    if (this.pos.modelsInStep < (this.steps[this.pos.step] as EpsilonStep).models) return [];
    if (this.pos.step === this.steps.length - 1) {
      this.pos.done = true;
      return [{ type: 'done', trained: this.pos.trained }];
    }
    this.pos.step++;
    this.pos.modelsInStep = 0;
    return [this.stepEvent()];
  }

  getState(): EpsilonPosition {
    return { ...this.pos };
  }

  setState(pos: EpsilonPosition): void {
    this.pos = { ...pos };
  }
}
