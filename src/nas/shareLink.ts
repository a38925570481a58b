/**
 * Shareable links: the run config in the URL hash, in the form's own text, one option per key
 * (`#strategy=evolution&space=nb201&dataset=nb201-cifar10&seed=7&evolution.populationSize=20`).
 * Only options that differ from the defaults are written: `fidelity` against the app's default,
 * every other option against the preset of the link's fidelity. Reading a link parses every
 * value with the form's parser and validates the result with the config rules, so a link can
 * never hold a config the form would refuse. Pure module: no DOM, React or tfjs.
 */
import { type RunConfig } from './config';
import { DEFAULT_CONFIG, presetConfig } from './presets';
import {
  configOptions,
  findOption,
  formatOptionValue,
  getOption,
  parseOptionText,
  patchConfigProblems,
} from './options';
import type { Message } from './message';

/** What is wrong with a link; `path` is the option (or the raw key) it concerns. */
export type LinkProblemCode =
  | 'bad-encoding' // a key or value is not valid percent-encoding
  | 'no-value' // a part without `=`
  | 'unknown-key' // a key that names no option
  | 'duplicate-key' // an option given twice
  | 'bad-value' // a value the form's parser cannot read
  | 'invalid'; // the config breaks a rule (a range, a cross-field rule)

export interface LinkProblem {
  code: LinkProblemCode;
  /** The option path, or the raw text of the part for syntax problems. */
  path: string;
  /** The parser's or validator's message, null when the code says it all. */
  detail: Message | null;
}

/** A link's config, no link at all (`config` null), or every problem found in it. */
export type LinkReading = { ok: true; config: RunConfig | null } | { ok: false; problems: LinkProblem[] };

/** Characters left readable in values (lists, schedules): safe in a URL fragment. */
const READABLE: Record<string, string> = { '%2C': ',', '%3A': ':' };

function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%2C|%3A/g, (m) => READABLE[m]!);
}

/** The value of one option as link text: the form's text without spaces (`8,16,32`, `1.0:30,0.9:2`). */
function valueText(path: string, value: unknown): string {
  return formatOptionValue(findOption(path)!, value).replace(/\s+/g, '');
}

/** The URL fragment (without `#`) for `config`; empty for the defaults. */
export function encodeConfig(config: RunConfig): string {
  const base = presetConfig(config.fidelity, DEFAULT_CONFIG.seed);
  const parts: string[] = [];
  for (const option of configOptions()) {
    const text = valueText(option.path, getOption(config, option.path));
    const reference = option.path === 'fidelity' ? DEFAULT_CONFIG : base;
    if (text !== valueText(option.path, getOption(reference, option.path)))
      parts.push(`${encodePart(option.path)}=${encodePart(text)}`);
  }
  return parts.join('&');
}

function decodePart(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `{ a: { b: value } }` merged into `patch` for the path `a.b`. */
function put(patch: Record<string, unknown>, path: string, value: unknown): void {
  const [head, sub] = path.split('.') as [string, string | undefined];
  if (sub === undefined) patch[head] = value;
  else patch[head] = { ...(patch[head] as Record<string, unknown> | undefined), [sub]: value };
}

/**
 * Reads a URL fragment (with or without `#`). Empty: no link. Otherwise the config it describes
 * on top of the defaults, independent of anything else, or every problem found.
 */
export function decodeConfig(hash: string): LinkReading {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.trim() === '') return { ok: true, config: null };
  const problems: LinkProblem[] = [];
  const patch: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      problems.push({ code: 'no-value', path: decodePart(part) ?? part, detail: null });
      continue;
    }
    const key = decodePart(part.slice(0, eq));
    const raw = decodePart(part.slice(eq + 1));
    if (key === undefined || raw === undefined) {
      problems.push({ code: 'bad-encoding', path: part, detail: null });
      continue;
    }
    const option = findOption(key);
    if (!option) {
      problems.push({ code: 'unknown-key', path: key, detail: null });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ code: 'duplicate-key', path: key, detail: null });
      continue;
    }
    seen.add(key);
    const parsed = parseOptionText(option, raw);
    if (!parsed.ok) problems.push({ code: 'bad-value', path: key, detail: parsed.problem });
    else put(patch, key, parsed.value);
  }
  // The fidelity first loads its preset (the defaults the link was written against).
  patch.fidelity ??= DEFAULT_CONFIG.fidelity;
  const result = patchConfigProblems(DEFAULT_CONFIG, patch);
  if (!result.ok) {
    // The rules' verdict on the parts that could be read, for the options not already named.
    const named = new Set(problems.map((p) => p.path));
    for (const e of result.problems)
      if (!named.has(e.path)) problems.push({ code: 'invalid', path: e.path, detail: e.problem });
  }
  if (problems.length > 0 || !result.ok) return { ok: false, problems };
  return { ok: true, config: result.config };
}
