/**
 * Lesson presets: each paper's setting in miniature, as a config patch with its seed, defined
 * by its strategy (src/nas/strategies/<id>/index.ts) and listed here in picker order. Every
 * patch names its fidelity, strategy, space and seed, so applying it gives the same config
 * whatever was set before. The scalings keep the paper's rules and ratios (SPEC.md); what a
 * lesson shows is explained in the `lessons` i18n namespace. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import { applyConfigPatch } from './options';
import { encodeConfig } from './shareLink';
import type { LessonDefinition } from './strategies/contract';
import { perRegistry, strategyDefinitions } from './strategies';

/** A lesson: its id and its settings (src/nas/strategies/contract.ts). */
export type Lesson = LessonDefinition;

/** Every registered strategy's lessons, in picker order. */
export const lessons: () => readonly Lesson[] = perRegistry(() =>
  strategyDefinitions()
    .flatMap((d) => d.lessons ?? [])
    .sort((a, b) => a.order - b.order),
);

/** The lesson with this id, or undefined. */
export function findLesson(id: string): Lesson | undefined {
  return lessons().find((l) => l.id === id);
}

/** A lesson's full config (the patch on the defaults); throws if the lesson breaks a rule. */
export function lessonConfig(lesson: Lesson, base: RunConfig): RunConfig {
  const result = applyConfigPatch(base, lesson.patch);
  if (!result.ok) throw new Error(`Lesson ${lesson.id}: ${result.errors.map((e) => e.message).join(' ')}`);
  return result.config;
}

/**
 * The lesson whose settings `config` holds, whatever its seed (trying another seed stays in
 * the lesson), or undefined once any other setting was changed.
 */
export function matchingLesson(config: RunConfig): Lesson | undefined {
  return lessons().find((lesson) => {
    const result = applyConfigPatch(config, { ...lesson.patch, seed: config.seed });
    // The link text is a canonical form of a config (key order aside).
    return result.ok && encodeConfig(result.config) === encodeConfig(config);
  });
}
