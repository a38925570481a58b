/**
 * The text of form fields and link values: parsing it into an option's value (syntax only; ranges
 * are `optionValueProblem`'s job) and formatting a value back. Pure module: no DOM, React or tfjs.
 */
import type { ConfigOption } from './config';
import { formatMessage, message, optionLabel, type Message } from './message';
import type { OptionRule } from './optionRule';
import { isUserDatasetId } from './userDatasets';

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER_TEXT.test(t) ? Number(t) : undefined;
}

function parseInteger(text: string): number | undefined {
  const x = parseNumber(text);
  return x !== undefined && Number.isInteger(x) ? x : undefined;
}

/** Split comma-separated text; an empty text is an empty list. */
function splitList(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };
type ParsedText = { ok: true; value: unknown } | { ok: false; problem: Message };

/** `parseOptionText` with its refusal in English. */
export function parseOptionValue(option: ConfigOption, text: string): Parsed {
  const parsed = parseOptionText(option, text);
  return parsed.ok ? parsed : { ok: false, message: formatMessage(parsed.problem) };
}

/**
 * Parse a form field's text into a value of the option's kind. Only the syntax is checked here;
 * ranges are `optionValueProblem`'s job. Lists: `8, 16, 32`; pools: `5x3, 3x2`; schedule: `1.0:30, 0.9:2`.
 */
export function parseOptionText(option: ConfigOption, text: string): ParsedText {
  const label = optionLabel(option.path);
  const t = text.trim();
  switch (option.kind) {
    case 'enum': {
      const choices = option.choices ?? [];
      if (choices.includes(t)) return { ok: true, value: t };
      // An imported dataset this machine does not have: say so rather than list the choices.
      if (option.path === 'dataset' && isUserDatasetId(t))
        return { ok: false, problem: message('config.userDatasetMissing', { id: t }) };
      return { ok: false, problem: message('parse.choose', { label, choices: choices.join(', ') }) };
    }
    case 'boolean': {
      const lower = t.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) return { ok: true, value: true };
      if (['false', 'no', 'off', '0'].includes(lower)) return { ok: true, value: false };
      return { ok: false, problem: message('parse.boolean', { label }) };
    }
    case 'int': {
      const x = parseInteger(t);
      return x === undefined
        ? { ok: false, problem: message('parse.integer', { label }) }
        : { ok: true, value: x };
    }
    case 'number': {
      const x = parseNumber(t);
      return x === undefined
        ? { ok: false, problem: message('parse.number', { label }) }
        : { ok: true, value: x };
    }
    case 'int-list': {
      const values: number[] = [];
      for (const item of splitList(t)) {
        const x = parseInteger(item);
        if (x === undefined) return { ok: false, problem: message('parse.intListItem', { label, item }) };
        values.push(x);
      }
      return { ok: true, value: values };
    }
    case 'pool-list': {
      const pairs: [number, number][] = [];
      for (const item of splitList(t)) {
        const parts = item.split(/\s*[x×*]\s*/i);
        const size = parts.length === 2 ? parseInteger(parts[0]!) : undefined;
        const stride = parts.length === 2 ? parseInteger(parts[1]!) : undefined;
        if (size === undefined || stride === undefined)
          return { ok: false, problem: message('parse.poolItem', { label, item }) };
        pairs.push([size, stride]);
      }
      return { ok: true, value: pairs };
    }
    case 'schedule': {
      const count = (option as OptionRule).countKey ?? 'models';
      const steps: Record<string, number>[] = [];
      for (const item of splitList(t)) {
        const parts = item.split(':');
        const epsilon = parts.length === 2 ? parseNumber(parts[0]!) : undefined;
        const n = parts.length === 2 ? parseInteger(parts[1]!) : undefined;
        if (epsilon === undefined || n === undefined)
          return { ok: false, problem: message('parse.scheduleItem', { label, item, count }) };
        steps.push({ epsilon, [count]: n });
      }
      return { ok: true, value: steps };
    }
  }
}

function formatEpsilon(epsilon: number): string {
  return Number.isInteger(epsilon) ? epsilon.toFixed(1) : String(epsilon);
}

/** The form text for a value of an option; `parseOptionValue` reads it back to the same value. */
export function formatOptionValue(option: ConfigOption, value: unknown): string {
  switch (option.kind) {
    case 'int-list':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'pool-list':
      return Array.isArray(value)
        ? (value as [number, number][]).map(([size, stride]) => `${size}x${stride}`).join(', ')
        : String(value);
    case 'schedule': {
      const count = (option as OptionRule).countKey ?? 'models';
      return Array.isArray(value)
        ? (value as Record<string, number>[])
            .map((s) => `${formatEpsilon(s.epsilon as number)}:${s[count]}`)
            .join(', ')
        : String(value);
    }
    default:
      return String(value);
  }
}
