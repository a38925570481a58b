import { describe, expect, it } from 'vitest';
import { populationOf } from '../nas/strategies/evolution/view';
import { formatMessage, isMessage, message, PLACEHOLDER, type Message } from '../nas/message';
import { configOptions, optionValueProblem, parseOptionText, validateConfig } from '../nas/options';
import { DEFAULT_CONFIG } from '../nas/presets';
import { checkRunLog, validateRunLog } from '../nas/runlogSchema';
import { parseCacheFile } from '../storage/cacheFile';
import { joinReasons } from '../train/backend';
import { localeResources } from './index';
import type { Layer } from '../nas/architecture';
import type { ProposeEvent } from '../nas/runlog';
import { Rng } from '../nas/rng';
import { describeMutation, mutationMessage, type LayersMutation } from '../nas/spaces/layersMutation';
import { NB201_EDGES } from '../nas/spaces/nb201';
import { uniformTokens } from '../nas/tokenSpace';
import { cellTokenSpaceOf, nasrlTokenSpace, nb201TokenSpace } from '../nas/tokenSpaces';
import { deriveRunView } from '../store/runView';

/** Every `[key, template]` of a nested string table. */
function entries(table: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value]]
      : entries(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

const placeholders = (template: string) => [...template.matchAll(PLACEHOLDER)].map((m) => m[0]).sort();

const { en, zh } = localeResources();

/** A message in Chinese, the way the UI renders it (nested messages first). */
function chinese(m: Message): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.params ?? {}))
    params[name] = isMessage(value) ? chinese(value) : String(value);
  const [ns, key] = m.code.includes(':') ? m.code.split(':') : ['messages', m.code];
  const template = key!.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown>)[k], zh[ns!]);
  expect(typeof template, m.code).toBe('string');
  return (template as string).replace(PLACEHOLDER, (_w, name: string) => params[name] ?? '');
}

/** The data parameters of a message (nested ones included): what may stay as it is. */
function dataParams(m: Message): string[] {
  return Object.values(m.params ?? {}).flatMap((v) => (isMessage(v) ? dataParams(v) : [String(v)]));
}

/** Latin words of 3+ letters left in `text` once data parameters and kept terms are taken out. */
function englishWords(text: string, data: readonly string[]): string[] {
  let rest = text;
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  const kept = new Set([
    'json',
    'nas',
    'playground',
    'epsilon',
    'nb201',
    'nas-bench-201',
    'q-learning',
    'learning',
  ]);
  return (rest.match(/[A-Za-z_]{3,}/g) ?? []).filter((w) => !kept.has(w.toLowerCase()));
}

describe('messages namespace', () => {
  it.each(entries(en.messages!))('%s has the same placeholders in Chinese', (key, template) => {
    const translated = entries(zh.messages!).find(([k]) => k === key)?.[1];
    expect(typeof translated, key).toBe('string');
    expect(placeholders(translated!)).toEqual(placeholders(template));
    // Words around the placeholders are written in Chinese ("{{where}}: {{problem}}" has none).
    if (/[A-Za-z]{3,}/.test(template.replace(PLACEHOLDER, ''))) expect(translated).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('core messages', () => {
  it('write the same English as before they were messages', () => {
    const alpha = configOptions().find((o) => o.path === 'metaqnn.alpha')!;
    expect(formatMessage(optionValueProblem(alpha, 2)!)).toBe('Alpha must be a number in (0, 1]; got 2.');
    const strategy = configOptions().find((o) => o.path === 'strategy')!;
    expect(formatMessage(optionValueProblem(strategy, 'hyperband')!)).toMatch(
      /^Unknown strategy 'hyperband'; choose one of: metaqnn/,
    );
    const bad = { ...DEFAULT_CONFIG, strategy: 'blockqnn' as const, space: 'nb201' as const };
    expect(validateConfig(bad).find((e) => e.path === 'space')?.message).toBe(
      "Search space 'nb201' does not fit strategy 'blockqnn'; choose block.",
    );
    const text = JSON.stringify({ format: 'nas-playground/run', version: 1 });
    expect(validateRunLog(text.slice(0, 20))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Not valid JSON: .*The file looks truncated/),
    });
    expect(validateRunLog({ format: 'x', version: 1 })).toEqual({
      ok: false,
      error: `Not a NAS Playground run: format is "x", expected 'nas-playground/run'.`,
    });
    expect(validateRunLog({ format: 'nas-playground/run', version: 9 })).toEqual({
      ok: false,
      error:
        'This run log is version 9, written by a newer NAS Playground; this app reads versions 1, 2. Update the app to open it.',
    });
  });

  it('read in Chinese with no English words but their data', () => {
    const alpha = configOptions().find((o) => o.path === 'metaqnn.alpha')!;
    const seed = configOptions().find((o) => o.path === 'seed')!;
    const cases: Message[] = [
      optionValueProblem(alpha, 2)!,
      optionValueProblem(
        configOptions().find((o) => o.path === 'strategy')!,
        'hyperband',
      )!,
      (parseOptionText(seed, '1.5') as { problem: Message }).problem,
      (checkRunLog('{"format": "nas-playground/run", "ver') as { problem: Message }).problem,
      (checkRunLog({ format: 'x', version: 1 }) as { problem: Message }).problem,
      (checkRunLog({ format: 'nas-playground/run', version: 9 }) as { problem: Message }).problem,
    ];
    for (const m of cases) {
      const text = chinese(m);
      expect(text, m.code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(text, dataParams(m)), text).toEqual([]);
    }
  });
});

describe('messages from outside the core', () => {
  const file = (doc: unknown) => parseCacheFile(JSON.stringify(doc));
  const entry = {
    id: 'x',
    arch: 'GAP SM(10)',
    dataset: 'mnist-14',
    fidelity: 'test',
    seed: 1,
    created: 0,
    result: { accuracy: 1.5, curve: [], params: 1, trainMs: 1, backend: 'cpu', restarts: 0 },
  };
  const refusals = [
    parseCacheFile('{"format": '),
    file({ format: 'nas-playground/run' }),
    file({ format: 'nas-playground/result-cache', version: 9 }),
    file({ format: 'nas-playground/result-cache', version: 1 }),
    file({ format: 'nas-playground/result-cache', version: 1, entries: [entry] }),
    file({ format: 'nas-playground/result-cache', version: 1, entries: [{ ...entry, arch: '' }] }),
  ].map((r) => (r.ok ? null : r));

  it('write the same English as before they were messages', () => {
    expect(refusals.map((r) => r?.error)).toEqual([
      expect.stringMatching(/^The file is not JSON: /),
      "The file is not a result cache (format 'nas-playground/result-cache' expected).",
      'Result cache version 9 is not supported (expected 1).',
      'The file has no list of entries.',
      'Entry 0 has an accuracy outside [0, 1].',
      'Entry 0 has no arch string.',
    ]);
    for (const r of refusals) expect(formatMessage(r!.problem)).toBe(r!.error);
    const reasons = joinReasons([
      message('backend.noAdapter'),
      message('backend.initFailed', { backend: 'WebGL', reason: message('backend.unknownError') }),
    ]);
    expect(formatMessage(reasons!)).toBe(
      'WebGPU: no adapter (navigator.gpu.requestAdapter() returned null); WebGL: backend init failed: unknown error',
    );
    expect(joinReasons([])).toBeNull();
    expect(formatMessage(message('engine.noDevice', { reason: message('worker.noEngine') }))).toBe(
      'no WebGPU device: this worker has no WebGPU engine',
    );
  });

  it('read in Chinese with no English words but their data', () => {
    // Names of APIs, backends and settings are data wherever they appear.
    const terms = [
      'WebGPU',
      'WebGL',
      'navigator.gpu',
      'requestAdapter()',
      'requestAdapter',
      'OffscreenCanvas',
      'null',
    ];
    const cases: [Message, string[]][] = [
      ...refusals.map((r): [Message, string[]] => [r!.problem, []]),
      [
        joinReasons([
          message('backend.noGpu'),
          message('backend.requestAdapterFailed', { reason: 'denied' }),
          message('backend.noAdapter'),
          message('backend.initFailed', { backend: 'WebGL', reason: message('backend.unknownError') }),
          message('backend.noOffscreenCanvas'),
        ])!,
        terms,
      ],
      [message('backend.deviceLost', { reason: message('backend.unknownReason') }), terms],
      [message('engine.noDevice', { reason: message('worker.noEngine') }), terms],
      [message('engine.deviceLost', { reason: 'destroyed' }), terms],
      [message('engine.error', { reason: 'boom' }), []],
      [message('engine.space', { space: 'nb201' }), ['nb201']],
      [message('engine.layer', { layer: 'SeparableConv2D' }), ['SeparableConv2D']],
      [
        message('engine.setting', {
          layer: 'Conv2D',
          setting: message('engineSetting.dilation', { value: '2x2' }),
        }),
        ['Conv2D'],
      ],
      [message('engine.model'), []],
      [message('worker.failed', { reason: 'out of memory' }), []],
      [message('worker.dataFailed', { reason: 'x.bin: not a dataset file' }), []],
      [message('worker.compareFailed', { reason: 'x' }), []],
      [message('worker.exportFailed', { reason: message('worker.modelNotSaved') }), []],
      [message('worker.deviceLostRestart'), ['GPU']],
      [message('worker.beforeInit', { command: 'start' }), ['init']],
      [message('worker.crashedRepeatedly', { count: 4, reason: message('worker.crashed') }), []],
      [message('worker.unreadable'), []],
      [message('worker.recycled', { mb: 512 }), ['tfjs', 'GPU', 'MB']],
      [message('worker.compareCrashed'), []],
    ];
    for (const [m, data] of cases) {
      const text = chinese(m);
      expect(text, m.code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(text, [...dataParams(m), ...data]), text).toEqual([]);
    }
  });
});

describe('mutation descriptions', () => {
  const conv = (filters: number): Layer => ({ kind: 'conv', filters, size: 3, stride: 1 });
  const nasrl = nasrlTokenSpace({ ...DEFAULT_CONFIG, nasrl: { ...DEFAULT_CONFIG.nasrl, skips: true } });
  const skipStep = nasrl.spec.steps.findIndex((s) => s.kind === 'skip');
  const cellSpace = cellTokenSpaceOf(DEFAULT_CONFIG);
  const rng = new Rng(7);
  const cellMutations = Array.from({ length: 12 }, () =>
    cellSpace.mutate!(uniformTokens(cellSpace.spec, rng), rng),
  );

  it('write the same English as before they were messages', () => {
    const layers: [LayersMutation, string][] = [
      [{ kind: 'change', index: 1, from: conv(8), to: conv(16) }, 'changed layer 2 C(8,3,1) -> C(16,3,1)'],
      [{ kind: 'insert', index: 0, layer: { kind: 'pool', size: 2, stride: 2 } }, 'inserted layer 1 P(2,2)'],
      [{ kind: 'remove', index: 2, layer: conv(8) }, 'removed layer 3 C(8,3,1)'],
    ];
    for (const [mutation, text] of layers) {
      expect(describeMutation(mutation)).toBe(text);
      expect(formatMessage(mutationMessage(mutation))).toBe(text);
    }
    expect(nb201TokenSpace().describe(2, 0, 3)).toBe('edge 1→2: none → nor_conv_3x3');
    const first = nasrl.spec.steps[0]!;
    expect(first.kind === 'choice' && first.name).toBe('filterHeight');
    expect(nasrl.describe(0, 0, 1)).toMatch(/^layer 1: filterHeight \d+ → \d+$/);
    expect(skipStep).toBeGreaterThan(0);
    expect(nasrl.describe(skipStep, 0, 1)).toMatch(/^layer \d+: skip from layer 1 no → yes$/);
    expect(cellSpace.describe(0, 0, 1)).toBe('block 0: input1 h[i-1] → h[i-2]');
    expect(cellSpace.describe(2, 0, 1)).toBe('block 0: op1 identity → sep 3×3');
    for (const space of [nasrl, nb201TokenSpace(), cellSpace])
      for (let t = 0; t < space.spec.steps.length; t++)
        expect(space.describe(t, 0, 1)).toBe(formatMessage(space.describeMessage(t, 0, 1)));
    const kinds = new Set<string>();
    for (const m of cellMutations) {
      expect(m.description).toBe(formatMessage(m.descriptionMessage));
      expect(m.description).toMatch(/^(normal|reduction) cell, block \d+: (input|op) [12] .+ → .+$/);
      kinds.add(m.description.split(':')[1]!.trim().split(' ')[0]!);
    }
    expect([...kinds].sort()).toEqual(['input', 'op']);
    expect(formatMessage(message('mutation.randomMember'))).toBe('random member (the population is filling)');
  });

  it('read in Chinese with no English words but their data', () => {
    const cases: Message[] = [
      mutationMessage({ kind: 'change', index: 1, from: conv(8), to: conv(16) }),
      mutationMessage({ kind: 'insert', index: 0, layer: { kind: 'gap' } }),
      mutationMessage({ kind: 'remove', index: 2, layer: { kind: 'fc', units: 64 } }),
      ...nasrl.spec.steps.map((_s, t) => nasrl.describeMessage(t, 0, 1)),
      ...NB201_EDGES.map((_e, t) => nb201TokenSpace().describeMessage(t, 0, 4)),
      ...cellSpace.spec.steps.map((_s, t) => cellSpace.describeMessage(t, 0, 1)),
      ...cellMutations.map((m) => m.descriptionMessage),
      message('mutation.randomMember'),
    ];
    for (const m of cases) {
      const text = chinese(m);
      expect(text, m.code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(text, dataParams(m)), text).toEqual([]);
    }
    expect(chinese(mutationMessage({ kind: 'change', index: 1, from: conv(8), to: conv(16) }))).toBe(
      '修改第 2 层 C(8,3,1) -> C(16,3,1)',
    );
  });

  it('reach the run log next to the English, and old logs show the English', () => {
    const config = { ...DEFAULT_CONFIG, strategy: 'evolution' as const, space: 'nb201' as const };
    const events = [
      { type: 'propose', index: 0, arch: 'a', trajectory: [], origin: 'random' },
      {
        type: 'propose',
        index: 1,
        arch: 'b',
        trajectory: [],
        origin: 'mutation',
        tournament: [0],
        parentId: 0,
        mutation: 'edge 0→1: none → skip_connect',
        mutationMessage: nb201TokenSpace().describeMessage(0, 0, 1),
      },
    ] as const satisfies readonly ProposeEvent[];
    const view = (evs: readonly ProposeEvent[]) =>
      populationOf(deriveRunView(config, evs).strategyView).child?.description;
    expect(view(events.slice(0, 1))).toEqual(message('mutation.randomMember'));
    expect(view(events)).toEqual(nb201TokenSpace().describeMessage(0, 0, 1));
    const old: ProposeEvent = { ...events[1], mutationMessage: undefined };
    expect(view([events[0], old])).toBe('edge 0→1: none → skip_connect');
  });
});
