/**
 * Keyboard shortcuts of the teacher's controls: space start/pause, right arrow one step, left
 * arrow one explain step back, R reset, ? help, Escape closes help. Keys typed into a field are the field's, never a command.
 */

export type ShortcutCommand = 'toggle' | 'step' | 'back' | 'reset' | 'help' | 'close';

/** What a key press needs to be read (a `KeyboardEvent` is one). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Whether a handler already took the key (e.g. a focused button's own space). */
  defaultPrevented?: boolean;
  target: EventTarget | null;
}

/** The shortcuts as the help panel lists them: key label and the command it runs. */
export const SHORTCUTS: readonly { keys: string; command: ShortcutCommand }[] = [
  { keys: 'Space', command: 'toggle' },
  { keys: '→', command: 'step' },
  { keys: '←', command: 'back' },
  { keys: 'R', command: 'reset' },
  { keys: '?', command: 'help' },
  { keys: 'Esc', command: 'close' },
];

/** True when the key goes into an editable element (input, select, textarea, contenteditable). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object') return false;
  const el = target as { tagName?: unknown; isContentEditable?: unknown };
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

/** The command of a key press, or null (modifier chords and typing are left alone). */
export function shortcutOf(e: KeyPress): ShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return null;
  if (isTypingTarget(e.target)) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return 'toggle';
    case 'ArrowRight':
      return 'step';
    case 'ArrowLeft':
      return 'back';
    case 'r':
    case 'R':
      return 'reset';
    case '?':
      return 'help';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}
