import { describe, expect, it } from 'vitest';
import {
  checkCompareSpec,
  checkCompareSwitch,
  checkLanguage,
  withoutArguments,
  checkExportCodeArgs,
} from './testApiArgs';

const spec = { strategies: ['metaqnn', 'random'], space: 'layers', budget: 10, seeds: [1, 2] };

describe('checkCompareSpec', () => {
  it('accepts a well-formed spec, with or without a fidelity', () => {
    expect(checkCompareSpec(spec)).toEqual(spec);
    expect(checkCompareSpec({ ...spec, fidelity: 'test' })).toEqual({ ...spec, fidelity: 'test' });
  });

  it('refuses seeds given as a count, saying an array is wanted', () => {
    expect(() => checkCompareSpec({ ...spec, seeds: 2 })).toThrow(
      'seeds: an array of whole numbers such as [1, 2]; got 2',
    );
  });

  it('names every refused field at once', () => {
    const call = () => checkCompareSpec({ seeds: 2, fidelity: 'fast', runs: 3 });
    expect(call).toThrow(/^Invalid compareStrategies spec:/);
    for (const field of ['runs', 'strategies', 'space', 'budget', 'seeds', 'fidelity'])
      expect(call).toThrow(new RegExp(`^${field}: `, 'm'));
  });

  it('refuses a value that is not an object', () => {
    expect(() => checkCompareSpec(2)).toThrow(/expected an object .*; got 2/);
    expect(() => checkCompareSpec(undefined)).toThrow(/got undefined/);
  });
});

describe('checkCompareSwitch', () => {
  it('accepts the two BlockQNN switches', () => {
    expect(checkCompareSwitch('rewardShaping')).toBe('rewardShaping');
    expect(checkCompareSwitch('earlyStop')).toBe('earlyStop');
  });

  it('refuses anything else, naming the allowed values', () => {
    expect(() => checkCompareSwitch('bogus')).toThrow(
      `compare() takes one of 'rewardShaping', 'earlyStop'; got "bogus"`,
    );
  });
});

describe('checkLanguage', () => {
  it('accepts en and zh and refuses others', () => {
    expect(checkLanguage('zh')).toBe('zh');
    expect(() => checkLanguage('fr')).toThrow(`setLanguage() takes one of 'en', 'zh'; got "fr"`);
  });
});

describe('withoutArguments', () => {
  const step = withoutArguments('step', () => Promise.resolve('stepped'));

  it('runs the method when called with nothing or undefined', async () => {
    await expect(step()).resolves.toBe('stepped');
    await expect(step(undefined)).resolves.toBe('stepped');
  });

  it('rejects, without running, when given an argument', async () => {
    let ran = false;
    const start = withoutArguments('start', () => {
      ran = true;
      return Promise.resolve();
    });
    await expect(start({ budget: 5 })).rejects.toThrow('start() takes no arguments; got {"budget":5}');
    expect(ran).toBe(false);
  });
});

describe('checkExportCodeArgs', () => {
  it('takes an architecture or null (the best), and PyTorch unless told Keras or tfjs', () => {
    expect(checkExportCodeArgs(undefined, undefined)).toEqual({ arch: null, format: 'pytorch' });
    expect(checkExportCodeArgs(null, 'tfjs')).toEqual({ arch: null, format: 'tfjs' });
    expect(checkExportCodeArgs(null, 'keras')).toEqual({ arch: null, format: 'keras' });
    expect(checkExportCodeArgs('C(3,8)|P(2,2)|SM', 'pytorch')).toEqual({
      arch: 'C(3,8)|P(2,2)|SM',
      format: 'pytorch',
    });
  });

  it('refuses other formats and non-string architectures, naming what is allowed', () => {
    expect(() => checkExportCodeArgs(null, 'onnx')).toThrow(
      "exports as one of 'pytorch', 'keras', 'tfjs'; got \"onnx\"",
    );
    expect(() => checkExportCodeArgs(3, 'pytorch')).toThrow(/an architecture string of the run, or null/);
    expect(() => checkExportCodeArgs('  ', 'pytorch')).toThrow(/architecture string/);
  });
});
