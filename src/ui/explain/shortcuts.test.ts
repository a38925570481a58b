import { describe, expect, it } from 'vitest';
import { SHORTCUTS, isTypingTarget, shortcutOf, type KeyPress } from './shortcuts';

const body = { tagName: 'BODY', isContentEditable: false } as unknown as EventTarget;
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: body,
  ...more,
});

describe('shortcutOf', () => {
  it('maps space, right and left arrows, R, ? and Escape to their commands', () => {
    expect(shortcutOf(press(' '))).toBe('toggle');
    expect(shortcutOf(press('ArrowRight'))).toBe('step');
    expect(shortcutOf(press('ArrowLeft'))).toBe('back');
    expect(shortcutOf(press('r'))).toBe('reset');
    expect(shortcutOf(press('R'))).toBe('reset');
    expect(shortcutOf(press('?'))).toBe('help');
    expect(shortcutOf(press('Escape'))).toBe('close');
  });

  it('ignores other keys and chords with Ctrl, Meta or Alt (Ctrl+R reloads the page)', () => {
    expect(shortcutOf(press('ArrowUp'))).toBeNull();
    expect(shortcutOf(press('x'))).toBeNull();
    expect(shortcutOf(press('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press('r', { metaKey: true }))).toBeNull();
    expect(shortcutOf(press(' ', { altKey: true }))).toBeNull();
    expect(shortcutOf(press(' ', { defaultPrevented: true }))).toBeNull();
  });

  it('leaves keys typed into inputs, selects, text areas and editable text alone', () => {
    for (const tagName of ['INPUT', 'input', 'TEXTAREA', 'SELECT']) {
      const target = { tagName } as unknown as EventTarget;
      expect(isTypingTarget(target)).toBe(true);
      expect(shortcutOf(press('r', { target }))).toBeNull();
      expect(shortcutOf(press(' ', { target }))).toBeNull();
      expect(shortcutOf(press('ArrowRight', { target }))).toBeNull();
      expect(shortcutOf(press('ArrowLeft', { target }))).toBeNull();
    }
    const editable = { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget;
    expect(shortcutOf(press('R', { target: editable }))).toBeNull();
    // A focused button is not a field: space there is the shortcut.
    const button = { tagName: 'BUTTON', isContentEditable: false } as unknown as EventTarget;
    expect(shortcutOf(press(' ', { target: button }))).toBe('toggle');
    expect(shortcutOf(press('R', { target: null }))).toBe('reset');
  });

  it('lists every command in the help once', () => {
    const commands = SHORTCUTS.map((s) => s.command);
    expect(new Set(commands).size).toBe(commands.length);
    expect(commands.sort()).toEqual(['back', 'close', 'help', 'reset', 'step', 'toggle']);
  });
});
