/**
 * The REINFORCE controller's part of the run view: the latest sample's decisions and
 * distributions (and the ones before, to show what an update changed), the baseline and the
 * updates, folded from the log. Pure module: no DOM, React or tfjs.
 */
import type { RunEvent } from '../../runlog';
import type { ViewFold } from '../contract';

/** The REINFORCE controller as the controller view draws it. */
export interface PolicyView {
  /** The latest proposal's decisions and the distributions they were drawn from. */
  readonly tokens: readonly number[] | null;
  readonly probabilities: readonly (readonly number[])[] | null;
  /** The distributions of the proposal before (to show what the last update changed). */
  readonly previous: readonly (readonly number[])[] | null;
  readonly baseline: number | null;
  /** R - b of the latest sample of the last update. */
  readonly advantage: number | null;
  readonly loss: number | null;
  readonly updates: number;
  /** Per update: the baseline and the mean reward of its batch. */
  readonly history: readonly { baseline: number; reward: number }[];
}

export const EMPTY_POLICY: PolicyView = {
  tokens: null,
  probabilities: null,
  previous: null,
  baseline: null,
  advantage: null,
  loss: null,
  updates: 0,
  history: [],
};

/** The controller view after one more event. */
function applyPolicy(policy: PolicyView, event: RunEvent): PolicyView {
  if (event.type === 'propose' && event.probabilities !== undefined)
    return {
      ...policy,
      previous: policy.probabilities,
      probabilities: event.probabilities,
      tokens: event.decisions ?? null,
    };
  if (event.type !== 'policy-update') return policy;
  const mean = event.rewards.reduce((a, b) => a + b, 0) / Math.max(1, event.rewards.length);
  return {
    ...policy,
    baseline: event.baseline,
    advantage: event.advantages.at(-1) ?? null,
    loss: event.loss,
    updates: policy.updates + 1,
    history: [...policy.history, { baseline: event.baseline, reward: mean }],
  };
}

export const POLICY_VIEW: ViewFold<PolicyView> = { initial: EMPTY_POLICY, apply: applyPolicy };

/** The controller part of a run view of a REINFORCE run (`RunView.strategyView`). */
export const policyOf = (strategyView: unknown): PolicyView =>
  (strategyView as PolicyView | null) ?? EMPTY_POLICY;
