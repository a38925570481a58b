/**
 * Entry point: wires the store, the worker client and the controller, restores a saved run,
 * mounts the app and installs `window.nasPlayground`.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore, applyWorkerEvent } from '../store';
import { SearchWorkerClient } from '../worker/client';
import { App } from './App';
import { createRunController } from './controller';
import { ControllerContext } from './controllerContext';
import { bootRuns, type RunsManager } from './runs';
import { provideRunsManager } from './runsContext';
import { installTestApi } from './testApi';
import { installEtaMemory } from './etaMemory';
import { registerStoredDatasets } from './data/datasetService';
import { chooseRunAtBoot, followConfigInUrl, listenForLinks } from './linkSync';
import { storedTheme } from './theme';
import { storedCompute } from './computeSetting';
import { initI18n } from '../i18n';
import '../charts/charts.css';
import './app.css';

initI18n();

/** The saved runs, once opened by boot(). */
let runsManager: Promise<RunsManager> | null = null;

const client = new SearchWorkerClient({
  onMessage: (msg) => {
    // A one-shot run's epoch-boundary state is kept with the run, for a reload to resume from.
    if (msg.type === 'checkpoint') void runsManager?.then((runs) => runs.saveCheckpoint(msg.checkpoint));
    applyWorkerEvent(msg);
  },
  onRestart: (restarts) => appStore.getState().workerRestarted(restarts),
  getRun: () => {
    const { config, view } = appStore.getState();
    return { config, events: view.events };
  },
  compute: () => appStore.getState().compute,
  // The app is shown only saved events, and a table run waits for its saves (issue #17).
  saveAhead: (unshown) => runsManager?.then((runs) => runs.saveAhead(unshown)) ?? Promise.resolve(),
});
const controller = createRunController(
  appStore,
  client,
  (options) => new SearchWorkerClient({ ...options, compute: () => appStore.getState().compute }),
);
appStore.getState().setTheme(storedTheme());
appStore.getState().setCompute(storedCompute());
installEtaMemory(appStore);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);

/**
 * Opens the link's config or restores the saved run (a valid link wins: README, Links and
 * lessons), starts the worker and keeps saving the run as it grows.
 */
async function boot(): Promise<void> {
  // Imported datasets first: a saved run or a link on one of them validates only once it is known.
  await registerStoredDatasets();
  runsManager = bootRuns(appStore, controller, (saved) => chooseRunAtBoot(appStore, saved));
  const runs = await runsManager;
  provideRunsManager(runs);
  followConfigInUrl(appStore);
  listenForLinks(appStore, controller);
  installTestApi(appStore, controller, () => runs.flushed(), runs);
}

void boot();
