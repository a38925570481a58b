/**
 * Messages of the search core as data: a `code` (a key of the `messages` namespace,
 * `src/i18n/locales/<lang>/messages.json`, or `<namespace>:<key>` for another namespace) and
 * its `params`. The UI renders them in its language with i18next (`src/ui/messageText.ts`); the
 * core, the worker, Node tests and the test API write them in English with `formatMessage`,
 * from the very English templates the UI uses. Pure module: no DOM, React or i18next.
 */
import enMessages from '../i18n/locales/en/messages.json' with { type: 'json' };
import enOptions from '../i18n/locales/en/options.json' with { type: 'json' };

/** A parameter: data shown as it is (a field name, an index, a number), or a message to translate. */
export type MessageParam = string | number | Message;

/** A message to show the user, in any language. */
export interface Message {
  /** Key in the `messages` namespace, or `<namespace>:<key>` (an option's label: `options:seed.label`). */
  code: string;
  params?: Readonly<Record<string, MessageParam>>;
}

/** The dotted key paths of a nested string table, as a type. */
export type KeyPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeyPaths<T[K]>}`;
}[keyof T & string];

/** Every code of the `messages` namespace. */
export type MessageCode = KeyPaths<typeof enMessages>;

/** A message of the `messages` namespace (the code is checked against the English file). */
export function message(code: MessageCode, params?: Record<string, MessageParam>): Message {
  return params === undefined ? { code } : { code, params };
}

/**
 * `message` for the codes a strategy or space brings in its own strings (`locales/en.json`'s
 * `messages`, merged into the `messages` namespace when it registers), checked against them.
 */
export function messagesOf<T>(
  _english: T,
): (code: KeyPaths<T>, params?: Record<string, MessageParam>) => Message {
  return (code, params) => (params === undefined ? { code } : { code, params });
}

/** The label of the option at `path` (`metaqnn.alpha`), as the form shows it. */
export function optionLabel(path: string): Message {
  return { code: `options:${path}.label` };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).code === 'string';
}

/** `namespace` and `key` of a code; a bare code belongs to `messages`. */
export function splitCode(code: string): { namespace: string; key: string } {
  const colon = code.indexOf(':');
  return colon < 0
    ? { namespace: 'messages', key: code }
    : { namespace: code.slice(0, colon), key: code.slice(colon + 1) };
}

/** The English strings the core formats with: two namespaces, and what modules add to any. */
const ENGLISH: Record<string, unknown> = { messages: enMessages, options: enOptions };

/** Deep-merges `extra` into `base`, returning a new table (strings of `extra` win). */
export function mergeStrings(base: unknown, extra: unknown): unknown {
  if (typeof base !== 'object' || base === null || typeof extra !== 'object' || extra === null) return extra;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra)) merged[key] = mergeStrings(merged[key], value);
  return merged;
}

/**
 * Adds the English strings a strategy or space brings (`{ <namespace>: { ... } }`), so that the
 * core's English formatter finds its codes (the UI merges the same bundles into i18next).
 */
export function addEnglishStrings(bundle: Readonly<Record<string, unknown>>): void {
  for (const [namespace, table] of Object.entries(bundle))
    ENGLISH[namespace] = mergeStrings(ENGLISH[namespace] ?? {}, table);
}

function lookup(table: unknown, key: string): string | undefined {
  const value = key
    .split('.')
    .reduce<unknown>((t, k) => (t as Record<string, unknown> | undefined)?.[k], table);
  return typeof value === 'string' ? value : undefined;
}

/** `{{name}}` or `{{name, format}}`, as i18next writes placeholders. */
export const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;

/** Formats applied to a placeholder's text; the UI registers the same ones with i18next. */
export const FORMATS: Readonly<Record<string, (text: string) => string>> = {
  lowercase: (text) => text.toLowerCase(),
};

/** Fills `{{name}}` placeholders of a template with already formatted parameters. */
export function interpolate(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string, format?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return format !== undefined && FORMATS[format] ? FORMATS[format](value) : value;
  });
}

/** The English text of a message (nested messages included). An unknown code shows as itself. */
export function formatMessage(m: Message): string {
  const { namespace, key } = splitCode(m.code);
  const template = lookup(ENGLISH[namespace], key) ?? m.code;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.params ?? {}))
    params[name] = isMessage(value) ? formatMessage(value) : String(value);
  return interpolate(template, params);
}

/**
 * The code of the innermost problem: a message that wraps another (`runlog.at`: "where: problem")
 * names it in its `problem` parameter. What the test API reports as `errorCode`.
 */
export function leafCode(m: Message): string {
  const inner = m.params?.problem;
  return isMessage(inner) ? leafCode(inner) : m.code;
}
