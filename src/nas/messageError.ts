/**
 * An error that carries a message of the search core (src/nas/message.ts): thrown across code
 * that speaks in exceptions, it keeps the code and params, so the UI can show it in its language,
 * while `Error.message` is its English text. Pure module: no DOM, React or i18next.
 */
import { formatMessage, isMessage, message, type Message, type MessageCode } from './message';

export class MessageError extends Error {
  constructor(readonly problem: Message) {
    super(formatMessage(problem));
    this.name = 'MessageError';
  }
}

/** The text an exception brings with it (a tfjs or browser error's own words: data). */
export function exceptionText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * What went wrong, as a message: the problem a `MessageError` carries, or the exception's own
 * text inside `wrap` (a message with a `{{reason}}` placeholder, e.g. "Training failed: {{reason}}").
 */
export function problemOf(err: unknown, wrap: MessageCode): Message {
  if (err instanceof MessageError) return err.problem;
  if (isMessage(err)) return err;
  return message(wrap, { reason: exceptionText(err) });
}
