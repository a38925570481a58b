/**
 * The colour theme: the choice (system, light, dark) is always resolved to an explicit
 * `<html data-theme="light|dark">`, so the stylesheets define dark colours once, under
 * `:root[data-theme='dark']`. index.html applies the stored choice before the first paint.
 */
import type { ThemeChoice } from '../store/uiSlice';

const STORAGE_KEY = 'nas-playground.theme';

const darkQuery = (): MediaQueryList | null =>
  typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/**
 * Applies and remembers a theme choice. For `system` it follows the OS scheme as it changes;
 * the returned function stops following it (a React effect cleanup).
 */
export function applyTheme(theme: ThemeChoice): () => void {
  const root = document.documentElement;
  const query = darkQuery();
  const resolve = (): void =>
    root.setAttribute('data-theme', theme === 'system' ? (query?.matches ? 'dark' : 'light') : theme);
  resolve();
  if (theme === 'system') query?.addEventListener('change', resolve);
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage may be disabled (private mode): the choice then lasts for this visit only.
  }
  return () => query?.removeEventListener('change', resolve);
}

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** The next choice of the header's toggle: system → light → dark → system. */
export function nextTheme(theme: ThemeChoice): ThemeChoice {
  return theme === 'system' ? 'light' : theme === 'light' ? 'dark' : 'system';
}
