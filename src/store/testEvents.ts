/** Hand-made run-log events for the store tests (a tiny MetaQNN run). */
import type { EpsilonEvent, ProposeEvent, QUpdateEvent, ResultEvent } from '../nas/runlog';

export function propose(index: number, arch: string, epsilon = 1): ProposeEvent {
  return {
    type: 'propose',
    index,
    epsilon,
    arch,
    trajectory: [
      { state: '0:start|R8|fc0', action: arch.split(' ')[0]! },
      { state: `1:${arch.split(' ')[0]!}|R8|fc0`, action: 'SM' },
    ],
  };
}

export function result(index: number, arch: string, reward: number, cached = false): ResultEvent {
  return {
    type: 'result',
    index,
    arch,
    reward,
    accuracy: reward,
    curve: [reward],
    params: 1234,
    trainMs: cached ? 0 : 500,
    backend: 'cpu',
    restarts: 0,
    cached,
  };
}

export function qUpdate(state: string, action: string, oldQ: number, newQ: number): QUpdateEvent {
  return {
    type: 'q-update',
    state,
    action,
    nextState: 'T',
    reward: 0,
    oldQ,
    maxNextQ: 0,
    newQ,
    source: 'trajectory',
  };
}

export function epsilonStep(step: number, epsilon: number, modelsAtEpsilon: number): EpsilonEvent {
  return { type: 'epsilon', step, epsilon, modelsAtEpsilon };
}
