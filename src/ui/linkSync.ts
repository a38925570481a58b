/**
 * The page's URL and the run config: a link opened at boot or pasted later sets the config,
 * and the hash follows the run's config as it changes (history.replaceState, so no history
 * entries pile up). The format is src/nas/shareLink.ts.
 *
 * Precedence at boot: a valid link wins over the run saved in IndexedDB and starts a fresh run
 * with the link's config (the saved run is kept if it has that config). A link that cannot be
 * opened is ignored as a whole: the app opens as without it (the saved run, else the defaults)
 * and says what was wrong.
 */
import { type RunConfig } from '../nas/config';
import { DEFAULT_CONFIG } from '../nas/presets';
import { decodeConfig, encodeConfig, type LinkReading } from '../nas/shareLink';
import type { RunEvent } from '../nas/runlog';
import type { AppStore } from '../store/appState';
import type { RunController } from './controller';

/** What the link in the page's URL asks for (no link: `config` null). */
export function configFromLocation(location: Pick<Location, 'hash'> = window.location): LinkReading {
  return decodeConfig(location.hash);
}

/** A run saved in IndexedDB (src/storage/runStore.ts). */
export interface SavedRun {
  config: RunConfig;
  events: readonly RunEvent[];
}

/**
 * Boot: puts the run the page opens with into the store. A valid link wins and starts a fresh
 * run with its config, unless the saved run has that very config (a reload of the link keeps
 * its progress). Without a link, or with a link that has problems (they are shown), the saved
 * run is restored as usual.
 */
export function chooseRunAtBoot(
  store: AppStore,
  saved: SavedRun | null,
  reading: LinkReading = configFromLocation(),
): SavedRun | null {
  if (!reading.ok) store.getState().showLinkProblems(reading.problems);
  const link = reading.ok ? reading.config : null;
  if (link !== null && (saved === null || encodeConfig(saved.config) !== encodeConfig(link))) {
    return { config: link, events: [] };
  }
  return saved;
}

/** `chooseRunAtBoot`, loaded into the store. */
export function openRunAtBoot(
  store: AppStore,
  saved: SavedRun | null,
  reading: LinkReading = configFromLocation(),
): void {
  const run = chooseRunAtBoot(store, saved, reading);
  if (run !== null) store.getState().loadRun(run.config, run.events);
}

/** The address of this page with `config` in its hash. */
export function linkFor(config: RunConfig, location: Location = window.location): string {
  const hash = encodeConfig(config);
  return `${location.origin}${location.pathname}${location.search}${hash === '' ? '' : `#${hash}`}`;
}

/** Keeps the URL's hash on the run's config from now on; returns the unsubscribe function. */
export function followConfigInUrl(store: AppStore): () => void {
  const write = (config: RunConfig) => {
    const url = linkFor(config);
    if (url !== window.location.href) window.history.replaceState(window.history.state, '', url);
  };
  write(store.getState().config);
  return store.subscribe((state, previous) => {
    if (state.config !== previous.config) write(state.config);
  });
}

/**
 * A link pasted into the address bar of the open app changes only the hash: apply it as at
 * boot (a fresh run with its config), or show its problems and change nothing.
 */
export function listenForLinks(store: AppStore, controller: RunController): () => void {
  const onHashChange = () => {
    const reading = configFromLocation();
    if (!reading.ok) {
      store.getState().showLinkProblems(reading.problems);
      // The address goes back to the run's config, which has not changed.
      window.history.replaceState(window.history.state, '', linkFor(store.getState().config));
      return;
    }
    const config = reading.config ?? DEFAULT_CONFIG;
    store.getState().dismissLinkProblems();
    if (encodeConfig(config) === encodeConfig(store.getState().config)) return;
    controller.configure(config).catch((err: unknown) => console.warn(err));
  };
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
