import { describe, expect, it } from 'vitest';
import { localeResources } from '../i18n';
import { DEFAULT_CONFIG, presetConfig } from './presets';
import { lessons, lessonConfig, matchingLesson } from './lessons';
import { strategyDefinitions } from './strategies';
import { validateConfig } from './options';
import { decodeConfig, encodeConfig } from './shareLink';

const LESSONS = lessons();

describe('lessons', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))('%s validates against the config rules', (_id, lesson) => {
    const config = lessonConfig(lesson, DEFAULT_CONFIG);
    expect(validateConfig(config)).toEqual([]);
    expect(config.strategy).toBe(lesson.patch.strategy);
    expect(config.space).toBe(lesson.patch.space);
    expect(config.seed).toBe(lesson.patch.seed);
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s gives the same config whatever was set before, and survives a link',
    (_id, lesson) => {
      const other = { ...presetConfig('test', 99), strategy: 'random' as const, space: 'cell' as const };
      const config = lessonConfig(lesson, DEFAULT_CONFIG);
      expect(lessonConfig(lesson, other)).toEqual(config);
      expect(decodeConfig(encodeConfig(config))).toEqual({ ok: true, config });
      expect(matchingLesson(config)?.id).toBe(lesson.id);
      expect(matchingLesson({ ...config, seed: 12345 })?.id).toBe(lesson.id);
    },
  );

  it('covers every strategy, and the ids are unique', () => {
    expect(new Set(LESSONS.map((l) => l.patch.strategy))).toEqual(
      new Set(strategyDefinitions().map((d) => d.id)),
    );
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  it('matches no lesson once a setting other than the seed changes', () => {
    const config = lessonConfig(LESSONS[0]!, DEFAULT_CONFIG);
    expect(matchingLesson({ ...config, metaqnn: { ...config.metaqnn, alpha: 0.02 } })).toBeUndefined();
  });

  it('keeps the three NAS-Bench-201 lessons on one table, budget and seed', () => {
    // The one-shot lessons train a supernet on images: not on the table.
    const oneShot = ['darts', 'snas', 'enas'];
    const nb201 = LESSONS.filter((l) => l.patch.space === 'nb201' && !oneShot.includes(l.patch.strategy)).map(
      (l) => lessonConfig(l, DEFAULT_CONFIG),
    );
    expect(nb201.map((c) => c.strategy).sort()).toEqual(['evolution', 'metaqnn', 'random']);
    const budgets = nb201.map((c) =>
      c.strategy === 'metaqnn'
        ? c.metaqnn.epsilonSchedule.reduce((sum, s) => sum + s.models, 0)
        : c.strategy === 'evolution'
          ? c.evolution.models
          : c.random.models,
    );
    expect(new Set(budgets)).toEqual(new Set([300]));
    expect(new Set(nb201.map((c) => `${c.dataset} ${c.seed}`)).size).toBe(1);
  });

  it('keeps the papers\u2019 ratios where they are scaled', () => {
    const evolution = lessonConfig(
      LESSONS.find((l) => l.id === 'evolution')!,
      DEFAULT_CONFIG,
    ).evolution;
    expect(evolution.tournamentSize / evolution.populationSize).toBe(25 / 100);
    const q = lessonConfig(
      LESSONS.find((l) => l.id === 'metaqnn')!,
      DEFAULT_CONFIG,
    ).metaqnn;
    expect([q.alpha, q.gamma, q.initialQ, q.replaySamples]).toEqual([0.01, 1, 0.5, 100]);
    expect(q.epsilonSchedule.map((s) => s.epsilon)).toEqual([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
    const nasnet = lessonConfig(
      LESSONS.find((l) => l.id === 'nasnet')!,
      DEFAULT_CONFIG,
    );
    expect(nasnet.cell.blocks).toBe(5);
    expect([nasnet.reinforce.units, nasnet.reinforce.lstmLayers, nasnet.reinforce.baselineDecay]).toEqual([
      35, 2, 0.95,
    ]);
  });

  it('has a title and an explanation for every lesson in English and Chinese', () => {
    // The lessons namespace as the app loads it: the locale files and each strategy's own strings.
    const { en, zh } = localeResources();
    for (const table of [en.lessons, zh.lessons] as Record<string, unknown>[]) {
      const items = table.items as Record<string, { title: string; note: string }>;
      for (const lesson of LESSONS) {
        expect(items[lesson.id]?.title.length, lesson.id).toBeGreaterThan(0);
        expect(items[lesson.id]?.note.length, lesson.id).toBeGreaterThan(60);
      }
      expect(Object.keys(items).sort()).toEqual(LESSONS.map((l) => l.id).sort());
    }
  });
});
