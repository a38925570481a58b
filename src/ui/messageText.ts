/**
 * Renders the search core's messages (src/nas/message.ts) in the UI's language: the code is a key
 * of the `messages` namespace (or `<namespace>:<key>`), and parameters that are messages
 * themselves (an option's label, the reason inside "events[i]: …") are translated first.
 */
import { useCallback } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isMessage, splitCode, type Message } from '../nas/message';

/** `message` in the language of `t`. */
export function translateMessage(t: TFunction, message: Message): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {}))
    params[name] = isMessage(value) ? translateMessage(t, value) : value;
  const { namespace, key } = splitCode(message.code);
  return t(`${namespace}:${key}`, params);
}

/** A function that writes a message (or text the UI already wrote) in the current language. */
export function useMessageText(): (message: Message | string) => string {
  const { t } = useTranslation('messages');
  return useCallback(
    (message) => (typeof message === 'string' ? message : translateMessage(t, message)),
    [t],
  );
}
