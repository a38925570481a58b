/**
 * MetaQNN's replay dictionary (SPEC §2, Baker et al. 2017 §4.3): every (architecture, reward)
 * seen, duplicates included, sampled uniformly with replacement after each model.
 * Pure module: no DOM, React or tfjs.
 */
import type { Rng } from './rng';

/** One entry: the canonical net string and the reward it earned. */
export interface ReplayEntry {
  readonly net: string;
  readonly reward: number;
}

export class ReplayDictionary {
  private readonly list: ReplayEntry[] = [];
  private readonly rewards = new Map<string, number>();

  /** Appends one (net, reward) entry; the first reward of a net is the one reused later. */
  add(net: string, reward: number): void {
    this.list.push({ net, reward });
    if (!this.rewards.has(net)) this.rewards.set(net, reward);
  }

  /** The stored reward of `net`, if it was seen. */
  rewardOf(net: string): number | undefined {
    return this.rewards.get(net);
  }

  has(net: string): boolean {
    return this.rewards.has(net);
  }

  /** One entry chosen uniformly (the dictionary must not be empty). */
  sample(rng: Rng): ReplayEntry {
    return rng.pick(this.list);
  }

  /** The index of one entry chosen uniformly: the same draw as `sample`. */
  sampleIndex(rng: Rng): number {
    if (this.list.length === 0) throw new Error('Cannot sample an empty replay dictionary');
    return rng.int(this.list.length);
  }

  /** Entries in the order added, duplicates included. */
  get entries(): readonly ReplayEntry[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Distinct nets seen. */
  get uniqueSize(): number {
    return this.rewards.size;
  }
}
