/**
 * The text side of run-log import: parsing JSON that may hold bare NaN/Infinity or be cut short,
 * and naming where a problem is (`events[12] (q-update)`) from a schema error or a non-finite
 * number. Pure module: no DOM, React or tfjs.
 */
import type { ErrorObject } from 'ajv';
import { message, type Message } from './message';
import { eventTypes } from './runlogSchemaShape';

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Stands for a bare `NaN`, `Infinity` or `-Infinity` token (JSON has none, but Python's
 * `json.dump` and hand edits write them), so that the finite-number pass can name the field.
 */
const NON_FINITE_TOKEN = '\u0000non-finite:';
const BARE_NON_FINITE = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g;

/** The JSON text with bare non-finite tokens turned into marked strings, parsed; or undefined. */
function parseWithNonFinite(text: string): unknown {
  const marked = text.replace(
    BARE_NON_FINITE,
    (_m, lead: string, token: string) => lead + JSON.stringify(NON_FINITE_TOKEN + token),
  );
  if (marked === text) return undefined;
  try {
    return JSON.parse(marked);
  } catch {
    return undefined;
  }
}

/**
 * Whether the text stops inside a string or with an object or array still open: the mark of a
 * file cut short, wherever the cut fell (engines word the parse error differently at each place).
 */
export function endsOpen(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: Message } {
  text = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const withNonFinite = parseWithNonFinite(text);
    if (withNonFinite !== undefined) return { ok: true, value: withNonFinite };
    const reason = err instanceof Error ? err.message : String(err);
    const truncated = /end of (JSON|data)|unterminated/i.test(reason) || endsOpen(text);
    return { ok: false, problem: message(truncated ? 'runlog.truncatedJson' : 'runlog.notJson', { reason }) };
  }
}

/** `events[12] (q-update)`, or the top-level field, for an ajv instance path like `/events/12/newQ`. */
function describePath(doc: Record<string, unknown>, instancePath: string): { where: string; field: string } {
  const parts = instancePath.split('/').slice(1);
  if (parts[0] === 'events' && parts.length >= 2) {
    const i = Number(parts[1]);
    const event = (doc.events as unknown[])[i];
    const type =
      isPlainObject(event) && eventTypes().has(String(event.type)) ? ` (${String(event.type)})` : '';
    const field = parts
      .slice(2)
      .map((p, k) => (/^\d+$/.test(p) && k > 0 ? `[${p}]` : (k > 0 ? '.' : '') + p))
      .join('');
    return { where: `events[${i}]${type}`, field };
  }
  return { where: parts.length > 0 ? parts.join('.') : '', field: '' };
}

export function describeSchemaError(doc: Record<string, unknown>, err: ErrorObject): Message {
  const { where, field } = describePath(doc, err.instancePath);
  const params = err.params as Record<string, unknown>;
  const at = (problem: Message) =>
    message('runlog.at', { where: where === '' ? message('runlog.theLog') : where, problem });
  switch (err.keyword) {
    case 'required':
      return at(
        message('runlog.missingField', {
          field: `${field === '' ? '' : field + '.'}${String(params.missingProperty)}`,
        }),
      );
    case 'additionalProperties':
      return at(message('runlog.unknownField', { field: String(params.additionalProperty) }));
    case 'discriminator':
      return at(
        params.error === 'mapping'
          ? message('runlog.unknownEventType', { type: String(params.tagValue) })
          : message('runlog.eventTypeNotString'),
      );
    case 'enum': {
      const choices = (params.allowedValues as unknown[]).join(', ');
      return at(
        field === ''
          ? message('runlog.notOneOf', { choices })
          : message('runlog.fieldNotOneOf', { field, choices }),
      );
    }
    default: {
      // ajv's own wording (English) is data here, like a JSON engine's parse error.
      const reason = err.message ?? message('runlog.invalid');
      return at(
        field === ''
          ? message('runlog.schemaRule', { reason })
          : message('runlog.fieldSchemaRule', { field, reason }),
      );
    }
  }
}

export function eventLabel(i: number, event: Record<string, unknown>): string {
  return eventTypes().has(String(event.type)) ? `events[${i}] (${String(event.type)})` : `events[${i}]`;
}

/** `NaN`, `Infinity` or `-Infinity` for such a number or its marked token; undefined otherwise. */
export function nonFinite(x: unknown): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : String(x);
  if (typeof x === 'string' && x.startsWith(NON_FINITE_TOKEN)) return x.slice(NON_FINITE_TOKEN.length);
  return undefined;
}

/** The first number in an event (curve entries included) that is NaN or infinite, as `field value`. */
export function nonFiniteField(event: Record<string, unknown>): Message | undefined {
  for (const key in event) {
    const value = event[key];
    const bad = nonFinite(value);
    if (bad !== undefined) return message('runlog.nonFinite', { field: key, value: bad });
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const inner = nonFinite(value[j]);
        if (inner !== undefined) return message('runlog.nonFinite', { field: `${key}[${j}]`, value: inner });
      }
    }
  }
  return undefined;
}
