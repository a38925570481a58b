/**
 * A one-shot strategy's definition from its parts (DARTS, SNAS, ENAS; SPEC §5): what the three
 * share (the nb201 space, the events and their checks, the view, the supernet search loop) is
 * written once here. Pure module: no DOM, React or tfjs.
 */
import sharedEn from './locales/en.json' with { type: 'json' };
import sharedZh from './locales/zh.json' with { type: 'json' };
import type { RunConfig } from '../../config';
import { MessageError } from '../../messageError';
import { mergeStrings } from '../../message';
import { ONESHOT_SPACES, oneShotSpace } from '../../oneshot/spaces';
import { ONESHOT_VIEW } from '../../oneshot/view';
import type {
  ConfigSection,
  EventRule,
  LessonDefinition,
  LocaleBundle,
  OneShotStrategyDefinition,
  StrategyDeps,
  ViewFold,
} from '../contract';
import type { OneShotCommonConfig } from './config';
import { ONESHOT_EVENTS, oneShotEventCheck, oneShotMessage } from './events';
import { SupernetSearch, type OneShotMethod } from './search';

export interface OneShotParts<S extends OneShotCommonConfig> {
  readonly id: string;
  readonly section: ConfigSection<S>;
  /** The method's steps on the supernet, for a config. */
  method(config: RunConfig, section: S): OneShotMethod;
  readonly locales: LocaleBundle;
  readonly lessons?: readonly LessonDefinition[];
  /** Events beyond the shared ones (ENAS's controller updates). */
  readonly events?: readonly EventRule[];
}

/** The bundle of a strategy's own strings with the one-shot strings every one of them shows. */
function withSharedStrings(own: LocaleBundle): LocaleBundle {
  return {
    en: mergeStrings(sharedEn, own.en) as LocaleBundle['en'],
    zh: mergeStrings(sharedZh, own.zh) as LocaleBundle['zh'],
  };
}

export function oneShotDefinition<S extends OneShotCommonConfig>(
  parts: OneShotParts<S>,
): OneShotStrategyDefinition<S> {
  return {
    id: parts.id,
    family: 'oneshot',
    locales: withSharedStrings(parts.locales),
    // The NAS-Bench-201 cell and the DARTS cell pair, trained for real on images (nb201's table
    // is never looked up for the accuracy of a run).
    spaces: [...ONESHOT_SPACES],
    needs: ['supernet'],
    section: parts.section,
    events: [...ONESHOT_EVENTS, ...(parts.events ?? [])],
    eventCheck: (config) => oneShotEventCheck(oneShotSpace(config.space)),
    view: ONESHOT_VIEW as ViewFold,
    ...(parts.lessons ? { lessons: parts.lessons } : {}),
    create(config: RunConfig, deps: StrategyDeps) {
      if (!deps.supernet) throw new MessageError(oneShotMessage('runlog.noSupernet'));
      const section = (config as unknown as Record<string, S>)[parts.id]!;
      const method = parts.method(config, section);
      return new SupernetSearch(
        deps.supernet(config),
        method,
        section,
        config.seed,
        oneShotSpace(config.space),
        config.space === 'nb201' ? deps.nb201Benchmark : undefined,
        deps.onTrainingProgress,
      );
    },
  };
}
