/** Installs the keyboard shortcuts (shortcuts.ts) on the window for as long as the app lives. */
import { useEffect } from 'react';
import { appStore } from '../../store';
import type { RunController } from '../controller';
import { resetRun, stepBack, stepOnce, togglePlay } from './explainActions';
import { shortcutOf } from './shortcuts';

export function useShortcuts(controller: RunController): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = shortcutOf(e);
      if (command === null || e.repeat) return;
      const state = appStore.getState();
      switch (command) {
        case 'toggle':
          togglePlay(appStore, controller);
          break;
        case 'step':
          stepOnce(appStore, controller);
          break;
        case 'back':
          // Outside explain mode the arrow is the page's (no step back from a model trained).
          if (!stepBack(appStore)) return;
          break;
        case 'reset':
          resetRun(appStore, controller);
          break;
        case 'help':
          state.setHelpOpen(!state.helpOpen);
          break;
        case 'close':
          if (!state.helpOpen) return;
          state.setHelpOpen(false);
          break;
      }
      // A focused button would also act on its own space: the shortcut is the one action.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
